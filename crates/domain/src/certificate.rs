//! Reading the Apple MDM push certificate the admin downloads from Apple:
//! PEM or DER X.509, read by the small DER reader in `der` (it writes the
//! subject as RustCrypto's `x509-cert` does, which the tests check). We keep
//! what the admin and the renewal rule need: subject, push topic (the UID
//! attribute), serial number and validity.

mod der;

use crate::text::grouped;
use crate::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};

#[doc(hidden)]
pub use der::ATTRIBUTE_NAMES;

/// Every MDM push topic starts with this.
pub const TOPIC_PREFIX: &str = "com.apple.mgmt.";

/// Push certificates are a few kilobytes; anything far larger is not one.
pub const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;

/// Apple warns this many days before expiry; so do we.
pub const WARN_DAYS: i64 = 30;

const MS_PER_DAY: i64 = 86_400_000;

/// What the app keeps of an uploaded push certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushCertificate {
    /// RFC 4514 form, e.g. `UID=com.apple.mgmt.External.…,CN=APSP:…,C=US`.
    pub subject: String,
    /// The push topic, e.g. `com.apple.mgmt.External.1c0b…`.
    pub topic: String,
    /// Upper-case hex bytes separated by colons.
    pub serial: String,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
}

/// Why a file was refused as a push certificate. Nothing is changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum CertificateError {
    #[error(
        "The file is empty (0 bytes): choose the certificate file Apple gave you (.pem or .cer)."
    )]
    Empty,
    #[error("The file is {} bytes, far larger than a push certificate (at most {} bytes): it is not the certificate from Apple.", grouped(*bytes as u64), grouped(*max as u64))]
    TooLarge { bytes: usize, max: usize },
    #[error("This is the certificate signing request you send to Apple, not the certificate Apple sends back. Upload it at Apple's Push Certificates Portal, then upload the certificate you receive here.")]
    SigningRequest,
    #[error("The file holds a PEM “{label}” block, not a certificate (“CERTIFICATE”).")]
    WrongPemType { label: String },
    #[error("The PEM text is damaged: {reason}")]
    BadPem { reason: String },
    #[error("The file is not a certificate: it is neither PEM text (-----BEGIN CERTIFICATE-----) nor a DER certificate (its first byte is {first}, not 0x30).")]
    NotCertificate { first: String },
    #[error("The file has a -----BEGIN CERTIFICATE----- block, but what it holds is not a certificate: decoded, it starts with byte {first} where a certificate starts with 0x30. The file was edited or damaged; download it again from Apple.")]
    PemNotCertificate { first: String },
    #[error("The certificate is truncated: it declares {} bytes but the file holds {}. Download it again from Apple.", grouped(*declared as u64), grouped(*available as u64))]
    Truncated { declared: usize, available: usize },
    #[error("The certificate cannot be read ({detail}).")]
    Unparseable { detail: String },
    #[error("The certificate has no push topic (no UID attribute in its subject “{subject}”): it is not an Apple MDM push certificate.")]
    NoTopic { subject: String },
    #[error("The certificate's topic “{topic}” does not start with {TOPIC_PREFIX}: it is not an Apple MDM push certificate.")]
    NotPushTopic { topic: String },
    #[error("This certificate expired on {on}: renew it at Apple's Push Certificates Portal and upload the new one.")]
    Expired { on: String },
}

/// How a recorded certificate stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateHealth {
    Valid { days_left: i64 },
    ExpiresSoon { days_left: i64, on: Date },
    Expired { on: Date },
}

impl PushCertificate {
    pub fn health(&self, now: Timestamp) -> CertificateHealth {
        let on = self.not_after.date();
        if now >= self.not_after {
            return CertificateHealth::Expired { on };
        }
        // Days left counting the day of expiry, as a calendar does: valid
        // for 20 days reads "20 days left"; "1 day left" is the last day.
        let left = self.not_after.0 - now.0;
        let days_left = (left + MS_PER_DAY - 1) / MS_PER_DAY;
        // The warning starts 30 whole days before expiry.
        if left < WARN_DAYS * MS_PER_DAY {
            CertificateHealth::ExpiresSoon { days_left, on }
        } else {
            CertificateHealth::Valid { days_left }
        }
    }
}

/// Reads a PEM or DER certificate file and checks it is an MDM push
/// certificate.
pub fn read_certificate(bytes: &[u8]) -> Result<PushCertificate, CertificateError> {
    if bytes.is_empty() {
        return Err(CertificateError::Empty);
    }
    if bytes.len() > MAX_CERTIFICATE_BYTES {
        return Err(CertificateError::TooLarge {
            bytes: bytes.len(),
            max: MAX_CERTIFICATE_BYTES,
        });
    }
    if looks_like_pem(bytes) {
        let der = pem_to_der(bytes)?;
        // What a PEM block holds is judged as such, not as a whole file.
        return parse_der(&der).map_err(|e| match e {
            CertificateError::NotCertificate { first } => {
                CertificateError::PemNotCertificate { first }
            }
            other => other,
        });
    }
    parse_der(bytes)
}

fn looks_like_pem(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    text[start..].starts_with(b"-----BEGIN ")
}

/// The first `CERTIFICATE` block of a PEM file, decoded.
fn pem_to_der(bytes: &[u8]) -> Result<Vec<u8>, CertificateError> {
    let bad = |reason: &str| CertificateError::BadPem {
        reason: reason.to_owned(),
    };
    let text = std::str::from_utf8(bytes).map_err(|_| bad("it is not plain text."))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().map(str::trim);
    let begin = lines
        .find(|l| !l.is_empty())
        .ok_or_else(|| bad("no BEGIN line."))?;
    let label = begin
        .strip_prefix("-----BEGIN ")
        .and_then(|l| l.strip_suffix("-----"))
        .ok_or_else(|| bad("the BEGIN line is malformed."))?;
    match label {
        "CERTIFICATE" => {}
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            return Err(CertificateError::SigningRequest)
        }
        other => {
            return Err(CertificateError::WrongPemType {
                label: crate::text::shorten(other, 40),
            })
        }
    }
    let mut body = String::new();
    let mut ended = false;
    for line in lines {
        if line.starts_with("-----END ") {
            if line != "-----END CERTIFICATE-----" {
                return Err(bad("the END line does not match the BEGIN line."));
            }
            ended = true;
            break;
        }
        // RFC 7468 allows headers in legacy files; certificates have none.
        body.push_str(line);
    }
    if !ended {
        return Err(bad(
            "the -----END CERTIFICATE----- line is missing (the file is cut short).",
        ));
    }
    crate::image::base64::decode(&body)
        .ok_or_else(|| bad("the text between BEGIN and END is not valid base64."))
}

fn parse_der(der: &[u8]) -> Result<PushCertificate, CertificateError> {
    if der.first() != Some(&0x30) {
        return Err(CertificateError::NotCertificate {
            first: der
                .first()
                .map(|b| format!("0x{b:02X}"))
                .unwrap_or_else(|| "missing".into()),
        });
    }
    if let Some(declared) = declared_length(der) {
        if declared > der.len() {
            return Err(CertificateError::Truncated {
                declared,
                available: der.len(),
            });
        }
    }
    let fields = der::read(der)?;
    let subject = fields.subject;
    let topic = fields.uid.ok_or_else(|| CertificateError::NoTopic {
        subject: crate::text::shorten(&subject, 120),
    })?;
    if !topic.starts_with(TOPIC_PREFIX) || topic.len() == TOPIC_PREFIX.len() {
        return Err(CertificateError::NotPushTopic {
            topic: crate::text::shorten(&topic, 80),
        });
    }
    let serial = fields
        .serial
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    Ok(PushCertificate {
        subject,
        topic,
        serial,
        not_before: fields.not_before,
        not_after: fields.not_after,
    })
}

/// The total length the outer DER header declares, when it can be read.
fn declared_length(der: &[u8]) -> Option<usize> {
    let first = *der.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let count = usize::from(first & 0x7F);
    if count == 0 || count > 4 {
        return None;
    }
    let bytes = der.get(2..2 + count)?;
    let length = bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b));
    Some(2 + count + length)
}
