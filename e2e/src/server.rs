//! A small static file server on 127.0.0.1 for `dist/`, serving it under any
//! sub-path the way a plain static host would (no rewrites, no fallbacks).

use std::path::{Component, Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct StaticServer {
    port: u16,
    prefix: String,
    task: JoinHandle<()>,
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:<port><sub_path>`; `sub_path` is
    /// `/` or like `/some/sub/path/`.
    pub async fn start(root: PathBuf, sub_path: &str) -> StaticServer {
        let prefix = normalise_prefix(sub_path);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let served_prefix = prefix.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let root = root.clone();
                let prefix = served_prefix.clone();
                tokio::spawn(async move {
                    let _ = handle(stream, &root, &prefix).await;
                });
            }
        });
        StaticServer { port, prefix, task }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.prefix)
    }
}

fn normalise_prefix(sub_path: &str) -> String {
    let trimmed = sub_path.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file below `root`, refusing anything outside it.
fn resolve(root: &Path, prefix: &str, request_path: &str) -> Option<PathBuf> {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix(prefix).or_else(|| {
        // "/sub/path" without the trailing slash: serve the index too.
        (path == prefix.trim_end_matches('/')).then_some("")
    })?;
    let mut file = root.to_path_buf();
    for part in Path::new(rest).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if rest.is_empty() || rest.ends_with('/') {
        file.push("index.html");
    }
    Some(file)
}

async fn handle(mut stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
    let mut buffer = vec![0u8; 8192];
    let mut read = 0;
    loop {
        let n = stream.read(&mut buffer[read..]).await?;
        if n == 0 {
            return Ok(());
        }
        read += n;
        if buffer[..read].windows(4).any(|w| w == b"\r\n\r\n") || read == buffer.len() {
            break;
        }
    }
    let head = String::from_utf8_lossy(&buffer[..read]);
    let mut parts = head.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let found = resolve(root, prefix, target).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)));
    let (status, kind, body) = match (method, found) {
        ("GET" | "HEAD", Some((path, bytes))) => ("200 OK", content_type(&path), bytes),
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        _ => (
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed".to_vec(),
        ),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes()).await?;
    if method != "HEAD" {
        stream.write_all(&body).await?;
    }
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_prefix_only() {
        let root = Path::new("/srv/dist");
        assert_eq!(resolve(root, "/", "/"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "/", "/app.js?x=1"), Some(root.join("app.js")));
        assert_eq!(
            resolve(root, "/a/b/", "/a/b/"),
            Some(root.join("index.html"))
        );
        assert_eq!(
            resolve(root, "/a/b/", "/a/b"),
            Some(root.join("index.html"))
        );
        assert_eq!(
            resolve(root, "/a/b/", "/a/b/x.wasm"),
            Some(root.join("x.wasm"))
        );
        assert_eq!(
            resolve(root, "/a/b/", "/x.wasm"),
            None,
            "outside the sub-path"
        );
        assert_eq!(resolve(root, "/", "/../etc/passwd"), None);
    }

    #[test]
    fn prefixes_are_normalised() {
        assert_eq!(normalise_prefix(""), "/");
        assert_eq!(normalise_prefix("/"), "/");
        assert_eq!(normalise_prefix("some/sub/path"), "/some/sub/path/");
        assert_eq!(normalise_prefix("/some/sub/path/"), "/some/sub/path/");
    }
}
