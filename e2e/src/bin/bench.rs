//! Benchmark: prints figures, asserts nothing (the machine is shared and
//! noisy). Run by scripts/bench after a release build.
//!
//! 1. Transfer size of the release dist/: raw, gzip -9 and brotli q11.
//! 2. Navigation → app-ready (the `app-ready` performance mark the app sets
//!    when mounted) in headless Chromium over N cold loads (no cache).

use e2e::{dist_dir, Chromedriver, StaticServer};
use std::io::Write;
use std::time::Duration;

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli");
    out.len()
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

fn sizes() {
    let dist = dist_dir();
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(&dist).expect("dist/") {
        let path = entry.expect("entry").path();
        let kind = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_string();
        if !matches!(kind.as_str(), "wasm" | "js" | "css" | "html") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        rows.push((kind, bytes.len(), gzip(&bytes), brotli(&bytes)));
    }
    rows.sort();
    println!("== Transfer size of dist/ (what a browser downloads on first visit)");
    println!(
        "{:<6} {:>12} {:>12} {:>12}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for (kind, r, g, b) in &rows {
        println!("{kind:<6} {:>12} {:>12} {:>12}", kb(*r), kb(*g), kb(*b));
        raw += r;
        gz += g;
        br += b;
    }
    println!(
        "{:<6} {:>12} {:>12} {:>12}",
        "total",
        kb(raw),
        kb(gz),
        kb(br)
    );
    println!(
        "budget: brotli total <= 150 KB -> {}",
        if br <= 150 * 1024 { "within" } else { "OVER" }
    );
}

async fn ready_times(loads: usize) {
    let server = StaticServer::start(dist_dir(), "/").await;
    let driver = Chromedriver::start().await;
    let client = driver.browser().await;
    let mut ready = Vec::new();
    let mut dom = Vec::new();
    for i in 0..loads {
        // A fresh URL each time; the server sends no-store, so every load is cold.
        client
            .goto(&format!("{}?load={i}#/connections", server.url()))
            .await
            .expect("goto");
        let mut found = None;
        for _ in 0..400 {
            let value = client
                .execute(
                    "const m = performance.getEntriesByName('app-ready')[0];\
                     const n = performance.getEntriesByType('navigation')[0];\
                     return m ? [m.startTime, n ? n.domContentLoadedEventEnd : 0] : null;",
                    vec![],
                )
                .await
                .expect("script");
            if let Some(pair) = value.as_array() {
                found = Some((
                    pair[0].as_f64().unwrap_or(0.0),
                    pair[1].as_f64().unwrap_or(0.0),
                ));
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let (r, d) = found.expect("the app set its app-ready mark");
        ready.push(r);
        dom.push(d);
    }
    let _ = client.close().await;
    let (min, max) = (
        ready.iter().cloned().fold(f64::INFINITY, f64::min),
        ready.iter().cloned().fold(0.0, f64::max),
    );
    let med = median(&mut ready);
    println!();
    println!("== Navigation -> app-ready, headless Chromium, localhost, {loads} cold loads");
    println!(
        "median {med:.1} ms   (min {min:.1}, max {max:.1}; DOMContentLoaded median {:.1} ms)",
        median(&mut dom)
    );
    println!(
        "budget: median <= 100 ms -> {}",
        if med <= 100.0 { "within" } else { "OVER" }
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let loads = std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    sizes();
    ready_times(loads).await;
}
