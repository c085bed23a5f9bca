//! The DNS wire format (RFC 1035) for the lookups a browser makes through a
//! DNS-over-HTTPS resolver (RFC 8484): [`query`] writes a question, and
//! [`parse_answer`] reads the resolver's answer to it, keeping the TXT
//! values and CNAME targets of the name asked about; [`doh_get_parameter`]
//! writes a question for a GET request's `?dns=`.
//!
//! An answer comes from the network, so it is read as hostile input: every
//! read is bounds-checked, a name follows at most [`MAX_POINTER_JUMPS`]
//! compression pointers and each must point back before the part of the name
//! being read (so no pointer can loop), names stay within
//! [`MAX_NAME_BYTES`], alias chains within [`MAX_ALIASES`], and record counts
//! are checked against the bytes that are there before any is read. The work
//! is bounded by the message's length; anything wrong is a [`WireError`],
//! never a panic.
//!
//! A bottom helper: it imports only `dns_name` and `text`.

use crate::dns_name::DomainName;
use crate::text::{grouped, shorten};

/// A DNS message is at most this long (its length travels in 16 bits).
pub const MAX_MESSAGE_BYTES: usize = 65_535;
/// A name takes at most this many bytes on the wire, length bytes and the
/// final zero included.
pub const MAX_NAME_BYTES: usize = 255;
/// A name may follow at most this many compression pointers.
pub const MAX_POINTER_JUMPS: usize = 32;
/// An answer may lead through at most this many aliases (CNAME records).
pub const MAX_ALIASES: usize = 16;

const HEADER_BYTES: usize = 12;
/// The smallest record: the root name (1 byte), type, class, TTL and length.
const MIN_RECORD_BYTES: usize = 11;
const CLASS_IN: u16 = 1;
const FLAG_QR: u16 = 0x8000;
const FLAG_TC: u16 = 0x0200;
const FLAG_RD: u16 = 0x0100;
const RCODE_NOERROR: u8 = 0;
const RCODE_NXDOMAIN: u8 = 3;
/// How many characters of a name a message quotes.
const SHOWN_NAME_CHARS: usize = 80;

/// The record types the lookups ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    /// Text records (type 16): the domain's `MS=ms…` verification value.
    Txt,
    /// Aliases (type 5): the `EnterpriseEnrollment` and
    /// `EnterpriseRegistration` records.
    Cname,
}

impl RecordType {
    /// The type's number on the wire.
    pub const fn code(self) -> u16 {
        match self {
            RecordType::Txt => 16,
            RecordType::Cname => 5,
        }
    }

    /// The type's usual name, as DNS tools write it.
    pub const fn mnemonic(self) -> &'static str {
        match self {
            RecordType::Txt => "TXT",
            RecordType::Cname => "CNAME",
        }
    }
}

/// One record found: a TXT value or a CNAME target, and how long it may be
/// cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// A TXT record's character-strings joined together (decoded as UTF-8,
    /// with U+FFFD for bytes that are not), or a CNAME target in lower case
    /// without the trailing dot (bytes other than letters, digits, `-` and
    /// `_` written `\DDD`, as in zone files).
    pub value: String,
    /// The record's time to live; values with the top bit set count as 0
    /// (RFC 2181, 8).
    pub ttl_seconds: u32,
}

/// What the resolver said about the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The name exists (NOERROR). Both lists may be empty: the name has no
    /// record of the type asked for.
    Records {
        /// For a TXT query: the TXT records of the name, or of the name its
        /// aliases lead to; in the answer's order.
        txt: Vec<Record>,
        /// For a CNAME query: the name's alias, if it has one. For a TXT
        /// query: the aliases followed from the name, in chain order.
        cname: Vec<Record>,
    },
    /// The name does not exist (NXDOMAIN).
    NoSuchName,
}

/// Why a resolver's answer was refused. Every message says, in plain words,
/// what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("The resolver's answer is cut short ({} of {} bytes).", grouped(*had as u64), grouped(*needed as u64))]
    Truncated { had: usize, needed: usize },
    #[error("The resolver's answer is {} bytes long: a DNS message has at most {}.", grouped(*bytes as u64), grouped(MAX_MESSAGE_BYTES as u64))]
    TooLarge { bytes: usize },
    #[error("The resolver sent back a question, not an answer.")]
    NotAnAnswer,
    #[error("The resolver's answer is for operation {opcode}, not a standard query (0).")]
    UnexpectedOpcode { opcode: u8 },
    #[error("The resolver answered another question (id {got}, expected {expected}).")]
    WrongId { got: u16, expected: u16 },
    #[error("The resolver's answer is marked truncated: it did not fit in one message, so its records are incomplete.")]
    MarkedTruncated,
    #[error(
        "The resolver's answer repeats {count} questions: it should repeat exactly the one asked."
    )]
    QuestionCount { count: u16 },
    #[error("The resolver answered a question about {got}, not {expected}.")]
    WrongQuestion { got: String, expected: String },
    #[error("The resolver could not answer: {}.", rcode_words(*rcode))]
    ServerFailure { rcode: u8 },
    #[error("The resolver's answer announces {} records, but its remaining {} bytes can hold at most {}.", grouped(*claimed), grouped(*bytes as u64), grouped((*bytes / MIN_RECORD_BYTES) as u64))]
    TooManyRecords { claimed: u16, bytes: usize },
    #[error("The resolver's answer has a name with a label of an unknown kind (byte {byte:#04x} at position {offset}).")]
    BadLabel { offset: usize, byte: u8 },
    #[error("The resolver's answer has a name pointer at position {offset} that does not point back to earlier bytes (it points to {target}): refused, as it could loop.")]
    PointerNotBackwards { offset: usize, target: usize },
    #[error("The resolver's answer has a name that jumps through more than {MAX_POINTER_JUMPS} pointers.")]
    TooManyPointers,
    #[error("The resolver's answer has a name longer than {MAX_NAME_BYTES} bytes.")]
    NameTooLong,
    #[error("A TXT record in the resolver's answer is malformed: a text of {length} bytes is announced where only {left} remain in the record.")]
    TxtOverrun { length: u8, left: usize },
    #[error("A CNAME record in the resolver's answer is malformed: its target name takes {name_bytes} bytes of a {record_bytes}-byte record.")]
    CnameLength {
        name_bytes: usize,
        record_bytes: usize,
    },
    #[error("The resolver's answer gives {name} more than one alias (CNAME record).")]
    ConflictingAliases { name: String },
    #[error("The resolver's answer has aliases (CNAME records) that lead back to {name}.")]
    AliasLoop { name: String },
    #[error(
        "The resolver's answer leads through more than {MAX_ALIASES} aliases (CNAME records)."
    )]
    TooManyAliases,
}

/// A response code in words, for [`WireError::ServerFailure`].
fn rcode_words(rcode: u8) -> String {
    match rcode {
        1 => "it could not read the question (FORMERR, code 1)".to_owned(),
        2 => "the lookup failed on its side (SERVFAIL, code 2)".to_owned(),
        4 => "it does not support this kind of query (NOTIMP, code 4)".to_owned(),
        5 => "it refused to answer (REFUSED, code 5)".to_owned(),
        other => format!("it answered with the unexpected response code {other}"),
    }
}

/// A standard query for `name`'s records of type `qtype`: recursion desired,
/// one question, class IN, no EDNS. RFC 8484 recommends id 0 for GET
/// requests (it makes them cacheable); any id is written as given.
pub fn query(id: u16, name: &DomainName, qtype: RecordType) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_BYTES + name.as_str().len() + 6);
    out.extend_from_slice(&id.to_be_bytes());
    out.extend_from_slice(&FLAG_RD.to_be_bytes());
    out.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]); // one question, no records
    for label in name.as_str().split('.') {
        // A DomainName's labels are 1 to 63 ASCII bytes.
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out.extend_from_slice(&qtype.code().to_be_bytes());
    out.extend_from_slice(&CLASS_IN.to_be_bytes());
    out
}

/// The value of the `dns` parameter of a DNS-over-HTTPS GET request
/// (RFC 8484, 4.1): the message in base64url, without padding. It needs no
/// further escaping in a URL.
pub fn doh_get_parameter(message: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(message.len().div_ceil(3) * 4);
    for chunk in message.chunks(3) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        // 1, 2 or 3 bytes make 2, 3 or 4 characters.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(bits >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

/// Reads a resolver's answer to [`query`]`(expected_id, name, qtype)`.
///
/// The header must be an answer (QR) to a standard query with the same id,
/// not marked truncated; it must repeat the question (the name compared
/// without regard to case, the type, class IN). NXDOMAIN is
/// [`Answer::NoSuchName`]; any other failure code is
/// [`WireError::ServerFailure`]. Of the answer section, only class-IN TXT and
/// CNAME records are read (every such record must be well formed); records
/// of other types (such as RRSIG) or other names are skipped. The authority
/// and additional sections are not read.
pub fn parse_answer(
    bytes: &[u8],
    expected_id: u16,
    name: &DomainName,
    qtype: RecordType,
) -> Result<Answer, WireError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(WireError::TooLarge { bytes: bytes.len() });
    }
    let mut reader = Reader { bytes, pos: 0 };
    let id = reader.u16()?;
    let flags = reader.u16()?;
    let questions = reader.u16()?;
    let answers = reader.u16()?;
    reader.take(4)?; // authority and additional counts: not read
    if flags & FLAG_QR == 0 {
        return Err(WireError::NotAnAnswer);
    }
    let opcode = ((flags >> 11) & 0xF) as u8;
    if opcode != 0 {
        return Err(WireError::UnexpectedOpcode { opcode });
    }
    if id != expected_id {
        return Err(WireError::WrongId {
            got: id,
            expected: expected_id,
        });
    }
    if flags & FLAG_TC != 0 {
        return Err(WireError::MarkedTruncated);
    }
    let rcode = (flags & 0xF) as u8;
    let failed = rcode != RCODE_NOERROR && rcode != RCODE_NXDOMAIN;
    if questions != 1 {
        // A server that could not read the query may not repeat it.
        if questions == 0 && failed {
            return Err(WireError::ServerFailure { rcode });
        }
        return Err(WireError::QuestionCount { count: questions });
    }

    let asked = labels_of(name);
    let got_name = reader.name()?;
    let got_type = reader.u16()?;
    let got_class = reader.u16()?;
    if got_name != asked || got_type != qtype.code() || got_class != CLASS_IN {
        let mut got = format!("{} {}", quoted(&got_name), type_words(got_type));
        if got_class != CLASS_IN {
            got.push_str(&format!(" (class {got_class})"));
        }
        return Err(WireError::WrongQuestion {
            got,
            expected: format!("{} {}", name, qtype.mnemonic()),
        });
    }
    match rcode {
        RCODE_NOERROR => {}
        RCODE_NXDOMAIN => return Ok(Answer::NoSuchName),
        _ => return Err(WireError::ServerFailure { rcode }),
    }

    let left = bytes.len() - reader.pos;
    if usize::from(answers) * MIN_RECORD_BYTES > left {
        return Err(WireError::TooManyRecords {
            claimed: answers,
            bytes: left,
        });
    }
    let mut records = Vec::with_capacity(usize::from(answers));
    for _ in 0..answers {
        if let Some(record) = reader.record()? {
            records.push(record);
        }
    }
    resolve(&records, asked, qtype)
}

/// The TXT values and CNAME targets for `asked`, following aliases for TXT.
fn resolve(records: &[Rr], asked: Name, qtype: RecordType) -> Result<Answer, WireError> {
    let mut current = asked;
    let mut visited: Vec<Name> = Vec::new();
    let mut cname = Vec::new();
    loop {
        let mut aliases = records.iter().filter_map(|r| match &r.data {
            Data::Cname(target) if r.owner == current => Some((target, r.ttl)),
            _ => None,
        });
        let Some((target, ttl)) = aliases.next() else {
            break;
        };
        if aliases.next().is_some() {
            return Err(WireError::ConflictingAliases {
                name: quoted(&current),
            });
        }
        cname.push(Record {
            value: shown(target),
            ttl_seconds: ttl,
        });
        if qtype == RecordType::Cname {
            break; // the name's own alias is the answer, not where it leads
        }
        if cname.len() > MAX_ALIASES {
            return Err(WireError::TooManyAliases);
        }
        visited.push(current);
        if visited.contains(target) {
            return Err(WireError::AliasLoop {
                name: quoted(target),
            });
        }
        current = target.clone();
    }
    let txt = match qtype {
        RecordType::Txt => records
            .iter()
            .filter_map(|r| match &r.data {
                Data::Txt(value) if r.owner == current => Some(Record {
                    value: value.clone(),
                    ttl_seconds: r.ttl,
                }),
                _ => None,
            })
            .collect(),
        RecordType::Cname => Vec::new(),
    };
    Ok(Answer::Records { txt, cname })
}

/// A name as its labels, in lower case.
type Name = Vec<Vec<u8>>;

fn labels_of(name: &DomainName) -> Name {
    name.as_str()
        .split('.')
        .map(|l| l.as_bytes().to_vec())
        .collect()
}

/// A name as a message quotes it: [`shown`], a long one shortened.
fn quoted(name: &Name) -> String {
    shorten(&shown(name), SHOWN_NAME_CHARS)
}

/// A name as [`Record`] shows it: lower case, no trailing dot (the root is
/// `.`), bytes other than letters, digits, `-` and `_` written `\DDD`.
fn shown(name: &Name) -> String {
    if name.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for (i, label) in name.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        for &b in label {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("\\{b:03}"));
            }
        }
    }
    out
}

/// A record type for a message: its usual name, or its number.
fn type_words(code: u16) -> String {
    match code {
        1 => "A".to_owned(),
        2 => "NS".to_owned(),
        5 => "CNAME".to_owned(),
        6 => "SOA".to_owned(),
        16 => "TXT".to_owned(),
        28 => "AAAA".to_owned(),
        other => format!("type {other}"),
    }
}

/// A record of the answer section that matters here.
struct Rr {
    owner: Name,
    ttl: u32,
    data: Data,
}

enum Data {
    Txt(String),
    Cname(Name),
}

/// Bounds-checked reads over the whole message (names may point anywhere
/// before themselves in it).
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self.pos.saturating_add(n);
        let slice = self.bytes.get(self.pos..end).ok_or(WireError::Truncated {
            had: self.bytes.len(),
            needed: end,
        })?;
        self.pos = end;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16, WireError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, WireError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The name at the current position; the position moves past it (past
    /// its first pointer, if it has one).
    fn name(&mut self) -> Result<Name, WireError> {
        let (name, end) = read_name(self.bytes, self.pos)?;
        self.pos = end;
        Ok(name)
    }

    /// One record of the answer section: `None` for one that is skipped.
    fn record(&mut self) -> Result<Option<Rr>, WireError> {
        let owner = self.name()?;
        let rtype = self.u16()?;
        let class = self.u16()?;
        let ttl = self.u32()?;
        let ttl = if ttl > i32::MAX as u32 { 0 } else { ttl };
        let length = usize::from(self.u16()?);
        let start = self.pos;
        let rdata = self.take(length)?;
        if class != CLASS_IN {
            return Ok(None);
        }
        let data = if rtype == RecordType::Txt.code() {
            Data::Txt(txt_value(rdata)?)
        } else if rtype == RecordType::Cname.code() {
            let (target, end) = read_name(self.bytes, start)?;
            if end != self.pos {
                return Err(WireError::CnameLength {
                    name_bytes: end - start,
                    record_bytes: length,
                });
            }
            Data::Cname(target)
        } else {
            return Ok(None);
        };
        Ok(Some(Rr { owner, ttl, data }))
    }
}

/// A TXT record's character-strings, joined.
fn txt_value(mut rdata: &[u8]) -> Result<String, WireError> {
    let mut joined = Vec::with_capacity(rdata.len());
    while let Some((&length, rest)) = rdata.split_first() {
        let text = rest
            .get(..usize::from(length))
            .ok_or(WireError::TxtOverrun {
                length,
                left: rest.len(),
            })?;
        joined.extend_from_slice(text);
        rdata = &rest[text.len()..];
    }
    Ok(String::from_utf8_lossy(&joined).into_owned())
}

/// The name at `start`, in lower case, and the position just after it in
/// the message (after its first pointer, if any). Each pointer must point
/// before the start of the run of labels it ends, so the runs' starts fall
/// with every jump and no pointer can loop; jumps are also capped.
fn read_name(bytes: &[u8], start: usize) -> Result<(Name, usize), WireError> {
    let truncated = |needed: usize| WireError::Truncated {
        had: bytes.len(),
        needed,
    };
    let mut labels = Vec::new();
    let mut pos = start;
    let mut run_start = start;
    let mut end = None;
    let mut wire_bytes = 1; // the final zero
    let mut jumps = 0;
    loop {
        let length = *bytes.get(pos).ok_or_else(|| truncated(pos + 1))?;
        match length {
            0 => return Ok((labels, end.unwrap_or(pos + 1))),
            1..=63 => {
                let length = usize::from(length);
                wire_bytes += 1 + length;
                if wire_bytes > MAX_NAME_BYTES {
                    return Err(WireError::NameTooLong);
                }
                let label = bytes
                    .get(pos + 1..pos + 1 + length)
                    .ok_or_else(|| truncated(pos + 1 + length))?;
                labels.push(label.to_ascii_lowercase());
                pos += 1 + length;
            }
            0xC0..=0xFF => {
                let low = *bytes.get(pos + 1).ok_or_else(|| truncated(pos + 2))?;
                let target = usize::from(length & 0x3F) << 8 | usize::from(low);
                if target >= run_start {
                    return Err(WireError::PointerNotBackwards {
                        offset: pos,
                        target,
                    });
                }
                jumps += 1;
                if jumps > MAX_POINTER_JUMPS {
                    return Err(WireError::TooManyPointers);
                }
                end.get_or_insert(pos + 2);
                pos = target;
                run_start = target;
            }
            _ => {
                return Err(WireError::BadLabel {
                    offset: pos,
                    byte: length,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain(s: &str) -> DomainName {
        DomainName::parse(s).unwrap()
    }

    fn record(value: &str, ttl_seconds: u32) -> Record {
        Record {
            value: value.to_owned(),
            ttl_seconds,
        }
    }

    /// A header: id 0, QR RD RA and `rcode`, one question, `answers` records.
    fn header(rcode: u8, answers: u16) -> Vec<u8> {
        let mut b = vec![0, 0, 0x81, 0x80 | rcode, 0, 1];
        b.extend_from_slice(&answers.to_be_bytes());
        b.extend_from_slice(&[0, 0, 0, 0]);
        b
    }

    /// `contoso.com TXT IN`, at offset 12; "contoso" starts at 12 and "com"
    /// at 20.
    const CONTOSO_TXT_QUESTION: &[u8] = b"\x07contoso\x03com\x00\x00\x10\x00\x01";

    #[test]
    fn writes_a_standard_query() {
        let q = query(0, &domain("contoso.com"), RecordType::Txt);
        let mut expected = vec![0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        expected.extend_from_slice(CONTOSO_TXT_QUESTION);
        assert_eq!(q, expected);

        let q = query(
            0xBEEF,
            &domain("EnterpriseEnrollment.contoso.com"),
            RecordType::Cname,
        );
        assert_eq!(&q[..2], &[0xBE, 0xEF]);
        assert_eq!(&q[12..33], b"\x14enterpriseenrollment");
        assert_eq!(&q[q.len() - 4..], &[0, 5, 0, 1]);
    }

    #[test]
    fn encodes_the_get_parameter_as_rfc_8484_does() {
        // RFC 8484, 4.1.1: www.example.com A, id 0, recursion desired.
        let mut q = query(0, &domain("www.example.com"), RecordType::Txt);
        let last = q.len() - 3;
        q[last] = 1; // type A
        assert_eq!(
            doh_get_parameter(&q),
            "AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB"
        );
        let cases: [(&[u8], &str); 5] = [
            (b"", ""),
            (b"\xfb", "-w"),
            (b"\xfb\xff", "-_8"),
            (b"\xfb\xff\xbf", "-_-_"),
            (b"\xfb\xff\xbf\x00", "-_-_AA"),
        ];
        for (bytes, expected) in cases {
            assert_eq!(doh_get_parameter(bytes), expected, "{bytes:?}");
        }
    }

    #[test]
    fn reads_a_txt_answer_with_compression() {
        let mut a = header(0, 2);
        a.extend_from_slice(CONTOSO_TXT_QUESTION);
        // contoso.com TXT "MS=ms45773043", owner a pointer to the question.
        a.extend_from_slice(b"\xc0\x0c\x00\x10\x00\x01\x00\x00\x0e\x10\x00\x0e");
        a.extend_from_slice(b"\x0dMS=ms45773043");
        // An RRSIG (type 46) for it: skipped.
        a.extend_from_slice(b"\xc0\x0c\x00\x2e\x00\x01\x00\x00\x0e\x10\x00\x03\x01\x02\x03");
        let answer = parse_answer(&a, 0, &domain("contoso.com"), RecordType::Txt).unwrap();
        assert_eq!(
            answer,
            Answer::Records {
                txt: vec![record("MS=ms45773043", 3600)],
                cname: vec![],
            }
        );
    }

    #[test]
    fn joins_the_strings_of_one_txt_record_and_keeps_records_apart() {
        let mut a = header(0, 2);
        a.extend_from_slice(CONTOSO_TXT_QUESTION);
        a.extend_from_slice(b"\xc0\x0c\x00\x10\x00\x01\x00\x00\x01\x2c\x00\x1b");
        a.extend_from_slice(b"\x07v=spf1 \x12include:x.com -all");
        a.extend_from_slice(b"\xc0\x0c\x00\x10\x00\x01\xff\xff\xff\xff\x00\x04");
        a.extend_from_slice(b"\x00\x02\xff!"); // an empty string, then invalid UTF-8
        let answer = parse_answer(&a, 0, &domain("CONTOSO.com"), RecordType::Txt).unwrap();
        assert_eq!(
            answer,
            Answer::Records {
                txt: vec![
                    record("v=spf1 include:x.com -all", 300),
                    record("\u{FFFD}!", 0), // top-bit TTL counts as 0
                ],
                cname: vec![],
            }
        );
    }

    #[test]
    fn reads_a_cname_answer() {
        let name = domain("EnterpriseEnrollment.contoso.com");
        let q = query(0, &name, RecordType::Cname);
        let mut a = q.clone();
        a[2] = 0x81;
        a[3] = 0x80;
        a[7] = 1;
        // The question names "EnterpriseEnrollment.contoso.com": answer in
        // the resolver's own case.
        a[13..33].copy_from_slice(b"EnterpriseEnrollment");
        a.extend_from_slice(b"\xc0\x0c\x00\x05\x00\x01\x00\x00\x0e\x10\x00\x2d");
        a.extend_from_slice(b"\x16EnterpriseEnrollment-s\x06manage\x09microsoft\x03com\x00");
        let answer = parse_answer(&a, 0, &name, RecordType::Cname).unwrap();
        assert_eq!(
            answer,
            Answer::Records {
                txt: vec![],
                cname: vec![record("enterpriseenrollment-s.manage.microsoft.com", 3600)],
            }
        );
    }

    #[test]
    fn follows_an_alias_for_txt() {
        // www.contoso.com: "www" at 12, "contoso" at 16.
        let mut a = header(0, 2);
        a.extend_from_slice(b"\x03www\x07contoso\x03com\x00\x00\x10\x00\x01");
        // www.contoso.com CNAME contoso.com (a pointer to offset 16).
        a.extend_from_slice(b"\xc0\x0c\x00\x05\x00\x01\x00\x00\x00\x3c\x00\x02\xc0\x10");
        // contoso.com TXT, its owner a pointer to the CNAME's target.
        let target = a.len() - 2;
        a.extend_from_slice(&[0xC0, target as u8]);
        a.extend_from_slice(b"\x00\x10\x00\x01\x00\x00\x0e\x10\x00\x06\x05hello");
        let answer = parse_answer(&a, 0, &domain("www.contoso.com"), RecordType::Txt).unwrap();
        assert_eq!(
            answer,
            Answer::Records {
                txt: vec![record("hello", 3600)],
                cname: vec![record("contoso.com", 60)],
            }
        );
    }

    #[test]
    fn nxdomain_is_no_such_name_and_failures_are_named() {
        let mut a = header(3, 0);
        a.extend_from_slice(CONTOSO_TXT_QUESTION);
        let name = domain("contoso.com");
        assert_eq!(
            parse_answer(&a, 0, &name, RecordType::Txt),
            Ok(Answer::NoSuchName)
        );
        a[3] = 0x82;
        let err = parse_answer(&a, 0, &name, RecordType::Txt).unwrap_err();
        assert_eq!(err, WireError::ServerFailure { rcode: 2 });
        assert_eq!(
            err.to_string(),
            "The resolver could not answer: the lookup failed on its side (SERVFAIL, code 2)."
        );
        a[3] = 0x85;
        assert!(parse_answer(&a, 0, &name, RecordType::Txt)
            .unwrap_err()
            .to_string()
            .contains("REFUSED"));
        // A failure without the question repeated is still the failure.
        let b = vec![0, 0, 0x81, 0x81, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            parse_answer(&b, 0, &name, RecordType::Txt),
            Err(WireError::ServerFailure { rcode: 1 })
        );
    }

    #[test]
    fn refuses_wrong_headers_and_questions_in_plain_words() {
        let name = domain("contoso.com");
        let mut a = header(0, 0);
        a.extend_from_slice(CONTOSO_TXT_QUESTION);
        let err = |bytes: &[u8], id: u16| {
            parse_answer(bytes, id, &name, RecordType::Txt)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err(&a, 7),
            "The resolver answered another question (id 0, expected 7)."
        );
        assert_eq!(
            err(&a[..5], 0),
            "The resolver's answer is cut short (5 of 6 bytes)."
        );
        let mut b = a.clone();
        b[2] = 0x01;
        assert_eq!(
            err(&b, 0),
            "The resolver sent back a question, not an answer."
        );
        b[2] = 0x83;
        assert!(err(&b, 0).contains("marked truncated"));
        b[2] = 0x91;
        assert!(err(&b, 0).contains("operation 2"));
        let mut c = a.clone();
        c[26] = 0x1c;
        assert_eq!(
            err(&c, 0),
            "The resolver answered a question about contoso.com AAAA, not contoso.com TXT."
        );
        let mut d = a.clone();
        d[13] = b'K';
        assert_eq!(
            err(&d, 0),
            "The resolver answered a question about kontoso.com TXT, not contoso.com TXT."
        );
        let mut e = a.clone();
        e[28] = 3;
        assert!(err(&e, 0).ends_with("contoso.com TXT (class 3), not contoso.com TXT."));
        let mut f = a.clone();
        f[5] = 2;
        assert!(err(&f, 0).contains("repeats 2 questions"));
        assert!(err(&vec![0; 70_000], 0).contains("70,000 bytes"));
    }

    #[test]
    fn refuses_looping_and_forward_pointers() {
        let name = domain("contoso.com");
        // The question's name is a pointer to itself.
        let mut a = header(0, 0);
        a.extend_from_slice(b"\xc0\x0c\x00\x10\x00\x01");
        assert_eq!(
            parse_answer(&a, 0, &name, RecordType::Txt),
            Err(WireError::PointerNotBackwards {
                offset: 12,
                target: 12
            })
        );
        // A label, then a pointer back to that label.
        let mut b = header(0, 0);
        b.extend_from_slice(b"\x01a\xc0\x0c\x00\x10\x00\x01");
        assert!(matches!(
            parse_answer(&b, 0, &name, RecordType::Txt),
            Err(WireError::PointerNotBackwards { offset: 14, .. })
        ));
        // A chain of 40 pointers, each to the one before (in the data of a
        // skipped record), and a record named by the last: too many jumps.
        let mut c = header(0, 2);
        c.extend_from_slice(CONTOSO_TXT_QUESTION);
        c.extend_from_slice(b"\xc0\x0c\x00\x63\x00\x01\x00\x00\x00\x01\x00\x50");
        let mut previous = 12;
        for _ in 0..40 {
            let here = c.len();
            c.extend_from_slice(&[0xC0 | (previous >> 8) as u8, previous as u8]);
            previous = here;
        }
        c.extend_from_slice(&[0xC0 | (previous >> 8) as u8, previous as u8]);
        c.extend_from_slice(b"\x00\x10\x00\x01\x00\x00\x00\x01\x00\x00");
        assert_eq!(
            parse_answer(&c, 0, &name, RecordType::Txt),
            Err(WireError::TooManyPointers)
        );
        let message = WireError::PointerNotBackwards {
            offset: 30,
            target: 40,
        }
        .to_string();
        assert!(message.contains("position 30") && message.contains("points to 40"));
    }

    #[test]
    fn refuses_bad_records() {
        let name = domain("contoso.com");
        let with = |answers: u16, tail: &[u8]| {
            let mut a = header(0, answers);
            a.extend_from_slice(CONTOSO_TXT_QUESTION);
            a.extend_from_slice(tail);
            parse_answer(&a, 0, &name, RecordType::Txt)
        };
        // A text announced longer than its record.
        assert_eq!(
            with(1, b"\xc0\x0c\x00\x10\x00\x01\x00\x00\x00\x01\x00\x03\x05ab"),
            Err(WireError::TxtOverrun { length: 5, left: 2 })
        );
        // A record longer than the message.
        assert_eq!(
            with(1, b"\xc0\x0c\x00\x10\x00\x01\x00\x00\x00\x01\x00\x09\x05ab"),
            Err(WireError::Truncated {
                had: 44,
                needed: 50
            })
        );
        // A CNAME whose target does not end with its record.
        assert!(matches!(
            with(
                1,
                b"\xc0\x0c\x00\x05\x00\x01\x00\x00\x00\x01\x00\x04\xc0\x14\x00\x00"
            ),
            Err(WireError::CnameLength {
                name_bytes: 2,
                record_bytes: 4
            })
        ));
        // Many records announced, few bytes.
        let err = with(0xFFFF, b"\xc0\x0c").unwrap_err();
        assert_eq!(
            err,
            WireError::TooManyRecords {
                claimed: 0xFFFF,
                bytes: 2
            }
        );
        assert_eq!(
            err.to_string(),
            "The resolver's answer announces 65,535 records, but its remaining 2 bytes can hold at most 0."
        );
        // A reserved label kind.
        assert!(matches!(
            with(1, b"\x40\x00\x00\x10\x00\x01\x00\x00\x00\x01\x00\x00"),
            Err(WireError::BadLabel {
                offset: 29,
                byte: 0x40
            })
        ));
        // Two aliases for one name; aliases in a circle.
        let alias = b"\xc0\x0c\x00\x05\x00\x01\x00\x00\x00\x01\x00\x02\xc0\x14";
        assert!(matches!(
            with(2, &[&alias[..], &alias[..]].concat()),
            Err(WireError::ConflictingAliases { .. })
        ));
        let back = b"\xc0\x14\x00\x05\x00\x01\x00\x00\x00\x01\x00\x02\xc0\x0c";
        assert_eq!(
            with(2, &[&alias[..], &back[..]].concat()),
            Err(WireError::AliasLoop {
                name: "contoso.com".to_owned()
            })
        );
    }

    #[test]
    fn refuses_names_over_255_bytes() {
        let mut a = header(0, 0);
        for _ in 0..5 {
            a.push(63);
            a.extend_from_slice(&[b'a'; 63]);
        }
        a.push(0);
        a.extend_from_slice(&[0, 16, 0, 1]);
        assert_eq!(
            parse_answer(&a, 0, &domain("contoso.com"), RecordType::Txt),
            Err(WireError::NameTooLong)
        );
    }
}
