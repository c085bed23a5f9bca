//! Steps 6 and 7 in real Chromium: with the authority set and a verified
//! domain, upload a push certificate expiring in 20 days (warning banner),
//! try a replacement with another topic (refused), import a device list
//! with one bad IMEI (nothing imported, the line reported), fix it
//! (imported), then export the setup, clear storage, import it back and
//! find the same setup.

use domain::testing::push_certificate;
use domain::Timestamp;
use e2e::images::temp_file;
use e2e::{journey, Session};
use fantoccini::Locator;

const TOPIC_A: &str = "com.apple.mgmt.External.1c0ffee0-e2e0-4a11-9e2e-aaaaaaaaaaaa";
const TOPIC_B: &str = "com.apple.mgmt.External.2d0ffee0-e2e0-4b22-9e2e-bbbbbbbbbbbb";
const DAY: i64 = 86_400_000;

fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp(ms)
}

async fn upload(s: &Session, file: &std::path::Path) {
    s.choose_certificate(file).await;
    s.click("#apple-upload").await;
}

fn without_revision(json: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(json).expect("exported JSON");
    let object = value.as_object_mut().expect("object");
    object.remove("revision");
    object.remove("updated_at");
    value
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrollment_and_next_steps() {
    journey("enrollment", "/", |s: Session| async move {
        s.open("#/enrollment").await;
        // Before the authority: every platform is blocked, with the reason.
        s.wait_text("#status-apple", "blocked", |t| t == "Blocked").await;
        s.wait_text("#platform-apple", "reason", |t| t.contains("Needs the MDM authority"))
            .await;

        s.add_verified_domain("contoso.com").await;
        s.set_authority("intune", "Intune").await;
        s.open("#/enrollment").await;
        s.wait_text("#status-android", "ready", |t| t == "Ready").await;

        // Windows: the two records of the verified domain, then acknowledged.
        let table = s.text("#cname-table").await;
        assert!(table.contains("EnterpriseEnrollment.contoso.com"), "{table}");
        assert!(table.contains("EnterpriseEnrollment-s.manage.microsoft.com"), "{table}");
        assert!(table.contains("EnterpriseRegistration.windows.net"), "{table}");
        assert!(table.contains("1 hour"), "{table}");
        s.click("#cnames input[type=checkbox]").await;
        s.wait_text("#status-windows-pc", "ready", |t| t == "Ready").await;

        // Apple: a certificate expiring in 20 days → warning banner.
        let soon = push_certificate(Some(TOPIC_A), &[0x0A, 0x1B], Timestamp(now().0 + 20 * DAY));
        let soon_file = temp_file("push-soon.pem", soon.pem.as_bytes());
        s.type_into("#apple-id", "mdm-admin@contoso.com").await;
        upload(&s, &soon_file).await;
        s.wait_text("#apple-topic", "the topic", |t| t == TOPIC_A).await;
        assert_eq!(s.text("#apple-serial").await, "0A:1B");
        let banner = s
            .wait_text("#apple-banner", "expiry warning", |t| t.contains("expires on"))
            .await;
        assert!(banner.contains("in 19 days") || banner.contains("in 20 days"), "{banner}");
        s.wait_text("#status-apple", "expires soon", |t| t == "Expires soon").await;
        // The banner is on every page.
        s.open("#/connections").await;
        s.find("#apple-banner").await;
        s.open("#/enrollment").await;

        // A replacement with another topic: refused unless confirmed.
        let other = push_certificate(Some(TOPIC_B), &[0x0C], Timestamp(now().0 + 365 * DAY));
        let other_file = temp_file("push-other.der", &other.der);
        upload(&s, &other_file).await;
        let warning = s
            .wait_text("#replace-topic-text", "the topic warning", |t| t.contains(TOPIC_B))
            .await;
        assert!(warning.contains(TOPIC_A) && warning.contains("enroll again"), "{warning}");
        s.click("#replace-topic-dialog .dialog-actions .button:not(.danger)").await;
        s.reload().await;
        s.wait_text("#apple-topic", "the old topic", |t| t == TOPIC_A).await;
        s.find("#apple-banner").await;

        // Corporate devices: one bad IMEI refuses the whole list.
        let list = "IMEI,Description\n35-209900-176148-1,Front desk\n490154203237519,Lab\nC02XK1ABJG5H,Spare Mac\n";
        s.type_into("#device-text", list).await;
        s.click("#device-import").await;
        let error = s
            .wait_text("#device-error", "the refusal", |t| t.contains("Nothing was imported"))
            .await;
        assert!(error.contains("line 3"), "{error}");
        let problems = s.text("#device-problems").await;
        assert!(problems.contains("Line 3") && problems.contains("Luhn"), "{problems}");
        assert_eq!(s.text("#device-count").await, "0 devices");
        // Fixed: the check digit of that IMEI is 8.
        s.type_into("#device-text", &list.replace("490154203237519", "490154203237518"))
            .await;
        s.click("#device-import").await;
        s.wait_text("#device-count", "three devices", |t| t == "3 devices").await;
        let devices = s.text("#device-list").await;
        assert!(devices.contains("352099001761481") && devices.contains("C02XK1ABJG5H"), "{devices}");

        // Android for Work.
        s.type_into("#afw-account", "android-admin@contoso.com").await;
        s.click("#afw-bind").await;
        s.wait_text("#afw-bound", "bound", |t| t.contains("android-admin@contoso.com")).await;

        // Step 7: what is missing, with links; then the file round trip.
        s.open("#/next-steps").await;
        let summary = s.text("#step-summary").await;
        assert!(summary.contains("Create at least one user or device group."), "{summary}");
        s.capture_downloads().await;
        s.click("#export-json").await;
        let exported = s.last_download().await;
        s.click("#download-markdown").await;
        let markdown = s.last_download().await;
        assert!(markdown.contains("## Step 6: Enable enrollment (Done)"), "{markdown}");

        s.script("localStorage.clear();").await;
        s.reload().await;
        s.open("#/next-steps").await;
        s.wait_text("#overall-progress", "an empty setup", |t| t.starts_with("0 of 7")).await;
        let file = temp_file("setup-export.json", exported.as_bytes());
        s.client
            .find(Locator::Css("#import-json"))
            .await
            .expect("import input")
            .send_keys(&file.to_string_lossy())
            .await
            .expect("choose the file");
        s.wait_text("#import-summary", "the file's summary", |t| t.contains("3 corporate devices"))
            .await;
        s.click("#import-dialog .dialog-actions .button.danger").await;
        s.wait_text("#file-done", "imported", |t| t.contains("Imported")).await;
        s.reload().await;
        s.open("#/next-steps").await;
        s.capture_downloads().await;
        s.click("#export-json").await;
        let again = s.last_download().await;
        assert_eq!(without_revision(&again), without_revision(&exported));

        // A damaged file is refused with the path of its first problem.
        let mut broken = without_revision(&exported);
        broken["enrollment"]["devices"][1]["identifier"] = "490154203237519".into();
        broken["revision"] = 3.into();
        let broken_file = temp_file("setup-broken.json", broken.to_string().as_bytes());
        s.client
            .find(Locator::Css("#import-json"))
            .await
            .expect("import input")
            .send_keys(&broken_file.to_string_lossy())
            .await
            .expect("choose the file");
        let refusal = s
            .wait_text("#file-error", "the refusal", |t| t.contains("was not imported"))
            .await;
        assert!(refusal.contains("enrollment.devices[1].identifier"), "{refusal}");
        assert!(refusal.contains("Nothing was changed"), "{refusal}");
    })
    .await;
}
