//! The recovery flow's checklist in a real browser.

mod support;

use domain::{encode, Command, MdmAuthority, ResetScenario, Setup, Timestamp};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn prepared(commands: Vec<Command>) -> String {
    let mut setup = Setup::new();
    for command in commands {
        setup = setup.apply(command, Timestamp(0)).expect("valid command");
    }
    encode(&setup)
}

#[wasm_bindgen_test]
async fn not_applicable_is_offered_only_where_the_guide_allows_it() {
    let key = unique_key("recovery-checklist");
    storage()
        .set_item(
            &key,
            &prepared(vec![
                Command::SetAuthority {
                    authority: MdmAuthority::Office365,
                    confirmed: true,
                },
                Command::CheckVersions {
                    configuration_manager: "1606".into(),
                    intune: "1705".into(),
                },
                Command::ChooseResetScenario {
                    scenario: ResetScenario::Office365ToConfigurationManager,
                    coexistence: false,
                },
            ]),
        )
        .unwrap();
    let root = mount_app(&key, "#/recovery");
    element(&root, "#reset-checklist").await;

    let na = |item: &str| {
        query(
            &root,
            &format!("[data-item={item}] [data-role=not-applicable]"),
        )
    };
    assert!(na("o365-selective-wipe").is_some());
    assert!(na("o365-delete-policies").is_some());
    for item in [
        "o365-open-center",
        "o365-device-management",
        "o365-device-policies",
    ] {
        assert!(na(item).is_none(), "{item} must not offer N/A");
    }
    let note = element(&root, "[data-item=o365-apns-note]").await;
    assert!(
        note.query_selector("input").unwrap().is_none(),
        "a note has no tick box"
    );
    assert!(text(&note).contains("can't be deleted"));

    let progress = element(&root, "#reset-progress").await;
    assert_eq!(text(&progress), "0 of 5 done");
    click(&element(&root, "#item-o365-selective-wipe-na").await);
    wait_for("n/a counted", || {
        (text(&progress) == "1 of 5 done").then_some(())
    })
    .await;
    let stored = storage().get_item(&key).unwrap().unwrap();
    assert!(
        stored.contains("\"o365-selective-wipe\":\"not_applicable\""),
        "{stored}"
    );
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn unsaved_request_details_hold_back_marking_the_request_sent() {
    use domain::recovery::{checklist, ItemState};

    let key = unique_key("recovery-unsaved-details");
    let mut commands = vec![
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
        Command::CheckVersions {
            configuration_manager: "1606".into(),
            intune: "1705".into(),
        },
        Command::ChooseResetScenario {
            scenario: ResetScenario::IntuneToConfigurationManager,
            coexistence: false,
        },
    ];
    for entry in checklist(ResetScenario::IntuneToConfigurationManager, false) {
        if !entry.info_only {
            commands.push(Command::SetResetItem {
                key: entry.key.into(),
                state: Some(ItemState::Done),
            });
        }
    }
    commands.push(Command::SetResetDetails {
        tenant_id: "contoso.onmicrosoft.com".into(),
        example_users: vec![],
        description: String::new(),
        other_target: None,
    });
    storage().set_item(&key, &prepared(commands)).unwrap();
    let root = mount_app(&key, "#/recovery");
    click(&element(&root, "#produce-request").await);
    let sent: web_sys::HtmlButtonElement =
        wasm_bindgen::JsCast::unchecked_into(element(&root, "#mark-sent").await);
    assert!(!sent.disabled());
    assert!(query(&root, "#request-details-unsaved").is_none());

    // Edited, not saved: the request is not theirs yet.
    type_into(
        &element(&root, "#tenant-id").await,
        "fabrikam.onmicrosoft.com",
    );
    element(&root, "#request-details-unsaved").await;
    wait_for("held back", || sent.disabled().then_some(())).await;
    assert!(text(&element(&root, "#request-text").await).contains("contoso.onmicrosoft.com"));

    // Saved: the request shows them and can be marked sent.
    click(&element(&root, "#reset-details button[type=submit]").await);
    wait_for("request updated", || {
        text(&element_now(&root, "#request-text"))
            .contains("fabrikam.onmicrosoft.com")
            .then_some(())
    })
    .await;
    wait_for("enabled", || (!sent.disabled()).then_some(())).await;
    assert!(query(&root, "#request-details-unsaved").is_none());
    storage().remove_item(&key).unwrap();
}
