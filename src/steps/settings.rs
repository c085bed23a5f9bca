//! Settings: where the setup is kept — this browser, or a server.

use crate::backend::HttpBackend;
use crate::settings::{load_choice, save_choice};
use crate::widgets::{Card, Latest, RadioChoice, RadioGroup, TextField};
use domain::settings::{
    check_server_url, check_tenant, check_token, BackendChoice, ServerSettings, SettingsError,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    NotRun,
    Running,
    Passed(ServerSettings, String),
    Failed(String),
}

/// The server details as typed, and the last connection test.
#[derive(Clone, Copy)]
struct ServerForm {
    url: RwSignal<String>,
    tenant: RwSignal<String>,
    token: RwSignal<String>,
    test: RwSignal<Test>,
    /// Only the newest test reports (kept with the page, so a test still
    /// running when the server details are hidden reports when it ends).
    latest_test: Latest,
}

impl ServerForm {
    fn current(self) -> Result<ServerSettings, Vec<SettingsError>> {
        ServerSettings::parse(&self.url.get(), &self.tenant.get(), &self.token.get())
    }

    /// A passed test only counts for the values it was run with.
    fn tested(self) -> bool {
        match self.test.get() {
            Test::Passed(settings, _) => self.current().ok() == Some(settings),
            _ => false,
        }
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let saved = load_choice();
    let load_problem = saved.as_ref().err().cloned();
    let saved = saved.unwrap_or_default();
    let (url0, tenant0, token0) = match &saved {
        BackendChoice::Server(s) => (s.url.clone(), s.tenant.clone(), s.token.clone()),
        BackendChoice::Browser => (
            "http://127.0.0.1:8787".to_string(),
            String::new(),
            String::new(),
        ),
    };
    let server = RwSignal::new(matches!(saved, BackendChoice::Server(_)));
    let form = ServerForm {
        url: RwSignal::new(url0),
        tenant: RwSignal::new(tenant0),
        token: RwSignal::new(token0),
        test: RwSignal::new(Test::NotRun),
        latest_test: Latest::new(),
    };
    let message = RwSignal::new(load_problem);

    let switch = move |_| {
        let choice = if server.get_untracked() {
            match (form.current(), form.tested()) {
                (Ok(settings), true) => BackendChoice::Server(settings),
                _ => {
                    message.set(Some("Test the connection first: the app only switches to a server it could reach.".into()));
                    return;
                }
            }
        } else {
            BackendChoice::Browser
        };
        match save_choice(&choice) {
            // The app starts again on the chosen backend.
            Ok(_) => {
                let _ = window().location().reload();
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };

    view! {
        <article class="step" data-page="settings">
            <header class="step-header">
                <h1 id="page-title" tabindex="-1">"Settings"</h1>
                <p class="step-purpose">"Choose where this setup is kept."</p>
            </header>
            <Card heading_id="backend-heading" title="Where your setup is saved">
                <BackendRadios server />
                <Show when=move || server.get()>
                    <ServerDetails form message />
                </Show>
                <p class="muted">
                    "Switching does not copy the setup: export it as JSON in step 7 first, then import it after switching if you want to take it along."
                </p>
                <div class="actions">
                    <button type="button" class="button primary" id="use-backend" on:click=switch>
                        "Use this backend"
                    </button>
                </div>
                <p class="form-error" role="alert" id="settings-error">{move || message.get()}</p>
            </Card>
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

/// The server's address, tenant and token, and a test of the connection.
#[component]
fn ServerDetails(form: ServerForm, message: RwSignal<Option<String>>) -> impl IntoView {
    let ServerForm {
        url,
        tenant,
        token,
        test,
        latest_test,
    } = form;
    let url_error =
        Signal::derive(move || check_server_url(&url.get()).err().map(|e| e.to_string()));
    let tenant_error = Signal::derive(move || {
        let typed = tenant.get();
        (!typed.is_empty())
            .then(|| check_tenant(typed.trim()).err().map(|e| e.to_string()))
            .flatten()
    });
    let token_error =
        Signal::derive(move || check_token(&token.get()).err().map(|e| e.to_string()));

    let run_test = move |_| {
        message.set(None);
        match form.current() {
            Err(errors) => test.set(Test::Failed(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
            Ok(settings) => {
                test.set(Test::Running);
                let ticket = latest_test.ticket();
                spawn_local(async move {
                    let outcome = HttpBackend::new(settings.clone()).fetch().await;
                    // Only the newest test reports: an earlier, slower one
                    // (other values) must not overwrite its result.
                    if !latest_test.is_current(ticket) {
                        return;
                    }
                    test.set(match outcome {
                        Ok(setup) => Test::Passed(
                            settings.clone(),
                            format!(
                                "Connected: tenant {} is at revision {} with {} of {} steps done.",
                                settings.tenant,
                                setup.revision,
                                setup.progress().done,
                                setup.progress().total
                            ),
                        ),
                        Err(e) => Test::Failed(e.to_string()),
                    });
                });
            }
        }
    };
    view! {
        <TextField
            id="server-url"
            label="Server URL"
            value=url
            error=url_error
            input_type="url"
            help="For example https://mdm.contoso.com, or http://127.0.0.1:8787 for a server on this computer."
        />
        <TextField id="server-tenant" label="Tenant" value=tenant error=tenant_error placeholder="contoso" />
        <TextField
            id="server-token"
            label="Token"
            value=token
            error=token_error
            input_type="password"
            help="The API token the server was started with; leave empty if it needs none. It is kept in this browser."
        />
        <div class="actions">
            <button type="button" class="button" id="test-connection" on:click=run_test>
                "Test the connection"
            </button>
        </div>
        <p
            id="connection-result"
            role="status"
            class:ok=move || form.tested()
            class:form-error=move || matches!(test.get(), Test::Failed(_))
        >
            {move || match test.get() {
                Test::NotRun => String::new(),
                Test::Running => "Connecting…".into(),
                Test::Passed(..) if !form.tested() => {
                    "The server details changed since the last test: test the connection again.".into()
                }
                Test::Passed(_, text) => text,
                Test::Failed(text) => text,
            }}
        </p>
    }
}
