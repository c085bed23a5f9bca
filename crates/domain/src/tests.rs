use super::*;

const T0: Timestamp = Timestamp(1_795_730_434_000);

fn apply(setup: &Setup, cmd: Command) -> Setup {
    setup.apply(cmd, T0).expect("command should be accepted")
}

fn refused(setup: &Setup, cmd: Command) -> DomainError {
    setup.apply(cmd, T0).expect_err("command should be refused")
}

fn add(name: &str) -> Command {
    Command::AddDomain { name: name.into() }
}

fn verify(name: &str) -> Command {
    Command::VerifyDomain {
        name: name.into(),
        method: VerificationMethod::AdminConfirmed,
    }
}

#[test]
fn new_document_is_empty_at_revision_zero() {
    let s = Setup::new();
    assert_eq!(s.revision, 0);
    assert_eq!(s.schema_version, SCHEMA_VERSION);
    assert!(s.authority.is_none());
    assert_eq!(s.progress(), Progress { done: 0, total: 7 });
}

#[test]
fn accepted_command_bumps_revision_and_time() {
    let s = apply(&Setup::new(), add("contoso.com"));
    assert_eq!(s.revision, 1);
    assert_eq!(s.updated_at, Some(T0));
}

#[test]
fn refused_command_changes_nothing() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let before = s.clone();
    let _ = refused(&s, add("CONTOSO.COM"));
    assert_eq!(s, before);
}

#[test]
fn add_domain_normalises_and_rejects_invalid() {
    let s = apply(&Setup::new(), add("  Contoso.COM. "));
    assert_eq!(s.connections.domains[0].name.as_str(), "contoso.com");
    assert!(matches!(
        refused(&s, add("bad_name.com")),
        DomainError::DomainName(DomainNameError::InvalidCharacter { character: '_' })
    ));
}

#[test]
fn duplicate_domains_ignore_case() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let err = refused(&s, add("Contoso.Com"));
    assert_eq!(
        err,
        DomainError::DuplicateDomain {
            name: DomainName::parse("contoso.com").unwrap()
        }
    );
    assert!(err
        .to_string()
        .contains("contoso.com is already in the list"));
}

#[test]
fn verify_marks_domain_and_only_once() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let s = apply(&s, verify("CONTOSO.com"));
    let v = s.connections.domains[0].verification.expect("verified");
    assert_eq!(v.at, T0);
    assert_eq!(v.method, VerificationMethod::AdminConfirmed);
    assert!(matches!(
        refused(&s, verify("contoso.com")),
        DomainError::AlreadyVerified { .. }
    ));
    assert!(matches!(
        refused(&s, verify("fabrikam.com")),
        DomainError::UnknownDomain { .. }
    ));
}

#[test]
fn default_domain_must_be_verified() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let err = refused(
        &s,
        Command::SetDefaultDomain {
            name: "contoso.com".into(),
        },
    );
    assert!(matches!(err, DomainError::DefaultNotVerified { .. }));
    assert!(err.to_string().contains("contoso.com is not verified"));
    let s = apply(&s, verify("contoso.com"));
    let s = apply(
        &s,
        Command::SetDefaultDomain {
            name: "contoso.com".into(),
        },
    );
    assert_eq!(
        s.connections
            .default_domain
            .as_ref()
            .map(DomainName::as_str),
        Some("contoso.com")
    );
    assert!(matches!(
        refused(
            &s,
            Command::SetDefaultDomain {
                name: "fabrikam.com".into()
            }
        ),
        DomainError::UnknownDomain { .. }
    ));
}

#[test]
fn removing_the_default_domain_clears_the_default() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let s = apply(&s, add("fabrikam.com"));
    let s = apply(&s, verify("contoso.com"));
    let s = apply(
        &s,
        Command::SetDefaultDomain {
            name: "contoso.com".into(),
        },
    );
    let s = apply(
        &s,
        Command::RemoveDomain {
            name: "contoso.com".into(),
        },
    );
    assert_eq!(s.connections.domains.len(), 1);
    assert_eq!(s.connections.default_domain, None);
    assert!(matches!(
        refused(
            &s,
            Command::RemoveDomain {
                name: "contoso.com".into()
            }
        ),
        DomainError::UnknownDomain { .. }
    ));
}

#[test]
fn network_review_can_be_ticked_and_unticked() {
    let s = apply(
        &Setup::new(),
        Command::SetNetworkReviewed { reviewed: true },
    );
    assert_eq!(s.connections.network_reviewed_at, Some(T0));
    let s = apply(&s, Command::SetNetworkReviewed { reviewed: false });
    assert_eq!(s.connections.network_reviewed_at, None);
}

#[test]
fn authority_needs_confirmation_and_then_locks() {
    let s = Setup::new();
    let err = refused(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: false,
        },
    );
    assert_eq!(err, DomainError::AuthorityNotConfirmed);
    let s = apply(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    );
    assert_eq!(
        s.authority,
        Some(AuthorityState {
            authority: MdmAuthority::Intune,
            set_at: T0
        })
    );
    let err = refused(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::ConfigurationManager,
            confirmed: true,
        },
    );
    assert_eq!(
        err,
        DomainError::AuthorityAlreadySet {
            current: MdmAuthority::Intune
        }
    );
    assert!(err.to_string().contains("already set to Intune"));
}

#[test]
fn step_one_status_follows_review_and_verification() {
    let s = Setup::new();
    assert_eq!(s.step_status(StepId::Connections), StepStatus::NotStarted);
    let s = apply(&s, add("contoso.com"));
    assert_eq!(s.step_status(StepId::Connections), StepStatus::InProgress);
    let s = apply(&s, verify("contoso.com"));
    assert_eq!(
        s.step_status(StepId::Connections),
        StepStatus::InProgress,
        "review missing"
    );
    assert_eq!(s.missing(StepId::Connections).len(), 1);
    let s = apply(&s, Command::SetNetworkReviewed { reviewed: true });
    assert_eq!(s.step_status(StepId::Connections), StepStatus::Done);
    assert!(s.missing(StepId::Connections).is_empty());

    let reviewed_only = apply(
        &Setup::new(),
        Command::SetNetworkReviewed { reviewed: true },
    );
    assert_eq!(
        reviewed_only.step_status(StepId::Connections),
        StepStatus::InProgress
    );
}

#[test]
fn step_two_and_gating_of_step_six() {
    let s = Setup::new();
    assert_eq!(s.step_status(StepId::Authority), StepStatus::NotStarted);
    match s.step_status(StepId::Enrollment) {
        StepStatus::Blocked { reason, needs } => {
            assert_eq!(needs, Some(StepId::Authority));
            assert!(reason.contains("step 2"), "{reason}");
        }
        other => panic!("expected blocked, got {other:?}"),
    }
    let s = apply(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Office365,
            confirmed: true,
        },
    );
    assert_eq!(s.step_status(StepId::Authority), StepStatus::Done);
    assert!(!matches!(
        s.step_status(StepId::Enrollment),
        StepStatus::Blocked { .. }
    ));
}

#[test]
fn progress_counts_done_steps() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let s = apply(&s, verify("contoso.com"));
    let s = apply(&s, Command::SetNetworkReviewed { reviewed: true });
    let s = apply(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    );
    assert_eq!(s.progress(), Progress { done: 2, total: 7 });
    assert_eq!(s.progress().percent(), 28);
    assert_eq!(s.step_status(StepId::NextSteps), StepStatus::InProgress);
}

#[test]
fn slugs_round_trip() {
    for step in StepId::ALL {
        assert_eq!(StepId::from_slug(step.slug()), Some(step));
    }
    assert_eq!(StepId::from_slug("nope"), None);
}

#[test]
fn codec_round_trip() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let s = apply(&s, verify("contoso.com"));
    let s = apply(
        &s,
        Command::SetDefaultDomain {
            name: "contoso.com".into(),
        },
    );
    assert_eq!(decode(&encode(&s)), Ok(s));
}

#[test]
fn codec_reports_unreadable_documents() {
    assert!(matches!(decode("{not json"), Err(DecodeError::NotJson(_))));
    assert!(matches!(decode("[1,2,3]"), Err(DecodeError::WrongShape(_))));
    assert!(matches!(decode("[1,2]"), Err(DecodeError::WrongShape(_))));
    assert!(matches!(
        decode("\"text\""),
        Err(DecodeError::WrongShape(_))
    ));
    assert!(matches!(
        decode("definitely not json"),
        Err(DecodeError::NotJson(_))
    ));
    assert!(matches!(decode(""), Err(DecodeError::NotJson(_))));
    assert!(matches!(
        decode("{\"schema_version\":1"),
        Err(DecodeError::NotJson(_))
    ));
    assert!(matches!(
        decode(r#"{"schema_version":1,"revision":"x"}"#),
        Err(DecodeError::WrongShape(_))
    ));
    let newer = decode(r#"{"schema_version":99,"revision":3}"#).unwrap_err();
    assert_eq!(
        newer,
        DecodeError::NewerSchema {
            found: 99,
            supported: SCHEMA_VERSION
        }
    );
    assert!(newer.to_string().contains("layout 99"));
    // A hand-edited document with an invalid domain name is refused too.
    let bad_domain = r#"{"schema_version":1,"revision":1,"connections":{"domains":[{"name":"bad_name.com","added_at":0}]}}"#;
    assert!(matches!(
        decode(bad_domain),
        Err(DecodeError::WrongShape(_))
    ));
}

#[test]
fn codec_checks_invariants() {
    let dup = r#"{"schema_version":1,"revision":1,"connections":{"domains":[
        {"name":"contoso.com","added_at":0},{"name":"CONTOSO.com","added_at":0}]}}"#;
    assert!(matches!(decode(dup), Err(DecodeError::Inconsistent(m)) if m.contains("twice")));
    let unverified_default = r#"{"schema_version":1,"revision":1,"connections":{"domains":[
        {"name":"contoso.com","added_at":0}],"default_domain":"contoso.com"}}"#;
    assert!(
        matches!(decode(unverified_default), Err(DecodeError::Inconsistent(m)) if m.contains("not verified"))
    );
}

#[test]
fn older_documents_without_optional_parts_load() {
    let minimal = r#"{"schema_version":1,"revision":7}"#;
    let s = decode(minimal).unwrap();
    assert_eq!(s.revision, 7);
    assert!(s.connections.domains.is_empty());
}

#[test]
fn commands_are_json_tagged() {
    let cmd = Command::SetAuthority {
        authority: MdmAuthority::ConfigurationManager,
        confirmed: true,
    };
    let json = serde_json::to_string(&cmd).unwrap();
    assert_eq!(
        json,
        r#"{"type":"set_authority","authority":"configuration_manager","confirmed":true}"#
    );
    assert_eq!(serde_json::from_str::<Command>(&json).unwrap(), cmd);
}

#[test]
fn save_portal_is_all_or_nothing() {
    let s = Setup::new();
    let bad = CompanyPortal {
        company_name: "Contoso & Co".into(),
        it_phone: "call us".into(),
        privacy_url: "http://contoso.com".into(),
        ..CompanyPortal::default()
    };
    let err = refused(
        &s,
        Command::SavePortal {
            portal: Box::new(bad),
        },
    );
    match &err {
        DomainError::Portal { errors } => {
            let fields: Vec<PortalField> = errors.iter().map(|e| e.field).collect();
            assert_eq!(
                fields,
                vec![
                    PortalField::CompanyName,
                    PortalField::ItPhone,
                    PortalField::PrivacyUrl
                ]
            );
        }
        other => panic!("expected portal errors, got {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with("Nothing was saved. Company name: “&” is not allowed"));
    assert!(err.to_string().ends_with("(and 2 more problems)"));
    assert_eq!(s.step_status(StepId::Portal), StepStatus::NotStarted);

    let good = CompanyPortal {
        company_name: "  Contoso  ".into(),
        ..CompanyPortal::default()
    };
    let s = apply(
        &s,
        Command::SavePortal {
            portal: Box::new(good),
        },
    );
    assert_eq!(
        s.portal.as_ref().map(|p| p.company_name.as_str()),
        Some("Contoso")
    );
    assert_eq!(s.step_status(StepId::Portal), StepStatus::Done);
    assert_eq!(decode(&encode(&s)), Ok(s));
}
