//! What the tenant holds, step by step, as facts for the page that shows
//! them "from your tenant": each fact names its subject, says what Graph
//! answered in plain words, and whether it is done, still to do, or only
//! for information. The pages render these without knowing Graph.

use crate::licence::{intune_seats, INTUNE_SERVICE_PLAN};
use crate::model::{
    AndroidManagedStoreSettings, ApplePushNotificationCertificate, Domain, DomainDnsRecord, Group,
    ImportedDeviceIdentity, IntuneBrand, MdmAuthority, Organization, SubscribedSku, User,
};
use domain::Date;

/// Whether a fact needs the administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// The tenant already has it.
    Done,
    /// Still to do in the tenant.
    ToDo,
    /// For information.
    Info,
}

impl Tone {
    /// For the page's `data-tone` (styling and tests).
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Done => "done",
            Tone::ToDo => "to-do",
            Tone::Info => "info",
        }
    }
}

/// One thing read from the tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub subject: String,
    pub state: String,
    pub tone: Tone,
    /// What the administrator can ask the tenant to do about it.
    pub action: Option<FactAction>,
}

/// A change offered beside a fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactAction {
    /// Ask Microsoft to check the domain's TXT record (`POST verify`).
    VerifyDomain(String),
    /// Save Microsoft's Apple push signing request for this tenant.
    DownloadAppleCsr,
}

fn fact(subject: impl Into<String>, state: impl Into<String>, tone: Tone) -> Fact {
    Fact {
        subject: subject.into(),
        state: state.into(),
        tone,
        action: None,
    }
}

/// Step 1: the tenant's domains; for each one not verified yet, the TXT
/// record Microsoft asks for (from `verificationDnsRecords`).
pub fn domains(domains: &[Domain], records: &[(String, Vec<DomainDnsRecord>)]) -> Vec<Fact> {
    if domains.is_empty() {
        return vec![fact("Domains", "none in the tenant", Tone::ToDo)];
    }
    domains
        .iter()
        .map(|d| {
            if d.is_initial {
                fact(&d.id, "Microsoft's initial domain (always verified)", Tone::Info)
            } else if d.is_verified {
                fact(&d.id, "verified by Microsoft", Tone::Done)
            } else {
                let txt = records
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&d.id))
                    .and_then(|(_, rs)| rs.iter().find_map(|r| r.txt().map(|t| (r, t))));
                let state = match txt {
                    Some((r, text)) => format!(
                        "not verified yet: publish a TXT record at {} with the value {}{}, then verify it",
                        r.label,
                        text,
                        r.ttl.map_or(String::new(), |t| format!(" (TTL {t} s)"))
                    ),
                    None => "not verified yet".to_owned(),
                };
                Fact {
                    action: Some(FactAction::VerifyDomain(d.id.clone())),
                    ..fact(&d.id, state, Tone::ToDo)
                }
            }
        })
        .collect()
}

fn authority_words(a: MdmAuthority) -> &'static str {
    match a {
        MdmAuthority::Unknown => "not set yet",
        MdmAuthority::Intune => "Microsoft Intune",
        MdmAuthority::Sccm => "Configuration Manager",
        MdmAuthority::Office365 => "Basic Mobility and Security (Office 365)",
        MdmAuthority::Other => "a value this app does not know",
    }
}

fn organization_name(org: &Organization) -> Fact {
    fact(
        "Organization",
        org.display_name.clone().unwrap_or_else(|| org.id.clone()),
        Tone::Info,
    )
}

/// Step 2: the organization's MDM authority.
pub fn authority(org: &Organization) -> Vec<Fact> {
    let a = org.mobile_device_management_authority;
    let (state, tone) = match a {
        MdmAuthority::Intune => (authority_words(a).to_owned(), Tone::Done),
        MdmAuthority::Unknown => (
            "not set yet: set it to Microsoft Intune".to_owned(),
            Tone::ToDo,
        ),
        MdmAuthority::Office365 | MdmAuthority::Sccm | MdmAuthority::Other => (
            format!(
                "{}: Intune cannot manage devices until it is Microsoft Intune (see Recovery)",
                authority_words(a)
            ),
            Tone::ToDo,
        ),
    };
    vec![organization_name(org), fact("MDM authority", state, tone)]
}

/// Step 3: the tenant's groups.
pub fn groups(groups: &[Group]) -> Vec<Fact> {
    if groups.is_empty() {
        return vec![fact("Groups", "none in the tenant yet", Tone::ToDo)];
    }
    let mut facts = vec![fact(
        "Groups",
        format!("{} in the tenant", groups.len()),
        Tone::Info,
    )];
    facts.extend(groups.iter().map(|g| {
        let kind = if g.group_types.iter().any(|t| t == "Unified") {
            "Microsoft 365 group"
        } else if g.security_enabled == Some(true) {
            "security group"
        } else {
            "distribution list"
        };
        let name = g.display_name.clone().unwrap_or_else(|| g.id.clone());
        let state = match g.description.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => format!("{kind}: {d}"),
            None => kind.to_owned(),
        };
        fact(name, state, Tone::Info)
    }));
    facts
}

fn text_or_unset(label: &str, value: Option<&str>) -> Fact {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => fact(label, v, Tone::Done),
        None => fact(label, "not set", Tone::ToDo),
    }
}

/// Step 4: the Company Portal branding (`intuneBrand`).
pub fn portal(brand: Option<&IntuneBrand>) -> Vec<Fact> {
    let empty = IntuneBrand::default();
    let b = brand.unwrap_or(&empty);
    let mut facts = vec![
        text_or_unset("Company name", b.display_name.as_deref()),
        text_or_unset("IT contact name", b.contact_it_name.as_deref()),
        text_or_unset("IT phone number", b.contact_it_phone_number.as_deref()),
        text_or_unset("IT email address", b.contact_it_email_address.as_deref()),
        text_or_unset("Privacy statement URL", b.privacy_url.as_deref()),
        text_or_unset("Support website URL", b.online_support_site_url.as_deref()),
    ];
    if let Some(notes) = b.contact_it_notes.as_deref().filter(|n| !n.is_empty()) {
        facts.push(fact("Additional information", notes, Tone::Info));
    }
    if let Some(c) = &b.theme_color {
        facts.push(fact(
            "Theme colour",
            format!("#{:02X}{:02X}{:02X}", c.r, c.g, c.b),
            Tone::Info,
        ));
    }
    let logo = b
        .light_background_logo
        .as_ref()
        .and_then(|l| l.value.as_deref())
        .is_some_and(|v| !v.is_empty());
    facts.push(fact(
        "Logo",
        match (logo, b.show_logo) {
            (true, true) => "uploaded and shown",
            (true, false) => "uploaded, not shown",
            (false, _) => "none uploaded",
        },
        Tone::Info,
    ));
    facts
}

/// How many users needing attention are listed one by one.
pub const USERS_LISTED: usize = 25;

/// Step 5: Intune licences (any SKU with the `INTUNE_A` service plan),
/// the users and their usage location and licences, directory sync.
pub fn licences(org: &Organization, skus: &[SubscribedSku], users: &[User]) -> Vec<Fact> {
    let mut facts = Vec::new();
    let intune_skus: Vec<&str> = skus
        .iter()
        .filter(|s| {
            s.service_plans
                .iter()
                .any(|p| p.service_plan_name.as_deref() == Some(INTUNE_SERVICE_PLAN))
        })
        .filter_map(|s| s.sku_id.as_deref())
        .collect();
    match intune_seats(skus) {
        None => facts.push(fact(
            "Intune licences",
            format!("none: no subscription in this tenant includes Intune (the {INTUNE_SERVICE_PLAN} service plan). Buy or try one before users can enroll."),
            Tone::ToDo,
        )),
        Some(seats) => {
            for s in &seats.per_sku {
                facts.push(fact(
                    s.sku_part_number.clone().unwrap_or_else(|| "Subscription".into()),
                    format!(
                        "includes Intune: {} of {} seats free ({} assigned)",
                        s.available, s.enabled, s.consumed
                    ),
                    if s.available > 0 { Tone::Done } else { Tone::ToDo },
                ));
            }
        }
    }
    facts.push(match org.on_premises_sync_enabled {
        Some(true) => fact(
            "Directory sync",
            match org.on_premises_last_sync_date_time.as_deref() {
                Some(at) => {
                    format!("on: users come from on-premises Active Directory (last sync {at})")
                }
                None => "on: users come from on-premises Active Directory (no sync yet)".to_owned(),
            },
            Tone::Info,
        ),
        _ => fact(
            "Directory sync",
            "off: users are created in the cloud",
            Tone::Info,
        ),
    });
    let licensed = |u: &User| {
        u.assigned_licenses.iter().any(|l| {
            l.sku_id
                .as_deref()
                .is_some_and(|id| intune_skus.contains(&id))
        })
    };
    let ready = users.iter().filter(|u| licensed(u)).count();
    facts.push(fact(
        "Users",
        format!(
            "{} in the tenant, {ready} with an Intune licence",
            users.len()
        ),
        if ready > 0 { Tone::Done } else { Tone::ToDo },
    ));
    let waiting: Vec<&User> = users.iter().filter(|u| !licensed(u)).collect();
    for u in waiting.iter().take(USERS_LISTED) {
        let name = u
            .user_principal_name
            .clone()
            .or_else(|| u.display_name.clone())
            .unwrap_or_else(|| u.id.clone());
        let state = match u.usage_location.as_deref().filter(|l| !l.is_empty()) {
            None => "no Intune licence, and no usage location (set one before assigning a licence)"
                .to_owned(),
            Some(l) => format!("no Intune licence (usage location {l})"),
        };
        facts.push(fact(name, state, Tone::ToDo));
    }
    if waiting.len() > USERS_LISTED {
        facts.push(fact(
            "More users",
            format!(
                "{} more without an Intune licence",
                waiting.len() - USERS_LISTED
            ),
            Tone::ToDo,
        ));
    }
    facts
}

/// Days before expiry from which renewing is due.
pub const RENEW_WITHIN_DAYS: i64 = 30;

fn date_of(iso: &str) -> Option<Date> {
    let d = iso.get(..10)?;
    let mut parts = d.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    (d.as_bytes()[4] == b'-' && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(Date { year, month, day })
}

/// Step 6: the Apple MDM push certificate (`None`: Graph has none, 404).
pub fn enrollment(cert: Option<&ApplePushNotificationCertificate>, today: Date) -> Vec<Fact> {
    // Before any upload Graph still answers, with no topic and an expiry
    // in year 1.
    let uploaded = |c: &&ApplePushNotificationCertificate| {
        c.topic_identifier.is_some()
            || c.expiration_date_time
                .as_deref()
                .and_then(date_of)
                .is_some_and(|d| d.year > 1)
    };
    let Some(c) = cert.filter(uploaded) else {
        return vec![Fact {
            action: Some(FactAction::DownloadAppleCsr),
            ..fact(
                "Apple MDM push certificate",
                "none uploaded yet: needed before iPhones, iPads and Macs can enroll",
                Tone::ToDo,
            )
        }];
    };
    let mut facts = Vec::new();
    let expiry = c.expiration_date_time.as_deref().and_then(date_of);
    facts.push(match expiry {
        None => fact(
            "Apple MDM push certificate",
            "uploaded; its expiry date was not given",
            Tone::Info,
        ),
        Some(end) => {
            let left = end.to_days() - today.to_days();
            let on = end.to_string();
            if left < 0 {
                fact(
                    "Apple MDM push certificate",
                    format!("expired on {on}: renew it with the same Apple ID, or every Apple device must enroll again"),
                    Tone::ToDo,
                )
            } else if left <= RENEW_WITHIN_DAYS {
                fact(
                    "Apple MDM push certificate",
                    format!("expires on {on}, in {left} days: renew it now with the same Apple ID"),
                    Tone::ToDo,
                )
            } else {
                fact(
                    "Apple MDM push certificate",
                    format!("valid until {on} ({left} days)"),
                    Tone::Done,
                )
            }
        }
    });
    // Renewing takes a new signing request too.
    if let Some(first) = facts.first_mut() {
        first.action = Some(FactAction::DownloadAppleCsr);
    }
    if let Some(apple_id) = &c.apple_identifier {
        facts.push(fact("Apple ID", apple_id, Tone::Info));
    }
    if let Some(topic) = &c.topic_identifier {
        facts.push(fact("Topic", topic, Tone::Info));
    }
    facts
}

/// Step 6: the corporate identifiers Intune holds (beta).
pub fn corporate_identifiers(list: &[ImportedDeviceIdentity]) -> Fact {
    let imei = list
        .iter()
        .filter(|d| d.imported_device_identity_type.as_deref() == Some("imei"))
        .count();
    let serial = list
        .iter()
        .filter(|d| d.imported_device_identity_type.as_deref() == Some("serialNumber"))
        .count();
    let state = match list.len() {
        0 => "none imported into Intune".to_owned(),
        n => format!(
            "{n} in Intune ({imei} IMEI, {serial} serial {}{})",
            if serial == 1 { "number" } else { "numbers" },
            match n - imei - serial {
                0 => String::new(),
                other => format!(", {other} other"),
            }
        ),
    };
    fact("Corporate identifiers", state, Tone::Info)
}

/// Step 6: whether managed Google Play is bound (beta).
pub fn android_store(settings: &AndroidManagedStoreSettings) -> Fact {
    let owner = settings
        .owner_user_principal_name
        .as_deref()
        .map_or(String::new(), |o| format!(" by {o}"));
    match settings.bind_status.as_deref() {
        Some("bound" | "boundAndValidated") => fact(
            "Managed Google Play",
            format!("bound{owner}"),
            Tone::Done,
        ),
        Some("unbinding") => fact("Managed Google Play", "being unbound", Tone::ToDo),
        _ => fact(
            "Managed Google Play",
            "not bound: bind a managed Google Play account before Android Enterprise devices can enroll",
            Tone::ToDo,
        ),
    }
}
