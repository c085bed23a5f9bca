//! Logo files, judged by their bytes rather than their names: PNG (signature
//! and IHDR) or JPEG (SOI and the first SOFn frame header).

use crate::text::grouped;
use serde::{Deserialize, Serialize};
use std::fmt;

/// At most 750 KB (750 × 1024 bytes).
pub const MAX_LOGO_BYTES: usize = 750 * 1024;
pub const MAX_LOGO_WIDTH: u32 = 400;
pub const MAX_LOGO_HEIGHT: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
        }
    }
}

/// What a file's bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ImageError {
    #[error("The file is empty (0 bytes).")]
    Empty,
    #[error("{} bytes: the limit is {} bytes (750 KB).", grouped(*bytes as u64), grouped(*max as u64))]
    TooLarge { bytes: usize, max: usize },
    #[error("The file is not a PNG or JPEG image{}.", looks_like.as_ref().map(|l| format!(" (its contents look like {l})")).unwrap_or_default())]
    NotPngOrJpeg { looks_like: Option<String> },
    #[error("The {format} file is cut short or damaged: {detail}.")]
    Malformed { format: String, detail: String },
    #[error("{width} × {height} px: the limit is {MAX_LOGO_WIDTH} × {MAX_LOGO_HEIGHT}.")]
    TooBig { width: u32, height: u32 },
}

impl fmt::Display for ImageInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} × {} px",
            self.format.label(),
            self.width,
            self.height
        )
    }
}

fn malformed(format: ImageFormat, detail: &str) -> ImageError {
    ImageError::Malformed {
        format: format.label().into(),
        detail: detail.into(),
    }
}

/// Reads the format and dimensions from the bytes. Never panics.
pub fn inspect(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG_SIGNATURE) || PNG_SIGNATURE.starts_with(bytes) {
        return inspect_png(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return inspect_jpeg(bytes);
    }
    Err(ImageError::NotPngOrJpeg {
        looks_like: sniff(bytes).map(str::to_owned),
    })
}

/// Checks a logo against every rule: format, byte size, pixel size.
pub fn check_logo(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(ImageError::TooLarge {
            bytes: bytes.len(),
            max: MAX_LOGO_BYTES,
        });
    }
    let info = inspect(bytes)?;
    if info.width > MAX_LOGO_WIDTH || info.height > MAX_LOGO_HEIGHT {
        return Err(ImageError::TooBig {
            width: info.width,
            height: info.height,
        });
    }
    Ok(info)
}

fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(256)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some("a GIF image")
    } else if head.starts_with(b"BM") {
        Some("a BMP image")
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some("a WebP image")
    } else if head.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if text.contains("<svg") {
        Some("an SVG drawing")
    } else if text.starts_with("<!doctype html") || text.starts_with("<html") {
        Some("an HTML page")
    } else if head.starts_with(b"PK\x03\x04") {
        Some("a ZIP archive")
    } else {
        None
    }
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn inspect_png(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let f = ImageFormat::Png;
    if bytes.len() < 8 {
        return Err(malformed(f, "it ends inside the PNG signature"));
    }
    // The first chunk must be IHDR, 13 bytes long: width, height, ...
    if bytes.len() < 8 + 8 + 13 {
        return Err(malformed(
            f,
            "it ends before the image header (IHDR) is complete",
        ));
    }
    if &bytes[12..16] != b"IHDR" || be_u32(bytes, 8) != Some(13) {
        return Err(malformed(
            f,
            "the first chunk is not a valid image header (IHDR)",
        ));
    }
    let width = be_u32(bytes, 16).unwrap_or(0);
    let height = be_u32(bytes, 20).unwrap_or(0);
    if width == 0 || height == 0 {
        return Err(malformed(f, "the header gives a width or height of 0"));
    }
    // Every chunk must be whole, with image data, up to the end chunk
    // (IEND): a file cut off after its header would show as a broken logo.
    // Bytes after IEND are ignored, as every PNG reader does.
    let mut at = 8;
    let mut has_data = false;
    loop {
        let (Some(len), Some(kind)) = (be_u32(bytes, at), bytes.get(at + 4..at + 8)) else {
            return Err(malformed(
                f,
                "it ends without the image-end chunk (IEND): the file is cut off",
            ));
        };
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(malformed(
                f,
                &format!("the chunk at byte {at} has no valid type"),
            ));
        }
        let kind = String::from_utf8_lossy(kind);
        let left = bytes.len() - (at + 8);
        // Its data and CRC; saturating, as usize may be 32 bits (wasm).
        let needed = (len as usize).saturating_add(4);
        if needed > left {
            return Err(malformed(
                f,
                &format!(
                    "it is cut off inside the {kind} chunk ({needed} bytes needed, {left} left)"
                ),
            ));
        }
        match &*kind {
            "IDAT" => has_data = true,
            "IEND" if has_data => break,
            "IEND" => return Err(malformed(f, "it has no image data (IDAT chunk)")),
            _ => {}
        }
        at += 8 + needed;
    }
    Ok(ImageInfo {
        format: f,
        width,
        height,
    })
}

fn inspect_jpeg(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let f = ImageFormat::Jpeg;
    let mut at = 2;
    loop {
        // Markers start with 0xFF, possibly padded with more 0xFF bytes.
        match bytes.get(at) {
            None => return Err(malformed(f, "it ends before the frame header (SOF)")),
            Some(0xFF) => {}
            Some(_) => return Err(malformed(f, "a segment marker is missing")),
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return Err(malformed(f, "it ends before the frame header (SOF)"));
        };
        at += 1;
        match marker {
            // Stand-alone markers have no length.
            0x01 | 0xD0..=0xD7 => continue,
            0xD8 => return Err(malformed(f, "a second start-of-image marker appears")),
            0xD9 | 0xDA => {
                return Err(malformed(
                    f,
                    "the image data starts before any frame header (SOF)",
                ))
            }
            _ => {}
        }
        let Some(length) = be_u16(bytes, at) else {
            return Err(malformed(f, "it ends inside a segment header"));
        };
        let length = usize::from(length);
        if length < 2 {
            return Err(malformed(f, "a segment has an impossible length"));
        }
        let is_sof = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_sof {
            // length(2) precision(1) height(2) width(2)
            let (Some(height), Some(width)) = (be_u16(bytes, at + 3), be_u16(bytes, at + 5)) else {
                return Err(malformed(f, "it ends inside the frame header (SOF)"));
            };
            if width == 0 || height == 0 {
                return Err(malformed(
                    f,
                    "the frame header gives a width or height of 0",
                ));
            }
            // The compressed image data follows and ends with the
            // end-of-image marker; 0xFF inside the data is always followed
            // by 0x00 or a restart marker, so FF D9 is only ever the end.
            if !bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]) {
                return Err(malformed(
                    f,
                    "it ends before the end-of-image marker: the file is cut off",
                ));
            }
            return Ok(ImageInfo {
                format: f,
                width: u32::from(width),
                height: u32::from(height),
            });
        }
        at += length;
    }
}

/// Standard base64 (RFC 4648, with padding), for keeping logos in JSON.
pub mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
    }

    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let bytes = text.as_bytes();
        if bytes.len() % 4 != 0 {
            return None;
        }
        let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
        for (index, chunk) in bytes.chunks(4).enumerate() {
            let last = index == bytes.len() / 4 - 1;
            let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
            if pad > 2 || (pad > 0 && !last) {
                return None;
            }
            let mut n = 0u32;
            for &c in &chunk[..4 - pad] {
                n = (n << 6) | value(c)?;
            }
            n <<= 6 * pad as u32;
            let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&decoded[..3 - pad]);
        }
        Some(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub use crate::testing::{png, PNG_TAIL};

    /// A minimal JPEG: SOI, an APP0 segment, then a baseline SOF0.
    pub fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        b.extend_from_slice(&height.to_be_bytes());
        b.extend_from_slice(&width.to_be_bytes());
        b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.extend_from_slice(&[0xFF, 0xD9]);
        b
    }

    #[test]
    fn reads_png_and_jpeg_dimensions() {
        assert_eq!(
            inspect(&png(400, 100)),
            Ok(ImageInfo {
                format: ImageFormat::Png,
                width: 400,
                height: 100
            })
        );
        assert_eq!(
            inspect(&jpeg(320, 80)),
            Ok(ImageInfo {
                format: ImageFormat::Jpeg,
                width: 320,
                height: 80
            })
        );
    }

    #[test]
    fn jpeg_skips_padding_and_standalone_markers() {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xFF, 0xD0];
        b.extend_from_slice(&jpeg(10, 20)[2..]);
        assert_eq!(inspect(&b).map(|i| (i.width, i.height)), Ok((10, 20)));
        // A progressive frame (SOF2) counts too.
        let mut p = jpeg(30, 40);
        let sof = p.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        p[sof + 1] = 0xC2;
        assert_eq!(inspect(&p).map(|i| (i.width, i.height)), Ok((30, 40)));
    }

    #[test]
    fn pixel_limit_boundaries() {
        assert!(check_logo(&png(400, 100)).is_ok());
        assert_eq!(
            check_logo(&png(401, 100)),
            Err(ImageError::TooBig {
                width: 401,
                height: 100
            })
        );
        assert_eq!(
            check_logo(&png(400, 101)),
            Err(ImageError::TooBig {
                width: 400,
                height: 101
            })
        );
        assert_eq!(
            check_logo(&png(512, 128)).unwrap_err().to_string(),
            "512 × 128 px: the limit is 400 × 100."
        );
        assert_eq!(
            check_logo(&jpeg(401, 1)),
            Err(ImageError::TooBig {
                width: 401,
                height: 1
            })
        );
    }

    #[test]
    fn byte_limit_boundaries() {
        let mut at_limit = png(10, 10);
        at_limit.resize(MAX_LOGO_BYTES, 0);
        assert!(check_logo(&at_limit).is_ok());
        let mut over = at_limit.clone();
        over.push(0);
        let err = check_logo(&over).unwrap_err();
        assert_eq!(
            err,
            ImageError::TooLarge {
                bytes: 768_001,
                max: 768_000
            }
        );
        assert_eq!(
            err.to_string(),
            "768,001 bytes: the limit is 768,000 bytes (750 KB)."
        );
        assert_eq!(check_logo(&[]), Err(ImageError::Empty));
    }

    #[test]
    fn other_files_are_named_whatever_their_name() {
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00";
        assert_eq!(
            inspect(gif),
            Err(ImageError::NotPngOrJpeg {
                looks_like: Some("a GIF image".into())
            })
        );
        assert!(inspect(gif)
            .unwrap_err()
            .to_string()
            .contains("look like a GIF image"));
        let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert!(inspect(svg).unwrap_err().to_string().contains("SVG"));
        assert!(inspect(b"<!DOCTYPE html><html></html>")
            .unwrap_err()
            .to_string()
            .contains("HTML"));
        assert_eq!(
            inspect(b"hello"),
            Err(ImageError::NotPngOrJpeg { looks_like: None })
        );
    }

    #[test]
    fn truncated_headers_are_reported_not_panicked_on() {
        // Cut anywhere, a file is reported as cut: in its header, in a
        // chunk, or before its end chunk / end-of-image marker.
        let full = png(100, 50);
        for cut in 1..full.len() {
            let result = inspect(&full[..cut]);
            assert!(
                matches!(result, Err(ImageError::Malformed { .. })),
                "png cut at {cut}: {result:?}"
            );
        }
        let full = jpeg(100, 50);
        // One byte (0xFF) cannot be told apart from other files; from two on
        // the file is a JPEG and its cut is reported as such.
        for cut in 2..full.len() {
            let result = inspect(&full[..cut]);
            assert!(
                matches!(result, Err(ImageError::Malformed { .. })),
                "jpeg cut at {cut}: {result:?}"
            );
        }
    }

    #[test]
    fn whole_files_are_required_after_the_header() {
        let detail = |bytes: &[u8]| match inspect(bytes) {
            Err(ImageError::Malformed { detail, .. }) => detail,
            other => panic!("{other:?}"),
        };
        let full = png(100, 50);
        let header_only = &full[..full.len() - PNG_TAIL.len()];
        assert_eq!(
            detail(header_only),
            "it ends without the image-end chunk (IEND): the file is cut off"
        );
        assert_eq!(
            detail(&full[..full.len() - 20]),
            "it is cut off inside the IDAT chunk (12 bytes needed, 4 left)"
        );
        // A length near u32::MAX is refused, not overflowed.
        let mut huge = header_only.to_vec();
        huge.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, b'I', b'D', b'A', b'T']);
        assert_eq!(
            detail(&huge),
            "it is cut off inside the IDAT chunk (4294967299 bytes needed, 0 left)"
        );
        let mut no_data = header_only.to_vec();
        no_data.extend_from_slice(&PNG_TAIL[20..]);
        assert_eq!(detail(&no_data), "it has no image data (IDAT chunk)");
        let mut bad_kind = header_only.to_vec();
        bad_kind.extend_from_slice(&[0; 12]);
        assert_eq!(detail(&bad_kind), "the chunk at byte 33 has no valid type");
        // Anything after IEND is ignored.
        let mut padded = full.clone();
        padded.resize(5000, 0);
        assert_eq!(inspect(&padded), inspect(&full));
        let jpeg = jpeg(100, 50);
        assert_eq!(
            detail(&jpeg[..jpeg.len() - 2]),
            "it ends before the end-of-image marker: the file is cut off"
        );
    }

    #[test]
    fn base64_round_trips() {
        for len in 0..50 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64::encode(&data);
            assert_eq!(base64::decode(&text), Some(data), "{text}");
        }
        assert_eq!(base64::encode(b"Man"), "TWFu");
        assert_eq!(base64::encode(b"Ma"), "TWE=");
        assert_eq!(base64::decode("TWE="), Some(b"Ma".to_vec()));
        assert_eq!(base64::decode("TW=E"), None);
        assert_eq!(base64::decode("TWE"), None);
        assert_eq!(base64::decode("T!E="), None);
    }
}
