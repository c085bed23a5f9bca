//! Recovery from a wrong MDM authority (reached from step 2).

use crate::route::step_href;
use crate::state::AppState;
use domain::StepId;
use leptos::prelude::*;

#[component]
pub fn RecoveryPage() -> impl IntoView {
    let state = AppState::expect();
    let current = Memo::new(move |_| state.setup.with(|s| s.authority));
    view! {
        <article class="step">
            <header class="step-header">
                <p class="step-kicker">"Recovery"</p>
                <h1 id="page-title" tabindex="-1">"I chose the wrong MDM authority"</h1>
                <p class="step-purpose">
                    "Find out whether you can change the authority yourself or need support to reset it, and prepare everything support will ask for."
                </p>
            </header>
            <section class="card">
                {move || match current.get() {
                    Some(set) => format!("The authority is currently {}.", set.authority.label()),
                    None => "No authority is set yet, so there is nothing to recover from.".to_string(),
                }}
            </section>
            <section class="card later">
                <h2>"Coming in a later release"</h2>
                <p>
                    "The guided flow — version check, direct change, support-reset checklists and the support request — is not built yet."
                </p>
                <p><a href=step_href(StepId::Authority)>"Back to step 2 — Set MDM authority"</a></p>
            </section>
        </article>
    }
}
