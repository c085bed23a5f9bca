//! Step 6: enrollment per platform (Apple push certificate, Android for
//! Work, Windows records).

mod common;
use common::*;
use domain::certificate::{read_certificate, CertificateError, WARN_DAYS};
use domain::testing::push_certificate;
use domain::text::TextError;
use domain::*;

#[test]
fn every_platform_is_blocked_until_the_authority_is_set() {
    let s = Setup::new();
    for p in Platform::ALL {
        assert!(
            matches!(s.platform_status(p, T0), PlatformStatus::Blocked { .. }),
            "{p:?}"
        );
    }
    assert!(matches!(
        err(&s, upload(TOPIC_A, 300, false)),
        DomainError::Enrollment(EnrollmentError::NeedsAuthority)
    ));
    assert!(matches!(
        err(
            &s,
            Command::BindAndroidForWork {
                google_account: "a@b.com".into()
            }
        ),
        DomainError::Enrollment(EnrollmentError::NeedsAuthority)
    ));
    assert!(matches!(
        err(
            &s,
            Command::ImportDevices {
                text: "ABCD1234".into(),
                skip_invalid: false
            }
        ),
        DomainError::Enrollment(EnrollmentError::NeedsAuthority)
    ));
    let s = ready();
    assert_eq!(
        s.platform_status(Platform::Android, T0),
        PlatformStatus::Ready
    );
    assert_eq!(
        s.platform_status(Platform::Apple, T0),
        PlatformStatus::NotConfigured
    );
}

#[test]
fn pem_and_der_certificates_are_read() {
    let cert = push_certificate(
        Some(TOPIC_A),
        &[0x00, 0xBE, 0xEF],
        Timestamp(T0.0 + 400 * DAY),
    );
    for bytes in [cert.pem.as_bytes(), &cert.der[..]] {
        let read = read_certificate(bytes).expect("a valid certificate");
        assert_eq!(read.topic, TOPIC_A);
        assert_eq!(read.serial, "00:BE:EF");
        assert!(
            read.subject.contains("APSP:test-certificate"),
            "{}",
            read.subject
        );
        // rcgen writes whole seconds.
        assert_eq!(read.not_after.0 / 1000, (T0.0 + 400 * DAY) / 1000);
    }
}

#[test]
fn bad_certificate_files_are_refused_with_their_reason() {
    let cert = push_certificate(Some(TOPIC_A), &[7], Timestamp(T0.0 + 400 * DAY));
    assert_eq!(read_certificate(b""), Err(CertificateError::Empty));
    assert!(matches!(
        read_certificate(&vec![0x30; 70_000]),
        Err(CertificateError::TooLarge { bytes: 70_000, .. })
    ));
    assert!(matches!(
        read_certificate(b"GIF89a not a certificate"),
        Err(CertificateError::NotCertificate { .. })
    ));
    let truncated = &cert.der[..cert.der.len() / 2];
    assert!(matches!(
        read_certificate(truncated),
        Err(CertificateError::Truncated { available, .. }) if available == truncated.len()
    ));
    let cut_pem: String = cert.pem.lines().take(5).collect::<Vec<_>>().join("\n");
    assert!(matches!(
        read_certificate(cut_pem.as_bytes()),
        Err(CertificateError::BadPem { .. })
    ));
    let csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
    assert_eq!(
        read_certificate(csr.as_bytes()),
        Err(CertificateError::SigningRequest)
    );
    let key = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
    assert!(matches!(
        read_certificate(key.as_bytes()),
        Err(CertificateError::WrongPemType { .. })
    ));
    let mut garbage = cert.der.clone();
    for b in garbage.iter_mut().skip(8).take(20) {
        *b = 0xFF;
    }
    assert!(matches!(
        read_certificate(&garbage),
        Err(CertificateError::Unparseable { .. } | CertificateError::Truncated { .. })
    ));
    let no_topic = push_certificate(None, &[1], Timestamp(T0.0 + 400 * DAY));
    assert!(matches!(
        read_certificate(&no_topic.der),
        Err(CertificateError::NoTopic { .. })
    ));
    let web = push_certificate(Some("www.contoso.com"), &[1], Timestamp(T0.0 + 400 * DAY));
    assert!(matches!(
        read_certificate(&web.der),
        Err(CertificateError::NotPushTopic { .. })
    ));
}

#[test]
fn upload_keeps_apple_id_and_details_and_refuses_bad_ones_without_change() {
    let s = ready();
    let missing_id = match upload(TOPIC_A, 300, false) {
        Command::UploadApplePushCertificate { certificate, .. } => {
            Command::UploadApplePushCertificate {
                apple_id: "  ".into(),
                certificate,
                replace_topic: false,
            }
        }
        _ => unreachable!(),
    };
    assert!(matches!(
        err(&s, missing_id),
        DomainError::Enrollment(EnrollmentError::AppleId(TextError::Required))
    ));
    let not_base64 = Command::UploadApplePushCertificate {
        apple_id: "admin@contoso.com".into(),
        certificate: "***".into(),
        replace_topic: false,
    };
    assert!(matches!(
        err(&s, not_base64),
        DomainError::Enrollment(EnrollmentError::Certificate(_))
    ));
    let expired = err(&s, upload(TOPIC_A, -1, false));
    assert!(expired.to_string().contains("expired on"), "{expired}");

    let s = ok(&s, upload(TOPIC_A, 300, false));
    let apple = s.enrollment.apple.as_ref().expect("recorded");
    assert_eq!(apple.apple_id, "admin@contoso.com");
    assert_eq!(apple.certificate.topic, TOPIC_A);
    assert_eq!(apple.certificate.serial, "01:2A");
    assert_eq!(
        s.platform_status(Platform::Apple, T0),
        PlatformStatus::Ready
    );
}

#[test]
fn certificate_health_boundaries() {
    let s = ok(&ready(), upload(TOPIC_A, WARN_DAYS, false));
    let at = |days: i64| Timestamp(T0.0 + days * DAY);
    // Exactly 30 days left: still valid; one second later: the warning.
    assert_eq!(
        s.platform_status(Platform::Apple, Timestamp(at(0).0 - 1000)),
        PlatformStatus::Ready
    );
    assert!(s.apple_certificate_warning(at(0)).is_none());
    let warning = s
        .apple_certificate_warning(at(1))
        .expect("warns within 30 days");
    assert!(warning.contains("in 29 days"), "{warning}");
    assert!(matches!(
        s.platform_status(Platform::Apple, at(1)),
        PlatformStatus::ExpiresSoon { .. }
    ));
    assert!(matches!(
        s.platform_status(Platform::Apple, at(WARN_DAYS)),
        PlatformStatus::Expired { .. }
    ));
    assert!(s
        .apple_certificate_warning(at(WARN_DAYS))
        .expect("expired")
        .contains("expired on"));
}

#[test]
fn renewal_with_another_topic_needs_explicit_replacement() {
    let s = ok(&ready(), upload(TOPIC_A, 20, false));
    // Same topic: a renewal, accepted.
    let renewed = ok(&s, upload(TOPIC_A, 380, false));
    assert!(renewed.apple_certificate_warning(T0).is_none());
    // Another topic: refused, nothing changes; with confirmation, replaced.
    let e = err(&renewed, upload(TOPIC_B, 380, false));
    assert!(
        matches!(&e, DomainError::Enrollment(EnrollmentError::TopicChanged { current, new })
        if current == TOPIC_A && new == TOPIC_B)
    );
    assert!(e.to_string().contains("enroll again"), "{e}");
    let replaced = ok(&renewed, upload(TOPIC_B, 380, true));
    assert_eq!(
        replaced
            .enrollment
            .apple
            .as_ref()
            .map(|a| a.certificate.topic.as_str()),
        Some(TOPIC_B)
    );
}

#[test]
fn android_for_work_binds_once_and_unbinds() {
    let s = ready();
    assert!(matches!(
        err(
            &s,
            Command::BindAndroidForWork {
                google_account: "not-an-address".into()
            }
        ),
        DomainError::Enrollment(EnrollmentError::GoogleAccount(_))
    ));
    assert!(matches!(
        err(&s, Command::UnbindAndroidForWork),
        DomainError::Enrollment(EnrollmentError::NotBound)
    ));
    let bound = ok(
        &s,
        Command::BindAndroidForWork {
            google_account: " it@contoso.com ".into(),
        },
    );
    assert_eq!(
        bound.platform_status(Platform::AndroidForWork, T0),
        PlatformStatus::Ready
    );
    assert!(matches!(
        err(
            &bound,
            Command::BindAndroidForWork {
                google_account: "other@contoso.com".into()
            }
        ),
        DomainError::Enrollment(EnrollmentError::AlreadyBound { .. })
    ));
    let unbound = ok(&bound, Command::UnbindAndroidForWork);
    assert_eq!(
        unbound.platform_status(Platform::AndroidForWork, T0),
        PlatformStatus::NotConfigured
    );
}

#[test]
fn windows_records_per_verified_domain() {
    let mut s = ok(
        &Setup::new(),
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    );
    assert!(matches!(
        s.platform_status(Platform::WindowsPc, T0),
        PlatformStatus::Blocked { .. }
    ));
    s = ok(
        &s,
        Command::AddDomain {
            name: "contoso.com".into(),
        },
    );
    assert!(matches!(
        err(
            &s,
            Command::SetCnamesPublished {
                domain: "contoso.com".into(),
                published: true
            }
        ),
        DomainError::Enrollment(EnrollmentError::DomainNotVerified { .. })
    ));
    for d in ["contoso.com", "fabrikam.com"] {
        if d != "contoso.com" {
            s = ok(&s, Command::AddDomain { name: d.into() });
        }
        s = ok(
            &s,
            Command::VerifyDomain {
                name: d.into(),
                method: VerificationMethod::AdminConfirmed,
            },
        );
    }
    let records = enrollment::cname_records(&DomainName::parse("contoso.com").expect("valid"));
    assert_eq!(records[0].host, "EnterpriseEnrollment.contoso.com");
    assert_eq!(
        records[0].points_to,
        "EnterpriseEnrollment-s.manage.microsoft.com"
    );
    assert_eq!(records[1].host, "EnterpriseRegistration.contoso.com");
    assert_eq!(records[1].points_to, "EnterpriseRegistration.windows.net");
    assert_eq!(records[1].ttl, "1 hour");
    assert_eq!(
        s.platform_status(Platform::WindowsMobile, T0),
        PlatformStatus::NotConfigured
    );
    s = ok(
        &s,
        Command::SetCnamesPublished {
            domain: "CONTOSO.com".into(),
            published: true,
        },
    );
    assert!(
        matches!(s.platform_status(Platform::WindowsPc, T0), PlatformStatus::InProgress { missing } if missing.contains("fabrikam.com"))
    );
    s = ok(
        &s,
        Command::SetCnamesPublished {
            domain: "fabrikam.com".into(),
            published: true,
        },
    );
    assert_eq!(
        s.platform_status(Platform::WindowsPc, T0),
        PlatformStatus::Ready
    );
    // Removing a domain forgets its acknowledgement.
    s = ok(
        &s,
        Command::RemoveDomain {
            name: "fabrikam.com".into(),
        },
    );
    assert_eq!(s.enrollment.cnames_published.len(), 1);
}

#[test]
fn step_six_is_done_with_apple_and_windows_ready() {
    let s = ready();
    assert_eq!(s.step_status(StepId::Enrollment), StepStatus::NotStarted);
    let s = ok(&s, upload(TOPIC_A, 300, false));
    assert_eq!(s.step_status(StepId::Enrollment), StepStatus::InProgress);
    assert_eq!(
        s.missing(StepId::Enrollment),
        vec!["Publish the Windows CNAME records for contoso.com.".to_string()]
    );
    let s = ok(
        &s,
        Command::SetCnamesPublished {
            domain: "contoso.com".into(),
            published: true,
        },
    );
    assert_eq!(s.step_status(StepId::Enrollment), StepStatus::Done);
    assert!(s.missing(StepId::Enrollment).is_empty());
}

#[test]
fn days_left_count_the_day_of_expiry() {
    let s = ok(&ready(), upload(TOPIC_A, 20, false));
    let cert = &s.enrollment.apple.as_ref().expect("recorded").certificate;
    // Valid for exactly 20 days, and for 19 days and a bit: 20 days left.
    assert_eq!(
        cert.health(T0),
        CertificateHealth::ExpiresSoon {
            days_left: 20,
            on: cert.not_after.date()
        }
    );
    assert!(matches!(
        cert.health(Timestamp(T0.0 + DAY / 2)),
        CertificateHealth::ExpiresSoon { days_left: 20, .. }
    ));
    // The last hours: 1 day left, not 0.
    assert!(matches!(
        cert.health(Timestamp(T0.0 + 19 * DAY + DAY / 2)),
        CertificateHealth::ExpiresSoon { days_left: 1, .. }
    ));
    assert!(s
        .apple_certificate_warning(T0)
        .expect("warns")
        .contains("in 20 days"));
}

#[test]
fn a_certificate_pem_block_holding_something_else_says_so() {
    // A real header and footer around base64 that is not a certificate.
    let pem = "-----BEGIN CERTIFICATE-----\nSGVsbG8sIHdvcmxkIQ==\n-----END CERTIFICATE-----\n";
    let error = read_certificate(pem.as_bytes()).expect_err("not a certificate");
    assert_eq!(
        error,
        CertificateError::PemNotCertificate {
            first: "0x48".into()
        }
    );
    let message = error.to_string();
    assert!(message.contains("BEGIN CERTIFICATE"), "{message}");
    assert!(!message.contains("neither PEM"), "{message}");
}
