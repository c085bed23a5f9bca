//! The JSON API under `/api/v1` (see `server/openapi.yaml`).

use crate::store::{ApplyError, Current, HistoryEntry, Store, StoreError};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_MATCH, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{Command, DomainError, Timestamp};
use serde_json::json;
use std::sync::Arc;

pub const MAX_TENANT_CHARS: usize = domain::backend_settings::MAX_TENANT;

#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Store,
    pub token: Option<Arc<str>>,
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
        "The setup changed since you read it: you sent revision {expected} but it is at revision {}. Nothing was written; the current setup is included.",
        current.revision
    )]
    Stale { expected: u64, current: Current },
    #[error("There is nothing at this address. The API is under /api/v1/tenants/{{tenant}}/ (setup, commands, history).")]
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
            | ApiError::BadBody(_)
            | ApiError::NotJson(_)
            | ApiError::NotACommand(_)
            | ApiError::Rejected(_) => StatusCode::BAD_REQUEST,
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
            ApiError::BadBody(_) | ApiError::NotJson(_) | ApiError::NotACommand(_) => "malformed",
            ApiError::Rejected(_) => "rejected",
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
    let applied = blocking(move || state.store.apply(&tenant, expected, command, now()))
        .await?
        .map_err(|e| match e {
            ApplyError::Stale { expected, current } => ApiError::Stale { expected, current },
            ApplyError::Rejected(error) => ApiError::Rejected(error),
            ApplyError::Store(error) => ApiError::Store(error),
        })?;
    Ok(document(applied))
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
