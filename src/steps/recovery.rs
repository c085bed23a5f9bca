//! Recovery from a wrong MDM authority (reached from step 2): versions →
//! direct change or support reset → scenario → checklist → request →
//! pending → confirmed or cancelled.

use crate::route::step_href;
use crate::state::{refusal, AppState, Draft, Form};
use crate::widgets::{ConfirmDialog, CopyButton, TextField};
use domain::recovery::{
    checklist, parse_version, ChecklistEntry, RecoveryPath, MAX_DESCRIPTION_CHARS,
};
use domain::{Command, ItemState, MdmAuthority, RecoveryError, ResetScenario, StepId};
use leptos::prelude::*;

#[component]
pub fn RecoveryPage() -> impl IntoView {
    let state = AppState::expect();
    let current = Memo::new(move |_| state.setup.with(|s| s.authority));
    let pending = Memo::new(move |_| state.setup.with(|s| s.recovery.pending.is_some()));
    view! {
        <article class="step recovery">
            <header class="step-header">
                <p class="step-kicker">"Recovery"</p>
                <h1 id="page-title" tabindex="-1">"I chose the wrong MDM authority"</h1>
                <p class="step-purpose">
                    "Find out whether you can change the authority yourself or need support to reset it, and prepare everything support will ask for."
                </p>
            </header>
            {move || match current.get() {
                None => {
                    view! {
                        <section class="card">
                            <p>"No authority is set yet, so there is nothing to recover from."</p>
                            <p><a href=step_href(StepId::Authority)>"Set it in step 2"</a></p>
                        </section>
                    }
                        .into_any()
                }
                Some(set) => {
                    view! {
                        <section class="card">
                            <p>
                                "Current MDM authority: "
                                <strong data-role="current-authority">{set.authority.label()}</strong>
                            </p>
                            <History />
                        </section>
                        <Show when=move || !pending.get() fallback=|| view! { <Pending /> }>
                            <Versions />
                            <Outcome />
                        </Show>
                    }
                        .into_any()
                }
            }}
        </article>
    }
}

#[component]
fn History() -> impl IntoView {
    let state = AppState::expect();
    let history = Memo::new(move |_| state.setup.with(|s| s.recovery.history.clone()));
    view! {
        <Show when=move || !history.with(Vec::is_empty)>
            <h2>"Changes so far"</h2>
            <ul id="authority-history">
                {move || {
                    history
                        .get()
                        .into_iter()
                        .map(|c| {
                            let how = match c.how {
                                domain::recovery::ChangeKind::SelfService => "changed directly",
                                domain::recovery::ChangeKind::SupportReset => "reset by support",
                            };
                            view! { <li>{format!("{}: {} → {} ({how})", c.at, c.from.label(), c.to.label())}</li> }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

#[component]
fn Versions() -> impl IntoView {
    let state = AppState::expect();
    let saved = state
        .setup
        .with_untracked(|s| (s.recovery.cm_version, s.recovery.intune_version));
    let cm = RwSignal::new(saved.0.map(|v| v.to_string()).unwrap_or_default());
    let intune = RwSignal::new(saved.1.map(|v| v.to_string()).unwrap_or_default());
    let message = RwSignal::new(None::<String>);
    let cm_error = Signal::derive(move || {
        let v = cm.get();
        (!v.is_empty())
            .then(|| {
                parse_version("Configuration Manager", "1610", &v)
                    .err()
                    .map(|e| e.to_string())
            })
            .flatten()
    });
    let intune_error = Signal::derive(move || {
        let v = intune.get();
        (!v.is_empty())
            .then(|| {
                parse_version("Intune", "1705", &v)
                    .err()
                    .map(|e| e.to_string())
            })
            .flatten()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let command = Command::CheckVersions {
            configuration_manager: cm.get_untracked(),
            intune: intune.get_untracked(),
        };
        state.dispatch(command, move |r| message.set(refusal(r)));
    };
    view! {
        <section class="card" aria-labelledby="versions-heading">
            <h2 id="versions-heading">"1. Your versions"</h2>
            <p class="muted">"Both are four digits: the year and month of the release (1610 is October 2016)."</p>
            <form id="versions-form" class="inline-form" novalidate on:submit=submit>
                <TextField id="cm-version" label="Configuration Manager version" value=cm error=cm_error placeholder="1610" />
                <TextField id="intune-version" label="Intune service version" value=intune error=intune_error placeholder="1705" />
                <button type="submit" class="button primary">"Check"</button>
                <p class="form-error" role="alert">{move || message.get()}</p>
            </form>
        </section>
    }
}

#[component]
fn Outcome() -> impl IntoView {
    let state = AppState::expect();
    let path = Memo::new(move |_| state.setup.with(|s| s.recovery.path()));
    let authority = Memo::new(move |_| state.setup.with(|s| s.authority.map(|a| a.authority)));
    move || {
        let direct_target = match authority.get() {
            Some(MdmAuthority::Intune) => Some(MdmAuthority::ConfigurationManager),
            Some(MdmAuthority::ConfigurationManager) => Some(MdmAuthority::Intune),
            _ => None,
        };
        match (path.get(), direct_target) {
            (None, _) => view! { <p class="muted" id="outcome-pending">"Enter both versions to see your options."</p> }.into_any(),
            (Some(RecoveryPath::SelfService), Some(target)) => view! { <DirectChange target /> }.into_any(),
            (Some(_), _) => view! { <SupportReset /> }.into_any(),
        }
    }
}

#[component]
fn DirectChange(target: MdmAuthority) -> impl IntoView {
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
        <section class="card" id="direct-change" aria-labelledby="direct-heading">
            <h2 id="direct-heading">"2. You can change it yourself"</h2>
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
        </section>
    }
}

#[component]
fn SupportReset() -> impl IntoView {
    let state = AppState::expect();
    // Edited request details not saved yet: the request shows the saved ones.
    let details = Draft::<DetailsForm>::new(|s| RequestDetailsValue {
        tenant_id: s.recovery.tenant_id.clone(),
        example_users: s.recovery.example_users.join("\n"),
        description: s.recovery.description.clone(),
        other_target: s.recovery.other_target,
    });
    let scenario = Memo::new(move |_| state.setup.with(|s| s.recovery.scenario));
    let coexistence = Memo::new(move |_| state.setup.with(|s| s.recovery.coexistence));
    let message = RwSignal::new(None::<String>);
    let choose = move |scenario: ResetScenario, coexistence: bool| {
        message.set(None);
        state.dispatch(
            Command::ChooseResetScenario {
                scenario,
                coexistence,
            },
            move |r| message.set(refusal(r)),
        );
    };
    view! {
        <section class="card" id="support-reset" aria-labelledby="support-heading">
            <h2 id="support-heading">"2. Support must reset it"</h2>
            <p>
                "With these versions the authority can't be changed directly. Microsoft Support resets it once you have completed the checklist for your situation; that takes up to three business days, usually one."
            </p>
            <fieldset class="radio-group">
                <legend>"Which reset do you need?"</legend>
                {ResetScenario::ALL
                    .into_iter()
                    .map(|option| {
                        let id = format!("scenario-{}", option.key());
                        view! {
                            <div class="radio">
                                <input
                                    type="radio"
                                    name="scenario"
                                    id=id.clone()
                                    prop:checked=move || scenario.get() == Some(option)
                                    on:change=move |_| choose(option, false)
                                />
                                <label for=id>{option.label()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Show when=move || scenario.get().is_some_and(ResetScenario::allows_coexistence)>
                <p class="switch">
                    <input
                        type="checkbox"
                        id="coexistence"
                        prop:checked=move || coexistence.get()
                        on:change=move |ev| {
                            if let Some(s) = scenario.get_untracked() {
                                choose(s, event_target_checked(&ev));
                            }
                        }
                    />
                    <label for="coexistence">"We use coexistence (Intune and Office 365 MDM side by side)"</label>
                </p>
            </Show>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </section>
        <Show when=move || scenario.get().is_some()>
            <ResetChecklist />
            <RequestDetails draft=details />
            <Request unsaved_details=details.dirty() />
        </Show>
    }
}

/// The scenario's checklist: each item done, or not applicable where the
/// guide allows it; notes shown as information.
#[component]
pub fn ResetChecklist() -> impl IntoView {
    let state = AppState::expect();
    let entries = Memo::new(move |_| {
        state.setup.with(|s| {
            s.recovery
                .scenario
                .map(|sc| checklist(sc, s.recovery.coexistence))
                .unwrap_or_default()
        })
    });
    let items = Memo::new(move |_| state.setup.with(|s| s.recovery.items.clone()));
    let message = RwSignal::new(None::<String>);
    let set = move |key: &'static str, value: Option<ItemState>| {
        state.dispatch(
            Command::SetResetItem {
                key: key.into(),
                state: value,
            },
            move |r| message.set(refusal(r)),
        );
    };
    let progress = move || {
        let total = entries.with(|e| e.iter().filter(|e| !e.info_only).count());
        let done =
            entries.with(|e| items.with(|i| e.iter().filter(|e| i.contains_key(e.key)).count()));
        format!("{done} of {total} done")
    };
    view! {
        <section class="card" aria-labelledby="reset-checklist-heading">
            <h2 id="reset-checklist-heading">"3. Before you contact support"</h2>
            <p class="checklist-count" id="reset-progress">{progress}</p>
            <ol class="reset-checklist" id="reset-checklist">
                <For each=move || entries.get() key=|e| e.key let:entry>
                    <ResetItem entry items set />
                </For>
            </ol>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </section>
    }
}

#[component]
fn ResetItem(
    entry: ChecklistEntry,
    items: Memo<std::collections::BTreeMap<String, ItemState>>,
    set: impl Fn(&'static str, Option<ItemState>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let key = entry.key;
    if entry.info_only {
        return view! { <li class="reset-note" data-item=key><strong>"Note: "</strong>{entry.text}</li> }.into_any();
    }
    let current = move || items.with(|i| i.get(key).copied());
    let done_id = format!("item-{key}-done");
    let na_id = format!("item-{key}-na");
    view! {
        <li data-item=key>
            <div class="reset-item">
                <input
                    type="checkbox"
                    id=done_id.clone()
                    prop:checked=move || current() == Some(ItemState::Done)
                    on:change=move |ev| set(key, event_target_checked(&ev).then_some(ItemState::Done))
                />
                <label for=done_id>{entry.text}</label>
            </div>
            {entry
                .not_applicable_when
                .map(|reason| {
                    view! {
                        <div class="reset-na">
                            <input
                                type="checkbox"
                                id=na_id.clone()
                                data-role="not-applicable"
                                prop:checked=move || current() == Some(ItemState::NotApplicable)
                                on:change=move |ev| set(key, event_target_checked(&ev).then_some(ItemState::NotApplicable))
                            />
                            <label for=na_id>{format!("Not applicable: {reason}")}</label>
                        </div>
                    }
                })}
        </li>
    }
        .into_any()
}

/// The request details as saved: the example users one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RequestDetailsValue {
    tenant_id: String,
    example_users: String,
    description: String,
    other_target: Option<MdmAuthority>,
}

#[derive(Clone, Copy)]
struct DetailsForm {
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

#[component]
fn RequestDetails(draft: Draft<DetailsForm>) -> impl IntoView {
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
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">"4. What support will ask for"</h2>
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
        </section>
    }
}

#[component]
fn Request(unsaved_details: Memo<bool>) -> impl IntoView {
    let state = AppState::expect();
    let shown = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let outcome = Memo::new(move |_| {
        state.setup.with(|s| {
            let current = s
                .authority
                .map(|a| a.authority)
                .unwrap_or(MdmAuthority::Intune);
            s.recovery.request_text(current).map_err(|e| match e {
                RecoveryError::Incomplete { missing } => missing,
                other => vec![other.to_string()],
            })
        })
    });
    let text = Signal::derive(move || outcome.with(|o| o.clone().unwrap_or_default()));
    let download = move |_| {
        if let Err(m) = crate::download::save_text(
            "mdm-authority-reset-request.txt",
            "text/plain",
            &text.get_untracked(),
        ) {
            message.set(Some(m));
        }
    };
    let sent = move |_| {
        state.dispatch(Command::MarkResetRequested, move |r| {
            message.set(refusal(r))
        })
    };
    view! {
        <section class="card" aria-labelledby="request-heading">
            <h2 id="request-heading">"5. The support request"</h2>
            <button type="button" class="button primary" id="produce-request" on:click=move |_| shown.set(true)>
                "Produce the support request"
            </button>
            <Show when=move || shown.get()>
                {move || match outcome.get() {
                    Err(missing) => {
                        view! {
                            <div class="banner banner-blocked" id="request-missing" role="alert">
                                <strong>"Not complete yet. Still missing:"</strong>
                                <ul>{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(request) => {
                        view! {
                            <pre class="request" id="request-text" tabindex="0" role="region" aria-label="Support request">
                                {request}
                            </pre>
                            <Show when=move || unsaved_details.get()>
                                <p class="banner banner-warning" id="request-details-unsaved" role="alert">
                                    "The details above have changes that are not saved, so this request doesn't include them. Save the details first."
                                </p>
                            </Show>
                            <div class="actions">
                                <CopyButton text label="Copy the support request" />
                                <button type="button" class="button" on:click=download>"Download as text"</button>
                                <button
                                    type="button"
                                    class="button primary"
                                    id="mark-sent"
                                    disabled=move || unsaved_details.get()
                                    on:click=sent
                                >
                                    "I sent it to support"
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                }}
            </Show>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </section>
    }
}

#[component]
fn Pending() -> impl IntoView {
    let state = AppState::expect();
    let pending = Memo::new(move |_| state.setup.with(|s| s.recovery.pending.clone()));
    let confirm_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm = Callback::new(move |_| {
        state.dispatch(Command::ConfirmReset, move |r| match r {
            Ok(_) => confirm_open.set(false),
            Err(m) => error.set(Some(m.to_string())),
        })
    });
    let cancel = move |_| state.dispatch(Command::CancelReset, move |r| error.set(refusal(r)));
    move || {
        pending.get().map(|p| {
            let target = p.target.label();
            view! {
                <section class="card" id="reset-pending" aria-labelledby="pending-heading">
                    <h2 id="pending-heading">"Waiting for support"</h2>
                    <p>{format!("Request sent {}. Requested authority: {target}.", p.sent_at)}</p>
                    <p>
                        "Expected: " <strong data-role="expected">{p.expected().to_string()}</strong>
                        " (usually one business day), at the latest "
                        <strong data-role="latest">{p.latest().to_string()}</strong> "."
                    </p>
                    <p>"Don't configure anything until support confirms: every step is read-only until then."</p>
                    <pre class="request" tabindex="0" role="region" aria-label="Support request sent">
                        {p.request.clone()}
                    </pre>
                    <div class="actions">
                        <button type="button" class="button primary" id="confirm-reset" on:click=move |_| confirm_open.set(true)>
                            "Support confirmed the reset…"
                        </button>
                        <button type="button" class="button" id="cancel-reset" on:click=cancel>"Cancel the request"</button>
                    </div>
                    <p class="form-error" role="alert">{move || error.get()}</p>
                    <ConfirmDialog
                        id="confirm-reset-dialog"
                        open=confirm_open
                        title="Record that support reset the authority?"
                        confirm_label="Yes, support confirmed"
                        on_confirm=confirm
                        error
                    >
                        <p>{format!("The MDM authority becomes {target}, and the steps can be changed again.")}</p>
                    </ConfirmDialog>
                </section>
            }
        })
    }
}
