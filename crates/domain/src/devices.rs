//! Corporate-owned devices (step 6): IMEI and serial-number rules, the pasted or
//! CSV import with its per-line problems, and the stored list's invariant.

use crate::problem::Problem;
use crate::text::{self, grouped};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::collections::HashSet;

/// Most data lines one import takes (split larger lists).
pub const MAX_IMPORT_LINES: usize = 10_000;
/// Characters of a description.
pub const MAX_DESCRIPTION: usize = 128;
pub const SERIAL_MIN: usize = 4;
pub const SERIAL_MAX: usize = 30;
pub const IMEI_DIGITS: usize = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Imei,
    Serial,
}

impl DeviceKind {
    pub fn label(self) -> &'static str {
        match self {
            DeviceKind::Imei => "IMEI",
            DeviceKind::Serial => "Serial number",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorporateDevice {
    pub kind: DeviceKind,
    /// Normalised: IMEI digits only, serial numbers in upper case.
    pub identifier: String,
    #[serde(default)]
    pub description: String,
    pub added_at: Timestamp,
}

/// Why one identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum IdentifierError {
    #[error("The identifier is empty.")]
    Empty,
    #[error("IMEI {value}: the check digit is {found} but the Luhn check gives {expected}; a digit is mistyped.")]
    BadCheckDigit {
        value: String,
        found: char,
        expected: char,
    },
    #[error(
        "“{value}” has {digits} digits: an IMEI has exactly 15 (spaces and dashes are ignored)."
    )]
    ImeiLength { value: String, digits: usize },
    #[error("Serial number “{value}” has {chars} characters: serial numbers have 4 to 30 letters or digits.")]
    SerialLength { value: String, chars: usize },
    #[error("Serial number “{value}”: “{}” is not allowed; serial numbers have only letters A–Z and digits.", crate::text::shown_char(*character))]
    SerialCharacter { value: String, character: char },
}

/// The Luhn check digit for `payload` (digits only).
pub fn luhn_digit(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 0 {
                let doubled = d * 2;
                doubled / 10 + doubled % 10
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// An IMEI or a serial number, normalised.
pub fn parse_identifier(raw: &str) -> Result<(DeviceKind, String), IdentifierError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(IdentifierError::Empty);
    }
    let shown = || crate::text::shorten(value, 40);
    let stripped: String = value.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let has_separators = stripped.len() != value.len();
    if !stripped.is_empty() && stripped.bytes().all(|b| b.is_ascii_digit()) {
        if stripped.len() == IMEI_DIGITS {
            let digits: Vec<u8> = stripped.bytes().map(|b| b - b'0').collect();
            let expected = luhn_digit(&digits[..IMEI_DIGITS - 1]);
            let found = digits[IMEI_DIGITS - 1];
            if expected != found {
                return Err(IdentifierError::BadCheckDigit {
                    value: stripped,
                    found: char::from(b'0' + found),
                    expected: char::from(b'0' + expected),
                });
            }
            return Ok((DeviceKind::Imei, stripped));
        }
        if has_separators || (14..=17).contains(&stripped.len()) {
            // Grouped digits, or nearly 15 of them: meant as an IMEI.
            return Err(IdentifierError::ImeiLength {
                value: shown(),
                digits: stripped.len(),
            });
        }
    }
    if let Some(character) = value.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(IdentifierError::SerialCharacter {
            value: shown(),
            character,
        });
    }
    let chars = value.len();
    if !(SERIAL_MIN..=SERIAL_MAX).contains(&chars) {
        return Err(IdentifierError::SerialLength {
            value: shown(),
            chars,
        });
    }
    Ok((DeviceKind::Serial, value.to_ascii_uppercase()))
}

/// One line that will be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDevice {
    /// 1-based line number in the pasted text or file.
    pub line: usize,
    pub kind: DeviceKind,
    pub identifier: String,
    pub description: String,
}

/// One line that will not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProblem {
    pub line: usize,
    /// The line as written (shortened).
    pub text: String,
    pub reason: String,
}

/// The outcome of reading a whole list, before anything is committed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeviceImport {
    pub devices: Vec<ParsedDevice>,
    pub problems: Vec<LineProblem>,
    /// The line number of the header, when the first line was one.
    pub header_line: Option<usize>,
}

/// Why a whole list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ImportError {
    #[error("The list has no identifiers: paste one IMEI or serial number per line, or choose a CSV file.")]
    NothingToImport,
    #[error("The list has {} lines with identifiers: one import takes at most {}. Split the file.", grouped(*lines as u64), grouped(*max as u64))]
    TooManyLines { lines: usize, max: usize },
    #[error("Nothing was imported: {} of {} lines have problems ({first}). Fix them, or choose “Import the valid lines only”.", grouped(*count as u64), grouped(*total as u64), first = describe_first(problems))]
    HasProblems {
        count: usize,
        total: usize,
        problems: Vec<LineProblem>,
    },
    #[error("Nothing was imported: every line has a problem ({first}).", first = describe_first(problems))]
    NoValidLines { problems: Vec<LineProblem> },
    #[error("The file is not text (UTF-8): save it as CSV UTF-8 or plain text.")]
    NotText,
}

fn describe_first(problems: &[LineProblem]) -> String {
    problems
        .first()
        .map(|p| format!("line {}: {}", grouped(p.line as u64), p.reason))
        .unwrap_or_default()
}

/// Header words accepted in the first column of the first line.
fn is_header(first_field: &str) -> bool {
    let key: String = first_field
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        key.as_str(),
        "imei"
            | "imeis"
            | "serial"
            | "serialnumber"
            | "serialno"
            | "imeiorserial"
            | "imeiorserialnumber"
            | "imeiserial"
            | "identifier"
            | "identifiers"
            | "deviceidentifier"
            | "id"
    )
}

/// Splits one CSV line into fields: `,`, `;` or tab separate; fields may be
/// quoted with `"` (a doubled `""` inside is one quote).
fn split_fields(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    loop {
        // Start of a field.
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err("a quoted value is not closed (a \" is missing).".into()),
                }
            }
            while chars.peek() == Some(&' ') {
                chars.next();
            }
            match chars.next() {
                None => {
                    fields.push(std::mem::take(&mut field));
                    return Ok(fields);
                }
                Some(',' | ';' | '\t') => fields.push(std::mem::take(&mut field)),
                Some(c) => {
                    return Err(format!(
                        "“{}” follows a closing quote; put separators between values.",
                        text::shown_char(c)
                    ))
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(std::mem::take(&mut field));
                        return Ok(fields);
                    }
                    Some(',' | ';' | '\t') => {
                        fields.push(std::mem::take(&mut field));
                        break;
                    }
                    Some('"') => {
                        return Err(
                            "a quote appears inside an unquoted value; quote the whole value."
                                .into(),
                        )
                    }
                    Some(c) => field.push(c),
                }
            }
        }
    }
}

/// One line's fields: the identifier and an optional description, or why
/// the line is refused.
fn read_fields(fields: &[String]) -> Result<(DeviceKind, String, String), String> {
    if fields.len() > 2 {
        return Err(format!(
            "{} values: a line has the identifier and optionally a description.",
            fields.len()
        ));
    }
    let (kind, identifier) = parse_identifier(&fields[0]).map_err(|e| e.to_string())?;
    let description = text::clean(fields.get(1).map_or("", String::as_str), MAX_DESCRIPTION)
        .map_err(|e| format!("Description: {e}"))?;
    Ok((kind, identifier, description))
}

/// Reads a list (pasted text or a CSV file's text) against the identifiers
/// already recorded. Empty lines are skipped; every other line either
/// becomes a device or a problem with its reason.
pub fn parse_devices(
    text: &str,
    existing: &[CorporateDevice],
) -> Result<DeviceImport, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let known: HashMap<&str, ()> = existing
        .iter()
        .map(|d| (d.identifier.as_str(), ()))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut import = DeviceImport::default();
    let mut data_lines = 0usize;
    let mut first = true;
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let problem = |reason: String| LineProblem {
            line: line_no,
            text: crate::text::shorten(line.trim(), 60),
            reason,
        };
        let fields = match split_fields(line) {
            Ok(fields) => fields,
            Err(reason) => {
                first = false;
                data_lines += 1;
                import.problems.push(problem(reason));
                continue;
            }
        };
        if std::mem::take(&mut first) && is_header(&fields[0]) {
            import.header_line = Some(line_no);
            continue;
        }
        data_lines += 1;
        let (kind, identifier, description) = match read_fields(&fields) {
            Ok(read) => read,
            Err(reason) => {
                import.problems.push(problem(reason));
                continue;
            }
        };
        if known.contains_key(identifier.as_str()) {
            import.problems.push(problem(format!(
                "{identifier} is already in the list of corporate devices."
            )));
            continue;
        }
        if let Some(earlier) = seen.get(&identifier) {
            import.problems.push(problem(format!(
                "{identifier} is a duplicate of line {earlier}."
            )));
            continue;
        }
        seen.insert(identifier.clone(), line_no);
        import.devices.push(ParsedDevice {
            line: line_no,
            kind,
            identifier,
            description,
        });
    }
    if data_lines == 0 {
        return Err(ImportError::NothingToImport);
    }
    if data_lines > MAX_IMPORT_LINES {
        return Err(ImportError::TooManyLines {
            lines: data_lines,
            max: MAX_IMPORT_LINES,
        });
    }
    Ok(import)
}

/// The devices an import adds, or why it adds none. With `skip_invalid`
/// the lines with problems are left out; without it any problem refuses
/// the whole list.
pub fn devices_to_add(
    text: &str,
    existing: &[CorporateDevice],
    skip_invalid: bool,
    now: Timestamp,
) -> Result<Vec<CorporateDevice>, ImportError> {
    read_import(text, existing, skip_invalid, now).map(|(added, _)| added)
}

/// [`devices_to_add`], with the number of lines left out (problems that
/// `skip_invalid` skipped).
pub fn read_import(
    text: &str,
    existing: &[CorporateDevice],
    skip_invalid: bool,
    now: Timestamp,
) -> Result<(Vec<CorporateDevice>, usize), ImportError> {
    let import = parse_devices(text, existing)?;
    if import.devices.is_empty() {
        return Err(ImportError::NoValidLines {
            problems: import.problems,
        });
    }
    if !import.problems.is_empty() && !skip_invalid {
        return Err(ImportError::HasProblems {
            count: import.problems.len(),
            total: import.devices.len() + import.problems.len(),
            problems: import.problems,
        });
    }
    let added = import
        .devices
        .into_iter()
        .map(|d| CorporateDevice {
            kind: d.kind,
            identifier: d.identifier,
            description: d.description,
            added_at: now,
        })
        .collect();
    Ok((added, import.problems.len()))
}

/// Every stored identifier is in its normal form, of its kind, and unique.
pub fn check_invariants(devices: &[CorporateDevice]) -> Result<(), Problem> {
    let mut identifiers = HashSet::new();
    for (i, device) in devices.iter().enumerate() {
        let path = || format!("enrollment.devices[{i}].identifier");
        match parse_identifier(&device.identifier) {
            Ok((kind, normal)) if kind == device.kind && normal == device.identifier => {}
            Ok(_) => {
                return Err(Problem::at(
                    path(),
                    format!(
                        "{} is not written in its normal form or has the wrong kind",
                        device.identifier
                    ),
                ))
            }
            Err(e) => return Err(Problem::at(path(), e.to_string())),
        }
        if !identifiers.insert(device.identifier.as_str()) {
            return Err(Problem::at(
                path(),
                format!("{} appears twice", device.identifier),
            ));
        }
    }
    Ok(())
}
