//! Step 6 (enrollment per platform, corporate devices) and step 7 (summary,
//! export and import) rules.

use super::*;
use crate::certificate::{read_certificate, CertificateError, WARN_DAYS};
use crate::devices::{luhn_digit, parse_devices, parse_identifier, IdentifierError, ImportError};
use crate::testing::push_certificate;
use crate::text::TextError;

const T0: Timestamp = Timestamp(1_795_730_434_000);
const DAY: i64 = 86_400_000;
const TOPIC_A: &str = "com.apple.mgmt.External.0a1b2c3d-aaaa";
const TOPIC_B: &str = "com.apple.mgmt.External.9f8e7d6c-bbbb";

fn ok(setup: &Setup, cmd: Command) -> Setup {
    setup
        .apply(cmd, T0)
        .unwrap_or_else(|e| panic!("refused: {e}"))
}

fn err(setup: &Setup, cmd: Command) -> DomainError {
    setup.apply(cmd, T0).expect_err("should be refused")
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

fn imei(prefix14: &str) -> String {
    let digits: Vec<u8> = prefix14.bytes().map(|b| b - b'0').collect();
    format!("{prefix14}{}", luhn_digit(&digits))
}

#[test]
fn luhn_and_identifier_rules() {
    // A documented example IMEI: 49015420323751 + check digit 8.
    assert_eq!(luhn_digit(&[4, 9, 0, 1, 5, 4, 2, 0, 3, 2, 3, 7, 5, 1]), 8);
    assert_eq!(
        parse_identifier("49-015420-323751-8"),
        Ok((DeviceKind::Imei, "490154203237518".into()))
    );
    assert_eq!(
        parse_identifier(" 4901 5420 3237 518 "),
        Ok((DeviceKind::Imei, "490154203237518".into()))
    );
    assert_eq!(
        parse_identifier("490154203237519"),
        Err(IdentifierError::BadCheckDigit {
            value: "490154203237519".into(),
            found: '9',
            expected: '8'
        })
    );
    assert!(matches!(
        parse_identifier("4901-5420-3237"),
        Err(IdentifierError::ImeiLength { digits: 12, .. })
    ));
    assert!(matches!(
        parse_identifier("4901542032375189"),
        Err(IdentifierError::ImeiLength { digits: 16, .. })
    ));
    assert_eq!(
        parse_identifier("c02xk1abjg5h"),
        Ok((DeviceKind::Serial, "C02XK1ABJG5H".into()))
    );
    assert_eq!(
        parse_identifier("ABCD"),
        Ok((DeviceKind::Serial, "ABCD".into()))
    );
    assert!(matches!(
        parse_identifier("ABC"),
        Err(IdentifierError::SerialLength { chars: 3, .. })
    ));
    assert_eq!(
        parse_identifier(&"A".repeat(30)).map(|p| p.0),
        Ok(DeviceKind::Serial)
    );
    assert!(matches!(
        parse_identifier(&"A".repeat(31)),
        Err(IdentifierError::SerialLength { chars: 31, .. })
    ));
    assert!(matches!(
        parse_identifier("AB_CD"),
        Err(IdentifierError::SerialCharacter { character: '_', .. })
    ));
    assert!(matches!(
        parse_identifier("ABC-DEF"),
        Err(IdentifierError::SerialCharacter { character: '-', .. })
    ));
    assert!(matches!(
        parse_identifier("ÄBCD"),
        Err(IdentifierError::SerialCharacter {
            character: 'Ä', ..
        })
    ));
    assert_eq!(parse_identifier("   "), Err(IdentifierError::Empty));
}

#[test]
fn csv_edge_cases() {
    let good = imei("35209900176148");
    let text = format!(
        "\u{feff}IMEI,Description\r\n{good},\"Reception, desk 2\"\r\n\r\n  \r\n\"C02XK1ABJG5H\";\"He said \"\"hi\"\"\"\r\nABCD1234\tspare\n"
    );
    let import = parse_devices(&text, &[]).expect("parsed");
    assert_eq!(import.header_line, Some(1));
    assert!(import.problems.is_empty(), "{:?}", import.problems);
    let lines: Vec<_> = import
        .devices
        .iter()
        .map(|d| (d.line, d.identifier.as_str(), d.description.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (2, good.as_str(), "Reception, desk 2"),
            (5, "C02XK1ABJG5H", "He said \"hi\""),
            (6, "ABCD1234", "spare"),
        ]
    );
    // A header is only recognised on the first line; quotes must close.
    let import =
        parse_devices("ABCD1234\nserial\n\"ABCD5678,x\nEFGH1234,a,b\n", &[]).expect("parsed");
    assert_eq!(import.header_line, None);
    let problems: Vec<_> = import.problems.iter().map(|p| p.line).collect();
    assert_eq!(problems, vec![3, 4]);
    assert!(import.problems[0].reason.contains("not closed"));
    assert!(import.problems[1].reason.contains("3 values"));
    assert_eq!(
        import.devices.len(),
        2,
        "serial is a valid 6-letter serial number on line 2"
    );
    assert_eq!(
        parse_devices("\n\r\n  \n", &[]),
        Err(ImportError::NothingToImport)
    );
    assert_eq!(
        parse_devices("IMEI\n", &[]),
        Err(ImportError::NothingToImport)
    );
}

#[test]
fn duplicates_in_the_file_and_against_the_list_are_reported() {
    let s = ok(
        &ready(),
        Command::ImportDevices {
            text: "ABCD1234".into(),
            skip_invalid: false,
        },
    );
    let import =
        parse_devices("abcd1234\nEFGH5678\nefgh5678\n", &s.enrollment.devices).expect("parsed");
    let reasons: Vec<_> = import
        .problems
        .iter()
        .map(|p| (p.line, p.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                1,
                "ABCD1234 is already in the list of corporate devices.".to_string()
            ),
            (3, "EFGH5678 is a duplicate of line 2.".to_string()),
        ]
    );
}

#[test]
fn a_list_with_bad_lines_imports_nothing_unless_skipping_is_chosen() {
    let s = ready();
    let text = format!("{}\n490154203237519\nWXYZ9876\n", imei("35209900176148"));
    let e = err(
        &s,
        Command::ImportDevices {
            text: text.clone(),
            skip_invalid: false,
        },
    );
    let message = e.to_string();
    assert!(
        message.contains("Nothing was imported") && message.contains("line 2"),
        "{message}"
    );
    let s2 = ok(
        &s,
        Command::ImportDevices {
            text,
            skip_invalid: true,
        },
    );
    assert_eq!(s2.enrollment.devices.len(), 2);
    assert!(matches!(
        err(
            &s2,
            Command::ImportDevices {
                text: "bad_one\nABC\n".into(),
                skip_invalid: true
            }
        ),
        DomainError::Enrollment(EnrollmentError::Devices(ImportError::NoValidLines { .. }))
    ));
    let s3 = ok(
        &s2,
        Command::RemoveDevice {
            identifier: "wxyz9876".into(),
        },
    );
    assert_eq!(s3.enrollment.devices.len(), 1);
    assert!(matches!(
        err(
            &s3,
            Command::RemoveDevice {
                identifier: "WXYZ9876".into()
            }
        ),
        DomainError::Enrollment(EnrollmentError::UnknownDevice { .. })
    ));
    assert!(ok(&s3, Command::ClearDevices).enrollment.devices.is_empty());
}

#[test]
fn ten_thousand_lines_import_and_more_are_refused() {
    let s = ready();
    let lines: Vec<String> = (0..devices::MAX_IMPORT_LINES)
        .map(|i| format!("SN{i:08}"))
        .collect();
    let s = ok(
        &s,
        Command::ImportDevices {
            text: lines.join("\n"),
            skip_invalid: false,
        },
    );
    assert_eq!(s.enrollment.devices.len(), devices::MAX_IMPORT_LINES);
    let more: Vec<String> = (0..=devices::MAX_IMPORT_LINES)
        .map(|i| format!("XN{i:08}"))
        .collect();
    assert!(matches!(
        parse_devices(&more.join("\n"), &[]),
        Err(ImportError::TooManyLines {
            lines: 10_001,
            max: 10_000
        })
    ));
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
fn export_and_import_round_trip() {
    let s = full_setup();
    let json = codec::encode_pretty(&s);
    let read = codec::import(&json).expect("its own export is accepted");
    assert_eq!(read, s);
    // Importing replaces everything, as the next revision of the target.
    let target = ok(
        &Setup::new(),
        Command::AddDomain {
            name: "other.com".into(),
        },
    );
    let replaced = ok(
        &target,
        Command::ImportSetup {
            setup: Box::new(read),
        },
    );
    assert_eq!(replaced.revision, target.revision + 1);
    assert_eq!(replaced.enrollment, s.enrollment);
    assert_eq!(replaced.connections, s.connections);
}

#[test]
fn import_names_the_first_problem_and_its_path() {
    let s = full_setup();
    let mut value: serde_json::Value = serde_json::from_str(&codec::encode(&s)).expect("json");
    let problem = |v: &serde_json::Value| codec::import(&v.to_string()).expect_err("refused");

    let mut bad = value.clone();
    bad["connections"]["domains"][0]["name"] = "bad_name.com".into();
    let p = problem(&bad);
    assert_eq!(p.path, "connections.domains[0].name");

    let mut bad = value.clone();
    bad["enrollment"]["devices"][0]["identifier"] = "352099001761480".into();
    assert_eq!(problem(&bad).path, "enrollment.devices[0].identifier");

    let mut bad = value.clone();
    bad["enrollment"]["devices"][1]["kind"] = "tablet".into();
    assert_eq!(problem(&bad).path, "enrollment.devices[1].kind");

    let mut bad = value.clone();
    bad["enrollment"]["cnames_published"] = serde_json::json!(["fabrikam.com"]);
    assert_eq!(problem(&bad).path, "enrollment.cnames_published");

    let mut bad = value.clone();
    bad["schema_version"] = 99.into();
    let p = problem(&bad);
    assert_eq!(p.path, "schema_version");
    assert!(p.message.contains("newer"), "{p}");

    assert_eq!(codec::import("[1,2]").expect_err("array").path, ".");
    assert!(codec::import("{\"schema_version\": 2,")
        .expect_err("cut")
        .message
        .contains("not valid JSON"));

    // The reducer checks again, whatever the caller read.
    value["enrollment"]["cnames_published"] = serde_json::json!(["fabrikam.com"]);
    let unchecked: Setup = serde_json::from_value(value).expect("shape is fine");
    assert!(matches!(
        err(&Setup::new(), Command::ImportSetup { setup: Box::new(unchecked) }),
        DomainError::Import { path, .. } if path == "enrollment.cnames_published"
    ));
}

#[test]
fn version_one_documents_are_migrated() {
    let s = ready();
    let mut value: serde_json::Value = serde_json::from_str(&codec::encode(&s)).expect("json");
    let object = value.as_object_mut().expect("object");
    object.remove("enrollment");
    object.insert("schema_version".into(), 1.into());
    let read = codec::import(&value.to_string()).expect("migrated");
    assert_eq!(read.schema_version, SCHEMA_VERSION);
    assert_eq!(read.enrollment, Enrollment::default());
    assert_eq!(read.connections, s.connections);
    assert_eq!(
        codec::import(
            &value
                .to_string()
                .replace("\"schema_version\":1", "\"schema_version\":0")
        )
        .expect_err("0")
        .path,
        "schema_version"
    );
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
