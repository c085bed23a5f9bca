//! Recovery, card 4: the details support will ask for, kept as a draft.

use crate::state::{AppState, Draft, Form};
use crate::widgets::{Card, SelectField, TextArea, TextField};
use domain::recovery::{check_example_user, MAX_DESCRIPTION_CHARS};
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
    /// The chosen authority's key (`""` for none), as the drop-down holds it.
    target: RwSignal<String>,
}

fn target_key(target: Option<MdmAuthority>) -> String {
    target.map(|a| a.key().to_owned()).unwrap_or_default()
}

impl Form for DetailsForm {
    type Value = RequestDetailsValue;

    fn new(value: &RequestDetailsValue) -> Self {
        DetailsForm {
            tenant: RwSignal::new(value.tenant_id.clone()),
            users: RwSignal::new(value.example_users.clone()),
            description: RwSignal::new(value.description.clone()),
            target: RwSignal::new(target_key(value.other_target)),
        }
    }

    fn load(&self, value: &RequestDetailsValue) {
        self.tenant.set(value.tenant_id.clone());
        self.users.set(value.example_users.clone());
        self.description.set(value.description.clone());
        self.target.set(target_key(value.other_target));
    }

    fn value(&self) -> RequestDetailsValue {
        RequestDetailsValue {
            tenant_id: self.tenant.get(),
            example_users: self.users.get(),
            description: self.description.get(),
            other_target: MdmAuthority::from_key(&self.target.get()),
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
    // The message of the first line that is not a user name.
    let users_error = Signal::derive(move || {
        users.with(|text| {
            text.lines()
                .filter(|line| !line.trim().is_empty())
                .find_map(|line| check_example_user(line).err())
                .map(|e| e.to_string())
        })
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
                    <TextArea
                        id="example-users"
                        label="Example users, one per line"
                        value=users
                        error=users_error
                        rows=3
                        help="Support checks these users afterwards to confirm their Configuration Manager licenses were removed."
                    />
                </Show>
                <Show when=move || scenario.get() == Some(ResetScenario::Other)>
                    <SelectField id="other-target" label="Authority you want" value=target>
                        <option value="" selected=move || target.with(String::is_empty)>"— Choose —"</option>
                        {MdmAuthority::ALL
                            .into_iter()
                            .map(|a| view! { <option value=a.key() selected=move || target.with(|t| t == a.key())>{a.label()}</option> })
                            .collect_view()}
                    </SelectField>
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
