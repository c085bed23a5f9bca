//! Two tabs on one storage stay consistent, and dist/ works under a sub-path.

use e2e::{journey, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_in_another_tab_is_picked_up_without_a_reload() {
    journey("two-tabs", "/", |s: Session| async move {
        s.open("#/connections").await;
        let tab_a = s.client.window().await.expect("tab a");

        let tab_b = s.client.new_window(true).await.expect("tab b").handle;
        s.client.switch_to_window(tab_b).await.expect("switch to b");
        s.open("#/connections").await;
        s.type_into("#domain-name", "fabrikam.com").await;
        s.click("#add-domain button[type=submit]").await;
        s.find("li[data-domain='fabrikam.com']").await;

        // Tab A shows it without being reloaded (the storage event).
        s.client.switch_to_window(tab_a).await.expect("switch to a");
        s.find("li[data-domain='fabrikam.com']").await;
        s.wait_text("nav a[data-step=connections] .badge", "in progress", |t| {
            t == "In progress"
        })
        .await;

        // And tab A's next change builds on tab B's, losing nothing.
        s.type_into("#domain-name", "contoso.com").await;
        s.click("#add-domain button[type=submit]").await;
        s.find("li[data-domain='contoso.com']").await;
        s.reload().await;
        s.find("li[data-domain='fabrikam.com']").await;
        s.find("li[data-domain='contoso.com']").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_release_build_works_under_a_sub_path() {
    journey("sub-path", "/some/sub/path/", |s: Session| async move {
        assert!(s.base.ends_with("/some/sub/path/"), "{}", s.base);
        // A deep link straight to a step, then a reload on it.
        s.open("#/authority").await;
        s.find("#authority-form").await;
        s.reload().await;
        assert_eq!(s.text("#page-title").await, "Set MDM authority");
        s.click("nav a[data-step=connections]").await;
        s.type_into("#domain-name", "contoso.com").await;
        s.click("#add-domain button[type=submit]").await;
        s.find("li[data-domain='contoso.com']").await;
        s.reload().await;
        s.find("li[data-domain='contoso.com']").await;
    })
    .await;
}

/// `trunk build --release --public-url /some/sub/path/` (scripts/test writes
/// it to target/dist-subpath, or `E2E_SUBPATH_DIST`), served from a plain
/// static file server under that sub-path: a deep link to step 4, a reload
/// on it, and the assets loaded from the sub-path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_for_a_sub_path_works_there_with_deep_links() {
    let dist = std::env::var_os("E2E_SUBPATH_DIST")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| e2e::workspace_root().join("target").join("dist-subpath"));
    let index = std::fs::read_to_string(dist.join("index.html"))
        .unwrap_or_else(|e| panic!("{}: {e} (scripts/test builds it)", dist.display()));
    assert!(
        index.contains("/some/sub/path/"),
        "assets are not addressed under the sub-path"
    );
    e2e::journey_in(dist, "public-url", "/some/sub/path/", |s: Session| async move {
        s.open("#/portal").await;
        assert_eq!(s.text("#page-title").await, "Configure Company Portal");
        s.reload().await;
        assert_eq!(s.text("#page-title").await, "Configure Company Portal");
        s.find("#company-name").await;
        let loaded = s
            .script("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm'));")
            .await;
        let wasm = loaded[0].as_str().unwrap_or_default().to_owned();
        assert!(wasm.contains("/some/sub/path/"), "{wasm}");
        s.click("nav a[data-step=connections]").await;
        s.type_into("#domain-name", "contoso.com").await;
        s.click("#add-domain button[type=submit]").await;
        s.find("li[data-domain='contoso.com']").await;
        s.reload().await;
        s.find("li[data-domain='contoso.com']").await;
    })
    .await;
}
