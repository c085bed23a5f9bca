//! Web (https) and e-mail addresses, written here rather than pulled from
//! crates that bring regex/idna into the wasm. Their host is a DNS name, so
//! this sits above [`crate::text`] and [`crate::dns_name`].

use crate::dns_name::DomainName;
use crate::text::{clean, shorten, shown_char, TextError};

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
            value: shorten(&url, 40),
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
            host: shorten(host, 40),
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
        value: shorten(&address, 40),
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
