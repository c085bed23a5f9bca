//! A real DNS server for the tests: Debian's dnsmasq on a free loopback
//! port, answering only from the records a test gives it (no upstream
//! resolver, no hosts file, no configuration file).

use std::net::UdpSocket;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A record the server publishes.
pub enum Record {
    Txt {
        name: String,
        value: String,
    },
    /// The target is also given an address, so that dnsmasq (which only
    /// answers aliases to names it knows) serves the alias.
    Cname {
        name: String,
        target: String,
    },
    /// An IPv4 address: the name exists, with no TXT or CNAME record.
    Address {
        name: String,
        address: std::net::Ipv4Addr,
    },
}

pub struct Dnsmasq {
    child: Child,
    pub port: u16,
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> PathBuf {
    let path = std::env::var_os("DNSMASQ")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/dnsmasq"));
    assert!(
        path.is_file(),
        "{} is missing: scripts/bootstrap --browser installs Debian's dnsmasq-base",
        path.display()
    );
    path
}

impl Dnsmasq {
    /// Serves `records` with authority over `zone` (other names in it are
    /// answered NXDOMAIN), on 127.0.0.1. Several zones are written
    /// `a.com/b.com`.
    pub fn start(zone: &str, records: &[Record]) -> Dnsmasq {
        let port = UdpSocket::bind("127.0.0.1:0")
            .and_then(|s| s.local_addr())
            .expect("a free loopback port")
            .port();
        let mut args = vec![
            "--keep-in-foreground".to_string(),
            "--conf-file=/dev/null".into(),
            "--no-resolv".into(),
            "--no-hosts".into(),
            "--listen-address=127.0.0.1".into(),
            "--bind-interfaces".into(),
            format!("--port={port}"),
            "--pid-file=".into(),
            "--user=root".into(),
            format!("--local=/{zone}/"),
        ];
        for (i, record) in records.iter().enumerate() {
            match record {
                Record::Txt { name, value } => args.push(format!("--txt-record={name},{value}")),
                Record::Cname { name, target } => {
                    args.push(format!("--host-record={target},192.0.2.{}", i + 1));
                    args.push(format!("--cname={name},{target}"));
                }
                Record::Address { name, address } => {
                    args.push(format!("--host-record={name},{address}"))
                }
            }
        }
        let child = Command::new(binary())
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dnsmasq starts");
        let server = Dnsmasq { child, port };
        server.wait_until_answering(zone.split('/').next().unwrap_or(zone));
        server
    }

    fn wait_until_answering(&self, zone: &str) {
        let probe = probe_query(zone);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.try_ask(&probe, Duration::from_millis(200)).is_some() {
                return;
            }
        }
        panic!("dnsmasq did not answer on 127.0.0.1:{}", self.port);
    }

    fn try_ask(&self, query: &[u8], wait: Duration) -> Option<Vec<u8>> {
        let socket = UdpSocket::bind("127.0.0.1:0").ok()?;
        socket.set_read_timeout(Some(wait)).ok()?;
        socket.send_to(query, ("127.0.0.1", self.port)).ok()?;
        let mut buf = vec![0; 65_535];
        let (len, _) = socket.recv_from(&mut buf).ok()?;
        buf.truncate(len);
        Some(buf)
    }

    /// Sends one DNS message over UDP and returns the answer's bytes.
    pub fn ask(&self, query: &[u8]) -> Vec<u8> {
        self.try_ask(query, Duration::from_secs(5))
            .unwrap_or_else(|| panic!("no answer from 127.0.0.1:{}", self.port))
    }
}

/// A bare TXT query for `name`, to see that the server is up.
fn probe_query(name: &str) -> Vec<u8> {
    let mut q = vec![0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    for label in name.split('.') {
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.extend_from_slice(&[0, 0, 16, 0, 1]);
    q
}
