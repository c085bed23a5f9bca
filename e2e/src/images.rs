//! Real image files for upload tests, made on the spot.

use std::io::Write;

/// A valid RGB PNG of `width` × `height` in one color.
pub fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
                                                // Each scanline: filter type 0 (none), then the pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain((0..width).flat_map(|_| rgb))
        .collect();
    let raw = row.repeat(height as usize);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zlib.write_all(&raw).expect("deflate");
    let data = zlib.finish().expect("deflate");
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &data);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A valid baseline JPEG of `width` × `height` in one color.
pub fn jpeg(width: u16, height: u16, rgb: [u8; 3]) -> Vec<u8> {
    let pixels: Vec<u8> = (0..usize::from(width) * usize::from(height))
        .flat_map(|_| rgb)
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85)
        .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
        .expect("jpeg");
    out
}

/// Writes `bytes` to a temporary file named `name` and returns its path.
pub fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mdm-prereqs-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path
}

/// A valid PNG of `width` × `height`, padded with zeros after its last chunk
/// to exactly `len` bytes (the logo rules read the header and the size).
pub fn png_of_size(width: u32, height: u32, len: usize) -> Vec<u8> {
    let mut bytes = png(width, height, [11, 92, 173]);
    assert!(bytes.len() <= len, "{len} bytes is too small for the image");
    bytes.resize(len, 0);
    bytes
}

/// A device list of 10,000 lines (CRLF) where every 997th line is bad, each
/// in another way; every 1000th good line has markup as its description.
/// Returns the text and the bad line numbers.
pub fn device_list_with_bad_lines() -> (String, Vec<usize>) {
    let bad_kinds = [
        "BAD_SERIAL".to_string(),
        "490154203237519".to_string(),
        "ABC".to_string(),
        format!("SNDESC,{}", "d".repeat(129)),
        "\"unclosed".to_string(),
        "<script>alert(1)</script>".to_string(),
        "A,B,C".to_string(),
        "😀😀😀😀".to_string(),
        "SN\u{7}BELL".to_string(),
        "SN00000001".to_string(), // a duplicate of line 1
    ];
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for n in 1..=10_000usize {
        if n % 997 == 0 {
            lines.push(bad_kinds[bad.len() % bad_kinds.len()].clone());
            bad.push(n);
        } else if n % 1000 == 1 {
            lines.push(format!("SN{n:08},<img src=x onerror=window.__pwned=1>"));
        } else {
            lines.push(format!("SN{n:08}"));
        }
    }
    (lines.join("\r\n"), bad)
}
