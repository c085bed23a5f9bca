//! Hostile input typed for real (WebDriver key events) into the release
//! build: markup in every place it is shown stays text and never runs,
//! right-to-left text is kept, unsafe addresses are refused by name, and
//! hostile files (empty, 1 byte over the limit, renamed HTML and SVG, a
//! truncated JPEG, a 10,000-line device list with scattered bad lines) are
//! refused with their reason while what was there stays.
//!
//! (ChromeDriver types only characters of the Basic Multilingual Plane, so
//! 4-byte characters and control characters are covered by the browser
//! suite, tests/hostile.rs, which sets the value and fires `input`.)

use e2e::images::{device_list_with_bad_lines, jpeg, png, png_of_size, temp_file};
use e2e::{journey, Session};
use serde_json::json;
use std::time::Duration;

const XSS_SCRIPT: &str = "<script>alert(1)</script>";
const XSS_IMG: &str = "\"><img src=x onerror=window.__pwned=1>";
const HEBREW: &str = "שלום עולם";
const ARABIC: &str = "مرحبا بالعالم";

fn bad_domain_character(c: &str) -> String {
    format!("“{c}” is not allowed in a domain name: use letters a–z, digits, hyphens and dots (write international names in their xn-- form).")
}

/// Types `value` and waits for exactly `expected` under the field.
async fn expect_error(s: &Session, field: &str, value: &str, expected: &str) {
    s.type_into(field, value).await;
    s.wait_text(&format!("{field}-error"), expected, |t| t == expected)
        .await;
    assert_eq!(
        s.attr(field, "aria-invalid").await.as_deref(),
        Some("true"),
        "{field} with {value:?}"
    );
}

/// Types `value` and checks no error shows once the page has reacted.
async fn expect_ok(s: &Session, field: &str, value: &str) {
    s.type_into(field, value).await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    s.wait_text(&format!("{field}-error"), "no error", str::is_empty)
        .await;
    assert_eq!(
        s.attr(field, "aria-invalid").await.as_deref(),
        Some("false"),
        "{field} with {value:?}"
    );
}

async fn count(s: &Session, css: &str) -> u64 {
    let css = serde_json::to_string(css).expect("css as a JS string");
    s.script(&format!("return document.querySelectorAll({css}).length;"))
        .await
        .as_u64()
        .expect("a count")
}

async fn nothing_ran(s: &Session) {
    assert_eq!(
        s.script("return typeof window.__pwned;").await,
        json!("undefined"),
        "injected markup ran"
    );
}

async fn stored(s: &Session) -> serde_json::Value {
    let raw = s
        .script("return localStorage.getItem('mdm-prereqs.setup');")
        .await;
    match raw.as_str() {
        Some(text) => serde_json::from_str(text).expect("stored JSON"),
        None => serde_json::Value::Null,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_refused_or_shown_as_text() {
    journey("hostile-text", "/", |s: Session| async move {
        // Step 1: the domain name names the first character it refuses.
        s.open("#/connections").await;
        expect_error(&s, "#domain-name", XSS_SCRIPT, &bad_domain_character("<")).await;
        expect_error(&s, "#domain-name", XSS_IMG, &bad_domain_character("\"")).await;
        expect_error(&s, "#domain-name", "שלום.com", &bad_domain_character("ש")).await;
        let over = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(62)
        );
        expect_error(
            &s,
            "#domain-name",
            &over,
            &format!(
                "“{}…” is 254 characters long: a domain name can have at most 253.",
                "a".repeat(40)
            ),
        )
        .await;
        s.type_into("#domain-name", XSS_IMG).await;
        s.click("#add-domain button[type=submit]").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(stored(&s).await, serde_json::Value::Null, "nothing saved");

        // Step 4: markup and right-to-left text, typed.
        s.open("#/portal").await;
        let letters_only =
            |c: &str| format!("“{c}” is not allowed: use letters, digits and spaces only.");
        expect_error(&s, "#company-name", XSS_SCRIPT, &letters_only("<")).await;
        expect_error(&s, "#company-name", XSS_IMG, &letters_only("\"")).await;
        expect_ok(&s, "#company-name", HEBREW).await;
        s.wait_text(
            "#portal-preview [data-role=portal-title]",
            "the Hebrew title",
            |t| t == HEBREW,
        )
        .await;
        expect_ok(&s, "#it-contact-name", XSS_IMG).await;
        expect_ok(&s, "#additional-info", &format!("{XSS_SCRIPT} {ARABIC}")).await;
        expect_ok(&s, "#support-url", "https://help.contoso.com").await;
        expect_ok(&s, "#website-name", XSS_SCRIPT).await;
        let not_https =
            |scheme: &str| format!("The address uses {scheme}: — only https:// addresses are accepted.");
        let cases: Vec<(String, String)> = vec![
            ("javascript:alert(1)".into(), not_https("javascript")),
            ("data:text/html,x".into(), not_https("data")),
            ("http://contoso.com".into(), not_https("http")),
            (
                "/privacy".into(),
                "“/privacy” is not a web address starting with https:// (for example https://www.contoso.com).".into(),
            ),
            (
                "https://".into(),
                "The address has no host name after https:// (for example https://www.contoso.com).".into(),
            ),
            (
                format!("https://contoso.com/{}", "p".repeat(60)),
                "80 characters: the limit is 79.".into(),
            ),
        ];
        for (value, expected) in cases {
            expect_error(&s, "#privacy-url", &value, &expected).await;
            assert_eq!(
                count(&s, "#portal-preview [data-role=privacy-link] a").await,
                0,
                "no link for {value}"
            );
        }
        expect_ok(&s, "#privacy-url", "https://contoso.com/privacy").await;

        check_preview(&s).await;
        s.click("#save-portal").await;
        s.wait_text("#portal-save-note", "saved", |t| t.contains("saved"))
            .await;
        s.reload().await;
        check_preview(&s).await;
        let saved = stored(&s).await;
        assert_eq!(saved["portal"]["it_contact_name"], json!(XSS_IMG));
        assert_eq!(saved["portal"]["company_name"], json!(HEBREW));
        groups_and_users(&s).await;
    })
    .await;
}

/// The Contact IT preview shows the typed markup as text.
async fn check_preview(s: &Session) {
    s.wait_text(
        "#portal-preview [data-role=contact-name]",
        "the contact as text",
        |t| t == XSS_IMG,
    )
    .await;
    assert_eq!(
        s.text("#portal-preview [data-role=additional-info]").await,
        format!("{XSS_SCRIPT} {ARABIC}")
    );
    assert_eq!(
        s.text("#portal-preview [data-role=support-link] a").await,
        XSS_SCRIPT
    );
    assert_eq!(
        count(s, "#portal-preview img, #portal-preview script").await,
        0
    );
    nothing_ran(s).await;
}

/// Steps 3 and 5: markup as a group's name and description and as a user's
/// display name.
async fn groups_and_users(s: &Session) {
    // Step 3: a group named with markup.
    s.open("#/groups").await;
    s.click("#create-group").await;
    s.type_into("#group-name", XSS_IMG).await;
    s.type_into("#group-description", XSS_SCRIPT).await;
    s.click("#group-editor .dialog-actions .button.primary")
        .await;
    s.wait_text("#group-table td[data-role=name]", "the name as text", |t| {
        t == XSS_IMG
    })
    .await;
    s.reload().await;
    s.wait_text("#group-table td[data-role=name]", "the name as text", |t| {
        t == XSS_IMG
    })
    .await;
    assert!(s.text("#group-table").await.contains(XSS_SCRIPT));
    assert_eq!(count(s, "#group-table img, #group-table script").await, 0);
    s.click("#group-table [data-role=delete]").await;
    s.wait_text("dialog[open] h2", "the dialog title", |t| {
        t == format!("Delete the group “{XSS_IMG}”?")
    })
    .await;
    s.click("dialog[open] .dialog-actions .button:not(.danger)")
        .await;
    s.absent("dialog[open]").await;
    nothing_ran(s).await;

    // Step 5: markup as a display name.
    s.open("#/licenses").await;
    expect_error(
        s,
        "#new-user-upn",
        XSS_IMG,
        &format!("User name: “{XSS_IMG}” needs an @ between the name and the domain, as in ada@contoso.com."),
    )
    .await;
    s.type_into("#new-user-name", XSS_SCRIPT).await;
    s.type_into("#new-user-upn", "ada@contoso.onmicrosoft.com")
        .await;
    s.click("#add-user button[type=submit]").await;
    s.wait_text(
        "tr[data-upn='ada@contoso.onmicrosoft.com']",
        "the row",
        |t| t.contains(XSS_SCRIPT),
    )
    .await;
    assert_eq!(count(s, "#user-table img, #user-table script").await, 0);
    nothing_ran(s).await;
}

async fn upload(s: &Session, input: &str, name: &str, bytes: &[u8]) {
    let path = temp_file(name, bytes);
    s.find(input)
        .await
        .send_keys(&path.to_string_lossy())
        .await
        .expect("upload");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_files_are_refused_and_what_was_there_stays() {
    journey("hostile-files", "/", |s: Session| async move {
        s.set_authority("intune", "Intune").await;

        // Logos: a good one first, then every kind of bad file.
        s.open("#/portal").await;
        s.type_into("#company-name", "Contoso").await;
        s.click("#include-logo").await;
        upload(&s, "#logo-on-white", "good.png", &png(400, 100, [11, 92, 173])).await;
        let logo_name = ".logo-picker:has(#logo-on-white) .logo-name";
        s.wait_text(logo_name, "the good logo", |t| t == "good.png")
            .await;
        let thumb = ".logo-picker:has(#logo-on-white) img";
        let src = s.attr(thumb, "src").await.expect("a thumbnail");
        // A real JPEG cut inside its frame header (SOF0 starts at byte 20).
        let mut jpeg_cut = jpeg(300, 80, [255, 255, 255]);
        assert_eq!(jpeg_cut[20..22], [0xFF, 0xC0]);
        jpeg_cut.truncate(25);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty.png", vec![], "The file is empty (0 bytes)."),
            (
                "big.png",
                png_of_size(400, 100, 768_001),
                "768,001 bytes: the limit is 768,000 bytes (750 KB).",
            ),
            (
                "page.png",
                b"<!DOCTYPE html><html><body><img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script></body></html>".to_vec(),
                "The file is not a PNG or JPEG image (its contents look like an HTML page).",
            ),
            (
                "drawing.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"window.__pwned=1\"><script>window.__pwned=1</script></svg>".to_vec(),
                "The file is not a PNG or JPEG image (its contents look like an SVG drawing).",
            ),
            (
                "cut.png",
                png(400, 100, [0, 0, 0])[..20].to_vec(),
                "The PNG file is cut short or damaged: it ends before the image header (IHDR) is complete.",
            ),
            (
                "cut.jpg",
                jpeg_cut,
                "The JPEG file is cut short or damaged: it ends inside the frame header (SOF).",
            ),
        ];
        for (name, bytes, reason) in cases {
            upload(&s, "#logo-on-white", name, &bytes).await;
            let expected = format!("{name} was not used. {reason}");
            s.wait_text("#logo-on-white-error", &expected, |t| t == expected)
                .await;
            assert_eq!(s.text(logo_name).await, "good.png", "{name}: the logo stays");
            assert_eq!(s.attr(thumb, "src").await.as_deref(), Some(src.as_str()));
        }
        upload(&s, "#logo-on-white", "max.png", &png_of_size(400, 100, 768_000)).await;
        s.wait_text(logo_name, "the logo at the limit", |t| t == "max.png")
            .await;
        s.wait_text("#logo-on-white-error", "no error", str::is_empty)
            .await;
        nothing_ran(&s).await;

        // Certificates: an empty file and an HTML page named .pem.
        s.open("#/enrollment").await;
        for (name, bytes, reason) in [
            (
                "empty.pem",
                &b""[..],
                "The file is empty (0 bytes): choose the certificate file Apple gave you (.pem or .cer).",
            ),
            (
                "page.pem",
                &b"<!DOCTYPE html><html><script>window.__pwned=1</script></html>"[..],
                "The file is not a certificate: it is neither PEM text (-----BEGIN CERTIFICATE-----) nor a DER certificate (its first byte is 0x3C, not 0x30).",
            ),
        ] {
            upload(&s, "#apple-certificate", name, bytes).await;
            let expected = format!("{name} was not used. {reason}");
            s.wait_text("#apple-certificate-error", &expected, |t| t == expected)
                .await;
            assert_eq!(s.text("#apple-certificate-status").await, "No file chosen.");
        }
        assert_eq!(count(&s, "#apple-certificate-details").await, 0);

        // 10,000 lines with a bad one every 997: exactly those are listed.
        let (csv, bad) = device_list_with_bad_lines();
        upload(&s, "#device-file", "devices.csv", csv.as_bytes()).await;
        let summary = "devices.csv: 9990 lines ready to import, 10 with problems. A list with problems imports nothing unless you choose “Import the valid lines only”.";
        s.wait_text("#device-preview-summary", "the summary", |t| t == summary)
            .await;
        let lines = s
            .script(
                "return Array.from(document.querySelectorAll('#device-problems li strong')).map(e => parseInt(e.textContent.replace('Line ', ''), 10));",
            )
            .await;
        assert_eq!(lines, json!(bad));
        assert_eq!(count(&s, "#corporate-devices img, #corporate-devices script").await, 0);
        s.click("#device-import").await;
        let refusal = s
            .wait_text("#device-error", "the refusal", |t| !t.is_empty())
            .await;
        assert!(
            refusal.starts_with("Nothing was imported: 10 of 10,000 lines have problems (line 997: "),
            "{refusal}"
        );
        assert_eq!(s.text("#device-count").await, "0 devices");
        s.click("#device-import-valid").await;
        s.wait_text("#device-done", "imported", |t| t == "Imported 9990 devices.")
            .await;
        assert_eq!(s.text("#device-count").await, "9990 devices");
        s.reload().await;
        s.wait_text("#device-count", "kept", |t| t == "9990 devices")
            .await;
        let devices = stored(&s).await["enrollment"]["devices"].clone();
        let identifiers: Vec<String> = devices
            .as_array()
            .expect("devices")
            .iter()
            .map(|d| d["identifier"].as_str().unwrap_or_default().to_owned())
            .collect();
        let expected: Vec<String> = (1..=10_000usize)
            .filter(|n| n % 997 != 0)
            .map(|n| format!("SN{n:08}"))
            .collect();
        assert_eq!(identifiers, expected);
        assert!(s.text("#device-list").await.contains("<img src=x onerror=window.__pwned=1>"));
        assert_eq!(count(&s, "#device-list img, #device-list script").await, 0);
        nothing_ran(&s).await;
    })
    .await;
}
