//! DNS names: the syntax of a domain name, and its normal form (lower-case,
//! no trailing dot). A bottom helper: it imports only the text rules.

use crate::text::{shorten, shown_char};
use serde::{Deserialize, Serialize};
use std::fmt;

/// At most this many characters in a whole domain name.
pub const MAX_DOMAIN_NAME_CHARS: usize = 253;
/// At most this many characters in one label (the parts between dots).
pub const MAX_LABEL_CHARS: usize = 63;

/// Why a domain name was refused. Every message names the rule and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DomainNameError {
    #[error("Enter a domain name, such as contoso.com.")]
    Empty,
    #[error(
        "“{shown}” is {chars} characters long: a domain name can have at most {MAX_DOMAIN_NAME_CHARS}."
    )]
    TooLong { shown: String, chars: usize },
    #[error("“{value}” is a single label: a domain name needs at least two, such as contoso.com.")]
    SingleLabel { value: String },
    #[error("“{value}” has an empty part between dots: every label needs 1 to {MAX_LABEL_CHARS} characters.")]
    EmptyLabel { value: String },
    #[error("The label “{label}” is {chars} characters long: a label can have at most {MAX_LABEL_CHARS}.")]
    LabelTooLong { label: String, chars: usize },
    #[error("The label “{label}” starts or ends with a hyphen: hyphens are allowed only inside a label.")]
    HyphenAtEdge { label: String },
    #[error(
        "“{}” is not allowed in a domain name: use letters a–z, digits, hyphens and dots (write international names in their xn-- form).",
        shown_char(*character)
    )]
    InvalidCharacter { character: char },
}

/// A syntactically valid, normalised (lower-case, no trailing dot) domain name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

impl DomainName {
    /// Validates and normalises what a person typed: surrounding spaces are
    /// trimmed, letters are lower-cased and one trailing dot (the fully
    /// qualified form) is dropped.
    pub fn parse(input: &str) -> Result<DomainName, DomainNameError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DomainNameError::Empty);
        }
        let without_root = trimmed.strip_suffix('.').unwrap_or(trimmed);
        if let Some(character) = without_root
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
        {
            return Err(DomainNameError::InvalidCharacter { character });
        }
        let name = without_root.to_ascii_lowercase();
        let chars = name.len(); // ASCII only from here on: bytes == characters
        if chars > MAX_DOMAIN_NAME_CHARS {
            return Err(DomainNameError::TooLong {
                shown: shorten(&name, 40),
                chars,
            });
        }
        let labels: Vec<&str> = name.split('.').collect();
        if labels.iter().any(|l| l.is_empty()) {
            return Err(DomainNameError::EmptyLabel {
                value: name.clone(),
            });
        }
        if labels.len() < 2 {
            return Err(DomainNameError::SingleLabel { value: name });
        }
        for label in &labels {
            if label.len() > MAX_LABEL_CHARS {
                return Err(DomainNameError::LabelTooLong {
                    label: shorten(label, 20),
                    chars: label.len(),
                });
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(DomainNameError::HyphenAtEdge {
                    label: (*label).to_owned(),
                });
            }
        }
        Ok(DomainName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for the tenant's initial `<name>.onmicrosoft.com` domain.
    pub fn is_onmicrosoft(&self) -> bool {
        self.0
            .strip_suffix(".onmicrosoft.com")
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('.'))
    }
}

impl TryFrom<String> for DomainName {
    type Error = DomainNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DomainName::parse(&value)
    }
}

impl From<DomainName> for String {
    fn from(value: DomainName) -> String {
        value.0
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(input: &str) -> DomainNameError {
        DomainName::parse(input).expect_err(input)
    }

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(
            DomainName::parse("contoso.com").unwrap().as_str(),
            "contoso.com"
        );
        assert_eq!(
            DomainName::parse("  Contoso.COM  ").unwrap().as_str(),
            "contoso.com"
        );
        assert_eq!(
            DomainName::parse("contoso.com.").unwrap().as_str(),
            "contoso.com"
        );
        assert_eq!(
            DomainName::parse("a-b.c0.io").unwrap().as_str(),
            "a-b.c0.io"
        );
        assert_eq!(
            DomainName::parse("xn--mller-kva.de").unwrap().as_str(),
            "xn--mller-kva.de"
        );
        assert!(
            DomainName::parse("1.2").is_ok(),
            "digits-only labels are valid"
        );
    }

    #[test]
    fn empty() {
        assert_eq!(err(""), DomainNameError::Empty);
        assert_eq!(err("   "), DomainNameError::Empty);
    }

    #[test]
    fn needs_two_labels() {
        assert_eq!(
            err("localhost"),
            DomainNameError::SingleLabel {
                value: "localhost".into()
            }
        );
        assert!(err("localhost").to_string().contains("“localhost”"));
    }

    #[test]
    fn empty_labels() {
        for input in ["contoso..com", ".contoso.com", "contoso.com..", "."] {
            assert!(
                matches!(err(input), DomainNameError::EmptyLabel { .. }),
                "{input}"
            );
        }
    }

    #[test]
    fn label_length_boundary() {
        let ok = format!("{}.com", "a".repeat(63));
        assert!(DomainName::parse(&ok).is_ok());
        let long = format!("{}.com", "a".repeat(64));
        assert_eq!(
            err(&long),
            DomainNameError::LabelTooLong {
                label: format!("{}…", "a".repeat(20)),
                chars: 64
            }
        );
        assert!(err(&long).to_string().contains("64 characters"));
    }

    #[test]
    fn total_length_boundary() {
        // 4 labels of 63 + 3 dots = 255; trim to exactly 253 and 254.
        let label = "a".repeat(63);
        let base = format!("{label}.{label}.{label}.");
        let at_limit = format!("{base}{}", "b".repeat(253 - base.len()));
        assert_eq!(at_limit.len(), 253);
        assert!(DomainName::parse(&at_limit).is_ok());
        let over = format!("{base}{}", "b".repeat(254 - base.len()));
        assert_eq!(over.len(), 254);
        assert!(matches!(
            err(&over),
            DomainNameError::TooLong { chars: 254, .. }
        ));
        assert!(err(&over).to_string().contains("254 characters"));
        // A trailing root dot does not count towards the limit.
        assert!(DomainName::parse(&format!("{at_limit}.")).is_ok());
    }

    #[test]
    fn hyphens_only_inside() {
        assert_eq!(
            err("-contoso.com"),
            DomainNameError::HyphenAtEdge {
                label: "-contoso".into()
            }
        );
        assert_eq!(
            err("contoso-.com"),
            DomainNameError::HyphenAtEdge {
                label: "contoso-".into()
            }
        );
        assert_eq!(
            err("contoso.com-"),
            DomainNameError::HyphenAtEdge {
                label: "com-".into()
            }
        );
    }

    #[test]
    fn bad_characters() {
        assert_eq!(
            err("con_toso.com"),
            DomainNameError::InvalidCharacter { character: '_' }
        );
        assert_eq!(
            err("contoso com.org"),
            DomainNameError::InvalidCharacter { character: ' ' }
        );
        assert_eq!(
            err("müller.de"),
            DomainNameError::InvalidCharacter { character: 'ü' }
        );
        assert_eq!(
            err("http://contoso.com"),
            DomainNameError::InvalidCharacter { character: ':' }
        );
        assert!(err("müller.de").to_string().contains("“ü”"));
    }

    #[test]
    fn onmicrosoft_detection() {
        assert!(DomainName::parse("contoso.onmicrosoft.com")
            .unwrap()
            .is_onmicrosoft());
        assert!(!DomainName::parse("onmicrosoft.com")
            .unwrap()
            .is_onmicrosoft());
        assert!(!DomainName::parse("a.b.onmicrosoft.com")
            .unwrap()
            .is_onmicrosoft());
        assert!(!DomainName::parse("contoso.com").unwrap().is_onmicrosoft());
    }

    #[test]
    fn serde_validates() {
        let ok: DomainName = serde_json::from_str("\"Contoso.com\"").unwrap();
        assert_eq!(ok.as_str(), "contoso.com");
        assert!(serde_json::from_str::<DomainName>("\"bad_domain\"").is_err());
    }
}
