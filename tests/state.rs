//! The app state in a real browser: typed outcomes of a dispatch, and the
//! one draft mechanism every form uses for unsaved edits.

mod support;

use domain::{Applied, Command, DomainError, MdmAuthority};
use leptos::mount::mount_to;
use leptos::prelude::*;
use mdm_prereqs::backend::{Backend, BackendError, LocalStorageBackend};
use mdm_prereqs::state::{AppState, Draft, Outcome, Rejection};
use std::cell::RefCell;
use std::rc::Rc;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a bare app state over localStorage `key` (no pages) and runs
/// `inside` in it; returns the state and the mount handle.
fn mount_state<T: 'static>(
    key: &str,
    inside: impl FnOnce() -> T + 'static,
) -> (AppState, T, Box<dyn std::any::Any>) {
    let out: Rc<RefCell<Option<(AppState, T)>>> = Rc::new(RefCell::new(None));
    let slot = out.clone();
    let key = key.to_string();
    let handle = mount_to(container(), move || {
        let state = AppState::new(
            Rc::new(LocalStorageBackend::new(&key)),
            domain::Setup::new(),
        );
        state.provide();
        *slot.borrow_mut() = Some((state, inside()));
        view! { <p>"state"</p> }
    });
    let (state, value) = out.borrow_mut().take().expect("mounted");
    (state, value, Box::new(handle))
}

async fn dispatch(state: AppState, command: Command) -> Outcome {
    let answer: Rc<RefCell<Option<Outcome>>> = Rc::new(RefCell::new(None));
    let slot = answer.clone();
    state.dispatch(command, move |outcome| *slot.borrow_mut() = Some(outcome));
    wait_for("the outcome", || answer.borrow_mut().take()).await
}

#[wasm_bindgen_test]
async fn a_refusal_is_the_domains_typed_error_and_reaches_no_backend() {
    let key = unique_key("state-refused");
    let (state, (), _app) = mount_state(&key, || ());
    let outcome = dispatch(
        state,
        Command::AddDomain {
            name: "bad_name.com".into(),
        },
    )
    .await;
    let rejection = outcome.expect_err("refused");
    assert!(
        matches!(rejection.domain(), Some(DomainError::DomainName(_))),
        "{rejection:?}"
    );
    assert!(matches!(
        rejection,
        Rejection::Backend(BackendError::Rejected(_))
    ));
    assert_eq!(storage().get_item(&key).unwrap(), None, "nothing written");
}

#[wasm_bindgen_test]
async fn an_import_reports_how_many_devices_the_domain_added() {
    let key = unique_key("state-import");
    let (state, (), _app) = mount_state(&key, || ());
    let set = Command::SetAuthority {
        authority: MdmAuthority::Intune,
        confirmed: true,
    };
    assert_eq!(dispatch(state, set).await, Ok(Applied::Done));
    let import = |text: &str| Command::ImportDevices {
        text: text.into(),
        skip_invalid: true,
    };
    let added = |outcome: Outcome| match outcome {
        Ok(Applied::DevicesImported { added, .. }) => added,
        other => panic!("expected an import, got {other:?}"),
    };
    assert_eq!(added(dispatch(state, import("SER001\nSER002\n")).await), 2);
    // One already in the list, one new and one invalid line skipped.
    assert_eq!(
        added(dispatch(state, import("SER002\nSER003\n???\n")).await),
        1
    );
}

#[wasm_bindgen_test]
async fn a_draft_follows_the_saved_value_until_it_is_edited() {
    let key = unique_key("state-draft");
    let (state, draft, _app) = mount_state(&key, || {
        Draft::<RwSignal<String>>::new(|s| s.directory.purchased_licenses.to_string())
    });
    let other = LocalStorageBackend::new(&key);
    let elsewhere = |count: i64, revision: u64| {
        let other = other.clone();
        async move {
            other
                .apply(Command::SetPurchasedLicenses { count }, revision)
                .await
                .expect("saved elsewhere")
        }
    };
    let reread = || async {
        let done = Rc::new(RefCell::new(false));
        let flag = done.clone();
        state.refresh(move |_| *flag.borrow_mut() = true);
        wait_for("the re-read", || done.borrow().then_some(())).await;
        sleep_ms(20).await;
    };
    let start = draft.form.get_untracked();

    // Untouched: a value saved elsewhere replaces it.
    elsewhere(30, 0).await;
    reread().await;
    assert_eq!(draft.form.get_untracked(), "30", "was {start}");
    assert!(!draft.dirty().get_untracked());
    assert!(!untrack(|| draft.changed_elsewhere()));

    // Edited: kept, dirty, and told it changed elsewhere.
    draft.form.set("40".into());
    assert!(draft.dirty().get_untracked());
    assert!(state.unsaved_work(), "the leave-page guard sees the edit");
    elsewhere(35, 1).await;
    reread().await;
    assert_eq!(draft.form.get_untracked(), "40");
    assert!(untrack(|| draft.changed_elsewhere()));

    // Revert: the saved value, nothing unsaved.
    draft.revert();
    assert_eq!(draft.form.get_untracked(), "35");
    assert!(!draft.dirty().get_untracked());
    assert!(!untrack(|| draft.changed_elsewhere()));
    assert!(!state.unsaved_work());

    // Saved here: the form shows the value as the document holds it...
    draft.form.set("0042".into());
    let sent = draft.form.get_untracked();
    let outcome = dispatch(state, Command::SetPurchasedLicenses { count: 42 }).await;
    assert_eq!(outcome, Ok(Applied::Done));
    draft.saved_here(&sent);
    assert_eq!(draft.form.get_untracked(), "42");
    assert!(!draft.dirty().get_untracked());

    // ...unless it was edited again while the save was on its way.
    draft.form.set("50".into());
    let outcome = dispatch(state, Command::SetPurchasedLicenses { count: 50 }).await;
    assert_eq!(outcome, Ok(Applied::Done));
    draft.form.set("55".into());
    draft.saved_here(&"50".to_string());
    assert_eq!(draft.form.get_untracked(), "55");
}

#[wasm_bindgen_test]
async fn a_kept_draft_outlives_its_page_and_a_page_draft_leaves_with_it() {
    let key = unique_key("state-kept");
    let (state, (), app) = mount_state(&key, || ());
    // A page: its own draft and the kept one.
    let owner = Owner::new();
    let (local, kept) = owner.with(|| {
        provide_context(state);
        let local = Draft::<RwSignal<String>>::new(|s| s.tenant_domain.to_string());
        let kept = Draft::<RwSignal<String>>::kept("test", |s| s.tenant_domain.to_string());
        (local, kept)
    });
    local.form.set("edited.onmicrosoft.com".into());
    assert!(state.unsaved_work());
    kept.form.set("kept.onmicrosoft.com".into());
    local.form.set("edited again.onmicrosoft.com".into());

    // The page goes: its draft no longer counts, the kept one stays.
    owner.cleanup();
    assert!(state.unsaved_work(), "the kept draft is still unsaved");
    let again = Owner::new().with(|| {
        provide_context(state);
        Draft::<RwSignal<String>>::kept("test", |s| s.tenant_domain.to_string())
    });
    assert_eq!(again.form.get_untracked(), "kept.onmicrosoft.com");
    again.revert();
    assert!(!state.unsaved_work());
    drop(app);
}
