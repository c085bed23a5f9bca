//! Sign-in with the Microsoft identity platform: authorization code flow
//! with PKCE (RFC 7636, S256), for a single-page app (no client secret).

use crate::encode::{base64url, form, path_segment};
use crate::sha256::sha256;

/// Where the sign-in happens.
pub const LOGIN_BASE: &str = "https://login.microsoftonline.com";

/// The sign-in answer does not belong to the sign-in this app started.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    #[error("The sign-in answer came back without its check value. Sign in again.")]
    Missing,
    #[error("The sign-in answer does not belong to the sign-in started here (the check value differs). Sign in again.")]
    Mismatch,
    #[error("No sign-in was started here, so this answer cannot be used. Sign in again.")]
    NotStarted,
}

/// The code verifier for 32 random bytes: base64url without padding, 43
/// characters (RFC 7636 §4.1).
pub fn code_verifier_from(random: &[u8; 32]) -> String {
    base64url(random)
}

/// `BASE64URL(SHA256(verifier))` (RFC 7636 §4.2, S256).
pub fn s256_challenge(verifier: &str) -> String {
    base64url(&sha256(verifier.as_bytes()))
}

/// The authorize URL under `login_base` (normally [`LOGIN_BASE`]):
/// `response_type=code`, `response_mode=query`, S256.
pub fn authorize_url(
    login_base: &str,
    tenant: &str,
    client_id: &str,
    redirect_uri: &str,
    scopes: &[&str],
    state: &str,
    challenge: &str,
) -> String {
    let scope = scopes.join(" ");
    format!(
        "{}/{}/oauth2/v2.0/authorize?{}",
        login_base.trim_end_matches('/'),
        path_segment(tenant),
        form(&[
            ("client_id", client_id),
            ("response_type", "code"),
            ("redirect_uri", redirect_uri),
            ("response_mode", "query"),
            ("scope", &scope),
            ("state", state),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ])
    )
}

/// The token endpoint for `tenant` under `login_base` (normally
/// [`LOGIN_BASE`]).
pub fn token_url(login_base: &str, tenant: &str) -> String {
    format!(
        "{}/{}/oauth2/v2.0/token",
        login_base.trim_end_matches('/'),
        path_segment(tenant)
    )
}

/// The form body that trades the code for tokens.
pub fn token_request_body(
    client_id: &str,
    code: &str,
    redirect_uri: &str,
    code_verifier: &str,
    scopes: &[&str],
) -> String {
    let scope = scopes.join(" ");
    form(&[
        ("grant_type", "authorization_code"),
        ("client_id", client_id),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("code_verifier", code_verifier),
        ("scope", &scope),
    ])
}

/// The form body that renews a sign-in with its refresh token (a
/// single-page application's lasts 24 hours; each use gives a new one).
pub fn refresh_request_body(client_id: &str, refresh_token: &str, scopes: &[&str]) -> String {
    let scope = scopes.join(" ");
    form(&[
        ("grant_type", "refresh_token"),
        ("client_id", client_id),
        ("refresh_token", refresh_token),
        ("scope", &scope),
    ])
}

/// Checks the `state` that came back against the one sent, comparing every
/// byte (no early exit).
pub fn check_state(expected: Option<&str>, got: Option<&str>) -> Result<(), StateError> {
    let expected = match expected {
        Some(e) if !e.is_empty() => e,
        _ => return Err(StateError::NotStarted),
    };
    let got = match got {
        Some(g) if !g.is_empty() => g,
        _ => return Err(StateError::Missing),
    };
    let (a, b) = (expected.as_bytes(), got.as_bytes());
    let diff = a
        .iter()
        .zip(b)
        .fold(u8::from(a.len() != b.len()), |d, (x, y)| d | (x ^ y));
    if diff == 0 {
        Ok(())
    } else {
        Err(StateError::Mismatch)
    }
}

/// The scopes the settings page asks for, with what each one is for.
pub const SIGN_IN_SCOPES: &[&str] = &[
    "openid",
    "offline_access",
    "User.Read",
    "Domain.Read.All",
    "Organization.Read.All",
];

/// What came back to the redirect URI, read from its query string
/// (`?code=…&state=…` or `?error=…&error_description=…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// Not a sign-in answer (no `code` and no `error`).
    None,
    Code {
        code: String,
        state: Option<String>,
    },
    Error {
        error: String,
        description: String,
        state: Option<String>,
    },
}

/// Reads the query string of the address the sign-in came back to (with or
/// without its leading `?`).
pub fn read_redirect(search: &str) -> Redirect {
    let pairs: Vec<(String, String)> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let state = get("state");
    if let Some(error) = get("error") {
        Redirect::Error {
            error,
            description: get("error_description").unwrap_or_default(),
            state,
        }
    } else if let Some(code) = get("code") {
        Redirect::Code { code, state }
    } else {
        Redirect::None
    }
}

/// The query string without the sign-in answer's parameters (`code`,
/// `state`, `session_state`, `error`, `error_description`, `error_uri`),
/// with its `?` when anything is left.
pub fn strip_redirect(search: &str) -> String {
    const ANSWER: &[&str] = &[
        "code",
        "state",
        "session_state",
        "error",
        "error_description",
        "error_uri",
        "client_info",
    ];
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let key = p.split_once('=').map_or(*p, |(k, _)| k);
            !ANSWER.contains(&form_decode(key).as_str())
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a
/// byte; malformed escapes are kept as they are, bytes that are not UTF-8
/// become U+FFFD.
fn form_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The token endpoint's answer to the code: the access token and how many
/// seconds it lasts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct TokenAnswer {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// The permissions granted, space-separated (Graph's without their
    /// `https://graph.microsoft.com/` prefix).
    #[serde(default)]
    pub scope: Option<String>,
    /// Renews the sign-in without Microsoft's page (asked for with
    /// `offline_access`).
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// The token endpoint did not give a token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("Microsoft's sign-in refused to give a token (HTTP {status}, {error}): {description}")]
    Refused {
        status: u16,
        error: String,
        description: String,
    },
    #[error("Microsoft's sign-in answered HTTP {status} with something that is not a token answer ({detail}).")]
    Unreadable { status: u16, detail: String },
}

#[derive(serde::Deserialize)]
struct TokenRefusal {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
}

/// Reads the token endpoint's answer: a token on 200, else its `error` and
/// `error_description`.
pub fn parse_token_answer(status: u16, body: &str) -> Result<TokenAnswer, TokenError> {
    if status == 200 {
        return serde_json::from_str::<TokenAnswer>(body)
            .ok()
            .filter(|t| !t.access_token.is_empty())
            .ok_or_else(|| TokenError::Unreadable {
                status,
                detail: "no access_token".into(),
            });
    }
    match serde_json::from_str::<TokenRefusal>(body) {
        Ok(r) if !r.error.is_empty() => Err(TokenError::Refused {
            status,
            error: r.error,
            description: r.error_description,
        }),
        _ => Err(TokenError::Unreadable {
            status,
            detail: "no error code".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let random: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let verifier = code_verifier_from(&random);
        assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(verifier.len(), 43);
        assert_eq!(
            s256_challenge(&verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_alphabet_and_length() {
        let v = code_verifier_from(&[0xff; 32]);
        assert_eq!(v.len(), 43);
        assert!(v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn authorize_url_encodes_every_value() {
        let url = authorize_url(
            LOGIN_BASE,
            "organizations",
            "11111111-2222-3333-4444-555555555555",
            "https://app.example/sub path/?x=1",
            &["openid", "offline_access", "Domain.ReadWrite.All"],
            "st&ate=1",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        );
        assert_eq!(
            url,
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?\
             client_id=11111111-2222-3333-4444-555555555555&response_type=code\
             &redirect_uri=https%3A%2F%2Fapp.example%2Fsub+path%2F%3Fx%3D1&response_mode=query\
             &scope=openid+offline_access+Domain.ReadWrite.All&state=st%26ate%3D1\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        );
        assert_eq!(
            token_url(LOGIN_BASE, "contoso.onmicrosoft.com"),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert!(authorize_url(LOGIN_BASE, "a/b", "c", "d", &[], "s", "x")
            .starts_with("https://login.microsoftonline.com/a%2Fb/oauth2/v2.0/authorize?"));
        assert!(
            authorize_url("http://127.0.0.1:9/", "t", "c", "d", &[], "s", "x")
                .starts_with("http://127.0.0.1:9/t/oauth2/v2.0/authorize?")
        );
        assert_eq!(
            token_url("http://127.0.0.1:9", "t"),
            "http://127.0.0.1:9/t/oauth2/v2.0/token"
        );
    }

    #[test]
    fn token_body() {
        assert_eq!(
            token_request_body("cid", "0.AX+y/z", "http://localhost:8080/", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", &["User.Read", "offline_access"]),
            "grant_type=authorization_code&client_id=cid&code=0.AX%2By%2Fz\
             &redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F\
             &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&scope=User.Read+offline_access"
        );
        assert_eq!(
            refresh_request_body(
                "cid",
                "0.AR+t/k=",
                &["openid", "offline_access", "User.Read"]
            ),
            "grant_type=refresh_token&client_id=cid&refresh_token=0.AR%2Bt%2Fk%3D\
             &scope=openid+offline_access+User.Read"
        );
    }

    #[test]
    fn state_check() {
        assert_eq!(check_state(Some("abc"), Some("abc")), Ok(()));
        assert_eq!(
            check_state(Some("abc"), Some("abd")),
            Err(StateError::Mismatch)
        );
        assert_eq!(
            check_state(Some("abc"), Some("abcd")),
            Err(StateError::Mismatch)
        );
        assert_eq!(check_state(Some("abc"), Some("")), Err(StateError::Missing));
        assert_eq!(check_state(Some("abc"), None), Err(StateError::Missing));
        assert_eq!(check_state(None, Some("abc")), Err(StateError::NotStarted));
    }

    #[test]
    fn redirect_answers() {
        assert_eq!(read_redirect(""), Redirect::None);
        assert_eq!(read_redirect("?x=1"), Redirect::None);
        assert_eq!(
            read_redirect("?code=0.AX%2By&state=abc&session_state=s"),
            Redirect::Code {
                code: "0.AX+y".into(),
                state: Some("abc".into())
            }
        );
        assert_eq!(
            read_redirect("error=access_denied&error_description=The+user+said+no%2E&state=s"),
            Redirect::Error {
                error: "access_denied".into(),
                description: "The user said no.".into(),
                state: Some("s".into())
            }
        );
        assert_eq!(strip_redirect("?code=1&state=2"), "");
        assert_eq!(strip_redirect("?a=1&code=1&state=2&b=%"), "?a=1&b=%");
        assert_eq!(form_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn token_answers() {
        assert_eq!(
            parse_token_answer(
                200,
                r#"{"access_token":"t","expires_in":3599,"token_type":"Bearer","scope":"Domain.Read.All User.Read"}"#
            ),
            Ok(TokenAnswer {
                access_token: "t".into(),
                expires_in: Some(3599),
                scope: Some("Domain.Read.All User.Read".into()),
                refresh_token: None,
            })
        );
        assert_eq!(
            parse_token_answer(200, r#"{"access_token":"t","refresh_token":"r"}"#)
                .map(|t| t.refresh_token),
            Ok(Some("r".into()))
        );
        let e = parse_token_answer(
            400,
            r#"{"error":"invalid_grant","error_description":"AADSTS70008: expired."}"#,
        )
        .expect_err("refused");
        assert!(e.to_string().contains("AADSTS70008: expired."), "{e}");
        assert!(matches!(
            parse_token_answer(200, "{}"),
            Err(TokenError::Unreadable { .. })
        ));
        assert!(matches!(
            parse_token_answer(502, "<html>"),
            Err(TokenError::Unreadable { status: 502, .. })
        ));
    }
}
