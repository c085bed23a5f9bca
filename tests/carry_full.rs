//! Taking the setup along from a server tenant to this browser when the
//! browser's storage is full: nothing is copied, neither side changes and
//! the backend in use stays. Alone in its suite: the browser suites run
//! their tests side by side, and a full storage would fail the others.

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

/// This browser (under `key`) holds a setup with the domain mine.com.
async fn browser_with_mine(key: &str) -> Setup {
    LocalStorageBackend::new(key)
        .apply(add("mine.com"), 0)
        .await
        .expect("local setup")
}

async fn target_says(root: &web_sys::Element, what: &str) {
    let holds = element(root, "#target-holds").await;
    wait_for(what, || text(&holds).contains(what).then_some(())).await;
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

/// Fills this origin's storage until not one more character fits;
/// answers the keys written.
fn fill_storage(prefix: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut size = 1 << 20;
    while size >= 1 {
        let key = format!("{prefix}.{}", keys.len());
        if storage().set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 2;
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn a_copy_to_a_full_browser_storage_changes_neither_side_nor_the_backend() {
    // In use: a server tenant; this browser already holds a setup.
    let key = unique_key("carry-full");
    let here_before = browser_with_mine(&key).await;
    let tenant = fresh_tenant("carry-full");
    // Larger than this browser's: the copy needs more room than is left.
    let server = tenant_backend(&tenant);
    let mut source = Setup::new();
    for n in 0..5 {
        source = server
            .apply(add(&format!("server-{n}.com")), source.revision)
            .await
            .expect("server setup");
    }
    let (root, chosen) = mount_switching(
        Rc::new(tenant_backend(&tenant)),
        BackendChoice::Server(server_settings(&tenant)),
        &key,
        "#/settings",
    );
    click(&element(&root, "#backend-browser").await);
    target_says(&root, "This browser already holds a setup, at revision 1").await;
    click(&element(&root, "#carry-take").await);
    let filler = fill_storage(&unique_key("filler"));
    click(&element(&root, "#use-backend").await);
    wait_for("the confirmation", || dialog_open(&root).then_some(())).await;
    click(&dialog_button(&root, true));
    let error = element(&root, "#carry-error").await;
    let said = wait_for("the failure", || {
        let t = text(&error);
        t.contains("Nothing was copied").then_some(t)
    })
    .await;
    for key in &filler {
        storage().remove_item(key).unwrap();
    }
    assert!(said.contains("storage is full"), "{said}");
    assert!(said.contains("You are still using Server"), "{said}");
    assert!(query(&root, "#carry-retry").is_some());
    assert!(chosen.get().is_empty(), "not switched");
    assert_eq!(
        LocalStorageBackend::new(&key).load().await.expect("local"),
        here_before
    );
    assert_eq!(tenant_backend(&tenant).load().await.expect("read"), source);
    storage().remove_item(&key).unwrap();
}
