//! Test support shared by the domain tests and the end-to-end suite:
//! whole minimal PNG files for the logo rules, and
//! genuine X.509 push certificates, generated on the fly (rcgen), so tests
//! exercise the real parser with any topic and expiry.

use crate::time::Timestamp;
use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, SerialNumber};

/// The UID attribute, where Apple puts the push topic.
const UID: [u64; 7] = [0, 9, 2342, 19_200_300, 100, 1, 1];

/// A self-signed certificate shaped like Apple's MDM push certificate.
pub struct TestCertificate {
    pub pem: String,
    pub der: Vec<u8>,
}

/// `topic` goes in the UID attribute (pass `None` for a certificate without
/// one); it is valid from a day before `not_after - lifetime` to `not_after`.
pub fn push_certificate(
    topic: Option<&str>,
    serial: &[u8],
    not_after: Timestamp,
) -> TestCertificate {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    if let Some(topic) = topic {
        name.push(DnType::CustomDnType(UID.to_vec()), topic);
    }
    name.push(DnType::CommonName, "APSP:test-certificate");
    name.push(DnType::CountryName, "US");
    params.distinguished_name = name;
    params.serial_number = Some(SerialNumber::from_slice(serial));
    let at = |ms: i64| {
        time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    };
    params.not_after = at(not_after.0);
    params.not_before = at(not_after.0 - 365 * 86_400_000);
    let key = KeyPair::generate().unwrap_or_else(|e| panic!("key generation failed: {e}"));
    let cert = params
        .self_signed(&key)
        .unwrap_or_else(|e| panic!("self-signing failed: {e}"));
    TestCertificate {
        pem: cert.pem(),
        der: cert.der().to_vec(),
    }
}

/// Property-test case counts: `default` in the test command (bounded time),
/// or `FUZZ_CASES` for a longer run on demand
/// (`FUZZ_CASES=1000000 cargo test -p domain --release --tests`).
pub fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A minimal whole PNG of `width` × `height` for the logo rules: signature,
/// IHDR, an IDAT chunk and IEND (CRCs are not checked, pixels not decoded).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(&13u32.to_be_bytes());
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0]);
    b.extend_from_slice(&[0, 0, 0, 0]); // CRC (not checked)
    b.extend_from_slice(&PNG_TAIL);
    b
}

/// An IDAT chunk (an empty zlib stream) and the IEND chunk: what makes a
/// PNG header a whole file for the inspector.
pub const PNG_TAIL: [u8; 32] = [
    0, 0, 0, 8, b'I', b'D', b'A', b'T', 0x78, 0x9C, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0, //
    0, 0, 0, 0, b'I', b'E', b'N', b'D', 0, 0, 0, 0,
];
