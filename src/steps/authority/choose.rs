use crate::state::AppState;
use crate::widgets::{read_only, Card, ConfirmDialog, RadioChoice, RadioGroup};
use domain::{Command, MdmAuthority};
use leptos::prelude::*;

#[component]
pub fn ChooseAuthority() -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let choice = RwSignal::new(None::<MdmAuthority>);
    let open = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    let dialog_error = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if choice.get_untracked().is_none() {
            form_error.set(Some("Choose one of the three authorities first.".into()));
            return;
        }
        form_error.set(None);
        dialog_error.set(None);
        open.set(true);
    };
    let on_confirm = Callback::new(move |confirmed: bool| {
        let Some(authority) = choice.get_untracked() else {
            return;
        };
        dialog_error.set(None);
        state.dispatch(
            Command::SetAuthority {
                authority,
                confirmed,
            },
            move |result| match result {
                Ok(_) => open.set(false),
                Err(message) => dialog_error.set(Some(message.to_string())),
            },
        );
    });
    let chosen = move || choice.get().unwrap_or(MdmAuthority::Intune);
    view! {
        <Card heading_id="choose-heading" title="Choose the MDM authority">
            <p>
                "The MDM authority is the one service allowed to manage this tenant's devices. It is set once; changing it later means the recovery flow and often a call to support."
            </p>
            <form id="authority-form" novalidate on:submit=on_submit>
                <RadioGroup
                    id="authority"
                    legend="MDM authority"
                    choices=MdmAuthority::ALL
                        .into_iter()
                        .map(|a| RadioChoice::new(a, a.key(), a.label()).described(a.description()))
                        .collect()
                    value=choice
                    on_change=Callback::new(move |authority| {
                        choice.set(Some(authority));
                        form_error.set(None);
                    })
                    described_by="authority-form-error"
                />
                <p class="form-error" id="authority-form-error" role="alert">{move || form_error.get()}</p>
                <button type="submit" class="button primary" disabled=move || read_only.get()>"Set MDM authority…"</button>
            </form>
            <ConfirmDialog
                id="authority-dialog"
                open
                title=Signal::derive(move || format!("Set the MDM authority to {}?", chosen().label()))
                confirm_label="Set authority"
                on_confirm
                error=dialog_error
                tick_label=Signal::derive(move || {
                    format!("I understand that {} will be locked as the MDM authority.", chosen().label())
                })
            >
                <p><strong>{move || chosen().consequence()}</strong></p>
                <p>
                    "After this, the choice is locked. If it turns out to be wrong, the recovery flow explains the way back: a direct change for recent versions, otherwise a reset by support that can take up to three business days."
                </p>
            </ConfirmDialog>
        </Card>
    }
}
