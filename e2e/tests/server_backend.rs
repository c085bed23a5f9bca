//! The app on the Server backend, in real Chromium: the reference server
//! (in this process, on a temporary database) serves both the app and the
//! API. Switch in Settings after testing the connection, make changes,
//! reload and see them; a second browser changes the same tenant and the
//! first is told its change was not applied; with the server down the
//! change is kept, and Retry sends it once the server is back.

use e2e::{dist_dir, journey_at, Session};
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::sync::oneshot;

const TOKEN: &str = "e2e-token-1234";

struct Running {
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<()>,
}

async fn start(db: &PathBuf, listen: SocketAddr) -> (Running, SocketAddr) {
    let mut config = server::config::Config::new(db);
    config.listen = listen;
    config.token = Some(TOKEN.into());
    config.dist = Some(dist_dir());
    let bound = server::Server::bind(&config).await.expect("server starts");
    let addr = bound.local_addr().expect("address");
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        let _ = bound
            .run_until(async move {
                let _ = stopped.await;
            })
            .await;
    });
    (Running { stop, done }, addr)
}

async fn stop(running: Running) {
    let _ = running.stop.send(());
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), running.done).await;
}

async fn choose_server(s: &Session, base: &str) {
    s.open("#/settings").await;
    s.click("#backend-server").await;
    s.type_into("#server-url", base.trim_end_matches('/')).await;
    s.type_into("#server-tenant", "contoso").await;
    s.type_into("#server-token", "wrong-token").await;
    s.click("#test-connection").await;
    s.wait_text("#connection-result", "a refusal", |t| {
        t.contains("Check the token")
    })
    .await;
    // Without a passed test the app does not switch.
    s.click("#use-backend").await;
    s.wait_text("#settings-error", "test first", |t| {
        t.contains("Test the connection first")
    })
    .await;
    s.type_into("#server-token", TOKEN).await;
    s.click("#test-connection").await;
    s.wait_text("#connection-result", "connected", |t| {
        t.starts_with("Connected")
    })
    .await;
    s.click("#use-backend").await;
    s.wait_text("#backend-label", "the server", |t| {
        t.contains("Server") && t.contains("contoso")
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_on_the_server_backend() {
    let dir = std::env::temp_dir().join(format!("mdm-prereqs-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("server.sqlite3");
    let _ = std::fs::remove_file(&db);
    let (running, addr) = start(&db, SocketAddr::from(([127, 0, 0, 1], 0))).await;
    let base = format!("http://{addr}/");
    let db2 = db.clone();
    journey_at("server-backend", &base, move |s: Session| async move {
        s.open("#/connections").await;
        assert!(s.text("#backend-label").await.contains("This browser"));
        choose_server(&s, &s.base.clone()).await;

        // Changes are on the server: they survive a reload.
        s.open("#/connections").await;
        s.type_into("#domain-name", "contoso.com").await;
        s.click("#add-domain button[type=submit]").await;
        s.find("li[data-domain='contoso.com']").await;
        s.reload().await;
        s.find("li[data-domain='contoso.com']").await;
        assert!(s.text("#backend-label").await.contains("Server"));

        // A second browser changes the same tenant.
        let other = s.second_browser().await;
        other.open("#/connections").await;
        let settings = format!(
            "{{\"kind\":\"server\",\"url\":\"{}\",\"tenant\":\"contoso\",\"token\":\"{TOKEN}\"}}",
            s.base.trim_end_matches('/')
        );
        other
            .script(&format!(
                "localStorage.setItem('mdm-prereqs.backend', {});",
                serde_json::Value::String(settings)
            ))
            .await;
        other.reload().await;
        other.find("li[data-domain='contoso.com']").await;
        other.type_into("#domain-name", "fabrikam.com").await;
        other.click("#add-domain button[type=submit]").await;
        other.find("li[data-domain='fabrikam.com']").await;
        let _ = other.client.clone().close().await;

        // The first browser still shows the old version: its change is
        // refused, it is told, and it now shows the server's version.
        s.type_into("#domain-name", "northwind.com").await;
        s.click("#add-domain button[type=submit]").await;
        s.wait_text("#save-status", "the conflict", |t| {
            t.contains("your change was not applied")
        })
        .await;
        s.find("li[data-domain='fabrikam.com']").await;
        s.absent("li[data-domain='northwind.com']").await;

        // Server down: the change is kept and the page says so.
        stop(running).await;
        s.type_into("#domain-name", "northwind.com").await;
        s.click("#add-domain button[type=submit]").await;
        let banner = s
            .wait_text("#unsent-banner", "the unsent change", |t| {
                t.contains("not saved yet")
            })
            .await;
        assert!(banner.contains("cannot be reached"), "{banner}");
        // Back on the same address and database: Retry sends it.
        let (again, _) = start(&db2, addr).await;
        s.click("#retry-unsent").await;
        s.absent("#unsent-banner").await;
        s.find("li[data-domain='northwind.com']").await;
        s.reload().await;
        s.find("li[data-domain='northwind.com']").await;
        stop(again).await;
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}
