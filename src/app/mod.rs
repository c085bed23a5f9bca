//! The shell: loading, layout, navigation, banners, progress.

mod banners;
mod layout;
mod pages;
mod unreadable;

pub use pages::GraphView;

use crate::backend::choice::Switching;
use crate::backend::{Backend, BackendError, LocalStorageBackend};
use crate::parts::PartUnavailable;
use crate::state::{AppState, SaveState};
use domain::backend_settings::BackendChoice;
use domain::Setup;
use layout::Layout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pages::Unreadable;
use std::rc::Rc;

/// The application on the backend chosen in Settings (this browser's
/// localStorage unless another is chosen), with the Microsoft 365 tenant
/// over it when this tab sends changes there.
#[component]
pub fn App() -> impl IntoView {
    // A setting that cannot be read falls back to this browser's storage;
    // the settings page explains.
    let choice = crate::backend::choice::load_choice().unwrap_or_default();
    let tenant = crate::signin::writes_on();
    match (choice, tenant) {
        (BackendChoice::Browser, false) => {
            view! { <Shell backend=Rc::new(LocalStorageBackend::default()) /> }.into_any()
        }
        (choice, tenant) => view! { <LoadedApp choice tenant /> }.into_any(),
    }
}

/// What Graph asks to wait for while a change is on its way to the
/// tenant (shown beside the save status).
#[derive(Debug, Clone, Copy)]
pub struct TenantWaiting(pub RwSignal<Option<String>>);

/// The app once its backend's code is fetched: the server backend's part,
/// and the Graph part when changes go to the tenant too.
#[component]
fn LoadedApp(choice: BackendChoice, tenant: bool) -> impl IntoView {
    let waiting = TenantWaiting(RwSignal::new(None));
    provide_context(waiting);
    let backend = RwSignal::new_local(None::<Result<Rc<dyn Backend>, PartUnavailable>>);
    let fetch = Callback::new(move |_: ()| {
        backend.set(None);
        let choice = choice.clone();
        spawn_local(async move {
            let loaded = async {
                let workspace: Rc<dyn Backend> = match choice {
                    BackendChoice::Browser => Rc::new(LocalStorageBackend::default()),
                    BackendChoice::Server(settings) => {
                        crate::parts::server_backend(settings).await?
                    }
                };
                if !tenant {
                    return Ok(workspace);
                }
                let progress: crate::tenant::Progress = Rc::new(move |p| waiting.0.set(p));
                crate::parts::tenant_backend(workspace, progress).await
            };
            backend.try_set(Some(loaded.await));
        });
    });
    fetch.run(());
    move || match backend.get() {
        None => view! { <p class="loading">"Loading your setup…"</p> }.into_any(),
        Some(Ok(backend)) => view! { <Shell backend /> }.into_any(),
        Some(Err(PartUnavailable)) => view! { <BackendUnavailable retry=fetch /> }.into_any(),
    }
}

/// The chosen backend's code could not be fetched.
#[component]
fn BackendUnavailable(retry: Callback<()>) -> impl IntoView {
    view! {
        <main class="fatal" id="main">
            <h1>"Your setup cannot be opened yet"</h1>
            <p role="alert">
                "The code that talks to your server or your Microsoft 365 tenant could not be loaded: this computer may be offline, or a new version of the app was published since this page opened. Nothing is lost."
            </p>
            <div class="actions">
                <button type="button" class="button primary" on:click=move |_| retry.run(())>
                    "Retry"
                </button>
                <button type="button" class="button" on:click=move |_| { let _ = window().location().reload(); }>
                    "Reload the app"
                </button>
            </div>
        </main>
    }
}

/// The outcome of a Microsoft 365 sign-in that came back to this address;
/// Settings shows it.
#[derive(Debug, Clone, Copy)]
pub struct SignInNews(pub RwSignal<crate::parts::SignInOutcome>);

/// When the address carries a sign-in answer (`?code=…` or `?error=…`),
/// finishes the sign-in from the Graph part, then opens the page that asked
/// for it (Settings unless a step asked).
fn finish_sign_in_in_address() {
    let news = SignInNews(RwSignal::new(None));
    provide_context(news);
    let search = window().location().search().unwrap_or_default();
    if search.contains("code=") || search.contains("error=") {
        spawn_local(async move {
            let outcome = crate::parts::finish_sign_in(search).await;
            if let Some(result) = &outcome {
                let back = match result {
                    Ok(signed_in) => signed_in.return_to.clone(),
                    Err(_) => None,
                };
                news.0.set(outcome);
                let _ = window()
                    .location()
                    .set_hash(back.as_deref().unwrap_or("/settings"));
            }
        });
    }
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
pub fn Shell(
    backend: Rc<dyn Backend>,
    /// How Settings switches backends (the real one unless given).
    #[prop(optional)]
    switching: Option<Switching>,
) -> impl IntoView {
    let state = AppState::new(backend.clone(), Setup::new());
    state.provide();
    switching.unwrap_or_default().provide();
    finish_sign_in_in_address();
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
                    // Then the other pages' code, while nothing else happens.
                    pages::prefetch_all_when_idle();
                    // A change kept across a sign-in comes back for Retry.
                    spawn_local(crate::parts::restore_kept_change(state));
                }
            }
        }
    });

    view! {
        {move || match boot.get() {
            Boot::Loading => view! { <p class="loading">"Loading your setup…"</p> }.into_any(),
            Boot::Ready => view! { <Layout backend_label=backend_label.clone() /> }.into_any(),
            Boot::Unreadable { raw, reason } => {
                view! { <Unreadable raw reason on_fresh=Callback::new(move |_| boot.set(Boot::Ready)) /> }
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
