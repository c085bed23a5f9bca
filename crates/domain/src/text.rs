//! Text rules shared by every form: trimming, character counts, control and
//! invisible characters, and how messages quote a value. The bottom of the
//! crate: it imports nothing from it. (Web and e-mail addresses, whose host
//! is a DNS name, are in the `address` module.)

use serde::{Deserialize, Serialize};

/// A count as every message writes it: digits grouped by thousands
/// (`1,000,000`), as the help texts do.
pub fn grouped(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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
    #[error("{} characters: the limit is {}.", grouped(*chars as u64), grouped(*max as u64))]
    TooLong { chars: usize, max: usize },
    #[error("Contains a control character ({code}), which can't be shown; remove it.")]
    ControlCharacter { code: String },
    #[error("Contains an invisible or direction-changing character ({code}), which would make the text read differently from what it holds; remove it.")]
    InvisibleCharacter { code: String },
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

/// Keeps messages readable when they quote a value: a very long value is
/// cut after `max_chars` characters ("…"), and control and invisible
/// formatting characters ([`is_hidden`]) are written as `[U+XXXX]`.
pub fn shorten(value: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(value.len().min(4 * max_chars + 3));
    for (index, c) in value.chars().enumerate() {
        if index == max_chars {
            out.push('…');
            break;
        }
        if is_hidden(c) {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The refusal of a character [`is_hidden`] finds: a control character, or
/// an invisible or direction-changing one.
pub fn hidden_character(c: char) -> TextError {
    let code = control_code(c);
    if c.is_control() {
        TextError::ControlCharacter { code }
    } else {
        TextError::InvisibleCharacter { code }
    }
}

/// Trims, then checks for control characters and the length limit.
pub fn clean(value: &str, max: usize) -> Result<String, TextError> {
    let trimmed = value.trim();
    if let Some(c) = trimmed.chars().find(|&c| is_hidden(c)) {
        return Err(hidden_character(c));
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
        // Direction overrides and zero-width spaces are refused too, named
        // for what they are; the joiners scripts and emoji need are not.
        for (text, code) in [
            ("admin\u{202E}moc.osotnoc", "U+202E"),
            ("a\u{2066}b", "U+2066"),
            ("a\u{200B}b", "U+200B"),
            ("\u{FEFF}ab", "U+FEFF"),
            ("a\u{2060}b", "U+2060"),
        ] {
            assert_eq!(
                clean(text, 40),
                Err(TextError::InvisibleCharacter { code: code.into() }),
                "{text:?}"
            );
        }
        for text in ["می\u{200C}خواهم", "👩\u{200D}💻", "שלום", "مرحبا"] {
            assert_eq!(clean(text, 40), Ok(text.into()));
        }
        assert_eq!(shown_char('\u{202E}'), "U+202E");
        assert_eq!(required("   ", 5), Err(TextError::Required));
        assert_eq!(
            TextError::TooLong { chars: 41, max: 40 }.to_string(),
            "41 characters: the limit is 40."
        );
    }
}
