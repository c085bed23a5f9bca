//! Step 7 — Next steps: where the setup stands.

use crate::widgets::{StepPage, StepSummary};
use domain::StepId;
use leptos::prelude::*;

#[component]
pub fn NextStepsPage() -> impl IntoView {
    view! {
        <StepPage step=StepId::NextSteps>
            <section class="card">
                <h2>"Where your setup stands"</h2>
                <StepSummary />
            </section>
            <section class="card">
                <h2>"After enrollment"</h2>
                <ul>
                    <li>"Deploy policies that manage device settings and features."</li>
                    <li>"Give devices access to company email, Wi-Fi and VPN."</li>
                    <li>"Add apps and deploy them to managed devices."</li>
                    <li>"Create compliance policies, and restrict access for devices that fail them."</li>
                </ul>
            </section>
        </StepPage>
    }
}
