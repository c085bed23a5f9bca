//! Step 4: a new administrator configures the Company Portal, sees the
//! preview, reloads, and then meets every kind of invalid value.

use e2e::images::{jpeg, png, temp_file};
use e2e::{journey, Session};

const FIELDS: [(&str, &str); 8] = [
    ("#company-name", "Contoso Pharma"),
    ("#it-contact-name", "Service Desk"),
    ("#it-phone", "+1 (425) 555-0100"),
    ("#it-email", "helpdesk@contoso.com"),
    ("#additional-info", "Open 8:00–18:00, Monday to Friday."),
    ("#privacy-url", "https://contoso.com/privacy"),
    ("#support-url", "https://help.contoso.com"),
    ("#website-name", "Contoso Help Center"),
];

async fn value_of(s: &Session, css: &str) -> String {
    s.find(css)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

async fn expect_error(s: &Session, field: &str, value: &str, expected: &str) {
    let original = value_of(s, field).await;
    s.type_into(field, value).await;
    let error = s
        .wait_text(&format!("{field}-error"), expected, |t| {
            t.contains(expected)
        })
        .await;
    assert_eq!(
        s.attr(field, "aria-invalid").await.as_deref(),
        Some("true"),
        "{field}: {error}"
    );
    assert!(
        s.attr("#save-portal", "disabled").await.is_some(),
        "save disabled for {field}={value}"
    );
    s.type_into(field, &original).await;
    s.wait_text(&format!("{field}-error"), "no error", str::is_empty)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configure_the_company_portal_and_meet_every_rule() {
    journey("portal", "/", |s: Session| async move {
        s.open("#/portal").await;
        for (field, value) in FIELDS {
            s.type_into(field, value).await;
        }
        s.click("button.swatch[aria-label^='Teal']").await;
        assert_eq!(value_of(&s, "#theme-color").await, "#00796B");

        // Two real logos, made by the test.
        s.click("#include-logo").await;
        let white = temp_file("logo-white.png", &png(400, 100, [11, 92, 173]));
        let theme = temp_file("logo-theme.jpg", &jpeg(300, 80, [255, 255, 255]));
        s.find("#logo-on-white")
            .await
            .send_keys(&white.to_string_lossy())
            .await
            .expect("upload");
        s.find("#logo-on-theme")
            .await
            .send_keys(&theme.to_string_lossy())
            .await
            .expect("upload");
        s.wait_text(
            ".logo-picker:has(#logo-on-white) .logo-name",
            "file name",
            |t| t == "logo-white.png",
        )
        .await;
        s.wait_text(
            ".logo-picker:has(#logo-on-theme) .logo-name",
            "file name",
            |t| t == "logo-theme.jpg",
        )
        .await;

        // The preview follows the draft, as text.
        let title_logo = s.find("#portal-preview .pp-titlebar img").await;
        assert_eq!(
            title_logo.attr("alt").await.unwrap().as_deref(),
            Some("Contoso Pharma")
        );
        assert!(s
            .attr("#portal-preview .pp-titlebar", "style")
            .await
            .unwrap_or_default()
            .contains("#00796B"));
        assert_eq!(
            s.text("#portal-preview [data-role=contact-name]").await,
            "Service Desk"
        );
        assert_eq!(
            s.attr("#portal-preview [data-role=email] a", "href")
                .await
                .as_deref(),
            Some("mailto:helpdesk@contoso.com")
        );
        assert_eq!(
            s.text("#portal-preview [data-role=support-link] a").await,
            "Contoso Help Center"
        );
        assert_eq!(
            s.attr("#portal-preview [data-role=privacy-link] a", "href")
                .await
                .as_deref(),
            Some("https://contoso.com/privacy")
        );
        // Without a name, the support link reads "Go to IT website".
        s.type_into("#website-name", "").await;
        s.wait_text(
            "#portal-preview [data-role=support-link]",
            "default text",
            |t| t == "Go to IT website",
        )
        .await;
        s.type_into("#website-name", "Contoso Help Center").await;

        // Save; the step is done.
        s.click("#save-portal").await;
        s.wait_text("#portal-save-note", "saved", |t| t.contains("saved"))
            .await;
        s.wait_text("nav a[data-step=portal] .badge", "done", |t| t == "Done")
            .await;

        // Reload: all of it is still there.
        s.reload().await;
        for (field, value) in FIELDS {
            assert_eq!(value_of(&s, field).await, value, "{field} after reload");
        }
        assert_eq!(value_of(&s, "#theme-color").await, "#00796B");
        s.find("#portal-preview .pp-titlebar img").await;
        assert_eq!(
            s.text(".logo-picker:has(#logo-on-white) .logo-name").await,
            "logo-white.png"
        );

        // Every kind of invalid value is explained, and blocks saving.
        expect_error(
            &s,
            "#company-name",
            "Contoso & Co",
            "letters, digits and spaces only",
        )
        .await;
        expect_error(
            &s,
            "#company-name",
            &"a".repeat(41),
            "41 characters: the limit is 40.",
        )
        .await;
        expect_error(&s, "#company-name", "   ", "This field is required.").await;
        expect_error(
            &s,
            "#it-contact-name",
            &"b".repeat(41),
            "41 characters: the limit is 40.",
        )
        .await;
        expect_error(
            &s,
            "#it-phone",
            "555-HELP",
            "digits, spaces and + - ( ) . only",
        )
        .await;
        expect_error(
            &s,
            "#it-phone",
            &"1".repeat(21),
            "21 characters: the limit is 20.",
        )
        .await;
        expect_error(&s, "#it-email", "helpdesk@contoso", "needs a dot").await;
        expect_error(&s, "#it-email", "helpdesk", "needs an @").await;
        expect_error(
            &s,
            "#additional-info",
            &"c".repeat(121),
            "121 characters: the limit is 120.",
        )
        .await;
        expect_error(
            &s,
            "#privacy-url",
            "http://contoso.com/privacy",
            "uses http:",
        )
        .await;
        expect_error(
            &s,
            "#privacy-url",
            "javascript:alert(1)",
            "uses javascript:",
        )
        .await;
        expect_error(&s, "#privacy-url", "data:text/html,hi", "uses data:").await;
        expect_error(
            &s,
            "#privacy-url",
            "/privacy",
            "not a web address starting with https://",
        )
        .await;
        expect_error(&s, "#privacy-url", "https://", "no host name").await;
        let long = format!("https://contoso.com/{}", "p".repeat(60));
        expect_error(&s, "#privacy-url", &long, "80 characters: the limit is 79.").await;
        expect_error(&s, "#support-url", "ftp://help.contoso.com", "uses ftp:").await;
        expect_error(&s, "#theme-color", "#12345", "#RRGGBB").await;
        // A website name without a URL.
        s.type_into("#support-url", "").await;
        s.wait_text("#website-name-error", "needs a URL", |t| {
            t.contains("needs a support website URL")
        })
        .await;
        s.type_into("#support-url", "https://help.contoso.com")
            .await;
        s.wait_text("#website-name-error", "no error", str::is_empty)
            .await;
        // A renamed GIF is refused whatever its name says.
        let gif = temp_file(
            "not-really.png",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,",
        );
        s.find("#logo-on-white")
            .await
            .send_keys(&gif.to_string_lossy())
            .await
            .expect("upload");
        s.wait_text("#logo-on-white-error", "gif refused", |t| {
            t.contains("look like a GIF image")
        })
        .await;
        assert_eq!(
            s.text(".logo-picker:has(#logo-on-white) .logo-name").await,
            "logo-white.png",
            "kept"
        );

        // Nothing invalid was saved.
        s.reload().await;
        for (field, value) in FIELDS {
            assert_eq!(value_of(&s, field).await, value, "{field} unchanged");
        }
    })
    .await;
}
