//! Hostile input through the real UI, page by page, in a real browser: each
//! field shows the rule's exact message (and `aria-invalid`) for values at
//! and over its limit, 4-byte and right-to-left text, control characters
//! and markup; markup is shown as literal text and never runs; refused files
//! leave what was there; storage faults lose nothing and are explained.

mod support;

use domain::{encode, Command, MdmAuthority, ResetScenario, Setup, Timestamp};
use mdm_prereqs::backend::{Backend, BackendError, LocalStorageBackend};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const XSS_SCRIPT: &str = "<script>alert(1)</script>";
const XSS_IMG: &str = "\"><img src=x onerror=window.__pwned=1>";
const HEBREW: &str = "שלום עולם";
const ARABIC: &str = "مرحبا بالعالم";
const EMOJI: &str = "😀";
const VALID_PEM: &[u8] = include_bytes!("fixtures/push-valid.pem");

fn rep(s: &str, n: usize) -> String {
    s.repeat(n)
}

/// True if any markup ever ran: `window.__pwned` is set by the payloads.
fn pwned() -> bool {
    let window: wasm_bindgen::JsValue = web_sys::window().expect("window").into();
    !js_sys::Reflect::get(&window, &js("__pwned"))
        .expect("read window.__pwned")
        .is_undefined()
}

fn assert_nothing_ran() {
    assert!(!pwned(), "window.__pwned is set: injected markup ran");
}

/// Waits (up to 3 s) until the text of `el` passes `check`; returns the last
/// text seen either way, so the caller's assertion shows it.
async fn settle(el: &Element, check: impl Fn(&str) -> bool) -> String {
    sleep_ms(10).await;
    for _ in 0..300 {
        let now = text(el);
        if check(&now) {
            return now;
        }
        sleep_ms(10).await;
    }
    text(el)
}

/// A long value in a failure message: its start and its length.
fn describe(value: &str) -> String {
    let chars = value.chars().count();
    if chars <= 40 {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(20).collect();
        format!("{head:?}… ({chars} characters)")
    }
}

/// Types `value` into `#id` and checks `#id-error` shows exactly `expected`
/// ("" for no error) and `aria-invalid` agrees.
async fn expect_field(root: &Element, id: &str, value: &str, expected: &str) {
    let input = element(root, &format!("#{id}")).await;
    let error = element(root, &format!("#{id}-error")).await;
    type_into(&input, value);
    // Let the page react (its updates are scheduled, not synchronous), so
    // that "no error" is checked after the value was seen.
    sleep_ms(20).await;
    let shown = settle(&error, |t| t == expected).await;
    assert_eq!(shown, expected, "#{id}-error for {}", describe(value));
    let invalid = if expected.is_empty() { "false" } else { "true" };
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some(invalid),
        "#{id} aria-invalid for {}",
        describe(value)
    );
    let described_by = input.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described_by
            .split(' ')
            .any(|d| d == format!("{id}-error").as_str()),
        "#{id} is described by its error: {described_by}"
    );
}

fn seeded(key: &str, commands: Vec<Command>) -> Setup {
    let mut setup = Setup::new();
    for command in commands {
        setup = setup.apply(command, Timestamp(0)).expect("valid command");
    }
    storage().set_item(key, &encode(&setup)).unwrap();
    setup
}

fn authority() -> Command {
    Command::SetAuthority {
        authority: MdmAuthority::Intune,
        confirmed: true,
    }
}

fn stored(key: &str) -> Option<String> {
    storage().get_item(key).unwrap()
}

fn stored_setup(key: &str) -> Setup {
    domain::decode(&stored(key).expect("something stored")).expect("readable")
}

fn bad_domain_character(c: &str) -> String {
    format!("“{c}” is not allowed in a domain name: use letters a–z, digits, hyphens and dots (write international names in their xn-- form).")
}

// ---------------------------------------------------------------------------
// Step 1

#[wasm_bindgen_test]
async fn step_1_domain_name_refuses_hostile_names_exactly() {
    let key = unique_key("hostile-domain");
    let root = mount_app(&key, "#/connections");
    let at_max = format!(
        "{}.{}.{}.{}",
        rep("a", 63),
        rep("b", 63),
        rep("c", 63),
        rep("d", 61)
    );
    expect_field(&root, "domain-name", &at_max, "").await;
    assert_eq!(
        text(&element(&root, "#domain-name-counter").await),
        "253/253"
    );
    expect_field(
        &root,
        "domain-name",
        &format!("{at_max}d"),
        &format!(
            "“{}…” is 254 characters long: a domain name can have at most 253.",
            rep("a", 40)
        ),
    )
    .await;
    expect_field(
        &root,
        "domain-name",
        &format!("{EMOJI}.com"),
        &bad_domain_character(EMOJI),
    )
    .await;
    expect_field(&root, "domain-name", "שלום.com", &bad_domain_character("ש")).await;
    expect_field(
        &root,
        "domain-name",
        "مرحبا.com",
        &bad_domain_character("م"),
    )
    .await;
    expect_field(&root, "domain-name", XSS_SCRIPT, &bad_domain_character("<")).await;
    expect_field(&root, "domain-name", XSS_IMG, &bad_domain_character("\"")).await;
    expect_field(
        &root,
        "domain-name",
        "conto\u{7}so.com",
        &bad_domain_character("U+0007"),
    )
    .await;

    // A refused name is not saved, even when submitted.
    type_into(&element(&root, "#domain-name").await, XSS_IMG);
    click(&element(&root, "#add-domain button[type=submit]").await);
    sleep_ms(100).await;
    assert_eq!(stored(&key), None, "nothing saved");

    // Spaces around, capitals and the final dot are normalised.
    expect_field(&root, "domain-name", "  Fabrikam.COM.  ", "").await;
    click(&element(&root, "#add-domain button[type=submit]").await);
    element(&root, "li[data-domain='fabrikam.com']").await;
    let names: Vec<String> = stored_setup(&key)
        .connections
        .domains
        .iter()
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(names, ["fabrikam.com"]);
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

// ---------------------------------------------------------------------------
// Step 3

async fn open_group_editor(root: &Element) -> Element {
    click(&element(root, "#create-group").await);
    element(root, "#group-editor[open]").await
}

async fn confirm_dialog(dialog: &Element) {
    click(
        &dialog
            .query_selector(".dialog-actions .button.primary")
            .unwrap()
            .expect("confirm button"),
    );
}

#[wasm_bindgen_test]
async fn step_3_group_fields_and_markup_shown_as_text() {
    let key = unique_key("hostile-groups");
    let root = mount_app(&key, "#/groups");
    let dialog = open_group_editor(&root).await;

    expect_field(&root, "group-name", &rep(EMOJI, 256), "").await;
    assert_eq!(
        text(&element(&root, "#group-name-counter").await),
        "256/256"
    );
    expect_field(
        &root,
        "group-name",
        &rep(EMOJI, 257),
        "Group name: 257 characters: the limit is 256.",
    )
    .await;
    expect_field(
        &root,
        "group-name",
        "Sales\u{7}",
        "Group name: Contains a control character (U+0007), which can't be shown; remove it.",
    )
    .await;
    expect_field(
        &root,
        "group-name",
        " intune USERS ",
        "“Intune users” is the built-in group of licensed users; choose another name.",
    )
    .await;
    expect_field(&root, "group-name", HEBREW, "").await;

    // The description's problems show under the description, not the name.
    expect_field(
        &root,
        "group-description",
        &rep(EMOJI, 1025),
        "Description: 1,025 characters: the limit is 1,024.",
    )
    .await;
    let name_error = element(&root, "#group-name-error").await;
    assert_eq!(text(&name_error), "", "the name itself is fine");
    expect_field(
        &root,
        "group-description",
        "Field\u{7}staff",
        "Description: Contains a control character (U+0007), which can't be shown; remove it.",
    )
    .await;
    // Nothing is created while a field is refused.
    confirm_dialog(&dialog).await;
    let dialog_error = element(&root, "#group-editor-error").await;
    let refusal = settle(&dialog_error, |t| !t.is_empty()).await;
    assert_eq!(
        refusal,
        "Description: Contains a control character (U+0007), which can't be shown; remove it."
    );
    assert_eq!(stored(&key), None);

    // Markup is a valid name and description, and only ever text.
    expect_field(&root, "group-name", &format!("  {XSS_IMG}  "), "").await;
    expect_field(&root, "group-description", XSS_SCRIPT, "").await;
    confirm_dialog(&dialog).await;
    let name_cell = element(&root, "#group-table td[data-role=name]").await;
    assert_eq!(text(&name_cell), XSS_IMG, "trimmed and shown as typed");
    assert!(name_cell.inner_html().contains("&lt;img"), "escaped");
    let table = element(&root, "#group-table").await;
    assert!(table.query_selector("img, script").unwrap().is_none());
    assert!(text(&table).contains(XSS_SCRIPT), "description as text");
    let saved = stored_setup(&key);
    assert_eq!(saved.groups.groups[0].name, XSS_IMG);
    assert_eq!(saved.groups.groups[0].description, XSS_SCRIPT);

    // Device names: the first bad one is named, control characters as U+XXXX.
    let dialog = open_group_editor(&root).await;
    click(&element(&root, "#group-kind-device").await);
    let devices = element(&root, "#group-devices").await;
    let devices_error = element(&root, "#group-devices-error").await;
    let cases: Vec<(String, String)> = vec![
        (
            "PC-01\n<b>".into(),
            "Device name “<b>”: “<” is not allowed: use letters, digits and hyphens only.".into(),
        ),
        (
            "PC\u{7}1".into(),
            "Device name “PC[U+0007]1”: “U+0007” is not allowed: use letters, digits and hyphens only.".into(),
        ),
        (
            XSS_SCRIPT.into(),
            "Device name “<script>alert(1)</sc…”: 25 characters: the limit is 15.".into(),
        ),
        (
            rep(EMOJI, 16),
            format!(
                "Device name “{}”: 16 characters: the limit is 15.",
                rep(EMOJI, 16)
            ),
        ),
        ("  PC-01  \n\nKIOSK-7".into(), String::new()),
    ];
    for (value, expected) in cases {
        type_into(&devices, &value);
        let shown = settle(&devices_error, |t| t == expected).await;
        assert_eq!(shown, expected, "device names {value:?}");
    }
    expect_field(&root, "group-name", ARABIC, "").await;
    confirm_dialog(&dialog).await;
    element(&root, &format!("tr[data-group='{ARABIC}']")).await;
    let saved = stored_setup(&key);
    assert_eq!(saved.groups.groups[1].devices, ["PC-01", "KIOSK-7"]);
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

// ---------------------------------------------------------------------------
// Step 4

async fn open_portal(key: &str) -> web_sys::HtmlElement {
    let root = mount_app(key, "#/portal");
    element(&root, "#portal-form").await;
    root
}

#[wasm_bindgen_test]
async fn step_4_every_field_at_and_over_its_limit_in_4_byte_characters() {
    let key = unique_key("hostile-portal-limits");
    let root = open_portal(&key).await;
    // A website name needs a support URL.
    expect_field(&root, "support-url", "https://help.contoso.com", "").await;
    // (field, limit, a character it accepts)
    for (id, max, fill) in [
        ("company-name", 40, "𝒜"),
        ("it-contact-name", 40, EMOJI),
        ("additional-info", 120, EMOJI),
        ("website-name", 40, EMOJI),
        ("it-phone", 20, "5"),
    ] {
        expect_field(&root, id, &rep(fill, max), "").await;
        assert_eq!(
            text(&element(&root, &format!("#{id}-counter")).await),
            format!("{max}/{max}"),
            "{id} counts characters"
        );
        expect_field(
            &root,
            id,
            &rep(fill, max + 1),
            &format!("{} characters: the limit is {max}.", max + 1),
        )
        .await;
        let counter = element(&root, &format!("#{id}-counter")).await;
        assert_eq!(text(&counter), format!("{}/{max}", max + 1));
        assert!(counter.class_list().contains("over"));
    }
    let email = format!("{}@contoso.com", rep("a", 28));
    expect_field(&root, "it-email", &email, "").await;
    expect_field(
        &root,
        "it-email",
        &format!("a{email}"),
        "41 characters: the limit is 40.",
    )
    .await;
    for (id, base, max) in [
        ("privacy-url", "https://contoso.com/", 79),
        ("support-url", "https://help.contoso.com/", 150),
    ] {
        let fill = max - base.chars().count();
        expect_field(&root, id, &format!("{base}{}", rep(EMOJI, fill)), "").await;
        expect_field(
            &root,
            id,
            &format!("{base}{}", rep(EMOJI, fill + 1)),
            &format!("{} characters: the limit is {max}.", max + 1),
        )
        .await;
    }
    let save = element(&root, "#save-portal").await;
    assert!(save.has_attribute("disabled"), "nothing over a limit saves");
    assert_eq!(stored(&key), None);
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn step_4_hostile_text_is_refused_or_shown_as_text_in_the_preview() {
    let key = unique_key("hostile-portal-text");
    let root = open_portal(&key).await;
    let letters_only =
        |c: &str| format!("“{c}” is not allowed: use letters, digits and spaces only.");
    let control = "Contains a control character (U+0007), which can't be shown; remove it.";

    // Company name: letters (of any script), digits and spaces only.
    expect_field(&root, "company-name", XSS_SCRIPT, &letters_only("<")).await;
    expect_field(&root, "company-name", XSS_IMG, &letters_only("\"")).await;
    expect_field(&root, "company-name", EMOJI, &letters_only(EMOJI)).await;
    expect_field(&root, "company-name", "Con\u{7}toso", control).await;
    expect_field(&root, "company-name", "   ", "This field is required.").await;
    expect_field(&root, "company-name", &format!("  {HEBREW}  "), "").await;
    let title = element(&root, "#portal-preview [data-role=portal-title]").await;
    assert_eq!(settle(&title, |t| t == HEBREW).await, HEBREW, "trimmed");

    // Free text takes markup, right-to-left text and emoji, as text.
    expect_field(&root, "it-contact-name", XSS_IMG, "").await;
    expect_field(
        &root,
        "additional-info",
        &format!("{XSS_SCRIPT} {ARABIC} {EMOJI}"),
        "",
    )
    .await;
    expect_field(&root, "support-url", "https://help.contoso.com", "").await;
    expect_field(&root, "website-name", XSS_SCRIPT, "").await;
    expect_field(&root, "it-contact-name", "Help\u{7}desk", control).await;
    expect_field(&root, "it-contact-name", &format!("  {XSS_IMG}  "), "").await;
    let preview = element(&root, "#portal-preview").await;
    let contact = element(&root, "#portal-preview [data-role=contact-name]").await;
    assert_eq!(settle(&contact, |t| t == XSS_IMG).await, XSS_IMG);
    assert!(contact.inner_html().contains("&lt;img"), "escaped");
    assert_eq!(
        text(&element(&root, "#portal-preview [data-role=additional-info]").await),
        format!("{XSS_SCRIPT} {ARABIC} {EMOJI}")
    );
    let link = element(&root, "#portal-preview [data-role=support-link] a").await;
    assert_eq!(text(&link), XSS_SCRIPT);
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://help.contoso.com")
    );
    assert!(preview.query_selector("img, script").unwrap().is_none());

    // Phone, e-mail, theme color.
    expect_field(
        &root,
        "it-phone",
        "<b>1</b>",
        "“<” is not allowed: use digits, spaces and + - ( ) . only.",
    )
    .await;
    expect_field(
        &root,
        "it-phone",
        "٣٣٣",
        "“٣” is not allowed: use digits, spaces and + - ( ) . only.",
    )
    .await;
    expect_field(&root, "it-phone", "555\u{7}0100", control).await;
    expect_field(&root, "it-phone", "+1 (425) 555-0100", "").await;
    expect_field(
        &root,
        "it-email",
        XSS_IMG,
        &format!("“{XSS_IMG}” is not an e-mail address like alias@domainname.com: it needs an @ between the alias and the domain."),
    )
    .await;
    expect_field(
        &root,
        "it-email",
        "שלום@contoso.com",
        "“שלום@contoso.com” is not an e-mail address like alias@domainname.com: “ש” is not allowed in the alias.",
    )
    .await;
    expect_field(&root, "it-email", "it\u{7}@contoso.com", control).await;
    let email = element(&root, "#portal-preview [data-role=email]").await;
    assert!(
        email.query_selector("a").unwrap().is_none(),
        "no mailto link for an invalid address"
    );
    expect_field(&root, "it-email", "helpdesk@contoso.com", "").await;
    expect_field(
        &root,
        "theme-color",
        XSS_SCRIPT,
        "“<script>alert(1)</sc…” is not a color written as #RRGGBB (for example #0B5CAD).",
    )
    .await;
    expect_field(
        &root,
        "theme-color",
        "#12\u{7}456",
        "“#12[U+0007]456” is not a color written as #RRGGBB (for example #0B5CAD).",
    )
    .await;
    let bar = element(&root, "#portal-preview .pp-titlebar").await;
    assert_eq!(
        bar.get_attribute("style").as_deref(),
        Some("background:#0B5CAD"),
        "an invalid color never reaches the style"
    );
    expect_field(&root, "theme-color", "#00796b", "").await;

    // Saved as typed (trimmed), and still text after a reload.
    let save = element(&root, "#save-portal").await;
    wait_for("save enabled", || {
        (!save.has_attribute("disabled")).then_some(())
    })
    .await;
    click(&save);
    let saved = wait_for("saved", || stored(&key)).await;
    let portal = domain::decode(&saved).unwrap().portal.unwrap();
    assert_eq!(portal.company_name, HEBREW);
    assert_eq!(portal.it_contact_name, XSS_IMG);
    assert_eq!(portal.website_name, XSS_SCRIPT);
    assert_eq!(portal.theme_color, "#00796B");
    let again = open_portal(&key).await;
    let contact = element(&again, "#portal-preview [data-role=contact-name]").await;
    assert_eq!(text(&contact), XSS_IMG);
    assert!(element(&again, "#portal-preview")
        .await
        .query_selector("img, script")
        .unwrap()
        .is_none());
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn step_4_urls_are_https_only_and_never_become_links_otherwise() {
    let key = unique_key("hostile-portal-urls");
    let root = open_portal(&key).await;
    let not_https =
        |s: &str| format!("The address uses {s}: — only https:// addresses are accepted.");
    let not_absolute = |v: &str| {
        format!("“{v}” is not a web address starting with https:// (for example https://www.contoso.com).")
    };
    let no_host =
        "The address has no host name after https:// (for example https://www.contoso.com).";
    for id in ["privacy-url", "support-url"] {
        for (value, expected) in [
            ("javascript:alert(1)", not_https("javascript")),
            ("JavaScript:alert(1)", not_https("javascript")),
            ("data:text/html,x", not_https("data")),
            ("http://contoso.com", not_https("http")),
            ("/privacy", not_absolute("/privacy")),
            (XSS_SCRIPT, not_absolute(XSS_SCRIPT)),
            (
                XSS_IMG,
                "The address contains a space or other blank character; encode it as %20."
                    .to_string(),
            ),
            ("https://", no_host.to_string()),
            (
                "java\u{7}script:alert(1)",
                "Contains a control character (U+0007), which can't be shown; remove it."
                    .to_string(),
            ),
        ] {
            expect_field(&root, id, value, &expected).await;
            let role = if id == "privacy-url" {
                "privacy-link"
            } else {
                "support-link"
            };
            let link = element(&root, &format!("#portal-preview [data-role={role}]")).await;
            assert!(
                link.query_selector("a").unwrap().is_none(),
                "no link for {value:?}"
            );
        }
    }
    let long = format!("https://contoso.com/{}", rep("p", 60));
    expect_field(
        &root,
        "privacy-url",
        &long,
        "80 characters: the limit is 79.",
    )
    .await;
    // Markup in a valid address stays inside the href.
    let odd = format!("https://contoso.com/{XSS_SCRIPT}");
    expect_field(&root, "privacy-url", &format!("  {odd}  "), "").await;
    let link = element(&root, "#portal-preview [data-role=privacy-link] a").await;
    assert_eq!(link.get_attribute("href"), Some(odd));
    assert_eq!(text(&link), "Privacy statement");
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

/// A whole PNG of the given size, padded after its end chunk to `len`.
fn padded_png(width: u32, height: u32, len: usize) -> Vec<u8> {
    let mut b = png(width, height);
    b.resize(len, 0);
    b
}

#[wasm_bindgen_test]
async fn step_4_refused_logo_files_leave_the_current_logo() {
    use domain::image::MAX_LOGO_BYTES;
    let key = unique_key("hostile-logos");
    let root = open_portal(&key).await;
    type_into(&element(&root, "#company-name").await, "Contoso");
    click(&element(&root, "#include-logo").await);
    let input = element(&root, "#logo-on-white").await;
    let error = element(&root, "#logo-on-white-error").await;
    pick_file(&input, "good.png", &png(400, 100));
    let name = element(&root, ".logo-picker:has(#logo-on-white) .logo-name").await;
    assert_eq!(text(&name), "good.png");
    let thumb = element(&root, ".logo-picker:has(#logo-on-white) img").await;
    let src = thumb.get_attribute("src").unwrap();

    let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"window.__pwned=1\"><script>window.__pwned=1</script></svg>";
    let html = b"<!DOCTYPE html><html><body><img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script></body></html>";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.png", vec![], "The file is empty (0 bytes)."),
        (
            "big.png",
            padded_png(400, 100, MAX_LOGO_BYTES + 1),
            "768,001 bytes: the limit is 768,000 bytes (750 KB).",
        ),
        (
            "cut.png",
            png(400, 100)[..20].to_vec(),
            "The PNG file is cut short or damaged: it ends before the image header (IHDR) is complete.",
        ),
        (
            "cut-after-header.png",
            png(400, 100)[..40].to_vec(),
            "The PNG file is cut short or damaged: it ends without the image-end chunk (IEND): the file is cut off.",
        ),
        (
            "cut.jpg",
            vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00],
            "The JPEG file is cut short or damaged: it ends inside the frame header (SOF).",
        ),
        (
            "anim.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,".to_vec(),
            "The file is not a PNG or JPEG image (its contents look like a GIF image).",
        ),
        (
            "drawing.svg",
            svg.to_vec(),
            "The file is not a PNG or JPEG image (its contents look like an SVG drawing).",
        ),
        (
            "page.png",
            html.to_vec(),
            "The file is not a PNG or JPEG image (its contents look like an HTML page).",
        ),
    ];
    for (file, bytes, reason) in cases {
        pick_file(&input, file, &bytes);
        let expected = format!("{file} was not used. {reason}");
        let shown = settle(&error, |t| t == expected).await;
        assert_eq!(shown, expected);
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{file}"
        );
        assert_eq!(text(&name), "good.png", "{file}: the current logo stays");
        let thumb = element(&root, ".logo-picker:has(#logo-on-white) img").await;
        assert_eq!(thumb.get_attribute("src").as_deref(), Some(src.as_str()));
    }
    // At exactly the limit it is taken.
    pick_file(&input, "max.png", &padded_png(400, 100, MAX_LOGO_BYTES));
    assert_eq!(settle(&name, |t| t == "max.png").await, "max.png");
    assert_eq!(settle(&error, str::is_empty).await, "");
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

// ---------------------------------------------------------------------------
// Step 5

#[wasm_bindgen_test]
async fn step_5_user_fields_and_licenses() {
    let key = unique_key("hostile-users");
    let root = mount_app(&key, "#/licenses");
    let control = "Contains a control character (U+0007), which can't be shown; remove it.";

    expect_field(&root, "new-user-name", &rep(EMOJI, 256), "").await;
    expect_field(
        &root,
        "new-user-name",
        &rep(EMOJI, 257),
        "Display name: 257 characters: the limit is 256.",
    )
    .await;
    expect_field(
        &root,
        "new-user-name",
        "Ada\u{7}",
        &format!("Display name: {control}"),
    )
    .await;
    expect_field(
        &root,
        "new-user-name",
        "   ",
        "Display name: This field is required.",
    )
    .await;

    let upn_max = format!("{}@contoso.onmicrosoft.com", rep("u", 64));
    expect_field(&root, "new-user-upn", &upn_max, "").await;
    expect_field(
        &root,
        "new-user-upn",
        &format!("{}@{}", rep("u", 64), rep("d", 45) + ".onmicrosoft.com"),
        "User name: 126 characters: the limit is 113.",
    )
    .await;
    expect_field(
        &root,
        "new-user-upn",
        XSS_IMG,
        &format!("User name: “{XSS_IMG}” needs an @ between the name and the domain, as in ada@contoso.com."),
    )
    .await;
    expect_field(
        &root,
        "new-user-upn",
        &format!("{EMOJI}@contoso.onmicrosoft.com"),
        &format!("User name: “{EMOJI}” is not allowed before the @."),
    )
    .await;
    expect_field(
        &root,
        "new-user-upn",
        "ada\u{7}@contoso.onmicrosoft.com",
        &format!("User name: {control}"),
    )
    .await;
    expect_field(
        &root,
        "new-user-upn",
        "ada@fabrikam.com",
        "The user name ada@fabrikam.com ends in fabrikam.com, which is not a verified domain of this tenant. Use contoso.onmicrosoft.com.",
    )
    .await;

    // Markup as a display name is a name like any other, shown as text.
    expect_field(&root, "new-user-name", &format!("  {XSS_SCRIPT}  "), "").await;
    expect_field(&root, "new-user-upn", "  Ada@CONTOSO.onmicrosoft.com  ", "").await;
    click(&element(&root, "#add-user button[type=submit]").await);
    let row = element(&root, "tr[data-upn='Ada@contoso.onmicrosoft.com']").await;
    assert!(text(&row).contains(XSS_SCRIPT), "{}", text(&row));
    assert!(row.query_selector("script, img").unwrap().is_none());
    let user = stored_setup(&key)
        .directory
        .users
        .into_iter()
        .find(|u| u.upn == "Ada@contoso.onmicrosoft.com")
        .expect("added");
    assert_eq!(user.display_name, XSS_SCRIPT);

    // Purchased licenses: the number and its range are checked as typed.
    let not_number = |v: &str| format!("“{v}” is not a whole number of licenses.");
    expect_field(&root, "purchased-licenses", EMOJI, &not_number(EMOJI)).await;
    expect_field(&root, "purchased-licenses", "٢٥", &not_number("٢٥")).await;
    expect_field(
        &root,
        "purchased-licenses",
        XSS_SCRIPT,
        &not_number("<script>alert(1)</sc…"),
    )
    .await;
    expect_field(
        &root,
        "purchased-licenses",
        "2\u{7}5",
        &not_number("2[U+0007]5"),
    )
    .await;
    let range =
        |v: &str| format!("{v} purchased licenses: the number must be from 0 to 1,000,000.");
    expect_field(&root, "purchased-licenses", "-1", &range("-1")).await;
    expect_field(&root, "purchased-licenses", "1000001", &range("1,000,001")).await;
    let before = stored(&key);
    click(&element(&root, "#purchased-form button[type=submit]").await);
    sleep_ms(100).await;
    assert_eq!(stored(&key), before, "nothing changed");
    expect_field(&root, "purchased-licenses", " 1,000,000 ", "").await;
    click(&element(&root, "#purchased-form button[type=submit]").await);
    wait_for("saved", || {
        stored(&key).filter(|s| s.contains("\"purchased_licenses\":1000000"))
    })
    .await;
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

// ---------------------------------------------------------------------------
// Step 6

#[wasm_bindgen_test]
async fn step_6_accounts_refuse_hostile_addresses() {
    let key = unique_key("hostile-accounts");
    seeded(&key, vec![authority()]);
    let root = mount_app(&key, "#/enrollment");
    let control = "Contains a control character (U+0007), which can't be shown; remove it.";
    for (id, label) in [("apple-id", "Apple ID"), ("afw-account", "Google account")] {
        let at_max = format!("{}@contoso.com", rep("a", 242));
        expect_field(&root, id, &at_max, "").await;
        expect_field(
            &root,
            id,
            &format!("a{at_max}"),
            &format!("{label}: 255 characters: the limit is 254."),
        )
        .await;
        expect_field(
            &root,
            id,
            XSS_SCRIPT,
            &format!("{label}: “{XSS_SCRIPT}” is not an e-mail address like alias@domainname.com: it needs an @ between the alias and the domain."),
        )
        .await;
        expect_field(
            &root,
            id,
            &format!("{EMOJI}@contoso.com"),
            &format!("{label}: “{EMOJI}@contoso.com” is not an e-mail address like alias@domainname.com: “{EMOJI}” is not allowed in the alias."),
        )
        .await;
        expect_field(
            &root,
            id,
            "admin\u{7}@contoso.com",
            &format!("{label}: {control}"),
        )
        .await;
    }
    // A refused account binds nothing; spaces around are trimmed.
    type_into(&element(&root, "#afw-account").await, XSS_IMG);
    click(&element(&root, "#afw-bind").await);
    sleep_ms(100).await;
    assert!(stored_setup(&key).enrollment.android_for_work.is_none());
    type_into(
        &element(&root, "#afw-account").await,
        "  Admin@Contoso.com  ",
    );
    click(&element(&root, "#afw-bind").await);
    let bound = element(&root, "#afw-bound strong").await;
    assert_eq!(text(&bound), "Admin@Contoso.com");
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn step_6_refused_certificate_files_leave_the_recorded_certificate() {
    let key = unique_key("hostile-certificate");
    let setup = seeded(
        &key,
        vec![
            authority(),
            Command::UploadApplePushCertificate {
                apple_id: "admin@contoso.com".into(),
                certificate: domain::image::base64::encode(VALID_PEM),
                replace_topic: false,
            },
        ],
    );
    let before = stored(&key);
    let topic = setup
        .enrollment
        .apple
        .as_ref()
        .unwrap()
        .certificate
        .topic
        .clone();
    let root = mount_app(&key, "#/enrollment");
    let shown_topic = element(&root, "#apple-topic").await;
    assert_eq!(text(&shown_topic), topic);
    let input = element(&root, "#apple-certificate").await;
    let error = element(&root, "#apple-certificate-error").await;
    let status = element(&root, "#apple-certificate-status").await;
    let html = b"<!DOCTYPE html><html><body><script>window.__pwned=1</script></body></html>";
    for (file, bytes, reason) in [
        (
            "empty.pem",
            &b""[..],
            "The file is empty (0 bytes): choose the certificate file Apple gave you (.pem or .cer).",
        ),
        (
            "page.pem",
            &html[..],
            "The file is not a certificate: it is neither PEM text (-----BEGIN CERTIFICATE-----) nor a DER certificate (its first byte is 0x3C, not 0x30).",
        ),
    ] {
        pick_file(&input, file, bytes);
        let expected = format!("{file} was not used. {reason}");
        assert_eq!(settle(&error, |t| t == expected).await, expected);
        assert_eq!(text(&status), "No file chosen.");
        // Uploading now sends nothing: there is no file, and the reason
        // the pick was refused stays (not a generic "choose the file").
        type_into(&element(&root, "#apple-id").await, "admin@contoso.com");
        click(&element(&root, "#apple-upload").await);
        sleep_ms(50).await;
        assert_eq!(settle(&error, |t| t == expected).await, expected);
        assert_eq!(text(&shown_topic), topic, "the recorded certificate stays");
        assert_eq!(stored(&key), before, "nothing stored");
    }
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

/// 10,000 lines, every 997th one bad (a different fault each time); some
/// good lines carry markup in their description.
fn device_list_with_bad_lines() -> (String, Vec<usize>) {
    let bad_kinds = [
        "BAD_SERIAL".to_string(),
        "490154203237519".to_string(),
        "ABC".to_string(),
        format!("SNDESC,{}", rep("d", 129)),
        "\"unclosed".to_string(),
        XSS_SCRIPT.to_string(),
        "A,B,C".to_string(),
        rep(EMOJI, 4),
        "SN\u{7}BELL".to_string(),
        "SN00000001".to_string(), // a duplicate of line 1
    ];
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for n in 1..=10_000usize {
        if n % 997 == 0 {
            lines.push(bad_kinds[bad.len() % bad_kinds.len()].clone());
            bad.push(n);
        } else if n % 1000 == 1 {
            lines.push(format!("SN{n:08},<img src=x onerror=window.__pwned=1>"));
        } else {
            lines.push(format!("SN{n:08}"));
        }
    }
    (lines.join("\r\n"), bad)
}

#[wasm_bindgen_test]
async fn step_6_a_ten_thousand_line_csv_reports_exactly_its_bad_lines() {
    let key = unique_key("hostile-csv");
    seeded(&key, vec![authority()]);
    let root = mount_app(&key, "#/enrollment");
    let (csv, bad) = device_list_with_bad_lines();
    pick_file(
        &element(&root, "#device-file").await,
        "devices.csv",
        csv.as_bytes(),
    );
    let summary = element(&root, "#device-preview-summary").await;
    let expected = "devices.csv: 9990 lines ready to import, 10 with problems. A list with problems imports nothing unless you choose “Import the valid lines only”.";
    assert_eq!(settle(&summary, |t| t == expected).await, expected);
    let problems = element(&root, "#device-problems").await;
    let lines: Vec<usize> = (0..problems.child_element_count())
        .map(|i| {
            let li = problems.children().item(i).unwrap();
            let strong = text(&li.query_selector("strong").unwrap().unwrap());
            strong
                .trim_start_matches("Line ")
                .trim_end_matches(": ")
                .parse()
                .unwrap_or_else(|_| panic!("{strong}"))
        })
        .collect();
    assert_eq!(lines, bad);
    let preview = element(&root, "#device-preview").await;
    assert!(text(&preview).contains("<img src=x onerror=window.__pwned=1>"));
    assert!(preview.query_selector("img, script").unwrap().is_none());
    assert!(problems.query_selector("img, script").unwrap().is_none());
    let bell = problems.children().item(8).unwrap();
    assert!(
        text(&bell).contains("Serial number “SN[U+0007]BELL”: “U+0007” is not allowed"),
        "{}",
        text(&bell)
    );

    // Import: all or nothing.
    let before = stored(&key);
    click(&element(&root, "#device-import").await);
    let failure = element(&root, "#device-error").await;
    let refusal = settle(&failure, |t| !t.is_empty()).await;
    assert!(
        refusal.starts_with("Nothing was imported: 10 of 10,000 lines have problems (line 997: "),
        "{refusal}"
    );
    assert_eq!(stored(&key), before, "nothing imported");
    assert_eq!(text(&element(&root, "#device-count").await), "0 devices");

    // The valid lines only: exactly the other 9,990.
    click(&element(&root, "#device-import-valid").await);
    let done = element(&root, "#device-done").await;
    assert_eq!(
        settle(&done, |t| !t.is_empty()).await,
        "Imported 9990 devices."
    );
    assert_eq!(text(&element(&root, "#device-count").await), "9990 devices");
    let imported: Vec<String> = stored_setup(&key)
        .enrollment
        .devices
        .into_iter()
        .map(|d| d.identifier)
        .collect();
    let expected: Vec<String> = (1..=10_000usize)
        .filter(|n| n % 997 != 0)
        .map(|n| format!("SN{n:08}"))
        .collect();
    assert_eq!(imported, expected);
    let list = element(&root, "#device-list").await;
    assert!(text(&list).contains("<img src=x onerror=window.__pwned=1>"));
    assert!(list.query_selector("img, script").unwrap().is_none());
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

// ---------------------------------------------------------------------------
// Recovery and settings

#[wasm_bindgen_test]
async fn recovery_versions_tenant_and_description() {
    let key = unique_key("hostile-recovery");
    seeded(
        &key,
        vec![
            authority(),
            Command::CheckVersions {
                configuration_manager: "1606".into(),
                intune: "1705".into(),
            },
            Command::ChooseResetScenario {
                scenario: ResetScenario::Other,
                coexistence: false,
            },
        ],
    );
    let root = mount_app(&key, "#/recovery");
    let cm = |v: &str| {
        format!("Configuration Manager version “{v}” is not four digits, year then month (such as 1610).")
    };
    expect_field(&root, "cm-version", "16100", &cm("16100")).await;
    expect_field(&root, "cm-version", EMOJI, &cm(EMOJI)).await;
    expect_field(&root, "cm-version", "١٦١٠", &cm("١٦١٠")).await;
    expect_field(&root, "cm-version", XSS_SCRIPT, &cm("<script>aler…")).await;
    expect_field(&root, "cm-version", "16\u{7}1", &cm("16[U+0007]1")).await;
    expect_field(
        &root,
        "intune-version",
        XSS_IMG,
        "Intune version “\"><img src=x…” is not four digits, year then month (such as 1705).",
    )
    .await;
    expect_field(&root, "cm-version", " 1606 ", "").await;

    let tenant = |reason: &str| format!("Tenant ID: {reason}");
    expect_field(
        &root,
        "tenant-id",
        XSS_SCRIPT,
        &tenant(&bad_domain_character("<")),
    )
    .await;
    expect_field(
        &root,
        "tenant-id",
        "con\u{7}toso.onmicrosoft.com",
        &tenant(&bad_domain_character("U+0007")),
    )
    .await;
    expect_field(&root, "tenant-id", "  contoso.onmicrosoft.com  ", "").await;
    expect_field(
        &root,
        "other-description",
        &rep(EMOJI, 1001),
        "Description: 1,001 characters: the limit is 1,000.",
    )
    .await;
    expect_field(
        &root,
        "other-description",
        "reset\u{7}",
        "Description: Contains a control character (U+0007), which can't be shown; remove it.",
    )
    .await;
    expect_field(
        &root,
        "other-description",
        &format!("{XSS_IMG} {HEBREW}"),
        "",
    )
    .await;
    click(&element(&root, "#reset-details button[type=submit]").await);
    wait_for("details saved", || {
        stored(&key)
            .and_then(|s| domain::decode(&s).ok())
            .filter(|s| s.recovery.tenant_id == "contoso.onmicrosoft.com")
    })
    .await;
    assert_eq!(
        stored_setup(&key).recovery.description,
        format!("{XSS_IMG} {HEBREW}")
    );
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn settings_server_url_tenant_and_token() {
    let key = unique_key("hostile-settings");
    let root = mount_app(&key, "#/settings");
    click(&element(&root, "#backend-server").await);
    let address = |v: &str, reason: &str| format!("Server address “{v}”: {reason}");
    let scheme = "it must start with https:// (or http:// for this computer).";
    let at_max = format!("https://mdm.contoso.com/{}", rep("a", 176));
    expect_field(&root, "server-url", &at_max, "").await;
    expect_field(
        &root,
        "server-url",
        &format!("{at_max}a"),
        &address(
            &format!("https://mdm.contoso.com/{}…", rep("a", 36)),
            "at most 200 characters.",
        ),
    )
    .await;
    expect_field(
        &root,
        "server-url",
        "javascript:alert(1)",
        &address("javascript:alert(1)", scheme),
    )
    .await;
    expect_field(
        &root,
        "server-url",
        "data:text/html,x",
        &address("data:text/html,x", scheme),
    )
    .await;
    expect_field(
        &root,
        "server-url",
        "/privacy",
        &address("/privacy", scheme),
    )
    .await;
    expect_field(
        &root,
        "server-url",
        "http://contoso.com",
        &address("http://contoso.com", "http:// is only allowed for this computer (localhost); use https:// so the token is encrypted."),
    )
    .await;
    expect_field(
        &root,
        "server-url",
        "https://",
        &address("https://", "the host name is missing."),
    )
    .await;
    expect_field(
        &root,
        "server-url",
        "https://mdm.contoso.com/\u{7}",
        &address(
            "https://mdm.contoso.com/[U+0007]",
            "it contains a space, a control character or an invisible character.",
        ),
    )
    .await;
    expect_field(
        &root,
        "server-url",
        XSS_SCRIPT,
        &address(XSS_SCRIPT, scheme),
    )
    .await;

    let tenant = |v: &str| {
        format!("Tenant “{v}”: use 1 to 63 lower-case letters, digits, “-” and “.” (for example contoso).")
    };
    expect_field(&root, "server-tenant", &rep("t", 63), "").await;
    expect_field(
        &root,
        "server-tenant",
        &rep("t", 64),
        &tenant(&rep("t", 64)),
    )
    .await;
    expect_field(&root, "server-tenant", XSS_IMG, &tenant(XSS_IMG)).await;
    expect_field(&root, "server-tenant", "שלום", &tenant("שלום")).await;
    expect_field(
        &root,
        "server-tenant",
        "con\u{7}toso",
        &tenant("con[U+0007]toso"),
    )
    .await;
    expect_field(&root, "server-tenant", "  contoso  ", "").await;

    let not_ascii = |c: &str| {
        format!("Token: “{c}” is not allowed: a token has only visible ASCII characters.")
    };
    expect_field(&root, "server-token", &rep("x", 256), "").await;
    expect_field(
        &root,
        "server-token",
        &rep("x", 257),
        "Token: 257 characters: the limit is 256.",
    )
    .await;
    expect_field(&root, "server-token", &rep(EMOJI, 65), &not_ascii(EMOJI)).await;
    expect_field(&root, "server-token", "abc\u{7}", &not_ascii("U+0007")).await;
    expect_field(&root, "server-token", XSS_SCRIPT, "").await;

    // With a refused value, the connection test explains and nothing is kept.
    type_into(&element(&root, "#server-url").await, "javascript:alert(1)");
    click(&element(&root, "#test-connection").await);
    let result = element(&root, "#connection-result").await;
    let shown = settle(&result, |t| !t.is_empty()).await;
    assert_eq!(shown, address("javascript:alert(1)", scheme));
    click(&element(&root, "#use-backend").await);
    let settings_error = element(&root, "#settings-error").await;
    assert_eq!(
        settle(&settings_error, |t| !t.is_empty()).await,
        "Test the connection first: the app only switches to a server it could reach."
    );
    assert_nothing_ran();
    storage().remove_item(&key).unwrap();
}

// ---------------------------------------------------------------------------
// Storage faults not covered by tests/storage.rs: the wrong shape, a newer
// layout through the app, starting fresh, and two tabs racing.

#[wasm_bindgen_test]
async fn valid_json_of_the_wrong_shape_is_kept_and_explained() {
    for raw in [
        "[1,2,3]",
        "{\"schema_version\":2,\"revision\":\"three\"}",
        "{\"schema_version\":2,\"revision\":1,\"connections\":{\"domains\":[{\"name\":\"<script>alert(1)</script>\"}]}}",
        "\"just a string\"",
    ] {
        let key = unique_key("hostile-shape");
        storage().set_item(&key, raw).unwrap();
        let expected = domain::decode(raw).unwrap_err().to_string();
        match LocalStorageBackend::new(&key).load().await.unwrap_err() {
            BackendError::Unreadable { raw: kept, reason } => {
                assert_eq!(kept, raw);
                assert_eq!(reason, expected);
            }
            other => panic!("{raw}: expected unreadable, got {other:?}"),
        }
        let err = LocalStorageBackend::new(&key)
            .apply(
                Command::AddDomain {
                    name: "contoso.com".into(),
                },
                0,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, BackendError::Unreadable { .. }), "{err:?}");
        let root = mount_app(&key, "#/connections");
        let reason = element(&root, "#unreadable-reason").await;
        assert_eq!(text(&reason), expected, "{raw}");
        assert!(query(&root, "#domain-name").is_none());
        assert!(query(&root, "script, img").is_none());
        assert_eq!(stored(&key).as_deref(), Some(raw), "kept as it was");
        storage().remove_item(&key).unwrap();
    }
    assert_nothing_ran();
}

#[wasm_bindgen_test]
async fn a_newer_layout_is_explained_kept_and_set_aside_on_start_fresh() {
    let key = unique_key("hostile-newer");
    let raw = format!(
        "{{\"schema_version\":{},\"revision\":4,\"future\":{{\"x\":1}}}}",
        domain::SCHEMA_VERSION + 1
    );
    storage().set_item(&key, &raw).unwrap();
    let root = mount_app(&key, "#/portal");
    let reason = element(&root, "#unreadable-reason").await;
    let expected = domain::decode(&raw).unwrap_err().to_string();
    assert!(expected.contains("newer version"), "{expected}");
    assert_eq!(text(&reason), expected);
    assert!(query(&root, "#portal-form").is_none());
    assert_eq!(stored(&key), Some(raw.clone()));

    // Starting fresh keeps a copy aside, then opens an empty setup.
    click(&element(&root, "#start-fresh").await);
    let dialog = element(&root, "#fresh-dialog[open]").await;
    confirm_dialog(&dialog).await;
    element(&root, "#portal-form").await;
    assert_eq!(stored(&key), None);
    let backups: Vec<String> = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.starts_with(&format!("{key}.unreadable.")))
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(stored(&backups[0]), Some(raw));
    storage().remove_item(&backups[0]).unwrap();
}

#[wasm_bindgen_test]
async fn two_tabs_racing_lose_nothing_and_the_user_is_told() {
    let key = unique_key("hostile-race");
    let root = mount_app(&key, "#/connections");
    let input = element(&root, "#domain-name").await;

    // "Another tab" writes first. (Within one page no storage event fires,
    // so this page still shows revision 0: the race the revision check is for.)
    LocalStorageBackend::new(&key)
        .apply(
            Command::AddDomain {
                name: "fabrikam.com".into(),
            },
            0,
        )
        .await
        .expect("other tab");
    type_into(&input, "contoso.com");
    click(&element(&root, "#add-domain button[type=submit]").await);
    let form_error = element(&root, "#add-domain .form-error").await;
    assert_eq!(
        settle(&form_error, |t| !t.is_empty()).await,
        "Someone changed this setup in another tab or session, so your change was not applied. The page now shows their version; please make your change again."
    );
    // Their change is shown and kept; ours was not applied over it, and the
    // typed value is still there to send again.
    element(&root, "li[data-domain='fabrikam.com']").await;
    assert!(query(&root, "li[data-domain='contoso.com']").is_none());
    assert_eq!(stored_setup(&key).connections.domains.len(), 1);
    assert_eq!(
        input.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        "contoso.com"
    );
    click(&element(&root, "#add-domain button[type=submit]").await);
    element(&root, "li[data-domain='contoso.com']").await;
    let names: Vec<String> = stored_setup(&key)
        .connections
        .domains
        .iter()
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(names, ["fabrikam.com", "contoso.com"]);
    storage().remove_item(&key).unwrap();
}
