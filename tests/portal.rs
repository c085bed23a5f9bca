//! Step 4 components in a real browser.

mod support;

use mdm_prereqs::backend::LocalStorageBackend;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn open_portal(key: &str) -> web_sys::HtmlElement {
    let root = mount_app(key, "#/portal");
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
async fn the_newest_logo_wins_even_when_an_older_file_is_read_last() {
    let key = unique_key("portal-logo-order");
    let root = open_portal(&key).await;
    click(&element(&root, "#include-logo").await);
    let input = element(&root, "#logo-on-white").await;
    let error = element(&root, "#logo-on-white-error").await;

    // A big file (slow to read) picked just before a small good one: the
    // small one is read first, and the big one's refusal must not follow.
    pick_file(&input, "big.png", &padded_png(400, 100, 24 << 20));
    pick_file(&input, "ok.png", &png(400, 100));
    element(&root, ".logo-picker img").await;
    sleep_ms(1500).await;
    assert_eq!(text(&error), "", "the older file's outcome was shown");
    assert!(query(&root, ".logo-picker img").is_some(), "ok.png stays");
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

/// A whole PNG padded after its end chunk to exactly `bytes` long (the
/// maximum is 750 KB).
fn padded_png(width: u32, height: u32, bytes: usize) -> Vec<u8> {
    let mut b = png(width, height);
    b.resize(bytes, 0);
    b
}

#[wasm_bindgen_test]
async fn two_maximum_size_logos_can_be_saved() {
    use domain::image::MAX_LOGO_BYTES;
    use domain::portal::Logo;
    use domain::{Command, CompanyPortal};
    use mdm_prereqs::backend::Backend;

    let key = unique_key("portal-big-logos");
    let backend = LocalStorageBackend::new(&key);
    let portal = CompanyPortal {
        company_name: "Contoso".into(),
        include_logo: true,
        logo_on_white: Some(
            Logo::from_file("a.png", &padded_png(400, 100, MAX_LOGO_BYTES)).unwrap(),
        ),
        logo_on_theme: Some(
            Logo::from_file("b.png", &padded_png(400, 100, MAX_LOGO_BYTES)).unwrap(),
        ),
        ..CompanyPortal::default()
    };
    let saved = backend
        .apply(
            Command::SavePortal {
                portal: Box::new(portal),
            },
            0,
        )
        .await
        .expect("two 750 KB logos fit in this browser's storage");
    let reloaded = LocalStorageBackend::new(&key).load().await.expect("reload");
    assert_eq!(reloaded, saved);
    assert_eq!(
        reloaded.portal.unwrap().logo_on_theme.unwrap().size_bytes,
        MAX_LOGO_BYTES
    );
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn full_storage_on_save_is_explained_and_nothing_changes() {
    let key = unique_key("portal-full");
    let root = open_portal(&key).await;
    type_into(&element(&root, "#company-name").await, "Contoso");
    let save = element(&root, "#save-portal").await;
    wait_for("save enabled", || {
        (!save.has_attribute("disabled")).then_some(())
    })
    .await;

    // Fill this origin's storage, then save.
    let mut fillers = Vec::new();
    let mut chunk = 1 << 20;
    while chunk >= 1 {
        let filler = format!("{key}.filler.{}", fillers.len());
        if storage().set_item(&filler, &"x".repeat(chunk)).is_ok() {
            fillers.push(filler);
        } else {
            chunk /= 2;
        }
    }
    click(&save);
    let status = element(&root, "#save-status").await;
    let message = wait_for("storage full message", || {
        Some(text(&status)).filter(|t| t.contains("storage is full"))
    })
    .await;
    for filler in &fillers {
        storage().remove_item(filler).unwrap();
    }
    assert!(message.contains("last saved setup is kept"), "{message}");
    let form_message = text(&element(&root, "#portal-form .form-error").await);
    assert!(form_message.contains("storage is full"), "{form_message}");
    assert_eq!(
        storage().get_item(&key).unwrap(),
        None,
        "nothing was written"
    );
    // The draft is still in the form, ready to save once there is room.
    click(&save);
    wait_for("saved after freeing space", || {
        storage().get_item(&key).unwrap()
    })
    .await;
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_save_in_another_tab_keeps_the_draft_and_warns_before_it_is_replaced() {
    use domain::{Command, CompanyPortal};
    use mdm_prereqs::backend::Backend;

    let key = unique_key("portal-elsewhere");
    let root = open_portal(&key).await;
    let name: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(element(&root, "#company-name").await);
    type_into(&name, "Draft Co");

    // Another tab adds a domain: the page re-reads, the draft stays.
    let other = LocalStorageBackend::new(&key);
    let setup = other
        .apply(
            Command::AddDomain {
                name: "contoso.com".into(),
            },
            0,
        )
        .await
        .expect("their domain");
    storage_event(&key);
    sleep_ms(200).await;
    assert_eq!(name.value(), "Draft Co", "the draft was lost");
    assert!(query(&root, "#portal-changed-elsewhere").is_none());

    // Another tab saves the Company Portal: still kept, with a warning.
    other
        .apply(
            Command::SavePortal {
                portal: Box::new(CompanyPortal {
                    company_name: "Theirs".into(),
                    ..CompanyPortal::default()
                }),
            },
            setup.revision,
        )
        .await
        .expect("their portal");
    storage_event(&key);
    let warning = element(&root, "#portal-changed-elsewhere").await;
    assert!(
        text(&warning).contains("Saving replaces them"),
        "{}",
        text(&warning)
    );
    assert_eq!(name.value(), "Draft Co");

    // Undo shows theirs, and the warning goes.
    click(&element(&root, "#revert-portal").await);
    wait_for("theirs", || (name.value() == "Theirs").then_some(())).await;
    wait_for("warning gone", || {
        query(&root, "#portal-changed-elsewhere")
            .is_none()
            .then_some(())
    })
    .await;
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn unsaved_edits_survive_a_visit_to_another_step_and_leaving_asks() {
    unmount_all();
    let key = unique_key("portal-draft-kept");
    let root = open_portal(&key).await;
    type_into(&element(&root, "#company-name").await, "Draft Co");
    wait_for("dirty", || leaving_is_held_back().then_some(())).await;

    set_hash("#/connections");
    element(&root, "#domain-name").await;
    assert!(leaving_is_held_back(), "unsaved edits elsewhere in the app");
    set_hash("#/portal");
    let name: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(element(&root, "#company-name").await);
    assert_eq!(name.value(), "Draft Co", "the draft was dropped");
    assert_eq!(
        text(&element(&root, "#portal-save-note").await),
        "You have unsaved changes."
    );

    click(&element(&root, "#revert-portal").await);
    wait_for("undone", || (name.value() != "Draft Co").then_some(())).await;
    assert!(!leaving_is_held_back());
    storage().remove_item(&key).unwrap();
}
