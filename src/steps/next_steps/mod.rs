//! Step 7 — Next steps: where the setup stands, the work that follows, and
//! the setup as a file (export, import, print, Markdown). One file per card.

mod after;
mod setup_file;
mod standing;

use crate::widgets::StepPage;
use after::AfterEnrollment;
use domain::StepId;
use leptos::prelude::*;
use setup_file::SetupFile;
use standing::WhereSetupStands;

#[component]
pub fn NextStepsPage() -> impl IntoView {
    view! {
        <StepPage step=StepId::NextSteps>
            <WhereSetupStands />
            <AfterEnrollment />
            <SetupFile />
        </StepPage>
    }
}
