//! "Check records": the two Windows CNAME records of one verified domain
//! looked up in DNS, each with what was found; both correct marks the
//! domain's records as published, found by that lookup.

use crate::backend::Lookups;
use crate::state::{AppState, Rejection};
use crate::widgets::{read_only, Badge, TechnicalDetails};
use domain::dns_check::{CnameCheck, CnameFound};
use domain::enrollment::CnamesPublished;
use domain::DomainName;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
enum Check {
    Idle,
    Running,
    /// What was found, and who answered.
    Answered(CnameCheck, String),
    Failed(Rejection),
}

/// One verified domain: how its records came to be published, and the
/// lookup.
#[component]
pub(super) fn CnameDomain(domain: DomainName) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let lookups = state.backend().lookups();
    let check = RwSignal::new(Check::Idle);
    let key = domain.clone();
    let published = Memo::new(move |_| {
        state.setup.with(|s| match s.enrollment.cnames_state(&key) {
            CnamesPublished::No => ("no", "Not published yet.".to_owned()),
            CnamesPublished::Acknowledged => (
                "acknowledged",
                "Published: acknowledged by you, not checked in DNS.".to_owned(),
            ),
            CnamesPublished::Found(lookup) => (
                "dns_lookup",
                format!(
                    "Published: found in DNS by {} on {}.",
                    lookup.resolver, lookup.at
                ),
            ),
        })
    });
    let target = domain.clone();
    let run = move || {
        check.set(Check::Running);
        let domain = target.clone();
        state.look_up(
            move |backend, revision| backend.check_cnames(domain, revision),
            move |outcome| {
                check.set(match outcome {
                    Ok(looked) => Check::Answered(looked.check, looked.resolver),
                    Err(rejection) => Check::Failed(rejection),
                })
            },
        );
    };
    let running = move || check.with(|c| *c == Check::Running);
    let name = domain.to_string();
    view! {
        <div class="cname-domain" data-domain=name.clone()>
            <div class="domain-head">
                <h4>{name.clone()}</h4>
                <Badge
                    kind=Signal::derive(move || if published.with(|p| p.0 == "no") { "in-progress" } else { "done" })
                    text=move || if published.with(|p| p.0 == "no") { "Not published" } else { "Published" }
                />
            </div>
            <p class="muted" data-role="cnames-state" data-method=move || published.with(|p| p.0)>
                {move || published.with(|p| p.1.clone())}
            </p>
            {(lookups != Lookups::Off).then(|| view! {
                <button type="button" class="button" data-role="check-records" disabled=move || read_only.get() || running() on:click=move |_| run()>
                    {move || if running() { "Checking DNS…" } else { "Check records" }}
                </button>
            })}
            <div role="status" data-role="cname-result">
                <CheckResult check />
            </div>
        </div>
    }
}

/// Each record's result, or why the lookup could not be made.
#[component]
fn CheckResult(check: RwSignal<Check>) -> impl IntoView {
    move || match check.get() {
        Check::Idle | Check::Running => None,
        Check::Answered(check, resolver) => {
            let summary = if check.all_correct() {
                "Both records are correct.".to_owned()
            } else if check.resolver_failed() {
                "The lookup failed for a record: this is the resolver, not your records. Try again, or tick the box below if you know both are published.".to_owned()
            } else {
                "Not published as required yet: see each record below.".to_owned()
            };
            Some(
                view! {
                    <p>{summary}</p>
                    <ul class="cname-results">
                        {check
                            .records
                            .into_iter()
                            .map(|r| {
                                let outcome = match r.found {
                                    CnameFound::Correct => "correct",
                                    CnameFound::Missing => "missing",
                                    CnameFound::Elsewhere { .. } => "elsewhere",
                                    CnameFound::ResolverFailed { .. } => "resolver_failed",
                                };
                                view! {
                                    <li data-host=r.host.clone() data-outcome=outcome>
                                        <strong>{r.found.label()}</strong>
                                        ": "
                                        {r.found.message(&r.host, &r.expected)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p class="muted">{format!("Asked: {resolver}.")}</p>
                }
                .into_any(),
            )
        }
        Check::Failed(rejection) => {
            let detail = match &rejection {
                Rejection::Backend(error) => error.detail().map(str::to_owned),
                _ => None,
            };
            Some(
                view! {
                    <p class="form-error" data-outcome="failed">{format!("The lookup could not be made: {rejection}")}</p>
                    <TechnicalDetails detail=Signal::stored(detail) />
                }
                .into_any(),
            )
        }
    }
}
