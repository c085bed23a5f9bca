use crate::state::AppState;
use crate::widgets::{read_only, Card, CountrySelect, TextField};
use domain::directory::{MAX_DISPLAY_NAME_CHARS, MAX_UPN_CHARS};
use domain::{Command, Directory};
use leptos::prelude::*;

#[component]
pub fn AddUserForm() -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let name = RwSignal::new(String::new());
    let upn = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let name_error = Signal::derive(move || {
        let typed = name.get();
        if typed.is_empty() && !submitted.get() {
            return None;
        }
        Directory::check_display_name(&typed)
            .err()
            .map(|e| e.to_string())
    });
    let upn_error = Signal::derive(move || {
        let typed = upn.get();
        if typed.is_empty() && !submitted.get() {
            return None;
        }
        state.setup.with(|s| {
            s.directory
                .check_upn(None, &typed, &s.connections, &s.tenant_domain)
                .err()
                .map(|e| e.to_string())
        })
    });
    let check = move || name_error.get().or_else(|| upn_error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        failure.set(None);
        if check().is_some() {
            return;
        }
        let sent = (
            name.get_untracked(),
            upn.get_untracked(),
            location.get_untracked(),
        );
        let command = Command::AddUser {
            display_name: sent.0.clone(),
            upn: sent.1.clone(),
            usage_location: sent.2.clone(),
        };
        state.dispatch(command, move |r| match r {
            // Empties the form unless the next user was typed since.
            Ok(_) => {
                let now = (
                    name.try_get_untracked(),
                    upn.try_get_untracked(),
                    location.try_get_untracked(),
                );
                if now
                    == (
                        Some(sent.0.clone()),
                        Some(sent.1.clone()),
                        Some(sent.2.clone()),
                    )
                {
                    name.set(String::new());
                    upn.set(String::new());
                    location.set(String::new());
                    submitted.set(false);
                }
            }
            Err(m) => failure.set(Some(m.to_string())),
        });
    };
    view! {
        <Card heading_id="add-user-heading" title="Add a cloud user">
            <form id="add-user" novalidate on:submit=submit>
                <div class="form-grid">
                    <TextField id="new-user-name" label="Display name" value=name error=name_error max=MAX_DISPLAY_NAME_CHARS />
                    <TextField
                        id="new-user-upn"
                        label="User name"
                        value=upn
                        error=upn_error
                        max=MAX_UPN_CHARS
                        help="The sign-in name, such as ada@contoso.com."
                    />
                    <CountrySelect id="new-user-location" value=location />
                </div>
                <button type="submit" class="button primary" disabled=move || read_only.get()>"Add user"</button>
                <p class="form-error" role="alert">{move || failure.get()}</p>
            </form>
        </Card>
    }
}
