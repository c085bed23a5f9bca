//! What the "From your tenant" panel offers beside a fact, once changes go
//! to the tenant too: Microsoft's own check of a domain's TXT record, and
//! Microsoft's Apple push signing request to save. Each says how it went
//! in one line under the panel's heading.

use crate::state::AppState;
use crate::tenant::{Progress, TenantError, Verification};
use domain::Command;
use graph::facts::FactAction;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Who verified a domain Microsoft checked, as the workspace records it.
const MICROSOFT: &str = "Microsoft 365 (your tenant)";

#[derive(Clone, Copy)]
pub struct Actions {
    state: AppState,
    /// The action on its way (one at a time).
    running: RwSignal<Option<FactAction>>,
    /// How the last one went.
    result: RwSignal<Option<Said>>,
    progress: RwSignal<Option<String>>,
    /// Reads the tenant again (after a change).
    read_again: Callback<()>,
    /// Signs in again asking for these permissions too.
    sign_in: Callback<Vec<String>>,
}

/// How an action went: whether it did what was asked, what to say, and
/// the permissions to sign in again for when that is the way out.
#[derive(Clone)]
struct Said {
    ok: bool,
    text: String,
    ask: Option<Vec<String>>,
}

impl Said {
    fn done(text: String) -> Said {
        Said {
            ok: true,
            text,
            ask: None,
        }
    }

    fn not_done(text: String) -> Said {
        Said {
            ok: false,
            text,
            ask: None,
        }
    }

    fn failed(e: TenantError) -> Said {
        Said {
            ok: false,
            ask: match &e {
                TenantError::Expired | TenantError::NotSignedIn => Some(Vec::new()),
                e => e.ask_for().map(<[String]>::to_vec),
            },
            text: e.to_string(),
        }
    }
}

impl Actions {
    pub fn new(
        state: AppState,
        progress: RwSignal<Option<String>>,
        read_again: Callback<()>,
        sign_in: Callback<Vec<String>>,
    ) -> Actions {
        Actions {
            state,
            running: RwSignal::new(None),
            result: RwSignal::new(None),
            progress,
            read_again,
            sign_in,
        }
    }

    fn run(self, action: FactAction) {
        self.running.set(Some(action.clone()));
        self.result.set(None);
        let progress = self.progress;
        let heard: Progress = Rc::new(move |p| progress.set(p));
        spawn_local(async move {
            let said = match action {
                FactAction::VerifyDomain(name) => self.verify(name, heard).await,
                FactAction::DownloadAppleCsr => save_csr(heard).await,
            };
            self.progress.set(None);
            self.running.set(None);
            self.result.set(Some(said));
        });
    }

    /// Verified, the workspace records it too (when it has the domain),
    /// and the tenant is read again.
    async fn verify(self, name: String, heard: Progress) -> Said {
        match crate::tenant::verify_domain(name.clone(), heard).await {
            Ok(Verification::Verified) => {
                let known = self.state.setup.with_untracked(|s| {
                    s.connections
                        .domains
                        .iter()
                        .any(|d| d.name.to_string().eq_ignore_ascii_case(&name))
                });
                if known {
                    let command = Command::RecordTxtFound {
                        name: name.clone(),
                        resolver: MICROSOFT.into(),
                    };
                    self.state.dispatch(command, |_| {});
                }
                self.read_again.run(());
                Said::done(format!("Microsoft verified {name}."))
            }
            Ok(Verification::NotYet(said)) => Said::not_done(format!(
                "Microsoft did not verify {name} yet: {said} New DNS records can take up to 72 hours to be seen; try again later."
            )),
            Err(e) => Said::failed(e),
        }
    }
}

async fn save_csr(heard: Progress) -> Said {
    let file = graph::workspace::APPLE_CSR_FILE;
    match crate::tenant::download_apple_csr(heard).await {
        Ok(text) => match crate::download::save_text(file, "application/pkcs10", &text) {
            Ok(()) => Said::done(format!(
                "Saved {file}, Microsoft's signing request for your tenant: upload it to Apple's Push Certificates Portal, then bring the certificate Apple issues to this page."
            )),
            Err(e) => Said::not_done(format!("{file} could not be saved: {e}")),
        },
        Err(e) => Said::failed(e),
    }
}

/// The button beside a fact.
#[component]
pub fn ActionButton(actions: Actions, action: FactAction) -> impl IntoView {
    let (role, domain, label, busy_label) = match &action {
        FactAction::VerifyDomain(name) => (
            "tenant-verify",
            Some(name.clone()),
            "Ask Microsoft to verify",
            "Asking Microsoft…",
        ),
        FactAction::DownloadAppleCsr => (
            "tenant-csr",
            None,
            "Download Microsoft's signing request",
            "Downloading…",
        ),
    };
    let mine = action.clone();
    view! {
        <button type="button" class="button compact" data-role=role data-domain=domain
            disabled=move || actions.running.with(Option::is_some)
            on:click=move |_| actions.run(action.clone())>
            {move || if actions.running.with(|r| r.as_ref() == Some(&mine)) { busy_label } else { label }}
        </button>
    }
}

/// How the last action went.
#[component]
pub fn ActionResult(actions: Actions) -> impl IntoView {
    view! {
        <div role="status">
            {move || actions.result.get().map(|said| view! {
                <p class=if said.ok { "saved-note" } else { "form-error" } id="tenant-action-result" data-ok=said.ok.to_string()>
                    {said.text}
                </p>
                {said.ask.map(|ask| view! {
                    <button type="button" class="button primary" id="tenant-action-sign-in"
                        on:click=move |_| actions.sign_in.run(ask.clone())>
                        "Sign in again, asking for it"
                    </button>
                })}
            })}
        </div>
    }
}
