//! "From your tenant" (issue 16, Preview): on a step page, what the signed-in
//! Microsoft 365 tenant holds for that step, read through Microsoft Graph
//! when the page opens and again on request; on step 7, for every step.
//! Shown only while this tab holds a sign-in; the rest of the page is the
//! workspace.

use crate::signin;
use crate::state::AppState;
use crate::tenant::{TenantError, TenantRead};
use crate::widgets::tenant_actions::{ActionButton, ActionResult, Actions};
use crate::widgets::Latest;
use domain::StepId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

#[component]
pub fn TenantPanel(step: StepId) -> impl IntoView {
    let held = signin::held_token()?;
    let tenant = held.settings.tenant.clone();
    let state = AppState::expect();
    let workspace = state.backend().label();
    let writes = signin::writes_on();
    let result = RwSignal::new(None::<TenantRead>);
    let progress = RwSignal::new(None::<String>);
    let read_at = RwSignal::new(None::<String>);
    let latest = Latest::new();
    let read = move || {
        let ticket = latest.ticket();
        result.set(None);
        progress.set(Some("Reading from your tenant…".into()));
        let heard: crate::tenant::Progress = Rc::new(move |p| {
            if latest.is_current(ticket) {
                progress.set(p);
            }
        });
        spawn_local(async move {
            let outcome = crate::parts::read_tenant(step, heard).await;
            if latest.is_current(ticket) {
                progress.set(None);
                read_at.set(Some(crate::clock::now().to_string()));
                result.set(Some(outcome));
            }
        });
    };
    read();

    let sign_in_again = move |more: Vec<String>| {
        let Some(held) = signin::held_token() else {
            return;
        };
        let mut extra = held.scopes.clone();
        extra.extend(more);
        let back = window()
            .location()
            .hash()
            .ok()
            .map(|h| h.trim_start_matches('#').to_owned());
        spawn_local(async move {
            match crate::parts::start_sign_in(held.settings, extra, back).await {
                Ok(url) => {
                    let _ = window().location().assign(&url);
                }
                Err(e) => result.set(Some(Err(TenantError::SignIn(e)))),
            }
        });
    };

    let actions = Actions::new(
        state,
        progress,
        Callback::new(move |()| read()),
        Callback::new(sign_in_again),
    );

    let facts = move || {
        result.get().and_then(Result::ok).map(|facts| {
            view! {
                <ul class="tenant-facts" data-source="tenant">
                    {facts
                        .into_iter()
                        .map(|f| {
                            view! {
                                <li data-tone=f.tone.as_str() data-source="tenant">
                                    <strong data-role="subject">{f.subject}</strong>
                                    ": "
                                    <span data-role="state">{f.state}</span>
                                    {f.action.filter(|_| writes).map(|action| view! { " " <ActionButton actions action /> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    let problem = move || {
        result.get().and_then(Result::err).map(|error| {
            let again = match &error {
                TenantError::Expired | TenantError::NotSignedIn => {
                    Some((Vec::new(), "Sign in again"))
                }
                e => e
                    .ask_for()
                    .map(|p| (p.to_vec(), "Sign in again, asking for it")),
            };
            view! {
                <p class="form-error" id="tenant-error">{error.to_string()}</p>
                <div class="actions">
                    {again.map(|(permission, label)| {
                        view! {
                            <button type="button" class="button primary" id="tenant-sign-in"
                                on:click=move |_| sign_in_again(permission.clone())>
                                {label}
                            </button>
                        }
                    })}
                </div>
            }
        })
    };

    Some(view! {
        <section class="card tenant-panel" id="tenant-panel" aria-labelledby="tenant-heading"
            data-state=move || match result.get() {
                None => "reading",
                Some(Ok(_)) => "read",
                Some(Err(_)) => "failed",
            }>
            <div class="card-head">
                <h2 id="tenant-heading">"From your tenant"</h2>
                <span class="badge badge-default">"Preview"</span>
            </div>
            <p class="muted" id="tenant-source">
                {format!("Read through Microsoft Graph from {tenant}")}
                {move || read_at.get().map(|t| format!(" on {t}"))}
                ". The rest of this page is your workspace. "
                {if writes {
                    format!("Your changes are saved in: {workspace}; those Microsoft Graph holds go to the tenant first.")
                } else {
                    format!("Your changes are saved in: {workspace}, not in the tenant (Settings can save them there too).")
                }}
            </p>
            <p role="status" id="tenant-progress">{move || progress.get()}</p>
            <div role="alert">{problem}</div>
            <ActionResult actions />
            {facts}
            <div class="actions">
                <button type="button" class="button" id="tenant-read" on:click=move |_| read()
                    disabled=move || result.with(Option::is_none)>
                    "Read again"
                </button>
            </div>
        </section>
    })
}
