use crate::widgets::{Card, StepSummary};
use leptos::prelude::*;

/// Every other step with what it still misses.
#[component]
pub fn WhereSetupStands() -> impl IntoView {
    view! {
        <Card heading_id="summary-heading" title="Where your setup stands">
            <StepSummary missing=true />
        </Card>
    }
}
