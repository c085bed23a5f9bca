//! Recovery from a wrong MDM authority: version check, self-service change, reset
//! scenarios and checklists, the support request and its lock, the change history.

use crate::authority::{AuthorityState, MdmAuthority};
use crate::directory::parse_upn;
use crate::dns_name::DomainName;
use crate::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Configuration Manager 1610 or later …
pub const SELF_SERVICE_CM: u16 = 1610;
/// … with Intune 1705 or later allows a direct change.
pub const SELF_SERVICE_INTUNE: u16 = 1705;
pub const MAX_DESCRIPTION_CHARS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum RecoveryError {
    #[error(
        "{product} version “{value}” is not four digits, year then month (such as {example})."
    )]
    VersionFormat {
        product: String,
        value: String,
        example: String,
    },
    #[error("{product} version {value}: the month {month:02} is not from 01 to 12.")]
    VersionMonth {
        product: String,
        value: String,
        month: u16,
    },
    #[error("A direct change needs Configuration Manager 1610 or later and Intune 1705 or later; with {cm} and {intune}, support must reset the authority.")]
    SelfServiceNotAllowed { cm: u16, intune: u16 },
    #[error("Enter both versions first.")]
    VersionsMissing,
    #[error("A direct change only switches between Intune and Configuration Manager (hybrid); the current authority is {current}.")]
    SelfServiceOnlyBetweenIntuneAndCm { current: String },
    #[error("No MDM authority is set yet, so there is nothing to change: set it in step 2.")]
    NoAuthority,
    #[error("Tick the box to confirm the change of authority.")]
    NotConfirmed,
    #[error("Choose a reset scenario first.")]
    NoScenario,
    #[error(
        "The scenario {scenario} starts from {expected}, but the current authority is {current}."
    )]
    ScenarioMismatch {
        scenario: String,
        expected: String,
        current: String,
    },
    #[error("Coexistence applies only to resets towards Configuration Manager from Intune or Office 365.")]
    CoexistenceNotApplicable,
    #[error("“{key}” is not an item of this checklist.")]
    UnknownItem { key: String },
    #[error("“{item}” can't be marked not applicable: the guide asks for it in every case.")]
    NotApplicableNotAllowed { item: String },
    #[error("Tenant ID: {reason}")]
    TenantId { reason: String },
    #[error("Example user “{value}”: {reason}")]
    ExampleUser { value: String, reason: String },
    #[error("Description: {0}")]
    Description(crate::text::TextError),
    #[error("The request is not complete yet. Still missing: {}", missing.join("; "))]
    Incomplete { missing: Vec<String> },
    #[error("A reset request is already pending; confirm or cancel it first.")]
    AlreadyPending,
    #[error("No reset request is pending.")]
    NotPending,
    #[error("Choose the authority you want for “another change”.")]
    NoTarget,
}

/// A service version written as year and month, YYMM (1610 = October 2016).
pub fn parse_version(product: &str, example: &str, input: &str) -> Result<u16, RecoveryError> {
    let value = input.trim();
    if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RecoveryError::VersionFormat {
            product: product.into(),
            value: crate::text::shorten(value, 12),
            example: example.into(),
        });
    }
    let number: u16 = value.parse().unwrap_or(0);
    let month = number % 100;
    if !(1..=12).contains(&month) {
        return Err(RecoveryError::VersionMonth {
            product: product.into(),
            value: value.into(),
            month,
        });
    }
    Ok(number)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryPath {
    SelfService,
    SupportReset,
}

pub fn path_for(cm: u16, intune: u16) -> RecoveryPath {
    if cm >= SELF_SERVICE_CM && intune >= SELF_SERVICE_INTUNE {
        RecoveryPath::SelfService
    } else {
        RecoveryPath::SupportReset
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResetScenario {
    IntuneToConfigurationManager,
    ConfigurationManagerToIntune,
    Office365ToConfigurationManager,
    Other,
}

impl ResetScenario {
    pub const ALL: [ResetScenario; 4] = [
        ResetScenario::IntuneToConfigurationManager,
        ResetScenario::ConfigurationManagerToIntune,
        ResetScenario::Office365ToConfigurationManager,
        ResetScenario::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ResetScenario::IntuneToConfigurationManager => "intune-to-cm",
            ResetScenario::ConfigurationManagerToIntune => "cm-to-intune",
            ResetScenario::Office365ToConfigurationManager => "o365-to-cm",
            ResetScenario::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ResetScenario::IntuneToConfigurationManager => "Intune → Configuration Manager",
            ResetScenario::ConfigurationManagerToIntune => "Configuration Manager → Intune",
            ResetScenario::Office365ToConfigurationManager => "Office 365 → Configuration Manager",
            ResetScenario::Other => "Another change (support decides)",
        }
    }

    /// The authority the reset starts from, when the scenario says.
    pub fn from(self) -> Option<MdmAuthority> {
        match self {
            ResetScenario::IntuneToConfigurationManager => Some(MdmAuthority::Intune),
            ResetScenario::ConfigurationManagerToIntune => Some(MdmAuthority::ConfigurationManager),
            ResetScenario::Office365ToConfigurationManager => Some(MdmAuthority::Office365),
            ResetScenario::Other => None,
        }
    }

    pub fn target(self) -> Option<MdmAuthority> {
        match self {
            ResetScenario::IntuneToConfigurationManager
            | ResetScenario::Office365ToConfigurationManager => {
                Some(MdmAuthority::ConfigurationManager)
            }
            ResetScenario::ConfigurationManagerToIntune => Some(MdmAuthority::Intune),
            ResetScenario::Other => None,
        }
    }

    pub fn allows_coexistence(self) -> bool {
        matches!(
            self,
            ResetScenario::IntuneToConfigurationManager
                | ResetScenario::Office365ToConfigurationManager
        )
    }

    pub fn needs_example_users(self) -> bool {
        self == ResetScenario::ConfigurationManagerToIntune
    }
}

/// One line of a reset checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistEntry {
    pub key: &'static str,
    pub text: &'static str,
    /// When the guide says no further action is needed in some case: that case.
    pub not_applicable_when: Option<&'static str>,
    /// Shown as information, not ticked.
    pub info_only: bool,
}

const fn item(key: &'static str, text: &'static str) -> ChecklistEntry {
    ChecklistEntry {
        key,
        text,
        not_applicable_when: None,
        info_only: false,
    }
}

const INTUNE_TO_CM: &[ChecklistEntry] = &[
    item("intune-retire-devices", "Retire every device from the Intune administration console. Don't retire devices from the devices themselves."),
    item("intune-exchange-connector", "Delete the Service to Service Connector (Administration > Mobile Device Management > Microsoft Exchange), or disable the Exchange Connector if you set one up."),
    item("intune-dem-role", "Remove the Device Enrollment Manager role (Admin > Device Enrollment Manager)."),
    item("intune-group-mapping", "Turn off Device Group Mapping (Admin > Mobile Device Management > Device Group Mapping)."),
    item("intune-sideloading-keys", "Delete the sideloading keys (Admin > Mobile Device Management > Windows > Side Loading Keys)."),
    item("intune-apns", "Delete the iOS APNs certificate (Admin > Mobile Device Management > iOS)."),
    item("intune-dep", "Delete the iOS DEP token (Admin > Mobile Device Management > iOS)."),
    item("intune-policies", "Delete every policy for MDM devices (Policy > Configuration Policies)."),
    item("intune-apps", "Delete every published app for MDM devices (Apps > Managed Software)."),
];

const CM_TO_INTUNE: &[ChecklistEntry] = &[
    item("cm-retire-devices", "Retire every device managed as a mobile device from the Configuration Manager console. Don't retire devices from the devices themselves."),
    item("cm-empty-user-group", "Remove every user from the Intune user group: point the Intune subscription at an empty user collection, or empty the targeted collection, and check CloudUserSync.log that the users are gone."),
    item("cm-ios-platform", "Untick the iOS platform, which purges the APNs certificate."),
    item("cm-apps", "Delete every published app for MDM devices."),
    item("cm-policies", "Delete every policy for MDM devices."),
    ChecklistEntry {
        key: "cm-intune-connector",
        text: "Remove the Windows Intune Connector from the Configuration Manager console.",
        not_applicable_when: Some("Only Configuration Manager 2012 R2 SP1 or earlier has this connector."),
        info_only: false,
    },
    item("cm-subscription", "Delete the Intune subscription (right-click it, then Delete)."),
    item("cm-sms-executive", "Restart the SMS Executive service."),
];

const O365_TO_CM: &[ChecklistEntry] = &[
    item("o365-open-center", "Open the Office 365 Security & Compliance center (protection.office.com)."),
    item("o365-device-management", "On the Security Policies tab, open Device Management."),
    ChecklistEntry {
        key: "o365-selective-wipe",
        text: "Retire every device with Selective Wipe. Don't retire devices from the devices themselves.",
        not_applicable_when: Some("Selective wipe is disabled, so no further action is needed."),
        info_only: false,
    },
    item("o365-device-policies", "On the Security Policies tab, open Device Security Policies."),
    ChecklistEntry {
        key: "o365-delete-policies",
        text: "Delete every existing policy.",
        not_applicable_when: Some("The policies are pending, so no further action is needed."),
        info_only: false,
    },
    ChecklistEntry {
        key: "o365-apns-note",
        text: "The iOS APNs certificate can't be deleted; it stays attached to the account.",
        not_applicable_when: None,
        info_only: true,
    },
];

/// The checklist for a scenario (with coexistence, both the Intune and the
/// Office 365 lists), in the guide's order.
pub fn checklist(scenario: ResetScenario, coexistence: bool) -> Vec<ChecklistEntry> {
    match scenario {
        ResetScenario::IntuneToConfigurationManager
        | ResetScenario::Office365ToConfigurationManager
            if coexistence =>
        {
            INTUNE_TO_CM.iter().chain(O365_TO_CM).copied().collect()
        }
        ResetScenario::IntuneToConfigurationManager => INTUNE_TO_CM.to_vec(),
        ResetScenario::Office365ToConfigurationManager => O365_TO_CM.to_vec(),
        ResetScenario::ConfigurationManagerToIntune => CM_TO_INTUNE.to_vec(),
        ResetScenario::Other => Vec::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Done,
    NotApplicable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    SelfService,
    SupportReset,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityChange {
    pub from: MdmAuthority,
    pub to: MdmAuthority,
    pub at: Timestamp,
    pub how: ChangeKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReset {
    pub sent_at: Timestamp,
    pub target: MdmAuthority,
    pub request: String,
}

impl PendingReset {
    /// Typically the next business day …
    pub fn expected(&self) -> Date {
        add_business_days(self.sent_at.date(), 1)
    }

    /// … and at most three business days after the request.
    pub fn latest(&self) -> Date {
        add_business_days(self.sent_at.date(), 3)
    }
}

/// `date` plus `days` business days (Saturday and Sunday skipped).
pub fn add_business_days(date: Date, days: u32) -> Date {
    let mut day = date.to_days();
    let mut left = days;
    while left > 0 {
        day += 1;
        if Date::from_days(day).weekday() < 5 {
            left -= 1;
        }
    }
    Date::from_days(day)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Recovery {
    pub cm_version: Option<u16>,
    pub intune_version: Option<u16>,
    pub scenario: Option<ResetScenario>,
    pub coexistence: bool,
    pub items: BTreeMap<String, ItemState>,
    pub tenant_id: String,
    pub example_users: Vec<String>,
    pub description: String,
    /// The requested authority for "another change".
    pub other_target: Option<MdmAuthority>,
    pub pending: Option<PendingReset>,
    pub history: Vec<AuthorityChange>,
}

impl Recovery {
    pub fn path(&self) -> Option<RecoveryPath> {
        Some(path_for(self.cm_version?, self.intune_version?))
    }

    pub fn checklist(&self) -> Vec<ChecklistEntry> {
        self.scenario
            .map(|s| checklist(s, self.coexistence))
            .unwrap_or_default()
    }

    pub fn target(&self) -> Option<MdmAuthority> {
        match self.scenario? {
            ResetScenario::Other => self.other_target,
            s => s.target(),
        }
    }

    /// `CheckVersions`: both versions, YYMM.
    pub fn check_versions(&mut self, cm: &str, intune: &str) -> Result<(), RecoveryError> {
        let cm = parse_version("Configuration Manager", "1610", cm)?;
        let intune = parse_version("Intune", "1705", intune)?;
        self.cm_version = Some(cm);
        self.intune_version = Some(intune);
        Ok(())
    }

    /// `ChangeAuthorityDirectly`: Intune ↔ Configuration Manager, when the
    /// versions allow it, confirmed; recorded in the history.
    pub fn change_authority_directly(
        &mut self,
        to: MdmAuthority,
        confirmed: bool,
        authority: &mut Option<AuthorityState>,
        now: Timestamp,
    ) -> Result<(), RecoveryError> {
        let current = authority.ok_or(RecoveryError::NoAuthority)?;
        let (Some(cm), Some(intune)) = (self.cm_version, self.intune_version) else {
            return Err(RecoveryError::VersionsMissing);
        };
        if path_for(cm, intune) != RecoveryPath::SelfService {
            return Err(RecoveryError::SelfServiceNotAllowed { cm, intune });
        }
        let other = match current.authority {
            MdmAuthority::Intune => Some(MdmAuthority::ConfigurationManager),
            MdmAuthority::ConfigurationManager => Some(MdmAuthority::Intune),
            MdmAuthority::Office365 => None,
        };
        if other != Some(to) {
            return Err(RecoveryError::SelfServiceOnlyBetweenIntuneAndCm {
                current: current.authority.label().into(),
            });
        }
        if !confirmed {
            return Err(RecoveryError::NotConfirmed);
        }
        self.history.push(AuthorityChange {
            from: current.authority,
            to,
            at: now,
            how: ChangeKind::SelfService,
        });
        *authority = Some(AuthorityState {
            authority: to,
            set_at: now,
        });
        Ok(())
    }

    /// `ChooseResetScenario`: it must start from the current authority;
    /// ticks of items the new checklist does not have are dropped.
    pub fn choose_scenario(
        &mut self,
        scenario: ResetScenario,
        coexistence: bool,
        authority: Option<AuthorityState>,
    ) -> Result<(), RecoveryError> {
        let current = authority.ok_or(RecoveryError::NoAuthority)?;
        if let Some(expected) = scenario.from() {
            if expected != current.authority {
                return Err(RecoveryError::ScenarioMismatch {
                    scenario: scenario.label().into(),
                    expected: expected.label().into(),
                    current: current.authority.label().into(),
                });
            }
        }
        if coexistence && !scenario.allows_coexistence() {
            return Err(RecoveryError::CoexistenceNotApplicable);
        }
        let keys: Vec<&str> = checklist(scenario, coexistence)
            .iter()
            .map(|e| e.key)
            .collect();
        self.items.retain(|k, _| keys.contains(&k.as_str()));
        self.scenario = Some(scenario);
        self.coexistence = coexistence;
        Ok(())
    }

    /// `SetResetItem`: an item of the current checklist; "not applicable"
    /// only where the guide allows it.
    pub fn set_item(&mut self, key: String, state: Option<ItemState>) -> Result<(), RecoveryError> {
        let entry = self
            .checklist()
            .into_iter()
            .find(|e| e.key == key && !e.info_only)
            .ok_or_else(|| RecoveryError::UnknownItem { key: key.clone() })?;
        match state {
            Some(ItemState::NotApplicable) if entry.not_applicable_when.is_none() => {
                return Err(RecoveryError::NotApplicableNotAllowed {
                    item: entry.text.into(),
                });
            }
            Some(state) => {
                self.items.insert(key, state);
            }
            None => {
                self.items.remove(&key);
            }
        }
        Ok(())
    }

    /// `SetResetDetails`: blank example users are skipped, repeated ones
    /// (ignoring case) kept once.
    pub fn set_details(
        &mut self,
        tenant_id: &str,
        example_users: &[String],
        description: &str,
        other_target: Option<MdmAuthority>,
    ) -> Result<(), RecoveryError> {
        let tenant_id = tenant_id.trim().to_owned();
        if !tenant_id.is_empty() {
            check_tenant_id(&tenant_id)?;
        }
        let mut users = Vec::new();
        for user in example_users.iter().filter(|u| !u.trim().is_empty()) {
            let upn = check_example_user(user)?;
            if !users.iter().any(|u: &String| u.eq_ignore_ascii_case(&upn)) {
                users.push(upn);
            }
        }
        let description = crate::text::clean(description, MAX_DESCRIPTION_CHARS)
            .map_err(RecoveryError::Description)?;
        self.tenant_id = tenant_id;
        self.example_users = users;
        self.description = description;
        self.other_target = other_target;
        Ok(())
    }

    /// `MarkResetRequested`: the complete request is recorded as sent.
    pub fn mark_requested(
        &mut self,
        authority: Option<AuthorityState>,
        now: Timestamp,
    ) -> Result<(), RecoveryError> {
        let current = authority.ok_or(RecoveryError::NoAuthority)?;
        let request = self.request_text(current.authority)?;
        let target = self.target().ok_or(RecoveryError::NoTarget)?;
        self.pending = Some(PendingReset {
            sent_at: now,
            target,
            request,
        });
        Ok(())
    }

    /// `ConfirmReset`: the requested authority is in force; the flow starts
    /// over, keeping the history.
    pub fn confirm_reset(
        &mut self,
        authority: &mut Option<AuthorityState>,
        now: Timestamp,
    ) -> Result<(), RecoveryError> {
        let pending = self.pending.take().ok_or(RecoveryError::NotPending)?;
        if let Some(current) = authority {
            self.history.push(AuthorityChange {
                from: current.authority,
                to: pending.target,
                at: now,
                how: ChangeKind::SupportReset,
            });
        }
        *authority = Some(AuthorityState {
            authority: pending.target,
            set_at: now,
        });
        let history = std::mem::take(&mut self.history);
        *self = Recovery {
            history,
            ..Recovery::default()
        };
        Ok(())
    }

    /// `CancelReset`.
    pub fn cancel_reset(&mut self) -> Result<(), RecoveryError> {
        self.pending.take().ok_or(RecoveryError::NotPending)?;
        Ok(())
    }

    /// Everything still needed before the request can be produced.
    pub fn missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        let Some(scenario) = self.scenario else {
            return vec!["Choose a reset scenario.".into()];
        };
        for entry in self.checklist() {
            if !entry.info_only && !self.items.contains_key(entry.key) {
                missing.push(format!("“{}”", entry.text));
            }
        }
        if let Err(e) = check_tenant_id(&self.tenant_id) {
            missing.push(e.to_string());
        }
        if scenario.needs_example_users() && self.example_users.is_empty() {
            missing.push("At least one example user for support to check afterwards.".into());
        }
        if scenario == ResetScenario::Other {
            if self.description.trim().is_empty() {
                missing.push("A description of the change you need.".into());
            }
            if self.other_target.is_none() {
                missing.push("The authority you want.".into());
            }
        }
        missing
    }

    /// The text to send to support.
    pub fn request_text(&self, current: MdmAuthority) -> Result<String, RecoveryError> {
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(RecoveryError::Incomplete { missing });
        }
        let scenario = self.scenario.ok_or(RecoveryError::NoScenario)?;
        let target = self.target().ok_or(RecoveryError::NoTarget)?;
        let mut out = String::new();
        out.push_str("MDM authority reset request\n\n");
        out.push_str(&format!(
            "Tenant ID: {}\n",
            self.tenant_id.trim().to_ascii_lowercase()
        ));
        out.push_str(&format!("Current MDM authority: {}\n", current.label()));
        out.push_str(&format!("Requested MDM authority: {}\n", target.label()));
        out.push_str(&format!(
            "Scenario: {}{}\n",
            scenario.label(),
            if self.coexistence {
                " (with coexistence)"
            } else {
                ""
            }
        ));
        if let (Some(cm), Some(intune)) = (self.cm_version, self.intune_version) {
            out.push_str(&format!(
                "Configuration Manager version: {cm}; Intune service version: {intune}\n"
            ));
        }
        if scenario == ResetScenario::Other {
            out.push_str(&format!("Description: {}\n", self.description.trim()));
        }
        out.push_str("\nPrerequisites completed:\n");
        for entry in self.checklist() {
            if entry.info_only {
                out.push_str(&format!("- Note: {}\n", entry.text));
            } else {
                match self.items.get(entry.key) {
                    Some(ItemState::NotApplicable) => out.push_str(&format!(
                        "- [n/a] {} ({})\n",
                        entry.text,
                        entry.not_applicable_when.unwrap_or("not applicable")
                    )),
                    _ => out.push_str(&format!("- [done] {}\n", entry.text)),
                }
            }
        }
        if !self.example_users.is_empty() {
            out.push_str("\nExample users to check afterwards:\n");
            for user in &self.example_users {
                out.push_str(&format!("- {user}\n"));
            }
        }
        Ok(out)
    }
}

/// The tenant ID is the sign-in domain, such as contoso.onmicrosoft.com.
pub fn check_tenant_id(input: &str) -> Result<DomainName, RecoveryError> {
    DomainName::parse(input).map_err(|e| RecoveryError::TenantId {
        reason: if input.trim().is_empty() {
            "enter the domain you sign in with, such as contoso.onmicrosoft.com.".into()
        } else {
            e.to_string()
        },
    })
}

pub fn check_example_user(input: &str) -> Result<String, RecoveryError> {
    parse_upn(input)
        .map(|(upn, _)| upn)
        .map_err(|e| RecoveryError::ExampleUser {
            value: crate::text::shorten(input.trim(), 40),
            reason: e.to_string(),
        })
}
