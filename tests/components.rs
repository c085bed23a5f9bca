//! Components mounted in a real browser.

mod support;

use domain::StepId;
use leptos::mount::mount_to;
use leptos::prelude::*;
use mdm_prereqs::route::{step_href, Route};
use mdm_prereqs::widgets::{
    Badge, Card, CheckboxField, ConfirmDialog, Latest, SelectField, TextArea, TextField,
};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn typing_an_invalid_domain_shows_the_error_and_saves_nothing() {
    let key = unique_key("component-domain");
    let root = mount_app(&key, "#/connections");

    let input = element(&root, "#domain-name").await;
    let error = element(&root, "#domain-name-error").await;
    assert_eq!(text(&error), "", "no error before typing");
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );

    type_into(&input, "contoso_corp.com");
    let message = wait_for("error text", || {
        Some(text(&error)).filter(|t| !t.is_empty())
    })
    .await;
    assert!(
        message.contains("“_”"),
        "names the bad character: {message}"
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = input.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described_by.split(' ').any(|id| id == "domain-name-error"),
        "{described_by}"
    );

    // Submitting the invalid value saves nothing.
    click(&element(&root, "#add-domain button[type=submit]").await);
    sleep_ms(50).await;
    assert_eq!(storage().get_item(&key).unwrap(), None);

    // Fixing it clears the error; submitting adds the domain.
    type_into(&input, "Contoso.com");
    wait_for("error cleared", || text(&error).is_empty().then_some(())).await;
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    click(&element(&root, "#add-domain button[type=submit]").await);
    let row = element(&root, "li[data-domain='contoso.com']").await;
    assert!(text(&row).contains("MS=ms"), "TXT record shown");
    let stored = storage().get_item(&key).unwrap().expect("saved");
    assert!(stored.contains("\"contoso.com\""));

    // A duplicate, in another case, is refused while typing.
    type_into(&input, "CONTOSO.COM");
    let message = wait_for("duplicate error", || {
        Some(text(&error)).filter(|t| !t.is_empty())
    })
    .await;
    assert!(message.contains("already in the list"), "{message}");
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_field_counter_groups_thousands_as_the_messages_do() {
    let root = container();
    let value = RwSignal::new("x".repeat(1234));
    let _view = mount_to(root.clone(), move || {
        view! { <TextField id="long-probe" label="Notes" value max=10_000 /> }
    });
    let counter = element(&root, "#long-probe-counter").await;
    assert_eq!(text(&counter), "1,234/10,000");
}

#[wasm_bindgen_test]
async fn text_field_counts_trimmed_characters_and_flags_overflow() {
    let root = container();
    let value = RwSignal::new(String::new());
    let _view = mount_to(root.clone(), move || {
        view! {
            <TextField id="probe" label="Company name" value max=5 error=Signal::derive(|| None::<String>) />
        }
    });
    let counter = element(&root, "#probe-counter").await;
    let label = element(&root, "label[for=probe]").await;
    assert_eq!(text(&label), "Company name");
    assert_eq!(text(&counter), "0/5");
    type_into(&element(&root, "#probe").await, "  ab😀c  ");
    wait_for("counter", || (text(&counter) == "4/5").then_some(())).await;
    assert!(!counter.class_list().contains("over"));
    type_into(&element(&root, "#probe").await, "abcdef");
    wait_for("over", || {
        counter.class_list().contains("over").then_some(())
    })
    .await;
    assert_eq!(text(&counter), "6/5");
    assert_eq!(
        value.get_untracked(),
        "abcdef",
        "the value is kept, not cut off"
    );
}

/// Every labelled control says `aria-invalid` while its error shows and is
/// described by its help and its error, as `TextField` is.
#[wasm_bindgen_test]
async fn field_siblings_share_the_label_help_and_error_contract() {
    let root = container();
    let lines = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let ticked = RwSignal::new(false);
    let lines_error = Signal::derive(move || {
        lines
            .with(|l| l.contains('!'))
            .then(|| "No “!” here.".to_string())
    });
    let _view = mount_to(root.clone(), move || {
        view! {
            <Card heading_id="probe-card-heading" title="Probe card" id="probe-card">
                <Badge kind="done" text="Done" attr:data-role="probe-badge" />
                <TextArea id="probe-lines" label="Lines" value=lines error=lines_error help="One per line." described_by="probe-extra" />
                <SelectField id="probe-select" label="Country" value=country>
                    <option value="">"None"</option>
                    <option value="GB">"United Kingdom"</option>
                </SelectField>
                <CheckboxField id="probe-tick" label="Tick me" checked=ticked on_change=Callback::new(move |on| ticked.set(on)) switch=true />
            </Card>
        }
    });
    let card = element(&root, "#probe-card").await;
    assert_eq!(card.tag_name(), "SECTION");
    assert_eq!(
        card.get_attribute("aria-labelledby").as_deref(),
        Some("probe-card-heading")
    );
    assert_eq!(
        text(&element(&root, "h2#probe-card-heading").await),
        "Probe card"
    );
    let badge = element(&root, "[data-role=probe-badge]").await;
    assert_eq!(
        badge.get_attribute("class").as_deref(),
        Some("badge badge-done")
    );

    let area = element(&root, "textarea#probe-lines").await;
    assert_eq!(
        text(&element(&root, "label[for=probe-lines]").await),
        "Lines"
    );
    assert_eq!(
        area.get_attribute("aria-describedby").as_deref(),
        Some("probe-lines-help probe-lines-error probe-extra")
    );
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("false"));
    type_into(&area, "a\nb!");
    let error = element(&root, "#probe-lines-error").await;
    wait_for("error", || (text(&error) == "No “!” here.").then_some(())).await;
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(lines.get_untracked(), "a\nb!");

    let select = element(&root, "select#probe-select").await;
    assert_eq!(
        select.get_attribute("aria-describedby").as_deref(),
        Some("probe-select-error")
    );
    assert_eq!(
        select.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert!(query(&root, "label[for=probe-select]").is_some());

    let tick = element(&root, "input#probe-tick").await;
    assert_eq!(tick.get_attribute("role").as_deref(), Some("switch"));
    assert!(
        query(&root, "#probe-tick + label[for=probe-tick]").is_some(),
        "label after the box"
    );
    click(&tick);
    wait_for("ticked", || ticked.get_untracked().then_some(())).await;
}

#[wasm_bindgen_test]
async fn dialog_opened_again_before_the_close_event_stays_open() {
    let root = container();
    let open = RwSignal::new(false);
    let _view = mount_to(root.clone(), move || {
        view! {
            <ConfirmDialog
                id="probe-dialog"
                open
                title="Probe"
                confirm_label="Go"
                on_confirm=Callback::new(|_: bool| {})
            >
                <p>"Body"</p>
            </ConfirmDialog>
        }
    });
    let dialog: web_sys::HtmlDialogElement = element(&root, "#probe-dialog")
        .await
        .dyn_into()
        .expect("a <dialog>");
    open.set(true);
    wait_for("opened", || dialog.open().then_some(())).await;

    // Escape closes the dialog at once but fires `close` a task later; a
    // quick Enter on the opener sets `open` again before that event.
    dialog.close();
    open.set(true);
    sleep_ms(50).await;
    assert!(
        dialog.open(),
        "the late close event closed the reopened dialog"
    );
    assert!(open.get_untracked());

    // A close with nothing in between still clears `open`.
    dialog.close();
    wait_for("closed", || (!open.get_untracked()).then_some(())).await;
    assert!(!dialog.open());
}

#[wasm_bindgen_test]
async fn unreadable_data_shows_the_recovery_screen_and_is_kept() {
    let key = unique_key("component-corrupt");
    storage().set_item(&key, "definitely not json").unwrap();
    let root = mount_app(&key, "#/connections");
    let reason = element(&root, "#unreadable-reason").await;
    assert!(
        text(&reason).contains("not valid JSON"),
        "{}",
        text(&reason)
    );
    assert!(query(&root, "#download-unreadable").is_some());
    assert!(
        query(&root, "#domain-name").is_none(),
        "the app does not open over it"
    );
    assert_eq!(
        storage().get_item(&key).unwrap().as_deref(),
        Some("definitely not json")
    );
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn banner_links_to_step_two_until_the_authority_is_set() {
    let key = unique_key("component-banner");
    let root = mount_app(&key, "#/portal");
    let banner = element(&root, "#authority-banner").await;
    let link = query(&banner, "a").expect("link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("#/authority"));
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
fn hash_routes_parse_and_round_trip() {
    assert_eq!(Route::parse(""), Route::Overview);
    assert_eq!(Route::parse("#/"), Route::Overview);
    assert_eq!(Route::parse("#/portal"), Route::Step(StepId::Portal));
    assert_eq!(
        Route::parse("#/next-steps?x=1"),
        Route::Step(StepId::NextSteps)
    );
    assert_eq!(Route::parse("#/recovery"), Route::Recovery);
    assert_eq!(Route::parse("#/unknown"), Route::Overview);
    for step in StepId::ALL {
        assert_eq!(Route::parse(&step_href(step)), Route::Step(step));
    }
}

#[wasm_bindgen_test]
fn only_the_newest_job_is_current_and_none_once_its_page_is_gone() {
    let owner = Owner::new();
    let latest = owner.with(Latest::new);
    let first = latest.ticket();
    let second = latest.ticket();
    assert!(!latest.is_current(first), "a newer job started");
    assert!(latest.is_current(second));
    // The page that started it was left: a late answer is dropped, and
    // asking must not panic.
    owner.cleanup();
    drop(owner);
    assert!(!latest.is_current(second));
}
