//! Step 1 — Enable connections: the network requirements, then the custom
//! domains (one card each).

mod domain_row;
mod domains;
mod network;
mod verify;

use crate::widgets::StepPage;
use domain::StepId;
use domains::CustomDomains;
use leptos::prelude::*;
use network::NetworkRequirements;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! {
        <StepPage step=StepId::Connections>
            <NetworkRequirements />
            <CustomDomains />
        </StepPage>
    }
}
