//! The localStorage backend in a real browser.

mod support;

use domain::{Command, MdmAuthority, Setup, SCHEMA_VERSION};
use mdm_prereqs::backend::{Backend, BackendError, LocalStorageBackend};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn add(name: &str) -> Command {
    Command::AddDomain { name: name.into() }
}

#[wasm_bindgen_test]
async fn round_trip_through_local_storage() {
    let key = unique_key("round-trip");
    let backend = LocalStorageBackend::new(&key);
    let empty = backend.load().await.expect("load empty");
    assert_eq!(empty, Setup::new());
    assert_eq!(
        storage().get_item(&key).unwrap(),
        None,
        "loading writes nothing"
    );

    let saved = backend.apply(add("contoso.com"), 0).await.expect("apply");
    let saved = backend
        .apply(
            Command::SetAuthority {
                authority: MdmAuthority::Intune,
                confirmed: true,
            },
            saved.revision,
        )
        .await
        .expect("apply");
    assert_eq!(saved.revision, 2);

    // A second backend (another tab, or after a reload) reads the same document.
    let reopened = LocalStorageBackend::new(&key).load().await.expect("reload");
    assert_eq!(reopened, saved);
    assert_eq!(reopened.connections.domains[0].name.as_str(), "contoso.com");
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn refused_command_writes_nothing() {
    let key = unique_key("refused");
    let backend = LocalStorageBackend::new(&key);
    let saved = backend.apply(add("contoso.com"), 0).await.expect("apply");
    let before = storage().get_item(&key).unwrap();
    let err = backend
        .apply(add("CONTOSO.com"), saved.revision)
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::Rejected(_)), "{err:?}");
    assert!(err.to_string().contains("already in the list"));
    assert_eq!(storage().get_item(&key).unwrap(), before);
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn stale_revision_is_a_conflict_and_changes_nothing() {
    let key = unique_key("conflict");
    let tab_a = LocalStorageBackend::new(&key);
    let tab_b = LocalStorageBackend::new(&key);
    tab_a.apply(add("contoso.com"), 0).await.expect("tab a");
    // Tab B still believes the document is at revision 0.
    let err = tab_b.apply(add("fabrikam.com"), 0).await.unwrap_err();
    match err {
        BackendError::Conflict { current } => {
            assert_eq!(current.revision, 1);
            assert_eq!(current.connections.domains.len(), 1);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = tab_a.load().await.unwrap();
    assert_eq!(
        stored.connections.domains.len(),
        1,
        "tab B's change was not applied"
    );
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn corrupt_data_is_preserved_and_reported() {
    let key = unique_key("corrupt");
    let raw = "{\"schema_version\":1,\"revision\":3,\"connections\":{\"domains\":[oops";
    storage().set_item(&key, raw).unwrap();
    let backend = LocalStorageBackend::new(&key);

    match backend.load().await.unwrap_err() {
        BackendError::Unreadable { raw: kept, reason } => {
            assert_eq!(kept, raw);
            assert!(reason.contains("not valid JSON"), "{reason}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
    // A command cannot overwrite it either.
    let err = backend.apply(add("contoso.com"), 3).await.unwrap_err();
    assert!(matches!(err, BackendError::Unreadable { .. }), "{err:?}");
    assert_eq!(storage().get_item(&key).unwrap().as_deref(), Some(raw));

    // Starting fresh keeps the unreadable data under a backup key.
    let fresh = backend.start_fresh().await.expect("start fresh");
    assert_eq!(fresh, Setup::new());
    assert_eq!(storage().get_item(&key).unwrap(), None);
    let backups: Vec<String> = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.starts_with(&format!("{key}.unreadable.")))
        .collect();
    assert_eq!(backups.len(), 1, "one backup kept");
    assert_eq!(
        storage().get_item(&backups[0]).unwrap().as_deref(),
        Some(raw)
    );
    storage().remove_item(&backups[0]).unwrap();
}

#[wasm_bindgen_test]
async fn newer_schema_is_preserved_and_reported() {
    let key = unique_key("newer");
    let raw = format!(
        "{{\"schema_version\":{},\"revision\":9,\"future\":true}}",
        SCHEMA_VERSION + 1
    );
    storage().set_item(&key, &raw).unwrap();
    let backend = LocalStorageBackend::new(&key);
    match backend.load().await.unwrap_err() {
        BackendError::Unreadable { raw: kept, reason } => {
            assert_eq!(kept, raw);
            assert!(reason.contains("newer version"), "{reason}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
    assert_eq!(storage().get_item(&key).unwrap(), Some(raw));
    storage().remove_item(&key).unwrap();
}

/// Fills localStorage until one more character does not fit; returns the
/// filler keys so the test can free them.
fn fill_storage(prefix: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut chunk = 1 << 20; // characters
    while chunk >= 1 {
        let key = format!("{prefix}.{}", keys.len());
        if storage().set_item(&key, &"x".repeat(chunk)).is_ok() {
            keys.push(key);
        } else {
            chunk /= 2;
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn full_storage_keeps_the_last_good_state() {
    let key = unique_key("quota");
    let backend = LocalStorageBackend::new(&key);
    let saved = backend.apply(add("contoso.com"), 0).await.expect("apply");
    let before = storage().get_item(&key).unwrap();

    let fillers = fill_storage(&format!("{key}.filler"));
    let result = backend
        .apply(
            add("a-rather-long-domain-name-to-need-more-room.example.com"),
            saved.revision,
        )
        .await;
    for filler in &fillers {
        storage().remove_item(filler).unwrap();
    }

    let err = result.unwrap_err();
    assert_eq!(err, BackendError::StorageFull);
    assert!(err.to_string().contains("storage is full"));
    assert_eq!(
        storage().get_item(&key).unwrap(),
        before,
        "last good state kept"
    );
    storage().remove_item(&key).unwrap();
}
