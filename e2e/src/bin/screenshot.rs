//! Regenerates docs/screenshot.png: the app in a typical state, driven
//! through the real UI (scripts/screenshot).

use e2e::{dist_dir, workspace_root, Session, StaticServer};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let server = StaticServer::start(dist_dir(), "/").await;
    let s = Session::start(&server.url()).await;
    s.client
        .set_window_size(1280, 1650)
        .await
        .expect("window size");
    s.add_verified_domain("contoso.com").await;
    s.type_into("#domain-name", "fabrikam.net").await;
    s.click("#add-domain button[type=submit]").await;
    s.find("li[data-domain='fabrikam.net']").await;
    s.click("#network-review-reviewed").await;
    s.type_into("#domain-name", "contoso_eu.com").await;
    s.script("window.scrollTo(0, 0)").await;
    let png = s.client.screenshot().await.expect("screenshot");
    let path = workspace_root().join("docs").join("screenshot.png");
    std::fs::create_dir_all(path.parent().expect("docs/")).expect("docs/");
    std::fs::write(&path, png).expect("write screenshot");
    println!("wrote {}", path.display());
    let _ = s.client.close().await;
}
