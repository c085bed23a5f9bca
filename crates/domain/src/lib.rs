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
//!
//! Modules import only from below: the helpers `time`, `text`, `problem`
//! (then `dns_name`, `address`, and `dns_wire` on `dns_name`) at the
//! bottom; one module per area (its data, its commands, its invariant
//! check, its messages), in step order;
//! `error` wraps the areas' refusals; `codec`, `steps`, `report` and this
//! file's [`Setup::apply`], a one-line-per-command dispatch, sit on top.

pub mod address;
pub mod authority;
pub mod backend_settings;
pub mod certificate;
pub mod codec;
pub mod connections;
pub mod countries;
pub mod devices;
pub mod directory;
pub mod dns_check;
pub mod dns_name;
pub mod dns_wire;
pub mod enrollment;
pub mod error;
pub mod groups;
pub mod image;
pub mod portal;
pub mod problem;
pub mod recovery;
pub mod report;
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

impl Command {
    /// Whether the command records a DNS lookup's result. A server that
    /// looks DNS up itself refuses such commands from clients, so what it
    /// records as found in DNS is what it found.
    pub fn claims_dns_lookup(&self) -> bool {
        matches!(
            self,
            Command::VerifyDomain {
                method: VerificationMethod::DnsLookup,
                ..
            } | Command::RecordTxtFound { .. }
                | Command::RecordCnamesFound { .. }
        )
    }
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
    /// Verified by the admin's word (`admin_confirmed`), or found in DNS by
    /// an unnamed lookup (`dns_lookup`, kept for older clients; the server
    /// refuses it).
    VerifyDomain {
        name: String,
        method: VerificationMethod,
    },
    /// A DNS lookup by `resolver` found the domain's TXT record: verified,
    /// method `dns_lookup`. The server refuses it here: it records its own.
    RecordTxtFound {
        name: String,
        resolver: String,
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
    /// The admin says the two Windows CNAME records of `domain` are published
    /// (or takes it back).
    SetCnamesPublished {
        domain: String,
        published: bool,
    },
    /// A DNS lookup by `resolver` found both Windows CNAME records of
    /// `domain` correct. The server refuses it here: it records its own.
    RecordCnamesFound {
        domain: String,
        resolver: String,
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

/// What an accepted command did, beyond the new document, for the page that
/// sent it to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Applied; the new document says it all.
    Done,
    /// `ImportDevices`: `added` devices are now in the list; `skipped` lines
    /// with problems were left out (only with `skip_invalid`).
    DevicesImported { added: usize, skipped: usize },
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
        self.apply_reporting(command, now).map(|(next, _)| next)
    }

    /// Like [`Setup::apply`], and says what was applied, for a page to
    /// report it (how many devices an import added, …).
    pub fn apply_reporting(
        &self,
        command: Command,
        now: Timestamp,
    ) -> Result<(Setup, Applied), DomainError> {
        let mut next = self.clone();
        let applied = next.apply_in_place(command, now)?;
        next.revision = self.revision + 1;
        next.updated_at = Some(now);
        Ok((next, applied))
    }

    fn apply_in_place(&mut self, command: Command, now: Timestamp) -> Result<Applied, DomainError> {
        if let Some(pending) = &self.recovery.pending {
            if !matches!(command, Command::ConfirmReset | Command::CancelReset) {
                return Err(DomainError::ResetPending {
                    expected: pending.expected().to_string(),
                    latest: pending.latest().to_string(),
                });
            }
        }
        self.dispatch(command, now)
    }

    /// Hands a command to the area that owns it, one line each: the
    /// arguments after the command's own are the other areas its rules read
    /// or update. (A table, so rustfmt is told to leave it one line per arm.)
    #[rustfmt::skip]
    fn dispatch(&mut self, command: Command, now: Timestamp) -> Result<Applied, DomainError> {
        use Command as C;
        let authority = self.authority;
        let (connections, tenant) = (&mut self.connections, &mut self.tenant_domain);
        let (dir, groups, recovery, enrollment) = (&mut self.directory, &mut self.groups, &mut self.recovery, &mut self.enrollment);
        match command {
            C::SetNetworkReviewed { reviewed } => connections.set_network_reviewed(reviewed, now),
            C::AddDomain { name } => connections.add_domain(&name, now)?,
            C::RemoveDomain { name } => connections.remove_domain(&name, dir, enrollment)?,
            C::VerifyDomain { name, method } => connections.verify_domain(&name, method, None, now)?,
            C::RecordTxtFound { name, resolver } => connections.verify_domain(&name, VerificationMethod::DnsLookup, Some(&resolver), now)?,
            C::SetDefaultDomain { name } => connections.set_default_domain(&name)?,
            C::SetAuthority { authority, confirmed } => authority::set_authority(&mut self.authority, authority, confirmed, now)?,
            C::SavePortal { portal } => portal::save_portal(&mut self.portal, &portal).map_err(|errors| DomainError::Portal { errors })?,
            C::SetTenantDomain { name } => connections::set_tenant_domain(tenant, &name, dir)?,
            C::AddUser { display_name, upn, usage_location } => dir.add_user(&display_name, &upn, &usage_location, connections, tenant)?,
            C::EditUser { id, display_name, upn, usage_location } => dir.edit_user(id, &display_name, &upn, &usage_location, connections, tenant)?,
            C::RemoveUser { id } => { dir.remove_user(id)?; groups.forget_user(id) }
            C::ClearDirectory => { dir.clear(); groups.forget_all_users() }
            C::SetPurchasedLicenses { count } => dir.set_purchased_licenses(count)?,
            C::AssignLicenses { users } => dir.assign(&users)?,
            C::RemoveLicenses { users } => dir.unassign(&users)?,
            C::SetSyncStep { step, done } => dir.set_sync_step(step, done)?,
            C::CreateGroup { kind, name, description, users, devices } => groups.create(kind, (&name, &description), (&users, &devices), dir)?,
            C::UpdateGroup { id, name, description, users, devices } => groups.update(id, (&name, &description), (&users, &devices), dir)?,
            C::DeleteGroup { id } => groups.delete(id)?,
            C::CheckVersions { configuration_manager, intune } => recovery.check_versions(&configuration_manager, &intune)?,
            C::ChangeAuthorityDirectly { to, confirmed } => recovery.change_authority_directly(to, confirmed, &mut self.authority, now)?,
            C::ChooseResetScenario { scenario, coexistence } => recovery.choose_scenario(scenario, coexistence, authority)?,
            C::SetResetItem { key, state } => recovery.set_item(key, state)?,
            C::SetResetDetails { tenant_id, example_users, description, other_target } => recovery.set_details(&tenant_id, &example_users, &description, other_target)?,
            C::MarkResetRequested => recovery.mark_requested(authority, now)?,
            C::ConfirmReset => recovery.confirm_reset(&mut self.authority, now)?,
            C::CancelReset => recovery.cancel_reset()?,
            C::UploadApplePushCertificate { apple_id, certificate, replace_topic } => enrollment.upload_apple_certificate(&apple_id, &certificate, replace_topic, authority, now)?,
            C::BindAndroidForWork { google_account } => enrollment.bind_android_for_work(&google_account, authority, now)?,
            C::UnbindAndroidForWork => enrollment.unbind_android_for_work(authority)?,
            C::SetCnamesPublished { domain, published } => enrollment.set_cnames_published(&domain, published, connections, authority)?,
            C::RecordCnamesFound { domain, resolver } => enrollment.record_cnames_found(&domain, &resolver, now, connections, authority)?,
            C::ImportDevices { text, skip_invalid } => { let (added, skipped) = enrollment.import_devices(&text, skip_invalid, authority, now)?; return Ok(Applied::DevicesImported { added, skipped }) }
            C::RemoveDevice { identifier } => enrollment.remove_device(&identifier, authority)?,
            C::ClearDevices => enrollment.clear_devices(authority)?,
            C::ImportSetup { setup } => self.replace_with(*setup)?,
        }
        Ok(Applied::Done)
    }

    /// `ImportSetup` (step 7): the whole document, checked like a stored one.
    fn replace_with(&mut self, setup: Setup) -> Result<(), DomainError> {
        let mut imported = codec::check_imported(setup)?;
        imported.schema_version = SCHEMA_VERSION;
        *self = imported;
        Ok(())
    }

    /// The check behind `AddDomain`, for forms that validate while typing.
    pub fn check_new_domain(&self, input: &str) -> Result<DomainName, DomainError> {
        Ok(self.connections.check_new_domain(input)?)
    }

    /// How a platform of step 6 stands.
    pub fn platform_status(&self, platform: Platform, now: Timestamp) -> PlatformStatus {
        self.enrollment
            .platform_status(platform, self.authority, &self.connections, now)
    }

    /// The Apple warning for the banner shown on every page, if any.
    pub fn apple_certificate_warning(&self, now: Timestamp) -> Option<String> {
        self.enrollment
            .apple_certificate_warning(self.authority, &self.connections, now)
    }
}
