//! The app's own DER reader (`certificate::der`) held to RustCrypto's
//! `x509-cert`, which it replaced in the wasm: on generated certificates
//! (any subject of the attribute types it names, any serial, any validity
//! from 1970 to 9999) both read the same subject text, topic, serial and
//! validity, or both refuse for the same reason; on damaged ones, whatever
//! `x509-cert` reads, the app reads the same.

use domain::certificate::{read_certificate, CertificateError, PushCertificate, ATTRIBUTE_NAMES};
use domain::Timestamp;
use proptest::prelude::*;
use rcgen::{
    CertificateParams, DistinguishedName, DnType, DnValue, Ia5String, KeyPair, PrintableString,
    SerialNumber, TeletexString,
};
use x509_cert::der::asn1::{Ia5StringRef, PrintableStringRef, Utf8StringRef};
use x509_cert::der::oid::db::DB;
use x509_cert::der::oid::ObjectIdentifier;
use x509_cert::der::{Decode, Encode};
use x509_cert::Certificate;

const UID: [u64; 7] = [0, 9, 2342, 19_200_300, 100, 1, 1];

/// What `read_certificate` did with `x509-cert` (until this reader): the
/// reference, for a DER certificate.
fn reference(der: &[u8]) -> Result<PushCertificate, CertificateError> {
    let cert = Certificate::from_der(der).map_err(|e| CertificateError::Unparseable {
        detail: e.to_string(),
    })?;
    let tbs = &cert.tbs_certificate;
    let subject = tbs.subject.to_string();
    let uid = ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.1");
    let topic = tbs
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == uid)
        .and_then(|atv| {
            Utf8StringRef::try_from(&atv.value)
                .map(|s| s.as_str().to_owned())
                .or_else(|_| {
                    PrintableStringRef::try_from(&atv.value).map(|s| s.as_str().to_owned())
                })
                .or_else(|_| Ia5StringRef::try_from(&atv.value).map(|s| s.as_str().to_owned()))
                .ok()
        })
        .ok_or_else(|| CertificateError::NoTopic {
            subject: domain::text::shorten(&subject, 120),
        })?;
    if !topic.starts_with("com.apple.mgmt.") || topic.len() == "com.apple.mgmt.".len() {
        return Err(CertificateError::NotPushTopic {
            topic: domain::text::shorten(&topic, 80),
        });
    }
    let millis = |t: &x509_cert::time::Time| {
        Timestamp(i64::try_from(t.to_unix_duration().as_millis()).unwrap_or(i64::MAX))
    };
    Ok(PushCertificate {
        subject,
        topic,
        serial: tbs
            .serial_number
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":"),
        not_before: millis(&tbs.validity.not_before),
        not_after: millis(&tbs.validity.not_after),
    })
}

/// The same outcome: equal when read; the same refusal otherwise (the two
/// readers word "cannot be read" differently, and a cut-short file may be
/// either "truncated" or "cannot be read").
fn same(
    ours: &Result<PushCertificate, CertificateError>,
    theirs: &Result<PushCertificate, CertificateError>,
) -> bool {
    use CertificateError::{Truncated, Unparseable};
    match (ours, theirs) {
        (Ok(a), Ok(b)) => a == b,
        (
            Err(Unparseable { .. } | Truncated { .. }),
            Err(Unparseable { .. } | Truncated { .. }),
        ) => true,
        (Err(a), Err(b)) => a == b,
        _ => false,
    }
}

fn oid_arcs(content: &[u8]) -> Vec<u64> {
    let text = ObjectIdentifier::from_bytes(content)
        .expect("an OID")
        .to_string();
    text.split('.')
        .map(|arc| arc.parse().expect("an arc"))
        .collect()
}

#[test]
fn attribute_names_are_those_x509_cert_writes() {
    for (content, name) in ATTRIBUTE_NAMES {
        let oid = ObjectIdentifier::from_bytes(content).expect("an OID");
        let shortest = DB
            .find_names_for_oid(oid)
            .min_by_key(|n| n.len())
            .map(|n| n.to_ascii_uppercase());
        assert_eq!(shortest.as_deref(), Some(*name), "{oid}");
    }
}

/// An attribute value as rcgen writes it: UTF8String, PrintableString,
/// IA5String or TeletexString, with RFC 4514's special characters.
fn value() -> impl Strategy<Value = DnValue> {
    prop_oneof![
        "[#  ,+\"\\\\;<>=a-zé\u{1}\u{7f}]{0,12}".prop_map(DnValue::Utf8String),
        "\\PC{0,10}".prop_map(DnValue::Utf8String),
        "[A-Za-z0-9 '()+,./:=-]{1,12}".prop_map(|s| {
            DnValue::PrintableString(PrintableString::try_from(s).expect("printable"))
        }),
        "[ -~\u{1}]{1,12}".prop_map(|s| DnValue::Ia5String(Ia5String::try_from(s).expect("ascii"))),
        "[ -~]{1,12}"
            .prop_map(|s| { DnValue::TeletexString(TeletexString::try_from(s).expect("teletex")) }),
    ]
}

/// An attribute type the reader names, or one no database names.
fn attribute_type() -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![
        (0..ATTRIBUTE_NAMES.len()).prop_map(|i| oid_arcs(ATTRIBUTE_NAMES[i].0)),
        (1u64..100_000).prop_map(|n| vec![1, 3, 6, 1, 4, 1, 99_999, n]),
    ]
}

fn topic() -> impl Strategy<Value = Option<DnValue>> {
    prop_oneof![
        Just(None),
        "com\\.apple\\.mgmt\\.External\\.[0-9a-f-]{1,36}"
            .prop_map(|t| Some(DnValue::Utf8String(t))),
        "com\\.apple\\.mgmt\\.[A-Za-z.]{0,8}".prop_map(|t| {
            Some(DnValue::PrintableString(
                PrintableString::try_from(t).expect("printable"),
            ))
        }),
        "[a-z.]{0,20}"
            .prop_map(|t| Some(DnValue::Ia5String(Ia5String::try_from(t).expect("ascii")))),
    ]
}

/// 1970-01-01 to 9999-12-31 (UTCTime before 2050, GeneralizedTime after).
fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..2_524_608_000, 0i64..253_402_300_800]
}

fn certificate(
    subject: &[(Vec<u64>, DnValue)],
    topic: Option<DnValue>,
    serial: &[u8],
    validity: (i64, i64),
) -> Vec<u8> {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    if let Some(topic) = topic {
        name.push(DnType::CustomDnType(UID.to_vec()), topic);
    }
    for (arcs, value) in subject {
        name.push(DnType::CustomDnType(arcs.clone()), value.clone());
    }
    params.distinguished_name = name;
    params.serial_number = Some(SerialNumber::from_slice(serial));
    let at = |s: i64| time::OffsetDateTime::from_unix_timestamp(s).expect("in range");
    params.not_before = at(validity.0);
    params.not_after = at(validity.1);
    let key = KeyPair::generate().expect("a key");
    params.self_signed(&key).expect("signed").der().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(domain::testing::cases(300)))]

    #[test]
    fn generated_certificates_read_as_x509_cert_reads_them(
        subject in proptest::collection::vec((attribute_type(), value()), 0..5),
        topic in topic(),
        serial in proptest::collection::vec(any::<u8>(), 1..20),
        validity in (instant(), instant()),
    ) {
        let der = certificate(&subject, topic, &serial, validity);
        let theirs = reference(&der);
        let ours = read_certificate(&der);
        prop_assert!(same(&ours, &theirs), "ours {ours:?}\ntheirs {theirs:?}");
        // The whole subject is read: every attribute is in it.
        if let Ok(read) = &ours {
            prop_assert_eq!(read.subject.matches(',').count() + 1 >= subject.len(), true);
        }
    }

    #[test]
    fn damaged_certificates_read_as_x509_cert_reads_them(
        at in 0usize..2000,
        value in any::<u8>(),
        cut in 0usize..2000,
    ) {
        let mut der = certificate(
            &[(oid_arcs(ATTRIBUTE_NAMES[0].0), DnValue::Utf8String("APSP:damaged".into()))],
            Some(DnValue::Utf8String("com.apple.mgmt.External.damaged".into())),
            &[0x12, 0x34],
            (1_700_000_000, 1_800_000_000),
        );
        let len = der.len();
        der[at % len] = value;
        der.truncate(cut % (len + 1));
        // The app's reader checks less of what it does not keep (the
        // algorithms, the key, the extensions' insides), so it may read a
        // file x509-cert refuses; never the other way, never differently.
        let theirs = reference(&der);
        if theirs.is_ok() {
            let ours = read_certificate(&der);
            prop_assert!(same(&ours, &theirs), "ours {ours:?}\ntheirs {theirs:?}");
        }
    }
}

#[test]
fn a_multi_valued_name_and_unnamed_types_are_written_as_x509_cert_writes_them() {
    // A subject of one RDN holding CN and UID (DER sorts a SET's
    // elements), then O, then telephoneNumber (2.5.4.20: the database
    // names it; the app's reader writes it as its OID).
    let cert = certificate(
        &[(
            oid_arcs(ATTRIBUTE_NAMES[0].0),
            DnValue::Utf8String("x".into()),
        )],
        Some(DnValue::Utf8String("com.apple.mgmt.External.multi".into())),
        &[1],
        (1_700_000_000, 1_800_000_000),
    );
    let parsed = Certificate::from_der(&cert).expect("parsed");
    let mut tbs = parsed.tbs_certificate.clone();
    let mut first = tbs.subject.0.remove(0);
    let second = tbs.subject.0.remove(0);
    for atv in second.0.iter() {
        first.0.insert(atv.clone()).expect("inserted");
    }
    tbs.subject.0.insert(0, first);
    let rebuilt = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: parsed.signature_algorithm.clone(),
        signature: parsed.signature.clone(),
    }
    .to_der()
    .expect("encoded");
    let ours = read_certificate(&rebuilt).expect("read");
    assert_eq!(Ok(ours.clone()), reference(&rebuilt));
    assert!(ours.subject.contains('+'), "{}", ours.subject);

    let telephone = certificate(
        &[(vec![2, 5, 4, 20], DnValue::Utf8String("+1 555".into()))],
        Some(DnValue::Utf8String("com.apple.mgmt.External.phone".into())),
        &[1],
        (1_700_000_000, 1_800_000_000),
    );
    let ours = read_certificate(&telephone).expect("read");
    assert!(
        ours.subject.starts_with("2.5.4.20=#0c06"),
        "{}",
        ours.subject
    );
    let theirs = reference(&telephone).expect("read");
    assert!(
        theirs.subject.starts_with("TELEPHONENUMBER=\\+1 555"),
        "{}",
        theirs.subject
    );
}

#[test]
fn hand_made_encodings_are_refused_with_their_reason() {
    let good = certificate(
        &[],
        Some(DnValue::Utf8String(
            "com.apple.mgmt.External.refused".into(),
        )),
        &[7],
        (1_700_000_000, 1_800_000_000),
    );
    assert!(read_certificate(&good).is_ok());
    let detail = |bytes: &[u8]| match read_certificate(bytes) {
        Err(CertificateError::Unparseable { detail }) => detail,
        other => panic!("{other:?}"),
    };
    // Bytes after the certificate.
    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(
        detail(&trailing),
        "unexpected data after the certificate (1 bytes)"
    );
    // An indefinite length (BER, not DER).
    let mut indefinite = good.clone();
    indefinite[1] = 0x80;
    assert!(detail(&indefinite).contains("indefinite length"));
    // A length written in more bytes than needed.
    let inner_len = good.len() - 4;
    let mut long = vec![0x30, 0x83, 0x00];
    long.extend_from_slice(&[(inner_len >> 8) as u8, inner_len as u8]);
    long.extend_from_slice(&good[4..]);
    assert!(detail(&long).contains("more bytes than DER allows"));
}
