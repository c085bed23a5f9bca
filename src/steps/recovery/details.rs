//! Recovery, card 4: the details support will ask for, kept as a draft.

use crate::state::{AppState, Draft, Form};
use crate::widgets::{Card, TextField};
use domain::recovery::MAX_DESCRIPTION_CHARS;
use domain::{Command, MdmAuthority, RecoveryError, ResetScenario};
use leptos::prelude::*;

/// The request details as saved: the example users one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RequestDetailsValue {
    tenant_id: String,
    example_users: String,
    description: String,
    other_target: Option<MdmAuthority>,
}

#[derive(Clone, Copy)]
pub(super) struct DetailsForm {
    tenant: RwSignal<String>,
    users: RwSignal<String>,
    description: RwSignal<String>,
    target: RwSignal<Option<MdmAuthority>>,
}

impl Form for DetailsForm {
    type Value = RequestDetailsValue;

    fn new(value: &RequestDetailsValue) -> Self {
        DetailsForm {
            tenant: RwSignal::new(value.tenant_id.clone()),
            users: RwSignal::new(value.example_users.clone()),
            description: RwSignal::new(value.description.clone()),
            target: RwSignal::new(value.other_target),
        }
    }

    fn load(&self, value: &RequestDetailsValue) {
        self.tenant.set(value.tenant_id.clone());
        self.users.set(value.example_users.clone());
        self.description.set(value.description.clone());
        self.target.set(value.other_target);
    }

    fn value(&self) -> RequestDetailsValue {
        RequestDetailsValue {
            tenant_id: self.tenant.get(),
            example_users: self.users.get(),
            description: self.description.get(),
            other_target: self.target.get(),
        }
    }
}

/// The request details being edited, over the saved ones.
pub(super) fn details_draft() -> Draft<DetailsForm> {
    Draft::<DetailsForm>::new(|s| RequestDetailsValue {
        tenant_id: s.recovery.tenant_id.clone(),
        example_users: s.recovery.example_users.join("\n"),
        description: s.recovery.description.clone(),
        other_target: s.recovery.other_target,
    })
}

#[component]
pub(super) fn RequestDetails(draft: Draft<DetailsForm>) -> impl IntoView {
    let state = AppState::expect();
    let scenario = Memo::new(move |_| state.setup.with(|s| s.recovery.scenario));
    let DetailsForm {
        tenant,
        users,
        description,
        target,
    } = draft.form;
    let message = RwSignal::new(None::<Result<String, String>>);
    let tenant_error = Signal::derive(move || {
        let t = tenant.get();
        (!t.is_empty())
            .then(|| {
                domain::recovery::check_tenant_id(&t)
                    .err()
                    .map(|e| e.to_string())
            })
            .flatten()
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let sent = draft.form.value_untracked();
        let command = Command::SetResetDetails {
            tenant_id: sent.tenant_id.clone(),
            example_users: sent.example_users.lines().map(String::from).collect(),
            description: sent.description.clone(),
            other_target: sent.other_target,
        };
        state.dispatch(command, move |r| {
            if r.is_ok() {
                draft.saved_here(&sent);
            }
            message.set(Some(
                r.map(|_| "Details saved.".to_string())
                    .map_err(|rejection| rejection.to_string()),
            ))
        });
    };
    view! {
        <Card heading_id="details-heading" title="4. What support will ask for">
            <form id="reset-details" novalidate on:submit=save>
                <TextField
                    id="tenant-id"
                    label="Tenant ID"
                    value=tenant
                    error=tenant_error
                    help="The domain you sign in to the service with, such as contoso.onmicrosoft.com."
                />
                <Show when=move || scenario.get() == Some(ResetScenario::ConfigurationManagerToIntune)>
                    <div class="field">
                        <label for="example-users">"Example users, one per line"</label>
                        <p class="field-help">"Support checks these users afterwards to confirm their Configuration Manager licenses were removed."</p>
                        <textarea id="example-users" rows="3" prop:value=move || users.get() on:input=move |ev| users.set(event_target_value(&ev))></textarea>
                    </div>
                </Show>
                <Show when=move || scenario.get() == Some(ResetScenario::Other)>
                    <div class="field">
                        <label for="other-target">"Authority you want"</label>
                        <select
                            id="other-target"
                            on:change=move |ev| target.set(MdmAuthority::from_key(&event_target_value(&ev)))
                        >
                            <option value="" selected=move || target.get().is_none()>"— Choose —"</option>
                            {MdmAuthority::ALL
                                .into_iter()
                                .map(|a| view! { <option value=a.key() selected=move || target.get() == Some(a)>{a.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <TextField
                        id="other-description"
                        label="Describe the change you need"
                        value=description
                        error=Signal::derive(move || {
                            domain::text::clean(&description.get(), MAX_DESCRIPTION_CHARS)
                                .err()
                                .map(|e| RecoveryError::Description(e).to_string())
                        })
                        max=MAX_DESCRIPTION_CHARS
                    />
                </Show>
                <button type="submit" class="button">"Save details"</button>
                <p class="save-note" aria-live="polite">
                    {move || match message.get() {
                        Some(Ok(m)) => view! { <span>{m}</span> }.into_any(),
                        Some(Err(m)) => view! { <span class="form-error">{m}</span> }.into_any(),
                        None => ().into_any(),
                    }}
                </p>
            </form>
        </Card>
    }
}
