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

pub mod authority;
pub mod codec;
pub mod connections;
pub mod error;
pub mod image;
pub mod portal;
pub mod steps;
pub mod text;
pub mod time;

pub use authority::{AuthorityState, MdmAuthority};
pub use codec::{decode, encode, DecodeError, SCHEMA_VERSION};
pub use connections::{
    Connections, CustomDomain, DomainName, DomainNameError, TxtRecord, Verification,
    VerificationMethod,
};
pub use error::DomainError;
pub use portal::{CompanyPortal, FieldError, PortalField};
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
                self.connections.domains.retain(|d| d.name != name);
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
        }
        Ok(())
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
