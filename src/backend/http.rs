//! The HTTP backend: the same commands, sent as JSON to a server that
//! applies the same domain reducer (see `server/openapi.yaml`). Every write
//! carries the revision it was based on; a stale one is refused by the
//! server (412) and nothing is overwritten on either side.

use super::{Backend, BackendError, BoxFuture, Looked, Lookups};
use domain::backend_settings::ServerSettings;
use domain::dns_check::{CnameCheck, TxtCheck};
use domain::{Command, DomainName, Setup};
use gloo_net::http::{Request, Response};
use leptos::prelude::{window_event_listener, WindowListenerHandle};
use std::rc::Rc;

#[derive(Clone)]
pub struct HttpBackend {
    settings: ServerSettings,
}

/// The JSON error body of every refusal.
#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    current: Option<serde_json::Value>,
}

impl HttpBackend {
    pub fn new(settings: ServerSettings) -> HttpBackend {
        HttpBackend { settings }
    }

    pub fn settings(&self) -> &ServerSettings {
        &self.settings
    }

    fn authorised(
        &self,
        request: gloo_net::http::RequestBuilder,
    ) -> gloo_net::http::RequestBuilder {
        if self.settings.token.is_empty() {
            request
        } else {
            request.header("Authorization", &format!("Bearer {}", self.settings.token))
        }
    }

    fn unreachable(&self, error: gloo_net::Error) -> BackendError {
        BackendError::Unavailable {
            reason: format!(
                "the server at {} cannot be reached. Check that it is running, that this computer can reach it, and that it allows this page's address (its --allow-origins setting).",
                self.settings.url
            ),
            detail: Some(error.to_string()),
        }
    }

    /// Reads the tenant's document (also the settings page's connection test).
    pub async fn fetch(&self) -> Result<Setup, BackendError> {
        let request = self.authorised(Request::get(&format!(
            "{}/setup",
            self.settings.tenant_url()
        )));
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        self.document(response).await
    }

    async fn document(&self, response: Response) -> Result<Setup, BackendError> {
        let status = response.status();
        let text = response.text().await.map_err(|e| self.unreachable(e))?;
        if status == 200 {
            return domain::decode(&text).map_err(|e| {
                BackendError::Server(format!("the server sent a setup this app cannot read: {e}"))
            });
        }
        Err(refusal(status, &text))
    }
}

impl HttpBackend {
    /// The server refused `command` on the document at `revision`: the
    /// same rules run here on that document give the refusal as data (the
    /// error is not decoded from the answer, which would cost the wasm
    /// ~60 KB). If they accept it, the server's rules differ (another
    /// version), and its message is what the user is told.
    async fn reproduce(&self, command: Command, revision: u64, message: String) -> BackendError {
        match self.fetch().await {
            Ok(current) if current.revision == revision => {
                match crate::parts::apply(&current, command, crate::clock::now()).await {
                    Ok(Err(error)) => BackendError::Rejected(error),
                    Ok(Ok(_)) | Err(_) => BackendError::Server(message),
                }
            }
            _ => BackendError::Server(message),
        }
    }
}

/// The answer of a lookup endpoint: `{check, resolver, setup}`.
#[derive(serde::Deserialize)]
struct LookupBody {
    check: serde_json::Value,
    resolver: String,
    setup: serde_json::Value,
}

impl HttpBackend {
    /// POSTs to a lookup endpoint (`path` under the tenant) on the
    /// document at `revision`; `record` is the command the server applies
    /// when the check is good, for reproducing a refusal.
    async fn look_up<T>(
        &self,
        path: String,
        revision: u64,
        record: Command,
        read: fn(&serde_json::Value) -> Option<T>,
    ) -> Result<Looked<T>, BackendError> {
        let request = self
            .authorised(Request::post(&format!(
                "{}/{path}",
                self.settings.tenant_url()
            )))
            .header("If-Match", &format!("\"{revision}\""));
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| self.unreachable(e))?;
        if status == 400 {
            let message = match refusal(status, &text) {
                BackendError::Server(message) => message,
                other => return Err(other),
            };
            return Err(self.reproduce(record, revision, message).await);
        }
        if status != 200 {
            return Err(refusal(status, &text));
        }
        let unreadable = |e: String| {
            BackendError::Server(format!("the server's lookup answer cannot be read: {e}"))
        };
        let body: LookupBody =
            serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
        let check = read(&body.check)
            .ok_or_else(|| unreadable(format!("{} is not a check this app knows", body.check)))?;
        let setup =
            domain::decode(&body.setup.to_string()).map_err(|e| unreadable(e.to_string()))?;
        Ok(Looked {
            check,
            resolver: body.resolver,
            setup: (setup.revision != revision).then_some(setup),
        })
    }
}

/// A domain name as one path segment (letters, digits, "-" and "." need no
/// escaping; anything else is escaped anyway).
fn segment(name: &DomainName) -> String {
    js_sys::encode_uri_component(name.as_str()).into()
}

/// Maps an error status and its JSON body to what the user is told.
pub fn refusal(status: u16, text: &str) -> BackendError {
    let body: ErrorBody = serde_json::from_str(text).unwrap_or(ErrorBody {
        message: String::new(),
        current: None,
    });
    let message = if body.message.is_empty() {
        format!("the server answered with status {status}")
    } else {
        body.message.clone()
    };
    match status {
        // (The domain's refusal is typed by `HttpBackend::apply`, which
        // reproduces it; one it can't reproduce is the server's word.)
        400 => BackendError::Server(message),
        401 => BackendError::Unauthorized(message),
        412 => match body
            .current
            .and_then(|current| domain::decode(&current.to_string()).ok())
        {
            Some(current) => BackendError::Conflict {
                current: Box::new(current),
            },
            None => BackendError::Server(message),
        },
        413 => BackendError::TooLarge(message),
        _ => BackendError::Server(format!("{message} (status {status})")),
    }
}

impl Backend for HttpBackend {
    fn label(&self) -> String {
        format!(
            "Server {} · tenant {}",
            self.settings.url, self.settings.tenant
        )
    }

    fn load(&self) -> BoxFuture<Result<Setup, BackendError>> {
        let this = self.clone();
        Box::pin(async move { this.fetch().await })
    }

    fn apply(
        &self,
        command: Command,
        expected_revision: u64,
    ) -> BoxFuture<Result<Setup, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let body = serde_json::to_string(&command).map_err(|e| {
                BackendError::Server(format!("the change could not be encoded ({e})"))
            })?;
            let request = this
                .authorised(Request::post(&format!(
                    "{}/commands",
                    this.settings.tenant_url()
                )))
                .header("Content-Type", "application/json")
                .header("If-Match", &format!("\"{expected_revision}\""))
                .body(body)
                .map_err(|e| this.unreachable(e))?;
            let response = request.send().await.map_err(|e| this.unreachable(e))?;
            let refused = response.status() == 400;
            match this.document(response).await {
                Err(BackendError::Server(message)) if refused => {
                    Err(this.reproduce(command, expected_revision, message).await)
                }
                other => other,
            }
        })
    }

    fn start_fresh(&self) -> BoxFuture<Result<Setup, BackendError>> {
        // The server validates everything it stores: there is no unreadable
        // document to set aside.
        let this = self.clone();
        Box::pin(async move { this.fetch().await })
    }

    fn watch(&self, changed: Rc<dyn Fn()>) -> WindowListenerHandle {
        // Re-read when the page becomes visible again: another person may
        // have changed the tenant meanwhile. Writes are checked anyway.
        window_event_listener(leptos::ev::visibilitychange, move |_| {
            if !leptos::prelude::document().hidden() {
                changed();
            }
        })
    }

    fn lookups(&self) -> Lookups {
        Lookups::Server
    }

    fn verify_domain(
        &self,
        name: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<TxtCheck>, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let record = Command::RecordTxtFound {
                name: name.to_string(),
                resolver: "the server".into(),
            };
            this.look_up(
                format!("domains/{}/verify", segment(&name)),
                expected_revision,
                record,
                TxtCheck::from_json,
            )
            .await
        })
    }

    fn check_cnames(
        &self,
        domain: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<CnameCheck>, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let record = Command::RecordCnamesFound {
                domain: domain.to_string(),
                resolver: "the server".into(),
            };
            this.look_up(
                format!("domains/{}/cnames/check", segment(&domain)),
                expected_revision,
                record,
                CnameCheck::from_json,
            )
            .await
        })
    }
}
