//! The rules of mdm-prereqs, with no web dependencies.
//!
//! One versioned document ([`Setup`]) holds a tenant's whole configuration.
//! Every change is a [`Command`]; [`Setup::apply`] is the one place where
//! every rule is checked. A refused command returns a [`DomainError`] whose
//! message names the rule and the actual value, and changes nothing. Step
//! status and progress are pure functions of the document.
//!
//! The same crate validates in the browser (compiled to wasm) and on the
//! server, so a rule is written once.

pub mod address;
pub mod authority;
pub mod certificate;
pub mod codec;
pub mod connections;
pub mod countries;
pub mod devices;
pub mod directory;
pub mod dns_name;
pub mod enrollment;
pub mod error;
pub mod groups;
pub mod image;
pub mod portal;
pub mod recovery;
pub mod report;
pub mod settings;
pub mod steps;
#[cfg(feature = "test-certificates")]
pub mod testing;
pub mod text;
pub mod time;

pub use authority::{AuthorityState, MdmAuthority};
pub use certificate::{CertificateHealth, PushCertificate};
pub use codec::{decode, encode, DecodeError, SCHEMA_VERSION};
pub use connections::{Connections, CustomDomain, TxtRecord, Verification, VerificationMethod};
pub use devices::{CorporateDevice, DeviceImport, DeviceKind};
pub use directory::{
    Directory, DirectoryError, DirectoryUser, SyncStep, UsageLocation, UserId, UserSource,
};
pub use dns_name::{DomainName, DomainNameError};
pub use enrollment::{Enrollment, EnrollmentError, Platform, PlatformStatus};
pub use error::DomainError;
pub use groups::{Group, GroupError, GroupId, GroupKind, Groups};
pub use portal::{CompanyPortal, FieldError, PortalField};
pub use recovery::{ItemState, Recovery, RecoveryError, RecoveryPath, ResetScenario};
pub use steps::{Progress, StepId, StepStatus};
pub use time::{Date, Timestamp};

use serde::{Deserialize, Serialize};

/// A tenant's whole setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    /// Layout of this document; see [`codec`].
    pub schema_version: u32,
    /// Incremented by every applied command; stale writers are detected by it.
    pub revision: u64,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    #[serde(default)]
    pub connections: Connections,
    #[serde(default)]
    pub authority: Option<AuthorityState>,
    /// Step 4, once saved.
    #[serde(default)]
    pub portal: Option<CompanyPortal>,
    /// The tenant's initial `<name>.onmicrosoft.com` domain.
    #[serde(default = "default_tenant_domain")]
    pub tenant_domain: DomainName,
    /// Step 5: users and licenses.
    #[serde(default)]
    pub directory: Directory,
    /// Step 3.
    #[serde(default)]
    pub groups: Groups,
    /// The wrong-authority recovery flow and the history of changes.
    #[serde(default)]
    pub recovery: Recovery,
    /// Step 6.
    #[serde(default)]
    pub enrollment: Enrollment,
}

fn default_tenant_domain() -> DomainName {
    DomainName::parse("contoso.onmicrosoft.com").unwrap_or_else(|_| unreachable!("a valid literal"))
}

impl Default for Setup {
    fn default() -> Self {
        Setup::new()
    }
}

/// Every change a user can make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// Tick or untick "I reviewed the network requirements".
    SetNetworkReviewed {
        reviewed: bool,
    },
    AddDomain {
        name: String,
    },
    RemoveDomain {
        name: String,
    },
    VerifyDomain {
        name: String,
        method: VerificationMethod,
    },
    SetDefaultDomain {
        name: String,
    },
    /// `confirmed` is the explicit tick box of the confirmation dialog.
    SetAuthority {
        authority: MdmAuthority,
        confirmed: bool,
    },
    /// Saves every Company Portal setting at once, or nothing.
    SavePortal {
        portal: Box<CompanyPortal>,
    },
    /// The tenant's `<name>.onmicrosoft.com` domain.
    SetTenantDomain {
        name: String,
    },
    AddUser {
        display_name: String,
        upn: String,
        usage_location: String,
    },
    /// Cloud users: every field. Synchronized users: the usage location only.
    EditUser {
        id: UserId,
        display_name: String,
        upn: String,
        usage_location: String,
    },
    RemoveUser {
        id: UserId,
    },
    /// Removes every user (for example the sample directory).
    ClearDirectory,
    SetPurchasedLicenses {
        count: i64,
    },
    AssignLicenses {
        users: Vec<UserId>,
    },
    RemoveLicenses {
        users: Vec<UserId>,
    },
    SetSyncStep {
        step: SyncStep,
        done: bool,
    },
    CreateGroup {
        kind: GroupKind,
        name: String,
        description: String,
        #[serde(default)]
        users: Vec<UserId>,
        #[serde(default)]
        devices: Vec<String>,
    },
    UpdateGroup {
        id: GroupId,
        name: String,
        description: String,
        #[serde(default)]
        users: Vec<UserId>,
        #[serde(default)]
        devices: Vec<String>,
    },
    DeleteGroup {
        id: GroupId,
    },
    /// Recovery: the Configuration Manager and Intune service versions (YYMM).
    CheckVersions {
        configuration_manager: String,
        intune: String,
    },
    /// Recovery: switch Intune ↔ Configuration Manager without support.
    ChangeAuthorityDirectly {
        to: MdmAuthority,
        confirmed: bool,
    },
    ChooseResetScenario {
        scenario: ResetScenario,
        coexistence: bool,
    },
    /// Ticks (`Some(Done)`), marks not applicable, or clears a checklist item.
    SetResetItem {
        key: String,
        state: Option<ItemState>,
    },
    SetResetDetails {
        tenant_id: String,
        example_users: Vec<String>,
        description: String,
        other_target: Option<MdmAuthority>,
    },
    /// Records that the support request was sent; configuration is locked.
    MarkResetRequested,
    /// Support confirmed: the requested authority is now in force.
    ConfirmReset,
    CancelReset,
    /// Step 6: the certificate file from Apple (PEM or DER, base64-encoded).
    /// A certificate with another push topic than the current one is only
    /// accepted with `replace_topic`.
    UploadApplePushCertificate {
        apple_id: String,
        certificate: String,
        #[serde(default)]
        replace_topic: bool,
    },
    BindAndroidForWork {
        google_account: String,
    },
    UnbindAndroidForWork,
    /// The admin says the two Windows CNAME records of `domain` are published.
    SetCnamesPublished {
        domain: String,
        published: bool,
    },
    /// Pasted text or a CSV file's text. With problems, nothing is imported
    /// unless `skip_invalid` is set.
    ImportDevices {
        text: String,
        #[serde(default)]
        skip_invalid: bool,
    },
    RemoveDevice {
        identifier: String,
    },
    ClearDevices,
    /// Step 7: replaces the whole setup with an imported document (already
    /// read by [`codec::import`]); checked again here, all or nothing.
    ImportSetup {
        setup: Box<Setup>,
    },
}

impl Setup {
    pub fn new() -> Setup {
        Setup {
            schema_version: SCHEMA_VERSION,
            revision: 0,
            updated_at: None,
            connections: Connections::default(),
            authority: None,
            portal: None,
            recovery: Recovery::default(),
            tenant_domain: default_tenant_domain(),
            directory: Directory::sample(&default_tenant_domain()),
            groups: Groups::default(),
            enrollment: Enrollment::default(),
        }
    }

    /// Applies a command. On success the result has `revision + 1`; on
    /// failure `self` is untouched and the error says why.
    pub fn apply(&self, command: Command, now: Timestamp) -> Result<Setup, DomainError> {
        let mut next = self.clone();
        next.apply_in_place(command, now)?;
        next.revision = self.revision + 1;
        next.updated_at = Some(now);
        Ok(next)
    }

    fn apply_in_place(&mut self, command: Command, now: Timestamp) -> Result<(), DomainError> {
        if let Some(pending) = &self.recovery.pending {
            if !matches!(command, Command::ConfirmReset | Command::CancelReset) {
                return Err(DomainError::ResetPending {
                    expected: pending.expected().to_string(),
                    latest: pending.latest().to_string(),
                });
            }
        }
        match command {
            Command::SetNetworkReviewed { reviewed } => {
                self.connections.network_reviewed_at = reviewed.then_some(now);
            }
            Command::AddDomain { name } => {
                let name = self.check_new_domain(&name)?;
                self.connections.domains.push(CustomDomain {
                    name,
                    added_at: now,
                    verification: None,
                });
            }
            Command::RemoveDomain { name } => {
                let name = self.known_domain(&name)?.name.clone();
                let count = self.directory.users_in_domain(&name);
                if count > 0 {
                    return Err(DirectoryError::DomainInUse {
                        domain: name.to_string(),
                        count,
                    }
                    .into());
                }
                self.connections.domains.retain(|d| d.name != name);
                self.enrollment.cnames_published.remove(&name);
                if self.connections.default_domain.as_ref() == Some(&name) {
                    self.connections.default_domain = None;
                }
            }
            Command::VerifyDomain { name, method } => {
                let name = self.known_domain(&name)?.name.clone();
                let domain = self
                    .connections
                    .domains
                    .iter_mut()
                    .find(|d| d.name == name)
                    .ok_or_else(|| DomainError::UnknownDomain { name: name.clone() })?;
                if domain.is_verified() {
                    return Err(DomainError::AlreadyVerified { name });
                }
                domain.verification = Some(Verification { at: now, method });
            }
            Command::SetDefaultDomain { name } => {
                let domain = self.known_domain(&name)?;
                if !domain.is_verified() {
                    return Err(DomainError::DefaultNotVerified {
                        name: domain.name.clone(),
                    });
                }
                self.connections.default_domain = Some(domain.name.clone());
            }
            Command::SetAuthority {
                authority,
                confirmed,
            } => {
                if let Some(current) = self.authority {
                    return Err(DomainError::AuthorityAlreadySet {
                        current: current.authority,
                    });
                }
                if !confirmed {
                    return Err(DomainError::AuthorityNotConfirmed);
                }
                self.authority = Some(AuthorityState {
                    authority,
                    set_at: now,
                });
            }
            Command::SavePortal { portal } => {
                let portal = portal
                    .validated()
                    .map_err(|errors| DomainError::Portal { errors })?;
                self.portal = Some(portal);
            }
            Command::SetTenantDomain { name } => {
                let name = DomainName::parse(&name)?;
                if !name.is_onmicrosoft() {
                    return Err(DomainError::NotOnMicrosoft { name });
                }
                let count = self.directory.users_in_domain(&self.tenant_domain);
                if count > 0 && name != self.tenant_domain {
                    return Err(DirectoryError::DomainInUse {
                        domain: self.tenant_domain.to_string(),
                        count,
                    }
                    .into());
                }
                self.tenant_domain = name;
            }
            Command::AddUser {
                display_name,
                upn,
                usage_location,
            } => {
                let (display_name, upn, usage_location) = self.directory.check_user(
                    None,
                    &display_name,
                    &upn,
                    &usage_location,
                    &self.connections,
                    &self.tenant_domain,
                )?;
                let id = UserId(self.directory.next_user_id.max(1));
                self.directory.next_user_id = id.0 + 1;
                self.directory.users.push(DirectoryUser {
                    id,
                    display_name,
                    upn,
                    source: UserSource::Cloud,
                    usage_location,
                    licensed: false,
                });
            }
            Command::EditUser {
                id,
                display_name,
                upn,
                usage_location,
            } => {
                let current = self
                    .directory
                    .find(id)
                    .ok_or(DirectoryError::UnknownUser { id: id.0 })?
                    .clone();
                let (display_name, upn, usage_location) = self.directory.check_user(
                    Some(id),
                    &display_name,
                    &upn,
                    &usage_location,
                    &self.connections,
                    &self.tenant_domain,
                )?;
                if current.source == UserSource::Synchronized
                    && (display_name != current.display_name || upn != current.upn)
                {
                    return Err(DirectoryError::SynchronizedReadOnly {
                        name: current.display_name,
                    }
                    .into());
                }
                if current.licensed && usage_location.is_none() {
                    return Err(DirectoryError::LicensedNeedsLocation {
                        name: current.display_name,
                    }
                    .into());
                }
                if let Some(user) = self.directory.users.iter_mut().find(|u| u.id == id) {
                    user.display_name = display_name;
                    user.upn = upn;
                    user.usage_location = usage_location;
                }
            }
            Command::RemoveUser { id } => {
                let user = self
                    .directory
                    .find(id)
                    .ok_or(DirectoryError::UnknownUser { id: id.0 })?;
                if user.source == UserSource::Synchronized {
                    return Err(DirectoryError::SynchronizedReadOnly {
                        name: user.display_name.clone(),
                    }
                    .into());
                }
                self.directory.users.retain(|u| u.id != id);
                for group in &mut self.groups.groups {
                    group.users.retain(|u| *u != id);
                }
            }
            Command::ClearDirectory => {
                self.directory.users.clear();
                for group in &mut self.groups.groups {
                    group.users.clear();
                }
            }
            Command::SetPurchasedLicenses { count } => {
                let count = u32::try_from(count)
                    .ok()
                    .filter(|c| *c <= directory::MAX_PURCHASED_LICENSES)
                    .ok_or(DirectoryError::PurchasedOutOfRange { count })?;
                let used = self.directory.licensed_count();
                if (count as usize) < used {
                    return Err(DirectoryError::PurchasedBelowUsed { count, used }.into());
                }
                self.directory.purchased_licenses = count;
            }
            Command::AssignLicenses { users } => self.directory.assign(&users)?,
            Command::RemoveLicenses { users } => self.directory.unassign(&users)?,
            Command::SetSyncStep { step, done } => {
                if step == SyncStep::LicensesAssigned {
                    return Err(DirectoryError::SyncStepDerived.into());
                }
                self.directory.sync_done.retain(|s| *s != step);
                if done {
                    self.directory.sync_done.push(step);
                }
            }
            Command::CreateGroup {
                kind,
                name,
                description,
                users,
                devices,
            } => {
                let (name, description) = self.groups.check_details(None, &name, &description)?;
                let (users, devices) =
                    Groups::check_members(kind, &users, &devices, &self.directory)?;
                let id = GroupId(self.groups.next_group_id.max(1));
                self.groups.next_group_id = id.0 + 1;
                self.groups.groups.push(Group {
                    id,
                    kind,
                    name,
                    description,
                    users,
                    devices,
                });
            }
            Command::UpdateGroup {
                id,
                name,
                description,
                users,
                devices,
            } => {
                let kind = self
                    .groups
                    .find(id)
                    .ok_or(GroupError::UnknownGroup { id: id.0 })?
                    .kind;
                let (name, description) =
                    self.groups.check_details(Some(id), &name, &description)?;
                let (users, devices) =
                    Groups::check_members(kind, &users, &devices, &self.directory)?;
                if let Some(group) = self.groups.groups.iter_mut().find(|g| g.id == id) {
                    group.name = name;
                    group.description = description;
                    group.users = users;
                    group.devices = devices;
                }
            }
            Command::CheckVersions {
                configuration_manager,
                intune,
            } => {
                let cm = recovery::parse_version(
                    "Configuration Manager",
                    "1610",
                    &configuration_manager,
                )?;
                let intune = recovery::parse_version("Intune", "1705", &intune)?;
                self.recovery.cm_version = Some(cm);
                self.recovery.intune_version = Some(intune);
            }
            Command::ChangeAuthorityDirectly { to, confirmed } => {
                let current = self.authority.ok_or(RecoveryError::NoAuthority)?;
                let (Some(cm), Some(intune)) =
                    (self.recovery.cm_version, self.recovery.intune_version)
                else {
                    return Err(RecoveryError::VersionsMissing.into());
                };
                if recovery::path_for(cm, intune) != RecoveryPath::SelfService {
                    return Err(RecoveryError::SelfServiceNotAllowed { cm, intune }.into());
                }
                let other = match current.authority {
                    MdmAuthority::Intune => MdmAuthority::ConfigurationManager,
                    MdmAuthority::ConfigurationManager => MdmAuthority::Intune,
                    MdmAuthority::Office365 => {
                        return Err(RecoveryError::SelfServiceOnlyBetweenIntuneAndCm {
                            current: current.authority.label().into(),
                        }
                        .into())
                    }
                };
                if to != other {
                    return Err(RecoveryError::SelfServiceOnlyBetweenIntuneAndCm {
                        current: current.authority.label().into(),
                    }
                    .into());
                }
                if !confirmed {
                    return Err(RecoveryError::NotConfirmed.into());
                }
                self.recovery.history.push(recovery::AuthorityChange {
                    from: current.authority,
                    to,
                    at: now,
                    how: recovery::ChangeKind::SelfService,
                });
                self.authority = Some(AuthorityState {
                    authority: to,
                    set_at: now,
                });
            }
            Command::ChooseResetScenario {
                scenario,
                coexistence,
            } => {
                let current = self.authority.ok_or(RecoveryError::NoAuthority)?;
                if let Some(expected) = scenario.from() {
                    if expected != current.authority {
                        return Err(RecoveryError::ScenarioMismatch {
                            scenario: scenario.label().into(),
                            expected: expected.label().into(),
                            current: current.authority.label().into(),
                        }
                        .into());
                    }
                }
                if coexistence && !scenario.allows_coexistence() {
                    return Err(RecoveryError::CoexistenceNotApplicable.into());
                }
                let keys: Vec<&str> = recovery::checklist(scenario, coexistence)
                    .iter()
                    .map(|e| e.key)
                    .collect();
                self.recovery
                    .items
                    .retain(|k, _| keys.contains(&k.as_str()));
                self.recovery.scenario = Some(scenario);
                self.recovery.coexistence = coexistence;
            }
            Command::SetResetItem { key, state } => {
                let entry = self
                    .recovery
                    .checklist()
                    .into_iter()
                    .find(|e| e.key == key && !e.info_only)
                    .ok_or_else(|| RecoveryError::UnknownItem { key: key.clone() })?;
                match state {
                    Some(ItemState::NotApplicable) if entry.not_applicable_when.is_none() => {
                        return Err(RecoveryError::NotApplicableNotAllowed {
                            item: entry.text.into(),
                        }
                        .into());
                    }
                    Some(state) => {
                        self.recovery.items.insert(key, state);
                    }
                    None => {
                        self.recovery.items.remove(&key);
                    }
                }
            }
            Command::SetResetDetails {
                tenant_id,
                example_users,
                description,
                other_target,
            } => {
                let tenant_id = tenant_id.trim().to_owned();
                if !tenant_id.is_empty() {
                    recovery::check_tenant_id(&tenant_id)?;
                }
                let mut users = Vec::new();
                for user in example_users.iter().filter(|u| !u.trim().is_empty()) {
                    let upn = recovery::check_example_user(user)?;
                    if !users.iter().any(|u: &String| u.eq_ignore_ascii_case(&upn)) {
                        users.push(upn);
                    }
                }
                let description = text::clean(&description, recovery::MAX_DESCRIPTION_CHARS)
                    .map_err(RecoveryError::Description)?;
                self.recovery.tenant_id = tenant_id;
                self.recovery.example_users = users;
                self.recovery.description = description;
                self.recovery.other_target = other_target;
            }
            Command::MarkResetRequested => {
                let current = self.authority.ok_or(RecoveryError::NoAuthority)?;
                let request = self.recovery.request_text(current.authority)?;
                let target = self.recovery.target().ok_or(RecoveryError::NoTarget)?;
                self.recovery.pending = Some(recovery::PendingReset {
                    sent_at: now,
                    target,
                    request,
                });
            }
            Command::ConfirmReset => {
                let pending = self
                    .recovery
                    .pending
                    .take()
                    .ok_or(RecoveryError::NotPending)?;
                if let Some(current) = self.authority {
                    self.recovery.history.push(recovery::AuthorityChange {
                        from: current.authority,
                        to: pending.target,
                        at: now,
                        how: recovery::ChangeKind::SupportReset,
                    });
                }
                self.authority = Some(AuthorityState {
                    authority: pending.target,
                    set_at: now,
                });
                let history = std::mem::take(&mut self.recovery.history);
                self.recovery = Recovery {
                    history,
                    ..Recovery::default()
                };
            }
            Command::CancelReset => {
                self.recovery
                    .pending
                    .take()
                    .ok_or(RecoveryError::NotPending)?;
            }
            Command::DeleteGroup { id } => {
                self.groups
                    .find(id)
                    .ok_or(GroupError::UnknownGroup { id: id.0 })?;
                self.groups.groups.retain(|g| g.id != id);
            }
            Command::UploadApplePushCertificate {
                apple_id,
                certificate,
                replace_topic,
            } => {
                self.needs_authority()?;
                let apple_id = address::required_email(&apple_id, enrollment::MAX_ACCOUNT)
                    .map_err(EnrollmentError::AppleId)?;
                let bytes = image::base64::decode(certificate.trim()).ok_or_else(|| {
                    EnrollmentError::Certificate(certificate::CertificateError::BadPem {
                        reason: "the upload was not encoded as base64.".into(),
                    })
                })?;
                let cert =
                    certificate::read_certificate(&bytes).map_err(EnrollmentError::Certificate)?;
                if let CertificateHealth::Expired { on } = cert.health(now) {
                    return Err(EnrollmentError::Certificate(
                        certificate::CertificateError::Expired { on: on.to_string() },
                    )
                    .into());
                }
                if let Some(current) = &self.enrollment.apple {
                    if current.certificate.topic != cert.topic && !replace_topic {
                        return Err(EnrollmentError::TopicChanged {
                            current: current.certificate.topic.clone(),
                            new: cert.topic,
                        }
                        .into());
                    }
                }
                self.enrollment.apple = Some(enrollment::ApplePush {
                    apple_id,
                    certificate: cert,
                    uploaded_at: now,
                });
            }
            Command::BindAndroidForWork { google_account } => {
                self.needs_authority()?;
                if let Some(bound) = &self.enrollment.android_for_work {
                    return Err(EnrollmentError::AlreadyBound {
                        account: bound.google_account.clone(),
                    }
                    .into());
                }
                let google_account =
                    address::required_email(&google_account, enrollment::MAX_ACCOUNT)
                        .map_err(EnrollmentError::GoogleAccount)?;
                self.enrollment.android_for_work = Some(enrollment::AndroidForWorkBinding {
                    google_account,
                    bound_at: now,
                });
            }
            Command::UnbindAndroidForWork => {
                self.needs_authority()?;
                self.enrollment
                    .android_for_work
                    .take()
                    .ok_or(EnrollmentError::NotBound)?;
            }
            Command::SetCnamesPublished { domain, published } => {
                self.needs_authority()?;
                let name = self.known_domain(&domain)?.clone();
                if !name.is_verified() {
                    return Err(EnrollmentError::DomainNotVerified {
                        name: name.name.to_string(),
                    }
                    .into());
                }
                if published {
                    self.enrollment.cnames_published.insert(name.name);
                } else {
                    self.enrollment.cnames_published.remove(&name.name);
                }
            }
            Command::ImportDevices { text, skip_invalid } => {
                self.needs_authority()?;
                let added =
                    devices::devices_to_add(&text, &self.enrollment.devices, skip_invalid, now)
                        .map_err(EnrollmentError::Devices)?;
                self.enrollment.devices.extend(added);
            }
            Command::RemoveDevice { identifier } => {
                self.needs_authority()?;
                let key = devices::parse_identifier(&identifier)
                    .map(|(_, id)| id)
                    .unwrap_or_else(|_| identifier.trim().to_owned());
                let before = self.enrollment.devices.len();
                self.enrollment.devices.retain(|d| d.identifier != key);
                if self.enrollment.devices.len() == before {
                    return Err(EnrollmentError::UnknownDevice {
                        identifier: text::shorten(&key, 40),
                    }
                    .into());
                }
            }
            Command::ClearDevices => {
                self.needs_authority()?;
                self.enrollment.devices.clear();
            }
            Command::ImportSetup { setup } => {
                let mut imported = codec::check_imported(*setup)?;
                imported.schema_version = SCHEMA_VERSION;
                *self = imported;
            }
        }
        Ok(())
    }

    fn needs_authority(&self) -> Result<(), EnrollmentError> {
        match self.authority {
            Some(_) => Ok(()),
            None => Err(EnrollmentError::NeedsAuthority),
        }
    }

    /// The check behind `AddDomain`, for forms that validate while typing.
    pub fn check_new_domain(&self, input: &str) -> Result<DomainName, DomainError> {
        let name = DomainName::parse(input)?;
        if self.connections.find(&name).is_some() {
            return Err(DomainError::DuplicateDomain { name });
        }
        Ok(name)
    }

    fn known_domain(&self, input: &str) -> Result<&CustomDomain, DomainError> {
        let name = DomainName::parse(input)?;
        self.connections
            .find(&name)
            .ok_or(DomainError::UnknownDomain { name })
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_directory;
#[cfg(test)]
mod tests_enrollment;
#[cfg(test)]
mod tests_recovery;
