//! Step 3 — user groups and device groups. The built-in "Intune users" group
//! is derived from the licensed users and is never stored.

use crate::directory::{Directory, UserId};
use crate::text::{self, TextError};
use serde::{Deserialize, Serialize};

pub const MAX_GROUP_NAME_CHARS: usize = 256;
pub const MAX_DESCRIPTION_CHARS: usize = 1024;
pub const MAX_DEVICE_NAME_CHARS: usize = 15;
pub const BUILT_IN_GROUP: &str = "Intune users";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    User,
    Device,
}

impl GroupKind {
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::User => "User group",
            GroupKind::Device => "Device group",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub kind: GroupKind,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Members of a user group.
    #[serde(default)]
    pub users: Vec<UserId>,
    /// Members of a device group (device names).
    #[serde(default)]
    pub devices: Vec<String>,
}

impl Group {
    pub fn member_count(&self) -> usize {
        match self.kind {
            GroupKind::User => self.users.len(),
            GroupKind::Device => self.devices.len(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Groups {
    pub groups: Vec<Group>,
    pub next_group_id: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum GroupError {
    #[error("Group name: {0}")]
    Name(TextError),
    #[error("Description: {0}")]
    Description(TextError),
    #[error("A group called “{name}” already exists (group names ignore case).")]
    DuplicateName { name: String },
    #[error("“{BUILT_IN_GROUP}” is the built-in group of licensed users; choose another name.")]
    ReservedName,
    #[error("There is no group with the id {id}.")]
    UnknownGroup { id: u64 },
    #[error("Device name “{name}”: {reason}")]
    DeviceName { name: String, reason: String },
    #[error("The device {name} is listed twice (device names ignore case).")]
    DuplicateDevice { name: String },
    #[error("There is no user with the id {id} in the directory.")]
    UnknownMember { id: u64 },
    #[error("A {kind} holds {expected}, not {given}.")]
    WrongMemberKind {
        kind: String,
        expected: String,
        given: String,
    },
}

/// 1–15 letters, digits and hyphens (a NetBIOS-safe computer name).
pub fn check_device_name(input: &str) -> Result<String, GroupError> {
    let name = input.trim();
    let bad = |reason: String| GroupError::DeviceName {
        name: crate::text::shorten(name, 20),
        reason,
    };
    if name.is_empty() {
        return Err(bad("it is empty.".into()));
    }
    let chars = name.chars().count();
    if chars > MAX_DEVICE_NAME_CHARS {
        return Err(bad(format!(
            "{chars} characters: the limit is {MAX_DEVICE_NAME_CHARS}."
        )));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(bad(format!(
            "“{}” is not allowed: use letters, digits and hyphens only.",
            text::shown_char(c)
        )));
    }
    Ok(name.to_owned())
}

impl Groups {
    pub fn find(&self, id: GroupId) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Name and description checks shared by create and rename.
    pub fn check_details(
        &self,
        editing: Option<GroupId>,
        name: &str,
        description: &str,
    ) -> Result<(String, String), GroupError> {
        let name = text::required(name, MAX_GROUP_NAME_CHARS).map_err(GroupError::Name)?;
        if name.eq_ignore_ascii_case(BUILT_IN_GROUP)
            || name.to_lowercase() == BUILT_IN_GROUP.to_lowercase()
        {
            return Err(GroupError::ReservedName);
        }
        let lower = name.to_lowercase();
        if self
            .groups
            .iter()
            .any(|g| Some(g.id) != editing && g.name.to_lowercase() == lower)
        {
            return Err(GroupError::DuplicateName { name });
        }
        let description =
            text::clean(description, MAX_DESCRIPTION_CHARS).map_err(GroupError::Description)?;
        Ok((name, description))
    }

    /// Checks a member list for a group of `kind`.
    pub fn check_members(
        kind: GroupKind,
        users: &[UserId],
        devices: &[String],
        directory: &Directory,
    ) -> Result<(Vec<UserId>, Vec<String>), GroupError> {
        match kind {
            GroupKind::User => {
                if !devices.is_empty() {
                    return Err(GroupError::WrongMemberKind {
                        kind: "user group".into(),
                        expected: "users".into(),
                        given: "devices".into(),
                    });
                }
                let mut out = Vec::new();
                for id in users {
                    directory
                        .find(*id)
                        .ok_or(GroupError::UnknownMember { id: id.0 })?;
                    if !out.contains(id) {
                        out.push(*id);
                    }
                }
                Ok((out, Vec::new()))
            }
            GroupKind::Device => {
                if !users.is_empty() {
                    return Err(GroupError::WrongMemberKind {
                        kind: "device group".into(),
                        expected: "devices".into(),
                        given: "users".into(),
                    });
                }
                let mut out: Vec<String> = Vec::new();
                for name in devices {
                    let name = check_device_name(name)?;
                    if out.iter().any(|d| d.eq_ignore_ascii_case(&name)) {
                        return Err(GroupError::DuplicateDevice { name });
                    }
                    out.push(name);
                }
                Ok((Vec::new(), out))
            }
        }
    }
}
