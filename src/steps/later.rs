//! Steps whose workspaces arrive in later releases. Their routes, statuses and
//! navigation are real; the page says what the step will hold.

use crate::widgets::StepPage;
use domain::StepId;
use leptos::prelude::*;

#[component]
pub fn LaterStepPage(step: StepId) -> impl IntoView {
    let plan: &[&str] = match step {
        StepId::Groups => &[
            "User groups and device groups with members, filter and search.",
            "The built-in Intune users group, always holding the licensed users.",
        ],
        StepId::Portal => &[
            "Company contact details and privacy statement, with every limit checked as you type.",
            "Support contacts, theme colour with a contrast check, and company logos.",
            "A live preview of the portal as your users will see it.",
        ],
        StepId::Licenses => &[
            "A user directory with cloud and synchronized users.",
            "Intune licenses per user and in bulk, within the seats you purchased.",
            "A checklist for synchronizing on-premises users.",
        ],
        StepId::Enrollment => &[
            "Apple push certificate upload with expiry warnings.",
            "Android, Android for Work and Windows set-up, with the DNS records to publish.",
            "Import of corporate-owned device identifiers.",
        ],
        StepId::Connections | StepId::Authority | StepId::NextSteps => &[],
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
