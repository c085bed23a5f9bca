//! Step 5 — Assign user licenses: one file per card (purchased licenses,
//! the user directory and its rows, adding a user, synchronization).

mod add_user;
mod directory;
mod seats;
mod sync;
mod user_row;

use crate::widgets::StepPage;
use add_user::AddUserForm;
use directory::UserDirectory;
use domain::StepId;
use leptos::prelude::*;
use seats::Seats;
use sync::SyncChecklist;

#[component]
pub fn LicensesPage() -> impl IntoView {
    view! {
        <StepPage step=StepId::Licenses>
            <Seats />
            <UserDirectory />
            <AddUserForm />
            <SyncChecklist />
        </StepPage>
    }
}
