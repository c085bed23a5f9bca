//! The server's details and the test of the connection.

use super::carry::Held;
use crate::backend::HttpBackend;
use crate::widgets::{Latest, TextField};
use domain::backend_settings::{
    check_server_url, check_tenant, check_token, BackendChoice, ServerSettings, SettingsError,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Test {
    NotRun,
    Running,
    Passed(ServerSettings, String),
    Failed(String),
}

/// The server details as typed, and the last connection test.
#[derive(Clone, Copy)]
pub(super) struct ServerForm {
    url: RwSignal<String>,
    tenant: RwSignal<String>,
    token: RwSignal<String>,
    test: RwSignal<Test>,
    /// Only the newest test reports (kept with the page, so a test still
    /// running when the server details are hidden reports when it ends).
    latest_test: Latest,
}

impl ServerForm {
    pub(super) fn new(url: String, tenant: String, token: String) -> ServerForm {
        ServerForm {
            url: RwSignal::new(url),
            tenant: RwSignal::new(tenant),
            token: RwSignal::new(token),
            test: RwSignal::new(Test::NotRun),
            latest_test: Latest::new(),
        }
    }

    fn current(self) -> Result<ServerSettings, Vec<SettingsError>> {
        ServerSettings::parse(&self.url.get(), &self.tenant.get(), &self.token.get())
    }

    /// A passed test only counts for the values it was run with.
    fn tested(self) -> bool {
        self.tested_settings().is_some()
    }

    /// The details as typed, once a test with exactly these passed.
    pub(super) fn tested_settings(self) -> Option<ServerSettings> {
        match self.test.get() {
            Test::Passed(settings, _) => self.current().ok().filter(|s| *s == settings),
            _ => None,
        }
    }
}

/// The server's address, tenant and token, and a test of the connection
/// (what it reads is what the tenant holds, kept in `held`).
#[component]
pub(super) fn ServerDetails(
    form: ServerForm,
    message: RwSignal<Option<String>>,
    held: RwSignal<Option<Held>>,
) -> impl IntoView {
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
                    if let Ok(setup) = &outcome {
                        held.set(Some(Held {
                            choice: BackendChoice::Server(settings.clone()),
                            read: Ok(setup.clone()),
                        }));
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
