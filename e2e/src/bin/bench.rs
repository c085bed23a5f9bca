//! Benchmark: prints figures, asserts nothing (the machine is shared and
//! noisy). Run by scripts/bench after a release build.
//!
//! 1. Transfer size of the release dist/: raw, gzip -9 and brotli q11.
//! 2. Navigation → app-ready (the `app-ready` performance mark the app sets
//!    when mounted) in headless Chromium over N cold loads (no cache).
//! 3. Keystroke → updated counter on the Company name field, 1,000 inputs.
//! 4. Importing 10,000 corporate device identifiers: preview and import,
//!    from the click to the updated page.
//! 5. DNS lookups: what the browser's DNS client costs (brotli, against a
//!    build without it in target/dist-no-dns), and Verify → result against
//!    a DNS-over-HTTPS endpoint on loopback answering from dnsmasq.

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

fn sizes(dist: &std::path::Path, label: &str) -> usize {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dist).expect("dist/") {
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
    println!("== Transfer size of {label} (what a browser downloads on first visit)");
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
    br
}

async fn ready_times(dir: std::path::PathBuf, label: &str, loads: usize) -> f64 {
    let server = StaticServer::start(dir, "/").await;
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
    println!("== Navigation -> ready ({label}), headless Chromium, localhost, {loads} cold loads");
    println!(
        "median {med:.1} ms   (min {min:.1}, max {max:.1}; DOMContentLoaded median {:.1} ms)",
        median(&mut dom)
    );
    med
}

/// Runs `body` (an async JS function body returning a number) in the page.
async fn measure(client: &fantoccini::Client, body: &str) -> f64 {
    let script = format!(
        "const done = arguments[arguments.length - 1]; (async () => {{ {body} }})().then(done, e => done(-1));"
    );
    client
        .execute_async(&script, vec![])
        .await
        .expect("script")
        .as_f64()
        .unwrap_or(-1.0)
}

const WAIT_FOR: &str = "const waitFor = async (check) => { \
    for (let i = 0; i < 100000; i++) { if (check()) return; \
      if (i < 50) { await Promise.resolve(); } else { await new Promise(r => setTimeout(r, 0)); } } \
    throw new Error('timeout'); };";

fn baseline_dir() -> std::path::PathBuf {
    e2e::workspace_root().join("e2e").join("baseline")
}

/// Median time from an `input` event on the Company name field to its
/// counter showing the new length, over 1,000 inputs.
async fn keystrokes(client: &fantoccini::Client) -> f64 {
    let keystroke = format!(
        "{WAIT_FOR} const input = document.getElementById('company-name'); \
         const counter = document.getElementById('company-name-counter'); \
         const times = []; \
         for (let i = 0; i < 1000; i++) {{ \
           const text = 'Contoso ' + 'x'.repeat(i % 45); \
           const expected = text.trim().length + '/40'; \
           const t0 = performance.now(); \
           input.value = text; input.dispatchEvent(new Event('input', {{bubbles: true}})); \
           await waitFor(() => counter.textContent === expected); \
           times.push(performance.now() - t0); }} \
         times.sort((a, b) => a - b); return times[500];"
    );
    measure(client, &keystroke).await
}

async fn interactions() {
    let server = StaticServer::start(dist_dir(), "/").await;
    let driver = Chromedriver::start().await;
    let client = driver.browser().await;
    let setup = domain::Setup::new()
        .apply(
            domain::Command::SetAuthority {
                authority: domain::MdmAuthority::Intune,
                confirmed: true,
            },
            domain::Timestamp(0),
        )
        .expect("a valid command");
    let wait_ready = |client: fantoccini::Client| async move {
        client
            .wait()
            .for_element(fantoccini::Locator::Css("html[data-app-ready]"))
            .await
            .expect("app ready");
    };
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            None,
            None,
        ))
        .await
        .expect("script timeout");
    client
        .goto(&format!("{}#/portal", server.url()))
        .await
        .expect("goto");
    wait_ready(client.clone()).await;

    let per_key = keystrokes(&client).await;
    let baseline_key = {
        let base = StaticServer::start(baseline_dir(), "/").await;
        client.goto(&base.url()).await.expect("goto");
        keystrokes(&client).await
    };
    println!();
    println!("== Keystroke -> updated counter and error (Company name), 1,000 inputs, median");
    println!("app {per_key:.3} ms   (plain HTML baseline {baseline_key:.3} ms)");
    println!(
        "budget: <= 1 ms -> {}",
        if (0.0..=1.0).contains(&per_key) {
            "within"
        } else {
            "OVER"
        }
    );

    // 4. 10,000 device identifiers, one bad line in every 1,000.
    let json = serde_json::to_string(&domain::encode(&setup)).expect("json string");
    client.goto(&server.url()).await.expect("goto");
    wait_ready(client.clone()).await;
    client
        .execute(
            &format!("localStorage.setItem('mdm-prereqs.setup', {json});"),
            vec![],
        )
        .await
        .expect("seed");
    client
        .goto(&format!("{}?devices#/enrollment", server.url()))
        .await
        .expect("goto");
    wait_ready(client.clone()).await;
    let lines: Vec<String> = (0..10_000)
        .map(|i| {
            if i % 1000 == 999 {
                format!("BAD_{i}")
            } else {
                format!("SN{i:08},Laptop {i}")
            }
        })
        .collect();
    let text = serde_json::to_string(&lines.join("\n")).expect("json string");
    let preview = measure(
        &client,
        &format!(
            "{WAIT_FOR} const area = document.getElementById('device-text'); \
             area.value = {text}; area.dispatchEvent(new Event('input', {{bubbles: true}})); \
             const summary = document.getElementById('device-preview-summary'); \
             const t0 = performance.now(); document.getElementById('device-check').click(); \
             await waitFor(() => summary.textContent.includes('9990 lines ready')); \
             return performance.now() - t0;"
        ),
    )
    .await;
    let import = measure(
        &client,
        &format!(
            "{WAIT_FOR} const count = document.getElementById('device-count'); \
             const t0 = performance.now(); document.getElementById('device-import-valid').click(); \
             await waitFor(() => count.textContent === '9990 devices'); \
             return performance.now() - t0;"
        ),
    )
    .await;
    let _ = client.close().await;
    println!();
    println!("== 10,000-line device list (10 bad lines), click -> page updated");
    println!("preview (parse and list problems): {preview:.1} ms");
    println!("import (validate, save to localStorage, render): {import:.1} ms");
    println!(
        "budget: import <= 500 ms -> {}",
        if (0.0..=500.0).contains(&import) {
            "within"
        } else {
            "OVER"
        }
    );
}

/// The brotli size of the wasm in `dist`.
fn wasm_brotli(dist: &std::path::Path) -> Option<usize> {
    std::fs::read_dir(dist).ok()?.find_map(|entry| {
        let path = entry.ok()?.path();
        if path.extension()? != "wasm" {
            return None;
        }
        Some(brotli(&std::fs::read(&path).ok()?))
    })
}

/// 5. The DNS client's cost and the time from Verify to its result.
async fn dns_lookups() {
    println!();
    println!("== DNS lookups from the browser (DNS over HTTPS)");
    let without = e2e::workspace_root().join("target").join("dist-no-dns");
    match (wasm_brotli(&dist_dir()), wasm_brotli(&without)) {
        (Some(with), Some(without)) => {
            let cost = with as i64 - without as i64;
            println!(
                "DNS client (DoH transport, wire parser, checks): {cost} bytes brotli ({:.1} KB); budget <= 15 KB -> {}",
                cost as f64 / 1024.0,
                if cost <= 15 * 1024 { "within" } else { "OVER" }
            );
        }
        _ => println!("DNS client cost: target/dist-no-dns is missing (scripts/bench builds it)"),
    }

    const DOMAINS: usize = 21;
    let names: Vec<String> = (0..DOMAINS).map(|i| format!("d{i}.contoso.com")).collect();
    let records: Vec<e2e::dns::Record> = names
        .iter()
        .map(|name| e2e::dns::Record::Txt {
            name: name.clone(),
            value: domain::TxtRecord::for_domain(&domain::DomainName::parse(name).expect("a name"))
                .value,
        })
        .collect();
    let dns = e2e::dns::Dnsmasq::start("contoso.com", &records);
    let doh = e2e::doh::DohStandIn::start(dns.port).await;
    let mut setup = domain::Setup::new();
    for name in &names {
        setup = setup
            .apply(
                domain::Command::AddDomain { name: name.clone() },
                domain::Timestamp(0),
            )
            .expect("a valid domain");
    }
    let server = StaticServer::start(dist_dir(), "/").await;
    let driver = Chromedriver::start().await;
    let client = driver.browser().await;
    client.goto(&server.url()).await.expect("goto");
    let json = serde_json::to_string(&domain::encode(&setup)).expect("json string");
    let setting = serde_json::to_string(&format!(r#"{{"kind":"resolver","url":"{}"}}"#, doh.url()))
        .expect("json string");
    client
        .execute(
            &format!("localStorage.setItem('mdm-prereqs.setup', {json}); localStorage.setItem('mdm-prereqs.dns', {setting});"),
            vec![],
        )
        .await
        .expect("seed");
    client
        .goto(&format!("{}?dns#/connections", server.url()))
        .await
        .expect("goto");
    client
        .wait()
        .for_element(fantoccini::Locator::Css("html[data-app-ready]"))
        .await
        .expect("app ready");
    let mut times = Vec::new();
    for name in &names {
        let t = measure(
            &client,
            &format!(
                "{WAIT_FOR} const row = document.querySelector(\"li[data-domain='{name}']\"); \
                 const t0 = performance.now(); row.querySelector('[data-role=verify]').click(); \
                 await waitFor(() => row.querySelector('[data-role=verified-how]')); \
                 return performance.now() - t0;"
            ),
        )
        .await;
        times.push(t);
    }
    // The first lookup also opens the connection: shown apart.
    let first = times.remove(0);
    println!(
        "Verify click -> verified row (lookup, check, save, render), loopback resolver: median {:.1} ms over {} domains (first {first:.1} ms)",
        median(&mut times),
        times.len()
    );
    let _ = client.close().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // BENCH_ONLY=dns prints only the DNS figures.
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only == "dns") {
        dns_lookups().await;
        return;
    }
    let loads = std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let app = sizes(&dist_dir(), "dist/ (the app)");
    println!();
    let baseline = sizes(
        &baseline_dir(),
        "e2e/baseline/ (the same form as plain HTML)",
    );
    println!(
        "budget: app brotli total <= 150 KB -> {} ({:.1} KB; the plain HTML baseline is {:.1} KB)",
        if app <= 150 * 1024 { "within" } else { "OVER" },
        app as f64 / 1024.0,
        baseline as f64 / 1024.0
    );
    let ready = ready_times(dist_dir(), "the app", loads).await;
    let baseline_ready = ready_times(baseline_dir(), "plain HTML baseline", loads).await;
    println!(
        "budget: app median <= 100 ms -> {} ({ready:.1} ms; baseline {baseline_ready:.1} ms)",
        if ready <= 100.0 { "within" } else { "OVER" }
    );
    interactions().await;
    dns_lookups().await;
}
