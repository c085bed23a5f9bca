//! The purchased Intune licenses: seats in use, and the purchased count
//! (a draft: a count saved elsewhere replaces it only while untouched).

use crate::state::{refusal, AppState, Draft};
use crate::widgets::{read_only, TextField};
use domain::directory::parse_license_count;
use domain::Command;
use leptos::prelude::*;

/// "used / purchased" with a bar, and the purchased count.
#[component]
pub(super) fn Seats() -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let used = Memo::new(move |_| state.setup.with(|s| s.directory.licensed_count()));
    let purchased = Memo::new(move |_| state.setup.with(|s| s.directory.purchased_licenses));
    // A new saved count (here or in another tab) replaces the field only if
    // it wasn't being edited.
    let draft = Draft::<RwSignal<String>>::new(|s| s.directory.purchased_licenses.to_string());
    let typed = draft.form;
    let message = RwSignal::new(None::<String>);
    let error = Signal::derive(move || {
        parse_license_count(&typed.get())
            .err()
            .map(|e| e.to_string())
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        // A count the field refuses is not sent: the field shows why.
        if let Ok(count) = parse_license_count(&typed.get_untracked()) {
            let sent = typed.get_untracked();
            state.dispatch(Command::SetPurchasedLicenses { count }, move |r| {
                if r.is_ok() {
                    draft.saved_here(&sent);
                }
                message.set(refusal(r))
            })
        }
    };
    view! {
        <section class="card" aria-labelledby="seats-heading">
            <h2 id="seats-heading">"Intune licenses"</h2>
            <p class="seats" id="seat-usage">
                <strong>{move || format!("{} / {}", used.get(), purchased.get())}</strong>
                " licenses in use"
            </p>
            <progress
                class="seat-bar"
                max=move || purchased.get().max(1)
                value=move || used.get()
                aria-label="Licenses in use"
            ></progress>
            <form class="inline-form" id="purchased-form" novalidate on:submit=save>
                <TextField
                    id="purchased-licenses"
                    label="Purchased licenses"
                    value=typed
                    error
                    help="How many Intune licenses your organisation bought (0 to 1,000,000). Assigning more than this fails."
                    input_type="text"
                />
                <button type="submit" class="button" disabled=move || read_only.get()>"Update"</button>
                <p class="form-error" role="alert">{move || message.get()}</p>
            </form>
        </section>
    }
}
