//! A DNS-over-HTTPS endpoint on loopback for the journeys: it takes RFC 8484
//! GET requests (`/dns-query?dns=<base64url>`, `Accept:
//! application/dns-message`), refuses any other shape, and forwards the DNS
//! message unchanged over UDP to a real DNS server (dnsmasq), whose answer
//! it returns. No answer is made up here. A test can make it fail the way
//! real resolvers do: an HTTP error status, a dropped connection, or a
//! missing CORS header.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::task::JoinHandle;

/// How the endpoint behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    /// Forwards to the DNS server.
    Working = 0,
    /// Answers 503 Service Unavailable.
    Unavailable = 1,
    /// Closes the connection without answering (a resolver that is down).
    Down = 2,
    /// Answers without `Access-Control-Allow-Origin`: the browser refuses
    /// to give the answer to the page.
    NoCors = 3,
}

struct Shared {
    dns_port: u16,
    mode: AtomicU8,
    /// The query names asked, in order (lower case, no trailing dot).
    asked: Mutex<Vec<String>>,
    /// Requests refused for not following RFC 8484.
    refused: Mutex<Vec<String>>,
}

pub struct DohStandIn {
    pub port: u16,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Drop for DohStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl DohStandIn {
    /// Listens on a free loopback port, forwarding to the DNS server on
    /// `127.0.0.1:dns_port`.
    pub async fn start(dns_port: u16) -> DohStandIn {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let shared = Arc::new(Shared {
            dns_port,
            mode: AtomicU8::new(Mode::Working as u8),
            asked: Mutex::new(Vec::new()),
            refused: Mutex::new(Vec::new()),
        });
        let serving = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = serving.clone();
                tokio::spawn(async move {
                    let _ = handle(stream, &shared).await;
                });
            }
        });
        DohStandIn { port, shared, task }
    }

    /// The resolver address to give the app.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/dns-query", self.port)
    }

    pub fn set_mode(&self, mode: Mode) {
        self.shared.mode.store(mode as u8, Ordering::SeqCst);
    }

    /// The names asked so far.
    pub fn asked(&self) -> Vec<String> {
        self.shared.asked.lock().expect("lock").clone()
    }

    /// Requests refused for their shape (should stay empty).
    pub fn refused(&self) -> Vec<String> {
        self.shared.refused.lock().expect("lock").clone()
    }
}

async fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mode = shared.mode.load(Ordering::SeqCst);
    if mode == Mode::Down as u8 {
        return Ok(());
    }
    let cors = mode != Mode::NoCors as u8;
    let mut parts = request_line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let refuse = |why: String| {
        shared.refused.lock().expect("lock").push(why);
    };
    if method == "OPTIONS" {
        return respond(&mut stream, 204, "No Content", None, cors).await;
    }
    if mode == Mode::Unavailable as u8 {
        return respond(&mut stream, 503, "Service Unavailable", None, cors).await;
    }
    let Some(param) = target
        .strip_prefix("/dns-query?")
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("dns=")))
    else {
        refuse(format!("not a DoH GET: {request_line}"));
        return respond(&mut stream, 400, "Bad Request", None, cors).await;
    };
    if method != "GET" {
        refuse(format!("method {method}"));
        return respond(&mut stream, 405, "Method Not Allowed", None, cors).await;
    }
    if !header("accept").is_some_and(|a| a.contains("application/dns-message")) {
        refuse(format!("Accept {:?}", header("accept")));
        return respond(&mut stream, 415, "Unsupported Media Type", None, cors).await;
    }
    let Some(query) = base64url_decode(param) else {
        refuse(format!("dns= is not unpadded base64url: {param}"));
        return respond(&mut stream, 400, "Bad Request", None, cors).await;
    };
    if let Some(name) = question_name(&query) {
        shared.asked.lock().expect("lock").push(name);
    }
    match forward(&query, shared.dns_port).await {
        Some(answer) => respond(&mut stream, 200, "OK", Some(&answer), cors).await,
        None => respond(&mut stream, 504, "Gateway Timeout", None, cors).await,
    }
}

async fn forward(query: &[u8], dns_port: u16) -> Option<Vec<u8>> {
    let socket = UdpSocket::bind("127.0.0.1:0").await.ok()?;
    socket.send_to(query, ("127.0.0.1", dns_port)).await.ok()?;
    let mut buf = vec![0; 65_535];
    let (len, _) = tokio::time::timeout(Duration::from_secs(3), socket.recv_from(&mut buf))
        .await
        .ok()?
        .ok()?;
    buf.truncate(len);
    Some(buf)
}

async fn respond(
    stream: &mut TcpStream,
    status: u16,
    reason: &str,
    body: Option<&[u8]>,
    cors: bool,
) -> std::io::Result<()> {
    let body = body.unwrap_or_default();
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n",
        body.len()
    );
    if status == 200 {
        head.push_str("Content-Type: application/dns-message\r\n");
    }
    if cors {
        head.push_str("Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: accept\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.shutdown().await
}

/// RFC 4648 base64url without padding (RFC 8484 forbids padding).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.contains('=') {
        return None;
    }
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

/// The question's name of a query (uncompressed, as queries are).
fn question_name(query: &[u8]) -> Option<String> {
    let mut at = 12;
    let mut labels = Vec::new();
    loop {
        let len = usize::from(*query.get(at)?);
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at + 1..at + 1 + len)?).to_ascii_lowercase());
        at += 1 + len;
    }
    Some(labels.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_the_rfc_example() {
        // RFC 8484, 4.1.1: the query for www.example.com, type A.
        let bytes =
            base64url_decode("AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB").expect("decodes");
        assert_eq!(question_name(&bytes).as_deref(), Some("www.example.com"));
        assert_eq!(base64url_decode("AAABAA=="), None, "padding is refused");
        assert_eq!(base64url_decode("AA+/"), None, "not the URL alphabet");
    }
}
