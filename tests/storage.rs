//! The localStorage backend in a real browser.

mod support;

use domain::dns_check::{CnameCheck, TxtCheck};
use domain::{Command, DomainName, MdmAuthority, Setup, SCHEMA_VERSION};
use mdm_prereqs::backend::{
    Backend, BackendError, BoxFuture, LocalStorageBackend, Looked, Lookups,
};
use std::cell::Cell;
use std::rc::Rc;
use support::*;
use wasm_bindgen::JsCast;
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

/// The localStorage backend behind a slow link that can go down: each
/// change takes a moment, as it does over a network.
struct SlowLink {
    inner: LocalStorageBackend,
    down: Rc<Cell<bool>>,
}

impl Backend for SlowLink {
    fn label(&self) -> String {
        "Slow link".into()
    }
    /// Read at once, delivered a moment later (a GET answered before a
    /// change lands, but arriving after it).
    fn load(&self) -> BoxFuture<Result<Setup, BackendError>> {
        let read = self.inner.load();
        Box::pin(async move {
            let result = read.await;
            sleep_ms(80).await;
            result
        })
    }
    fn apply(
        &self,
        command: Command,
        expected_revision: u64,
    ) -> BoxFuture<Result<Setup, BackendError>> {
        let inner = self.inner.clone();
        let down = self.down.get();
        Box::pin(async move {
            sleep_ms(40).await;
            if down {
                return Err(BackendError::unavailable("the link is down"));
            }
            inner.apply(command, expected_revision).await
        })
    }
    fn start_fresh(&self) -> BoxFuture<Result<Setup, BackendError>> {
        self.inner.start_fresh()
    }
    fn watch(&self, changed: Rc<dyn Fn()>) -> leptos::prelude::WindowListenerHandle {
        self.inner.watch(changed)
    }
    fn lookups(&self) -> Lookups {
        self.inner.lookups()
    }
    fn verify_domain(
        &self,
        name: DomainName,
        revision: u64,
    ) -> BoxFuture<Result<Looked<TxtCheck>, BackendError>> {
        self.inner.verify_domain(name, revision)
    }
    fn check_cnames(
        &self,
        domain: DomainName,
        revision: u64,
    ) -> BoxFuture<Result<Looked<CnameCheck>, BackendError>> {
        self.inner.check_cnames(domain, revision)
    }
}

/// Mounts step 1 over a [`SlowLink`] on `key`; the returned switch takes the
/// link down (`true`) or up.
fn mount_slow(key: &str, down: bool) -> (web_sys::HtmlElement, Rc<Cell<bool>>) {
    let down = Rc::new(Cell::new(down));
    let backend = SlowLink {
        inner: LocalStorageBackend::new(key),
        down: down.clone(),
    };
    (mount_backend(Rc::new(backend), "#/connections"), down)
}

async fn add_in_form(root: &web_sys::HtmlElement, name: &str) {
    type_into(&element(root, "#domain-name").await, name);
    click(&element(root, "#add-domain button[type=submit]").await);
}

#[wasm_bindgen_test]
async fn quick_changes_are_sent_one_after_another_and_none_is_refused() {
    unmount_all();
    let key = unique_key("queue-quick");
    let (root, _) = mount_slow(&key, false);
    // The second is submitted while the first is still on its way.
    add_in_form(&root, "first.com").await;
    add_in_form(&root, "second.com").await;
    assert!(leaving_is_held_back(), "changes on their way: leaving asks");
    // And a third is being typed when they are saved: it stays.
    type_into(&element(&root, "#domain-name").await, "third.com");
    wait_for("both domains", || {
        query(&root, "li[data-domain='first.com']")?;
        query(&root, "li[data-domain='second.com']")
    })
    .await;
    sleep_ms(100).await;
    let field: web_sys::HtmlInputElement = element(&root, "#domain-name").await.unchecked_into();
    assert_eq!(field.value(), "third.com", "typing kept");
    assert!(!leaving_is_held_back(), "all saved: leaving doesn't ask");
    let status = text(&element(&root, "#save-status").await);
    assert!(!status.contains("not applied"), "{status}");
    let stored = storage().get_item(&key).unwrap().expect("saved");
    let setup = domain::decode(&stored).expect("readable");
    assert_eq!(setup.revision, 2, "both changes applied, in turn");
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn while_a_change_waits_for_retry_later_ones_are_held_back() {
    unmount_all();
    let key = unique_key("queue-unsent");
    let (root, down) = mount_slow(&key, true);
    add_in_form(&root, "kept.com").await;
    let banner = element(&root, "#unsent-banner").await;
    assert!(text(&banner).contains("not saved yet"), "{}", text(&banner));

    // Another change is refused rather than replacing the kept one.
    add_in_form(&root, "other.com").await;
    let failure = element(&root, "#add-domain .form-error").await;
    wait_for("held back", || {
        (text(&failure) == mdm_prereqs::state::UNSENT_FIRST).then_some(())
    })
    .await;

    assert!(leaving_is_held_back(), "closing the tab asks first");

    // Back up: Retry sends the kept change (not the refused one); pressing
    // it twice sends it once.
    down.set(false);
    click(&element(&root, "#retry-unsent").await);
    click(&element(&root, "#retry-unsent").await);
    wait_for("kept change saved", || {
        query(&root, "li[data-domain='kept.com']")
    })
    .await;
    wait_for("banner gone", || {
        query(&root, "#unsent-banner").is_none().then_some(())
    })
    .await;
    assert!(query(&root, "li[data-domain='other.com']").is_none());
    sleep_ms(150).await;
    let status = text(&element(&root, "#save-status").await);
    assert!(!status.contains("already"), "sent twice: {status}");
    assert!(!leaving_is_held_back(), "nothing left to lose");
    add_in_form(&root, "other.com").await;
    wait_for("then the other", || {
        query(&root, "li[data-domain='other.com']")
    })
    .await;
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn the_form_hears_when_its_kept_change_is_finally_sent_or_discarded() {
    unmount_all();
    let key = unique_key("queue-kept-outcome");
    let (root, down) = mount_slow(&key, true);
    add_in_form(&root, "kept.com").await;
    let failure = element(&root, "#add-domain .form-error").await;
    wait_for("unreachable", || {
        text(&failure)
            .contains("not possible right now")
            .then_some(())
    })
    .await;

    // Sent by Retry: the form's message ends and its field is emptied, as
    // for any saved change (it used to say "already in the list").
    down.set(false);
    click(&element(&root, "#retry-unsent").await);
    wait_for("kept change saved", || {
        query(&root, "li[data-domain='kept.com']")
    })
    .await;
    wait_for("message gone", || text(&failure).is_empty().then_some(())).await;
    let field: web_sys::HtmlInputElement = element(&root, "#domain-name").await.unchecked_into();
    assert_eq!(field.value(), "", "the saved name left the field");
    let field_error = element(&root, "#domain-name-error").await;
    assert_eq!(text(&field_error), "", "no error on the field");

    // Discarded: the form says so, and keeps what was typed.
    down.set(true);
    add_in_form(&root, "dropped.com").await;
    element(&root, "#unsent-banner").await;
    click(&element(&root, "#discard-unsent").await);
    wait_for("discarded", || {
        (text(&failure) == mdm_prereqs::state::DISCARDED).then_some(())
    })
    .await;
    assert_eq!(field.value(), "dropped.com");
    assert!(query(&root, "li[data-domain='dropped.com']").is_none());
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn after_a_conflict_the_changes_queued_behind_it_are_not_sent() {
    let key = unique_key("queue-conflict");
    let (root, _) = mount_slow(&key, false);
    element(&root, "#domain-name").await;
    // Someone else saves first.
    LocalStorageBackend::new(&key)
        .apply(add("theirs.com"), 0)
        .await
        .expect("their change");
    add_in_form(&root, "mine.com").await;
    add_in_form(&root, "queued.com").await;
    wait_for("their version shown", || {
        query(&root, "li[data-domain='theirs.com']")
    })
    .await;
    let failure = element(&root, "#add-domain .form-error").await;
    wait_for("queued change not sent", || {
        (text(&failure) == mdm_prereqs::state::NOT_SENT_AFTER_CONFLICT).then_some(())
    })
    .await;
    let stored =
        domain::decode(&storage().get_item(&key).unwrap().expect("saved")).expect("readable");
    assert_eq!(stored.revision, 1, "only their change is stored");
    assert!(query(&root, "li[data-domain='mine.com']").is_none());
    assert!(query(&root, "li[data-domain='queued.com']").is_none());
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_re_read_never_overtakes_a_change_and_keeps_the_page() {
    let key = unique_key("queue-reload");
    let (root, _) = mount_slow(&key, false);
    element(&root, "#domain-name").await;
    // A half-typed name: a re-read must not rebuild the page over it.
    add_in_form(&root, "mine.com").await;
    // Another tab writes meanwhile (nothing this page shows changes).
    storage_event(&key);
    type_into(&element(&root, "#domain-name").await, "half-typed");
    wait_for("mine.com saved", || {
        query(&root, "li[data-domain='mine.com']")
    })
    .await;
    // The re-read is answered after the change: mine.com stays.
    sleep_ms(300).await;
    assert!(
        query(&root, "li[data-domain='mine.com']").is_some(),
        "an older document replaced the newer one"
    );
    let field: web_sys::HtmlInputElement = element(&root, "#domain-name").await.unchecked_into();
    assert_eq!(field.value(), "half-typed", "the page was rebuilt");
    storage().remove_item(&key).unwrap();
}
