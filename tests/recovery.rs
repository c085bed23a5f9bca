//! The recovery flow's checklist in a real browser.

mod support;

use domain::recovery::{checklist, ItemState};
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

/// With Intune set and versions that need support: the Intune → Configuration
/// Manager checklist done and the request details filled in.
fn intune_to_cm_request_ready() -> Vec<Command> {
    let mut commands = vec![
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
    commands
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
    let key = unique_key("recovery-unsaved-details");
    let mut commands = vec![Command::SetAuthority {
        authority: MdmAuthority::Intune,
        confirmed: true,
    }];
    commands.extend(intune_to_cm_request_ready());
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

#[wasm_bindgen_test]
async fn example_users_say_which_line_is_not_a_user_name_as_you_type() {
    let key = unique_key("recovery-example-users");
    storage()
        .set_item(
            &key,
            &prepared(vec![
                Command::SetAuthority {
                    authority: MdmAuthority::ConfigurationManager,
                    confirmed: true,
                },
                Command::CheckVersions {
                    configuration_manager: "1606".into(),
                    intune: "1705".into(),
                },
                Command::ChooseResetScenario {
                    scenario: ResetScenario::ConfigurationManagerToIntune,
                    coexistence: false,
                },
            ]),
        )
        .unwrap();
    let root = mount_app(&key, "#/recovery");
    let area = element(&root, "textarea#example-users").await;
    let error = element(&root, "#example-users-error").await;
    assert_eq!(text(&error), "");
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("false"));
    let described_by = area.get_attribute("aria-describedby").unwrap_or_default();
    for id in ["example-users-help", "example-users-error"] {
        assert!(
            described_by.split(' ').any(|d| d == id),
            "{id} in {described_by}"
        );
    }
    assert!(query(&root, "#example-users-help").is_some());

    // Blank lines are skipped; the first bad line is the one named.
    type_into(&area, "megan@contoso.com\n\nnot a user\nalso wrong");
    let message = wait_for("example user error", || {
        Some(text(&error)).filter(|t| !t.is_empty())
    })
    .await;
    assert!(message.contains("“not a user”"), "{message}");
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));

    type_into(&area, "megan@contoso.com\n\nalex@contoso.com\n");
    wait_for("error cleared", || text(&error).is_empty().then_some(())).await;
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("false"));
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn the_saved_other_target_is_the_chosen_option() {
    let key = unique_key("recovery-other-target");
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
                    scenario: ResetScenario::Other,
                    coexistence: false,
                },
                Command::SetResetDetails {
                    tenant_id: "contoso.onmicrosoft.com".into(),
                    example_users: vec![],
                    description: "Move to Intune".into(),
                    other_target: Some(MdmAuthority::Intune),
                },
            ]),
        )
        .unwrap();
    let root = mount_app(&key, "#/recovery");
    let select = element(&root, "select#other-target").await;
    let value = |select: &web_sys::Element| {
        js_sys::Reflect::get(select, &"value".into())
            .ok()
            .and_then(|v| v.as_string())
    };
    wait_for("saved target chosen", || {
        (value(&select).as_deref() == Some("intune")).then_some(())
    })
    .await;
    assert!(query(&root, "label[for=other-target]").is_some());

    // Another choice is saved as that authority.
    js_sys::Reflect::set(&select, &"value".into(), &"configuration_manager".into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&change).unwrap();
    click(&element(&root, "#reset-details button[type=submit]").await);
    wait_for("saved", || {
        let saved = domain::decode(&storage().get_item(&key).unwrap()?).ok()?;
        (saved.recovery.other_target == Some(MdmAuthority::ConfigurationManager)).then_some(())
    })
    .await;
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_refused_scenario_is_not_left_ticked() {
    use wasm_bindgen::JsCast;
    use web_sys::HtmlInputElement;

    let key = unique_key("recovery-scenario-refused");
    storage()
        .set_item(
            &key,
            &prepared(vec![
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
            ]),
        )
        .unwrap();
    let root = mount_app(&key, "#/recovery");
    let chosen: HtmlInputElement = element(&root, "#scenario-intune-to-cm")
        .await
        .unchecked_into();
    let refused: HtmlInputElement = element(&root, "#scenario-cm-to-intune")
        .await
        .unchecked_into();
    wait_for("the saved scenario ticked", || {
        chosen.checked().then_some(())
    })
    .await;
    element(&root, "[data-item=intune-retire-devices]").await;

    // Configuration Manager → Intune starts from another authority: refused.
    click(&refused);
    let message = wait_for("the refusal", || {
        Some(text(&element_now(&root, "#support-reset .form-error"))).filter(|t| !t.is_empty())
    })
    .await;
    assert!(message.contains("starts from"), "{message}");
    wait_for("the saved scenario ticked again", || {
        (chosen.checked() && !refused.checked()).then_some(())
    })
    .await;
    // And it stays so: nothing puts the refused choice back.
    sleep_ms(100).await;
    assert!(chosen.checked(), "the saved scenario is ticked");
    assert!(!refused.checked(), "the refused scenario is not ticked");
    assert!(query(&root, "[data-item=intune-retire-devices]").is_some());
    assert!(query(&root, "[data-item=cm-retire-devices]").is_none());
    let saved = domain::decode(&storage().get_item(&key).unwrap().unwrap()).unwrap();
    assert_eq!(
        saved.recovery.scenario,
        Some(ResetScenario::IntuneToConfigurationManager)
    );
    storage().remove_item(&key).unwrap();
}

/// Something on every step page: a verified and an unverified domain, the
/// authority, a group, the sample users, a device; then the support reset
/// requested, so it is pending.
fn pending_reset_setup() -> String {
    use domain::{GroupKind, VerificationMethod};

    let mut commands = vec![
        Command::AddDomain {
            name: "contoso.com".into(),
        },
        Command::VerifyDomain {
            name: "contoso.com".into(),
            method: VerificationMethod::AdminConfirmed,
        },
        Command::AddDomain {
            name: "fabrikam.com".into(),
        },
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
        Command::CreateGroup {
            kind: GroupKind::User,
            name: "Sales".into(),
            description: String::new(),
            users: vec![],
            devices: vec![],
        },
        Command::ImportDevices {
            text: "C02XK1ABCDEF,Laptop".into(),
            skip_invalid: false,
        },
    ];
    commands.extend(intune_to_cm_request_ready());
    commands.push(Command::MarkResetRequested);
    prepared(commands)
}

/// Controls that only read, copy, filter, sort, export or print: usable
/// while the reset is pending (each one present must be enabled).
const STILL_USABLE: &[&str] = &[
    "button[aria-label^='Copy ']",
    "#user-filter",
    "#group-filter",
    "#group-members-search",
    "#sort-by-name",
    "#export-json",
    "#download-markdown",
    "#print-summary",
    "#download-csr",
    "dialog [data-role=cancel]",
];

/// Not changes either, but disabled here for their own reasons (nothing to
/// undo, a single page of devices).
const MAY_BE_ENABLED: &[&str] = &[
    "#revert-portal",
    "[data-role=page-previous]",
    "[data-role=page-next]",
];

fn describe(el: &web_sys::Element) -> String {
    let attr = |name: &str| el.get_attribute(name).unwrap_or_default();
    format!(
        "<{} id={:?} aria-label={:?}> {:?}",
        el.tag_name().to_lowercase(),
        attr("id"),
        attr("aria-label"),
        text(el).trim()
    )
}

fn matches_any(el: &web_sys::Element, selectors: &[&str]) -> bool {
    selectors.iter().any(|s| el.matches(s).unwrap_or(false))
}

#[wasm_bindgen_test]
async fn while_a_reset_is_pending_only_changes_are_locked() {
    use wasm_bindgen::JsCast;

    let key = unique_key("recovery-pending-read-only");
    storage().set_item(&key, &pending_reset_setup()).unwrap();
    let pages: [(&str, &[&str]); 7] = [
        (
            "connections",
            &[
                "button[aria-label='Copy the TXT value for contoso.com']",
                "#domain-name",
                "#network-review-reviewed",
                "[data-domain='fabrikam.com'] button",
            ],
        ),
        ("authority", &["#authority-locked"]),
        (
            "groups",
            &[
                "#group-filter",
                "#create-group",
                "[data-group=Sales] [data-role=edit]",
            ],
        ),
        (
            "portal",
            &[
                "#company-name",
                "#save-portal",
                "#include-logo",
                "#theme-color-picker",
            ],
        ),
        (
            "licenses",
            &[
                "#user-filter",
                "#sort-by-name",
                "[data-role=license]",
                "#bulk-assign",
                "#purchased-licenses",
                "#select-all-users",
                "#new-user-name",
            ],
        ),
        (
            "enrollment",
            &[
                "#download-csr",
                "button[aria-label^='Copy the target of']",
                "#apple-upload",
                "#afw-bind",
                "#cnames input",
                "#device-clear",
                "#device-list button",
            ],
        ),
        (
            "next-steps",
            &[
                "#export-json",
                "#download-markdown",
                "#print-summary",
                "#import-json",
            ],
        ),
    ];
    let root = mount_app(&key, "#/connections");
    element(&root, "#reset-banner").await;
    let mut wrong = Vec::new();
    for (slug, expected) in pages {
        set_hash(&format!("#/{slug}"));
        element(&root, &format!("#main article.step[data-step={slug}]")).await;
        for selector in expected {
            element(&root, selector).await;
        }
        let controls = root
            .query_selector_all("#main button, #main input, #main select, #main textarea")
            .unwrap();
        for i in 0..controls.length() {
            let el: web_sys::Element = controls.item(i).unwrap().unchecked_into();
            let disabled = el.matches(":disabled").unwrap();
            if matches_any(&el, STILL_USABLE) {
                if disabled {
                    wrong.push(format!(
                        "{slug}: disabled but only reads: {}",
                        describe(&el)
                    ));
                }
            } else if !matches_any(&el, MAY_BE_ENABLED) && !disabled {
                wrong.push(format!("{slug}: enabled but changes: {}", describe(&el)));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // The recovery page stays usable: that is where the wait ends.
    set_hash("#/recovery");
    for id in [
        "#confirm-reset",
        "#cancel-reset",
        "#confirm-reset-dialog [data-role=confirm]",
    ] {
        let button = element(&root, id).await;
        assert!(!button.matches(":disabled").unwrap(), "{id} is enabled");
    }
    set_hash("#/settings");
    let switch = element(&root, "#use-backend").await;
    assert!(
        !switch.matches(":disabled").unwrap(),
        "settings stay usable"
    );
    storage().remove_item(&key).unwrap();
}
