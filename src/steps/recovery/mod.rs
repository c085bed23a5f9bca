//! Recovery from a wrong MDM authority (reached from step 2): versions →
//! direct change or support reset → scenario → checklist → request →
//! pending → confirmed or cancelled. One file per card.

mod checklist;
mod details;
mod direct;
mod pending;
mod request;
mod support;
mod versions;

use crate::route::step_href;
use crate::state::AppState;
use direct::DirectChange;
use domain::recovery::RecoveryPath;
use domain::{MdmAuthority, StepId};
use leptos::prelude::*;
use pending::Pending;
use support::SupportReset;
use versions::Versions;

#[component]
pub fn RecoveryPage() -> impl IntoView {
    let state = AppState::expect();
    let current = Memo::new(move |_| state.setup.with(|s| s.authority));
    let pending = Memo::new(move |_| state.setup.with(|s| s.recovery.pending.is_some()));
    let heading = crate::route::Route::Recovery.heading();
    view! {
        <article class="step recovery">
            <header class="step-header">
                <p class="step-kicker">{heading.kicker}</p>
                <h1 id="page-title" tabindex="-1">{heading.title}</h1>
                <p class="step-purpose">{heading.purpose}</p>
            </header>
            {move || match current.get() {
                None => {
                    view! {
                        <section class="card">
                            <p>"No authority is set yet, so there is nothing to recover from."</p>
                            <p><a href=step_href(StepId::Authority)>"Set it in step 2"</a></p>
                        </section>
                    }
                        .into_any()
                }
                Some(set) => {
                    view! {
                        <section class="card">
                            <p>
                                "Current MDM authority: "
                                <strong data-role="current-authority">{set.authority.label()}</strong>
                            </p>
                            <History />
                        </section>
                        <Show when=move || !pending.get() fallback=|| view! { <Pending /> }>
                            <Versions />
                            <Outcome />
                        </Show>
                    }
                        .into_any()
                }
            }}
        </article>
    }
}

#[component]
fn History() -> impl IntoView {
    let state = AppState::expect();
    let history = Memo::new(move |_| state.setup.with(|s| s.recovery.history.clone()));
    view! {
        <Show when=move || !history.with(Vec::is_empty)>
            <h2>"Changes so far"</h2>
            <ul id="authority-history">
                {move || {
                    history
                        .get()
                        .into_iter()
                        .map(|c| {
                            let how = match c.how {
                                domain::recovery::ChangeKind::SelfService => "changed directly",
                                domain::recovery::ChangeKind::SupportReset => "reset by support",
                            };
                            view! { <li>{format!("{}: {} → {} ({how})", c.at, c.from.label(), c.to.label())}</li> }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

#[component]
fn Outcome() -> impl IntoView {
    let state = AppState::expect();
    let path = Memo::new(move |_| state.setup.with(|s| s.recovery.path()));
    let authority = Memo::new(move |_| state.setup.with(|s| s.authority.map(|a| a.authority)));
    move || {
        let direct_target = match authority.get() {
            Some(MdmAuthority::Intune) => Some(MdmAuthority::ConfigurationManager),
            Some(MdmAuthority::ConfigurationManager) => Some(MdmAuthority::Intune),
            _ => None,
        };
        match (path.get(), direct_target) {
            (None, _) => view! { <p class="muted" id="outcome-pending">"Enter both versions to see your options."</p> }.into_any(),
            (Some(RecoveryPath::SelfService), Some(target)) => view! { <DirectChange target /> }.into_any(),
            (Some(_), _) => view! { <SupportReset /> }.into_any(),
        }
    }
}
