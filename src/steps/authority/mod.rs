//! Step 2 — Set MDM authority: the choice, or once made, the locked value.

mod choose;
mod locked;

use crate::state::AppState;
use crate::widgets::StepPage;
use choose::ChooseAuthority;
use domain::StepId;
use leptos::prelude::*;
use locked::LockedAuthority;

#[component]
pub fn AuthorityPage() -> impl IntoView {
    let state = AppState::expect();
    let current = Memo::new(move |_| state.setup.with(|s| s.authority));
    view! {
        <StepPage step=StepId::Authority>
            {move || match current.get() {
                Some(set) => view! { <LockedAuthority set /> }.into_any(),
                None => view! { <ChooseAuthority /> }.into_any(),
            }}
        </StepPage>
    }
}
