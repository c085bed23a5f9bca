//! The start page: every step with its status, and where to continue.

use crate::route::step_href;
use crate::state::AppState;
use crate::widgets::{Card, StepSummary};
use domain::StepId;
use leptos::prelude::*;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = AppState::expect();
    let next = Memo::new(move |_| {
        state.setup.with(|s| {
            StepId::ALL
                .into_iter()
                .find(|step| !s.step_status(*step).is_done())
        })
    });
    view! {
        <article class="step">
            <header class="step-header">
                <h1 id="page-title" tabindex="-1">"Prepare your tenant for device management"</h1>
                <p class="step-purpose">
                    "Seven steps get an organisation ready to enroll phones, tablets and PCs. Your work is saved as you go, so you can stop and come back at any time."
                </p>
            </header>
            <p>
                {move || match next.get() {
                    Some(step) => {
                        view! {
                            <a class="button primary" href=step_href(step)>
                                {format!("Continue with step {} — {}", step.number(), step.title())}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <strong>"Every step is done."</strong> }.into_any(),
                }}
            </p>
            <Card heading_id="steps-heading" title="Steps">
                <StepSummary />
            </Card>
        </article>
    }
}
