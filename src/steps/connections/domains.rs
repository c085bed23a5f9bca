use super::domain_row::DomainRow;
use crate::state::AppState;
use crate::widgets::{read_only, Card, TextField};
use domain::Command;
use leptos::prelude::*;

#[component]
pub fn CustomDomains() -> impl IntoView {
    let state = AppState::expect();
    let names = Memo::new(move |_| {
        state.setup.with(|s| {
            s.connections
                .domains
                .iter()
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Card heading_id="domains-heading" title="Custom domains">
            <p>
                "Add the domain names your users sign in with. To prove each one is yours, publish the TXT record shown for it at your DNS provider, then verify it. A verified domain can become the default for new user names."
            </p>
            <AddDomainForm />
            <Show
                when=move || !names.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"No custom domains yet."</p> }
            >
                <ul class="domain-list" id="domain-list">
                    <For each=move || names.get() key=|name| name.clone() let:name>
                        <DomainRow name />
                    </For>
                </ul>
            </Show>
        </Card>
    }
}

#[component]
fn AddDomainForm() -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let name = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // Errors show while typing (and after a submit of an empty field).
    let error = Signal::derive(move || {
        let typed = name.get();
        if typed.trim().is_empty() && !submitted.get() {
            return None;
        }
        state
            .setup
            .with(|s| s.check_new_domain(&typed).err().map(|e| e.to_string()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        failure.set(None);
        if error.get_untracked().is_some() {
            return;
        }
        let typed = name.get_untracked();
        state.dispatch(
            Command::AddDomain {
                name: typed.clone(),
            },
            move |result| match result {
                // Empties the field unless another name was typed since.
                Ok(_) => {
                    failure.set(None);
                    if name.try_get_untracked().as_ref() == Some(&typed) {
                        name.set(String::new());
                        submitted.set(false);
                    }
                }
                Err(message) => failure.set(Some(message.to_string())),
            },
        );
    };
    view! {
        <form class="inline-form" id="add-domain" novalidate on:submit=on_submit>
            <TextField
                id="domain-name"
                label="Domain name"
                value=name
                error
                max=domain::connections::MAX_DOMAIN_NAME_CHARS
                placeholder="contoso.com"
                help="For example contoso.com. Letters, digits and hyphens, with labels separated by dots."
            />
            <button type="submit" class="button primary" disabled=move || read_only.get()>"Add domain"</button>
            <p class="form-error" role="alert">{move || failure.get()}</p>
        </form>
    }
}
