//! A step whose workspace arrives in a later release (step 6 for now). Their routes, statuses and
//! navigation are real; the page says what the step will hold.

use crate::widgets::StepPage;
use domain::StepId;
use leptos::prelude::*;

#[component]
pub fn LaterStepPage(step: StepId) -> impl IntoView {
    let plan: &[&str] = match step {
        StepId::Enrollment => &[
            "Apple push certificate upload with expiry warnings.",
            "Android, Android for Work and Windows set-up, with the DNS records to publish.",
            "Import of corporate-owned device identifiers.",
        ],
        _ => &[],
    };
    view! {
        <StepPage step>
            <section class="card later">
                <h2>"Coming in a later release"</h2>
                <p>"This step's workspace is not built yet. It will cover:"</p>
                <ul>{plan.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}</ul>
            </section>
        </StepPage>
    }
}
