//! What `Setup::apply_reporting` reports, and the typed refusals pages
//! branch on.

mod common;
use common::*;
use domain::testing::push_certificate;
use domain::*;

const YEAR: i64 = 365 * 86_400_000;

fn with_authority() -> Setup {
    Setup::new()
        .apply(
            Command::SetAuthority {
                authority: MdmAuthority::Intune,
                confirmed: true,
            },
            T0,
        )
        .unwrap()
}

#[test]
fn a_device_import_reports_what_it_added_and_skipped() {
    let s = with_authority();
    let command = Command::ImportDevices {
        text: "356938035643809\nC02XYZ123\nnot valid!\n".into(),
        skip_invalid: true,
    };
    let (next, applied) = s.apply_reporting(command.clone(), T0).unwrap();
    assert_eq!(
        applied,
        Applied::DevicesImported {
            added: 2,
            skipped: 1
        }
    );
    assert_eq!(next.enrollment.devices.len(), 2);
    assert_eq!(s.apply(command, T0).unwrap(), next);
}

#[test]
fn other_commands_report_done_and_apply_returns_the_same_document() {
    let s = Setup::new();
    let command = Command::AddDomain {
        name: "contoso.com".into(),
    };
    let (next, applied) = s.apply_reporting(command.clone(), T0).unwrap();
    assert_eq!(applied, Applied::Done);
    assert_eq!(next.revision, 1);
    assert_eq!(s.apply(command, T0).unwrap(), next);
}

#[test]
fn a_changed_push_topic_is_recognised_without_reading_the_message() {
    let upload = |topic: &str, replace_topic: bool| Command::UploadApplePushCertificate {
        apple_id: "it@contoso.com".into(),
        certificate: image::base64::encode(
            push_certificate(Some(topic), &[1], Timestamp(T0.0 + YEAR))
                .pem
                .as_bytes(),
        ),
        replace_topic,
    };
    let s = with_authority()
        .apply(upload("com.apple.mgmt.External.a", false), T0)
        .unwrap();
    let refused = s
        .apply(upload("com.apple.mgmt.External.b", false), T0)
        .unwrap_err();
    assert!(refused.needs_topic_replacement(), "{refused}");
    assert!(!DomainError::AuthorityNotConfirmed.needs_topic_replacement());
    assert!(s
        .apply(upload("com.apple.mgmt.External.b", true), T0)
        .is_ok());
}
