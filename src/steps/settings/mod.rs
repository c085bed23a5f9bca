//! Settings: where the setup is kept — this browser, or a server — and,
//! when switching, whether this setup is taken along.

mod carry;
mod dns;
mod graph;

/// The Microsoft 365 card (its code is in the Graph part).
pub fn graph_card() -> impl IntoView {
    graph::GraphCard()
}
mod server;

use crate::backend::choice::{load_choice, Switching};
use crate::state::AppState;
use crate::widgets::{Card, RadioChoice, RadioGroup};
use carry::{CarryChoice, CarryDialog, CarryFailure, Switch, Target, TargetHolds};
use dns::DnsLookupsCard;
use domain::backend_settings::BackendChoice;
use leptos::prelude::*;
use leptos::task::spawn_local;
use server::{ServerDetails, ServerForm};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let switching = Switching::expect();
    let load_problem = load_choice().err();
    let current = switching.current.clone();
    let (url0, tenant0, token0) = match &current {
        BackendChoice::Server(s) => (s.url.clone(), s.tenant.clone(), s.token.clone()),
        BackendChoice::Browser => (
            "http://127.0.0.1:8787".to_string(),
            String::new(),
            String::new(),
        ),
    };
    let on_server = matches!(current, BackendChoice::Server(_));
    let server = RwSignal::new(on_server);
    let form = ServerForm::new(url0, tenant0, token0);
    let message = RwSignal::new(load_problem);
    // The backend the form points at, once it can be switched to.
    let chosen = Memo::new(move |_| match server.get() {
        true => form.tested_settings().map(BackendChoice::Server),
        false => Some(BackendChoice::Browser),
    });
    let sw = Switch::new(AppState::expect(), switching, chosen, message);
    // This browser's store is read when it is chosen (a server's is read
    // by the connection test).
    Effect::new(move || {
        if chosen.get() == Some(BackendChoice::Browser) && sw.target.get() == Target::Unknown {
            let browser = sw.switching.with_value(|s| s.browser.clone());
            spawn_local(async move {
                sw.read_browser(browser.load().await);
            });
        }
    });

    let heading = crate::route::Route::Settings.heading();
    view! {
        <article class="step" data-page="settings">
            <header class="step-header">
                <h1 id="page-title" tabindex="-1">{heading.title}</h1>
                <p class="step-purpose">{heading.purpose}</p>
            </header>
            <Card heading_id="backend-heading" title="Where your setup is saved">
                <BackendRadios server />
                <Show when=move || server.get()>
                    <ServerDetails form message held=sw.held />
                </Show>
                <TargetHolds sw />
                <CarryChoice sw />
                <p class="muted">
                    "When you switch, you can take this setup along: the app switches only once all of it has been copied and accepted there."
                </p>
                <div class="actions">
                    <button
                        type="button"
                        class="button primary"
                        id="use-backend"
                        disabled=move || sw.copying.get()
                        on:click=move |_| sw.run(false)
                    >
                        "Use this backend"
                    </button>
                </div>
                <p role="status" id="carry-status">
                    {move || sw.copying.get().then_some("Copying the setup…")}
                </p>
                <CarryFailure sw />
                <p class="form-error" role="alert" id="settings-error">{move || message.get()}</p>
                <CarryDialog sw />
            </Card>
            <DnsLookupsCard server_backend=on_server />
            {crate::widgets::from_graph_part(
                crate::app::GraphView::SettingsCard,
                "Loading the Microsoft 365 settings…",
            )}
        </article>
    }
}

/// This browser or a server.
#[component]
fn BackendRadios(server: RwSignal<bool>) -> impl IntoView {
    let choices = vec![
        RadioChoice::new(false, "browser", "This browser (localStorage)"),
        RadioChoice::new(true, "server", "Server"),
    ];
    view! {
        <RadioGroup
            id="backend"
            legend="Backend"
            choices
            value=Signal::derive(move || Some(server.get()))
            on_change=Callback::new(move |on| server.set(on))
            attr:id="backend-choice"
        />
    }
}
