//! Reading and writing the stored document. A document that cannot be read
//! is reported, never repaired silently: the caller keeps the raw text.

use crate::Setup;
use std::collections::HashSet;

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

/// The first problem of a document that was refused, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at {path})")]
pub struct Problem {
    /// A JSON path such as `portal.company_name` or `directory.users[3]`;
    /// `.` is the whole document.
    pub path: String,
    pub message: String,
}

impl Problem {
    fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
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
            Problem::at(".", format!("it is not valid JSON ({e})")),
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

/// Rules that hold for every document the reducer can produce. Field values
/// such as domain names are already re-validated while deserialising.
fn check_invariants(setup: &Setup) -> Result<(), Problem> {
    let mut seen = HashSet::new();
    for (i, d) in setup.connections.domains.iter().enumerate() {
        if !seen.insert(d.name.as_str()) {
            return Err(Problem::at(
                format!("connections.domains[{i}].name"),
                format!("the domain {} appears twice", d.name),
            ));
        }
    }
    if let Some(default) = &setup.connections.default_domain {
        let path = "connections.default_domain";
        match setup.connections.find(default) {
            Some(d) if d.is_verified() => {}
            Some(_) => {
                return Err(Problem::at(
                    path,
                    format!("the default domain {default} is not verified"),
                ))
            }
            None => {
                return Err(Problem::at(
                    path,
                    format!("the default domain {default} is not in the list"),
                ))
            }
        }
    }
    if let Some(portal) = &setup.portal {
        if let Err(errors) = portal.validated() {
            if let Some(first) = errors.first() {
                let field = serde_json::to_value(first.field)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                return Err(Problem::at(format!("portal.{field}"), first.to_string()));
            }
        }
    }
    let directory = &setup.directory;
    let mut ids = HashSet::new();
    let mut upns = HashSet::new();
    for (i, user) in directory.users.iter().enumerate() {
        let path = || format!("directory.users[{i}]");
        if !ids.insert(user.id) {
            return Err(Problem::at(
                path(),
                format!("the user id {} appears twice", user.id.0),
            ));
        }
        if !upns.insert(user.upn.to_lowercase()) {
            return Err(Problem::at(
                path(),
                format!("the user name {} appears twice", user.upn),
            ));
        }
        if user.licensed && user.usage_location.is_none() {
            return Err(Problem::at(
                path(),
                format!("{} is licensed without a usage location", user.upn),
            ));
        }
    }
    if directory.licensed_count() > directory.purchased_licenses as usize {
        return Err(Problem::at(
            "directory.purchased_licenses",
            format!(
                "{} licenses are assigned but only {} purchased",
                directory.licensed_count(),
                directory.purchased_licenses
            ),
        ));
    }
    let mut group_ids = HashSet::new();
    let mut names = HashSet::new();
    for (i, group) in setup.groups.groups.iter().enumerate() {
        let path = || format!("groups.groups[{i}]");
        if !group_ids.insert(group.id) || !names.insert(group.name.to_lowercase()) {
            return Err(Problem::at(
                path(),
                format!("the group {} appears twice", group.name),
            ));
        }
        if let Some(missing) = group.users.iter().find(|id| directory.find(**id).is_none()) {
            return Err(Problem::at(
                path(),
                format!(
                    "the group {} lists a user ({}) who does not exist",
                    group.name, missing.0
                ),
            ));
        }
    }
    let enrollment = &setup.enrollment;
    if let Some(apple) = &enrollment.apple {
        if !apple
            .certificate
            .topic
            .starts_with(crate::certificate::TOPIC_PREFIX)
        {
            return Err(Problem::at(
                "enrollment.apple.certificate.topic",
                format!(
                    "“{}” is not an Apple MDM push topic",
                    crate::text::shorten(&apple.certificate.topic, 60)
                ),
            ));
        }
        if let Err(e) = crate::address::email(&apple.apple_id, crate::enrollment::MAX_ACCOUNT) {
            return Err(Problem::at("enrollment.apple.apple_id", e.to_string()));
        }
    }
    if let Some(afw) = &enrollment.android_for_work {
        if let Err(e) = crate::address::email(&afw.google_account, crate::enrollment::MAX_ACCOUNT) {
            return Err(Problem::at(
                "enrollment.android_for_work.google_account",
                e.to_string(),
            ));
        }
    }
    for name in &enrollment.cnames_published {
        if !setup
            .connections
            .find(name)
            .is_some_and(|d| d.is_verified())
        {
            return Err(Problem::at(
                "enrollment.cnames_published",
                format!("{name} is not a verified domain"),
            ));
        }
    }
    let mut identifiers = HashSet::new();
    for (i, device) in enrollment.devices.iter().enumerate() {
        let path = || format!("enrollment.devices[{i}].identifier");
        match crate::devices::parse_identifier(&device.identifier) {
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
