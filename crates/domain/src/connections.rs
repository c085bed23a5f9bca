//! Step 1 — Enable connections: network requirements and custom domains.

pub use crate::dns_name::{DomainName, DomainNameError, MAX_DOMAIN_NAME_CHARS, MAX_LABEL_CHARS};
/// Moved to [`crate::text`]; kept here for existing callers.
pub use crate::text::shorten;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// TTL, in seconds, of the verification TXT record.
pub const TXT_RECORD_TTL_SECONDS: u32 = 3600;
/// The DNS TXT record that proves a tenant owns a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxtRecord {
    pub host: &'static str,
    pub value: String,
    pub ttl_seconds: u32,
}

impl TxtRecord {
    /// `MS=ms` followed by eight digits that depend only on the domain name,
    /// so the record never changes for a domain (FNV-1a: stable everywhere,
    /// unlike the standard library's hasher).
    pub fn for_domain(name: &DomainName) -> TxtRecord {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in name.as_str().bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        TxtRecord {
            host: "@",
            value: format!("MS=ms{:08}", hash % 100_000_000),
            ttl_seconds: TXT_RECORD_TTL_SECONDS,
        }
    }
}

/// How a domain's ownership was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// The administrator confirmed the TXT record is published (a browser
    /// cannot query DNS itself).
    AdminConfirmed,
    /// A server looked the TXT record up in DNS.
    DnsLookup,
}

impl VerificationMethod {
    pub fn describe(self) -> &'static str {
        match self {
            VerificationMethod::AdminConfirmed => "confirmed by you",
            VerificationMethod::DnsLookup => "found in DNS",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub at: Timestamp,
    pub method: VerificationMethod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomDomain {
    pub name: DomainName,
    pub added_at: Timestamp,
    #[serde(default)]
    pub verification: Option<Verification>,
}

impl CustomDomain {
    pub fn is_verified(&self) -> bool {
        self.verification.is_some()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connections {
    /// When the administrator acknowledged the network requirements.
    #[serde(default)]
    pub network_reviewed_at: Option<Timestamp>,
    #[serde(default)]
    pub domains: Vec<CustomDomain>,
    #[serde(default)]
    pub default_domain: Option<DomainName>,
}

impl Connections {
    pub fn find(&self, name: &DomainName) -> Option<&CustomDomain> {
        self.domains.iter().find(|d| &d.name == name)
    }

    pub fn verified(&self) -> impl Iterator<Item = &CustomDomain> {
        self.domains.iter().filter(|d| d.is_verified())
    }

    pub fn has_verified_domain(&self) -> bool {
        self.verified().next().is_some()
    }
}

/// Who must reach what: the network requirements table of step 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkRequirement {
    pub from: &'static str,
    pub destination: &'static str,
    pub protocol: &'static str,
    pub ports: &'static str,
    pub purpose: &'static str,
}

pub const NETWORK_REQUIREMENTS: &[NetworkRequirement] = &[
    NetworkRequirement {
        from: "Devices and the admin console",
        destination: "Intune management service (manage.microsoft.com and its subdomains)",
        protocol: "HTTPS (TCP)",
        ports: "443",
        purpose: "Enrollment, check-in, policies and administration",
    },
    NetworkRequirement {
        from: "Devices and the admin console",
        destination: "Intune management service (manage.microsoft.com and its subdomains)",
        protocol: "HTTP (TCP)",
        ports: "80",
        purpose: "Redirects and certificate revocation checks",
    },
    NetworkRequirement {
        from: "Apple devices (iOS and macOS)",
        destination: "Apple Push Notification service, 17.0.0.0/8",
        protocol: "TCP",
        ports: "5223 and 443",
        purpose: "Wake-up notifications so devices check in",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_record_is_stable_and_shaped() {
        let a = DomainName::parse("contoso.com").unwrap();
        let b = DomainName::parse("CONTOSO.com").unwrap();
        let c = DomainName::parse("fabrikam.com").unwrap();
        let ra = TxtRecord::for_domain(&a);
        assert_eq!(ra, TxtRecord::for_domain(&b), "same domain, same record");
        assert_ne!(ra.value, TxtRecord::for_domain(&c).value);
        assert_eq!(ra.host, "@");
        assert_eq!(ra.ttl_seconds, 3600);
        assert_eq!(ra.value.len(), "MS=ms".len() + 8);
        assert!(ra.value.starts_with("MS=ms"));
        assert!(ra.value[5..].bytes().all(|b| b.is_ascii_digit()));
        // Pinned: the record must never change between releases.
        assert_eq!(ra.value, TxtRecord::for_domain(&a).value);
        assert_eq!(ra.value, PINNED_CONTOSO);
    }

    /// The record published for contoso.com by every release so far.
    const PINNED_CONTOSO: &str = "MS=ms45773043";
}
