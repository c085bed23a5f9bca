//! Recovery, card 2 when the versions allow it: change the authority directly.

use crate::state::AppState;
use crate::widgets::{Card, ConfirmDialog};
use domain::{Command, MdmAuthority};
use leptos::prelude::*;

#[component]
pub(super) fn DirectChange(target: MdmAuthority) -> impl IntoView {
    let state = AppState::expect();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm = Callback::new(move |confirmed: bool| {
        error.set(None);
        state.dispatch(
            Command::ChangeAuthorityDirectly {
                to: target,
                confirmed,
            },
            move |r| match r {
                Ok(_) => open.set(false),
                Err(m) => error.set(Some(m.to_string())),
            },
        );
    });
    view! {
        <Card heading_id="direct-heading" id="direct-change" title="2. You can change it yourself">
            <p>
                "With these versions you can switch between Intune and Configuration Manager (hybrid) without contacting support. Enrolled devices stay enrolled."
            </p>
            <button type="button" class="button primary" id="change-directly" on:click=move |_| open.set(true)>
                {format!("Change to {}…", target.label())}
            </button>
            <ConfirmDialog
                id="direct-dialog"
                open
                title=format!("Change the MDM authority to {}?", target.label())
                confirm_label="Change authority"
                on_confirm=confirm
                error
                tick_label=Signal::stored(format!("I want {} to manage this tenant's devices from now on.", target.label()))
            >
                <p>{target.consequence()}</p>
            </ConfirmDialog>
        </Card>
    }
}
