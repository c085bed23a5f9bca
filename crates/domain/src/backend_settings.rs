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
    #[error("Tenant “{value}”: enter the tenant's ID (a GUID like 00000000-0000-0000-0000-000000000000) or one of its domain names (for example contoso.onmicrosoft.com).")]
    GraphTenant { value: String },
    #[error("Application (client) ID “{value}”: enter the ID shown on the app registration's Overview, a GUID like 00000000-0000-0000-0000-000000000000.")]
    ClientId { value: String },
    #[error("Sign-in address “{value}”: {reason}")]
    LoginBase { value: String, reason: String },
    #[error("Graph address “{value}”: {reason}")]
    GraphBase { value: String, reason: String },
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

/// Where Microsoft's sign-in happens (another address only for testing
/// against a stand-in).
pub const DEFAULT_LOGIN_BASE: &str = "https://login.microsoftonline.com";
/// Where Microsoft Graph v1.0 answers.
pub const DEFAULT_GRAPH_BASE: &str = "https://graph.microsoft.com/v1.0";

/// `8-4-4-4-12` hexadecimal digits.
pub fn is_guid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A tenant ID (GUID, returned in lower case) or one of the tenant's domain
/// names (such as `contoso.onmicrosoft.com`).
pub fn check_graph_tenant(value: &str) -> Result<String, SettingsError> {
    let value = value.trim();
    if is_guid(value) {
        return Ok(value.to_ascii_lowercase());
    }
    match crate::dns_name::DomainName::parse(value) {
        Ok(name) if name.as_str().contains('.') => Ok(name.as_str().to_owned()),
        _ => Err(SettingsError::GraphTenant {
            value: crate::text::shorten(value, 70),
        }),
    }
}

/// The app registration's application (client) ID: a GUID, returned in
/// lower case.
pub fn check_client_id(value: &str) -> Result<String, SettingsError> {
    let value = value.trim();
    if is_guid(value) {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(SettingsError::ClientId {
            value: crate::text::shorten(value, 70),
        })
    }
}

/// The sign-in address: `https://`, or `http://` on this computer only (a
/// stand-in for tests). Returned without a trailing slash.
pub fn check_login_base(value: &str) -> Result<String, SettingsError> {
    check_url(
        value,
        ("the sign-in address", DEFAULT_LOGIN_BASE),
        "the sign-in is",
    )
    .map_err(|(value, reason)| SettingsError::LoginBase { value, reason })
}

/// The Graph address: `https://`, or `http://` on this computer only.
/// Returned without a trailing slash.
pub fn check_graph_base(value: &str) -> Result<String, SettingsError> {
    check_url(
        value,
        ("the Graph address", DEFAULT_GRAPH_BASE),
        "the access token is",
    )
    .map_err(|(value, reason)| SettingsError::GraphBase { value, reason })
}

/// The Microsoft 365 tenant the app signs in to, and the app registration
/// it signs in with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphSettings {
    pub tenant: String,
    pub client_id: String,
    pub login_base: String,
    pub graph_base: String,
}

impl GraphSettings {
    /// Every field checked; the first problem of each field is returned.
    pub fn parse(
        tenant: &str,
        client_id: &str,
        login_base: &str,
        graph_base: &str,
    ) -> Result<GraphSettings, Vec<SettingsError>> {
        match (
            check_graph_tenant(tenant),
            check_client_id(client_id),
            check_login_base(login_base),
            check_graph_base(graph_base),
        ) {
            (Ok(tenant), Ok(client_id), Ok(login_base), Ok(graph_base)) => Ok(GraphSettings {
                tenant,
                client_id,
                login_base,
                graph_base,
            }),
            (a, b, c, d) => Err([a.err(), b.err(), c.err(), d.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
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

    #[test]
    fn graph_settings_rules() {
        const ID: &str = "4A1AA1D5-C567-49D0-AD0B-CD957A47F842";
        assert_eq!(
            check_graph_tenant(" Contoso.onmicrosoft.com ").as_deref(),
            Ok("contoso.onmicrosoft.com")
        );
        assert_eq!(
            check_graph_tenant(ID).as_deref(),
            Ok("4a1aa1d5-c567-49d0-ad0b-cd957a47f842")
        );
        for bad in [
            "",
            "contoso",
            "a b.com",
            "https://contoso.com",
            "4a1aa1d5-c567",
        ] {
            let e = check_graph_tenant(bad).expect_err(bad);
            assert!(matches!(e, SettingsError::GraphTenant { .. }), "{e}");
        }
        let e = check_graph_tenant("con toso.com").expect_err("space");
        assert!(e.to_string().starts_with("Tenant “con toso.com”"), "{e}");
        assert_eq!(
            check_client_id(ID).as_deref(),
            Ok("4a1aa1d5-c567-49d0-ad0b-cd957a47f842")
        );
        let e = check_client_id("my-app").expect_err("not a GUID");
        assert!(
            e.to_string()
                .starts_with("Application (client) ID “my-app”"),
            "{e}"
        );
        assert_eq!(
            check_login_base(DEFAULT_LOGIN_BASE).as_deref(),
            Ok(DEFAULT_LOGIN_BASE)
        );
        assert_eq!(
            check_graph_base("http://127.0.0.1:9000/v1.0/").as_deref(),
            Ok("http://127.0.0.1:9000/v1.0")
        );
        let e = check_graph_base("http://graph.example/v1.0").expect_err("clear text");
        assert!(
            e.to_string()
                .starts_with("Graph address “http://graph.example/v1.0”")
                && e.to_string().contains("access token is encrypted"),
            "{e}"
        );
        let e = check_login_base("ftp://login.example").expect_err("scheme");
        assert!(matches!(e, SettingsError::LoginBase { .. }), "{e}");
        let s = GraphSettings::parse(
            "contoso.onmicrosoft.com",
            ID,
            DEFAULT_LOGIN_BASE,
            DEFAULT_GRAPH_BASE,
        )
        .expect("valid");
        assert_eq!(s.graph_base, DEFAULT_GRAPH_BASE);
        let errors = GraphSettings::parse("x", "y", "", DEFAULT_GRAPH_BASE).expect_err("three");
        assert_eq!(errors.len(), 3);
        let json = serde_json::to_string(&s).expect("writes");
        assert_eq!(
            serde_json::from_str::<GraphSettings>(&json).expect("reads"),
            s
        );
    }
}
