//! The app on the Server backend, in real Chromium: Verify and Check
//! records go to the server, which looks the records up itself in a real
//! DNS server (dnsmasq) — the browser asks no resolver of its own.

use domain::enrollment::cname_records;
use domain::{DomainName, TxtRecord};
use e2e::dns::{Dnsmasq, Record};
use e2e::{dist_dir, journey_at, Session};
use std::net::SocketAddr;

fn zone() -> Dnsmasq {
    let contoso = DomainName::parse("contoso.com").expect("a domain");
    let [enroll, register] = cname_records(&contoso);
    Dnsmasq::start(
        "contoso.com/fabrikam.com/manage.microsoft.com/windows.net",
        &[
            Record::Txt {
                name: "contoso.com".into(),
                value: TxtRecord::for_domain(&contoso).value,
            },
            Record::Txt {
                name: "fabrikam.com".into(),
                value: "MS=ms11111111".into(),
            },
            Record::Cname {
                name: enroll.host,
                target: enroll.points_to.into(),
            },
            Record::Cname {
                name: register.host,
                target: register.points_to.into(),
            },
        ],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_backend_looks_dns_up_itself() {
    let dns = zone();
    let dir = std::env::temp_dir().join(format!("mdm-prereqs-e2e-dns-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("server.sqlite3");
    let _ = std::fs::remove_file(&db);
    let mut config = server::config::Config::new(&db);
    config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    config.dist = Some(dist_dir());
    let dns_server = SocketAddr::from(([127, 0, 0, 1], dns.port));
    config.dns_server = Some(dns_server);
    let bound = server::Server::bind(&config).await.expect("server starts");
    let addr = bound.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(async move {
        let _ = bound
            .run_until(async move {
                let _ = stopped.await;
            })
            .await;
    });
    let base = format!("http://{addr}/");
    let label = format!("server lookup via {dns_server}");
    journey_at("server-dns-ui", &base, move |s: Session| async move {
        s.open("").await;
        // This browser's resolver points nowhere: the server's lookups must
        // not depend on it.
        s.script(&format!(
            r#"localStorage.setItem("mdm-prereqs.dns", '{{"kind":"resolver","url":"http://127.0.0.1:9/dns-query"}}');
               localStorage.setItem("mdm-prereqs.backend", '{{"kind":"server","url":"http://{addr}","tenant":"contoso","token":""}}');"#
        ))
        .await;
        s.reload().await;
        s.wait_text("#backend-label", "the server", |t| t.contains("contoso")).await;

        s.open("#/connections").await;
        for domain in ["contoso.com", "fabrikam.com"] {
            s.type_into("#domain-name", domain).await;
            s.click("#add-domain button[type=submit]").await;
            s.find(&format!("li[data-domain='{domain}']")).await;
        }
        s.click("li[data-domain='contoso.com'] [data-role=verify]").await;
        let how = s
            .wait_text("li[data-domain='contoso.com'] [data-role=verified-how]", "found", |t| !t.is_empty())
            .await;
        assert!(how.starts_with(&format!("Found in DNS by {label} on ")), "{how}");

        s.click("li[data-domain='fabrikam.com'] [data-role=verify]").await;
        let result = s
            .wait_text("li[data-domain='fabrikam.com'] [data-role=dns-result][data-outcome=value_missing]", "wrong value", |t| !t.is_empty())
            .await;
        assert!(result.contains("“MS=ms11111111”") && result.contains(&label), "{result}");

        s.set_authority("intune", "Intune").await;
        s.open("#/enrollment").await;
        let contoso = ".cname-domain[data-domain='contoso.com']";
        s.click(&format!("{contoso} [data-role=check-records]")).await;
        let state = s
            .wait_text(&format!("{contoso} [data-role=cnames-state]"), "found", |t| t.starts_with("Published"))
            .await;
        assert!(state.contains(&label), "{state}");
    })
    .await;
    let _ = stop.send(());
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), running).await;
    drop(dns);
    let _ = std::fs::remove_dir_all(&dir);
}
