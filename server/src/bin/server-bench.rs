//! Load benchmark: starts the server in-process on a temporary database and
//! 127.0.0.1:0, then runs BENCH_CLIENTS concurrent clients (default 8), each
//! on its own tenant (so no 412s), sending BENCH_COMMANDS commands in total
//! (default 4000) over kept-alive HTTP/1.1 connections. Prints throughput
//! and latency; asserts nothing about timing (the machine is shared).
//!
//! The clients run in the same process and on the same cores as the server,
//! so the figures are for client and server together.
//!
//! Run: `cargo run --release -p server --bin server-bench`

use server::client::Client;
use server::{Config, Server};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> Result<usize, String> {
    match std::env::var(name) {
        Ok(value) => value
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{name}={value:?} is not a positive whole number")),
        Err(_) => Ok(default),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let clients = env_number("BENCH_CLIENTS", 8)?;
    let total = env_number("BENCH_COMMANDS", 4000)?;
    let dir = std::env::temp_dir().join(format!("mdm-prereqs-server-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let result = runtime.block_on(bench(&dir, clients, total));
    drop(runtime);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn bench(dir: &std::path::Path, clients: usize, total: usize) -> Result<(), String> {
    let mut config = Config::new(dir.join("bench.sqlite3"));
    config.listen = "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?;
    let server = Server::bind(&config).await.map_err(|e| e.to_string())?;
    let addr = server.local_addr().map_err(|e| e.to_string())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));

    // Open every connection before the clock starts.
    let client = Client::new(addr);
    let mut doc_bytes = 0;
    for c in 0..clients {
        let reply = client
            .get(&format!("/api/v1/tenants/bench-{c}/setup"))
            .await
            .map_err(|e| e.to_string())?;
        doc_bytes = reply.body.len();
    }

    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let client = client.clone();
        let count = total / clients + usize::from(c < total % clients);
        tasks.push(tokio::spawn(async move {
            let path = format!("/api/v1/tenants/bench-{c}/commands");
            let mut latencies = Vec::with_capacity(count);
            for i in 0..count {
                // Toggling keeps the document the same size throughout.
                let body = format!(
                    r#"{{"type":"set_network_reviewed","reviewed":{}}}"#,
                    i % 2 == 0
                );
                let sent = Instant::now();
                let reply = client
                    .post_json(&path, Some(i as u64), body)
                    .await
                    .map_err(|e| format!("client {c}: {e}"))?;
                latencies.push(sent.elapsed());
                if reply.status != 200 {
                    return Err(format!(
                        "client {c} command {i}: HTTP {} {}",
                        reply.status,
                        String::from_utf8_lossy(&reply.body)
                    ));
                }
            }
            Ok::<_, String>(latencies)
        }));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(total);
    for task in tasks {
        latencies.extend(task.await.map_err(|e| e.to_string())??);
    }
    let elapsed = started.elapsed();
    let _ = stop.send(());
    drop(client);
    let _ = tokio::time::timeout(Duration::from_secs(5), serving).await;

    latencies.sort();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[index].as_secs_f64() * 1000.0
    };
    println!(
        "clients: {clients}, commands: {}, document: {doc_bytes} bytes, elapsed: {:.3} s",
        latencies.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "commands/s: {:.0}",
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency ms: p50 {:.2}, p99 {:.2}, max {:.2}",
        at(0.50),
        at(0.99),
        at(1.0)
    );
    Ok(())
}
