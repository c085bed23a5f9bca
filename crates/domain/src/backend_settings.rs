//! Where the app keeps the setup: this browser, or a server. The rules for
//! the server settings live here so the settings page and the reference
//! server agree on them (the tenant id rule is the server's path rule).

use serde::{Deserialize, Serialize};

pub const MAX_TENANT: usize = 63;
pub const MAX_TOKEN: usize = 256;
pub const MAX_SERVER_URL: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum SettingsError {
    #[error("Tenant “{value}”: use 1 to 63 lower-case letters, digits, “-” and “.” (for example contoso).")]
    Tenant { value: String },
    #[error("Server address “{value}”: {reason}")]
    ServerUrl { value: String, reason: String },
    #[error("Token: {reason}")]
    Token { reason: String },
    #[error("Resolver address “{value}”: {reason}")]
    ResolverUrl { value: String, reason: String },
}

/// 1–63 characters of `a-z`, `0-9`, `-` and `.`.
pub fn check_tenant(value: &str) -> Result<String, SettingsError> {
    let valid = (1..=MAX_TENANT).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if valid {
        Ok(value.to_owned())
    } else {
        Err(SettingsError::Tenant {
            value: crate::text::shorten(value, 70),
        })
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "[::1]" || host.starts_with("127.")
}

/// `https://host[:port][/path]`, or `http://` for this machine only (the
/// token must not cross a network in clear text). Returned without a
/// trailing slash.
pub fn check_server_url(value: &str) -> Result<String, SettingsError> {
    check_url(
        value,
        ("the server's address", "https://mdm.contoso.com"),
        "the token is",
    )
    .map_err(|(value, reason)| SettingsError::ServerUrl { value, reason })
}

/// A DNS-over-HTTPS resolver: `https://host[:port][/path]`, or `http://`
/// for this machine only (the names looked up must not cross a network in
/// clear text). Returned without a trailing slash.
pub fn check_resolver_url(value: &str) -> Result<String, SettingsError> {
    check_url(
        value,
        ("the resolver's address", DEFAULT_RESOLVER),
        "the names looked up are",
    )
    .map_err(|(value, reason)| SettingsError::ResolverUrl { value, reason })
}

/// The shared address rule: the value shortened and the reason, or the
/// address without a trailing slash.
fn check_url(
    value: &str,
    (what, example): (&str, &str),
    secret: &str,
) -> Result<String, (String, String)> {
    let url = value.trim();
    let bad = |reason: &str| (crate::text::shorten(url, 60), reason.to_owned());
    if url.is_empty() {
        return Err(bad(&format!("enter {what}, for example {example}.")));
    }
    if url.chars().count() > MAX_SERVER_URL {
        return Err(bad(&format!("at most {MAX_SERVER_URL} characters.")));
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || crate::text::is_hidden(c))
    {
        return Err(bad(
            "it contains a space, a control character or an invisible character.",
        ));
    }
    let (secure, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(bad(
            "it must start with https:// (or http:// for this computer).",
        ));
    };
    if rest.contains(['?', '#', '@']) {
        return Err(bad("give only the address: no “?”, “#” or user name."));
    }
    let authority = rest.split('/').next().unwrap_or("");
    let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|a| a.find(']')) {
        let (h, p) = authority.split_at(end + 2);
        (h, p.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(bad("the host name is missing."));
    }
    if !host.starts_with('[')
        && !is_single_label(host)
        && crate::dns_name::DomainName::parse(host).is_err()
        && !is_ipv4(host)
    {
        return Err(bad(&format!("“{host}” is not a host name.")));
    }
    if let Some(port) = port {
        if !matches!(port.parse::<u32>(), Ok(1..=65535)) || port.starts_with('+') {
            return Err(bad(&format!(
                "the port “{port}” is not a number from 1 to 65535."
            )));
        }
    }
    if !secure && !is_loopback(host) {
        return Err(bad(&format!("http:// is only allowed for this computer (localhost); use https:// so {secret} encrypted.")));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// `localhost`, or an intranet name such as `mdmserver`.
fn is_single_label(host: &str) -> bool {
    (1..=63).contains(&host.len())
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !host.starts_with('-')
        && !host.ends_with('-')
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<_> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// Empty (the server needs none) or up to 256 visible ASCII characters.
pub fn check_token(value: &str) -> Result<String, SettingsError> {
    let token = value.trim();
    // Characters, as the message says (not bytes: 65 emoji are 260 bytes).
    let chars = token.chars().count();
    if chars > MAX_TOKEN {
        return Err(SettingsError::Token {
            reason: format!("{chars} characters: the limit is {MAX_TOKEN}."),
        });
    }
    if let Some(c) = token.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(SettingsError::Token {
            reason: format!(
                "“{}” is not allowed: a token has only visible ASCII characters.",
                crate::text::shown_char(c)
            ),
        });
    }
    Ok(token.to_owned())
}

/// The DNS-over-HTTPS resolver the browser asks by default.
pub const DEFAULT_RESOLVER: &str = "https://cloudflare-dns.com/dns-query";
/// Who runs it, as the settings page names it.
pub const DEFAULT_RESOLVER_NAME: &str = "Cloudflare (1.1.1.1)";

/// How the browser looks up DNS records (the server backend does its own
/// lookups and ignores this).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DnsLookups {
    /// Ask this DNS-over-HTTPS resolver (RFC 8484).
    Resolver { url: String },
    /// Don't look anything up: records are confirmed by hand.
    Off,
}

impl Default for DnsLookups {
    fn default() -> Self {
        DnsLookups::Resolver {
            url: DEFAULT_RESOLVER.to_owned(),
        }
    }
}

impl DnsLookups {
    /// The resolver's address, or `None` when lookups are off.
    pub fn resolver(&self) -> Option<&str> {
        match self {
            DnsLookups::Resolver { url } => Some(url),
            DnsLookups::Off => None,
        }
    }
}

/// Where the app keeps the setup, as chosen on the settings page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BackendChoice {
    #[default]
    Browser,
    Server(ServerSettings),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSettings {
    pub url: String,
    pub tenant: String,
    #[serde(default)]
    pub token: String,
}

impl ServerSettings {
    /// Every field checked; the first problem of each field is returned.
    pub fn parse(
        url: &str,
        tenant: &str,
        token: &str,
    ) -> Result<ServerSettings, Vec<SettingsError>> {
        let url = check_server_url(url);
        let tenant = check_tenant(tenant.trim());
        let token = check_token(token);
        match (url, tenant, token) {
            (Ok(url), Ok(tenant), Ok(token)) => Ok(ServerSettings { url, tenant, token }),
            (url, tenant, token) => Err([url.err(), tenant.err(), token.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// `…/api/v1/tenants/{tenant}`
    pub fn tenant_url(&self) -> String {
        format!("{}/api/v1/tenants/{}", self.url, self.tenant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolver_url_rule() {
        assert_eq!(
            check_resolver_url(DEFAULT_RESOLVER).as_deref(),
            Ok(DEFAULT_RESOLVER)
        );
        assert_eq!(
            check_resolver_url(" http://127.0.0.1:8053/dns-query/ ").as_deref(),
            Ok("http://127.0.0.1:8053/dns-query")
        );
        let e = check_resolver_url("http://dns.example/dns-query").expect_err("clear text");
        assert!(
            e.to_string().contains("names looked up are encrypted"),
            "{e}"
        );
        let e = check_resolver_url("https://dns.example/dns-query?dns=x").expect_err("query");
        assert!(matches!(e, SettingsError::ResolverUrl { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("Resolver address “https://dns.example/dns-query?dns=x”"),
            "{e}"
        );
        let e = check_resolver_url("").expect_err("empty");
        assert!(e.to_string().contains(DEFAULT_RESOLVER), "{e}");
    }

    #[test]
    fn dns_lookups_default_to_the_named_resolver_and_read_back() {
        assert_eq!(DnsLookups::default().resolver(), Some(DEFAULT_RESOLVER));
        for value in [DnsLookups::default(), DnsLookups::Off] {
            let json = serde_json::to_string(&value).expect("writes");
            assert_eq!(
                serde_json::from_str::<DnsLookups>(&json).expect("reads"),
                value
            );
        }
        assert_eq!(DnsLookups::Off.resolver(), None);
    }

    #[test]
    fn tenant_rule() {
        for ok in ["a", "contoso", "contoso-eu.2", &"a".repeat(63)] {
            assert!(check_tenant(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Contoso", "a b", "a/b", "é", &"a".repeat(64)] {
            assert!(check_tenant(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn server_address_rule() {
        assert_eq!(
            check_server_url(" https://mdm.contoso.com/ ").as_deref(),
            Ok("https://mdm.contoso.com")
        );
        assert_eq!(
            check_server_url("http://127.0.0.1:8787").as_deref(),
            Ok("http://127.0.0.1:8787")
        );
        assert_eq!(
            check_server_url("http://localhost:8787/base").as_deref(),
            Ok("http://localhost:8787/base")
        );
        assert_eq!(
            check_server_url("http://[::1]:80").as_deref(),
            Ok("http://[::1]:80")
        );
        for bad in [
            "",
            "mdm.contoso.com",
            "ftp://mdm.contoso.com",
            "javascript:alert(1)",
            "http://mdm.contoso.com",
            "https://",
            "https://a b.com",
            "https://mdm.contoso.com:0",
            "https://mdm.contoso.com:99999",
            "https://user@mdm.contoso.com",
            "https://mdm.contoso.com/?x=1",
            "https://bad_host.com",
        ] {
            assert!(check_server_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn token_rule_and_settings() {
        assert_eq!(check_token("  abc.DEF-123  ").as_deref(), Ok("abc.DEF-123"));
        assert!(check_token("has space").is_err());
        assert!(check_token(&"x".repeat(257)).is_err());
        let errors =
            ServerSettings::parse("http://example.com", "Bad", "ok").expect_err("two problems");
        assert_eq!(errors.len(), 2);
        let s = ServerSettings::parse("http://127.0.0.1:1/", "t1", "").expect("valid");
        assert_eq!(s.tenant_url(), "http://127.0.0.1:1/api/v1/tenants/t1");
    }
}
