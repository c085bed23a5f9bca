//! Taking the setup along when switching backend in Settings, against the
//! reference server (scripts/test starts it and passes its address at build
//! time): to an empty tenant it is copied at once; a backend that already
//! holds a setup is replaced only after the user confirms; a copy that
//! fails (the target changed meanwhile) changes neither side nor the
//! backend in use. (A full storage is in carry_full.rs: filling it would
//! disturb the tests running beside it.)

mod support;

use domain::backend_settings::BackendChoice;
use domain::{Command, Setup};
use mdm_prereqs::backend::{Backend, HttpBackend, LocalStorageBackend};
use std::rc::Rc;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn tenant_backend(tenant: &str) -> HttpBackend {
    HttpBackend::new(server_settings(tenant))
}

fn add(name: &str) -> Command {
    Command::AddDomain { name: name.into() }
}

/// The document's content, whatever its revision and time of change.
fn content(setup: &Setup) -> Setup {
    let mut setup = setup.clone();
    setup.revision = 0;
    setup.updated_at = None;
    setup
}

fn domains(setup: &Setup) -> Vec<String> {
    setup
        .connections
        .domains
        .iter()
        .map(|d| d.name.as_str().to_owned())
        .collect()
}

/// This browser (under `key`) holds a setup with the domain mine.com.
async fn browser_with_mine(key: &str) -> Setup {
    LocalStorageBackend::new(key)
        .apply(add("mine.com"), 0)
        .await
        .expect("local setup")
}

/// Chooses the server and `tenant` in Settings and tests the connection.
async fn choose_server(root: &web_sys::Element, tenant: &str) {
    click(&element(root, "#backend-server").await);
    let s = server_settings(tenant);
    type_into(&element(root, "#server-url").await, &s.url);
    type_into(&element(root, "#server-tenant").await, &s.tenant);
    type_into(&element(root, "#server-token").await, &s.token);
    click(&element(root, "#test-connection").await);
    let result = element(root, "#connection-result").await;
    wait_for("connected", || {
        text(&result).starts_with("Connected").then_some(())
    })
    .await;
}

async fn target_says(root: &web_sys::Element, what: &str) {
    let holds = element(root, "#target-holds").await;
    wait_for(what, || text(&holds).contains(what).then_some(())).await;
}

fn checked(root: &web_sys::Element, selector: &str) -> bool {
    element_now(root, selector)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked()
}

fn dialog_open(root: &web_sys::Element) -> bool {
    query(root, "#carry-dialog")
        .is_some_and(|d| d.unchecked_into::<web_sys::HtmlDialogElement>().open())
}

/// The dialog's buttons: Cancel, then the confirmation.
fn dialog_button(root: &web_sys::Element, confirm: bool) -> web_sys::Element {
    let buttons = root
        .query_selector_all("#carry-dialog .dialog-actions button")
        .expect("buttons");
    buttons
        .item(u32::from(confirm))
        .expect("dialog button")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_setup_is_taken_along_to_an_empty_server_tenant() {
    let key = unique_key("carry-empty");
    let mine = browser_with_mine(&key).await;
    let tenant = fresh_tenant("carry-empty");
    let (root, chosen) = mount_switching(
        Rc::new(LocalStorageBackend::new(&key)),
        BackendChoice::Browser,
        &key,
        "#/settings",
    );
    choose_server(&root, &tenant).await;
    target_says(
        &root,
        &format!("Tenant {tenant} on the server holds no setup yet."),
    )
    .await;
    assert!(checked(&root, "#carry-take"), "taken along by default");
    click(&element(&root, "#use-backend").await);
    wait_for("the switch", || (!chosen.get().is_empty()).then_some(())).await;
    assert_eq!(
        chosen.get(),
        [BackendChoice::Server(server_settings(&tenant))]
    );
    assert!(!dialog_open(&root), "an empty tenant is not asked about");

    let there = tenant_backend(&tenant).load().await.expect("read back");
    assert_eq!(content(&there), content(&mine), "the same setup");
    assert_eq!(there.revision, 1, "one import");
    let here = LocalStorageBackend::new(&key).load().await.expect("local");
    assert_eq!(here, mine, "the browser's setup is only read");
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_tenant_holding_a_setup_is_replaced_only_after_confirming() {
    let key = unique_key("carry-replace");
    let mine = browser_with_mine(&key).await;
    let tenant = fresh_tenant("carry-replace");
    let theirs = tenant_backend(&tenant)
        .apply(add("theirs.com"), 0)
        .await
        .expect("their setup");
    let (root, chosen) = mount_switching(
        Rc::new(LocalStorageBackend::new(&key)),
        BackendChoice::Browser,
        &key,
        "#/settings",
    );
    choose_server(&root, &tenant).await;
    target_says(&root, "already holds a setup, at revision 1").await;
    assert!(checked(&root, "#carry-leave"), "kept by default");
    click(&element(&root, "#carry-take").await);
    click(&element(&root, "#use-backend").await);
    wait_for("the confirmation", || dialog_open(&root).then_some(())).await;
    let replaced = text(&element_now(&root, "#carry-replaced"));
    assert!(replaced.contains("at revision 1"), "{replaced}");
    assert!(replaced.contains("1 domain,"), "{replaced}");

    // Cancelled: nothing is copied, the backend is not switched.
    click(&dialog_button(&root, false));
    wait_for("closed", || (!dialog_open(&root)).then_some(())).await;
    sleep_ms(100).await;
    assert!(chosen.get().is_empty());
    let there = tenant_backend(&tenant).load().await.expect("read");
    assert_eq!(there, theirs, "unchanged until confirmed");

    // Confirmed: replaced, then switched.
    click(&element(&root, "#use-backend").await);
    wait_for("the confirmation again", || {
        dialog_open(&root).then_some(())
    })
    .await;
    click(&dialog_button(&root, true));
    wait_for("the switch", || (!chosen.get().is_empty()).then_some(())).await;
    assert_eq!(
        chosen.get(),
        [BackendChoice::Server(server_settings(&tenant))]
    );
    let there = tenant_backend(&tenant).load().await.expect("read");
    assert_eq!(domains(&there), ["mine.com"]);
    assert_eq!(content(&there), content(&mine));
    assert_eq!(there.revision, 2);
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_copy_refused_as_stale_changes_neither_side_nor_the_backend() {
    let key = unique_key("carry-stale");
    let mine = browser_with_mine(&key).await;
    let tenant = fresh_tenant("carry-stale");
    let (root, chosen) = mount_switching(
        Rc::new(LocalStorageBackend::new(&key)),
        BackendChoice::Browser,
        &key,
        "#/settings",
    );
    choose_server(&root, &tenant).await;
    target_says(&root, "holds no setup yet").await;
    // Someone else starts the tenant after it was read.
    let theirs = tenant_backend(&tenant)
        .apply(add("theirs.com"), 0)
        .await
        .expect("their write");
    click(&element(&root, "#use-backend").await);
    let error = element(&root, "#carry-error").await;
    wait_for("the failure", || {
        text(&error).contains("Nothing was copied").then_some(())
    })
    .await;
    assert!(
        text(&error).contains("You are still using This browser"),
        "{}",
        text(&error)
    );
    assert!(chosen.get().is_empty(), "not switched");
    assert_eq!(tenant_backend(&tenant).load().await.expect("read"), theirs);
    assert_eq!(
        LocalStorageBackend::new(&key).load().await.expect("local"),
        mine
    );
    // What the tenant holds now is shown; Retry asks before replacing it.
    target_says(&root, "already holds a setup, at revision 1").await;
    click(&element(&root, "#carry-retry").await);
    wait_for("the confirmation", || dialog_open(&root).then_some(())).await;
    click(&dialog_button(&root, false));
    storage().remove_item(&key).unwrap();
}
