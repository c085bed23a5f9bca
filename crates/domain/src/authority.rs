//! Step 2 — the MDM authority: which service manages the tenant's devices.
//! Owns the authority once set, and the rule that setting it is confirmed and done once.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MdmAuthority {
    /// Intune on its own (standalone).
    Intune,
    /// Configuration Manager with Intune (hybrid).
    ConfigurationManager,
    /// Mobile device management for Office 365.
    Office365,
}

impl MdmAuthority {
    pub const ALL: [MdmAuthority; 3] = [
        MdmAuthority::Intune,
        MdmAuthority::ConfigurationManager,
        MdmAuthority::Office365,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MdmAuthority::Intune => "Intune",
            MdmAuthority::ConfigurationManager => "Configuration Manager with Intune (hybrid)",
            MdmAuthority::Office365 => "Office 365",
        }
    }

    /// A stable identifier for forms and JSON.
    pub fn key(self) -> &'static str {
        match self {
            MdmAuthority::Intune => "intune",
            MdmAuthority::ConfigurationManager => "configuration_manager",
            MdmAuthority::Office365 => "office365",
        }
    }

    pub fn from_key(key: &str) -> Option<MdmAuthority> {
        MdmAuthority::ALL.into_iter().find(|a| a.key() == key)
    }

    pub fn description(self) -> &'static str {
        match self {
            MdmAuthority::Intune => {
                "Devices are managed in the cloud by Intune alone, from the Intune console."
            }
            MdmAuthority::ConfigurationManager => {
                "Devices are managed from your on-premises Configuration Manager, which uses Intune as its cloud connection."
            }
            MdmAuthority::Office365 => {
                "The basic device management built into Office 365, managed from the Office 365 security pages."
            }
        }
    }

    /// What the confirmation dialog must make clear before the choice is locked.
    pub fn consequence(self) -> &'static str {
        match self {
            MdmAuthority::ConfigurationManager => {
                "With Configuration Manager as the authority, no other service can manage mobile devices for this tenant."
            }
            MdmAuthority::Intune | MdmAuthority::Office365 => {
                "Only this service will manage the tenant's devices."
            }
        }
    }
}

impl fmt::Display for MdmAuthority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityState {
    pub authority: MdmAuthority,
    pub set_at: Timestamp,
}

/// Why `SetAuthority` was refused; `DomainError` carries it as
/// `AuthorityAlreadySet` / `AuthorityNotConfirmed`, with the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorityError {
    AlreadySet { current: MdmAuthority },
    NotConfirmed,
}

/// `SetAuthority`: once, and only with the confirmation ticked. (Changing
/// it afterwards is the recovery flow's.)
pub fn set_authority(
    current: &mut Option<AuthorityState>,
    authority: MdmAuthority,
    confirmed: bool,
    now: Timestamp,
) -> Result<(), AuthorityError> {
    if let Some(current) = current {
        return Err(AuthorityError::AlreadySet {
            current: current.authority,
        });
    }
    if !confirmed {
        return Err(AuthorityError::NotConfirmed);
    }
    *current = Some(AuthorityState {
        authority,
        set_at: now,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for a in MdmAuthority::ALL {
            assert_eq!(MdmAuthority::from_key(a.key()), Some(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.key()));
        }
        assert_eq!(MdmAuthority::from_key("sccm"), None);
    }

    #[test]
    fn configuration_manager_warns_of_exclusivity() {
        assert!(MdmAuthority::ConfigurationManager
            .consequence()
            .contains("no other service"));
    }
}
