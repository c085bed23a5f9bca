//! The Microsoft 365 tenant (Graph, Preview) over a workspace store.
//!
//! Graph holds only part of a setup (the MDM authority, the Company Portal
//! branding, …); the rest — checklists, network review, Windows records,
//! recovery — has no place in the tenant. So this backend keeps the whole
//! setup in the workspace store chosen in Settings (this browser or a
//! server) and, for a change Graph holds, sends it to the tenant first:
//! only once the tenant took it is it recorded in the workspace. The domain
//! rules have already accepted the command (`AppState` checks them before
//! any backend sees it), so a refused command never reaches Graph.

use super::{Backend, BackendError, BoxFuture, Looked, Lookups};
use crate::tenant::{Progress, TenantError, Written};
use domain::dns_check::{CnameCheck, TxtCheck};
use domain::{Command, DomainName, Setup};
use leptos::prelude::WindowListenerHandle;
use std::rc::Rc;

pub struct TenantBackend {
    workspace: Rc<dyn Backend>,
    /// Hears Graph's "wait, then try again" while a change waits.
    progress: Progress,
}

impl TenantBackend {
    pub fn new(workspace: Rc<dyn Backend>, progress: Progress) -> TenantBackend {
        TenantBackend {
            workspace,
            progress,
        }
    }
}

impl From<TenantError> for BackendError {
    fn from(e: TenantError) -> BackendError {
        match e {
            TenantError::NotSignedIn | TenantError::Expired => BackendError::TenantSignIn {
                reason: e.to_string(),
                permissions: Vec::new(),
                sign_in: true,
            },
            TenantError::NeedsPermission { ref ask, .. }
            | TenantError::Forbidden { ref ask, .. } => BackendError::TenantSignIn {
                permissions: ask.clone(),
                reason: e.to_string(),
                sign_in: true,
            },
            TenantError::Busy { .. }
            | TenantError::Network { .. }
            | TenantError::CodeUnavailable => BackendError::unavailable(e.to_string()),
            other => BackendError::Tenant(other.to_string()),
        }
    }
}

impl Backend for TenantBackend {
    fn label(&self) -> String {
        format!(
            "{} and your Microsoft 365 tenant (Preview)",
            self.workspace.label()
        )
    }

    fn load(&self) -> BoxFuture<Result<Setup, BackendError>> {
        self.workspace.load()
    }

    fn apply(
        &self,
        command: Command,
        expected_revision: u64,
    ) -> BoxFuture<Result<Setup, BackendError>> {
        let workspace = self.workspace.clone();
        let progress = self.progress.clone();
        Box::pin(async move {
            if !crate::tenant::reaches_tenant(&command) {
                return workspace.apply(command, expected_revision).await;
            }
            // The items of a change (users, members) are the workspace's:
            // what Graph is asked is read off the setup the rules accepted
            // the change on.
            let base = workspace.load().await?;
            if base.revision != expected_revision {
                return Err(BackendError::Conflict {
                    current: Box::new(base),
                });
            }
            let sent = crate::tenant::write(command.clone(), &base, progress.clone()).await;
            progress(None);
            match sent? {
                Written::Whole => workspace.apply(command, expected_revision).await,
                Written::Partly {
                    sent,
                    message,
                    results,
                } => {
                    let current = match sent {
                        Some(narrowed) => workspace.apply(narrowed, expected_revision).await?,
                        None => base,
                    };
                    Err(BackendError::TenantPartly {
                        current: Box::new(current),
                        message,
                        results,
                    })
                }
            }
        })
    }

    fn start_fresh(&self) -> BoxFuture<Result<Setup, BackendError>> {
        self.workspace.start_fresh()
    }

    fn watch(&self, changed: Rc<dyn Fn()>) -> WindowListenerHandle {
        self.workspace.watch(changed)
    }

    fn lookups(&self) -> Lookups {
        self.workspace.lookups()
    }

    fn verify_domain(
        &self,
        name: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<TxtCheck>, BackendError>> {
        self.workspace.verify_domain(name, expected_revision)
    }

    fn check_cnames(
        &self,
        domain: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<CnameCheck>, BackendError>> {
        self.workspace.check_cnames(domain, expected_revision)
    }
}
