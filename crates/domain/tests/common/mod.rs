//! Helpers the scenario tests share: a fixed time, accepting and refusing
//! commands, and documents at typical stages.
#![allow(dead_code)]

use domain::devices::luhn_digit;
use domain::testing::push_certificate;
use domain::*;

pub const T0: Timestamp = Timestamp(1_795_730_434_000);

pub const DAY: i64 = 86_400_000;

pub const TOPIC_A: &str = "com.apple.mgmt.External.0a1b2c3d-aaaa";

pub const TOPIC_B: &str = "com.apple.mgmt.External.9f8e7d6c-bbbb";

pub fn ok(setup: &Setup, cmd: Command) -> Setup {
    setup
        .apply(cmd, T0)
        .unwrap_or_else(|e| panic!("refused: {e}"))
}

pub fn err(setup: &Setup, cmd: Command) -> DomainError {
    setup.apply(cmd, T0).expect_err("should be refused")
}

pub fn apply(setup: &Setup, cmd: Command) -> Setup {
    setup.apply(cmd, T0).expect("command should be accepted")
}

pub fn refused(setup: &Setup, cmd: Command) -> DomainError {
    setup.apply(cmd, T0).expect_err("command should be refused")
}

pub fn add(name: &str) -> Command {
    Command::AddDomain { name: name.into() }
}

pub fn verify(name: &str) -> Command {
    Command::VerifyDomain {
        name: name.into(),
        method: VerificationMethod::AdminConfirmed,
    }
}

pub fn ready() -> Setup {
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

pub fn upload(topic: &str, days: i64, replace_topic: bool) -> Command {
    let cert = push_certificate(Some(topic), &[0x01, 0x2A], Timestamp(T0.0 + days * DAY));
    Command::UploadApplePushCertificate {
        apple_id: "admin@contoso.com".into(),
        certificate: image::base64::encode(cert.pem.as_bytes()),
        replace_topic,
    }
}

pub fn imei(prefix14: &str) -> String {
    let digits: Vec<u8> = prefix14.bytes().map(|b| b - b'0').collect();
    format!("{prefix14}{}", luhn_digit(&digits))
}

pub fn full_setup() -> Setup {
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

/// An empty directory, contoso.com verified, 1 seat.
pub fn base() -> Setup {
    let s = ok(&Setup::new(), Command::ClearDirectory);
    let s = ok(
        &s,
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
    ok(&s, Command::SetPurchasedLicenses { count: 1 })
}

pub fn add_user(s: &Setup, name: &str, upn: &str, location: &str) -> Setup {
    ok(
        s,
        Command::AddUser {
            display_name: name.into(),
            upn: upn.into(),
            usage_location: location.into(),
        },
    )
}

pub fn id_of(s: &Setup, upn: &str) -> UserId {
    s.directory
        .users
        .iter()
        .find(|u| u.upn == upn)
        .expect("user")
        .id
}
