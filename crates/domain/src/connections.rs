//! Step 1 — network requirements and custom domains: the domain list, the tenant
//! domain rule, their commands (add, verify, default, remove) and invariants.

use crate::dns_check::{check_resolver, ResolverError};
pub use crate::dns_name::{DomainName, DomainNameError, MAX_DOMAIN_NAME_CHARS, MAX_LABEL_CHARS};
use crate::problem::Problem;
/// Moved to [`crate::text`]; kept here for existing callers.
pub use crate::text::shorten;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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
    /// The administrator confirmed the TXT record is published, without a
    /// lookup (lookups turned off, or the resolver failing).
    AdminConfirmed,
    /// The TXT record was looked up in DNS and found: by the browser through
    /// a DNS-over-HTTPS resolver, or by the server.
    DnsLookup,
}

impl VerificationMethod {
    pub fn describe(self) -> &'static str {
        match self {
            VerificationMethod::AdminConfirmed => "confirmed by you, not checked in DNS",
            VerificationMethod::DnsLookup => "found in DNS",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub at: Timestamp,
    pub method: VerificationMethod,
    /// Who answered the lookup (a DNS lookup only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolver: Option<String>,
}

impl Verification {
    /// "found in DNS by https://…" or "confirmed by you, not checked in DNS".
    pub fn describe(&self) -> String {
        match &self.resolver {
            Some(resolver) => format!("{} by {resolver}", self.method.describe()),
            None => self.method.describe().to_owned(),
        }
    }
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

/// Why a step-1 command was refused. `DomainError` carries each
/// case under its historical name (its JSON is the server's API), with the
/// message; `DomainInUse` becomes the directory's refusal of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionsError {
    DomainName(DomainNameError),
    DuplicateDomain { name: DomainName },
    UnknownDomain { name: DomainName },
    AlreadyVerified { name: DomainName },
    DefaultNotVerified { name: DomainName },
    NotOnMicrosoft { name: DomainName },
    DomainInUse { domain: String, count: usize },
    Resolver(ResolverError),
}

impl From<ResolverError> for ConnectionsError {
    fn from(e: ResolverError) -> Self {
        ConnectionsError::Resolver(e)
    }
}

impl From<DomainNameError> for ConnectionsError {
    fn from(e: DomainNameError) -> Self {
        ConnectionsError::DomainName(e)
    }
}

/// What other areas keep per domain, forgotten with it (step 6's Windows
/// records). This module does not depend on them.
pub trait DomainRecords {
    fn forget_domain(&mut self, name: &DomainName);
}

/// Who signs in with a domain: a domain in use can't be removed or
/// replaced. (The directory answers; this module does not depend on it.)
pub trait DomainUsers {
    fn users_in_domain(&self, domain: &DomainName) -> usize;
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

    /// `SetNetworkReviewed`.
    pub fn set_network_reviewed(&mut self, reviewed: bool, now: Timestamp) {
        self.network_reviewed_at = reviewed.then_some(now);
    }

    /// The check behind `AddDomain`, for forms that validate while typing.
    pub fn check_new_domain(&self, input: &str) -> Result<DomainName, ConnectionsError> {
        let name = DomainName::parse(input)?;
        if self.find(&name).is_some() {
            return Err(ConnectionsError::DuplicateDomain { name });
        }
        Ok(name)
    }

    /// A domain of the list, by what a person typed.
    pub fn known_domain(&self, input: &str) -> Result<&CustomDomain, ConnectionsError> {
        let name = DomainName::parse(input)?;
        self.find(&name)
            .ok_or(ConnectionsError::UnknownDomain { name })
    }

    /// `AddDomain`.
    pub fn add_domain(&mut self, input: &str, now: Timestamp) -> Result<(), ConnectionsError> {
        let name = self.check_new_domain(input)?;
        self.domains.push(CustomDomain {
            name,
            added_at: now,
            verification: None,
        });
        Ok(())
    }

    /// `RemoveDomain`: refused while users sign in with it; its Windows
    /// records (step 6) are forgotten with it.
    pub fn remove_domain(
        &mut self,
        input: &str,
        directory: &impl DomainUsers,
        records: &mut impl DomainRecords,
    ) -> Result<(), ConnectionsError> {
        let name = self.known_domain(input)?.name.clone();
        let count = directory.users_in_domain(&name);
        if count > 0 {
            return Err(ConnectionsError::DomainInUse {
                domain: name.to_string(),
                count,
            });
        }
        self.domains.retain(|d| d.name != name);
        records.forget_domain(&name);
        if self.default_domain.as_ref() == Some(&name) {
            self.default_domain = None;
        }
        Ok(())
    }

    /// `VerifyDomain`: a DNS lookup names its resolver; a confirmation by
    /// hand names none.
    pub fn verify_domain(
        &mut self,
        input: &str,
        method: VerificationMethod,
        resolver: Option<&str>,
        now: Timestamp,
    ) -> Result<(), ConnectionsError> {
        let name = self.known_domain(input)?.name.clone();
        let resolver = match (method, resolver) {
            (VerificationMethod::DnsLookup, Some(r)) => Some(check_resolver(r)?),
            (_, None) => None,
            (VerificationMethod::AdminConfirmed, Some(r)) => {
                return Err(ResolverError::NotALookup {
                    value: crate::text::shorten(r, 60),
                }
                .into())
            }
        };
        let domain = self
            .domains
            .iter_mut()
            .find(|d| d.name == name)
            .ok_or_else(|| ConnectionsError::UnknownDomain { name: name.clone() })?;
        if domain.is_verified() {
            return Err(ConnectionsError::AlreadyVerified { name });
        }
        domain.verification = Some(Verification {
            at: now,
            method,
            resolver,
        });
        Ok(())
    }

    /// `SetDefaultDomain`: only a verified domain.
    pub fn set_default_domain(&mut self, input: &str) -> Result<(), ConnectionsError> {
        let domain = self.known_domain(input)?;
        if !domain.is_verified() {
            return Err(ConnectionsError::DefaultNotVerified {
                name: domain.name.clone(),
            });
        }
        self.default_domain = Some(domain.name.clone());
        Ok(())
    }
}

/// `SetTenantDomain`: a `<name>.onmicrosoft.com` domain, not changed while
/// users sign in with the current one.
pub fn set_tenant_domain(
    tenant_domain: &mut DomainName,
    input: &str,
    directory: &impl DomainUsers,
) -> Result<(), ConnectionsError> {
    let name = DomainName::parse(input)?;
    if !name.is_onmicrosoft() {
        return Err(ConnectionsError::NotOnMicrosoft { name });
    }
    let count = directory.users_in_domain(tenant_domain);
    if count > 0 && &name != tenant_domain {
        return Err(ConnectionsError::DomainInUse {
            domain: tenant_domain.to_string(),
            count,
        });
    }
    *tenant_domain = name;
    Ok(())
}

/// Each domain once; the default domain is listed and verified.
pub fn check_invariants(connections: &Connections) -> Result<(), Problem> {
    let mut seen = HashSet::new();
    for (i, d) in connections.domains.iter().enumerate() {
        if !seen.insert(d.name.as_str()) {
            return Err(Problem::at(
                format!("connections.domains[{i}].name"),
                format!("the domain {} appears twice", d.name),
            ));
        }
        if let Some(v) = &d.verification {
            let path = format!("connections.domains[{i}].verification.resolver");
            match (&v.resolver, v.method) {
                (None, _) => {}
                (Some(r), VerificationMethod::AdminConfirmed) => {
                    return Err(Problem::at(
                        path,
                        ResolverError::NotALookup {
                            value: crate::text::shorten(r, 60),
                        }
                        .to_string(),
                    ))
                }
                (Some(r), VerificationMethod::DnsLookup) => {
                    if let Err(e) = check_resolver(r) {
                        return Err(Problem::at(path, e.to_string()));
                    }
                }
            }
        }
    }
    if let Some(default) = &connections.default_domain {
        let path = "connections.default_domain";
        match connections.find(default) {
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
    Ok(())
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
