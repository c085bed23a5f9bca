//! Step 6 — enrollment per platform (Apple push certificate, Android for Work,
//! Windows DNS records) and corporate devices: commands, invariants, messages.

use crate::authority::AuthorityState;
use crate::certificate::{self, CertificateError, CertificateHealth, PushCertificate};
use crate::connections::{Connections, ConnectionsError, DomainRecords};
use crate::devices::{self, CorporateDevice, ImportError};
use crate::dns_check::check_resolver;
use crate::dns_name::DomainName;
use crate::problem::Problem;
use crate::text::TextError;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Characters of an Apple ID or Google account address.
pub const MAX_ACCOUNT: usize = 254;

/// Where Windows devices look for the enrollment service.
pub const CNAME_TTL: &str = "1 hour";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplePush {
    /// The Apple ID that created the certificate: renewals must use it too.
    pub apple_id: String,
    pub certificate: PushCertificate,
    pub uploaded_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AndroidForWorkBinding {
    pub google_account: String,
    pub bound_at: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    #[serde(default)]
    pub apple: Option<ApplePush>,
    #[serde(default)]
    pub android_for_work: Option<AndroidForWorkBinding>,
    /// Verified domains whose two CNAME records are published: found by a
    /// DNS lookup (those in `cnames_found`) or acknowledged by the admin.
    #[serde(default)]
    pub cnames_published: BTreeSet<DomainName>,
    /// The published domains whose records a DNS lookup found correct:
    /// when, and by which resolver.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cnames_found: BTreeMap<DomainName, DnsLookup>,
    #[serde(default)]
    pub devices: Vec<CorporateDevice>,
}

/// When a DNS lookup found something, and which resolver answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsLookup {
    pub at: Timestamp,
    pub resolver: String,
}

/// How a domain's Windows records came to be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CnamesPublished<'a> {
    No,
    /// The admin acknowledged them, without a lookup.
    Acknowledged,
    /// A DNS lookup found both correct.
    Found(&'a DnsLookup),
}

impl CnamesPublished<'_> {
    pub fn is_published(self) -> bool {
        !matches!(self, CnamesPublished::No)
    }

    /// For the summary and the export.
    pub fn describe(self) -> String {
        match self {
            CnamesPublished::No => "not published yet".into(),
            CnamesPublished::Acknowledged => {
                "published (acknowledged by you, not checked in DNS)".into()
            }
            CnamesPublished::Found(lookup) => format!(
                "published (found in DNS by {} on {})",
                lookup.resolver,
                lookup.at.date()
            ),
        }
    }
}

/// A DNS record the admin publishes for Windows enrollment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CnameRecord {
    pub host: String,
    pub points_to: &'static str,
    pub ttl: &'static str,
}

/// The two CNAME records of one verified domain.
pub fn cname_records(domain: &DomainName) -> [CnameRecord; 2] {
    [
        CnameRecord {
            host: format!("EnterpriseEnrollment.{domain}"),
            points_to: "EnterpriseEnrollment-s.manage.microsoft.com",
            ttl: CNAME_TTL,
        },
        CnameRecord {
            host: format!("EnterpriseRegistration.{domain}"),
            points_to: "EnterpriseRegistration.windows.net",
            ttl: CNAME_TTL,
        },
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Apple,
    Android,
    AndroidForWork,
    WindowsMobile,
    WindowsPc,
}

impl Platform {
    pub const ALL: [Platform; 5] = [
        Platform::Apple,
        Platform::Android,
        Platform::AndroidForWork,
        Platform::WindowsMobile,
        Platform::WindowsPc,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Platform::Apple => "iOS and macOS",
            Platform::Android => "Android",
            Platform::AndroidForWork => "Android for Work",
            Platform::WindowsMobile => "Windows 10 Mobile and Windows Phone",
            Platform::WindowsPc => "Windows PCs",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Platform::Apple => "apple",
            Platform::Android => "android",
            Platform::AndroidForWork => "android-for-work",
            Platform::WindowsMobile => "windows-mobile",
            Platform::WindowsPc => "windows-pc",
        }
    }
}

/// A platform's readiness, derived from the document and today's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlatformStatus {
    Blocked {
        reason: String,
    },
    NotConfigured,
    /// Some but not all of what it needs.
    InProgress {
        missing: String,
    },
    Ready,
    /// Ready, but the Apple push certificate expires soon.
    ExpiresSoon {
        message: String,
    },
    Expired {
        message: String,
    },
}

impl PlatformStatus {
    pub fn label(&self) -> &'static str {
        match self {
            PlatformStatus::Blocked { .. } => "Blocked",
            PlatformStatus::NotConfigured => "Not configured",
            PlatformStatus::InProgress { .. } => "In progress",
            PlatformStatus::Ready => "Ready",
            PlatformStatus::ExpiresSoon { .. } => "Expires soon",
            PlatformStatus::Expired { .. } => "Expired",
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            PlatformStatus::Blocked { .. } => "blocked",
            PlatformStatus::NotConfigured => "not-started",
            PlatformStatus::InProgress { .. } => "in-progress",
            PlatformStatus::Ready => "done",
            PlatformStatus::ExpiresSoon { .. } => "warning",
            PlatformStatus::Expired { .. } => "expired",
        }
    }
}

/// Why a step-6 command was refused. Nothing is changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum EnrollmentError {
    #[error("Set the MDM authority (step 2) before configuring enrollment.")]
    NeedsAuthority,
    #[error("Apple ID: {0}")]
    AppleId(TextError),
    #[error("{0}")]
    Certificate(CertificateError),
    #[error("The new certificate's push topic is {new}, but the current one is {current}. Replacing it means every enrolled iPhone, iPad and Mac must enroll again. Renew the existing certificate with the same Apple ID instead, or confirm that you want to replace it.")]
    TopicChanged { current: String, new: String },
    #[error("Google account: {0}")]
    GoogleAccount(TextError),
    #[error(
        "Android for Work is already bound to {account}; unbind it first to use another account."
    )]
    AlreadyBound { account: String },
    #[error("Android for Work is not bound, so there is nothing to unbind.")]
    NotBound,
    #[error(
        "{name} is not a verified domain: Windows records are only needed for verified domains."
    )]
    DomainNotVerified { name: String },
    #[error("{0}")]
    Devices(ImportError),
    #[error("{identifier} is not in the list of corporate devices: nothing was removed.")]
    UnknownDevice { identifier: String },
}

/// Why `SetCnamesPublished` was refused: a step-6 rule, or the domain is
/// not one of step 1's. `DomainError` carries either as before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CnamesError {
    Enrollment(EnrollmentError),
    Domain(ConnectionsError),
}

impl From<EnrollmentError> for CnamesError {
    fn from(e: EnrollmentError) -> Self {
        CnamesError::Enrollment(e)
    }
}

impl From<ConnectionsError> for CnamesError {
    fn from(e: ConnectionsError) -> Self {
        CnamesError::Domain(e)
    }
}

/// Step 6 needs the MDM authority first.
fn needs_authority(authority: Option<AuthorityState>) -> Result<(), EnrollmentError> {
    match authority {
        Some(_) => Ok(()),
        None => Err(EnrollmentError::NeedsAuthority),
    }
}

impl DomainRecords for Enrollment {
    fn forget_domain(&mut self, name: &DomainName) {
        self.cnames_published.remove(name);
        self.cnames_found.remove(name);
    }
}

impl Enrollment {
    /// Verified domains, each with whether its records are published.
    pub fn windows_domains<'a>(
        &'a self,
        connections: &'a Connections,
    ) -> impl Iterator<Item = (&'a DomainName, bool)> + 'a {
        connections
            .verified()
            .map(move |d| (&d.name, self.cnames_published.contains(&d.name)))
    }

    /// Whether, and how, the Windows records of `domain` are published.
    pub fn cnames_state(&self, domain: &DomainName) -> CnamesPublished<'_> {
        match self.cnames_found.get(domain) {
            Some(lookup) => CnamesPublished::Found(lookup),
            None if self.cnames_published.contains(domain) => CnamesPublished::Acknowledged,
            None => CnamesPublished::No,
        }
    }

    /// `UploadApplePushCertificate`: a readable, unexpired push certificate;
    /// another topic than the current one only with `replace_topic`.
    pub fn upload_apple_certificate(
        &mut self,
        apple_id: &str,
        certificate: &str,
        replace_topic: bool,
        authority: Option<AuthorityState>,
        now: Timestamp,
    ) -> Result<(), EnrollmentError> {
        needs_authority(authority)?;
        let apple_id = crate::address::required_email(apple_id, MAX_ACCOUNT)
            .map_err(EnrollmentError::AppleId)?;
        let bytes = crate::image::base64::decode(certificate.trim()).ok_or_else(|| {
            EnrollmentError::Certificate(CertificateError::BadPem {
                reason: "the upload was not encoded as base64.".into(),
            })
        })?;
        let cert = certificate::read_certificate(&bytes).map_err(EnrollmentError::Certificate)?;
        if let CertificateHealth::Expired { on } = cert.health(now) {
            return Err(EnrollmentError::Certificate(CertificateError::Expired {
                on: on.to_string(),
            }));
        }
        if let Some(current) = &self.apple {
            if current.certificate.topic != cert.topic && !replace_topic {
                return Err(EnrollmentError::TopicChanged {
                    current: current.certificate.topic.clone(),
                    new: cert.topic,
                });
            }
        }
        self.apple = Some(ApplePush {
            apple_id,
            certificate: cert,
            uploaded_at: now,
        });
        Ok(())
    }

    /// `BindAndroidForWork`: one account at a time.
    pub fn bind_android_for_work(
        &mut self,
        google_account: &str,
        authority: Option<AuthorityState>,
        now: Timestamp,
    ) -> Result<(), EnrollmentError> {
        needs_authority(authority)?;
        if let Some(bound) = &self.android_for_work {
            return Err(EnrollmentError::AlreadyBound {
                account: bound.google_account.clone(),
            });
        }
        let google_account = crate::address::required_email(google_account, MAX_ACCOUNT)
            .map_err(EnrollmentError::GoogleAccount)?;
        self.android_for_work = Some(AndroidForWorkBinding {
            google_account,
            bound_at: now,
        });
        Ok(())
    }

    /// `UnbindAndroidForWork`.
    pub fn unbind_android_for_work(
        &mut self,
        authority: Option<AuthorityState>,
    ) -> Result<(), EnrollmentError> {
        needs_authority(authority)?;
        self.android_for_work
            .take()
            .ok_or(EnrollmentError::NotBound)?;
        Ok(())
    }

    /// `SetCnamesPublished`: for a verified domain of step 1.
    pub fn set_cnames_published(
        &mut self,
        domain: &str,
        published: bool,
        connections: &Connections,
        authority: Option<AuthorityState>,
    ) -> Result<(), CnamesError> {
        needs_authority(authority)?;
        let name = connections.known_domain(domain)?.clone();
        if !name.is_verified() {
            return Err(EnrollmentError::DomainNotVerified {
                name: name.name.to_string(),
            }
            .into());
        }
        if published {
            self.cnames_published.insert(name.name);
        } else {
            self.cnames_found.remove(&name.name);
            self.cnames_published.remove(&name.name);
        }
        Ok(())
    }

    /// `RecordCnamesFound`: a lookup by `resolver` found both records of a
    /// verified domain correct; it replaces an acknowledgement by hand.
    pub fn record_cnames_found(
        &mut self,
        domain: &str,
        resolver: &str,
        now: Timestamp,
        connections: &Connections,
        authority: Option<AuthorityState>,
    ) -> Result<(), CnamesError> {
        self.set_cnames_published(domain, true, connections, authority)?;
        let resolver = check_resolver(resolver).map_err(ConnectionsError::Resolver)?;
        let name = connections.known_domain(domain)?.name.clone();
        self.cnames_found
            .insert(name, DnsLookup { at: now, resolver });
        Ok(())
    }

    /// `ImportDevices`: the devices added, and the lines skipped.
    pub fn import_devices(
        &mut self,
        text: &str,
        skip_invalid: bool,
        authority: Option<AuthorityState>,
        now: Timestamp,
    ) -> Result<(usize, usize), EnrollmentError> {
        needs_authority(authority)?;
        let (added, skipped) = devices::read_import(text, &self.devices, skip_invalid, now)
            .map_err(EnrollmentError::Devices)?;
        let count = added.len();
        self.devices.extend(added);
        Ok((count, skipped))
    }

    /// `RemoveDevice`: by the identifier as typed or in its normal form.
    pub fn remove_device(
        &mut self,
        identifier: &str,
        authority: Option<AuthorityState>,
    ) -> Result<(), EnrollmentError> {
        needs_authority(authority)?;
        let key = devices::parse_identifier(identifier)
            .map(|(_, id)| id)
            .unwrap_or_else(|_| identifier.trim().to_owned());
        let before = self.devices.len();
        self.devices.retain(|d| d.identifier != key);
        if self.devices.len() == before {
            return Err(EnrollmentError::UnknownDevice {
                identifier: crate::text::shorten(&key, 40),
            });
        }
        Ok(())
    }

    /// `ClearDevices`.
    pub fn clear_devices(
        &mut self,
        authority: Option<AuthorityState>,
    ) -> Result<(), EnrollmentError> {
        needs_authority(authority)?;
        self.devices.clear();
        Ok(())
    }

    /// How `platform` stands (step 6 needs the authority of step 2 and,
    /// for Windows, the verified domains of step 1).
    pub fn platform_status(
        &self,
        platform: Platform,
        authority: Option<AuthorityState>,
        connections: &Connections,
        now: Timestamp,
    ) -> PlatformStatus {
        if authority.is_none() {
            return PlatformStatus::Blocked {
                reason: "Needs the MDM authority (step 2).".into(),
            };
        }
        match platform {
            Platform::Apple => self.apple_status(now),
            Platform::Android => PlatformStatus::Ready,
            Platform::AndroidForWork => match self.android_for_work {
                Some(_) => PlatformStatus::Ready,
                None => PlatformStatus::NotConfigured,
            },
            Platform::WindowsMobile | Platform::WindowsPc => self.windows_status(connections),
        }
    }

    fn apple_status(&self, now: Timestamp) -> PlatformStatus {
        match &self.apple {
            None => PlatformStatus::NotConfigured,
            Some(apple) => match apple.certificate.health(now) {
                CertificateHealth::Valid { .. } => PlatformStatus::Ready,
                CertificateHealth::ExpiresSoon { days_left, on } => PlatformStatus::ExpiresSoon {
                    message: format!(
                        "The Apple push certificate expires on {on} ({}). Renew it with the Apple ID {} before then, or Apple devices stop being managed.",
                        days_phrase(days_left),
                        apple.apple_id
                    ),
                },
                CertificateHealth::Expired { on } => PlatformStatus::Expired {
                    message: format!(
                        "The Apple push certificate expired on {on}: Apple devices can't be managed or enrolled until you renew it with the Apple ID {}.",
                        apple.apple_id
                    ),
                },
            },
        }
    }

    fn windows_status(&self, connections: &Connections) -> PlatformStatus {
        let domains: Vec<_> = self.windows_domains(connections).collect();
        if domains.is_empty() {
            return PlatformStatus::Blocked {
                reason: "Needs a verified domain (step 1): the DNS records are published in it."
                    .into(),
            };
        }
        let waiting: Vec<_> = domains
            .iter()
            .filter(|(_, done)| !done)
            .map(|(d, _)| d.as_str())
            .collect();
        if waiting.is_empty() {
            PlatformStatus::Ready
        } else if waiting.len() == domains.len() {
            PlatformStatus::NotConfigured
        } else {
            PlatformStatus::InProgress {
                missing: format!("Publish the records for {}.", waiting.join(", ")),
            }
        }
    }

    /// The Apple warning for the banner shown on every page, if any.
    pub fn apple_certificate_warning(
        &self,
        authority: Option<AuthorityState>,
        connections: &Connections,
        now: Timestamp,
    ) -> Option<String> {
        self.apple.as_ref()?;
        match self.platform_status(Platform::Apple, authority, connections, now) {
            PlatformStatus::ExpiresSoon { message } | PlatformStatus::Expired { message } => {
                Some(message)
            }
            _ => None,
        }
    }
}

/// A push topic, valid account addresses, Windows records only for verified
/// domains of step 1, and valid, unique device identifiers.
pub fn check_invariants(enrollment: &Enrollment, connections: &Connections) -> Result<(), Problem> {
    if let Some(apple) = &enrollment.apple {
        if !apple
            .certificate
            .topic
            .starts_with(certificate::TOPIC_PREFIX)
        {
            return Err(Problem::at(
                "enrollment.apple.certificate.topic",
                format!(
                    "“{}” is not an Apple MDM push topic",
                    crate::text::shorten(&apple.certificate.topic, 60)
                ),
            ));
        }
        if let Err(e) = crate::address::email(&apple.apple_id, MAX_ACCOUNT) {
            return Err(Problem::at("enrollment.apple.apple_id", e.to_string()));
        }
    }
    if let Some(afw) = &enrollment.android_for_work {
        if let Err(e) = crate::address::email(&afw.google_account, MAX_ACCOUNT) {
            return Err(Problem::at(
                "enrollment.android_for_work.google_account",
                e.to_string(),
            ));
        }
    }
    for (name, lookup) in &enrollment.cnames_found {
        let path = "enrollment.cnames_found";
        if !enrollment.cnames_published.contains(name) {
            return Err(Problem::at(
                path,
                format!("{name} is not among the published domains"),
            ));
        }
        if let Err(e) = check_resolver(&lookup.resolver) {
            return Err(Problem::at(path, e.to_string()));
        }
    }
    for name in &enrollment.cnames_published {
        if !connections.find(name).is_some_and(|d| d.is_verified()) {
            return Err(Problem::at(
                "enrollment.cnames_published",
                format!("{name} is not a verified domain"),
            ));
        }
    }
    devices::check_invariants(&enrollment.devices)
}

fn days_phrase(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "in 1 day".into(),
        n => format!("in {n} days"),
    }
}
