//! The reference server's binary (`mdm-prereqs-server`) as a child
//! process, on a free loopback port with its own temporary database: for
//! tests that need the program as it is run, with its flags.

use crate::free_port;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The binary: `MDM_PREREQS_SERVER_BIN`, or built once per test process
/// with `cargo build -p server --bin mdm-prereqs-server` (a no-op when
/// `scripts/test` has built it already) in the same target directory.
pub fn binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            if let Some(path) = std::env::var_os("MDM_PREREQS_SERVER_BIN") {
                return PathBuf::from(path);
            }
            build()
        })
        .clone()
}

fn build() -> PathBuf {
    let output = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "-p",
            "server",
            "--bin",
            "mdm-prereqs-server",
            "--message-format=json",
        ])
        .current_dir(crate::workspace_root())
        .stderr(Stdio::inherit())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo build -p server --bin mdm-prereqs-server failed"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "mdm-prereqs-server")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .expect("cargo names the built mdm-prereqs-server")
}

/// A running `mdm-prereqs-server`, killed (and its database removed) when
/// dropped.
pub struct ReferenceServer {
    child: Child,
    dir: PathBuf,
    pub addr: SocketAddr,
}

impl Drop for ReferenceServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl ReferenceServer {
    /// Starts the binary with `args` besides `--db` and `--listen`, and
    /// waits until it accepts connections.
    pub fn start(name: &str, args: &[&str]) -> ReferenceServer {
        let dir = std::env::temp_dir().join(format!(
            "mdm-prereqs-e2e-{}-{name}-{}",
            std::process::id(),
            free_port()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let log = std::fs::File::create(dir.join("server.log")).expect("a log file");
        let child = Command::new(binary())
            .arg("--db")
            .arg(dir.join("test.sqlite3"))
            .arg("--listen")
            .arg(addr.to_string())
            .args(args)
            .env_remove("MDM_PREREQS_TOKEN")
            .env_remove("MDM_PREREQS_DNS_SERVER")
            .env_remove("MDM_PREREQS_ALLOWED_ORIGINS")
            .env_remove("MDM_PREREQS_DIST")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("mdm-prereqs-server starts");
        let mut server = ReferenceServer { child, dir, addr };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "mdm-prereqs-server exited before listening ({status}): {}",
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "mdm-prereqs-server did not listen on {}: {}",
            self.addr,
            self.log()
        );
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// The folder of its database.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
