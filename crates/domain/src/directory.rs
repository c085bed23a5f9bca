//! Step 5 — the user directory and Intune licenses, the tenant domain and the
//! on-premises sync checklist: their commands, invariants and messages.

use crate::connections::{Connections, DomainUsers};
use crate::countries::COUNTRIES;
use crate::dns_name::DomainName;
use crate::problem::Problem;
use crate::text::{self, grouped, TextError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

pub const MAX_DISPLAY_NAME_CHARS: usize = 256;
pub const MAX_PURCHASED_LICENSES: u32 = 1_000_000;
/// The longest user principal name Azure AD accepts.
pub const MAX_UPN_CHARS: usize = 113;

/// A stable identifier for a user (group memberships refer to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserSource {
    /// Created in the cloud directory.
    Cloud,
    /// Synchronized from on-premises Active Directory.
    Synchronized,
}

impl UserSource {
    pub fn label(self) -> &'static str {
        match self {
            UserSource::Cloud => "Cloud",
            UserSource::Synchronized => "Synchronized from on-premises AD",
        }
    }
}

/// An ISO 3166-1 alpha-2 country code from the fixed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UsageLocation([u8; 2]);

impl UsageLocation {
    pub fn parse(input: &str) -> Result<UsageLocation, DirectoryError> {
        let code = input.trim().to_ascii_uppercase();
        match COUNTRIES.iter().find(|(c, _)| *c == code) {
            Some((c, _)) => {
                let b = c.as_bytes();
                Ok(UsageLocation([b[0], b[1]]))
            }
            None => Err(DirectoryError::UnknownCountry {
                value: crate::text::shorten(input.trim(), 12),
            }),
        }
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    pub fn name(&self) -> &'static str {
        COUNTRIES
            .iter()
            .find(|(c, _)| *c == self.code())
            .map_or("", |(_, n)| n)
    }
}

impl TryFrom<String> for UsageLocation {
    type Error = DirectoryError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        UsageLocation::parse(&value)
    }
}

impl From<UsageLocation> for String {
    fn from(value: UsageLocation) -> String {
        value.code().to_owned()
    }
}

impl fmt::Display for UsageLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DirectoryUser {
    pub id: UserId,
    pub display_name: String,
    /// `local@domain`; unique ignoring case.
    pub upn: String,
    pub source: UserSource,
    #[serde(default)]
    pub usage_location: Option<UsageLocation>,
    #[serde(default)]
    pub licensed: bool,
}

impl DirectoryUser {
    pub fn upn_domain(&self) -> &str {
        self.upn.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

/// The four steps of synchronizing on-premises users, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStep {
    UpnSuffixAdded,
    SuffixSetOnUsers,
    SyncRun,
    LicensesAssigned,
}

impl SyncStep {
    pub const ALL: [SyncStep; 4] = [
        SyncStep::UpnSuffixAdded,
        SyncStep::SuffixSetOnUsers,
        SyncStep::SyncRun,
        SyncStep::LicensesAssigned,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SyncStep::UpnSuffixAdded => "upn-suffix",
            SyncStep::SuffixSetOnUsers => "suffix-on-users",
            SyncStep::SyncRun => "sync-run",
            SyncStep::LicensesAssigned => "licenses",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SyncStep::UpnSuffixAdded => {
                "Add your custom domain as a UPN suffix in on-premises Active Directory"
            }
            SyncStep::SuffixSetOnUsers => "Give the users you will synchronize that UPN suffix",
            SyncStep::SyncRun => {
                "Run the directory synchronization (Azure AD Connect) to bring the users across"
            }
            SyncStep::LicensesAssigned => "Assign Intune licenses to the synchronized users",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Directory {
    pub users: Vec<DirectoryUser>,
    pub next_user_id: u64,
    pub purchased_licenses: u32,
    /// The first three sync steps, ticked by the administrator (the fourth
    /// is derived from the data).
    pub sync_done: Vec<SyncStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DirectoryError {
    #[error("Display name: {0}")]
    DisplayName(TextError),
    #[error("User name: {0}")]
    Upn(String),
    #[error("The user name {upn} is already taken (user names ignore case).")]
    DuplicateUpn { upn: String },
    #[error(
        "The user name {upn} ends in {domain}, which is not a verified domain of this tenant. Use {allowed}."
    )]
    UnverifiedUpnDomain {
        upn: String,
        domain: String,
        allowed: String,
    },
    #[error("“{value}” is not a country code from the list (two letters, such as US or DE).")]
    UnknownCountry { value: String },
    #[error("There is no user with the id {id}.")]
    UnknownUser { id: u64 },
    #[error("{name} is synchronized from on-premises AD: change it there; here only the license and usage location can change.")]
    SynchronizedReadOnly { name: String },
    #[error("{} purchased licenses: the number must be from 0 to {}.", grouped(*count), grouped(MAX_PURCHASED_LICENSES))]
    PurchasedOutOfRange { count: i64 },
    #[error("{} purchased licenses is fewer than the {} already assigned: remove licenses first.", grouped(*count), grouped(*used as u64))]
    PurchasedBelowUsed { count: u32, used: usize },
    #[error("Nothing was changed. {}", needs_location(names))]
    MissingUsageLocation { names: Vec<String> },
    #[error("Nothing was changed. {} more {} needed but only {} of {} are free; these users did not get one: {}.", grouped(*requested as u64), if *requested == 1 { "license is" } else { "licenses are" }, grouped(*free as u64), grouped(*purchased), names.join(", "))]
    NotEnoughLicenses {
        requested: usize,
        free: usize,
        purchased: u32,
        names: Vec<String>,
    },
    #[error("{name} is licensed: remove the license first, or it can't be removed while it is licensed.")]
    RemoveLicensedUser { name: String },
    #[error("The usage location of {name} can't be cleared while the user has a license.")]
    LicensedNeedsLocation { name: String },
    #[error("{count} {} {domain}: change or remove {} first.", if *count == 1 { "user signs in with" } else { "users sign in with" }, if *count == 1 { "that user" } else { "them" })]
    DomainInUse { domain: String, count: usize },
    #[error("The last step is ticked for you once a synchronized user has a license.")]
    SyncStepDerived,
    #[error("“{value}” is not a whole number of licenses.")]
    NotANumber { value: String },
}

/// Reads a typed number of purchased licenses (spaces and thousands
/// separators allowed: "1,000" or "1 000").
pub fn parse_license_count(input: &str) -> Result<i64, DirectoryError> {
    let digits: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '_'))
        .collect();
    let count = digits
        .parse::<i64>()
        .map_err(|_| DirectoryError::NotANumber {
            value: crate::text::shorten(input.trim(), 20),
        })?;
    // The range is part of the field's rule, so it shows while typing.
    if !(0..=i64::from(MAX_PURCHASED_LICENSES)).contains(&count) {
        return Err(DirectoryError::PurchasedOutOfRange { count });
    }
    Ok(count)
}

fn needs_location(names: &[String]) -> String {
    let who = if names.len() == 1 {
        "This user needs"
    } else {
        "These users need"
    };
    format!(
        "{who} a usage location before they can have a license: {}.",
        names.join(", ")
    )
}

/// Checks and normalises a user principal name: `local@domain`, the local
/// part 1–64 of letters, digits and `. _ - ' + !  # $ % & * = ? ^ { } | ~`,
/// dots only inside; the domain lower-cased and valid.
pub fn parse_upn(input: &str) -> Result<(String, DomainName), DirectoryError> {
    let upn = text::clean(input, MAX_UPN_CHARS).map_err(|e| DirectoryError::Upn(e.to_string()))?;
    let bad = |why: &str| DirectoryError::Upn(why.to_owned());
    if upn.is_empty() {
        return Err(bad("This field is required."));
    }
    let Some((local, domain)) = upn.rsplit_once('@') else {
        return Err(bad(&format!(
            "“{upn}” needs an @ between the name and the domain, as in ada@contoso.com."
        )));
    };
    if local.is_empty() {
        return Err(bad("the part before the @ is missing."));
    }
    if local.chars().count() > 64 {
        return Err(bad(&format!(
            "the part before the @ is {} characters: the limit is 64.",
            local.chars().count()
        )));
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || ".-_'+!#$%&*=?^{}|~".contains(*c)))
    {
        return Err(bad(&format!(
            "“{}” is not allowed before the @.",
            crate::text::shown_char(c)
        )));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(bad("dots before the @ must sit between other characters."));
    }
    let domain = DomainName::parse(domain).map_err(|e| bad(&e.to_string()))?;
    Ok((format!("{local}@{domain}"), domain))
}

impl Directory {
    pub fn find(&self, id: UserId) -> Option<&DirectoryUser> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn licensed_count(&self) -> usize {
        self.users.iter().filter(|u| u.licensed).count()
    }

    pub fn has_synchronized_users(&self) -> bool {
        self.users
            .iter()
            .any(|u| u.source == UserSource::Synchronized)
    }

    pub fn sync_step_done(&self, step: SyncStep) -> bool {
        match step {
            SyncStep::LicensesAssigned => self
                .users
                .iter()
                .any(|u| u.source == UserSource::Synchronized && u.licensed),
            other => self.sync_done.contains(&other),
        }
    }

    pub fn sync_complete(&self) -> bool {
        SyncStep::ALL.into_iter().all(|s| self.sync_step_done(s))
    }

    pub fn users_in_domain(&self, domain: &DomainName) -> usize {
        self.users
            .iter()
            .filter(|u| u.upn_domain() == domain.as_str())
            .count()
    }

    pub fn check_display_name(display_name: &str) -> Result<String, DirectoryError> {
        text::required(display_name, MAX_DISPLAY_NAME_CHARS).map_err(DirectoryError::DisplayName)
    }

    /// The user name: well formed, in a verified domain or the tenant
    /// domain, and not taken by another user.
    pub fn check_upn(
        &self,
        editing: Option<UserId>,
        upn: &str,
        connections: &Connections,
        tenant_domain: &DomainName,
    ) -> Result<String, DirectoryError> {
        let (upn, domain) = parse_upn(upn)?;
        let verified = connections.find(&domain).is_some_and(|d| d.is_verified());
        if &domain != tenant_domain && !verified {
            let mut allowed: Vec<String> =
                connections.verified().map(|d| d.name.to_string()).collect();
            allowed.push(tenant_domain.to_string());
            return Err(DirectoryError::UnverifiedUpnDomain {
                upn,
                domain: domain.to_string(),
                allowed: allowed.join(" or "),
            });
        }
        if self
            .users
            .iter()
            .any(|u| Some(u.id) != editing && u.upn.eq_ignore_ascii_case(&upn))
        {
            return Err(DirectoryError::DuplicateUpn { upn });
        }
        Ok(upn)
    }

    pub fn check_usage_location(input: &str) -> Result<Option<UsageLocation>, DirectoryError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            UsageLocation::parse(input).map(Some)
        }
    }

    /// Every check of a new or edited user (the reducer runs this; forms
    /// call the per-field checks above).
    pub fn check_user(
        &self,
        editing: Option<UserId>,
        display_name: &str,
        upn: &str,
        usage_location: &str,
        connections: &Connections,
        tenant_domain: &DomainName,
    ) -> Result<(String, String, Option<UsageLocation>), DirectoryError> {
        Ok((
            Directory::check_display_name(display_name)?,
            self.check_upn(editing, upn, connections, tenant_domain)?,
            Directory::check_usage_location(usage_location)?,
        ))
    }

    /// Assigns the Intune license to every user in `ids`, or to none.
    pub fn assign(&mut self, ids: &[UserId]) -> Result<(), DirectoryError> {
        let mut to_license = Vec::new();
        for id in ids {
            let user = self
                .find(*id)
                .ok_or(DirectoryError::UnknownUser { id: id.0 })?;
            if !user.licensed && !to_license.contains(id) {
                to_license.push(*id);
            }
        }
        let missing: Vec<String> = to_license
            .iter()
            .filter_map(|id| self.find(*id))
            .filter(|u| u.usage_location.is_none())
            .map(|u| u.display_name.clone())
            .collect();
        if !missing.is_empty() {
            return Err(DirectoryError::MissingUsageLocation { names: missing });
        }
        let free = (self.purchased_licenses as usize).saturating_sub(self.licensed_count());
        if to_license.len() > free {
            let names = to_license[free..]
                .iter()
                .filter_map(|id| self.find(*id))
                .map(|u| u.display_name.clone())
                .collect();
            return Err(DirectoryError::NotEnoughLicenses {
                requested: to_license.len(),
                free,
                purchased: self.purchased_licenses,
                names,
            });
        }
        for user in &mut self.users {
            if to_license.contains(&user.id) {
                user.licensed = true;
            }
        }
        Ok(())
    }

    pub fn unassign(&mut self, ids: &[UserId]) -> Result<(), DirectoryError> {
        for id in ids {
            self.find(*id)
                .ok_or(DirectoryError::UnknownUser { id: id.0 })?;
        }
        for user in &mut self.users {
            if ids.contains(&user.id) {
                user.licensed = false;
            }
        }
        Ok(())
    }

    /// `AddUser`: a cloud user, without a license.
    pub fn add_user(
        &mut self,
        display_name: &str,
        upn: &str,
        usage_location: &str,
        connections: &Connections,
        tenant_domain: &DomainName,
    ) -> Result<(), DirectoryError> {
        let (display_name, upn, usage_location) = self.check_user(
            None,
            display_name,
            upn,
            usage_location,
            connections,
            tenant_domain,
        )?;
        let id = UserId(self.next_user_id.max(1));
        self.next_user_id = id.0 + 1;
        self.users.push(DirectoryUser {
            id,
            display_name,
            upn,
            source: UserSource::Cloud,
            usage_location,
            licensed: false,
        });
        Ok(())
    }

    /// `EditUser`: cloud users every field, synchronized users the usage
    /// location only; a licensed user keeps a usage location.
    pub fn edit_user(
        &mut self,
        id: UserId,
        display_name: &str,
        upn: &str,
        usage_location: &str,
        connections: &Connections,
        tenant_domain: &DomainName,
    ) -> Result<(), DirectoryError> {
        let current = self
            .find(id)
            .ok_or(DirectoryError::UnknownUser { id: id.0 })?
            .clone();
        let (display_name, upn, usage_location) = self.check_user(
            Some(id),
            display_name,
            upn,
            usage_location,
            connections,
            tenant_domain,
        )?;
        if current.source == UserSource::Synchronized
            && (display_name != current.display_name || upn != current.upn)
        {
            return Err(DirectoryError::SynchronizedReadOnly {
                name: current.display_name,
            });
        }
        if current.licensed && usage_location.is_none() {
            return Err(DirectoryError::LicensedNeedsLocation {
                name: current.display_name,
            });
        }
        if let Some(user) = self.users.iter_mut().find(|u| u.id == id) {
            user.display_name = display_name;
            user.upn = upn;
            user.usage_location = usage_location;
        }
        Ok(())
    }

    /// `RemoveUser`: cloud users only (the caller drops them from groups).
    pub fn remove_user(&mut self, id: UserId) -> Result<(), DirectoryError> {
        let user = self
            .find(id)
            .ok_or(DirectoryError::UnknownUser { id: id.0 })?;
        if user.source == UserSource::Synchronized {
            return Err(DirectoryError::SynchronizedReadOnly {
                name: user.display_name.clone(),
            });
        }
        self.users.retain(|u| u.id != id);
        Ok(())
    }

    /// `ClearDirectory` (the caller empties the groups' user lists).
    pub fn clear(&mut self) {
        self.users.clear();
    }

    /// `SetPurchasedLicenses`: 0 to the maximum, and not below those assigned.
    pub fn set_purchased_licenses(&mut self, count: i64) -> Result<(), DirectoryError> {
        let count = u32::try_from(count)
            .ok()
            .filter(|c| *c <= MAX_PURCHASED_LICENSES)
            .ok_or(DirectoryError::PurchasedOutOfRange { count })?;
        let used = self.licensed_count();
        if (count as usize) < used {
            return Err(DirectoryError::PurchasedBelowUsed { count, used });
        }
        self.purchased_licenses = count;
        Ok(())
    }

    /// `SetSyncStep`: the last step is derived, never ticked.
    pub fn set_sync_step(&mut self, step: SyncStep, done: bool) -> Result<(), DirectoryError> {
        if step == SyncStep::LicensesAssigned {
            return Err(DirectoryError::SyncStepDerived);
        }
        self.sync_done.retain(|s| *s != step);
        if done {
            self.sync_done.push(step);
        }
        Ok(())
    }

    /// A small, realistic directory for a new tenant (it can be cleared).
    pub fn sample(tenant_domain: &DomainName) -> Directory {
        let people = [
            ("Adele Vance", "adelev", UserSource::Cloud, Some("US")),
            ("Alex Wilber", "alexw", UserSource::Cloud, Some("US")),
            (
                "Megan Bowen",
                "meganb",
                UserSource::Synchronized,
                Some("GB"),
            ),
            ("Lee Gu", "leeg", UserSource::Synchronized, None),
            ("Nestor Wilke", "nestorw", UserSource::Cloud, None),
        ];
        let users = people
            .iter()
            .enumerate()
            .map(|(i, (name, alias, source, location))| DirectoryUser {
                id: UserId(i as u64 + 1),
                display_name: (*name).into(),
                upn: format!("{alias}@{tenant_domain}"),
                source: *source,
                usage_location: location.and_then(|l| UsageLocation::parse(l).ok()),
                licensed: false,
            })
            .collect::<Vec<_>>();
        Directory {
            next_user_id: users.len() as u64 + 1,
            users,
            purchased_licenses: 25,
            sync_done: Vec::new(),
        }
    }
}

impl DomainUsers for Directory {
    fn users_in_domain(&self, domain: &DomainName) -> usize {
        Directory::users_in_domain(self, domain)
    }
}

/// Unique ids and user names, a usage location for every licensed user,
/// and no more licenses assigned than purchased.
pub fn check_invariants(directory: &Directory) -> Result<(), Problem> {
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_that_quote_a_refused_character_never_carry_it_raw() {
        let upn = parse_upn("ad\u{202E}min@contoso.com").unwrap_err();
        assert!(upn.to_string().contains("(U+202E)"), "{upn}");
    }

    #[test]
    fn license_counts_parse() {
        assert_eq!(parse_license_count(" 25 "), Ok(25));
        assert_eq!(parse_license_count("1,000"), Ok(1000));
        // The range is the field's rule too, so it shows while typing.
        assert_eq!(
            parse_license_count("-3"),
            Err(DirectoryError::PurchasedOutOfRange { count: -3 })
        );
        assert_eq!(
            parse_license_count("1000001").unwrap_err().to_string(),
            "1,000,001 purchased licenses: the number must be from 0 to 1,000,000."
        );
        assert_eq!(parse_license_count("1,000,000"), Ok(1_000_000));
        assert_eq!(
            parse_license_count("ten").unwrap_err().to_string(),
            "“ten” is not a whole number of licenses."
        );
        assert!(parse_license_count("").is_err());
        assert!(parse_license_count("2.5").is_err());
    }
}
