//! The JSON API under `/api/v1` (see `server/openapi.yaml`).

use crate::dns::Lookups;
use crate::store::{ApplyError, Current, HistoryEntry, Store, StoreError};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_MATCH, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{Command, DomainError, DomainName, Timestamp};
use serde_json::json;
use std::sync::Arc;

pub const MAX_TENANT_CHARS: usize = domain::backend_settings::MAX_TENANT;

#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Store,
    pub token: Option<Arc<str>>,
    pub lookups: Lookups,
}

/// Every way a request can fail; each becomes a JSON body with `error` (a
/// stable code) and `message` (for people).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(
        "Tenant ids are 1 to {MAX_TENANT_CHARS} characters of lowercase letters, digits, \"-\" and \".\"; got {value:?}."
    )]
    BadTenant { value: String },
    #[error("This server needs an API token: send the header `Authorization: Bearer <token>`.")]
    MissingToken,
    #[error("The API token sent in the Authorization header is not this server's token.")]
    WrongToken,
    #[error(
        "The header If-Match is required: send the revision your change is based on, as If-Match: \"<revision>\" (the ETag of the setup you read)."
    )]
    PreconditionRequired,
    #[error("The If-Match header {value:?} is not a quoted revision number such as \"12\".")]
    BadIfMatch { value: String },
    #[error("The request body is larger than {limit} bytes, the most a command may take.")]
    TooLarge { limit: usize },
    #[error("The address could not be read: {0}.")]
    BadPath(String),
    #[error("The request body could not be read: {0}.")]
    BadBody(String),
    #[error("The request body is not valid JSON: {0}.")]
    NotJson(String),
    #[error(
        "The request body is not a valid command: {0}. A command is a JSON object whose \"type\" names a command, with that command's fields (see openapi.yaml)."
    )]
    NotACommand(String),
    #[error("{0}")]
    Rejected(DomainError),
    #[error(
        "This server looks DNS up itself and records only what it found there, so it does not accept {command} from clients. {instead} Nothing was changed."
    )]
    DnsLookupNotAccepted { command: String, instead: String },
    #[error(
        "The setup changed since you read it: you sent revision {expected} but it is at revision {}. Nothing was written; the current setup is included.",
        current.revision
    )]
    Stale { expected: u64, current: Current },
    #[error("There is nothing at this address. The API is under /api/v1/tenants/{{tenant}}/ (setup, commands, history, domains/{{name}}/verify, domains/{{name}}/cnames/check).")]
    NotFound,
    #[error("This method is not allowed here.")]
    MethodNotAllowed,
    #[error("The server could not complete the request: {0}")]
    Store(#[from] StoreError),
    #[error("The server could not complete the request: {0}")]
    Internal(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadTenant { .. }
            | ApiError::BadIfMatch { .. }
            | ApiError::BadPath(_)
            | ApiError::BadBody(_)
            | ApiError::NotJson(_)
            | ApiError::NotACommand(_)
            | ApiError::Rejected(_)
            | ApiError::DnsLookupNotAccepted { .. } => StatusCode::BAD_REQUEST,
            ApiError::MissingToken | ApiError::WrongToken => StatusCode::UNAUTHORIZED,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Stale { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Store(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code in the body's `error` key.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadTenant { .. } => "bad_tenant",
            ApiError::MissingToken | ApiError::WrongToken => "unauthorized",
            ApiError::PreconditionRequired => "precondition_required",
            ApiError::BadIfMatch { .. } => "bad_if_match",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::BadPath(_)
            | ApiError::BadBody(_)
            | ApiError::NotJson(_)
            | ApiError::NotACommand(_) => "malformed",
            ApiError::Rejected(_) => "rejected",
            ApiError::DnsLookupNotAccepted { .. } => "dns_lookup_not_accepted",
            ApiError::Stale { .. } => "stale",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Store(StoreError::Unreadable { .. }) => "unreadable",
            ApiError::Store(_) | ApiError::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.to_string();
        let body = match &self {
            // The stored document goes out as it is, not re-encoded.
            ApiError::Stale { current, .. } => format!(
                r#"{{"error":"stale","message":{},"current":{}}}"#,
                json!(message),
                current.doc
            ),
            ApiError::Rejected(error) => {
                json!({ "error": self.code(), "message": message, "detail": error }).to_string()
            }
            _ => {
                if matches!(self, ApiError::Store(_) | ApiError::Internal(_)) {
                    eprintln!("error: {message}");
                }
                json!({ "error": self.code(), "message": message }).to_string()
            }
        };
        let mut response = (status, json_body(body)).into_response();
        match &self {
            ApiError::MissingToken | ApiError::WrongToken => {
                response
                    .headers_mut()
                    .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::Stale { current, .. } => set_etag(&mut response, current.revision),
            _ => {}
        }
        response
    }
}

fn json_body(body: String) -> ([(axum::http::HeaderName, HeaderValue); 1], String) {
    (
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
}

/// 200 with the document and its revision as a strong ETag.
fn document(current: Current) -> Response {
    let mut response = json_body(current.doc).into_response();
    set_etag(&mut response, current.revision);
    response
}

fn set_etag(response: &mut Response, revision: u64) {
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{revision}\"")) {
        response.headers_mut().insert(ETAG, etag);
    }
}

/// Checks `Authorization: Bearer <token>` when the server has a token.
pub(crate) async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(token) = &state.token {
        let sent = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, rest) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then_some(rest.trim())
            });
        match sent {
            None => return ApiError::MissingToken.into_response(),
            Some(sent) if !same_secret(sent.as_bytes(), token.as_bytes()) => {
                return ApiError::WrongToken.into_response()
            }
            Some(_) => {}
        }
    }
    next.run(request).await
}

/// Compares without stopping at the first difference, so the time taken
/// does not tell how much of a guess was right.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The domain's tenant id rule (the settings page checks the same).
pub fn check_tenant(value: &str) -> Result<(), ApiError> {
    domain::backend_settings::check_tenant(value)
        .map(|_| ())
        .map_err(|_| ApiError::BadTenant {
            value: domain::connections::shorten(value, 80),
        })
}

fn tenant(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    // Only a tenant that is not UTF-8 once percent-decoded fails here.
    let Path(tenant) = path.map_err(|e| ApiError::BadTenant {
        value: format!("<{}>", e.body_text()),
    })?;
    check_tenant(&tenant)?;
    Ok(tenant)
}

/// `"12"` → 12. Only a single strong tag can name a revision.
fn expected_revision(headers: &HeaderMap) -> Result<u64, ApiError> {
    let value = headers
        .get(IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    let bad = || ApiError::BadIfMatch {
        value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
    };
    let text = value.to_str().map_err(|_| bad())?.trim();
    let digits = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(bad)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    digits.parse().map_err(|_| bad())
}

fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Timestamp(ms)
}

async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(format!("a database task failed ({e})")))
}

pub(crate) async fn get_setup(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let tenant = tenant(path)?;
    let current = blocking(move || state.store.load(&tenant)).await??;
    Ok(document(current))
}

pub(crate) async fn post_command(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let tenant = tenant(path)?;
    let expected = expected_revision(&headers)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge {
                limit: crate::BODY_LIMIT,
            }
        } else {
            ApiError::BadBody(e.body_text())
        }
    })?;
    let command: Command = serde_json::from_slice(&body).map_err(|e| {
        if e.classify() == serde_json::error::Category::Data {
            ApiError::NotACommand(e.to_string())
        } else {
            ApiError::NotJson(e.to_string())
        }
    })?;
    if command.claims_dns_lookup() {
        return Err(lookup_not_accepted(&tenant, &command));
    }
    let applied = blocking(move || state.store.apply(&tenant, expected, command, now()))
        .await?
        .map_err(refused)?;
    Ok(document(applied))
}

fn refused(error: ApplyError) -> ApiError {
    match error {
        ApplyError::Stale { expected, current } => ApiError::Stale { expected, current },
        ApplyError::Rejected(error) => ApiError::Rejected(error),
        ApplyError::Store(error) => ApiError::Store(error),
    }
}

/// The refusal of a command that claims a DNS lookup: what to send instead.
fn lookup_not_accepted(tenant: &str, command: &Command) -> ApiError {
    let shown = |name: &str| match DomainName::parse(name) {
        Ok(name) => name.to_string(),
        Err(_) => "{name}".to_owned(),
    };
    let (what, instead) = match command {
        Command::VerifyDomain { name, .. } => (
            "verify_domain with method dns_lookup",
            format!(
                "To have it look the TXT record up, send POST /api/v1/tenants/{tenant}/domains/{}/verify; to confirm the domain by hand, send verify_domain with method admin_confirmed.",
                shown(name)
            ),
        ),
        Command::RecordTxtFound { name, .. } => (
            "record_txt_found",
            format!(
                "To have it look the TXT record up, send POST /api/v1/tenants/{tenant}/domains/{}/verify; to confirm the domain by hand, send verify_domain with method admin_confirmed.",
                shown(name)
            ),
        ),
        Command::RecordCnamesFound { domain, .. } => (
            "record_cnames_found",
            format!(
                "To have it look the CNAME records up, send POST /api/v1/tenants/{tenant}/domains/{}/cnames/check; to confirm them by hand, send set_cnames_published.",
                shown(domain)
            ),
        ),
        _ => ("this command", String::new()),
    };
    ApiError::DnsLookupNotAccepted {
        command: format!("the command {what}"),
        instead,
    }
}

/// The tenant and the domain name of `/tenants/{tenant}/domains/{name}/…`,
/// percent-decoded; the name by the domain's rules.
fn tenant_and_domain(
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<(String, DomainName), ApiError> {
    let Path((tenant, name)) = path.map_err(|e| ApiError::BadPath(e.body_text()))?;
    check_tenant(&tenant)?;
    let name =
        DomainName::parse(&name).map_err(|e| ApiError::Rejected(DomainError::DomainName(e)))?;
    Ok((tenant, name))
}

/// The shape shared by the two lookup endpoints: refuse what the domain
/// would refuse (or a stale revision) before looking anything up; look
/// up; record `command` only if `found`. The reply has the check, who
/// answered, and the document after, with its ETag.
async fn look_up_and_record<C, F>(
    state: AppState,
    tenant: String,
    expected: u64,
    command: Command,
    look_up: F,
    found: fn(&C) -> bool,
) -> Result<Response, ApiError>
where
    C: serde::Serialize,
    F: std::future::Future<Output = C>,
{
    let store = state.store.clone();
    let (t, c) = (tenant.clone(), command.clone());
    let before = blocking(move || store.check(&t, expected, c, now()))
        .await?
        .map_err(refused)?;
    let check = look_up.await;
    let after = if found(&check) {
        let store = state.store.clone();
        blocking(move || store.apply(&tenant, expected, command, now()))
            .await?
            .map_err(refused)?
    } else {
        before
    };
    let check = serde_json::to_string(&check)
        .map_err(|e| ApiError::Internal(format!("the check cannot be written as JSON ({e})")))?;
    let body = format!(
        r#"{{"check":{check},"resolver":{},"setup":{}}}"#,
        json!(state.lookups.label()),
        after.doc
    );
    let mut response = json_body(body).into_response();
    set_etag(&mut response, after.revision);
    Ok(response)
}

/// `POST /tenants/{tenant}/domains/{name}/verify`: the TXT lookup, and
/// `RecordTxtFound` when the value is published.
pub(crate) async fn post_verify(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (tenant, name) = tenant_and_domain(path)?;
    let expected = expected_revision(&headers)?;
    let command = Command::RecordTxtFound {
        name: name.to_string(),
        resolver: state.lookups.label(),
    };
    let lookups = state.lookups.clone();
    let look_up = async move { lookups.txt(&name).await };
    look_up_and_record(state, tenant, expected, command, look_up, |check| {
        check.is_found()
    })
    .await
}

/// `POST /tenants/{tenant}/domains/{name}/cnames/check`: both CNAME
/// lookups, and `RecordCnamesFound` when both are correct.
pub(crate) async fn post_cnames_check(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (tenant, name) = tenant_and_domain(path)?;
    let expected = expected_revision(&headers)?;
    let command = Command::RecordCnamesFound {
        domain: name.to_string(),
        resolver: state.lookups.label(),
    };
    let lookups = state.lookups.clone();
    let look_up = async move { lookups.cnames(&name).await };
    look_up_and_record(state, tenant, expected, command, look_up, |check| {
        check.all_correct()
    })
    .await
}

pub(crate) async fn get_history(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let tenant = tenant(path)?;
    let entries = blocking(move || state.store.history(&tenant)).await??;
    #[derive(serde::Serialize)]
    struct History {
        entries: Vec<HistoryEntry>,
    }
    let body = serde_json::to_string(&History { entries })
        .map_err(|e| ApiError::Internal(format!("the history cannot be written as JSON ({e})")))?;
    Ok(json_body(body).into_response())
}

pub(crate) async fn healthz() -> Response {
    json_body(json!({ "status": "ok" }).to_string()).into_response()
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_rule() {
        for ok in ["a", "contoso", "contoso-eu.1", &"a".repeat(63)] {
            assert!(check_tenant(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Contoso", "a_b", "a b", "é", &"a".repeat(64)] {
            let err = check_tenant(bad).unwrap_err();
            assert!(err.to_string().contains("1 to 63"), "{err}");
        }
    }

    #[test]
    fn if_match_forms() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(IF_MATCH, HeaderValue::from_str(v).unwrap());
            expected_revision(&h)
        };
        assert_eq!(with("\"0\"").unwrap(), 0);
        assert_eq!(with(" \"42\" ").unwrap(), 42);
        for bad in [
            "42",
            "W/\"42\"",
            "*",
            "\"\"",
            "\"-1\"",
            "\"1\", \"2\"",
            "\"99999999999999999999\"",
        ] {
            assert!(
                matches!(with(bad), Err(ApiError::BadIfMatch { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            expected_revision(&HeaderMap::new()),
            Err(ApiError::PreconditionRequired)
        ));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
    }
}
