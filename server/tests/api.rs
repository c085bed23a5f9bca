//! The API over real HTTP: each test starts the server in-process on
//! 127.0.0.1:0 with its own temporary database file.

use domain::portal::Logo;
use domain::{Command, CompanyPortal, Setup, Timestamp};
use serde_json::{json, Value};
use server::client::{Client, Reply};
use server::{Config, Server, StartError, BODY_LIMIT};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "mdm-prereqs-server-test-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        TempDir(dir)
    }

    fn db(&self) -> PathBuf {
        self.0.join("test.sqlite3")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn start(mut config: Config) -> Running {
        config.listen = "127.0.0.1:0".parse().unwrap();
        let server = Server::bind(&config).await.expect("the server starts");
        let addr = server.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run_until(async {
            let _ = stopped.await;
        }));
        Running {
            addr,
            stop: Some(stop),
            task,
        }
    }

    fn client(&self) -> Client {
        Client::new(self.addr)
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = &mut self.task;
        match tokio::time::timeout(std::time::Duration::from_secs(10), task).await {
            Ok(result) => result.expect("server task").expect("server ran"),
            // Idle kept-alive connections can hold a graceful shutdown open.
            Err(_) => self.task.abort(),
        }
    }
}

async fn start(dir: &TempDir) -> Running {
    Running::start(Config::new(dir.db())).await
}

fn setup_path(tenant: &str) -> String {
    format!("/api/v1/tenants/{tenant}/setup")
}

fn commands_path(tenant: &str) -> String {
    format!("/api/v1/tenants/{tenant}/commands")
}

fn history_path(tenant: &str) -> String {
    format!("/api/v1/tenants/{tenant}/history")
}

fn body(command: &Command) -> Vec<u8> {
    serde_json::to_vec(command).unwrap()
}

fn add_domain(name: &str) -> Command {
    Command::AddDomain { name: name.into() }
}

fn setup_of(reply: &Reply) -> Setup {
    domain::decode(std::str::from_utf8(&reply.body).unwrap()).unwrap_or_else(|e| {
        panic!(
            "not a setup ({e}): {}",
            String::from_utf8_lossy(&reply.body)
        )
    })
}

/// Status, and the body's `error` code when it is an error.
fn assert_error(reply: &Reply, status: u16, code: &str) -> Value {
    let body = reply.json();
    assert_eq!(reply.status, status, "body: {body}");
    assert_eq!(body["error"], code, "body: {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "every error has a message: {body}"
    );
    assert_eq!(
        reply.header("content-type"),
        Some("application/json"),
        "errors are JSON"
    );
    body
}

async fn post(client: &Client, tenant: &str, revision: u64, command: &Command) -> Reply {
    client
        .post_json(&commands_path(tenant), Some(revision), body(command))
        .await
        .unwrap()
}

async fn history(client: &Client, tenant: &str) -> Vec<Value> {
    let reply = client.get(&history_path(tenant)).await.unwrap();
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()["entries"].as_array().cloned().unwrap()
}

fn stored_tenants(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM setups", [], |r| r.get(0))
        .unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_a_new_tenant() {
    let dir = TempDir::new("new");
    let server = start(&dir).await;
    let client = server.client();

    let health = client.get("/healthz").await.unwrap();
    assert_eq!(health.status, 200);
    assert_eq!(health.json(), json!({ "status": "ok" }));

    let reply = client.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.etag(), Some("\"0\""));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(setup_of(&reply), Setup::new());
    assert!(history(&client, "contoso").await.is_empty());
    assert_eq!(stored_tenants(&dir.db()), 0, "reading stores nothing");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_apply_in_order_and_are_logged() {
    let dir = TempDir::new("apply");
    let server = start(&dir).await;
    let client = server.client();
    let before = now_ms();

    let commands = [
        add_domain("Contoso.com"),
        Command::SetNetworkReviewed { reviewed: true },
        add_domain("fabrikam.com"),
    ];
    let mut last = None;
    for (i, command) in commands.iter().enumerate() {
        let reply = post(&client, "contoso", i as u64, command).await;
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let revision = i as u64 + 1;
        assert_eq!(reply.etag(), Some(format!("\"{revision}\"").as_str()));
        let setup = setup_of(&reply);
        assert_eq!(setup.revision, revision);
        last = Some(setup);
    }
    let last = last.unwrap();
    let names: Vec<&str> = last
        .connections
        .domains
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(names, ["contoso.com", "fabrikam.com"]);
    assert!(last.connections.network_reviewed_at.is_some());

    // GET answers what the last POST answered.
    let reply = client.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(reply.etag(), Some("\"3\""));
    assert_eq!(setup_of(&reply), last);

    let entries = history(&client, "contoso").await;
    assert_eq!(entries.len(), 3);
    let after = now_ms();
    let mut replayed = Setup::new();
    let mut last_seq = 0;
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry["revision"], i as u64 + 1);
        let seq = entry["seq"].as_i64().unwrap();
        assert!(seq > last_seq, "seq increases: {entries:?}");
        last_seq = seq;
        let at = entry["at"].as_i64().unwrap();
        assert!((before..=after).contains(&at), "at {at} is now");
        let command: Command = serde_json::from_value(entry["command"].clone()).unwrap();
        assert_eq!(command, commands[i]);
        replayed = replayed.apply(command, Timestamp(at)).unwrap();
    }
    assert_eq!(replayed, last, "the history replays to the document");

    // Tenants are separate.
    let other = client.get(&setup_path("fabrikam")).await.unwrap();
    assert_eq!(setup_of(&other), Setup::new());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_command_is_400_with_the_domain_message_and_writes_nothing() {
    let dir = TempDir::new("rejected");
    let server = start(&dir).await;
    let client = server.client();

    let command = Command::SetDefaultDomain {
        name: "contoso.com".into(),
    };
    let expected = Setup::new()
        .apply(command.clone(), Timestamp(0))
        .expect_err("the domain refuses an unknown default domain");
    let reply = post(&client, "contoso", 0, &command).await;
    let body = assert_error(&reply, 400, "rejected");
    assert_eq!(body["message"], expected.to_string());
    assert_eq!(body["detail"], serde_json::to_value(&expected).unwrap());

    // An invalid value, checked by the same rules.
    let command = add_domain("not a domain");
    let expected = Setup::new()
        .apply(command.clone(), Timestamp(0))
        .unwrap_err();
    let body = assert_error(
        &post(&client, "contoso", 0, &command).await,
        400,
        "rejected",
    );
    assert_eq!(body["message"], expected.to_string());

    let reply = client.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(reply.etag(), Some("\"0\""));
    assert!(history(&client, "contoso").await.is_empty());
    assert_eq!(stored_tenants(&dir.db()), 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_are_400_naming_the_problem() {
    let dir = TempDir::new("malformed");
    let server = start(&dir).await;
    let client = server.client();
    let path = commands_path("contoso");

    let cases: [(&str, &[&str]); 5] = [
        (r#"{"type": "add_domain", "name": "#, &["not valid JSON"]),
        ("", &["not valid JSON"]),
        (
            r#"{"type": "launch_rockets"}"#,
            &["not a valid command", "launch_rockets"],
        ),
        (
            r#"{"type": "add_domain"}"#,
            &["not a valid command", "name"],
        ),
        (
            r#"{"type": "set_network_reviewed", "reviewed": "yes"}"#,
            &["not a valid command", "yes"],
        ),
    ];
    for (text, words) in cases {
        let reply = client.post_json(&path, Some(0), text).await.unwrap();
        let body = assert_error(&reply, 400, "malformed");
        let message = body["message"].as_str().unwrap();
        for word in words {
            assert!(
                message.contains(word),
                "{text:?}: {message:?} lacks {word:?}"
            );
        }
    }
    assert!(history(&client, "contoso").await.is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenant_ids_are_checked() {
    let dir = TempDir::new("tenant");
    let server = start(&dir).await;
    let client = server.client();
    let long = "a".repeat(64);
    for tenant in ["Contoso", "a_b", "caf%C3%A9", "a%20b", long.as_str()] {
        for reply in [
            client.get(&setup_path(tenant)).await.unwrap(),
            client.get(&history_path(tenant)).await.unwrap(),
            post(&client, tenant, 0, &add_domain("contoso.com")).await,
        ] {
            let body = assert_error(&reply, 400, "bad_tenant");
            let message = body["message"].as_str().unwrap();
            assert!(message.contains("1 to 63"), "{message}");
            let shown = tenant.replace("%C3%A9", "é").replace("%20", " ");
            assert!(message.contains(&shown), "{message} names {shown}");
        }
    }
    let ok = "a".repeat(63);
    for tenant in ["contoso", "contoso-eu.2", ok.as_str()] {
        let reply = client.get(&setup_path(tenant)).await.unwrap();
        assert_eq!(reply.status, 200, "{tenant}");
    }
    assert_eq!(stored_tenants(&dir.db()), 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_guards_the_api_but_not_healthz() {
    let dir = TempDir::new("token");
    let mut config = Config::new(dir.db());
    config.token = Some("s3cret-token".into());
    let server = Running::start(config).await;
    let anonymous = server.client();
    let wrong = server.client().with_token("s3cret-tokem");
    let right = server.client().with_token("s3cret-token");

    assert_eq!(anonymous.get("/healthz").await.unwrap().status, 200);
    for client in [&anonymous, &wrong] {
        for reply in [
            client.get(&setup_path("contoso")).await.unwrap(),
            client.get(&history_path("contoso")).await.unwrap(),
            post(client, "contoso", 0, &add_domain("contoso.com")).await,
            // Checked before anything else, even a bad tenant.
            client.get(&setup_path("BAD")).await.unwrap(),
        ] {
            assert_error(&reply, 401, "unauthorized");
            assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
        }
    }
    let reply = right.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.etag(), Some("\"0\""), "nothing was written");
    let reply = post(&right, "contoso", 0, &add_domain("contoso.com")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(history(&right, "contoso").await.len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_revision_is_412_with_the_current_document_and_writes_nothing() {
    let dir = TempDir::new("stale");
    let server = start(&dir).await;
    let client = server.client();

    let first = post(&client, "contoso", 0, &add_domain("contoso.com")).await;
    assert_eq!(first.status, 200);
    let current = setup_of(&first);

    for stale in [0, 2, 99] {
        let reply = post(&client, "contoso", stale, &add_domain("fabrikam.com")).await;
        let body = assert_error(&reply, 412, "stale");
        assert_eq!(reply.etag(), Some("\"1\""));
        let sent: Setup = serde_json::from_value(body["current"].clone()).unwrap();
        assert_eq!(sent, current);
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(&format!("revision {stale}")), "{message}");
    }
    let reply = client.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(reply.etag(), Some("\"1\""));
    assert_eq!(setup_of(&reply), current);
    assert_eq!(history(&client, "contoso").await.len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn if_match_is_required_and_must_be_a_quoted_revision() {
    let dir = TempDir::new("if-match");
    let server = start(&dir).await;
    let client = server.client();
    let path = commands_path("contoso");
    let command = body(&add_domain("contoso.com"));

    let reply = client
        .post_json(&path, None, command.clone())
        .await
        .unwrap();
    let body = assert_error(&reply, 428, "precondition_required");
    assert!(body["message"].as_str().unwrap().contains("If-Match"));

    for bad in ["0", "W/\"0\"", "*", "\"zero\""] {
        let reply = client
            .request(
                hyper::Method::POST,
                &path,
                &[("if-match", bad)],
                command.clone().into(),
            )
            .await
            .unwrap();
        assert_error(&reply, 400, "bad_if_match");
    }
    assert!(history(&client, "contoso").await.is_empty());
    server.stop().await;
}

/// A whole PNG at the logo's pixel limits, padded after its end chunk to
/// exactly 750 KB.
fn largest_logo(name: &str) -> Logo {
    let mut png = domain::testing::png(400, 100);
    png.resize(domain::image::MAX_LOGO_BYTES, 0x5a);
    Logo::from_file(name, &png).expect("a logo at the limits is valid")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_body_limit_fits_two_largest_logos_and_larger_is_413() {
    let dir = TempDir::new("limit");
    let server = start(&dir).await;
    let client = server.client();

    let portal = CompanyPortal {
        company_name: "Contoso".into(),
        it_contact_name: "Helpdesk".into(),
        it_phone: "+1 (425) 555-0100".into(),
        it_email: "it@contoso.com".into(),
        additional_info: "Open 8–18 on weekdays.".into(),
        privacy_url: "https://contoso.com/privacy".into(),
        support_url: "https://help.contoso.com".into(),
        website_name: "Contoso help".into(),
        include_logo: true,
        logo_on_white: Some(largest_logo("white.png")),
        logo_on_theme: Some(largest_logo("theme.png")),
        ..CompanyPortal::default()
    };
    let largest = body(&Command::SavePortal {
        portal: Box::new(portal),
    });
    assert!(largest.len() > 2_048_000 && largest.len() <= BODY_LIMIT);
    let reply = client
        .post_json(&commands_path("contoso"), Some(0), largest)
        .await
        .unwrap();
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let saved = setup_of(&reply).portal.expect("the portal is saved");
    assert_eq!(
        saved.logo_on_theme.map(|l| l.size_bytes),
        Some(domain::image::MAX_LOGO_BYTES)
    );

    // One byte over the limit (whitespace is valid JSON: only the size is wrong).
    let mut over = body(&Command::SetNetworkReviewed { reviewed: true });
    over.resize(BODY_LIMIT + 1, b' ');
    let reply = client
        .post_json(&commands_path("contoso"), Some(1), over.clone())
        .await
        .unwrap();
    let body = assert_error(&reply, 413, "too_large");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains(&BODY_LIMIT.to_string()));
    // Exactly at the limit is accepted.
    over.truncate(BODY_LIMIT);
    let reply = client
        .post_json(&commands_path("contoso"), Some(1), over)
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(history(&client, "contoso").await.len(), 2);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_addresses_and_methods_answer_json() {
    let dir = TempDir::new("routes");
    let server = start(&dir).await;
    let client = server.client();
    assert_error(
        &client.get("/api/v1/nothing").await.unwrap(),
        404,
        "not_found",
    );
    assert_error(&client.get("/nothing").await.unwrap(), 404, "not_found");
    assert_error(
        &client.get(&commands_path("contoso")).await.unwrap(),
        405,
        "method_not_allowed",
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_survives_a_restart() {
    let dir = TempDir::new("restart");
    let server = start(&dir).await;
    let client = server.client();
    for (i, name) in ["a.example.com", "b.example.com", "c.example.com"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            post(&client, "contoso", i as u64, &add_domain(name))
                .await
                .status,
            200
        );
    }
    let before = setup_of(&client.get(&setup_path("contoso")).await.unwrap());
    let history_before = history(&client, "contoso").await;
    server.stop().await;
    drop(client);

    let server = start(&dir).await;
    let client = server.client();
    let reply = client.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(reply.etag(), Some("\"3\""));
    assert_eq!(setup_of(&reply), before);
    assert_eq!(history(&client, "contoso").await, history_before);
    // And it carries on from there.
    assert_eq!(
        post(&client, "contoso", 3, &add_domain("d.example.com"))
            .await
            .status,
        200
    );
    assert_eq!(history(&client, "contoso").await.len(), 4);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_writer_on_the_same_file_is_seen() {
    let dir = TempDir::new("two-writers");
    let server = start(&dir).await;
    let client = server.client();
    assert_eq!(
        post(&client, "contoso", 0, &add_domain("a.example.com"))
            .await
            .status,
        200
    );

    // A second store on the same file, as another process would be.
    let other = server::Store::open(&dir.db()).unwrap();
    let written = other
        .apply("contoso", 1, add_domain("b.example.com"), Timestamp(1))
        .unwrap();
    assert_eq!(written.revision, 2);

    let reply = client.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(reply.etag(), Some("\"2\""));
    assert_eq!(reply.body, written.doc.as_bytes());
    let reply = post(&client, "contoso", 1, &add_domain("c.example.com")).await;
    assert_error(&reply, 412, "stale");
    assert_eq!(
        post(&client, "contoso", 2, &add_domain("c.example.com"))
            .await
            .status,
        200
    );
    assert_eq!(history(&client, "contoso").await.len(), 3);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_stored_document_is_reported_and_never_overwritten() {
    let dir = TempDir::new("unreadable");
    let server = start(&dir).await;
    let client = server.client();
    assert_eq!(
        post(&client, "contoso", 0, &add_domain("a.example.com"))
            .await
            .status,
        200
    );
    let corrupt = r#"{"schema_version": 1, "revision": 1, "connections": 7}"#;
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute(
            "UPDATE setups SET doc = ?1 WHERE tenant = 'contoso'",
            [corrupt],
        )
        .unwrap();
    }
    let body = assert_error(
        &client.get(&setup_path("contoso")).await.unwrap(),
        500,
        "unreadable",
    );
    assert!(
        body["message"].as_str().unwrap().contains("contoso"),
        "{body}"
    );
    let reply = post(&client, "contoso", 1, &add_domain("b.example.com")).await;
    assert_error(&reply, 500, "unreadable");
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    let doc: String = conn
        .query_row("SELECT doc FROM setups WHERE tenant = 'contoso'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(doc, corrupt, "left as it was");
    assert_eq!(history(&client, "contoso").await.len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_layout_is_served_in_the_current_one() {
    let dir = TempDir::new("older");
    let server = start(&dir).await;
    let client = server.client();
    let reply = post(&client, "contoso", 0, &add_domain("a.example.com")).await;
    assert_eq!(reply.status, 200);
    // The same document as a version-1 server wrote it (before step 6).
    let mut v1: Value = reply.json();
    v1["schema_version"] = json!(1);
    v1.as_object_mut().unwrap().remove("enrollment");
    let v1 = v1.to_string();
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute("UPDATE setups SET doc = ?1 WHERE tenant = 'contoso'", [&v1])
            .unwrap();
    }
    let expected = domain::encode(&domain::decode(&v1).unwrap());
    assert_ne!(expected, v1);
    let reply = client.get(&setup_path("contoso")).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&reply.body), expected);
    assert_eq!(reply.json()["schema_version"], domain::SCHEMA_VERSION);
    let reply = post(&client, "contoso", 1, &add_domain("b.example.com")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["schema_version"], domain::SCHEMA_VERSION);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_lose_and_duplicate_nothing() {
    const CLIENTS: usize = 8;
    const EACH: usize = 200;
    let dir = TempDir::new("concurrency");
    let server = start(&dir).await;
    let tenant = "contoso";

    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let client = server.client();
        tasks.push(tokio::spawn(async move {
            let mut revision = 0;
            let mut conflicts = 0usize;
            for i in 0..EACH {
                let command = add_domain(&format!("c{c}-{i}.example.com"));
                loop {
                    let reply = post(&client, tenant, revision, &command).await;
                    // 200 and 412 both give the current revision as the ETag.
                    let etag = reply.etag().and_then(|t| t.trim_matches('"').parse().ok());
                    match (reply.status, etag) {
                        (200, Some(now)) => {
                            assert_eq!(now, revision + 1);
                            revision = now;
                            break;
                        }
                        (412, Some(now)) => {
                            conflicts += 1;
                            assert!(now > revision, "412 at {now} for {revision}");
                            revision = now;
                        }
                        (status, _) => panic!(
                            "client {c} command {i}: {status} {}",
                            String::from_utf8_lossy(&reply.body)
                        ),
                    }
                }
            }
            conflicts
        }));
    }
    let mut conflicts = 0;
    for task in tasks {
        conflicts += task.await.expect("client task");
    }
    eprintln!("{conflicts} conflicts (412) were retried");

    let client = server.client();
    let reply = client.get(&setup_path(tenant)).await.unwrap();
    let total = (CLIENTS * EACH) as u64;
    assert_eq!(reply.etag(), Some(format!("\"{total}\"").as_str()));
    let setup = setup_of(&reply);
    assert_eq!(setup.revision, total);

    let expected: BTreeSet<String> = (0..CLIENTS)
        .flat_map(|c| (0..EACH).map(move |i| format!("c{c}-{i}.example.com")))
        .collect();
    let names: Vec<String> = setup
        .connections
        .domains
        .iter()
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(names.len(), expected.len(), "no domain lost or duplicated");
    assert_eq!(names.iter().cloned().collect::<BTreeSet<_>>(), expected);

    // The log has every revision once, in order, and replays to exactly the
    // stored document.
    let entries = history(&client, tenant).await;
    assert_eq!(entries.len(), expected.len());
    let mut replayed = Setup::new();
    let mut next_index = [0usize; CLIENTS];
    for (n, entry) in entries.iter().enumerate() {
        assert_eq!(entry["revision"], n as u64 + 1);
        let command: Command = serde_json::from_value(entry["command"].clone()).unwrap();
        // Each client's commands landed in the order it sent them.
        let Command::AddDomain { name } = &command else {
            panic!("unexpected command {command:?}");
        };
        let (c, i) = name
            .strip_suffix(".example.com")
            .and_then(|n| n.strip_prefix('c'))
            .and_then(|n| n.split_once('-'))
            .map(|(c, i)| (c.parse::<usize>().unwrap(), i.parse::<usize>().unwrap()))
            .unwrap();
        assert_eq!(i, next_index[c], "client {c} out of order");
        next_index[c] += 1;
        replayed = replayed
            .apply(command, Timestamp(entry["at"].as_i64().unwrap()))
            .unwrap();
    }
    assert_eq!(replayed, setup);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_allows_only_the_configured_origins() {
    let dir = TempDir::new("cors");
    let mut config = Config::new(dir.db());
    config.allowed_origins = vec!["http://localhost:8080".into()];
    let server = Running::start(config).await;
    let client = server.client();
    let preflight = |origin: &'static str| {
        let client = client.clone();
        async move {
            client
                .request(
                    hyper::Method::OPTIONS,
                    &commands_path("contoso"),
                    &[
                        ("origin", origin),
                        ("access-control-request-method", "POST"),
                        (
                            "access-control-request-headers",
                            "content-type,authorization,if-match",
                        ),
                    ],
                    Default::default(),
                )
                .await
                .unwrap()
        }
    };
    let allowed = preflight("http://localhost:8080").await;
    assert_eq!(allowed.status, 200);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    let headers = allowed
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    for h in ["content-type", "authorization", "if-match"] {
        assert!(headers.contains(h), "{headers}");
    }
    let refused = preflight("http://evil.example").await;
    assert_eq!(refused.header("access-control-allow-origin"), None);

    let reply = client
        .request(
            hyper::Method::GET,
            &setup_path("contoso"),
            &[("origin", "http://localhost:8080")],
            Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply
            .header("access-control-expose-headers")
            .map(str::to_ascii_lowercase),
        Some("etag".into())
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_the_web_app_with_dist() {
    let dir = TempDir::new("dist");
    let dist = dir.0.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    let mut config = Config::new(dir.db());
    config.dist = Some(dist);
    let server = Running::start(config).await;
    let client = server.client();
    let page = client.get("/").await.unwrap();
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("<title>app</title>"));
    assert_eq!(
        client.get(&setup_path("contoso")).await.unwrap().status,
        200
    );
    assert_eq!(client.get("/healthz").await.unwrap().status, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_to_start_on_a_public_address_without_a_token() {
    let dir = TempDir::new("public");
    let mut config = Config::new(dir.db());
    config.listen = "0.0.0.0:0".parse().unwrap();
    match Server::bind(&config).await {
        Err(StartError::Config(server::ConfigError::TokenRequired { .. })) => {}
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("the server started on 0.0.0.0 without a token"),
    }
    assert!(!dir.db().exists(), "refused before touching the database");

    // The binary: a clear message and a non-zero exit.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mdm-prereqs-server"))
        .args(["--listen", "0.0.0.0:0", "--db"])
        .arg(dir.db())
        .env_remove("MDM_PREREQS_TOKEN")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("refusing to listen on 0.0.0.0:0 without an API token"),
        "{stderr}"
    );
}

/// A loopback address where no DNS server listens: a lookup sent there
/// takes seconds to fail, so a quick answer shows none was made.
fn dead_dns_server() -> SocketAddr {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .unwrap()
}

fn lookup_path(tenant: &str, domain: &str, what: &str) -> String {
    format!("/api/v1/tenants/{tenant}/domains/{domain}/{what}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_claiming_a_dns_lookup_are_refused_and_write_nothing() {
    let dir = TempDir::new("claims");
    let server = start(&dir).await;
    let client = server.client();
    post(&client, "contoso", 0, &add_domain("contoso.com")).await;

    for (command, named, endpoint) in [
        (
            Command::RecordTxtFound {
                name: "contoso.com".into(),
                resolver: "https://cloudflare-dns.com/dns-query".into(),
            },
            "record_txt_found",
            "/api/v1/tenants/contoso/domains/contoso.com/verify",
        ),
        (
            Command::VerifyDomain {
                name: "Contoso.COM".into(),
                method: domain::VerificationMethod::DnsLookup,
            },
            "verify_domain with method dns_lookup",
            "/api/v1/tenants/contoso/domains/contoso.com/verify",
        ),
        (
            Command::RecordCnamesFound {
                domain: "contoso.com".into(),
                resolver: "8.8.8.8".into(),
            },
            "record_cnames_found",
            "/api/v1/tenants/contoso/domains/contoso.com/cnames/check",
        ),
    ] {
        assert!(command.claims_dns_lookup());
        let body = assert_error(
            &post(&client, "contoso", 1, &command).await,
            400,
            "dns_lookup_not_accepted",
        );
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains(named) && message.contains(endpoint),
            "{message}"
        );
    }
    // Confirmed by hand is still a command.
    let by_hand = Command::VerifyDomain {
        name: "contoso.com".into(),
        method: domain::VerificationMethod::AdminConfirmed,
    };
    assert_eq!(post(&client, "contoso", 1, &by_hand).await.status, 200);
    let entries = history(&client, "contoso").await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["command"]["method"], "admin_confirmed");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_endpoints_refuse_before_looking_anything_up() {
    let dir = TempDir::new("lookup-refusals");
    let mut config = Config::new(dir.db());
    config.dns_server = Some(dead_dns_server());
    config.token = Some("s3cret-token".into());
    let server = Running::start(config).await;
    let client = server.client().with_token("s3cret-token");
    post(&client, "contoso", 0, &add_domain("contoso.com")).await;
    let started = std::time::Instant::now();

    for what in ["verify", "cnames/check"] {
        let path = lookup_path("contoso", "contoso.com", what);
        // The token, as for every /api/v1 route.
        assert_error(
            &server.client().post_json(&path, Some(1), "").await.unwrap(),
            401,
            "unauthorized",
        );
        // If-Match, as for commands.
        assert_error(
            &client.post_json(&path, None, "").await.unwrap(),
            428,
            "precondition_required",
        );
        let stale = client.post_json(&path, Some(0), "").await.unwrap();
        let body = assert_error(&stale, 412, "stale");
        assert_eq!(body["current"]["revision"], 1);
        assert_eq!(stale.etag(), Some("\"1\""));
        // The name by the domain's rules, percent-decoded (%5F is "_").
        let bad = lookup_path("contoso", "contoso%5Fcom", what);
        let body = assert_error(
            &client.post_json(&bad, Some(1), "").await.unwrap(),
            400,
            "rejected",
        );
        assert_eq!(body["detail"]["error"], "domain_name");
        assert!(body["message"].as_str().unwrap().contains("“_”"), "{body}");
        assert_error(
            &client
                .post_json(&lookup_path("Contoso", "contoso.com", what), Some(1), "")
                .await
                .unwrap(),
            400,
            "bad_tenant",
        );
        // A domain not in the list.
        let body = assert_error(
            &client
                .post_json(&lookup_path("contoso", "fabrikam.com", what), Some(1), "")
                .await
                .unwrap(),
            400,
            "rejected",
        );
        // (The CNAME check first needs the MDM authority.)
        let rule = if what == "verify" {
            &body["detail"]["error"]
        } else {
            &body["detail"]["rule"]
        };
        let expected = if what == "verify" {
            "unknown_domain"
        } else {
            "needs_authority"
        };
        assert_eq!(rule, expected, "{body}");
        assert_error(&client.get(&path).await.unwrap(), 405, "method_not_allowed");
    }
    // The CNAME check needs the MDM authority first.
    let body = assert_error(
        &client
            .post_json(
                &lookup_path("contoso", "contoso.com", "cnames/check"),
                Some(1),
                "",
            )
            .await
            .unwrap(),
        400,
        "rejected",
    );
    assert_eq!(body["detail"]["rule"], "needs_authority", "{body}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "no lookup was made: {:?}",
        started.elapsed()
    );
    assert_eq!(history(&client, "contoso").await.len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lookup_that_fails_is_200_with_the_reason_and_writes_nothing() {
    let dir = TempDir::new("lookup-fails");
    let dns = dead_dns_server();
    let mut config = Config::new(dir.db());
    config.dns_server = Some(dns);
    let server = Running::start(config).await;
    let client = server.client();
    post(&client, "contoso", 0, &add_domain("contoso.com")).await;

    let reply = client
        .post_json(
            &lookup_path("contoso", "contoso.com", "verify"),
            Some(1),
            "",
        )
        .await
        .unwrap();
    let body = reply.json();
    assert_eq!(reply.status, 200, "{body}");
    assert_eq!(reply.etag(), Some("\"1\""));
    assert_eq!(body["check"]["outcome"], "resolver_failed", "{body}");
    assert!(
        body["check"]["reason"]
            .as_str()
            .unwrap()
            .contains(&dns.to_string()),
        "{body}"
    );
    assert_eq!(body["resolver"], format!("server lookup via {dns}"));
    assert_eq!(body["setup"]["revision"], 1);
    assert_eq!(history(&client, "contoso").await.len(), 1);
    server.stop().await;
}
