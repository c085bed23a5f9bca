//! Step 1 — Enable connections.

use crate::state::{refusal, AppState};
use crate::widgets::{Checklist, ChecklistItem, ConfirmDialog, CopyButton, StepPage, TextField};
use domain::connections::NETWORK_REQUIREMENTS;
use domain::{Command, DomainName, StepId, TxtRecord, VerificationMethod};
use leptos::prelude::*;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! {
        <StepPage step=StepId::Connections>
            <NetworkRequirements />
            <CustomDomains />
        </StepPage>
    }
}

#[component]
fn NetworkRequirements() -> impl IntoView {
    let state = AppState::expect();
    let message = RwSignal::new(None::<String>);
    let items = Signal::derive(move || {
        let reviewed_at = state.setup.with(|s| s.connections.network_reviewed_at);
        vec![ChecklistItem {
            id: "reviewed".into(),
            label: "I have reviewed these requirements with our network team".into(),
            detail: reviewed_at.map(|t| format!("Acknowledged {t}.")),
            checked: reviewed_at.is_some(),
            locked: false,
        }]
    });
    let on_toggle = Callback::new(move |(_, reviewed): (String, bool)| {
        state.dispatch(Command::SetNetworkReviewed { reviewed }, move |r| {
            message.set(refusal(r))
        });
    });
    view! {
        <section class="card" aria-labelledby="network-heading">
            <h2 id="network-heading">"Network requirements"</h2>
            <p>
                "Devices and the people who manage them must reach these destinations. Allow them through your firewalls and proxies before anyone enrolls."
            </p>
            <div class="table-wrap">
                <table class="table" id="network-table">
                    <thead>
                        <tr>
                            <th scope="col">"From"</th>
                            <th scope="col">"Destination"</th>
                            <th scope="col">"Protocol"</th>
                            <th scope="col">"Ports"</th>
                            <th scope="col">"Why"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {NETWORK_REQUIREMENTS
                            .iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <td>{r.from}</td>
                                        <td>{r.destination}</td>
                                        <td>{r.protocol}</td>
                                        <td>{r.ports}</td>
                                        <td>{r.purpose}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <Checklist id="network-review" legend="Network review" items on_toggle />
            <p class="form-error" role="alert">{move || message.get()}</p>
        </section>
    }
}

#[component]
fn CustomDomains() -> impl IntoView {
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
        <section class="card" aria-labelledby="domains-heading">
            <h2 id="domains-heading">"Custom domains"</h2>
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
        </section>
    }
}

#[component]
fn AddDomainForm() -> impl IntoView {
    let state = AppState::expect();
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
                    if name.try_get_untracked() == Some(typed) {
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
            <button type="submit" class="button primary">"Add domain"</button>
            <p class="form-error" role="alert">{move || failure.get()}</p>
        </form>
    }
}

#[component]
fn DomainRow(name: DomainName) -> impl IntoView {
    let state = AppState::expect();
    let record = TxtRecord::for_domain(&name);
    let key = name.clone();
    let domain = Memo::new(move |_| state.setup.with(|s| s.connections.find(&key).cloned()));
    let key = name.clone();
    let is_default = Memo::new(move |_| {
        state
            .setup
            .with(|s| s.connections.default_domain.as_ref() == Some(&key))
    });
    let verified = Memo::new(move |_| domain.with(|d| d.as_ref().is_some_and(|d| d.is_verified())));
    let record_value = Signal::stored(record.value.clone());
    let name = name.to_string();
    let message = RwSignal::new(None::<String>);
    let verify_open = RwSignal::new(false);
    let remove_open = RwSignal::new(false);
    let dialog_error = RwSignal::new(None::<String>);

    let send = move |command: Command, dialog: Option<RwSignal<bool>>| {
        message.set(None);
        dialog_error.set(None);
        state.dispatch(command, move |result| match result {
            Ok(_) => {
                if let Some(open) = dialog {
                    open.set(false);
                }
            }
            Err(m) => {
                if dialog.is_some() {
                    dialog_error.set(Some(m.to_string()));
                } else {
                    message.set(Some(m.to_string()));
                }
            }
        });
    };
    let n = name.clone();
    let on_verify = Callback::new(move |_| {
        send(
            Command::VerifyDomain {
                name: n.clone(),
                method: VerificationMethod::AdminConfirmed,
            },
            Some(verify_open),
        )
    });
    let n = name.clone();
    let on_remove =
        Callback::new(move |_| send(Command::RemoveDomain { name: n.clone() }, Some(remove_open)));
    let n = name.clone();
    let make_default = move |_| send(Command::SetDefaultDomain { name: n.clone() }, None);
    let row_id = format!("domain-{}", name.replace('.', "-"));
    let (verify_id, remove_id) = (format!("{row_id}-verify"), format!("{row_id}-remove"));
    let (name_head, name_attr, name_body) = (name.clone(), name.clone(), name.clone());

    view! {
        <li class="domain" id=row_id data-domain=name_attr>
            <div class="domain-head">
                <h3>{name_head}</h3>
                <span
                    class=move || if verified.get() { "badge badge-done" } else { "badge badge-in-progress" }
                    data-role="verification"
                >
                    {move || if verified.get() { "Verified" } else { "Not verified" }}
                </span>
                <Show when=move || is_default.get()>
                    <span class="badge badge-default">"Default"</span>
                </Show>
            </div>
            {move || {
                domain
                    .get()
                    .and_then(|d| d.verification)
                    .map(|v| {
                        view! { <p class="muted">{format!("Verified {} ({}).", v.at, v.method.describe())}</p> }
                    })
            }}
            <table class="table record">
                <caption>"TXT record to publish"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Host"</th>
                        <th scope="col">"Value"</th>
                        <th scope="col">"TTL"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td>"TXT"</td>
                        <td><code>{record.host}</code></td>
                        <td>
                            <code data-role="txt-value">{record.value.clone()}</code>
                            " "
                            <CopyButton text=record_value label=format!("Copy the TXT value for {name}") />
                        </td>
                        <td>{format!("{} seconds (1 hour)", record.ttl_seconds)}</td>
                    </tr>
                </tbody>
            </table>
            <div class="actions">
                <Show when=move || !verified.get()>
                    <button type="button" class="button primary" on:click=move |_| verify_open.set(true)>
                        "Verify…"
                    </button>
                </Show>
                <Show when=move || verified.get() && !is_default.get()>
                    <button type="button" class="button" on:click=make_default.clone()>
                        "Make default"
                    </button>
                </Show>
                <button type="button" class="button danger-outline" on:click=move |_| remove_open.set(true)>
                    "Remove…"
                </button>
            </div>
            <p class="form-error" role="alert">{move || message.get()}</p>
            <ConfirmDialog
                id=verify_id
                open=verify_open
                title=format!("Verify {name}")
                confirm_label="Mark as verified"
                on_confirm=on_verify
                error=dialog_error
            >
                <p>
                    "Publish this TXT record at the DNS provider for "
                    <strong>{name_body}</strong>
                    ", then confirm here. This browser cannot look up DNS itself, so the domain is recorded as verified on your word; a server backend can check DNS for you."
                </p>
                <p>
                    "Host " <code>{record.host}</code> ", value " <code>{record.value.clone()}</code>
                    {format!(", TTL {} seconds.", record.ttl_seconds)}
                </p>
            </ConfirmDialog>
            <ConfirmDialog
                id=remove_id
                open=remove_open
                title=format!("Remove {name}?")
                confirm_label="Remove domain"
                on_confirm=on_remove
                error=dialog_error
                danger=true
            >
                <p>
                    "The domain and its verification are removed from this setup. If you add it again, it must be verified again."
                </p>
            </ConfirmDialog>
        </li>
    }
}
