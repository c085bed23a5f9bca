//! Percent-encoding, form encoding and base64, written out (no url crate).

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn percent(out: &mut String, b: u8) {
    out.push('%');
    out.push(HEX[usize::from(b >> 4)] as char);
    out.push(HEX[usize::from(b & 0x0f)] as char);
}

/// One path segment (an id, a domain name, a user principal name): every
/// byte but the unreserved ones and `@` is percent-encoded, so `/`, `#`,
/// `?`, `%` and spaces cannot change the path.
pub fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if is_unreserved(b) || b == b'@' {
            out.push(b as char);
        } else {
            percent(&mut out, b);
        }
    }
    out
}

/// An OData query value (`$select=id,displayName`): unreserved, `$` and
/// `,` stay as they are, everything else is percent-encoded.
pub fn query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if is_unreserved(b) || b == b'$' || b == b',' {
            out.push(b as char);
        } else {
            percent(&mut out, b);
        }
    }
    out
}

/// `application/x-www-form-urlencoded` for one name or value: space is `+`,
/// `*-._` and alphanumerics stay, every other byte is percent-encoded.
pub fn form_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            _ if b.is_ascii_alphanumeric() => out.push(b as char),
            _ => percent(&mut out, b),
        }
    }
    out
}

/// `name=value&…`, each part form-encoded.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form_component(k), form_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    base64_with(bytes, STD, true)
}

/// base64url without padding (RFC 4648 §5), as PKCE wants it.
pub fn base64url(bytes: &[u8]) -> String {
    base64_with(bytes, URL, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_vectors() {
        let cases = [
            ("", "", ""),
            ("f", "Zg==", "Zg"),
            ("fo", "Zm8=", "Zm8"),
            ("foo", "Zm9v", "Zm9v"),
            ("foob", "Zm9vYg==", "Zm9vYg"),
            ("fooba", "Zm9vYmE=", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy", "Zm9vYmFy"),
        ];
        for (plain, std, url) in cases {
            assert_eq!(base64(plain.as_bytes()), std);
            assert_eq!(base64url(plain.as_bytes()), url);
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment("contoso.com"), "contoso.com");
        assert_eq!(
            path_segment("ada_contoso.com#EXT#@fabrikam.onmicrosoft.com"),
            "ada_contoso.com%23EXT%23@fabrikam.onmicrosoft.com"
        );
        assert_eq!(path_segment("../x/y?z"), "..%2Fx%2Fy%3Fz");
        assert_eq!(path_segment("a b%"), "a%20b%25");
        assert_eq!(path_segment("é"), "%C3%A9");
    }

    #[test]
    fn form_encoding() {
        assert_eq!(
            form(&[
                ("scope", "openid User.Read"),
                ("redirect_uri", "https://a.b/c?d=e&f")
            ]),
            "scope=openid+User.Read&redirect_uri=https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f"
        );
        assert_eq!(query_value("id,displayName"), "id,displayName");
        assert_eq!(query_value("a b&c"), "a%20b%26c");
    }
}
