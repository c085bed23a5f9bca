//! What a DNS lookup shows, compared with what must be published: step 1's
//! verification TXT record ([`TxtCheck`]) and step 6's two Windows CNAME
//! records ([`CnameCheck`]). The lookup itself is the caller's — the browser
//! asks a DNS-over-HTTPS resolver, the server its own resolver — so the
//! comparison, its messages and who answered ([`check_resolver`]) are the
//! same on every backend.
//!
//! Sits on `dns_wire` and `dns_name`; the areas record the result.

use crate::dns_name::DomainName;
use crate::dns_wire::{Answer, Record};
use crate::text::{grouped, is_hidden, shorten};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Who answered a lookup is recorded in at most this many characters.
pub const MAX_RESOLVER_CHARS: usize = 200;
/// A TXT value found is quoted in at most this many characters.
pub const SHOWN_VALUE_CHARS: usize = 80;
/// At most this many of the TXT values found are listed.
pub const SHOWN_VALUES: usize = 8;

/// Why the name of a resolver cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ResolverError {
    #[error("A DNS lookup must name the resolver that answered it; none was given.")]
    Missing,
    #[error("The resolver “{value}” is {chars} characters long: at most {MAX_RESOLVER_CHARS} are recorded.")]
    TooLong { value: String, chars: usize },
    #[error("The resolver “{value}” contains a control or invisible character.")]
    HiddenCharacter { value: String },
    #[error(
        "Only a DNS lookup names a resolver; a domain confirmed by hand has none (got “{value}”)."
    )]
    NotALookup { value: String },
}

/// The resolver's name or address as recorded beside a lookup's result,
/// trimmed: 1 to [`MAX_RESOLVER_CHARS`] visible characters.
pub fn check_resolver(value: &str) -> Result<String, ResolverError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ResolverError::Missing);
    }
    if value.chars().any(is_hidden) {
        return Err(ResolverError::HiddenCharacter {
            value: shorten(value, 60),
        });
    }
    let chars = value.chars().count();
    if chars > MAX_RESOLVER_CHARS {
        return Err(ResolverError::TooLong {
            value: shorten(value, 60),
            chars,
        });
    }
    Ok(value.to_owned())
}

/// What the TXT lookup of a domain showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TxtCheck {
    /// The verification value is published.
    Found,
    /// The domain exists, but none of its TXT records is the value. `found`
    /// quotes up to [`SHOWN_VALUES`] of them, shortened; `more` counts the
    /// rest.
    ValueMissing {
        expected: String,
        found: Vec<String>,
        #[serde(default)]
        more: usize,
    },
    /// DNS says the domain does not exist.
    NoSuchDomain,
    /// The resolver, not the domain, failed: it could not be reached,
    /// refused, timed out or answered with an error.
    ResolverFailed { reason: String },
}

impl TxtCheck {
    /// Compares the answer to a TXT query for `domain` with the value
    /// `expected` (exactly: DNS providers publish the text as typed).
    pub fn of(answer: &Answer, expected: &str) -> TxtCheck {
        match answer {
            Answer::NoSuchName => TxtCheck::NoSuchDomain,
            Answer::Records { txt, .. } if txt.iter().any(|r| r.value == expected) => {
                TxtCheck::Found
            }
            Answer::Records { txt, .. } => TxtCheck::ValueMissing {
                expected: expected.to_owned(),
                found: txt
                    .iter()
                    .take(SHOWN_VALUES)
                    .map(|r| shorten(&r.value, SHOWN_VALUE_CHARS))
                    .collect(),
                more: txt.len().saturating_sub(SHOWN_VALUES),
            },
        }
    }

    /// Whether the domain may be recorded as verified.
    pub fn is_found(&self) -> bool {
        matches!(self, TxtCheck::Found)
    }

    /// Whether to offer Retry and the manual fallback.
    pub fn is_resolver_failure(&self) -> bool {
        matches!(self, TxtCheck::ResolverFailed { .. })
    }

    /// What the page says about `domain`, in plain words.
    pub fn message(&self, domain: &DomainName) -> String {
        match self {
            TxtCheck::Found => format!("The TXT record of {domain} is published: the domain is verified."),
            TxtCheck::ValueMissing { expected, found, more } if found.is_empty() => format!(
                "{domain} exists, but it has no TXT record yet: {expected} was not found. {}",
                CACHE_NOTE
            ),
            TxtCheck::ValueMissing { expected, found, more } => format!(
                "{domain} has {} TXT {}, but none is {expected}: {}{}. Check the value at your DNS provider. {}",
                grouped((found.len() + more) as u64),
                plural(found.len() + more, "record", "records"),
                found.iter().map(|v| format!("“{v}”")).collect::<Vec<_>>().join(", "),
                if *more > 0 { format!(" and {} more", grouped(*more as u64)) } else { String::new() },
                CACHE_NOTE
            ),
            TxtCheck::NoSuchDomain => format!(
                "DNS says {domain} does not exist. Check the spelling, and that the domain is registered and its name servers are set up. {}",
                CACHE_NOTE
            ),
            TxtCheck::ResolverFailed { reason } => format!(
                "The DNS lookup failed, so nothing is known about {domain} yet — this is the resolver, not your domain: {reason} Try again, or mark it as verified yourself if you know the record is published."
            ),
        }
    }
}

/// Said whenever a record was not (yet) seen.
pub const CACHE_NOTE: &str = "DNS answers are kept by resolvers for up to the record's TTL (an hour for these records), so a record published just now may take that long to appear.";

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// What the CNAME lookup of one Windows record showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CnameFound {
    /// It points where it must (any case, a trailing dot ignored).
    Correct,
    /// The name has no CNAME record, or does not exist.
    Missing,
    /// It points to another name.
    Elsewhere { target: String },
    /// The resolver, not the record, failed.
    ResolverFailed { reason: String },
}

impl CnameFound {
    /// Compares the answer to a CNAME query with the target `expected`.
    pub fn of(answer: &Answer, expected: &str) -> CnameFound {
        let wanted = expected.trim_end_matches('.').to_ascii_lowercase();
        match answer {
            Answer::NoSuchName => CnameFound::Missing,
            Answer::Records { cname, .. } => match cname.first() {
                None => CnameFound::Missing,
                Some(Record { value, .. })
                    if value.trim_end_matches('.').eq_ignore_ascii_case(&wanted) =>
                {
                    CnameFound::Correct
                }
                Some(Record { value, .. }) => CnameFound::Elsewhere {
                    target: shorten(value, SHOWN_VALUE_CHARS),
                },
            },
        }
    }

    /// A short label for the record's row.
    pub fn label(&self) -> &'static str {
        match self {
            CnameFound::Correct => "Correct",
            CnameFound::Missing => "Missing",
            CnameFound::Elsewhere { .. } => "Points elsewhere",
            CnameFound::ResolverFailed { .. } => "Lookup failed",
        }
    }

    /// What the row says about the record `host`.
    pub fn message(&self, host: &str, expected: &str) -> String {
        match self {
            CnameFound::Correct => format!("{host} points to {expected}."),
            CnameFound::Missing => format!("{host} has no CNAME record yet. {CACHE_NOTE}"),
            CnameFound::Elsewhere { target } => {
                format!("{host} points to {target}, not to {expected}: change the record at your DNS provider.")
            }
            CnameFound::ResolverFailed { reason } => {
                format!("{host} could not be looked up — this is the resolver, not the record: {reason}")
            }
        }
    }
}

/// One Windows record and what DNS showed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CnameResult {
    pub host: String,
    pub expected: String,
    pub found: CnameFound,
}

/// What DNS showed for both Windows records of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CnameCheck {
    pub records: Vec<CnameResult>,
}

impl CnameCheck {
    /// Both records point where they must: the domain may be recorded as
    /// published.
    pub fn all_correct(&self) -> bool {
        !self.records.is_empty() && self.records.iter().all(|r| r.found == CnameFound::Correct)
    }

    /// Some record could not be looked up: offer Retry and the manual
    /// acknowledgement.
    pub fn resolver_failed(&self) -> bool {
        self.records
            .iter()
            .any(|r| matches!(r.found, CnameFound::ResolverFailed { .. }))
    }
}

// Reading a check from the server's JSON by hand: the derived `Deserialize`
// of these tagged enums costs the browser's wasm ~15 KB, and it already
// carries `serde_json::Value`. The tests pin both to the same shape.

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

impl TxtCheck {
    /// The check as the server's JSON writes it; `None` if it is not one.
    pub fn from_json(value: &Value) -> Option<TxtCheck> {
        Some(match value.get("outcome")?.as_str()? {
            "found" => TxtCheck::Found,
            "value_missing" => TxtCheck::ValueMissing {
                expected: text(value, "expected")?,
                found: value
                    .get("found")?
                    .as_array()?
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<_>>()?,
                more: match value.get("more") {
                    None => 0,
                    Some(more) => usize::try_from(more.as_u64()?).ok()?,
                },
            },
            "no_such_domain" => TxtCheck::NoSuchDomain,
            "resolver_failed" => TxtCheck::ResolverFailed {
                reason: text(value, "reason")?,
            },
            _ => return None,
        })
    }
}

impl CnameFound {
    /// One record's result as the server's JSON writes it.
    pub fn from_json(value: &Value) -> Option<CnameFound> {
        Some(match value.get("outcome")?.as_str()? {
            "correct" => CnameFound::Correct,
            "missing" => CnameFound::Missing,
            "elsewhere" => CnameFound::Elsewhere {
                target: text(value, "target")?,
            },
            "resolver_failed" => CnameFound::ResolverFailed {
                reason: text(value, "reason")?,
            },
            _ => return None,
        })
    }
}

impl CnameCheck {
    /// Both records' results as the server's JSON writes them.
    pub fn from_json(value: &Value) -> Option<CnameCheck> {
        let records = value
            .get("records")?
            .as_array()?
            .iter()
            .map(|r| {
                Some(CnameResult {
                    host: text(r, "host")?,
                    expected: text(r, "expected")?,
                    found: CnameFound::from_json(r.get("found")?)?,
                })
            })
            .collect::<Option<_>>()?;
        Some(CnameCheck { records })
    }
}
