//! Steps 3 and 5 components in a real browser: the license toggle and the
//! member picker.

mod support;

use leptos::mount::mount_to;
use leptos::prelude::*;
use mdm_prereqs::widgets::MemberPicker;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn license_toggle_assigns_and_explains_a_missing_usage_location() {
    let key = unique_key("licenses");
    let root = mount_app(&key, "#/licenses");
    element(&root, "#user-table").await;

    // The sample directory: Adele has a usage location, Lee has none.
    let adele = "tr[data-upn='adelev@contoso.onmicrosoft.com'] [data-role=license]";
    let lee = "tr[data-upn='leeg@contoso.onmicrosoft.com'] [data-role=license]";
    assert_eq!(
        element(&root, adele)
            .await
            .get_attribute("aria-checked")
            .as_deref(),
        Some("false")
    );
    click(&element(&root, adele).await);
    wait_for("licensed", || {
        query(&root, adele).filter(|e| e.get_attribute("aria-checked").as_deref() == Some("true"))
    })
    .await;
    wait_for("seat count", || {
        (text(&element_now(&root, "#seat-usage")).contains("1 / 25")).then_some(())
    })
    .await;

    click(&element(&root, lee).await);
    let error = element(&root, "#directory-error").await;
    let message = wait_for("refusal", || Some(text(&error)).filter(|t| !t.is_empty())).await;
    assert_eq!(message, "Nothing was changed. This user needs a usage location before they can have a license: Lee Gu.");
    assert_eq!(
        query(&root, lee)
            .unwrap()
            .get_attribute("aria-checked")
            .as_deref(),
        Some("false")
    );

    // Toggling again removes the license.
    click(&element(&root, adele).await);
    wait_for("unlicensed", || {
        query(&root, adele).filter(|e| e.get_attribute("aria-checked").as_deref() == Some("false"))
    })
    .await;
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn member_picker_searches_as_you_type_and_ticks_members() {
    let root = container();
    let users = domain::Setup::new().directory.users;
    let selected = RwSignal::new(Vec::new());
    let _view = mount_to(root.clone(), move || {
        view! { <MemberPicker id="probe" users=Signal::stored(users.clone()) selected /> }
    });
    let results = element(&root, "#probe-results").await;
    assert_eq!(
        results.query_selector_all("input").unwrap().length(),
        5,
        "all sample users listed"
    );

    type_into(&element(&root, "#probe-search").await, "MEG");
    wait_for("one match", || {
        (results.query_selector_all("input").unwrap().length() == 1).then_some(())
    })
    .await;
    assert!(text(&results).contains("Megan Bowen"));

    // By user name too.
    type_into(&element(&root, "#probe-search").await, "alexw@");
    wait_for("alex", || {
        text(&results).contains("Alex Wilber").then_some(())
    })
    .await;
    click(&element(&root, "#probe-results input").await);
    wait_for("selected", || {
        (selected.with_untracked(Vec::len) == 1).then_some(())
    })
    .await;
    let count = element(&root, ".member-count").await;
    wait_for("count", || (text(&count) == "1 selected").then_some(())).await;
    assert!(text(&element(&root, ".chips").await).contains("Alex Wilber"));

    type_into(&element(&root, "#probe-search").await, "nobody");
    wait_for("no match", || {
        text(&results).contains("No users match").then_some(())
    })
    .await;
    // Taking the member out through its chip.
    click(&element(&root, ".chip button").await);
    wait_for("deselected", || {
        selected.with_untracked(Vec::is_empty).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn editing_only_the_user_name_updates_the_row_and_a_cancelled_edit_is_not_kept() {
    let key = unique_key("edit-upn");
    let root = mount_app(&key, "#/licenses");
    let old = "tr[data-upn='adelev@contoso.onmicrosoft.com']";
    let row = element(&root, old).await;
    let id = row.id().trim_start_matches("user-").to_string();
    let dialog = format!("#edit-user-{id}");

    click(&element(&root, &format!("{old} [data-role=edit]")).await);
    type_into(
        &element(&root, &format!("#edit-upn-{id}")).await,
        "adele@contoso.onmicrosoft.com",
    );
    click(&element(&root, &format!("{dialog} .dialog-actions .button.primary")).await);
    let new = "tr[data-upn='adele@contoso.onmicrosoft.com']";
    let row = element(&root, new).await;
    assert_eq!(
        text(&element_now(&row, "[data-role=upn]")),
        "adele@contoso.onmicrosoft.com"
    );
    assert!(query(&root, old).is_none(), "the old user name is gone");

    // Typed into the dialog, then cancelled: reopening shows the saved name.
    click(&element(&root, &format!("{new} [data-role=edit]")).await);
    let name: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(element(&root, &format!("#edit-name-{id}")).await);
    type_into(&name, "Not kept");
    click(
        &element(
            &root,
            &format!("{dialog} .dialog-actions .button:not(.primary)"),
        )
        .await,
    );
    sleep_ms(50).await;
    click(&element(&root, &format!("{new} [data-role=edit]")).await);
    let name: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(element(&root, &format!("#edit-name-{id}")).await);
    wait_for("saved name", || {
        (name.value() == "Adele Vance").then_some(())
    })
    .await;
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn the_edit_dialog_checks_its_fields_as_you_type() {
    let key = unique_key("edit-live");
    let root = mount_app(&key, "#/licenses");
    let row = "tr[data-upn='adelev@contoso.onmicrosoft.com']";
    let id = element(&root, row)
        .await
        .id()
        .trim_start_matches("user-")
        .to_string();
    click(&element(&root, &format!("{row} [data-role=edit]")).await);
    for (field, bad) in [("upn", "adele@unknown.example"), ("name", "")] {
        let input = element(&root, &format!("#edit-{field}-{id}")).await;
        let error = element(&root, &format!("#edit-{field}-{id}-error")).await;
        type_into(&input, bad);
        let shown = wait_for("the field's message", || {
            Some(text(&error)).filter(|t| !t.is_empty())
        })
        .await;
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{field}: {shown}"
        );
        let described_by = input.get_attribute("aria-describedby").unwrap_or_default();
        assert!(
            described_by.contains(&format!("edit-{field}-{id}-error")),
            "{described_by}"
        );
    }
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_count_saved_elsewhere_replaces_the_purchased_field_only_if_untouched() {
    use domain::Command;
    use mdm_prereqs::backend::{Backend, LocalStorageBackend};

    let key = unique_key("purchased-elsewhere");
    let root = mount_app(&key, "#/licenses");
    let field: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(element(&root, "#purchased-licenses").await);
    let saved = field.value();
    let other = LocalStorageBackend::new(&key);

    // Untouched: another tab's count shows.
    let setup = other
        .apply(Command::SetPurchasedLicenses { count: 30 }, 0)
        .await
        .expect("their count");
    storage_event(&key);
    wait_for("their count", || (field.value() == "30").then_some(())).await;
    assert_ne!(saved, "30");

    // Being edited: what is typed stays.
    type_into(&field, "40");
    other
        .apply(Command::SetPurchasedLicenses { count: 35 }, setup.revision)
        .await
        .expect("their second count");
    storage_event(&key);
    wait_for("seat usage", || {
        text(&element_now(&root, "#seat-usage"))
            .contains("/ 35")
            .then_some(())
    })
    .await;
    assert_eq!(field.value(), "40", "the typed count was replaced");
    storage().remove_item(&key).unwrap();
}
