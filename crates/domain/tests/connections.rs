//! Step 1: network requirements and custom domains.

mod common;
use common::*;
use domain::*;

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
    let v = s.connections.domains[0]
        .verification
        .clone()
        .expect("verified");
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
