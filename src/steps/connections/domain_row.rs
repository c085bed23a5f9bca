//! One custom domain: its verification state, the TXT record that proves it,
//! and its actions (verify, make default, remove).

use super::verify::{ManualInstructions, VerifyAction};
use crate::backend::Lookups;
use crate::state::AppState;
use crate::widgets::{read_only, Badge, ConfirmDialog, CopyButton};
use domain::{Command, DomainName, TxtRecord, VerificationMethod};
use leptos::prelude::*;

#[component]
pub fn DomainRow(name: DomainName) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
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
    let domain_name = name.clone();
    let lookups_off = state.backend().lookups() == Lookups::Off;
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
    let name_body = name.clone();

    view! {
        <li class="domain" id=row_id data-domain=name.clone()>
            <DomainHead name=name.clone() verified is_default />
            {move || {
                domain
                    .get()
                    .and_then(|d| d.verification)
                    .map(|v| {
                        let (how, line) = match &v.resolver {
                            Some(resolver) => ("dns_lookup", format!("Found in DNS by {resolver} on {}.", v.at)),
                            None if v.method == VerificationMethod::DnsLookup => ("dns_lookup", format!("Found in DNS on {}.", v.at)),
                            None => ("admin_confirmed", format!("Confirmed by you on {}, not checked in DNS.", v.at)),
                        };
                        view! { <p class="muted" data-role="verified-how" data-method=how>{line}</p> }
                    })
            }}
            <RecordTable record=record.clone() name=name.clone() />
            <div class="actions">
                <Show when=move || !verified.get()>
                    <VerifyAction name=domain_name.clone() manual=verify_open />
                </Show>
                <Show when=move || verified.get() && !is_default.get()>
                    <button type="button" class="button" disabled=move || read_only.get() on:click=make_default.clone()>
                        "Make default"
                    </button>
                </Show>
                <button type="button" class="button danger-outline" disabled=move || read_only.get() on:click=move |_| remove_open.set(true)>
                    "Remove…"
                </button>
            </div>
            <p class="form-error" role="alert">{move || message.get()}</p>
            <ConfirmDialog
                id=verify_id
                open=verify_open
                title=format!("Mark {name} as verified")
                confirm_label="Mark as verified"
                on_confirm=on_verify
                error=dialog_error
            >
                <ManualInstructions record name=name_body lookups_off />
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

/// The name with its verification and default badges.
#[component]
fn DomainHead(name: String, verified: Memo<bool>, is_default: Memo<bool>) -> impl IntoView {
    view! {
        <div class="domain-head">
            <h3>{name}</h3>
            <Badge
                kind=Signal::derive(move || if verified.get() { "done" } else { "in-progress" })
                text=move || if verified.get() { "Verified" } else { "Not verified" }
                attr:data-role="verification"
            />
            <Show when=move || is_default.get()>
                <Badge kind="default" text="Default" />
            </Show>
        </div>
    }
}

/// The TXT record to publish, with a button copying its value.
#[component]
fn RecordTable(record: TxtRecord, name: String) -> impl IntoView {
    let record_value = Signal::stored(record.value.clone());
    view! {
        <div class="table-wrap">
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
                        <code data-role="txt-value">{record.value}</code>
                        " "
                        <CopyButton text=record_value label=format!("Copy the TXT value for {name}") />
                    </td>
                    <td>{format!("{} seconds (1 hour)", record.ttl_seconds)}</td>
                </tr>
            </tbody>
        </table>
        </div>
    }
}
