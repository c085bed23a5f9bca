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

/// The authorize URL: `response_type=code`, `response_mode=query`, S256.
pub fn authorize_url(
    tenant: &str,
    client_id: &str,
    redirect_uri: &str,
    scopes: &[&str],
    state: &str,
    challenge: &str,
) -> String {
    let scope = scopes.join(" ");
    format!(
        "{LOGIN_BASE}/{}/oauth2/v2.0/authorize?{}",
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

/// The token endpoint for `tenant`.
pub fn token_url(tenant: &str) -> String {
    format!("{LOGIN_BASE}/{}/oauth2/v2.0/token", path_segment(tenant))
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
            token_url("contoso.onmicrosoft.com"),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert!(authorize_url("a/b", "c", "d", &[], "s", "x")
            .starts_with("https://login.microsoftonline.com/a%2Fb/oauth2/v2.0/authorize?"));
    }

    #[test]
    fn token_body() {
        assert_eq!(
            token_request_body("cid", "0.AX+y/z", "http://localhost:8080/", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", &["User.Read", "offline_access"]),
            "grant_type=authorization_code&client_id=cid&code=0.AX%2By%2Fz\
             &redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F\
             &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&scope=User.Read+offline_access"
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
}
