use crate::state::AppState;
use crate::widgets::{Card, StepSummary};
use leptos::prelude::*;

/// Every other step with what it still misses, as the workspace records
/// it (beside what the tenant holds, when signed in to it).
#[component]
pub fn WhereSetupStands() -> impl IntoView {
    let tenant = crate::signin::has_token();
    let workspace = AppState::expect().backend().label();
    view! {
        <Card heading_id="summary-heading" title="Where your setup stands" attr:data-source="workspace">
            {tenant.then(|| view! {
                <p class="muted" id="summary-source">
                    {format!("From your workspace, kept in {workspace}: what you recorded in this app. What Microsoft 365 itself holds is above, under “From your tenant”.")}
                </p>
            })}
            <StepSummary missing=true />
        </Card>
    }
}
