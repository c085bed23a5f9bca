//! The seven steps, what each is for, what it needs first, and its status —
//! always derived from the document, never stored.

use crate::Setup;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    Connections,
    Authority,
    Groups,
    Portal,
    Licenses,
    Enrollment,
    NextSteps,
}

impl StepId {
    pub const ALL: [StepId; 7] = [
        StepId::Connections,
        StepId::Authority,
        StepId::Groups,
        StepId::Portal,
        StepId::Licenses,
        StepId::Enrollment,
        StepId::NextSteps,
    ];

    pub fn number(self) -> u8 {
        match self {
            StepId::Connections => 1,
            StepId::Authority => 2,
            StepId::Groups => 3,
            StepId::Portal => 4,
            StepId::Licenses => 5,
            StepId::Enrollment => 6,
            StepId::NextSteps => 7,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            StepId::Connections => "Enable connections",
            StepId::Authority => "Set MDM authority",
            StepId::Groups => "Create groups",
            StepId::Portal => "Configure Company Portal",
            StepId::Licenses => "Assign user licenses",
            StepId::Enrollment => "Enable enrollment",
            StepId::NextSteps => "Next steps",
        }
    }

    /// The path segment used in links (`#/connections`).
    pub fn slug(self) -> &'static str {
        match self {
            StepId::Connections => "connections",
            StepId::Authority => "authority",
            StepId::Groups => "groups",
            StepId::Portal => "portal",
            StepId::Licenses => "licenses",
            StepId::Enrollment => "enrollment",
            StepId::NextSteps => "next-steps",
        }
    }

    pub fn from_slug(slug: &str) -> Option<StepId> {
        StepId::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn purpose(self) -> &'static str {
        match self {
            StepId::Connections => {
                "Make sure devices can reach the service through your network, and prove you own the domain names your users sign in with."
            }
            StepId::Authority => {
                "Choose the one service that will manage this tenant's devices. Take care: this is hard to undo."
            }
            StepId::Groups => {
                "Sort users and devices into groups so apps, policies and resources reach the right people."
            }
            StepId::Portal => {
                "Brand the Company Portal users enroll with, and tell them how to reach IT."
            }
            StepId::Licenses => {
                "Give each user who will enroll devices an Intune license."
            }
            StepId::Enrollment => {
                "Turn on enrollment for each kind of device you support."
            }
            StepId::NextSteps => {
                "Review what is configured and what is missing, then plan the management work that follows."
            }
        }
    }

    /// Steps that must be done before this one can be worked on.
    pub fn needs(self) -> &'static [StepId] {
        match self {
            StepId::Enrollment => &[StepId::Authority],
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepStatus {
    NotStarted,
    InProgress,
    Done,
    Blocked {
        reason: String,
        needs: Option<StepId>,
    },
}

impl StepStatus {
    pub fn label(&self) -> &'static str {
        match self {
            StepStatus::NotStarted => "Not started",
            StepStatus::InProgress => "In progress",
            StepStatus::Done => "Done",
            StepStatus::Blocked { .. } => "Blocked",
        }
    }

    /// A stable class/key for styling and tests.
    pub fn key(&self) -> &'static str {
        match self {
            StepStatus::NotStarted => "not-started",
            StepStatus::InProgress => "in-progress",
            StepStatus::Done => "done",
            StepStatus::Blocked { .. } => "blocked",
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, StepStatus::Done)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn percent(self) -> u32 {
        (self.done * 100).checked_div(self.total).unwrap_or(0) as u32
    }
}

impl Setup {
    pub fn step_status(&self, step: StepId) -> StepStatus {
        for &needed in step.needs() {
            if !self.step_status(needed).is_done() {
                return StepStatus::Blocked {
                    reason: format!("Needs step {} ({}) first.", needed.number(), needed.title()),
                    needs: Some(needed),
                };
            }
        }
        self.own_status(step)
    }

    /// A step's status from its own data, once the steps it needs are done.
    fn own_status(&self, step: StepId) -> StepStatus {
        match step {
            StepId::Connections => {
                let c = &self.connections;
                let reviewed = c.network_reviewed_at.is_some();
                if reviewed && c.has_verified_domain() {
                    StepStatus::Done
                } else if reviewed || !c.domains.is_empty() {
                    StepStatus::InProgress
                } else {
                    StepStatus::NotStarted
                }
            }
            StepId::Authority if self.recovery.pending.is_some() => StepStatus::Blocked {
                reason: "Support is resetting the MDM authority.".into(),
                needs: None,
            },
            StepId::Authority => {
                if self.authority.is_some() {
                    StepStatus::Done
                } else {
                    StepStatus::NotStarted
                }
            }
            StepId::Portal => {
                if self.portal.is_some() {
                    StepStatus::Done
                } else {
                    StepStatus::NotStarted
                }
            }
            StepId::Groups => {
                if self.groups.groups.is_empty() {
                    StepStatus::NotStarted
                } else {
                    StepStatus::Done
                }
            }
            StepId::Licenses => {
                let d = &self.directory;
                let licensed = d.licensed_count() > 0;
                if licensed && (!d.has_synchronized_users() || d.sync_complete()) {
                    StepStatus::Done
                } else if licensed || !d.sync_done.is_empty() {
                    StepStatus::InProgress
                } else {
                    StepStatus::NotStarted
                }
            }
            StepId::Enrollment => self.enrollment_status(),
            StepId::NextSteps => {
                let others = StepId::ALL
                    .into_iter()
                    .filter(|s| *s != StepId::NextSteps)
                    .map(|s| self.step_status(s))
                    .collect::<Vec<_>>();
                if others.iter().all(StepStatus::is_done) {
                    StepStatus::Done
                } else if others
                    .iter()
                    .any(|s| matches!(s, StepStatus::Done | StepStatus::InProgress))
                {
                    // Started once another step is: a step that is only
                    // blocked (as most are on an empty workspace) is not.
                    StepStatus::InProgress
                } else {
                    StepStatus::NotStarted
                }
            }
        }
    }

    fn enrollment_status(&self) -> StepStatus {
        let e = &self.enrollment;
        let windows_ready = self.connections.has_verified_domain()
            && e.windows_domains(&self.connections)
                .all(|(_, published)| published);
        if e.apple.is_some() && windows_ready {
            StepStatus::Done
        } else if e.apple.is_some()
            || e.android_for_work.is_some()
            || !e.cnames_published.is_empty()
            || !e.devices.is_empty()
        {
            StepStatus::InProgress
        } else {
            StepStatus::NotStarted
        }
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: StepId::ALL
                .into_iter()
                .filter(|s| self.step_status(*s).is_done())
                .count(),
            total: StepId::ALL.len(),
        }
    }
}
