//! "Verify": the TXT record looked up in DNS (by this browser through its
//! DNS-over-HTTPS resolver, or by the server), each outcome with its own
//! message, and the confirmation by hand where no lookup can be made.

use crate::backend::Lookups;
use crate::state::{AppState, Rejection};
use crate::widgets::{read_only, TechnicalDetails};
use domain::dns_check::TxtCheck;
use domain::{DomainName, TxtRecord};
use leptos::prelude::*;

/// Where a domain's lookup stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Lookup {
    Idle,
    Running,
    /// What was found, and who answered.
    Answered(TxtCheck, String),
    /// The backend could not be asked (server down, conflict, refusal).
    Failed(Rejection),
}

impl Lookup {
    /// The outcome as a stable name, for styling and tests.
    fn outcome(&self) -> &'static str {
        match self {
            Lookup::Idle => "idle",
            Lookup::Running => "running",
            Lookup::Answered(check, _) => match check {
                TxtCheck::Found => "found",
                TxtCheck::ValueMissing { .. } => "value_missing",
                TxtCheck::NoSuchDomain => "no_such_domain",
                TxtCheck::ResolverFailed { .. } => "resolver_failed",
            },
            Lookup::Failed(_) => "failed",
        }
    }

    /// The resolver or the backend failed: offer Retry and the manual way.
    fn failed(&self) -> bool {
        match self {
            Lookup::Answered(check, _) => check.is_resolver_failure(),
            Lookup::Failed(_) => true,
            _ => false,
        }
    }
}

/// The Verify button, and what the last lookup found. `manual` opens the
/// confirmation by hand.
#[component]
pub(super) fn VerifyAction(name: DomainName, manual: RwSignal<bool>) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let lookups = state.backend().lookups();
    let lookup = RwSignal::new(Lookup::Idle);
    let run = {
        let name = name.clone();
        move || {
            lookup.set(Lookup::Running);
            let name = name.clone();
            state.look_up(
                move |backend, revision| backend.verify_domain(name, revision),
                move |outcome| {
                    lookup.set(match outcome {
                        Ok(looked) => Lookup::Answered(looked.check, looked.resolver),
                        Err(rejection) => Lookup::Failed(rejection),
                    })
                },
            );
        }
    };
    let running = move || lookup.with(|l| *l == Lookup::Running);
    if lookups == Lookups::Off {
        return view! {
            <button type="button" class="button primary" data-role="verify" disabled=move || read_only.get() on:click=move |_| manual.set(true)>
                "Verify…"
            </button>
            <p class="muted" data-role="lookups-off">
                "DNS lookups are turned off in Settings, so you confirm the record yourself."
            </p>
        }
        .into_any();
    }
    let retry = run.clone();
    view! {
        <button type="button" class="button primary" data-role="verify" disabled=move || read_only.get() || running() on:click=move |_| run()>
            {move || match lookup.with(Lookup::outcome) {
                "running" => "Checking DNS…",
                "idle" => "Verify",
                _ => "Check again",
            }}
        </button>
        <div class="dns-result" role="status" data-role="dns-result" data-outcome=move || lookup.with(Lookup::outcome)>
            <LookupMessage name lookup />
            <Show when=move || lookup.with(Lookup::failed)>
                <div class="actions">
                    <button type="button" class="button" data-role="retry" disabled=move || read_only.get() || running() on:click={
                        let retry = retry.clone();
                        move |_| retry()
                    }>
                        "Retry"
                    </button>
                    <button type="button" class="button" data-role="manual" disabled=move || read_only.get() on:click=move |_| manual.set(true)>
                        "I published it: mark as verified…"
                    </button>
                </div>
            </Show>
        </div>
    }
    .into_any()
}

/// What the lookup found, in plain words, and who answered.
#[component]
fn LookupMessage(name: DomainName, lookup: RwSignal<Lookup>) -> impl IntoView {
    move || match lookup.get() {
        Lookup::Idle | Lookup::Running => None,
        Lookup::Answered(check, resolver) => Some(
            view! {
                <p>{check.message(&name)}</p>
                <p class="muted">{format!("Asked: {resolver}.")}</p>
            }
            .into_any(),
        ),
        Lookup::Failed(rejection) => {
            let detail = match &rejection {
                Rejection::Backend(error) => error.detail().map(str::to_owned),
                _ => None,
            };
            Some(
                view! {
                    <p class="form-error">{format!("The lookup could not be made: {rejection}")}</p>
                    <TechnicalDetails detail=Signal::stored(detail) />
                }
                .into_any(),
            )
        }
    }
}

/// What the confirmation by hand asks the admin to have done.
#[component]
pub(super) fn ManualInstructions(
    record: TxtRecord,
    name: String,
    lookups_off: bool,
) -> impl IntoView {
    view! {
        <p>
            "Publish this TXT record at the DNS provider for "
            <strong>{name}</strong>
            {if lookups_off {
                ", then confirm here. DNS lookups are turned off in Settings, so nothing is checked: the domain is recorded as confirmed by you, not checked in DNS."
            } else {
                ". The DNS lookup could not be made, so nothing is checked: if you know the record is published, the domain is recorded as confirmed by you, not checked in DNS."
            }}
        </p>
        <p>
            "Host " <code>{record.host}</code> ", value " <code>{record.value}</code>
            {format!(", TTL {} seconds.", record.ttl_seconds)}
        </p>
    }
}
