//! The wrong-authority recovery flow.

use domain::recovery::{add_business_days, checklist, path_for, ChangeKind};
use domain::*;

/// Thursday 2026-11-26, 22:00 UTC.
const THURSDAY: Timestamp = Timestamp(1_795_730_434_000);

fn ok(setup: &Setup, cmd: Command) -> Setup {
    setup
        .apply(cmd, THURSDAY)
        .expect("command should be accepted")
}

fn err(setup: &Setup, cmd: Command) -> DomainError {
    setup
        .apply(cmd, THURSDAY)
        .expect_err("command should be refused")
}

fn with_authority(authority: MdmAuthority) -> Setup {
    ok(
        &Setup::new(),
        Command::SetAuthority {
            authority,
            confirmed: true,
        },
    )
}

fn versions(s: &Setup, cm: &str, intune: &str) -> Setup {
    ok(
        s,
        Command::CheckVersions {
            configuration_manager: cm.into(),
            intune: intune.into(),
        },
    )
}

fn complete_intune_to_cm() -> Setup {
    let s = versions(&with_authority(MdmAuthority::Intune), "1606", "1705");
    let mut s = ok(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::IntuneToConfigurationManager,
            coexistence: false,
        },
    );
    for entry in checklist(ResetScenario::IntuneToConfigurationManager, false) {
        s = ok(
            &s,
            Command::SetResetItem {
                key: entry.key.into(),
                state: Some(ItemState::Done),
            },
        );
    }
    ok(
        &s,
        Command::SetResetDetails {
            tenant_id: "Contoso.onmicrosoft.com".into(),
            example_users: vec![],
            description: String::new(),
            other_target: None,
        },
    )
}

#[test]
fn version_gate_boundaries() {
    assert_eq!(path_for(1610, 1705), RecoveryPath::SelfService);
    assert_eq!(path_for(1609, 1705), RecoveryPath::SupportReset);
    assert_eq!(path_for(1610, 1704), RecoveryPath::SupportReset);
    assert_eq!(path_for(1702, 1801), RecoveryPath::SelfService);
    let s = versions(&with_authority(MdmAuthority::Intune), "1606", "1705");
    assert_eq!(s.recovery.path(), Some(RecoveryPath::SupportReset));
}

#[test]
fn versions_are_four_digit_year_months() {
    let s = with_authority(MdmAuthority::Intune);
    let e = err(
        &s,
        Command::CheckVersions {
            configuration_manager: "16.10".into(),
            intune: "1705".into(),
        },
    );
    assert_eq!(
        e.to_string(),
        "Configuration Manager version “16.10” is not four digits, year then month (such as 1610)."
    );
    let e = err(
        &s,
        Command::CheckVersions {
            configuration_manager: "1613".into(),
            intune: "1705".into(),
        },
    );
    assert_eq!(
        e.to_string(),
        "Configuration Manager version 1613: the month 13 is not from 01 to 12."
    );
    let e = err(
        &s,
        Command::CheckVersions {
            configuration_manager: "1610".into(),
            intune: "1700".into(),
        },
    );
    assert!(
        e.to_string()
            .starts_with("Intune version 1700: the month 00"),
        "{e}"
    );
    assert!(s
        .apply(
            Command::CheckVersions {
                configuration_manager: " 1610 ".into(),
                intune: "1705".into()
            },
            THURSDAY
        )
        .is_ok());
}

#[test]
fn self_service_change_between_intune_and_hybrid() {
    let s = versions(&with_authority(MdmAuthority::Intune), "1610", "1705");
    assert!(matches!(
        err(
            &s,
            Command::ChangeAuthorityDirectly {
                to: MdmAuthority::ConfigurationManager,
                confirmed: false
            }
        ),
        DomainError::Recovery(RecoveryError::NotConfirmed)
    ));
    assert!(matches!(
        err(
            &s,
            Command::ChangeAuthorityDirectly {
                to: MdmAuthority::Office365,
                confirmed: true
            }
        ),
        DomainError::Recovery(RecoveryError::SelfServiceOnlyBetweenIntuneAndCm { .. })
    ));
    let s = ok(
        &s,
        Command::ChangeAuthorityDirectly {
            to: MdmAuthority::ConfigurationManager,
            confirmed: true,
        },
    );
    assert_eq!(
        s.authority.unwrap().authority,
        MdmAuthority::ConfigurationManager
    );
    let change = &s.recovery.history[0];
    assert_eq!(
        (change.from, change.to, change.at, change.how),
        (
            MdmAuthority::Intune,
            MdmAuthority::ConfigurationManager,
            THURSDAY,
            ChangeKind::SelfService
        )
    );
    // Too old: support only.
    let old = versions(&with_authority(MdmAuthority::Intune), "1609", "1705");
    let e = err(
        &old,
        Command::ChangeAuthorityDirectly {
            to: MdmAuthority::ConfigurationManager,
            confirmed: true,
        },
    );
    assert!(
        e.to_string()
            .contains("with 1609 and 1705, support must reset"),
        "{e}"
    );
    // Office 365 can't change directly.
    let o365 = versions(&with_authority(MdmAuthority::Office365), "1710", "1710");
    assert!(matches!(
        err(
            &o365,
            Command::ChangeAuthorityDirectly {
                to: MdmAuthority::Intune,
                confirmed: true
            }
        ),
        DomainError::Recovery(RecoveryError::SelfServiceOnlyBetweenIntuneAndCm { .. })
    ));
}

#[test]
fn each_scenario_has_the_guides_items_in_order() {
    let intune = checklist(ResetScenario::IntuneToConfigurationManager, false);
    assert_eq!(intune.len(), 9);
    assert!(intune[0]
        .text
        .starts_with("Retire every device from the Intune"));
    assert!(intune[5].text.contains("APNs certificate"));
    assert!(intune[6].text.contains("DEP token"));
    assert!(intune[8].text.contains("published app"));
    let cm = checklist(ResetScenario::ConfigurationManagerToIntune, false);
    assert_eq!(cm.len(), 8, "plus the example users, asked for separately");
    assert!(cm[1].text.contains("CloudUserSync.log"));
    assert!(cm[7].text.contains("SMS Executive"));
    let o365 = checklist(ResetScenario::Office365ToConfigurationManager, false);
    assert_eq!(o365.len(), 6);
    assert!(o365[2].text.contains("Selective Wipe"));
    assert!(o365[5].info_only && o365[5].text.contains("can't be deleted"));
    assert!(checklist(ResetScenario::Other, false).is_empty());
    // Coexistence: both the Intune and the Office 365 lists.
    let both = checklist(ResetScenario::IntuneToConfigurationManager, true);
    assert_eq!(both.len(), 15);
    assert_eq!(both[9].key, o365[0].key);
    // N/A only where the guide allows it.
    let allowed: Vec<&str> = both
        .iter()
        .chain(&cm)
        .filter(|e| e.not_applicable_when.is_some())
        .map(|e| e.key)
        .collect();
    assert_eq!(
        allowed,
        vec![
            "o365-selective-wipe",
            "o365-delete-policies",
            "cm-intune-connector"
        ]
    );
}

#[test]
fn scenario_must_start_from_the_current_authority() {
    let s = with_authority(MdmAuthority::Intune);
    let e = err(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::ConfigurationManagerToIntune,
            coexistence: false,
        },
    );
    assert!(
        matches!(
            e,
            DomainError::Recovery(RecoveryError::ScenarioMismatch { .. })
        ),
        "{e}"
    );
    let s = ok(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::IntuneToConfigurationManager,
            coexistence: false,
        },
    );
    assert_eq!(
        s.recovery.target(),
        Some(MdmAuthority::ConfigurationManager)
    );
    // "Another change" starts anywhere; the target is chosen.
    let s = ok(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::Other,
            coexistence: false,
        },
    );
    assert_eq!(s.recovery.target(), None);
    assert!(s
        .recovery
        .missing()
        .iter()
        .any(|m| m.contains("description")));
}

#[test]
fn not_applicable_only_where_allowed() {
    let s = with_authority(MdmAuthority::Office365);
    let s = ok(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::Office365ToConfigurationManager,
            coexistence: false,
        },
    );
    let s = ok(
        &s,
        Command::SetResetItem {
            key: "o365-selective-wipe".into(),
            state: Some(ItemState::NotApplicable),
        },
    );
    let e = err(
        &s,
        Command::SetResetItem {
            key: "o365-open-center".into(),
            state: Some(ItemState::NotApplicable),
        },
    );
    assert!(matches!(
        e,
        DomainError::Recovery(RecoveryError::NotApplicableNotAllowed { .. })
    ));
    assert!(
        matches!(
            err(
                &s,
                Command::SetResetItem {
                    key: "o365-apns-note".into(),
                    state: Some(ItemState::Done)
                }
            ),
            DomainError::Recovery(RecoveryError::UnknownItem { .. })
        ),
        "a note is not ticked"
    );
    assert!(matches!(
        err(
            &s,
            Command::SetResetItem {
                key: "intune-dep".into(),
                state: Some(ItemState::Done)
            }
        ),
        DomainError::Recovery(RecoveryError::UnknownItem { .. })
    ));
    let s = ok(
        &s,
        Command::SetResetItem {
            key: "o365-selective-wipe".into(),
            state: None,
        },
    );
    assert!(s.recovery.items.is_empty());
}

#[test]
fn the_request_needs_everything_and_lists_what_is_missing() {
    let s = versions(&with_authority(MdmAuthority::Intune), "1606", "1705");
    let s = ok(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::IntuneToConfigurationManager,
            coexistence: false,
        },
    );
    let s = ok(
        &s,
        Command::SetResetItem {
            key: "intune-retire-devices".into(),
            state: Some(ItemState::Done),
        },
    );
    let e = err(&s, Command::MarkResetRequested);
    match &e {
        DomainError::Recovery(RecoveryError::Incomplete { missing }) => {
            assert_eq!(missing.len(), 9, "8 items and the tenant ID: {missing:?}");
            assert!(missing.last().unwrap().starts_with("Tenant ID"));
        }
        other => panic!("{other:?}"),
    }
    let s = complete_intune_to_cm();
    assert!(s.recovery.missing().is_empty());
    let text = s.recovery.request_text(MdmAuthority::Intune).unwrap();
    assert!(text.contains("Tenant ID: contoso.onmicrosoft.com"));
    assert!(text.contains("Requested MDM authority: Configuration Manager with Intune (hybrid)"));
    assert_eq!(text.matches("- [done]").count(), 9);
}

#[test]
fn configuration_manager_to_intune_needs_example_users() {
    let s = with_authority(MdmAuthority::ConfigurationManager);
    let mut s = ok(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::ConfigurationManagerToIntune,
            coexistence: false,
        },
    );
    for entry in checklist(ResetScenario::ConfigurationManagerToIntune, false) {
        let state = if entry.not_applicable_when.is_some() {
            ItemState::NotApplicable
        } else {
            ItemState::Done
        };
        s = ok(
            &s,
            Command::SetResetItem {
                key: entry.key.into(),
                state: Some(state),
            },
        );
    }
    let s = ok(
        &s,
        Command::SetResetDetails {
            tenant_id: "contoso.onmicrosoft.com".into(),
            example_users: vec![],
            description: "".into(),
            other_target: None,
        },
    );
    assert_eq!(
        s.recovery.missing(),
        vec!["At least one example user for support to check afterwards.".to_string()]
    );
    let e = err(
        &s,
        Command::SetResetDetails {
            tenant_id: "contoso.onmicrosoft.com".into(),
            example_users: vec!["not a user".into()],
            description: "".into(),
            other_target: None,
        },
    );
    assert!(matches!(
        e,
        DomainError::Recovery(RecoveryError::ExampleUser { .. })
    ));
    let s = ok(
        &s,
        Command::SetResetDetails {
            tenant_id: "contoso.onmicrosoft.com".into(),
            example_users: vec!["ada@contoso.com".into(), "ADA@contoso.com".into()],
            description: "".into(),
            other_target: None,
        },
    );
    assert_eq!(
        s.recovery.example_users,
        vec!["ada@contoso.com".to_string()]
    );
    let text = s
        .recovery
        .request_text(MdmAuthority::ConfigurationManager)
        .unwrap();
    assert!(text.contains("- [n/a] Remove the Windows Intune Connector"));
    assert!(text.contains("Example users to check afterwards:\n- ada@contoso.com"));
}

#[test]
fn business_days_skip_weekends() {
    let d = |y, m, day| Date {
        year: y,
        month: m,
        day,
    };
    // Thursday → Friday; at most Tuesday.
    assert_eq!(add_business_days(d(2026, 11, 26), 1), d(2026, 11, 27));
    assert_eq!(add_business_days(d(2026, 11, 26), 3), d(2026, 12, 1));
    // Friday → Monday; at most Wednesday.
    assert_eq!(add_business_days(d(2026, 11, 27), 1), d(2026, 11, 30));
    assert_eq!(add_business_days(d(2026, 11, 27), 3), d(2026, 12, 2));
    // Saturday and Sunday → Monday.
    assert_eq!(add_business_days(d(2026, 11, 28), 1), d(2026, 11, 30));
    assert_eq!(add_business_days(d(2026, 11, 29), 1), d(2026, 11, 30));
    // Across a month and a year.
    assert_eq!(add_business_days(d(2026, 12, 31), 3), d(2027, 1, 5));
}

#[test]
fn a_pending_reset_locks_every_configuration_command() {
    let s = ok(&complete_intune_to_cm(), Command::MarkResetRequested);
    let pending = s.recovery.pending.clone().unwrap();
    assert_eq!(pending.expected().to_string(), "2026-11-27");
    assert_eq!(pending.latest().to_string(), "2026-12-01");
    assert_eq!(
        s.step_status(StepId::Authority),
        StepStatus::Blocked {
            reason: "Support is resetting the MDM authority.".into(),
            needs: None
        }
    );
    let locked = [
        Command::SetNetworkReviewed { reviewed: true },
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
            description: "".into(),
            users: vec![],
            devices: vec![],
        },
        Command::SavePortal {
            portal: Box::new(CompanyPortal {
                company_name: "Contoso".into(),
                ..CompanyPortal::default()
            }),
        },
        Command::SetPurchasedLicenses { count: 5 },
        Command::AssignLicenses { users: vec![] },
        Command::AddUser {
            display_name: "A".into(),
            upn: "a@contoso.onmicrosoft.com".into(),
            usage_location: "".into(),
        },
        Command::ChooseResetScenario {
            scenario: ResetScenario::IntuneToConfigurationManager,
            coexistence: false,
        },
        Command::MarkResetRequested,
    ];
    for command in locked {
        let e = err(&s, command.clone());
        assert!(
            matches!(e, DomainError::ResetPending { .. }),
            "{command:?}: {e}"
        );
        assert!(
            e.to_string()
                .contains("expected 2026-11-27, at the latest 2026-12-01"),
            "{e}"
        );
    }
    // Cancel unlocks and keeps the work; confirm sets the target and clears it.
    let cancelled = ok(&s, Command::CancelReset);
    assert!(cancelled.recovery.pending.is_none());
    assert_eq!(cancelled.recovery.items.len(), 9);
    let done = ok(&s, Command::ConfirmReset);
    assert_eq!(
        done.authority.unwrap().authority,
        MdmAuthority::ConfigurationManager
    );
    assert!(
        done.recovery.items.is_empty()
            && done.recovery.scenario.is_none()
            && done.recovery.pending.is_none()
    );
    assert_eq!(
        done.recovery.history.last().unwrap().how,
        ChangeKind::SupportReset
    );
    assert!(
        done.apply(
            Command::AddDomain {
                name: "fabrikam.com".into()
            },
            THURSDAY
        )
        .is_ok(),
        "unlocked"
    );
    assert!(matches!(
        err(&done, Command::ConfirmReset),
        DomainError::Recovery(RecoveryError::NotPending)
    ));
    assert_eq!(
        decode(&encode(&s)),
        Ok(s.clone()),
        "a pending reset survives a reload"
    );
}

#[test]
fn coexistence_only_towards_configuration_manager() {
    let s = with_authority(MdmAuthority::ConfigurationManager);
    let e = err(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::ConfigurationManagerToIntune,
            coexistence: true,
        },
    );
    assert!(matches!(
        e,
        DomainError::Recovery(RecoveryError::CoexistenceNotApplicable)
    ));
    let s = with_authority(MdmAuthority::Intune);
    let s = ok(
        &s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::IntuneToConfigurationManager,
            coexistence: true,
        },
    );
    assert_eq!(s.recovery.checklist().len(), 15);
    assert!(s.recovery.missing().len() >= 13);
}
