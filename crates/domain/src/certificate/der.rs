//! A strict reader for the little of DER X.509 (RFC 5280 §4.1) the app
//! keeps: serial number, validity and subject.
//!
//! It replaces RustCrypto's `x509-cert`. That crate, with its OID name
//! database, cost the wasm 30.7 KB brotli (28.6 in the pages' part, 2.1 in
//! the main module), and the app needs none of the rest. The native tests hold it to `x509-cert` on
//! generated certificates: the same subject text, topic, serial and
//! validity (`tests/certificate_reader.rs`).
//!
//! What it checks: every element's tag, definite and minimal lengths, every
//! element inside its parent and nothing after the certificate, the fields
//! in their order, serial numbers as DER integers, and times as DER times
//! (UTCTime or GeneralizedTime, seconds and `Z`, 1970–9999). It does not
//! check the signature: neither did `x509-cert`, and Apple's portal is the
//! certificate's source.

use super::CertificateError;
use crate::time::{Date, Timestamp};
use std::fmt::Write;

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;
const UTF8_STRING: u8 = 0x0C;
const PRINTABLE_STRING: u8 = 0x13;
const TELETEX_STRING: u8 = 0x14;
const IA5_STRING: u8 = 0x16;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
/// `[0] EXPLICIT Version`, `[1]`/`[2]` unique identifiers, `[3]` extensions.
const VERSION: u8 = 0xA0;
const ISSUER_UNIQUE_ID: u8 = 0x81;
const SUBJECT_UNIQUE_ID: u8 = 0x82;
const EXTENSIONS: u8 = 0xA3;

/// `userId` (0.9.2342.19200300.100.1.1), as its DER content bytes: where
/// Apple puts the push topic.
const UID: &[u8] = &[0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x01];

/// The attribute types a subject is written with by name (RFC 4514), as
/// `x509-cert` names them (the shortest name in its OID database, upper
/// case; a native test checks each against that database). Any other type
/// is written as its dotted OID and the value's DER in hex, as there.
pub const ATTRIBUTE_NAMES: &[(&[u8], &str)] = &[
    (&[0x55, 0x04, 0x03], "CN"),
    (&[0x55, 0x04, 0x04], "SN"),
    (&[0x55, 0x04, 0x05], "SERIALNUMBER"),
    (&[0x55, 0x04, 0x06], "C"),
    (&[0x55, 0x04, 0x07], "L"),
    (&[0x55, 0x04, 0x08], "ST"),
    (&[0x55, 0x04, 0x09], "STREET"),
    (&[0x55, 0x04, 0x0A], "O"),
    (&[0x55, 0x04, 0x0B], "OU"),
    (&[0x55, 0x04, 0x0C], "TITLE"),
    (&[0x55, 0x04, 0x0D], "DESCRIPTION"),
    (&[0x55, 0x04, 0x0F], "BUSINESSCATEGORY"),
    (&[0x55, 0x04, 0x11], "POSTALCODE"),
    (&[0x55, 0x04, 0x29], "NAME"),
    (&[0x55, 0x04, 0x2A], "GIVENNAME"),
    (&[0x55, 0x04, 0x2B], "INITIALS"),
    (&[0x55, 0x04, 0x2C], "GENERATIONQUALIFIER"),
    (&[0x55, 0x04, 0x2E], "DNQUALIFIER"),
    (&[0x55, 0x04, 0x41], "PSEUDONYM"),
    (UID, "UID"),
    (
        &[0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x03],
        "MAIL",
    ),
    (
        &[0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x19],
        "DC",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01],
        "EMAIL",
    ),
];

/// What the app keeps of a certificate, before the push-topic rules.
#[derive(Debug)]
pub(super) struct Fields {
    /// RFC 4514 text, as `x509-cert` writes it.
    pub subject: String,
    /// The first UID attribute of the subject, when it is text.
    pub uid: Option<String>,
    /// The serial number's DER content bytes.
    pub serial: Vec<u8>,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
}

fn unreadable(detail: impl Into<String>) -> CertificateError {
    CertificateError::Unparseable {
        detail: detail.into(),
    }
}

/// One element: its tag, its content, and its whole encoding.
struct Element<'a> {
    tag: u8,
    content: &'a [u8],
    encoded: &'a [u8],
}

/// The elements of one constructed value, in order.
struct Reader<'a> {
    rest: &'a [u8],
    /// Where the top level starts, so truncation can be told as such.
    whole: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader {
            rest: bytes,
            whole: bytes.len(),
        }
    }

    fn inside(content: &'a [u8]) -> Self {
        Reader {
            rest: content,
            whole: usize::MAX,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn next(&mut self, what: &str) -> Result<Element<'a>, CertificateError> {
        let bytes = self.rest;
        let Some(&tag) = bytes.first() else {
            return Err(unreadable(format!("{what} is missing")));
        };
        if tag & 0x1F == 0x1F {
            return Err(unreadable(format!(
                "{what} has a tag form certificates do not use"
            )));
        }
        let Some(&first) = bytes.get(1) else {
            return Err(unreadable(format!("{what} has no length")));
        };
        let (header, length) = if first < 0x80 {
            (2, usize::from(first))
        } else {
            let count = usize::from(first & 0x7F);
            if count == 0 {
                return Err(unreadable(format!(
                    "{what} has an indefinite length, which DER does not allow"
                )));
            }
            if count > 4 {
                return Err(unreadable(format!("{what} declares an impossible length")));
            }
            let Some(digits) = bytes.get(2..2 + count) else {
                return Err(unreadable(format!("{what} has a cut-short length")));
            };
            if digits[0] == 0 || (count == 1 && digits[0] < 0x80) {
                return Err(unreadable(format!(
                    "{what} has a length written in more bytes than DER allows"
                )));
            }
            let length = digits
                .iter()
                .fold(0usize, |n, digit| (n << 8) | usize::from(*digit));
            (2 + count, length)
        };
        let end = header.saturating_add(length);
        if end > bytes.len() {
            if self.whole == bytes.len() {
                return Err(CertificateError::Truncated {
                    declared: end,
                    available: bytes.len(),
                });
            }
            return Err(unreadable(format!(
                "{what} runs past the end of what holds it"
            )));
        }
        self.rest = &bytes[end..];
        Ok(Element {
            tag,
            content: &bytes[header..end],
            encoded: &bytes[..end],
        })
    }

    fn expect(&mut self, tag: u8, what: &str) -> Result<&'a [u8], CertificateError> {
        let element = self.next(what)?;
        if element.tag != tag {
            return Err(unreadable(format!(
                "{what} has tag 0x{:02X} where 0x{tag:02X} was expected",
                element.tag
            )));
        }
        Ok(element.content)
    }

    fn finish(&self, what: &str) -> Result<(), CertificateError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(unreadable(format!(
                "unexpected data after {what} ({} bytes)",
                self.rest.len()
            )))
        }
    }
}

/// Reads a DER certificate's serial number, validity and subject.
pub(super) fn read(der: &[u8]) -> Result<Fields, CertificateError> {
    let mut top = Reader::new(der);
    let certificate = top.expect(SEQUENCE, "the certificate")?;
    top.finish("the certificate")?;

    let mut certificate = Reader::inside(certificate);
    let tbs = certificate.expect(SEQUENCE, "the signed part")?;
    certificate.expect(SEQUENCE, "the signature algorithm")?;
    certificate.expect(BIT_STRING, "the signature")?;
    certificate.finish("the signature")?;

    let mut tbs = Reader::inside(tbs);
    if tbs.peek() == Some(VERSION) {
        let mut version = Reader::inside(tbs.expect(VERSION, "the version")?);
        let number = version.expect(INTEGER, "the version number")?;
        version.finish("the version number")?;
        if !matches!(number, [0..=2]) {
            return Err(unreadable("the version is not 1, 2 or 3"));
        }
    }
    let serial = tbs.expect(INTEGER, "the serial number")?;
    check_serial(serial)?;
    tbs.expect(SEQUENCE, "the signature algorithm")?;
    name(tbs.expect(SEQUENCE, "the issuer")?, "the issuer")?;
    let mut validity = Reader::inside(tbs.expect(SEQUENCE, "the validity")?);
    let not_before = time(
        validity.next("the start of validity")?,
        "the start of validity",
    )?;
    let not_after = time(validity.next("the end of validity")?, "the end of validity")?;
    validity.finish("the validity")?;
    let (subject, uid) = name(tbs.expect(SEQUENCE, "the subject")?, "the subject")?;
    tbs.expect(SEQUENCE, "the public key")?;
    for (tag, what) in [
        (ISSUER_UNIQUE_ID, "the issuer's unique identifier"),
        (SUBJECT_UNIQUE_ID, "the subject's unique identifier"),
        (EXTENSIONS, "the extensions"),
    ] {
        if tbs.peek() == Some(tag) {
            tbs.expect(tag, what)?;
        }
    }
    tbs.finish("the signed part")?;
    Ok(Fields {
        subject,
        uid,
        serial: serial.to_vec(),
        not_before,
        not_after,
    })
}

/// A positive or negative DER integer of at most 21 bytes (RFC 5280 allows
/// 20, and a leading zero keeps a large one positive).
fn check_serial(bytes: &[u8]) -> Result<(), CertificateError> {
    match bytes {
        [] => Err(unreadable("the serial number is empty")),
        [0x00, next, ..] if *next < 0x80 => Err(unreadable(
            "the serial number has a leading zero DER does not allow",
        )),
        [0xFF, next, ..] if *next >= 0x80 => Err(unreadable(
            "the serial number has a leading 0xFF DER does not allow",
        )),
        _ if bytes.len() > 21 => Err(unreadable(format!(
            "the serial number is {} bytes long, more than the 20 a certificate may use",
            bytes.len()
        ))),
        _ => Ok(()),
    }
}

/// A Name's RFC 4514 text (last RDN first, `,` between RDNs, `+` inside
/// one) and its first UID value.
fn name(content: &[u8], what: &str) -> Result<(String, Option<String>), CertificateError> {
    let mut rdns = Vec::new();
    let mut uid = None;
    let mut reader = Reader::inside(content);
    while reader.peek().is_some() {
        let mut set = Reader::inside(reader.expect(SET, what)?);
        let mut attributes = Vec::new();
        loop {
            let mut pair = Reader::inside(set.expect(SEQUENCE, what)?);
            let oid = pair.expect(OID, what)?;
            check_oid(oid, what)?;
            let value = pair.next(what)?;
            pair.finish(what)?;
            // The topic is UTF8String, PrintableString or IA5String.
            if uid.is_none() && oid == UID && value.tag != TELETEX_STRING {
                uid = text(&value).map(str::to_owned);
            }
            attributes.push(attribute(oid, &value));
            if set.peek().is_none() {
                break;
            }
        }
        rdns.push(attributes.join("+"));
    }
    rdns.reverse();
    Ok((rdns.join(","), uid))
}

/// The text of a string value `x509-cert` writes as text.
fn text<'a>(value: &Element<'a>) -> Option<&'a str> {
    let text = std::str::from_utf8(value.content).ok()?;
    let fits = match value.tag {
        UTF8_STRING => true,
        PRINTABLE_STRING => text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b)),
        IA5_STRING | TELETEX_STRING => text.is_ascii(),
        _ => false,
    };
    fits.then_some(text)
}

/// `NAME=value` with RFC 4514's escapes, or `1.2.3=#<DER in hex>`.
fn attribute(oid: &[u8], value: &Element<'_>) -> String {
    let known = ATTRIBUTE_NAMES
        .iter()
        .find(|(bytes, _)| *bytes == oid)
        .map(|(_, name)| *name);
    let mut out = String::new();
    match (known, text(value)) {
        (Some(name), Some(text)) => {
            out.push_str(name);
            out.push('=');
            let last = text.chars().count().saturating_sub(1);
            for (i, c) in text.chars().enumerate() {
                match c {
                    '#' if i == 0 => out.push_str("\\#"),
                    ' ' if i == 0 || i == last => out.push_str("\\ "),
                    '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '\x00'..='\x1f' | '\x7f' => {
                        let _ = write!(out, "\\{:02x}", c as u8);
                    }
                    _ => out.push(c),
                }
            }
        }
        _ => {
            out.push_str(&dotted(oid));
            out.push_str("=#");
            for byte in value.encoded {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
    out
}

/// An OID's content: at least one byte, each arc minimal and ended.
fn check_oid(oid: &[u8], what: &str) -> Result<(), CertificateError> {
    let mut starts_arc = true;
    for byte in oid {
        if starts_arc && *byte == 0x80 {
            return Err(unreadable(format!("{what} has a badly written type")));
        }
        starts_arc = byte & 0x80 == 0;
    }
    if oid.is_empty() || !starts_arc {
        return Err(unreadable(format!("{what} has a badly written type")));
    }
    Ok(())
}

/// `2.5.4.3` from its DER content (checked by `check_oid`).
fn dotted(oid: &[u8]) -> String {
    let mut arcs = Vec::new();
    let mut arc: u128 = 0;
    for byte in oid {
        arc = (arc << 7) | u128::from(byte & 0x7F);
        if byte & 0x80 == 0 {
            arcs.push(arc);
            arc = 0;
        }
    }
    let mut out = String::new();
    for (i, arc) in arcs.iter().enumerate() {
        if i == 0 {
            let (first, second) = match arc {
                0..=39 => (0, *arc),
                40..=79 => (1, arc - 40),
                _ => (2, arc - 80),
            };
            let _ = write!(out, "{first}.{second}");
        } else {
            let _ = write!(out, ".{arc}");
        }
    }
    out
}

/// A DER UTCTime (`YYMMDDHHMMSSZ`, 1970–2049 here) or GeneralizedTime
/// (`YYYYMMDDHHMMSSZ`, 1970–9999).
fn time(element: Element<'_>, what: &str) -> Result<Timestamp, CertificateError> {
    let bad = || unreadable(format!("{what} is not a valid time"));
    let (year, rest) = match (element.tag, element.content) {
        (UTC_TIME, [y1, y2, rest @ ..]) if rest.len() == 11 => {
            let year = digits(&[*y1, *y2]).ok_or_else(bad)?;
            (if year < 50 { 2000 + year } else { 1900 + year }, rest)
        }
        (GENERALIZED_TIME, [y1, y2, y3, y4, rest @ ..]) if rest.len() == 11 => {
            (digits(&[*y1, *y2, *y3, *y4]).ok_or_else(bad)?, rest)
        }
        (UTC_TIME | GENERALIZED_TIME, _) => return Err(bad()),
        (tag, _) => {
            return Err(unreadable(format!(
                "{what} has tag 0x{tag:02X} where a time was expected"
            )))
        }
    };
    if rest[10] != b'Z' {
        return Err(bad());
    }
    let field = |at: usize| digits(&rest[at..at + 2]).ok_or_else(bad);
    let (month, day) = (field(0)?, field(2)?);
    let (hour, minute, second) = (field(4)?, field(6)?, field(8)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1970..=9999).contains(&year)
        || !(1..=days_in_month).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(bad());
    }
    let days = Date {
        year: i64::from(year),
        month,
        day,
    }
    .to_days();
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Ok(Timestamp(seconds * 1000))
}

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}
