//! Reading and writing the stored document. A document that cannot be read
//! is reported, never repaired silently: the caller keeps the raw text.

pub use crate::problem::Problem;
use crate::Setup;

/// The layout version this build writes and the newest it can read.
/// Version 2 added step 6 (`enrollment`); version-1 documents are migrated.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("The saved data is not valid JSON ({0}).")]
    NotJson(String),
    #[error("The saved data is JSON but not a setup document ({0}).")]
    WrongShape(String),
    #[error(
        "The saved data was written by a newer version of this app (layout {found}; this version reads up to {supported})."
    )]
    NewerSchema { found: u64, supported: u32 },
    #[error("The saved data breaks a rule: {0}")]
    Inconsistent(String),
}

pub fn encode(setup: &Setup) -> String {
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(setup).unwrap_or_default()
}

/// Pretty-printed, for files people may read.
pub fn encode_pretty(setup: &Setup) -> String {
    serde_json::to_string_pretty(setup).unwrap_or_default()
}

/// Reads a stored document: older layouts are migrated, newer ones refused.
pub fn decode(json: &str) -> Result<Setup, DecodeError> {
    read(json).map_err(|(kind, problem)| match kind {
        Kind::NotJson => DecodeError::NotJson(problem.message),
        Kind::Newer { found } => DecodeError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        },
        Kind::Shape => DecodeError::WrongShape(problem.to_string()),
        Kind::Rule => DecodeError::Inconsistent(problem.to_string()),
    })
}

/// Reads an exported file for import: like [`decode`], and the refusal
/// names the first problem and its JSON path.
pub fn import(json: &str) -> Result<Setup, Problem> {
    read(json).map_err(|(kind, problem)| match kind {
        Kind::Newer { found } => Problem::at(
            "schema_version",
            format!(
                "the file was written by a newer version of this app (layout {found}; this version reads up to {SCHEMA_VERSION})"
            ),
        ),
        Kind::NotJson => Problem {
            message: "it is not valid JSON, so it is not a setup exported from this app (use “Export JSON” to make one)".into(),
            ..problem
        },
        _ => problem,
    })
}

/// Checks a document the reducer is asked to take as a whole.
pub fn check_imported(setup: Setup) -> Result<Setup, crate::DomainError> {
    if u64::from(setup.schema_version) > u64::from(SCHEMA_VERSION) {
        return Err(crate::DomainError::Import {
            path: "schema_version".into(),
            message: format!(
                "layout {} is newer than this version reads",
                setup.schema_version
            ),
        });
    }
    check_invariants(&setup).map_err(|p| crate::DomainError::Import {
        path: p.path,
        message: p.message,
    })?;
    Ok(setup)
}

enum Kind {
    NotJson,
    Newer { found: u64 },
    Shape,
    Rule,
}

fn read(json: &str) -> Result<Setup, (Kind, Problem)> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        (
            Kind::NotJson,
            Problem::at(".", format!("it is not valid JSON ({e})")).with_detail(e.to_string()),
        )
    })?;
    let serde_json::Value::Object(mut object) = value else {
        return Err((
            Kind::Shape,
            Problem::at(".", "the document must be a JSON object {…}"),
        ));
    };
    // Read the version first, so a newer layout is reported as such rather
    // than as whatever field this version does not understand.
    let version = match object.get("schema_version") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| {
        (
            Kind::Shape,
            Problem::at("schema_version", "there is no schema_version number"),
        )
    })?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err((
            Kind::Newer { found: version },
            Problem::at("schema_version", "newer"),
        ));
    }
    if version == 0 {
        return Err((
            Kind::Shape,
            Problem::at(
                "schema_version",
                "0 is not a layout version (they start at 1)",
            ),
        ));
    }
    // Errors carry a line and column; `path_at` turns them into a JSON
    // path. (A path-tracking deserializer would cost the wasm ~100 KB.)
    let migrated;
    let text = if version < u64::from(SCHEMA_VERSION) {
        migrate(&mut object, version);
        migrated =
            serde_json::to_string_pretty(&serde_json::Value::Object(object)).unwrap_or_default();
        migrated.as_str()
    } else {
        json
    };
    let setup: Setup = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        (
            Kind::Shape,
            Problem::at(path_at(text, e.line(), e.column()), message),
        )
    })?;
    check_invariants(&setup).map_err(|p| (Kind::Rule, p))?;
    Ok(setup)
}

/// The JSON path (`portal.company_name`, `directory.users[3]`) of the value
/// being read at `line`:`column` (1-based, as serde_json reports), found by
/// walking the text up to there. `.` is the whole document.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            expecting_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let end = (line_start + column).min(text.len());
    let bytes = &text.as_bytes()[..end];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    let raw = &bytes[start..i.min(bytes.len())];
                    *key = Some(String::from_utf8_lossy(raw).into_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        ".".into()
    } else {
        path
    }
}

/// Brings an older document up to [`SCHEMA_VERSION`], one version at a time.
fn migrate(object: &mut serde_json::Map<String, serde_json::Value>, from: u64) {
    if from < 2 {
        // Version 2 added step 6. A version-1 document has none of it.
        object
            .entry("enrollment")
            .or_insert_with(|| serde_json::json!({}));
    }
    object.insert("schema_version".into(), serde_json::json!(SCHEMA_VERSION));
}

/// Rules that hold for every document the reducer can produce, area by
/// area in document order (the first problem found is the one reported).
/// Field values such as domain names are re-validated while deserialising.
fn check_invariants(setup: &Setup) -> Result<(), Problem> {
    crate::connections::check_invariants(&setup.connections)?;
    crate::portal::check_invariants(setup.portal.as_ref())?;
    crate::directory::check_invariants(&setup.directory)?;
    crate::groups::check_invariants(&setup.groups, &setup.directory)?;
    crate::enrollment::check_invariants(&setup.enrollment, &setup.connections)
}
