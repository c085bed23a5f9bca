//! Step 7: what each step still misses, and a readable summary of the whole
//! setup (Markdown) to print, file or send.

use crate::enrollment::{cname_records, Platform, PlatformStatus};
use crate::steps::StepId;
use crate::time::Timestamp;
use crate::Setup;
use std::fmt::Write;

/// The management work that follows enrollment.
pub const FOLLOW_ON: [(&str, &str); 4] = [
    (
        "Policies",
        "Deploy configuration policies that manage device settings and features, such as passcodes, encryption and restrictions.",
    ),
    (
        "Access to company resources",
        "Give enrolled devices profiles for company email, Wi-Fi and VPN so users reach what they need.",
    ),
    (
        "Apps",
        "Add the apps people need and deploy them to the groups from step 3, with app protection where data must stay in managed apps.",
    ),
    (
        "Compliance",
        "Create compliance policies, then use conditional access so only compliant devices reach company email and data.",
    ),
];

impl Setup {
    /// What a step still needs before it counts as done, in the order to do it.
    pub fn missing(&self, step: StepId) -> Vec<String> {
        let mut missing = Vec::new();
        let mut need = |yes: bool, text: &str| {
            if yes {
                missing.push(text.to_owned());
            }
        };
        match step {
            StepId::Connections => {
                need(
                    self.connections.network_reviewed_at.is_none(),
                    "Acknowledge that you reviewed the network requirements.",
                );
                need(
                    !self.connections.has_verified_domain(),
                    "Add and verify at least one custom domain.",
                );
            }
            StepId::Authority => {
                need(
                    self.recovery.pending.is_some(),
                    "Wait for support to reset the MDM authority, then record it in the recovery flow.",
                );
                need(
                    self.authority.is_none() && self.recovery.pending.is_none(),
                    "Choose and set the MDM authority.",
                );
            }
            StepId::Groups => need(
                self.groups.groups.is_empty(),
                "Create at least one user or device group.",
            ),
            StepId::Portal => need(
                self.portal.is_none(),
                "Fill in and save the Company Portal settings.",
            ),
            StepId::Licenses => {
                let d = &self.directory;
                need(
                    d.has_synchronized_users() && !d.sync_complete(),
                    "Finish the directory synchronization steps.",
                );
                need(
                    d.licensed_count() == 0,
                    "Assign an Intune license to at least one user.",
                );
            }
            StepId::Enrollment => self.enrollment_missing(&mut need),
            StepId::NextSteps => {
                let open = StepId::ALL
                    .into_iter()
                    .filter(|s| *s != StepId::NextSteps && !self.step_status(*s).is_done())
                    .map(|s| format!("step {}", s.number()))
                    .collect::<Vec<_>>();
                need(!open.is_empty(), &format!("Finish {}.", open.join(", ")));
            }
        }
        missing
    }

    fn enrollment_missing(&self, need: &mut impl FnMut(bool, &str)) {
        need(
            self.authority.is_none(),
            "Set the MDM authority (step 2) first.",
        );
        need(
            self.authority.is_some() && self.enrollment.apple.is_none(),
            "Upload the Apple push certificate (iOS and macOS).",
        );
        need(
            !self.connections.has_verified_domain(),
            "Verify a domain (step 1) so Windows devices can find the enrollment service.",
        );
        let waiting: Vec<_> = self
            .enrollment
            .windows_domains(&self.connections)
            .filter(|(_, published)| !published)
            .map(|(d, _)| d.to_string())
            .collect();
        need(
            self.authority.is_some() && !waiting.is_empty(),
            &format!(
                "Publish the Windows CNAME records for {}.",
                waiting.join(", ")
            ),
        );
    }

    /// Nothing has been entered: the document equals a new one apart from
    /// its revision and the time of its last change (a server tenant never
    /// used, a browser that never saved, or an empty setup imported).
    pub fn is_untouched(&self) -> bool {
        let mut new = Setup::new();
        new.revision = self.revision;
        new.updated_at = self.updated_at;
        *self == new
    }

    /// What the document holds, in one phrase for confirmations: "the setup
    /// of contoso.onmicrosoft.com with 3 of 7 steps done, 2 domains,
    /// 5 users, 1 group and 4 corporate devices".
    pub fn summary(&self) -> String {
        let progress = self.progress();
        format!(
            "the setup of {} with {} of {} steps done, {}, {}, {} and {}",
            self.tenant_domain,
            progress.done,
            progress.total,
            count(self.connections.domains.len(), "domain", "domains"),
            count(self.directory.users.len(), "user", "users"),
            count(self.groups.groups.len(), "group", "groups"),
            count(
                self.enrollment.devices.len(),
                "corporate device",
                "corporate devices"
            ),
        )
    }

    /// The whole setup as Markdown.
    pub fn summary_markdown(&self, now: Timestamp) -> String {
        let mut out = String::new();
        let progress = self.progress();
        let _ = writeln!(out, "# Intune MDM prerequisites: summary\n");
        let _ = writeln!(
            out,
            "Tenant {} · {} of {} steps done · revision {} · written {}\n",
            md(self.tenant_domain.as_str()),
            progress.done,
            progress.total,
            self.revision,
            now
        );
        for step in StepId::ALL {
            let status = self.step_status(step);
            let _ = writeln!(
                out,
                "## Step {}: {} ({})\n",
                step.number(),
                step.title(),
                status.label()
            );
            for line in self.details(step, now) {
                let _ = writeln!(out, "- {line}");
            }
            let missing = self.missing(step);
            if !missing.is_empty() {
                let _ = writeln!(out, "\nStill to do:\n");
                for m in missing {
                    let _ = writeln!(out, "- [ ] {}", md(&m));
                }
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## After enrollment\n");
        for (title, text) in FOLLOW_ON {
            let _ = writeln!(out, "- **{title}**: {text}");
        }
        out
    }

    /// How the DNS facts of `step` were established — found by a lookup or
    /// confirmed by hand — one plain-text line each (step 7 shows them).
    pub fn dns_evidence(&self, step: StepId) -> Vec<String> {
        match step {
            StepId::Connections => self
                .connections
                .verified()
                .filter_map(|d| {
                    let v = d.verification.as_ref()?;
                    Some(format!(
                        "{}: verified, {} on {}",
                        d.name,
                        v.describe(),
                        v.at.date()
                    ))
                })
                .collect(),
            StepId::Enrollment => self
                .enrollment
                .windows_domains(&self.connections)
                .filter(|(_, published)| *published)
                .map(|(d, _)| {
                    format!(
                        "Windows records of {d}: {}",
                        self.enrollment.cnames_state(d).describe()
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// What is configured in a step, one line each (Markdown-escaped).
    fn details(&self, step: StepId, now: Timestamp) -> Vec<String> {
        let mut lines = Vec::new();
        match step {
            StepId::Connections => self.connections_details(&mut lines),
            StepId::Authority => lines.push(match &self.authority {
                Some(a) => format!(
                    "MDM authority: {} (set on {})",
                    a.authority.label(),
                    a.set_at.date()
                ),
                None => "MDM authority: not set".into(),
            }),
            StepId::Groups => {
                for g in &self.groups.groups {
                    lines.push(format!(
                        "{} ({}, {} members)",
                        md(&g.name),
                        g.kind.label(),
                        g.users.len() + g.devices.len()
                    ));
                }
            }
            StepId::Portal => self.portal_details(&mut lines),
            StepId::Licenses => {
                let d = &self.directory;
                lines.push(format!(
                    "{} users, {} of {} licenses assigned",
                    d.users.len(),
                    d.licensed_count(),
                    d.purchased_licenses
                ));
            }
            StepId::Enrollment => self.enrollment_details(&mut lines, now),
            StepId::NextSteps => {}
        }
        lines
    }

    fn connections_details(&self, lines: &mut Vec<String>) {
        lines.push(match self.connections.network_reviewed_at {
            Some(at) => format!("Network requirements reviewed on {}", at.date()),
            None => "Network requirements not reviewed yet".into(),
        });
        for d in &self.connections.domains {
            let mut line = format!("Domain {}: ", md(d.name.as_str()));
            match &d.verification {
                Some(v) => {
                    let _ = write!(line, "verified ({}) on {}", md(&v.describe()), v.at.date());
                }
                None => line.push_str("not verified"),
            }
            if self.connections.default_domain.as_ref() == Some(&d.name) {
                line.push_str(", default");
            }
            lines.push(line);
        }
    }

    fn portal_details(&self, lines: &mut Vec<String>) {
        if let Some(p) = &self.portal {
            for (label, value) in [
                ("Company name", &p.company_name),
                ("IT department contact name", &p.it_contact_name),
                ("IT department phone number", &p.it_phone),
                ("IT department email address", &p.it_email),
                ("Support website URL", &p.support_url),
                ("Company privacy statement URL", &p.privacy_url),
                ("Theme color", &p.theme_color),
            ] {
                if !value.is_empty() {
                    lines.push(format!("{label}: {}", md(value)));
                }
            }
            lines.push(format!(
                "Logos: {}",
                if p.include_logo { "shown" } else { "not shown" }
            ));
        }
    }

    fn enrollment_details(&self, lines: &mut Vec<String>, now: Timestamp) {
        for platform in Platform::ALL {
            let status = self.platform_status(platform, now);
            let mut line = format!("{}: {}", platform.title(), status.label());
            match &status {
                PlatformStatus::Blocked { reason } => {
                    let _ = write!(line, " ({})", md(reason));
                }
                PlatformStatus::InProgress { missing } => {
                    let _ = write!(line, " ({})", md(missing));
                }
                _ => {}
            }
            lines.push(line);
        }
        if let Some(apple) = &self.enrollment.apple {
            lines.push(format!(
                "Apple push certificate: topic {}, serial {}, expires {}, Apple ID {}",
                md(&apple.certificate.topic),
                md(&apple.certificate.serial),
                apple.certificate.not_after.date(),
                md(&apple.apple_id)
            ));
        }
        if let Some(afw) = &self.enrollment.android_for_work {
            lines.push(format!(
                "Android for Work bound to {}",
                md(&afw.google_account)
            ));
        }
        for (domain, _) in self.enrollment.windows_domains(&self.connections) {
            let state = md(&self.enrollment.cnames_state(domain).describe());
            for r in cname_records(domain) {
                lines.push(format!(
                    "CNAME {} → {} (TTL {}): {state}",
                    md(&r.host),
                    r.points_to,
                    r.ttl,
                ));
            }
        }
        lines.push(format!(
            "Corporate-owned devices: {}",
            self.enrollment.devices.len()
        ));
    }
}

/// Escapes text so Markdown shows it literally.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// "1 domain", "2 domains".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
