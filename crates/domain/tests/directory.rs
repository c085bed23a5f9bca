//! Step 5: directory, licenses, tenant domain, sync checklist.

mod common;
use common::*;
use domain::*;

fn ok(setup: &Setup, cmd: Command) -> Setup {
    setup.apply(cmd, T0).expect("command should be accepted")
}

fn err(setup: &Setup, cmd: Command) -> DomainError {
    setup.apply(cmd, T0).expect_err("command should be refused")
}

#[test]
fn a_new_tenant_has_a_sample_directory_that_can_be_cleared() {
    let s = Setup::new();
    assert!(s.directory.users.len() >= 3);
    assert!(s
        .directory
        .users
        .iter()
        .all(|u| u.upn.ends_with("@contoso.onmicrosoft.com")));
    assert!(s.directory.has_synchronized_users());
    let cleared = ok(&s, Command::ClearDirectory);
    assert!(cleared.directory.users.is_empty());
}

#[test]
fn user_names_must_use_a_verified_domain_or_the_tenant_domain() {
    let s = base();
    let s = add_user(&s, "Ada Lovelace", "Ada@Contoso.com", "GB");
    assert_eq!(
        s.directory.users[0].upn, "Ada@contoso.com",
        "domain lower-cased"
    );
    let s = add_user(&s, "Alan Turing", "alan@contoso.onmicrosoft.com", "");
    let e = err(
        &s,
        Command::AddUser {
            display_name: "X".into(),
            upn: "x@fabrikam.com".into(),
            usage_location: "".into(),
        },
    );
    assert!(matches!(
        e,
        DomainError::Directory(DirectoryError::UnverifiedUpnDomain { .. })
    ));
    assert!(
        e.to_string()
            .contains("fabrikam.com, which is not a verified domain"),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("contoso.com or contoso.onmicrosoft.com"),
        "{e}"
    );
    // Added but unverified is not enough.
    let s2 = ok(
        &s,
        Command::AddDomain {
            name: "fabrikam.com".into(),
        },
    );
    assert!(s2
        .apply(
            Command::AddUser {
                display_name: "X".into(),
                upn: "x@fabrikam.com".into(),
                usage_location: "".into()
            },
            T0
        )
        .is_err());
}

#[test]
fn user_names_are_unique_ignoring_case_and_well_formed() {
    let s = add_user(&base(), "Ada", "ada@contoso.com", "");
    let e = err(
        &s,
        Command::AddUser {
            display_name: "Ada 2".into(),
            upn: "ADA@contoso.com".into(),
            usage_location: "".into(),
        },
    );
    assert!(
        matches!(
            e,
            DomainError::Directory(DirectoryError::DuplicateUpn { .. })
        ),
        "{e}"
    );
    for bad in [
        "ada",
        "@contoso.com",
        "a da@contoso.com",
        ".ada@contoso.com",
        "ada@contoso",
    ] {
        let e = err(
            &s,
            Command::AddUser {
                display_name: "X".into(),
                upn: bad.into(),
                usage_location: "".into(),
            },
        );
        assert!(
            matches!(
                e,
                DomainError::Directory(DirectoryError::Upn(_))
                    | DomainError::Directory(DirectoryError::UnverifiedUpnDomain { .. })
            ),
            "{bad}: {e}"
        );
    }
}

#[test]
fn display_name_is_required_and_at_most_256() {
    let s = base();
    let e = err(
        &s,
        Command::AddUser {
            display_name: "  ".into(),
            upn: "a@contoso.com".into(),
            usage_location: "".into(),
        },
    );
    assert_eq!(e.to_string(), "Display name: This field is required.");
    let s2 = add_user(&s, &"é".repeat(256), "a@contoso.com", "");
    assert_eq!(s2.directory.users[0].display_name.chars().count(), 256);
    let e = err(
        &s,
        Command::AddUser {
            display_name: "é".repeat(257),
            upn: "b@contoso.com".into(),
            usage_location: "".into(),
        },
    );
    assert_eq!(
        e.to_string(),
        "Display name: 257 characters: the limit is 256."
    );
}

#[test]
fn usage_location_comes_from_the_fixed_list() {
    let s = add_user(&base(), "Ada", "ada@contoso.com", " gb ");
    assert_eq!(
        s.directory.users[0]
            .usage_location
            .map(|l| l.code().to_owned())
            .as_deref(),
        Some("GB")
    );
    assert_eq!(
        s.directory.users[0].usage_location.unwrap().name(),
        "United Kingdom"
    );
    let e = err(
        &s,
        Command::AddUser {
            display_name: "X".into(),
            upn: "x@contoso.com".into(),
            usage_location: "UK".into(),
        },
    );
    assert!(e.to_string().contains("“UK” is not a country code"), "{e}");
}

#[test]
fn a_license_needs_a_usage_location_and_a_free_seat() {
    let s = add_user(&base(), "Ada", "ada@contoso.com", "");
    let s = add_user(&s, "Alan", "alan@contoso.com", "GB");
    let ada = id_of(&s, "ada@contoso.com");
    let alan = id_of(&s, "alan@contoso.com");
    let e = err(&s, Command::AssignLicenses { users: vec![ada] });
    assert_eq!(e.to_string(), "Nothing was changed. This user needs a usage location before they can have a license: Ada.");
    let s = ok(
        &s,
        Command::EditUser {
            id: ada,
            display_name: "Ada".into(),
            upn: "ada@contoso.com".into(),
            usage_location: "GB".into(),
        },
    );
    // One seat: licensing both fails and changes nothing.
    let e = err(
        &s,
        Command::AssignLicenses {
            users: vec![ada, alan],
        },
    );
    match &e {
        DomainError::Directory(DirectoryError::NotEnoughLicenses {
            requested,
            free,
            purchased,
            names,
        }) => {
            assert_eq!((*requested, *free, *purchased), (2, 1, 1));
            assert_eq!(names, &vec!["Alan".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string().starts_with(
            "Nothing was changed. 2 more licenses are needed but only 1 of 1 are free"
        ),
        "{e}"
    );
    let s = ok(&s, Command::AssignLicenses { users: vec![ada] });
    let e = err(&s, Command::AssignLicenses { users: vec![alan] });
    assert!(matches!(
        e,
        DomainError::Directory(DirectoryError::NotEnoughLicenses { free: 0, .. })
    ));
    let s = ok(&s, Command::SetPurchasedLicenses { count: 2 });
    let s = ok(
        &s,
        Command::AssignLicenses {
            users: vec![alan, ada],
        },
    );
    assert_eq!(s.directory.licensed_count(), 2);
    assert_eq!(s.step_status(StepId::Licenses), StepStatus::Done);
    let s = ok(&s, Command::RemoveLicenses { users: vec![ada] });
    assert_eq!(s.directory.licensed_count(), 1);
}

#[test]
fn a_bulk_assignment_names_every_user_without_a_location() {
    let s = ok(&base(), Command::SetPurchasedLicenses { count: 10 });
    let s = add_user(&s, "Ada", "ada@contoso.com", "");
    let s = add_user(&s, "Alan", "alan@contoso.com", "US");
    let s = add_user(&s, "Grace", "grace@contoso.com", "");
    let all: Vec<UserId> = s.directory.users.iter().map(|u| u.id).collect();
    let e = err(&s, Command::AssignLicenses { users: all });
    assert_eq!(e.to_string(), "Nothing was changed. These users need a usage location before they can have a license: Ada, Grace.");
    assert_eq!(s.directory.licensed_count(), 0);
}

#[test]
fn purchased_licenses_range_and_not_below_used() {
    let s = base();
    assert!(matches!(
        err(&s, Command::SetPurchasedLicenses { count: -1 }),
        DomainError::Directory(DirectoryError::PurchasedOutOfRange { count: -1 })
    ));
    assert!(
        ok(&s, Command::SetPurchasedLicenses { count: 1_000_000 })
            .directory
            .purchased_licenses
            == 1_000_000
    );
    assert!(err(&s, Command::SetPurchasedLicenses { count: 1_000_001 })
        .to_string()
        .contains("from 0 to 1,000,000"));
    let s = add_user(&s, "Ada", "ada@contoso.com", "GB");
    let s = ok(
        &s,
        Command::AssignLicenses {
            users: vec![id_of(&s, "ada@contoso.com")],
        },
    );
    assert!(matches!(
        err(&s, Command::SetPurchasedLicenses { count: 0 }),
        DomainError::Directory(DirectoryError::PurchasedBelowUsed { .. })
    ));
}

#[test]
fn licensed_users_keep_a_usage_location() {
    let s = add_user(&base(), "Ada", "ada@contoso.com", "GB");
    let ada = id_of(&s, "ada@contoso.com");
    let s = ok(&s, Command::AssignLicenses { users: vec![ada] });
    let e = err(
        &s,
        Command::EditUser {
            id: ada,
            display_name: "Ada".into(),
            upn: "ada@contoso.com".into(),
            usage_location: "".into(),
        },
    );
    assert!(matches!(
        e,
        DomainError::Directory(DirectoryError::LicensedNeedsLocation { .. })
    ));
}

#[test]
fn synchronized_users_are_read_only_except_license_and_location() {
    let s = ok(&Setup::new(), Command::SetPurchasedLicenses { count: 25 });
    let megan = s
        .directory
        .users
        .iter()
        .find(|u| u.source == UserSource::Synchronized)
        .unwrap()
        .clone();
    let e = err(
        &s,
        Command::EditUser {
            id: megan.id,
            display_name: "Renamed".into(),
            upn: megan.upn.clone(),
            usage_location: "GB".into(),
        },
    );
    assert!(matches!(
        e,
        DomainError::Directory(DirectoryError::SynchronizedReadOnly { .. })
    ));
    assert!(matches!(
        err(&s, Command::RemoveUser { id: megan.id }),
        DomainError::Directory(DirectoryError::SynchronizedReadOnly { .. })
    ));
    let s = ok(
        &s,
        Command::EditUser {
            id: megan.id,
            display_name: megan.display_name.clone(),
            upn: megan.upn.clone(),
            usage_location: "FR".into(),
        },
    );
    let s = ok(
        &s,
        Command::AssignLicenses {
            users: vec![megan.id],
        },
    );
    assert!(s.directory.find(megan.id).unwrap().licensed);
}

#[test]
fn sync_checklist_in_order_with_the_last_item_derived() {
    let s = ok(&Setup::new(), Command::SetPurchasedLicenses { count: 25 });
    let megan = s
        .directory
        .users
        .iter()
        .find(|u| u.source == UserSource::Synchronized)
        .unwrap()
        .id;
    let cloud = s
        .directory
        .users
        .iter()
        .find(|u| u.source == UserSource::Cloud && u.usage_location.is_some())
        .unwrap()
        .id;
    assert_eq!(SyncStep::ALL.len(), 4);
    assert!(matches!(
        err(
            &s,
            Command::SetSyncStep {
                step: SyncStep::LicensesAssigned,
                done: true
            }
        ),
        DomainError::Directory(DirectoryError::SyncStepDerived)
    ));
    // A licensed cloud user alone does not finish step 5 while synchronized users exist.
    let s = ok(&s, Command::AssignLicenses { users: vec![cloud] });
    assert_eq!(s.step_status(StepId::Licenses), StepStatus::InProgress);
    let mut s = s;
    for step in [
        SyncStep::UpnSuffixAdded,
        SyncStep::SuffixSetOnUsers,
        SyncStep::SyncRun,
    ] {
        s = ok(&s, Command::SetSyncStep { step, done: true });
    }
    assert!(!s.directory.sync_complete());
    let s = ok(&s, Command::AssignLicenses { users: vec![megan] });
    assert!(s.directory.sync_step_done(SyncStep::LicensesAssigned));
    assert_eq!(s.step_status(StepId::Licenses), StepStatus::Done);
    let s = ok(
        &s,
        Command::SetSyncStep {
            step: SyncStep::SyncRun,
            done: false,
        },
    );
    assert_eq!(s.step_status(StepId::Licenses), StepStatus::InProgress);
}

#[test]
fn a_domain_in_use_cannot_be_removed() {
    let s = add_user(&base(), "Ada", "ada@contoso.com", "");
    let e = err(
        &s,
        Command::RemoveDomain {
            name: "contoso.com".into(),
        },
    );
    assert_eq!(
        e.to_string(),
        "1 user signs in with contoso.com: change or remove that user first."
    );
}

#[test]
fn tenant_domain_rules() {
    let s = ok(&Setup::new(), Command::ClearDirectory);
    let s = ok(
        &s,
        Command::SetTenantDomain {
            name: "Fabrikam.onmicrosoft.com".into(),
        },
    );
    assert_eq!(s.tenant_domain.as_str(), "fabrikam.onmicrosoft.com");
    assert!(matches!(
        err(
            &s,
            Command::SetTenantDomain {
                name: "fabrikam.com".into()
            }
        ),
        DomainError::NotOnMicrosoft { .. }
    ));
    let sample = Setup::new();
    assert!(matches!(
        err(
            &sample,
            Command::SetTenantDomain {
                name: "other.onmicrosoft.com".into()
            }
        ),
        DomainError::Directory(DirectoryError::DomainInUse { .. })
    ));
}

#[test]
fn the_document_with_directory_and_groups_round_trips() {
    let s = add_user(&base(), "Ada", "ada@contoso.com", "GB");
    let ada = id_of(&s, "ada@contoso.com");
    let s = ok(&s, Command::AssignLicenses { users: vec![ada] });
    let s = ok(
        &s,
        Command::CreateGroup {
            kind: GroupKind::User,
            name: "Sales".into(),
            description: "".into(),
            users: vec![ada],
            devices: vec![],
        },
    );
    assert_eq!(decode(&encode(&s)), Ok(s.clone()));
    // A hand-edited document licensing more users than purchased is refused.
    let tampered = encode(&s).replace("\"purchased_licenses\":1", "\"purchased_licenses\":0");
    assert!(
        matches!(decode(&tampered), Err(DecodeError::Inconsistent(m)) if m.contains("purchased"))
    );
}
