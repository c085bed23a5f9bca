//! The split build in real Chromium: the first visit fetches only the main
//! module; a page's part is fetched when the page opens (or in idle time
//! after the overview is ready); while it is on its way the page shows its
//! heading and a loading note; a part that can't be fetched is reported
//! with Retry, which works once it is back.

use e2e::{dist_dir, journey, journey_in, Session};
use std::path::{Path, PathBuf};

/// The wasm files the page has fetched so far.
async fn fetched_parts(s: &Session) -> Vec<String> {
    let names = s
        .script(
            "return performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'));",
        )
        .await;
    serde_json::from_value(names).expect("a list of names")
}

fn pages_part(dist: &Path) -> String {
    std::fs::read_dir(dist)
        .expect("dist/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("split_pages-") && n.ends_with(".wasm"))
        .expect("the build is split: dist/ has a split_pages-<hash>.wasm")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_load_their_code_when_they_open_or_in_idle_time() {
    let part = pages_part(&dist_dir());
    journey("parts", "/", move |s: Session| async move {
        // No idle prefetch: the overview needs only the main module.
        s.open("?no-prefetch#/").await;
        s.find("#steps-heading").await;
        let first = fetched_parts(&s).await;
        assert_eq!(first.len(), 1, "only the main module: {first:?}");
        assert!(first[0].starts_with("mdm-prereqs-"), "{first:?}");

        // Opening a page fetches its part, then shows the page.
        s.click("nav a[data-step=portal]").await;
        s.find("#company-name").await;
        assert!(fetched_parts(&s).await.contains(&part));
        // Every other page opens at once now (the part is shared).
        s.click("nav a[data-step=enrollment]").await;
        s.find("#platform-windows").await;

        // With idle prefetch, the part arrives after the overview, unasked.
        s.open("?#/").await;
        s.reload().await;
        for _ in 0..100 {
            if fetched_parts(&s).await.contains(&part) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            fetched_parts(&s).await.contains(&part),
            "prefetched in idle time"
        );
    })
    .await;
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dist") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_that_cannot_be_fetched_is_reported_with_retry() {
    // A copy of the build whose pages' part is missing (as after a
    // redeploy, or offline), restored during the journey.
    let dist: PathBuf =
        std::env::temp_dir().join(format!("mdm-prereqs-parts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    copy_dir(&dist_dir(), &dist);
    let part = pages_part(&dist);
    let (present, aside) = (dist.join(&part), dist.join(format!("{part}.aside")));
    std::fs::rename(&present, &aside).expect("set the part aside");
    let restore = (aside.clone(), present.clone());
    journey_in(
        dist.clone(),
        "parts-missing",
        "/",
        move |s: Session| async move {
            s.open("?no-prefetch#/").await;
            s.click("nav a[data-step=connections]").await;
            // The page's heading stays, with what went wrong and Retry.
            let alert = s.text("#page-unavailable").await;
            assert!(
                alert.contains("could not be loaded") && alert.contains("Your setup is safe"),
                "{alert}"
            );
            assert_eq!(s.text("#page-title").await, "Enable connections");
            // The rest of the app still works.
            s.click("a.brand").await;
            s.find("#steps-heading").await;
            s.click("nav a[data-step=connections]").await;
            s.find("#page-unavailable").await;

            std::fs::rename(&restore.0, &restore.1).expect("restore the part");
            s.click("#page-retry").await;
            s.find("#domain-name").await;
            s.absent("#page-unavailable").await;
        },
    )
    .await;
    let _ = std::fs::remove_dir_all(&dist);
}
