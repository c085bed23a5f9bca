//! DNS lookups from the browser: a DNS-over-HTTPS client (RFC 8484, GET
//! with `?dns=`, `application/dns-message`) and the setting naming its
//! resolver. The comparisons and messages are the domain's
//! (`domain::dns_check`); the wire format too (`domain::dns_wire`).

pub mod setting;

use domain::dns_check::{CnameCheck, CnameFound, CnameResult, TxtCheck};
#[cfg(feature = "dns-lookups")]
use domain::dns_wire;
use domain::dns_wire::{Answer, RecordType, WireError};
use domain::enrollment::cname_records;
use domain::text::{grouped, shorten};
use domain::{DomainName, TxtRecord};
#[cfg(feature = "dns-lookups")]
use gloo_net::http::Request;
use std::fmt;

/// How long a lookup may take before the resolver counts as not answering.
pub const TIMEOUT_MS: u32 = 8_000;
/// DoH GET requests carry ID 0, so caches can share answers (RFC 8484, 4.1).
#[cfg(feature = "dns-lookups")]
const QUERY_ID: u16 = 0;
#[cfg(feature = "dns-lookups")]
const DNS_MESSAGE: &str = "application/dns-message";

/// Why the resolver gave no usable answer: the resolver's fault, never the
/// domain's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No HTTP answer: offline, the resolver down, or it does not allow
    /// this page to ask it (the browser gives scripts the same error).
    Unreachable { resolver: String, detail: String },
    /// No answer within [`TIMEOUT_MS`].
    Timeout { resolver: String },
    /// An HTTP error status.
    Status { resolver: String, status: u16 },
    /// Not a DNS message (for example a web page).
    NotDns {
        resolver: String,
        content_type: String,
    },
    /// A DNS message this client refuses, or a DNS error (SERVFAIL, REFUSED).
    Wire { resolver: String, error: WireError },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Unreachable { resolver, .. } => write!(
                f,
                "the resolver {resolver} could not be reached. This computer may be offline, the resolver may be down, or it may not allow web pages to ask it (cross-origin requests)."
            ),
            LookupError::Timeout { resolver } => write!(
                f,
                "the resolver {resolver} did not answer within {} seconds.",
                TIMEOUT_MS / 1000
            ),
            LookupError::Status { resolver, status } => write!(
                f,
                "the resolver {resolver} answered with HTTP status {status} instead of a DNS answer."
            ),
            LookupError::NotDns {
                resolver,
                content_type,
            } => write!(
                f,
                "the resolver {resolver} sent “{}” instead of a DNS message: is the address a DNS-over-HTTPS resolver?",
                shorten(content_type, 60)
            ),
            LookupError::Wire { resolver, error } => {
                write!(f, "the answer from {resolver} was refused: {error}")
            }
        }
    }
}

impl LookupError {
    /// The browser's own words, for support.
    pub fn detail(&self) -> Option<&str> {
        match self {
            LookupError::Unreachable { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

/// In a build without the client (`scripts/bench` measures its cost), the
/// resolver is never asked.
#[cfg(not(feature = "dns-lookups"))]
pub async fn lookup(
    resolver: &str,
    _name: &DomainName,
    _qtype: RecordType,
) -> Result<Answer, LookupError> {
    Err(LookupError::Unreachable {
        resolver: resolver.to_owned(),
        detail: "this build has no DNS client".into(),
    })
}

/// Asks `resolver` for the records of `qtype` at `name`.
#[cfg(feature = "dns-lookups")]
pub async fn lookup(
    resolver: &str,
    name: &DomainName,
    qtype: RecordType,
) -> Result<Answer, LookupError> {
    let message = dns_wire::query(QUERY_ID, name, qtype);
    let url = format!("{resolver}?dns={}", dns_wire::doh_get_parameter(&message));
    let owned = || resolver.to_owned();
    let signal = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
    // No answer: the timeout ended the request, or the network failed.
    let failed = |e: gloo_net::Error| {
        if signal.aborted() {
            LookupError::Timeout { resolver: owned() }
        } else {
            LookupError::Unreachable {
                resolver: owned(),
                detail: e.to_string(),
            }
        }
    };
    let response = Request::get(&url)
        .header("Accept", DNS_MESSAGE)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(failed)?;
    let status = response.status();
    if status != 200 {
        return Err(LookupError::Status {
            resolver: owned(),
            status,
        });
    }
    let content_type = response.headers().get("content-type").unwrap_or_default();
    if !content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(DNS_MESSAGE))
    {
        return Err(LookupError::NotDns {
            resolver: owned(),
            content_type,
        });
    }
    let bytes = response.binary().await.map_err(failed)?;
    dns_wire::parse_answer(&bytes, QUERY_ID, name, qtype).map_err(|error| LookupError::Wire {
        resolver: owned(),
        error,
    })
}

fn reason(error: LookupError) -> String {
    let mut reason = error.to_string();
    if let Some(first) = reason.get(..1) {
        reason = first.to_uppercase() + &reason[1..];
    }
    reason
}

/// Step 1: the TXT record of `domain`, compared with the one to publish.
pub async fn check_txt(resolver: &str, domain: &DomainName) -> TxtCheck {
    let expected = TxtRecord::for_domain(domain).value;
    match lookup(resolver, domain, RecordType::Txt).await {
        Ok(answer) => TxtCheck::of(&answer, &expected),
        Err(error) => TxtCheck::ResolverFailed {
            reason: reason(error),
        },
    }
}

/// Step 6: both Windows CNAME records of `domain`, each compared with its
/// target.
pub async fn check_cnames(resolver: &str, domain: &DomainName) -> CnameCheck {
    let mut records = Vec::with_capacity(2);
    for record in cname_records(domain) {
        let found = match DomainName::parse(&record.host) {
            // A host over 253 characters can't exist in DNS.
            Err(_) => CnameFound::Missing,
            Ok(host) => match lookup(resolver, &host, RecordType::Cname).await {
                Ok(answer) => CnameFound::of(&answer, record.points_to),
                Err(error) => CnameFound::ResolverFailed {
                    reason: reason(error),
                },
            },
        };
        records.push(CnameResult {
            host: record.host,
            expected: record.points_to.to_owned(),
            found,
        });
    }
    CnameCheck { records }
}

/// The settings page's test: any DNS answer (even "no such name") shows the
/// resolver works; says what was asked and how long it took.
pub async fn test_resolver(resolver: &str, name: &DomainName) -> Result<String, String> {
    let started = js_sys::Date::now();
    match lookup(resolver, name, RecordType::Txt).await {
        Ok(answer) => {
            let ms = (js_sys::Date::now() - started).max(0.0) as u64;
            let what = match answer {
                Answer::NoSuchName => "says the name does not exist".to_owned(),
                Answer::Records { txt, .. } => format!(
                    "found {} TXT {}",
                    grouped(txt.len() as u64),
                    if txt.len() == 1 { "record" } else { "records" }
                ),
            };
            Ok(format!(
                "The resolver answered in {} ms: it {what} for {name}. Lookups work.",
                grouped(ms)
            ))
        }
        Err(error) => Err(reason(error)),
    }
}
