//! Step 4 components in a real browser.

mod support;

use leptos::mount::mount_to;
use leptos::prelude::*;
use mdm_prereqs::backend::LocalStorageBackend;
use mdm_prereqs::Shell;
use std::rc::Rc;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn open_portal(key: &str) -> web_sys::HtmlElement {
    set_hash("#/portal");
    let root = container();
    let backend = LocalStorageBackend::new(key);
    let handle = mount_to(
        root.clone(),
        move || view! { <Shell backend=Rc::new(backend.clone()) /> },
    );
    // The page lives as long as the test's page does.
    std::mem::forget(handle);
    element(&root, "#portal-form").await;
    root
}

#[wasm_bindgen_test]
async fn company_name_shows_counter_and_error_while_typing() {
    let key = unique_key("portal-counter");
    let root = open_portal(&key).await;
    let input = element(&root, "#company-name").await;
    let counter = element(&root, "#company-name-counter").await;
    let error = element(&root, "#company-name-error").await;
    assert_eq!(
        text(&element(&root, "label[for=company-name]").await),
        "Company name"
    );
    assert_eq!(text(&counter), "0/40");

    type_into(&input, &"é".repeat(41));
    wait_for("over limit", || (text(&counter) == "41/40").then_some(())).await;
    let message = wait_for("error", || Some(text(&error)).filter(|t| !t.is_empty())).await;
    assert_eq!(message, "41 characters: the limit is 40.");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let save = element(&root, "#save-portal").await;
    assert!(
        save.has_attribute("disabled"),
        "save is disabled while invalid"
    );

    type_into(&input, "Contoso & Co");
    let message = wait_for("charset error", || {
        Some(text(&error)).filter(|t| t.contains('&'))
    })
    .await;
    assert!(
        message.contains("letters, digits and spaces only"),
        "{message}"
    );

    type_into(&input, "Müller Bau 2");
    wait_for("valid", || text(&error).is_empty().then_some(())).await;
    wait_for("save enabled", || {
        (!save.has_attribute("disabled")).then_some(())
    })
    .await;
    assert_eq!(
        storage().get_item(&key).unwrap(),
        None,
        "nothing saved before Save"
    );
    click(&save);
    let stored = wait_for("saved", || storage().get_item(&key).unwrap()).await;
    assert!(stored.contains("Müller Bau 2"), "{stored}");
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn logo_picker_judges_files_by_their_bytes() {
    let key = unique_key("portal-logo");
    let root = open_portal(&key).await;
    click(&element(&root, "#include-logo").await);
    let input = element(&root, "#logo-on-white").await;
    let error = element(&root, "#logo-on-white-error").await;

    // A GIF renamed .png.
    pick_file(
        &input,
        "logo.png",
        b"GIF89a\x10\x00\x10\x00\x80\x00\x00\xff\xff\xff",
    );
    let message = wait_for("gif refused", || {
        Some(text(&error)).filter(|t| t.contains("GIF"))
    })
    .await;
    assert_eq!(
        message,
        "logo.png was not used. The file is not a PNG or JPEG image (its contents look like a GIF image)."
    );

    // A PNG one pixel too wide.
    pick_file(&input, "wide.png", &png(401, 100));
    let message = wait_for("size refused", || {
        Some(text(&error)).filter(|t| t.contains("401"))
    })
    .await;
    assert_eq!(
        message,
        "wide.png was not used. 401 × 100 px: the limit is 400 × 100."
    );
    assert!(
        query(&root, ".logo-picker img").is_none(),
        "no logo was taken"
    );

    // At the limit it is taken, with a thumbnail.
    pick_file(&input, "ok.png", &png(400, 100));
    let thumb = element(&root, ".logo-picker img").await;
    assert!(thumb
        .get_attribute("src")
        .unwrap_or_default()
        .starts_with("data:image/png;base64,"));
    wait_for("error cleared", || text(&error).is_empty().then_some(())).await;
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn contrast_warning_follows_the_theme_color() {
    let key = unique_key("portal-contrast");
    let root = open_portal(&key).await;
    let warning = element(&root, "#contrast-warning").await;
    assert_eq!(text(&warning), "", "the default color passes");
    type_into(&element(&root, "#theme-color").await, "#ffb900");
    let message = wait_for("warning", || Some(text(&warning)).filter(|t| !t.is_empty())).await;
    assert!(
        message.contains("#FFB900") && message.contains("4.5:1"),
        "{message}"
    );
    type_into(&element(&root, "#theme-color").await, "#0B5CAD");
    wait_for("warning gone", || text(&warning).is_empty().then_some(())).await;
    storage().remove_item(&key).unwrap();
}
