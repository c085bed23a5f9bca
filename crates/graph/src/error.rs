//! Graph's error bodies and what they mean for the person at the keyboard.

use std::fmt;

use serde::Deserialize;

/// A response body that is not what Graph documents.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Microsoft Graph sent a {what} that could not be read ({detail}).")]
pub struct ParseError {
    pub what: &'static str,
    pub detail: String,
}

impl ParseError {
    pub(crate) fn new(what: &'static str, e: &serde_json::Error) -> Self {
        ParseError {
            what,
            detail: e.to_string(),
        }
    }
}

/// A Graph request that failed: the HTTP status, Graph's `error.code` and
/// `error.message` (empty when the body was not Graph's error JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphError {
    /// 401: the access token expired or is not valid.
    Unauthorized { code: String, message: String },
    /// 403: the account or app lacks a permission; `permissions` are the
    /// ones Graph's message names, if it names any.
    Forbidden {
        code: String,
        message: String,
        permissions: Vec<String>,
    },
    /// 404
    NotFound { code: String, message: String },
    /// 409: it already exists, or another change is under way.
    Conflict { code: String, message: String },
    /// 429 or 503: try again, after `retry_after_seconds` if Graph said.
    Throttled {
        status: u16,
        retry_after_seconds: Option<u64>,
        code: String,
        message: String,
    },
    /// Anything else.
    Other {
        status: u16,
        code: String,
        message: String,
    },
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// `Retry-After` as delta-seconds (`"30"`); an HTTP date or anything else
/// reads as `None`.
pub fn parse_retry_after(value: &str) -> Option<u64> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// The permission names (`DeviceManagementServiceConfig.ReadWrite.All`,
/// `Domain.ReadWrite.All`, `User.Read`) in a Graph message.
pub fn permissions_named(message: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in message.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | '\'' | '"' | '(' | ')' | '[' | ']')
    }) {
        let word = word.trim_end_matches(['.', ':']);
        let parts: Vec<&str> = word.split('.').collect();
        let shaped = parts.len() >= 2
            && parts.iter().all(|p| {
                p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && p.chars().all(|c| c.is_ascii_alphanumeric())
            });
        let access = parts[1..]
            .iter()
            .any(|p| p.starts_with("Read") || p.starts_with("Write") || *p == "All");
        if shaped && access && !found.iter().any(|f| f == word) {
            found.push(word.to_string());
        }
    }
    found
}

/// The error for a failed response: its status, the `Retry-After` header
/// value if there was one, and the body.
pub fn graph_error(status: u16, retry_after: Option<&str>, body: &str) -> GraphError {
    let (code, message) = match serde_json::from_str::<ErrorBody>(body) {
        Ok(b) => (
            b.error.code.unwrap_or_default(),
            b.error.message.unwrap_or_default(),
        ),
        Err(_) => (String::new(), String::new()),
    };
    match status {
        401 => GraphError::Unauthorized { code, message },
        403 => GraphError::Forbidden {
            permissions: permissions_named(&message),
            code,
            message,
        },
        404 => GraphError::NotFound { code, message },
        409 => GraphError::Conflict { code, message },
        429 | 503 => GraphError::Throttled {
            status,
            retry_after_seconds: retry_after.and_then(parse_retry_after),
            code,
            message,
        },
        _ => GraphError::Other {
            status,
            code,
            message,
        },
    }
}

impl GraphError {
    pub fn status(&self) -> u16 {
        match self {
            GraphError::Unauthorized { .. } => 401,
            GraphError::Forbidden { .. } => 403,
            GraphError::NotFound { .. } => 404,
            GraphError::Conflict { .. } => 409,
            GraphError::Throttled { status, .. } | GraphError::Other { status, .. } => *status,
        }
    }

    /// Graph's own message, if it sent one.
    pub fn graph_message(&self) -> &str {
        match self {
            GraphError::Unauthorized { message, .. }
            | GraphError::Forbidden { message, .. }
            | GraphError::NotFound { message, .. }
            | GraphError::Conflict { message, .. }
            | GraphError::Throttled { message, .. }
            | GraphError::Other { message, .. } => message,
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::Unauthorized { .. } => f.write_str(
                "Microsoft did not accept the sign-in: it has expired or is not valid. Sign in again.",
            )?,
            GraphError::Forbidden { permissions, .. } => {
                f.write_str("The signed-in account is not allowed to do this.")?;
                if !permissions.is_empty() {
                    write!(f, " It needs the permission {}", permissions.join(" or "))?;
                    f.write_str(", granted by an administrator.")?;
                }
            }
            GraphError::NotFound { .. } => {
                f.write_str("Microsoft Graph does not have this (it may have been deleted).")?
            }
            GraphError::Conflict { .. } => f.write_str(
                "Microsoft Graph refused because this already exists or is being changed.",
            )?,
            GraphError::Throttled {
                retry_after_seconds,
                ..
            } => {
                f.write_str("Microsoft Graph is busy.")?;
                match retry_after_seconds {
                    Some(s) => write!(f, " Try again in {s} seconds.")?,
                    None => f.write_str(" Try again in a moment.")?,
                }
            }
            GraphError::Other { status, .. } => {
                write!(f, "Microsoft Graph answered with an error (HTTP {status}).")?
            }
        }
        let m = self.graph_message();
        if !m.is_empty() {
            write!(f, " Microsoft said: {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str, message: &str) -> String {
        serde_json::json!({"error": {"code": code, "message": message, "innerError": {"request-id": "x"}}}).to_string()
    }

    #[test]
    fn statuses_map_to_kinds() {
        let e = graph_error(
            401,
            None,
            &body(
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
            ),
        );
        assert!(
            matches!(e, GraphError::Unauthorized { ref code, .. } if code == "InvalidAuthenticationToken")
        );
        assert!(e
            .to_string()
            .starts_with("Microsoft did not accept the sign-in"));
        assert!(matches!(
            graph_error(404, None, &body("Request_ResourceNotFound", "x")),
            GraphError::NotFound { .. }
        ));
        assert!(matches!(
            graph_error(409, None, "{}"),
            GraphError::Conflict { .. }
        ));
        let e = graph_error(502, None, "<html>Bad gateway</html>");
        assert_eq!(
            e,
            GraphError::Other {
                status: 502,
                code: String::new(),
                message: String::new()
            }
        );
        assert_eq!(
            e.to_string(),
            "Microsoft Graph answered with an error (HTTP 502)."
        );
    }

    #[test]
    fn forbidden_names_the_permission() {
        let e = graph_error(
            403,
            None,
            &body("Forbidden", "Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.ReadWrite.All, DeviceManagementConfiguration.ReadWrite.All - Operation ID (for customer support): 0"),
        );
        let GraphError::Forbidden { permissions, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(
            permissions,
            &[
                "DeviceManagementServiceConfig.ReadWrite.All",
                "DeviceManagementConfiguration.ReadWrite.All"
            ]
        );
        assert!(e.to_string().contains("needs the permission DeviceManagementServiceConfig.ReadWrite.All or DeviceManagementConfiguration.ReadWrite.All"));
        let e = graph_error(
            403,
            None,
            &body(
                "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.",
            ),
        );
        assert!(matches!(&e, GraphError::Forbidden { permissions, .. } if permissions.is_empty()));
        assert!(!e.to_string().contains("needs the permission"));
    }

    #[test]
    fn retry_after_in_seconds() {
        let e = graph_error(
            429,
            Some(" 12 "),
            &body("TooManyRequests", "Too many requests"),
        );
        assert!(matches!(
            e,
            GraphError::Throttled {
                status: 429,
                retry_after_seconds: Some(12),
                ..
            }
        ));
        assert!(e.to_string().contains("Try again in 12 seconds."));
        let e = graph_error(503, Some("Wed, 21 Oct 2015 07:28:00 GMT"), "");
        assert!(matches!(
            e,
            GraphError::Throttled {
                status: 503,
                retry_after_seconds: None,
                ..
            }
        ));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("99999999999999999999999"), None);
        assert_eq!(parse_retry_after(""), None);
    }
}
