//! Step 4: saving the Company Portal settings.

mod common;
use common::*;
use domain::*;

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
