//! Text rules shared by every form: trimming, character counts, control
//! characters, and the https-URL and e-mail validators (written here rather
//! than pulled from crates that bring regex/idna into the wasm).

use crate::connections::DomainName;
use serde::{Deserialize, Serialize};

/// Characters as the rules count them: Unicode scalar values.
pub fn char_count(value: &str) -> usize {
    value.chars().count()
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum TextError {
    #[error("This field is required.")]
    Required,
    #[error("{chars} characters: the limit is {max}.")]
    TooLong { chars: usize, max: usize },
    #[error("Contains a control character ({code}), which can't be shown; remove it.")]
    ControlCharacter { code: String },
    #[error("“{character}” is not allowed: {allowed}.")]
    NotAllowed { character: char, allowed: String },
    #[error("“{value}” is not a web address starting with https:// (for example https://www.contoso.com).")]
    NotAbsoluteUrl { value: String },
    #[error("The address uses {scheme}: — only https:// addresses are accepted.")]
    NotHttps { scheme: String },
    #[error("The address has no host name after https:// (for example https://www.contoso.com).")]
    MissingHost,
    #[error("The host “{host}” is not valid: {reason}")]
    BadHost { host: String, reason: String },
    #[error("The port “{port}” is not a number from 1 to 65535.")]
    BadPort { port: String },
    #[error("The address must not contain a user name or password (“@” before the host).")]
    UserInfo,
    #[error("The address contains a space or other blank character; encode it as %20.")]
    Whitespace,
    #[error("“{value}” is not an e-mail address like alias@domainname.com: {reason}")]
    BadEmail { value: String, reason: String },
}

/// Characters no field accepts: control characters, and the invisible
/// formatting characters that can make text read differently from what it
/// is — the bidirectional embedding, override and isolate controls (the
/// "Trojan Source" characters U+202A–U+202E, U+2066–U+2069), the zero-width
/// space U+200B, the word joiner U+2060 and the byte-order mark U+FEFF.
/// Right-to-left text itself, and the zero-width (non-)joiners that some
/// scripts and emoji need, are accepted.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

fn control_code(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// A character as a message names it: itself, or `U+XXXX` when it is a
/// control or invisible formatting character ([`is_hidden`]), which would be
/// invisible, reorder the text, or break the line if shown as is.
pub fn shown_char(c: char) -> String {
    if is_hidden(c) {
        control_code(c)
    } else {
        c.to_string()
    }
}

/// Trims, then checks for control characters and the length limit.
pub fn clean(value: &str, max: usize) -> Result<String, TextError> {
    let trimmed = value.trim();
    if let Some(c) = trimmed.chars().find(|&c| is_hidden(c)) {
        return Err(TextError::ControlCharacter {
            code: control_code(c),
        });
    }
    let chars = char_count(trimmed);
    if chars > max {
        return Err(TextError::TooLong { chars, max });
    }
    Ok(trimmed.to_owned())
}

/// Like [`clean`], and the result must not be empty.
pub fn required(value: &str, max: usize) -> Result<String, TextError> {
    let cleaned = clean(value, max)?;
    if cleaned.is_empty() {
        return Err(TextError::Required);
    }
    Ok(cleaned)
}

/// An absolute `https://` URL with a valid host (optional port, path, query
/// and fragment). Empty input is accepted as "not given" (returns `""`).
pub fn https_url(value: &str, max: usize) -> Result<String, TextError> {
    let url = clean(value, max)?;
    if url.is_empty() {
        return Ok(url);
    }
    if url.chars().any(char::is_whitespace) {
        return Err(TextError::Whitespace);
    }
    let Some((scheme, rest)) = split_scheme(&url) else {
        return Err(TextError::NotAbsoluteUrl {
            value: crate::connections::shorten(&url, 40),
        });
    };
    if !scheme.eq_ignore_ascii_case("https") {
        return Err(TextError::NotHttps {
            scheme: scheme.to_ascii_lowercase(),
        });
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return Err(TextError::MissingHost);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err(TextError::UserInfo);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(TextError::MissingHost);
    }
    if let Err(e) = DomainName::parse(host) {
        return Err(TextError::BadHost {
            host: crate::connections::shorten(host, 40),
            reason: e.to_string(),
        });
    }
    if let Some(port) = port {
        if !matches!(port.parse::<u32>(), Ok(1..=65535)) || port.starts_with('+') {
            return Err(TextError::BadPort {
                port: port.to_owned(),
            });
        }
    }
    Ok(url)
}

/// `scheme:` then the rest, when the text starts with a URL scheme.
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| (scheme, &url[colon + 1..]))
}

/// Like [`email`], and the address must be given.
pub fn required_email(value: &str, max: usize) -> Result<String, TextError> {
    match email(value, max)? {
        address if address.is_empty() => Err(TextError::Required),
        address => Ok(address),
    }
}

/// An e-mail address `alias@domain.tld`; empty input is accepted as "not
/// given" (returns `""`).
pub fn email(value: &str, max: usize) -> Result<String, TextError> {
    let address = clean(value, max)?;
    if address.is_empty() {
        return Ok(address);
    }
    let bad = |reason: &str| TextError::BadEmail {
        value: crate::connections::shorten(&address, 40),
        reason: reason.to_owned(),
    };
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(bad("it needs an @ between the alias and the domain."));
    };
    if local.is_empty() {
        return Err(bad("the alias before the @ is missing."));
    }
    if local.contains('@') {
        return Err(bad("it has more than one @."));
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(*c)))
    {
        return Err(bad(&format!(
            "“{}” is not allowed in the alias.",
            shown_char(c)
        )));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(bad("dots in the alias must sit between other characters."));
    }
    if domain.is_empty() {
        return Err(bad("the domain after the @ is missing."));
    }
    if !domain.contains('.') {
        return Err(bad("the domain needs a dot, as in domainname.com."));
    }
    DomainName::parse(domain).map_err(|e| bad(&e.to_string()))?;
    Ok(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_trims_and_counts_characters_not_bytes() {
        assert_eq!(clean("  hi  ", 2), Ok("hi".into()));
        // Four 4-byte characters count as four.
        assert_eq!(clean("😀😀😀😀", 4), Ok("😀😀😀😀".into()));
        assert_eq!(
            clean("😀😀😀😀😀", 4),
            Err(TextError::TooLong { chars: 5, max: 4 })
        );
        assert_eq!(
            clean("a\u{7}b", 10),
            Err(TextError::ControlCharacter {
                code: "U+0007".into()
            })
        );
        // Direction overrides and zero-width spaces are refused like
        // control characters; the joiners scripts and emoji need are not.
        for (text, code) in [
            ("admin\u{202E}moc.osotnoc", "U+202E"),
            ("a\u{2066}b", "U+2066"),
            ("a\u{200B}b", "U+200B"),
            ("\u{FEFF}ab", "U+FEFF"),
            ("a\u{2060}b", "U+2060"),
        ] {
            assert_eq!(
                clean(text, 40),
                Err(TextError::ControlCharacter { code: code.into() }),
                "{text:?}"
            );
        }
        for text in ["می\u{200C}خواهم", "👩\u{200D}💻", "שלום", "مرحبا"] {
            assert_eq!(clean(text, 40), Ok(text.into()));
        }
        assert_eq!(shown_char('\u{202E}'), "U+202E");
        // Messages that quote a refused character never carry it raw.
        let upn = crate::directory::parse_upn("ad\u{202E}min@contoso.com").unwrap_err();
        assert!(upn.to_string().contains("(U+202E)"), "{upn}");
        assert_eq!(required("   ", 5), Err(TextError::Required));
        assert_eq!(
            TextError::TooLong { chars: 41, max: 40 }.to_string(),
            "41 characters: the limit is 40."
        );
    }

    #[test]
    fn https_urls() {
        for ok in [
            "https://www.contoso.com",
            "HTTPS://contoso.com/privacy",
            "https://contoso.com:8443/a/b?x=1#top",
            "  https://help.contoso.co.uk/  ",
        ] {
            assert!(https_url(ok, 150).is_ok(), "{ok}");
        }
        assert_eq!(https_url("", 79), Ok(String::new()));
        assert_eq!(
            https_url("http://contoso.com", 79),
            Err(TextError::NotHttps {
                scheme: "http".into()
            })
        );
        assert_eq!(
            https_url("javascript:alert(1)", 79),
            Err(TextError::NotHttps {
                scheme: "javascript".into()
            })
        );
        assert_eq!(
            https_url("data:text/html,hi", 79),
            Err(TextError::NotHttps {
                scheme: "data".into()
            })
        );
        assert!(matches!(
            https_url("/privacy", 79),
            Err(TextError::NotAbsoluteUrl { .. })
        ));
        assert!(matches!(
            https_url("www.contoso.com", 79),
            Err(TextError::NotAbsoluteUrl { .. })
        ));
        assert_eq!(https_url("https://", 79), Err(TextError::MissingHost));
        assert_eq!(https_url("https:///path", 79), Err(TextError::MissingHost));
        assert_eq!(
            https_url("https:contoso.com", 79),
            Err(TextError::MissingHost)
        );
        assert_eq!(
            https_url("https://user:pw@contoso.com", 79),
            Err(TextError::UserInfo)
        );
        assert!(matches!(
            https_url("https://contoso", 79),
            Err(TextError::BadHost { .. })
        ));
        assert!(matches!(
            https_url("https://con_toso.com", 79),
            Err(TextError::BadHost { .. })
        ));
        assert!(matches!(
            https_url("https://contoso.com:0", 79),
            Err(TextError::BadPort { .. })
        ));
        assert!(matches!(
            https_url("https://contoso.com:99999", 79),
            Err(TextError::BadPort { .. })
        ));
        assert_eq!(
            https_url("https://contoso.com/a b", 79),
            Err(TextError::Whitespace)
        );
        let long = format!("https://contoso.com/{}", "a".repeat(60));
        assert_eq!(
            https_url(&long, 79),
            Err(TextError::TooLong { chars: 80, max: 79 })
        );
        assert!(https_url(&long[..79], 79).is_ok());
    }

    #[test]
    fn emails() {
        for ok in [
            "alias@domainname.com",
            "first.last+it@help.contoso.co.uk",
            " it@contoso.com ",
        ] {
            assert!(email(ok, 40).is_ok(), "{ok}");
        }
        assert_eq!(email("", 40), Ok(String::new()));
        for bad in [
            "alias",
            "@contoso.com",
            "alias@",
            "alias@localhost",
            "a@b@contoso.com",
            "al ias@contoso.com",
            ".alias@contoso.com",
            "al..ias@contoso.com",
            "alias@con_toso.com",
            "alias@-contoso.com",
        ] {
            assert!(
                matches!(email(bad, 40), Err(TextError::BadEmail { .. })),
                "{bad}"
            );
        }
        assert!(email("alias@localhost", 40)
            .unwrap_err()
            .to_string()
            .contains("needs a dot"));
        let long = format!("{}@contoso.com", "a".repeat(29));
        assert_eq!(
            email(&long, 40),
            Err(TextError::TooLong { chars: 41, max: 40 })
        );
        assert!(email(&long[1..], 40).is_ok());
    }
}
