//! Configuration from command-line flags and environment variables. A flag
//! wins over its variable; both win over the default.

use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_DB: &str = "mdm-prereqs.sqlite3";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

pub const USAGE: &str = "\
mdm-prereqs-server: the reference HTTP backend of mdm-prereqs (JSON API over SQLite)

Usage: mdm-prereqs-server [options]

Options (each can also be set by the environment variable shown):
  --db <path>              SQLite database file, created if missing
                           [MDM_PREREQS_DB, default mdm-prereqs.sqlite3]
  --listen <ip:port>       address to listen on
                           [MDM_PREREQS_LISTEN, default 127.0.0.1:8787]
  --allow-origins <list>   comma-separated browser origins allowed by CORS,
                           e.g. http://localhost:8080 (default: none, same-origin only)
                           [MDM_PREREQS_ALLOWED_ORIGINS]
  --token <token>          API token: every /api/v1 request must send
                           `Authorization: Bearer <token>`; required when
                           listening on a non-loopback address
                           [MDM_PREREQS_TOKEN; prefer the variable: flags are visible in ps]
  --dist <dir>             also serve this directory (the built web app) at /
                           [MDM_PREREQS_DIST]
  --dns-server <ip:port>   ask only this DNS server (UDP, then TCP) when checking
                           a domain's TXT and CNAME records, e.g. 127.0.0.1:53
                           (default: the system resolver, /etc/resolv.conf)
                           [MDM_PREREQS_DNS_SERVER]
  -h, --help               print this help
";

/// Everything the server needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub db_path: PathBuf,
    pub listen: SocketAddr,
    /// Exact origins such as `http://localhost:8080`; empty = same-origin only.
    pub allowed_origins: Vec<String>,
    pub token: Option<String>,
    pub dist: Option<PathBuf>,
    /// The DNS server the lookups ask; `None` = the system resolver.
    pub dns_server: Option<SocketAddr>,
}

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    Run(Config),
    Help,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("unknown option {0} (see --help)")]
    UnknownOption(String),
    #[error("the option {0} needs a value (see --help)")]
    MissingValue(String),
    #[error("the listen address {value:?} is not an IP address and port such as 127.0.0.1:8787 ({reason})")]
    BadListen { value: String, reason: String },
    #[error("the allowed origin {value:?} is not valid: {reason}")]
    BadOrigin { value: String, reason: String },
    #[error("the API token is empty: give a non-empty token or none at all")]
    EmptyToken,
    #[error(
        "refusing to listen on {listen} without an API token: that address is reachable from other machines. \
         Set MDM_PREREQS_TOKEN (or --token), or listen on a loopback address such as 127.0.0.1"
    )]
    TokenRequired { listen: SocketAddr },
    #[error("the DNS server {value:?} is not an IP address and port such as 127.0.0.1:53 or [::1]:53 ({reason})")]
    BadDnsServer { value: String, reason: String },
}

impl Config {
    /// The defaults, with the given database file.
    pub fn new(db_path: impl Into<PathBuf>) -> Config {
        Config {
            db_path: db_path.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            allowed_origins: Vec::new(),
            token: None,
            dist: None,
            dns_server: None,
        }
    }

    /// Reads flags (without the program name) and, for what they leave out,
    /// the environment through `env`. The result is already [`check`]ed.
    ///
    /// [`check`]: Config::check
    pub fn parse<I, E>(args: I, env: E) -> Result<Invocation, ConfigError>
    where
        I: IntoIterator<Item = String>,
        E: Fn(&str) -> Option<String>,
    {
        let mut db = None;
        let mut listen = None;
        let mut origins = None;
        let mut token = None;
        let mut dist = None;
        let mut dns_server = None;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => {
                    (name.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            let slot = match name.as_str() {
                "-h" | "--help" => return Ok(Invocation::Help),
                "--db" => &mut db,
                "--listen" => &mut listen,
                "--allow-origins" | "--allowed-origins" => &mut origins,
                "--token" => &mut token,
                "--dist" => &mut dist,
                "--dns-server" => &mut dns_server,
                _ => return Err(ConfigError::UnknownOption(arg)),
            };
            let value = match inline {
                Some(value) => value,
                None => args.next().ok_or(ConfigError::MissingValue(name))?,
            };
            *slot = Some(value);
        }
        let db = db
            .or_else(|| env("MDM_PREREQS_DB"))
            .unwrap_or_else(|| DEFAULT_DB.to_owned());
        let listen = listen
            .or_else(|| env("MDM_PREREQS_LISTEN"))
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let origins = origins
            .or_else(|| env("MDM_PREREQS_ALLOWED_ORIGINS"))
            .unwrap_or_default();
        let token = token.or_else(|| env("MDM_PREREQS_TOKEN"));
        let dist = dist
            .or_else(|| env("MDM_PREREQS_DIST"))
            .filter(|d| !d.is_empty());
        let dns_server = dns_server
            .or_else(|| env("MDM_PREREQS_DNS_SERVER"))
            .filter(|d| !d.trim().is_empty());

        let config = Config {
            db_path: PathBuf::from(db),
            listen: listen
                .trim()
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::BadListen {
                    value: listen.clone(),
                    reason: e.to_string(),
                })?,
            allowed_origins: parse_origins(&origins)?,
            token,
            dist: dist.map(PathBuf::from),
            dns_server: dns_server.as_deref().map(parse_dns_server).transpose()?,
        };
        config.check()?;
        Ok(Invocation::Run(config))
    }

    /// The rules a configuration must meet before the server starts: a
    /// non-loopback address needs a token, a token is never empty, origins
    /// are exact origins.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.token.as_deref() == Some("") {
            return Err(ConfigError::EmptyToken);
        }
        if self.token.is_none() && !self.listen.ip().is_loopback() {
            return Err(ConfigError::TokenRequired {
                listen: self.listen,
            });
        }
        for origin in &self.allowed_origins {
            check_origin(origin)?;
        }
        Ok(())
    }
}

/// `ip:port`, IPv6 in brackets. The port is required: a test server or a
/// local resolver rarely listens on 53 alone, and a guessed port would fail
/// every lookup in a way that looks like a DNS problem.
fn parse_dns_server(value: &str) -> Result<SocketAddr, ConfigError> {
    let bad = |reason: String| ConfigError::BadDnsServer {
        value: value.to_owned(),
        reason,
    };
    let addr: SocketAddr = value
        .trim()
        .parse()
        .map_err(|e: std::net::AddrParseError| bad(e.to_string()))?;
    if addr.port() == 0 {
        return Err(bad("port 0 is not a port a server listens on".into()));
    }
    if addr.ip().is_unspecified() {
        return Err(bad(format!("{} is not the address of a server", addr.ip())));
    }
    Ok(addr)
}

fn parse_origins(list: &str) -> Result<Vec<String>, ConfigError> {
    let mut origins = Vec::new();
    for origin in list.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        check_origin(origin)?;
        origins.push(origin.to_owned());
    }
    Ok(origins)
}

/// `scheme://host[:port]`, nothing more: browsers send exactly that in the
/// `Origin` header, and CORS compares it byte for byte.
fn check_origin(origin: &str) -> Result<(), ConfigError> {
    let bad = |reason: &str| ConfigError::BadOrigin {
        value: origin.to_owned(),
        reason: reason.to_owned(),
    };
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .ok_or_else(|| bad("it must start with http:// or https://"))?;
    if rest.is_empty() {
        return Err(bad("it has no host"));
    }
    if rest.contains('/') {
        return Err(bad(
            "an origin is scheme://host[:port] with no path, not even a trailing /",
        ));
    }
    if !origin.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad("it may only contain visible ASCII characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Invocation, ConfigError> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::parse(args.iter().map(|a| a.to_string()), |key| {
            env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        })
    }

    fn run(args: &[&str], env: &[(&str, &str)]) -> Config {
        match parse(args, env) {
            Ok(Invocation::Run(config)) => config,
            other => panic!("expected a config, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let config = run(&[], &[]);
        assert_eq!(config, Config::new(DEFAULT_DB));
        assert_eq!(config.listen.to_string(), DEFAULT_LISTEN);
    }

    #[test]
    fn flags_win_over_environment() {
        let config = run(
            &["--db", "a.db", "--listen=127.0.0.2:9000", "--dist", "dist"],
            &[
                ("MDM_PREREQS_DB", "env.db"),
                ("MDM_PREREQS_LISTEN", "127.0.0.1:1"),
                ("MDM_PREREQS_TOKEN", "secret"),
                (
                    "MDM_PREREQS_ALLOWED_ORIGINS",
                    "http://localhost:8080, https://app.example.com",
                ),
            ],
        );
        assert_eq!(config.db_path, PathBuf::from("a.db"));
        assert_eq!(config.listen.to_string(), "127.0.0.2:9000");
        assert_eq!(config.token.as_deref(), Some("secret"));
        assert_eq!(config.dist, Some(PathBuf::from("dist")));
        assert_eq!(
            config.allowed_origins,
            ["http://localhost:8080", "https://app.example.com"]
        );
    }

    #[test]
    fn refuses_a_non_loopback_address_without_a_token() {
        for listen in ["0.0.0.0:8787", "192.168.1.10:80", "[::]:8787"] {
            let err = parse(&["--listen", listen], &[]).unwrap_err();
            assert!(
                matches!(err, ConfigError::TokenRequired { .. }),
                "{listen}: {err:?}"
            );
            assert!(err.to_string().contains("MDM_PREREQS_TOKEN"), "{err}");
            // The same check, on a hand-built config.
            let mut config = Config::new("x.db");
            config.listen = listen.parse().unwrap();
            assert_eq!(config.check(), Err(err));
            config.token = Some("t".into());
            assert_eq!(config.check(), Ok(()));
        }
        for listen in ["127.0.0.1:0", "[::1]:8787", "127.1.2.3:80"] {
            assert!(run(&["--listen", listen], &[]).token.is_none());
        }
        let config = run(&["--listen", "0.0.0.0:8787"], &[("MDM_PREREQS_TOKEN", "t")]);
        assert_eq!(config.token.as_deref(), Some("t"));
    }

    #[test]
    fn dns_server_from_flag_or_environment() {
        assert_eq!(run(&[], &[]).dns_server, None, "the system resolver");
        let from_env = run(&[], &[("MDM_PREREQS_DNS_SERVER", "127.0.0.1:5353")]);
        assert_eq!(from_env.dns_server, Some("127.0.0.1:5353".parse().unwrap()));
        let flag_wins = run(
            &["--dns-server", "[::1]:53"],
            &[("MDM_PREREQS_DNS_SERVER", "127.0.0.1:5353")],
        );
        assert_eq!(flag_wins.dns_server, Some("[::1]:53".parse().unwrap()));
        let inline = run(&["--dns-server=192.0.2.1:53"], &[]);
        assert_eq!(inline.dns_server, Some("192.0.2.1:53".parse().unwrap()));
        // An empty variable is no setting at all.
        assert_eq!(
            run(&[], &[("MDM_PREREQS_DNS_SERVER", " ")]).dns_server,
            None
        );
    }

    #[test]
    fn rejects_a_bad_dns_server() {
        for bad in [
            "127.0.0.1",
            "localhost:53",
            "dns.example:53",
            "127.0.0.1:0",
            "0.0.0.0:53",
            "[::]:53",
            "::1:53",
            "127.0.0.1:99999",
        ] {
            let err = parse(&["--dns-server", bad], &[]).unwrap_err();
            assert!(
                matches!(err, ConfigError::BadDnsServer { ref value, .. } if value == bad),
                "{bad}: {err:?}"
            );
            assert!(err.to_string().contains("such as 127.0.0.1:53"), "{err}");
            let err = parse(&[], &[("MDM_PREREQS_DNS_SERVER", bad)]).unwrap_err();
            assert!(matches!(err, ConfigError::BadDnsServer { .. }), "{bad}");
        }
        assert_eq!(
            parse(&["--dns-server"], &[]),
            Err(ConfigError::MissingValue("--dns-server".into()))
        );
    }

    #[test]
    fn rejects_bad_values() {
        assert_eq!(parse(&["--token", ""], &[]), Err(ConfigError::EmptyToken));
        assert!(matches!(
            parse(&["--listen", "localhost:80"], &[]),
            Err(ConfigError::BadListen { .. })
        ));
        for origin in ["localhost:8080", "http://a.example/", "https://", "*"] {
            assert!(
                matches!(
                    parse(&["--allow-origins", origin], &[]),
                    Err(ConfigError::BadOrigin { .. })
                ),
                "{origin}"
            );
        }
        assert_eq!(
            parse(&["--db"], &[]),
            Err(ConfigError::MissingValue("--db".into()))
        );
        assert_eq!(
            parse(&["--bogus"], &[]),
            Err(ConfigError::UnknownOption("--bogus".into()))
        );
        assert_eq!(parse(&["--db", "x", "-h"], &[]), Ok(Invocation::Help));
    }
}
