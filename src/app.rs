//! The shell: loading, layout, navigation, banners, progress.

use crate::backend::{Backend, BackendError};
use crate::route::{step_href, use_route, Route};
use crate::state::{AppState, SaveState};
use crate::steps::{
    authority::AuthorityPage, connections::ConnectionsPage, enrollment::EnrollmentPage,
    groups::GroupsPage, licenses::LicensesPage, next_steps::NextStepsPage, overview::OverviewPage,
    portal::PortalPage, recovery::RecoveryPage, settings::SettingsPage,
};
use crate::widgets::{ConfirmDialog, StatusBadge};
use domain::{Setup, StepId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// The application with the default backend (this browser's localStorage).
#[component]
pub fn App() -> impl IntoView {
    // A setting that cannot be read falls back to this browser's storage;
    // the settings page explains.
    let choice = crate::settings::load_choice().unwrap_or_default();
    view! { <Shell backend=crate::settings::backend_for(&choice) /> }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Boot {
    Loading,
    Ready,
    Unreadable { raw: String, reason: String },
    Unavailable(String),
}

impl Boot {
    fn from_error(err: BackendError) -> Boot {
        match err {
            BackendError::Unreadable { raw, reason } => Boot::Unreadable { raw, reason },
            other => Boot::Unavailable(other.to_string()),
        }
    }
}

/// The application over any backend.
#[component]
pub fn Shell(backend: Rc<dyn Backend>) -> impl IntoView {
    let state = AppState::new(backend.clone(), Setup::new());
    state.provide();
    let boot = RwSignal::new(Boot::Loading);
    let backend_label = backend.label();

    let load = move || {
        spawn_local(async move {
            match state.backend().load().await {
                Ok(setup) => {
                    state.setup.set(setup);
                    boot.set(Boot::Ready);
                }
                Err(err) => boot.set(Boot::from_error(err)),
            }
        })
    };
    load();
    // A change made elsewhere: once the app is open, only the document is
    // re-read (pages, drafts and open dialogs stay), in turn with this
    // page's own changes; a failure to re-read is reported, not fatal.
    let watching = backend.watch(Rc::new(move || {
        if boot.get_untracked() != Boot::Ready {
            load();
            return;
        }
        state.refresh(move |result| {
            if let Err(err) = result {
                state.save.set(SaveState::Failed(format!(
                    "Changes made elsewhere could not be loaded. {err}"
                )));
            }
        });
    }));
    on_cleanup(move || watching.remove());

    // Tells tests and the benchmark that the app is usable.
    Effect::new(move || {
        if boot.get() != Boot::Loading {
            let root = document().document_element();
            if let Some(root) = root {
                if root.get_attribute("data-app-ready").is_none() {
                    let _ = root.set_attribute("data-app-ready", "true");
                    if let Some(performance) = window().performance() {
                        let _ = performance.mark("app-ready");
                    }
                }
            }
        }
    });

    view! {
        {move || match boot.get() {
            Boot::Loading => view! { <p class="loading">"Loading your setup…"</p> }.into_any(),
            Boot::Ready => view! { <Layout backend_label=backend_label.clone() /> }.into_any(),
            Boot::Unreadable { raw, reason } => {
                view! { <UnreadableData raw reason on_fresh=Callback::new(move |_| boot.set(Boot::Ready)) /> }
                    .into_any()
            }
            Boot::Unavailable(message) => {
                view! {
                    <main class="fatal" id="main">
                        <h1>"Your setup cannot be opened"</h1>
                        <p role="alert">{message}</p>
                    </main>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn Layout(backend_label: String) -> impl IntoView {
    let state = AppState::expect();
    // Closing or reloading the page asks first while a change not yet
    // saved, or any form's unsaved edits, would be lost.
    let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if state.unsaved_work() {
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    on_cleanup(move || guard.remove());
    let route = use_route();
    let progress = Memo::new(move |_| state.setup.with(Setup::progress));
    let authority_unset = Memo::new(move |_| state.setup.with(|s| s.authority.is_none()));
    let apple_warning = Memo::new(move |_| {
        state
            .setup
            .with(|s| s.apple_certificate_warning(crate::clock::now()))
    });
    let reset_pending = Memo::new(move |_| {
        state.setup.with(|s| {
            s.recovery
                .pending
                .as_ref()
                .map(|p| (p.expected().to_string(), p.latest().to_string()))
        })
    });

    // Move focus to the page heading after navigation, for keyboard and
    // screen-reader users (not on the first render).
    Effect::new(move |previous: Option<Route>| {
        let current = route.get();
        if previous.is_some_and(|p| p != current) {
            request_animation_frame(|| {
                if let Some(el) = document().get_element_by_id("page-title") {
                    if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                        let _ = el.focus();
                    }
                }
            });
        }
        current
    });

    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(el) = document().get_element_by_id("main") {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip>"Skip to content"</a>
        <header class="app-header">
            <a class="brand" href=Route::Overview.href()>
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "MDM prerequisites"
            </a>
            <div class="progress" id="overall-progress">
                <span class="progress-label">
                    {move || format!("{} of {} steps done", progress.get().done, progress.get().total)}
                </span>
                <progress
                    max=move || progress.get().total
                    value=move || progress.get().done
                    aria-label="Overall progress"
                ></progress>
            </div>
            <SaveStatus />
            <a class="backend" title="Where your setup is saved: change it in Settings" id="backend-label" href=Route::Settings.href()>
                "Saved in: " {backend_label}
            </a>
        </header>
        <div class="layout">
            <nav class="side-nav" aria-label="Steps">
                <ol>
                    {StepId::ALL
                        .into_iter()
                        .map(|step| {
                            let status = Memo::new(move |_| state.setup.with(|s| s.step_status(step)));
                            let here = move || route.get() == Route::Step(step);
                            view! {
                                <li>
                                    <a
                                        href=step_href(step)
                                        class:active=here
                                        aria-current=move || here().then_some("page")
                                        data-step=step.slug()
                                    >
                                        <span class="nav-number">{step.number()}</span>
                                        <span class="nav-title">{step.title()}</span>
                                        <StatusBadge status=status />
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <p class="nav-extra">
                    <a
                        href=Route::Recovery.href()
                        aria-current=move || (route.get() == Route::Recovery).then_some("page")
                    >
                        "Wrong MDM authority?"
                    </a>
                </p>
                <p class="nav-extra">
                    <a
                        href=Route::Settings.href()
                        aria-current=move || (route.get() == Route::Settings).then_some("page")
                    >
                        "Settings"
                    </a>
                </p>
            </nav>
            <main id="main" tabindex="-1">
                <Show when=move || reset_pending.get().is_some()>
                    <div class="banner banner-blocked" id="reset-banner" role="status">
                        <strong>"Support is resetting the MDM authority. "</strong>
                        {move || {
                            reset_pending
                                .get()
                                .map(|(expected, latest)| {
                                    format!("Expected {expected}, at the latest {latest}. Until you record that support confirmed it, every step is read-only: changing the setup now could corrupt it. ")
                                })
                        }}
                        <a href=Route::Recovery.href()>"Go to the recovery page"</a>
                    </div>
                </Show>
                {move || {
                    apple_warning
                        .get()
                        .map(|warning| {
                            view! {
                                <div class="banner banner-warning" id="apple-banner" role="status">
                                    <strong>"Apple push certificate. "</strong>
                                    {warning}
                                    " "
                                    <a href=step_href(StepId::Enrollment)>"Renew it in step 6"</a>
                                </div>
                            }
                        })
                }}
                <UnsentChange />
                <Show when=move || authority_unset.get()>
                    <div class="banner banner-warning" id="authority-banner" role="status">
                        <strong>"The MDM authority is not set. "</strong>
                        "No device can enroll until it is. "
                        <a href=step_href(StepId::Authority)>"Set it in step 2"</a>
                    </div>
                </Show>
                <fieldset
                    class="lock"
                    disabled=move || {
                        reset_pending.get().is_some()
                            && !matches!(route.get(), Route::Recovery | Route::Settings)
                    }
                >
                {move || match route.get() {
                    Route::Overview => view! { <OverviewPage /> }.into_any(),
                    Route::Step(StepId::Connections) => view! { <ConnectionsPage /> }.into_any(),
                    Route::Step(StepId::Authority) => view! { <AuthorityPage /> }.into_any(),
                    Route::Step(StepId::NextSteps) => view! { <NextStepsPage /> }.into_any(),
                    Route::Step(StepId::Portal) => view! { <PortalPage /> }.into_any(),
                    Route::Step(StepId::Licenses) => view! { <LicensesPage /> }.into_any(),
                    Route::Step(StepId::Groups) => view! { <GroupsPage /> }.into_any(),
                    Route::Step(StepId::Enrollment) => view! { <EnrollmentPage /> }.into_any(),
                    Route::Recovery => view! { <RecoveryPage /> }.into_any(),
                    Route::Settings => view! { <SettingsPage /> }.into_any(),
                }}
                </fieldset>
            </main>
        </div>
    }
}

/// A change the backend could not be reached for: kept, with Retry.
#[component]
fn UnsentChange() -> impl IntoView {
    let state = AppState::expect();
    let retry = move |_| state.retry_unsent();
    view! {
        <Show when=move || state.unsent.with(Option::is_some)>
            <div class="banner banner-warning" id="unsent-banner" role="alert">
                <strong>"Your last change is not saved yet. "</strong>
                {move || match state.save.get() {
                    SaveState::Failed(message) => message,
                    _ => String::new(),
                }}
                " It is kept here until it can be sent. "
                <button
                    type="button"
                    class="button small"
                    id="retry-unsent"
                    disabled=move || state.retrying.get()
                    on:click=retry
                >
                    {move || if state.retrying.get() { "Sending…" } else { "Retry" }}
                </button>
                " "
                <button
                    type="button"
                    class="button small"
                    id="discard-unsent"
                    disabled=move || state.retrying.get()
                    on:click=move |_| state.unsent.set(None)
                >
                    "Discard it"
                </button>
            </div>
        </Show>
    }
}

#[component]
fn SaveStatus() -> impl IntoView {
    let state = AppState::expect();
    view! {
        <p class="save-status" id="save-status" role="status" aria-live="polite">
            {move || match state.save.get() {
                SaveState::Idle => view! { <span>"All changes saved"</span> }.into_any(),
                SaveState::Saving => view! { <span>"Saving…"</span> }.into_any(),
                SaveState::Saved => view! { <span class="ok">"✓ Saved"</span> }.into_any(),
                SaveState::Failed(message) => {
                    let title = message.clone();
                    view! { <span class="failed" title=title>"⚠ Not saved: "{message}</span> }
                        .into_any()
                }
            }}
        </p>
    }
}

/// Shown instead of the app when the stored document cannot be read. The
/// data is never overwritten: it can be downloaded, and starting fresh keeps
/// a copy aside.
#[component]
fn UnreadableData(raw: String, reason: String, on_fresh: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let confirm_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let bytes = raw.len();
    let download = move |_| {
        if let Err(message) =
            crate::download::save_text("mdm-prereqs-saved-data.json", "application/json", &raw)
        {
            error.set(Some(message));
        }
    };
    let start_fresh = Callback::new(move |_| {
        spawn_local(async move {
            match state.backend().start_fresh().await {
                Ok(setup) => {
                    state.setup.set(setup);
                    confirm_open.set(false);
                    on_fresh.run(());
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        })
    });
    view! {
        <main class="fatal" id="main">
            <h1 id="page-title">"Your saved setup cannot be opened"</h1>
            <p role="alert" id="unreadable-reason">{reason}</p>
            <p>
                {format!("Nothing has been changed or deleted: the {bytes} bytes of saved data are still in this browser. ")}
                "Download them to keep a copy, or to send them to whoever can help. Starting fresh keeps the unreadable data aside in this browser and opens an empty setup."
            </p>
            <p class="actions">
                <button type="button" class="button primary" id="download-unreadable" on:click=download>
                    "Download the saved data"
                </button>
                <button type="button" class="button" id="start-fresh" on:click=move |_| confirm_open.set(true)>
                    "Start fresh…"
                </button>
            </p>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <ConfirmDialog
                id="fresh-dialog"
                open=confirm_open
                title="Start with an empty setup?"
                confirm_label="Start fresh"
                on_confirm=start_fresh
                error
            >
                <p>
                    "The unreadable data stays in this browser under a backup name, and you can still download it first. The app then starts with an empty setup."
                </p>
            </ConfirmDialog>
        </main>
    }
}
