//! Step 6: enrollment per platform — the Apple push certificate, Android,
//! Android for Work, the Windows DNS records — and corporate-owned devices.

use crate::certificate::{CertificateError, CertificateHealth, PushCertificate};
use crate::devices::{CorporateDevice, ImportError};
use crate::dns_name::DomainName;
use crate::text::TextError;
use crate::time::Timestamp;
use crate::Setup;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    /// Verified domains whose two CNAME records the admin says are published.
    #[serde(default)]
    pub cnames_published: BTreeSet<DomainName>,
    #[serde(default)]
    pub devices: Vec<CorporateDevice>,
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

impl Enrollment {
    /// Verified domains, each with whether its records are published.
    pub fn windows_domains<'a>(
        &'a self,
        setup: &'a Setup,
    ) -> impl Iterator<Item = (&'a DomainName, bool)> + 'a {
        setup
            .connections
            .verified()
            .map(move |d| (&d.name, self.cnames_published.contains(&d.name)))
    }
}

impl Setup {
    pub fn platform_status(&self, platform: Platform, now: Timestamp) -> PlatformStatus {
        if self.authority.is_none() {
            return PlatformStatus::Blocked {
                reason: "Needs the MDM authority (step 2).".into(),
            };
        }
        let e = &self.enrollment;
        match platform {
            Platform::Apple => match &e.apple {
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
            },
            Platform::Android => PlatformStatus::Ready,
            Platform::AndroidForWork => match e.android_for_work {
                Some(_) => PlatformStatus::Ready,
                None => PlatformStatus::NotConfigured,
            },
            Platform::WindowsMobile | Platform::WindowsPc => {
                let domains: Vec<_> = e.windows_domains(self).collect();
                if domains.is_empty() {
                    return PlatformStatus::Blocked {
                        reason: "Needs a verified domain (step 1): the DNS records are published in it.".into(),
                    };
                }
                let waiting: Vec<_> = domains.iter().filter(|(_, done)| !done).map(|(d, _)| d.as_str()).collect();
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
        }
    }

    /// The Apple warning for the banner shown on every page, if any.
    pub fn apple_certificate_warning(&self, now: Timestamp) -> Option<String> {
        self.enrollment.apple.as_ref()?;
        match self.platform_status(Platform::Apple, now) {
            PlatformStatus::ExpiresSoon { message } | PlatformStatus::Expired { message } => {
                Some(message)
            }
            _ => None,
        }
    }
}

fn days_phrase(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "in 1 day".into(),
        n => format!("in {n} days"),
    }
}
