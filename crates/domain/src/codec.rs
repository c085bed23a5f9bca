//! Reading and writing the stored document. A document that cannot be read
//! is reported, never repaired silently: the caller keeps the raw text.

use crate::Setup;
use std::collections::HashSet;

/// The layout version this build writes and the newest it can read.
pub const SCHEMA_VERSION: u32 = 1;

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

pub fn decode(json: &str) -> Result<Setup, DecodeError> {
    // Read the version first, so a newer layout is reported as such rather
    // than as whatever field this version does not understand.
    #[derive(serde::Deserialize)]
    struct Header {
        schema_version: Option<u64>,
    }
    // serde would also read a struct from an array, by position: a document
    // must be an object.
    if !json.trim_start().starts_with('{') {
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(json) {
            Ok(_) => DecodeError::WrongShape("not a JSON object".into()),
            Err(e) => DecodeError::NotJson(e.to_string()),
        });
    }
    let header: Header = serde_json::from_str(json).map_err(classify)?;
    let version = header
        .schema_version
        .ok_or_else(|| DecodeError::WrongShape("no schema_version number".into()))?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err(DecodeError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let setup: Setup = serde_json::from_str(json).map_err(classify)?;
    check_invariants(&setup).map_err(DecodeError::Inconsistent)?;
    Ok(setup)
}

fn classify(error: serde_json::Error) -> DecodeError {
    match error.classify() {
        serde_json::error::Category::Data => DecodeError::WrongShape(error.to_string()),
        _ => DecodeError::NotJson(error.to_string()),
    }
}

/// Rules that hold for every document the reducer can produce. Field values
/// such as domain names are already re-validated while deserialising.
fn check_invariants(setup: &Setup) -> Result<(), String> {
    let mut seen = HashSet::new();
    for d in &setup.connections.domains {
        if !seen.insert(d.name.as_str()) {
            return Err(format!("the domain {} appears twice.", d.name));
        }
    }
    if let Some(default) = &setup.connections.default_domain {
        match setup.connections.find(default) {
            Some(d) if d.is_verified() => {}
            Some(_) => return Err(format!("the default domain {default} is not verified.")),
            None => return Err(format!("the default domain {default} is not in the list.")),
        }
    }
    let directory = &setup.directory;
    let mut ids = HashSet::new();
    let mut upns = HashSet::new();
    for user in &directory.users {
        if !ids.insert(user.id) {
            return Err(format!("the user id {} appears twice.", user.id.0));
        }
        if !upns.insert(user.upn.to_lowercase()) {
            return Err(format!("the user name {} appears twice.", user.upn));
        }
        if user.licensed && user.usage_location.is_none() {
            return Err(format!(
                "{} is licensed without a usage location.",
                user.upn
            ));
        }
    }
    if directory.licensed_count() > directory.purchased_licenses as usize {
        return Err(format!(
            "{} licenses are assigned but only {} purchased.",
            directory.licensed_count(),
            directory.purchased_licenses
        ));
    }
    let mut group_ids = HashSet::new();
    let mut names = HashSet::new();
    for group in &setup.groups.groups {
        if !group_ids.insert(group.id) || !names.insert(group.name.to_lowercase()) {
            return Err(format!("the group {} appears twice.", group.name));
        }
        if let Some(missing) = group.users.iter().find(|id| directory.find(**id).is_none()) {
            return Err(format!(
                "the group {} lists a user ({}) who does not exist.",
                group.name, missing.0
            ));
        }
    }
    Ok(())
}
