//! Signing in to the Microsoft 365 tenant (issue 16, Preview): the
//! authorization code flow with PKCE started from Settings, finished when
//! the sign-in comes back to this address, and a connection test. The
//! pending sign-in and the token are kept in this tab's sessionStorage only
//! (never localStorage). Everything here runs from the pages' part.

use crate::backend::BackendError;
use crate::state::{AppState, SaveState};
use domain::backend_settings::GraphSettings;
use domain::Command;
use graph::pkce::{self, Redirect, StateError, TokenError};
use graph::{GraphError, MdmAuthority, Organization, ParseError};
use leptos::prelude::{GetUntracked, Set};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const PENDING: &str = "mdm-prereqs.graph.pending";
const TOKEN: &str = "mdm-prereqs.graph.token";
/// "1" while changes go to the tenant too (this tab only).
const WRITES: &str = "mdm-prereqs.graph.writes";
/// A change kept across a sign-in (the JSON of a `Command`).
pub const KEPT: &str = "mdm-prereqs.graph.kept";

/// A sign-in sent to Microsoft and not yet back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub verifier: String,
    pub state: String,
    pub redirect_uri: String,
    pub settings: GraphSettings,
    /// The delegated permissions asked for beyond [`pkce::SIGN_IN_SCOPES`].
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The page to come back to (its hash, like `/groups`); Settings when
    /// none.
    #[serde(default)]
    pub return_to: Option<String>,
}

/// The access token this tab holds, for the tenant it was given for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldToken {
    pub access_token: String,
    /// When it expires, in milliseconds since 1970 (if the service said).
    pub expires_at_ms: Option<f64>,
    pub settings: GraphSettings,
    /// The permissions the token was given (empty: not said).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Renews the sign-in when the access token expires (kept in this
    /// tab's sessionStorage like the token; none: sign in again).
    #[serde(default)]
    pub refresh_token: Option<String>,
}

impl HeldToken {
    /// Whether the token was given `permission`, or one that includes it
    /// (its ReadWrite form). `None`: the sign-in did not say.
    pub fn grants(&self, permission: &str) -> Option<bool> {
        if self.scopes.is_empty() {
            return None;
        }
        let write = permission.replace(".Read.", ".ReadWrite.");
        Some(
            self.scopes
                .iter()
                .any(|s| s.eq_ignore_ascii_case(permission) || s.eq_ignore_ascii_case(&write)),
        )
    }

    /// Whether the token has expired, or will within a minute.
    pub fn expired(&self) -> bool {
        self.expires_at_ms
            .is_some_and(|at| at <= js_sys::Date::now() + 60_000.0)
    }
}

/// A sign-in that came back and was traded for a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub tenant: String,
    /// The page that asked for the sign-in (its hash).
    pub return_to: Option<String>,
}

/// Why a sign-in could not be started or finished.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("This tab's session storage cannot be used ({0}), so the sign-in cannot be kept. Allow site data for this address, then sign in again.")]
    Storage(String),
    #[error("This browser could not make the random values a sign-in needs ({0}).")]
    Random(String),
    #[error("{0}")]
    State(#[from] StateError),
    #[error("Microsoft's sign-in did not sign you in ({error}): {description}")]
    Service { error: String, description: String },
    #[error("{0}")]
    Token(#[from] TokenError),
    #[error("The sign-in service at {url} could not be reached: this computer may be offline, or the sign-in address is wrong ({detail}). Nothing was changed; sign in again.")]
    Network { url: String, detail: String },
    #[error("No tenant to sign in to: fill in the tenant and the application (client) ID in Settings first.")]
    NoTenant,
    #[error("The app's sign-in code could not be loaded: this computer may be offline, or a new version of the app was published since this page opened (reload it, then sign in again).")]
    CodeUnavailable,
}

/// Why the connection test did not read the organization.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConnectionError {
    #[error("Not signed in: sign in first.")]
    NotSignedIn,
    #[error("The sign-in has expired (Microsoft Graph answered 401). Sign in again.")]
    Expired,
    #[error("Microsoft Graph refused to read the organization (403): the app registration needs the delegated permission {permission}, with admin consent. Add it, then sign in again.")]
    Forbidden { permission: String },
    #[error("Microsoft Graph answered: {0}")]
    Graph(String),
    #[error("{0}")]
    Unreadable(#[from] ParseError),
    #[error("Microsoft Graph answered with no organization.")]
    NoOrganization,
    #[error("Microsoft Graph at {url} could not be reached: this computer may be offline, or the Graph address is wrong ({detail}).")]
    Network { url: String, detail: String },
}

/// What the connection test read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantFound {
    pub name: String,
    pub mdm_authority: &'static str,
}

fn session() -> Result<web_sys::Storage, SignInError> {
    let window = web_sys::window().ok_or_else(|| SignInError::Storage("no window".into()))?;
    match window.session_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(SignInError::Storage("not available".into())),
        Err(e) => Err(SignInError::Storage(js_text(&e))),
    }
}

/// This tab's `key`, if set (quietly `None` when session storage is not
/// available): what the shell asks at start, kept small.
fn item(key: &str) -> Option<String> {
    web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

fn js_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            js_sys::Reflect::get(value, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown reason".into())
}

fn read<T: for<'de> Deserialize<'de>>(key: &str) -> Option<T> {
    let text = session().ok()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(key: &str, value: &T) -> Result<(), SignInError> {
    let text = serde_json::to_string(value).map_err(|e| SignInError::Storage(e.to_string()))?;
    session()?
        .set_item(key, &text)
        .map_err(|e| SignInError::Storage(js_text(&e)))
}

/// Whether this tab holds a token (without reading it).
pub fn has_token() -> bool {
    item(TOKEN).is_some()
}

/// The token this tab holds, if any.
pub fn held_token() -> Option<HeldToken> {
    read(TOKEN)
}

/// The settings of the sign-in held or under way, to fill the form with.
pub fn last_settings() -> Option<GraphSettings> {
    held_token()
        .map(|t| t.settings)
        .or_else(|| read::<Pending>(PENDING).map(|p| p.settings))
}

/// Forgets the token, any sign-in under way and the choice to send
/// changes to the tenant.
pub fn sign_out() {
    if let Ok(storage) = session() {
        let _ = storage.remove_item(TOKEN);
        let _ = storage.remove_item(PENDING);
        let _ = storage.remove_item(WRITES);
    }
}

/// Whether this tab sends changes to the tenant too (Settings).
pub fn writes_on() -> bool {
    item(WRITES).is_some_and(|v| v == "1")
}

/// Turns sending changes to the tenant on or off for this tab.
pub fn set_writes(on: bool) -> Result<(), SignInError> {
    let storage = session()?;
    if on {
        storage.set_item(WRITES, "1")
    } else {
        storage.remove_item(WRITES)
    }
    .map_err(|e| SignInError::Storage(js_text(&e)))
}

/// A change kept across a sign-in: only changes the tenant holds can be
/// waiting for one (see `tenant::reaches_tenant`).
#[derive(Serialize, Deserialize)]
enum Kept {
    Authority {
        authority: domain::MdmAuthority,
        confirmed: bool,
    },
    Portal(Box<domain::CompanyPortal>),
    Licences {
        assign: bool,
        users: Vec<domain::UserId>,
    },
    Domain(String),
    Devices {
        text: String,
        skip_invalid: bool,
    },
    AppleCertificate {
        apple_id: String,
        certificate: String,
        replace_topic: bool,
    },
    /// A group created (`kind`) or changed (`id`) on step 3.
    Group {
        kind: Option<domain::GroupKind>,
        id: Option<domain::GroupId>,
        name: String,
        description: String,
        users: Vec<domain::UserId>,
        devices: Vec<String>,
    },
}

impl Kept {
    fn of(command: &Command) -> Option<Kept> {
        match command {
            Command::SetAuthority {
                authority,
                confirmed,
            } => Some(Kept::Authority {
                authority: *authority,
                confirmed: *confirmed,
            }),
            Command::SavePortal { portal } => Some(Kept::Portal(portal.clone())),
            Command::AddDomain { name } => Some(Kept::Domain(name.clone())),
            Command::ImportDevices { text, skip_invalid } => Some(Kept::Devices {
                text: text.clone(),
                skip_invalid: *skip_invalid,
            }),
            Command::UploadApplePushCertificate {
                apple_id,
                certificate,
                replace_topic,
            } => Some(Kept::AppleCertificate {
                apple_id: apple_id.clone(),
                certificate: certificate.clone(),
                replace_topic: *replace_topic,
            }),
            Command::AssignLicenses { users } => Some(Kept::Licences {
                assign: true,
                users: users.clone(),
            }),
            Command::RemoveLicenses { users } => Some(Kept::Licences {
                assign: false,
                users: users.clone(),
            }),
            Command::CreateGroup {
                kind,
                name,
                description,
                users,
                devices,
            } => Some(Kept::Group {
                kind: Some(*kind),
                id: None,
                name: name.clone(),
                description: description.clone(),
                users: users.clone(),
                devices: devices.clone(),
            }),
            Command::UpdateGroup {
                id,
                name,
                description,
                users,
                devices,
            } => Some(Kept::Group {
                kind: None,
                id: Some(*id),
                name: name.clone(),
                description: description.clone(),
                users: users.clone(),
                devices: devices.clone(),
            }),
            _ => None,
        }
    }

    /// `None`: a group kept with neither its kind nor its id (which this
    /// version never writes).
    fn command(self) -> Option<Command> {
        Some(match self {
            Kept::Authority {
                authority,
                confirmed,
            } => Command::SetAuthority {
                authority,
                confirmed,
            },
            Kept::Portal(portal) => Command::SavePortal { portal },
            Kept::Domain(name) => Command::AddDomain { name },
            Kept::Devices { text, skip_invalid } => Command::ImportDevices { text, skip_invalid },
            Kept::AppleCertificate {
                apple_id,
                certificate,
                replace_topic,
            } => Command::UploadApplePushCertificate {
                apple_id,
                certificate,
                replace_topic,
            },
            Kept::Licences {
                assign: true,
                users,
            } => Command::AssignLicenses { users },
            Kept::Licences {
                assign: false,
                users,
            } => Command::RemoveLicenses { users },
            Kept::Group {
                id: Some(id),
                name,
                description,
                users,
                devices,
                ..
            } => Command::UpdateGroup {
                id,
                name,
                description,
                users,
                devices,
            },
            Kept::Group {
                kind: Some(kind),
                name,
                description,
                users,
                devices,
                ..
            } => Command::CreateGroup {
                kind,
                name,
                description,
                users,
                devices,
            },
            Kept::Group { .. } => return None,
        })
    }
}

/// Whether a change is kept across a sign-in (without reading it).
pub fn has_kept() -> bool {
    item(KEPT).is_some()
}

/// "Sign in again, keeping it": keeps the unsent change in this tab, then
/// signs in to the last tenant asking for the permissions this tab has and
/// those the tenant wanted, to come back to this page.
pub async fn sign_in_keeping(state: AppState) {
    let wanted = match state.unsent_reason.get_untracked() {
        Some(BackendError::TenantSignIn { permissions, .. }) => permissions,
        _ => Vec::new(),
    };
    let started = (|| {
        if let Some(kept) = state.unsent.get_untracked().as_ref().and_then(Kept::of) {
            write(KEPT, &kept)?;
        }
        let settings = last_settings().ok_or(SignInError::NoTenant)?;
        let mut scopes = held_token().map(|t| t.scopes).unwrap_or_default();
        scopes.extend(wanted);
        let back = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .map(|h| h.trim_start_matches('#').to_owned());
        start(settings, scopes, back)
    })();
    match started {
        Ok(url) => {
            state.leave_keeping();
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&url);
            }
        }
        Err(e) => state.save.set(SaveState::Failed(e.to_string())),
    }
}

/// Brings the change kept across a sign-in back to the banner, for Retry,
/// and removes it from the tab's storage; an unreadable one is left in
/// place and reported.
pub fn restore_kept(state: AppState) {
    let Some(text) = session().ok().and_then(|s| s.get_item(KEPT).ok().flatten()) else {
        return;
    };
    match serde_json::from_str::<Kept>(&text)
        .map_err(|e| e.to_string())
        .and_then(|kept| kept.command().ok_or_else(|| "a group change with neither its kind nor its id".to_owned()))
    {
        Ok(command) => {
            if let Ok(storage) = session() {
                let _ = storage.remove_item(KEPT);
            }
            state.restore_unsent(
                command,
                BackendError::TenantSignIn {
                    reason: "It was kept while you signed in again, and is not sent yet: press Retry to send it.".into(),
                    permissions: Vec::new(),
                    sign_in: false,
                },
            );
        }
        Err(e) => state.save.set(SaveState::Failed(format!(
            "A change kept across the sign-in cannot be read ({e}); it is left in this tab's session storage under {KEPT}."
        ))),
    }
}

/// This app's address as Microsoft must know it: origin and path, without
/// query or fragment.
pub fn redirect_uri() -> String {
    let location = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    format!(
        "{}{}",
        part(web_sys::Location::origin),
        part(web_sys::Location::pathname)
    )
}

fn random<const N: usize>() -> Result<[u8; N], SignInError> {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window()
        .ok_or_else(|| SignInError::Random("no window".into()))?
        .crypto()
        .map_err(|e| SignInError::Random(js_text(&e)))?;
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| SignInError::Random(js_text(&e)))?;
    Ok(bytes)
}

/// Every permission a sign-in asks for: [`pkce::SIGN_IN_SCOPES`], then
/// `extra` (without repeats, in order).
fn all_scopes(extra: &[String]) -> Vec<String> {
    let mut scopes: Vec<String> = pkce::SIGN_IN_SCOPES.iter().map(|s| s.to_string()).collect();
    for s in extra {
        if !scopes.iter().any(|k| k.eq_ignore_ascii_case(s)) {
            scopes.push(s.clone());
        }
    }
    scopes
}

/// Keeps a new pending sign-in for `settings` and gives the address to
/// send the browser to. `extra`: delegated permissions to ask for beyond
/// the sign-in's own; `return_to`: the page to come back to.
pub fn start(
    settings: GraphSettings,
    extra: Vec<String>,
    return_to: Option<String>,
) -> Result<String, SignInError> {
    let verifier = pkce::code_verifier_from(&random::<32>()?);
    let state = graph::encode::base64url(&random::<24>()?);
    let redirect_uri = redirect_uri();
    let scopes = all_scopes(&extra);
    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let url = pkce::authorize_url(
        &settings.login_base,
        &settings.tenant,
        &settings.client_id,
        &redirect_uri,
        &scope_refs,
        &state,
        &pkce::s256_challenge(&verifier),
    );
    write(
        PENDING,
        &Pending {
            verifier,
            state,
            redirect_uri,
            settings,
            scopes: extra,
            return_to,
        },
    )?;
    Ok(url)
}

/// The sign-in answer in `search` (the address's query): `None` when there
/// is none; else, once the code is traded for a token, the tenant signed
/// in to. The answer is removed from the address at once (the hash stays)
/// and the pending sign-in is used up, whatever the outcome.
pub async fn finish(search: &str) -> Option<Result<SignedIn, SignInError>> {
    let answer = pkce::read_redirect(search);
    if answer == Redirect::None {
        return None;
    }
    forget_answer_in_address(search);
    let pending: Option<Pending> = read(PENDING);
    if let Ok(storage) = session() {
        let _ = storage.remove_item(PENDING);
    }
    Some(trade(answer, pending).await)
}

fn forget_answer_in_address(search: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let address = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        pkce::strip_redirect(search),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}

async fn trade(answer: Redirect, pending: Option<Pending>) -> Result<SignedIn, SignInError> {
    let expected = pending.as_ref().map(|p| p.state.as_str());
    let (code, state) = match answer {
        Redirect::None => return Err(StateError::Missing.into()),
        Redirect::Error {
            error,
            description,
            state,
        } => {
            pkce::check_state(expected, state.as_deref())?;
            return Err(SignInError::Service { error, description });
        }
        Redirect::Code { code, state } => (code, state),
    };
    pkce::check_state(expected, state.as_deref())?;
    let Some(pending) = pending else {
        return Err(StateError::NotStarted.into());
    };
    let settings = pending.settings;
    let url = pkce::token_url(&settings.login_base, &settings.tenant);
    let scopes = all_scopes(&pending.scopes);
    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let body = pkce::token_request_body(
        &settings.client_id,
        &code,
        &pending.redirect_uri,
        &pending.verifier,
        &scope_refs,
    );
    let tenant = settings.tenant.clone();
    redeem(&url, body, settings, Vec::new()).await?;
    Ok(SignedIn {
        tenant,
        return_to: pending.return_to,
    })
}

/// Posts `body` to the token endpoint at `url` and keeps the token it
/// gives for `settings` (`scopes`: the permissions to assume when the
/// answer does not list them).
async fn redeem(
    url: &str,
    body: String,
    settings: GraphSettings,
    scopes: Vec<String>,
) -> Result<HeldToken, SignInError> {
    let network = |detail: String| SignInError::Network {
        url: url.to_owned(),
        detail,
    };
    let response = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .map_err(|e| network(e.to_string()))?
        .send()
        .await
        .map_err(|e| network(e.to_string()))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| network(e.to_string()))?;
    let token = pkce::parse_token_answer(status, &text)?;
    let granted: Vec<String> = token
        .scope
        .unwrap_or_default()
        .split_whitespace()
        .map(|s| {
            s.trim_start_matches("https://graph.microsoft.com/")
                .to_owned()
        })
        .collect();
    let held = HeldToken {
        access_token: token.access_token,
        expires_at_ms: token
            .expires_in
            .map(|s| js_sys::Date::now() + s as f64 * 1000.0),
        settings,
        scopes: if granted.is_empty() { scopes } else { granted },
        refresh_token: token.refresh_token,
    };
    write(TOKEN, &held)?;
    Ok(held)
}

/// Renews the held sign-in with its refresh token, without Microsoft's
/// page: the new token (and refresh token) replace the old ones. `None`
/// when there is nothing to renew with.
pub async fn renew(held: &HeldToken) -> Option<Result<HeldToken, SignInError>> {
    let refresh = held.refresh_token.as_deref()?;
    let settings = held.settings.clone();
    let url = pkce::token_url(&settings.login_base, &settings.tenant);
    let scopes = all_scopes(&held.scopes);
    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let body = pkce::refresh_request_body(&settings.client_id, refresh, &scope_refs);
    Some(redeem(&url, body, settings, held.scopes.clone()).await)
}

/// `GET /organization` with the held token.
pub async fn test_connection() -> Result<TenantFound, ConnectionError> {
    let token = held_token().ok_or(ConnectionError::NotSignedIn)?;
    let url = graph::request::organization().url(&token.settings.graph_base);
    let network = |detail: String| ConnectionError::Network {
        url: token.settings.graph_base.clone(),
        detail,
    };
    let response = gloo_net::http::Request::get(&url)
        .header("Authorization", &format!("Bearer {}", token.access_token))
        .send()
        .await
        .map_err(|e| network(e.to_string()))?;
    let status = response.status();
    let retry_after = response.headers().get("Retry-After");
    let text = response.text().await.map_err(|e| network(e.to_string()))?;
    if status != 200 {
        return Err(
            match graph::graph_error(status, retry_after.as_deref(), &text) {
                GraphError::Unauthorized { .. } => ConnectionError::Expired,
                GraphError::Forbidden { permissions, .. } => ConnectionError::Forbidden {
                    permission: if permissions.is_empty() {
                        "Organization.Read.All".into()
                    } else {
                        permissions.join(", ")
                    },
                },
                other => ConnectionError::Graph(other.to_string()),
            },
        );
    }
    let page = graph::parse_page::<Organization>(&text, "organization")?;
    let org = page
        .items
        .into_iter()
        .next()
        .ok_or(ConnectionError::NoOrganization)?;
    Ok(TenantFound {
        name: org.display_name.unwrap_or_else(|| org.id.clone()),
        mdm_authority: match org.mobile_device_management_authority {
            MdmAuthority::Unknown => "not set yet",
            MdmAuthority::Intune => "Microsoft Intune",
            MdmAuthority::Sccm => "Configuration Manager",
            MdmAuthority::Office365 => "Basic Mobility and Security (Office 365)",
            MdmAuthority::Other => "a value this app does not know",
        },
    })
}
