//! Step 7: the readable summary.

use domain::devices::luhn_digit;
use domain::testing::push_certificate;
use domain::*;

const T0: Timestamp = Timestamp(1_795_730_434_000);

const DAY: i64 = 86_400_000;

const TOPIC_A: &str = "com.apple.mgmt.External.0a1b2c3d-aaaa";

fn ok(setup: &Setup, cmd: Command) -> Setup {
    setup
        .apply(cmd, T0)
        .unwrap_or_else(|e| panic!("refused: {e}"))
}

fn ready() -> Setup {
    let s = ok(
        &Setup::new(),
        Command::AddDomain {
            name: "contoso.com".into(),
        },
    );
    let s = ok(
        &s,
        Command::VerifyDomain {
            name: "contoso.com".into(),
            method: VerificationMethod::AdminConfirmed,
        },
    );
    ok(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    )
}

fn upload(topic: &str, days: i64, replace_topic: bool) -> Command {
    let cert = push_certificate(Some(topic), &[0x01, 0x2A], Timestamp(T0.0 + days * DAY));
    Command::UploadApplePushCertificate {
        apple_id: "admin@contoso.com".into(),
        certificate: image::base64::encode(cert.pem.as_bytes()),
        replace_topic,
    }
}

fn imei(prefix14: &str) -> String {
    let digits: Vec<u8> = prefix14.bytes().map(|b| b - b'0').collect();
    format!("{prefix14}{}", luhn_digit(&digits))
}

fn full_setup() -> Setup {
    let s = ok(&ready(), upload(TOPIC_A, 300, false));
    let s = ok(
        &s,
        Command::BindAndroidForWork {
            google_account: "it@contoso.com".into(),
        },
    );
    let s = ok(
        &s,
        Command::SetCnamesPublished {
            domain: "contoso.com".into(),
            published: true,
        },
    );
    ok(
        &s,
        Command::ImportDevices {
            text: format!("{}, Front desk\nC02XK1ABJG5H", imei("35209900176148")),
            skip_invalid: false,
        },
    )
}

#[test]
fn summary_lists_every_step_and_escapes_user_text() {
    let s = full_setup();
    let md = s.summary_markdown(T0);
    for step in StepId::ALL {
        assert!(
            md.contains(&format!("## Step {}: {}", step.number(), step.title())),
            "{step:?}"
        );
    }
    assert!(md.contains(TOPIC_A.replace('_', "\\_").as_str()));
    assert!(md.contains(
        "EnterpriseEnrollment.contoso.com → EnterpriseEnrollment-s.manage.microsoft.com"
    ));
    assert!(md.contains("- [ ] Create at least one user or device group."));
    assert_eq!(
        report::md("<script>*x*</script>"),
        "\\<script\\>\\*x\\*\\</script\\>"
    );
}

#[test]
fn a_new_document_is_untouched_whatever_its_revision() {
    assert!(Setup::new().is_untouched());
    // An empty setup imported (a carried empty setup) is still empty.
    let imported = ok(
        &Setup::new(),
        Command::ImportSetup {
            setup: Box::new(Setup::new()),
        },
    );
    assert_eq!(imported.revision, 1);
    assert!(imported.is_untouched());
    assert!(!ready().is_untouched());
}

#[test]
fn the_summary_counts_what_the_document_holds() {
    let summary = ready().summary();
    assert!(
        summary.starts_with("the setup of contoso.onmicrosoft.com with "),
        "{summary}"
    );
    assert!(summary.contains(", 1 domain, "), "{summary}");
    assert!(
        summary.ends_with("0 groups and 0 corporate devices"),
        "{summary}"
    );
}
