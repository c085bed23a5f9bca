use super::StatusBadge;
use crate::route::step_href;
use crate::state::AppState;
use domain::{StepId, StepStatus};
use leptos::prelude::*;

/// The frame of every step page: number, title, status, purpose, and what it
/// needs first (as links, never a silent dead end).
#[component]
pub fn StepPage(step: StepId, children: Children) -> impl IntoView {
    let state = AppState::expect();
    let status = Memo::new(move |_| state.setup.with(|s| s.step_status(step)));
    let needs = step.needs();
    view! {
        <article class="step" data-step=step.slug()>
            <header class="step-header">
                <p class="step-kicker">{format!("Step {} of {}", step.number(), StepId::ALL.len())}</p>
                <div class="step-title">
                    <h1 id="page-title" tabindex="-1">{step.title()}</h1>
                    <StatusBadge status=status />
                </div>
                <p class="step-purpose">{step.purpose()}</p>
                {(!needs.is_empty())
                    .then(|| {
                        view! {
                            <p class="step-needs">
                                "Needs first: "
                                {needs.iter().map(|n| view! { <StepLink step=*n /> }).collect_view()}
                            </p>
                        }
                    })}
                {move || match status.get() {
                    StepStatus::Blocked { reason, needs } => {
                        Some(
                            view! {
                                <div class="banner banner-blocked" role="status">
                                    <strong>"Blocked. "</strong>
                                    {reason}
                                    {needs
                                        .map(|n| {
                                            view! {
                                                " "
                                                <a href=step_href(n)>{format!("Go to step {}", n.number())}</a>
                                            }
                                        })}
                                </div>
                            },
                        )
                    }
                    _ => None,
                }}
            </header>
            // What the tenant holds, once this tab is signed in to one.
            {crate::signin::has_token().then(|| {
                crate::widgets::from_graph_part(
                    crate::app::GraphView::TenantPanel,
                    "Reading from your tenant…",
                )
            })}
            {children()}
        </article>
    }
}

/// "Step 2 — Set MDM authority (Done)" as a link.
#[component]
pub fn StepLink(step: StepId) -> impl IntoView {
    let state = AppState::expect();
    let status = Memo::new(move |_| state.setup.with(|s| s.step_status(step)));
    view! {
        <a class="step-link" href=step_href(step)>
            {format!("Step {} — {}", step.number(), step.title())}
        </a>
        " "
        <StatusBadge status=status />
    }
}

/// Every step with its status and a link. The overview shows each step's
/// purpose; step 7 (`missing`) shows what each other step still misses.
#[component]
pub fn StepSummary(#[prop(optional)] missing: bool) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <ol class="summary" id=missing.then_some("step-summary")>
            {StepId::ALL
                .into_iter()
                .filter(move |step| !(missing && *step == StepId::NextSteps))
                .map(|step| {
                    let status = Memo::new(move |_| state.setup.with(|s| s.step_status(step)));
                    let detail = if missing {
                        let todo = Memo::new(move |_| state.setup.with(|s| s.missing(step)));
                        let evidence = Memo::new(move |_| state.setup.with(|s| s.dns_evidence(step)));
                        let evidence = move || {
                            let lines = evidence.get();
                            (!lines.is_empty()).then(|| view! {
                                <ul class="evidence" data-role="dns-evidence">
                                    {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                                </ul>
                            })
                        };
                        let todo = move || {
                            let todo = todo.get();
                            if todo.is_empty() {
                                view! { <p class="ok">"Nothing missing."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="missing">
                                        {todo.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        };
                        view! { {evidence} {todo} }.into_any()
                    } else {
                        view! { <p>{step.purpose()}</p> }.into_any()
                    };
                    view! {
                        <li class="summary-item" data-step=step.slug()
                            data-source=missing.then_some("workspace")>
                            <div class="summary-head">
                                <a href=step_href(step)>
                                    {format!("Step {} — {}", step.number(), step.title())}
                                </a>
                                <StatusBadge status=status />
                            </div>
                            {detail}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
