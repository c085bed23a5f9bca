//! Step 3 — user groups and device groups: their commands, invariants and messages.
//! The built-in "Intune users" group is derived from the licensed users, never stored.

use crate::directory::{Directory, UserId};
use crate::problem::Problem;
use crate::text::{self, TextError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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

    /// `CreateGroup`.
    pub fn create(
        &mut self,
        kind: GroupKind,
        details: (&str, &str),
        members: (&[UserId], &[String]),
        directory: &Directory,
    ) -> Result<(), GroupError> {
        let (name, description) = self.check_details(None, details.0, details.1)?;
        let (users, devices) = Groups::check_members(kind, members.0, members.1, directory)?;
        let id = GroupId(self.next_group_id.max(1));
        self.next_group_id = id.0 + 1;
        self.groups.push(Group {
            id,
            kind,
            name,
            description,
            users,
            devices,
        });
        Ok(())
    }

    /// `UpdateGroup`: the kind of a group never changes.
    pub fn update(
        &mut self,
        id: GroupId,
        details: (&str, &str),
        members: (&[UserId], &[String]),
        directory: &Directory,
    ) -> Result<(), GroupError> {
        let kind = self
            .find(id)
            .ok_or(GroupError::UnknownGroup { id: id.0 })?
            .kind;
        let (name, description) = self.check_details(Some(id), details.0, details.1)?;
        let (users, devices) = Groups::check_members(kind, members.0, members.1, directory)?;
        if let Some(group) = self.groups.iter_mut().find(|g| g.id == id) {
            group.name = name;
            group.description = description;
            group.users = users;
            group.devices = devices;
        }
        Ok(())
    }

    /// `DeleteGroup`.
    pub fn delete(&mut self, id: GroupId) -> Result<(), GroupError> {
        self.find(id).ok_or(GroupError::UnknownGroup { id: id.0 })?;
        self.groups.retain(|g| g.id != id);
        Ok(())
    }

    /// A user removed from the directory leaves every group.
    pub fn forget_user(&mut self, id: UserId) {
        for group in &mut self.groups {
            group.users.retain(|u| *u != id);
        }
    }

    /// The directory was cleared: no group keeps a user.
    pub fn forget_all_users(&mut self) {
        for group in &mut self.groups {
            group.users.clear();
        }
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

/// Unique ids and names (ignoring case); every user member exists.
pub fn check_invariants(groups: &Groups, directory: &Directory) -> Result<(), Problem> {
    let mut group_ids = HashSet::new();
    let mut names = HashSet::new();
    for (i, group) in groups.groups.iter().enumerate() {
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
    Ok(())
}
