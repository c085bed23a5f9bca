//! Step 6 in a real browser: the certificate reader on real PEM and DER
//! files, the device import preview, and step 7's import refusal.

mod support;

use domain::{encode, Command, MdmAuthority, Setup, Timestamp};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const VALID_PEM: &[u8] = include_bytes!("fixtures/push-valid.pem");
const VALID_DER: &[u8] = include_bytes!("fixtures/push-valid.der");
const EXPIRED_PEM: &[u8] = include_bytes!("fixtures/push-expired.pem");
const NO_TOPIC_DER: &[u8] = include_bytes!("fixtures/no-topic.der");

fn with_authority(key: &str) {
    let setup = Setup::new()
        .apply(
            Command::SetAuthority {
                authority: MdmAuthority::Intune,
                confirmed: true,
            },
            Timestamp(0),
        )
        .expect("valid command");
    storage().set_item(key, &encode(&setup)).unwrap();
}

fn stored(key: &str) -> Setup {
    domain::decode(&storage().get_item(key).unwrap().unwrap()).expect("readable")
}

#[wasm_bindgen_test]
async fn certificates_are_read_in_the_browser() {
    let key = unique_key("apple-certificate");
    with_authority(&key);
    let root = mount_app(&key, "#/enrollment");
    let input = element(&root, "#apple-certificate").await;
    let status = element(&root, "#apple-certificate-status").await;
    let error = element(&root, "#apple-certificate-error").await;

    // Not a certificate, no topic, truncated: refused with the reason.
    pick_file(&input, "logo.png", &png(10, 10));
    wait_for("not a certificate", || {
        text(&error).contains("not a certificate").then_some(())
    })
    .await;
    pick_file(&input, "no-topic.der", NO_TOPIC_DER);
    wait_for("no topic", || {
        text(&error).contains("no push topic").then_some(())
    })
    .await;
    pick_file(&input, "cut.der", &VALID_DER[..200]);
    wait_for("truncated", || {
        text(&error).contains("truncated").then_some(())
    })
    .await;
    assert_eq!(text(&status), "No file chosen.");
    // Upload after a refused pick: the reason stays, not a generic line.
    type_into(&element(&root, "#apple-id").await, "mdm@contoso.com");
    click(&element(&root, "#apple-upload").await);
    sleep_ms(50).await;
    assert!(text(&error).contains("truncated"), "{}", text(&error));
    type_into(&element(&root, "#apple-id").await, "");

    // DER and PEM both read; the summary names topic and expiry.
    pick_file(&input, "push.der", VALID_DER);
    wait_for("DER read", || {
        text(&status).contains("fixture-valid").then_some(())
    })
    .await;
    pick_file(&input, "push.pem", VALID_PEM);
    wait_for("PEM read", || {
        text(&status).contains("expires 2099-01-01").then_some(())
    })
    .await;
    assert_eq!(text(&error), "");

    // Upload: the Apple ID is required, then the details show.
    click(&element(&root, "#apple-upload").await);
    let id_error = element(&root, "#apple-id-error").await;
    wait_for("Apple ID required", || {
        text(&id_error).contains("required").then_some(())
    })
    .await;
    assert!(stored(&key).enrollment.apple.is_none());
    type_into(&element(&root, "#apple-id").await, "mdm@contoso.com");
    click(&element(&root, "#apple-upload").await);
    let topic = element(&root, "#apple-topic").await;
    assert_eq!(text(&topic), "com.apple.mgmt.External.fixture-valid");
    assert_eq!(text(&element(&root, "#apple-serial").await), "11:22");
    assert!(text(&element(&root, "#apple-expiry").await).starts_with("2099-01-01"));
    assert_eq!(
        stored(&key).enrollment.apple.map(|a| a.apple_id),
        Some("mdm@contoso.com".to_string())
    );

    // An expired certificate reads, but the upload is refused.
    pick_file(&input, "old.pem", EXPIRED_PEM);
    wait_for("expired read", || {
        text(&status).contains("fixture-expired").then_some(())
    })
    .await;
    click(&element(&root, "#apple-upload").await);
    let refusal = element(&root, "#apple-error").await;
    wait_for("expired refused", || {
        text(&refusal)
            .contains("expired on 2001-01-01")
            .then_some(())
    })
    .await;
    assert_eq!(
        stored(&key).enrollment.apple.map(|a| a.certificate.topic),
        Some("com.apple.mgmt.External.fixture-valid".to_string())
    );
}

#[wasm_bindgen_test]
async fn device_import_preview_lists_lines_and_problems() {
    let key = unique_key("device-preview");
    with_authority(&key);
    let root = mount_app(&key, "#/enrollment");
    let csv = "\u{feff}Serial number,Description\r\nC02XK1ABJG5H,\"Mac, 2nd floor\"\r\n\r\n490154203237519\r\nc02xk1abjg5h\r\nAB\r\n";
    pick_file(
        &element(&root, "#device-file").await,
        "devices.csv",
        csv.as_bytes(),
    );
    let summary = element(&root, "#device-preview-summary").await;
    wait_for("preview", || {
        text(&summary).contains("devices.csv").then_some(())
    })
    .await;
    assert!(
        text(&summary).starts_with(
            "devices.csv: 1 line ready to import, 3 with problems (header on line 1 skipped)."
        ),
        "{}",
        text(&summary)
    );
    let problems = text(&element(&root, "#device-problems").await);
    assert!(
        problems.contains("Line 4: IMEI 490154203237519"),
        "{problems}"
    );
    assert!(
        problems.contains("Line 5: C02XK1ABJG5H is a duplicate of line 2."),
        "{problems}"
    );
    assert!(
        problems.contains("Line 6: Serial number “AB” has 2 characters"),
        "{problems}"
    );
    let preview = text(&element(&root, "#device-preview").await);
    assert!(
        preview.contains("C02XK1ABJG5H") && preview.contains("Mac, 2nd floor"),
        "{preview}"
    );

    // All or nothing, unless the valid lines are chosen explicitly.
    click(&element(&root, "#device-import").await);
    let error = element(&root, "#device-error").await;
    wait_for("refusal", || {
        text(&error).contains("Nothing was imported").then_some(())
    })
    .await;
    assert!(stored(&key).enrollment.devices.is_empty());
    click(&element(&root, "#device-import-valid").await);
    let count = element(&root, "#device-count").await;
    wait_for("one device", || (text(&count) == "1 device").then_some(())).await;
    assert_eq!(
        stored(&key).enrollment.devices[0].description,
        "Mac, 2nd floor"
    );

    // A file that is not text is refused before any preview.
    pick_file(
        &element(&root, "#device-file").await,
        "devices.xlsx",
        &[0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFE],
    );
    wait_for("not text", || {
        text(&error).contains("not text").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_setup_file_with_a_bad_value_is_refused_with_its_path() {
    let key = unique_key("setup-import");
    with_authority(&key);
    let before = storage().get_item(&key).unwrap();
    let root = mount_app(&key, "#/next-steps");
    let mut doc: serde_json::Value = serde_json::from_str(&encode(&Setup::new())).unwrap();
    doc["portal"] = serde_json::json!({ "company_name": "x".repeat(41) });
    pick_file(
        &element(&root, "#import-json").await,
        "setup.json",
        doc.to_string().as_bytes(),
    );
    let error = element(&root, "#file-error").await;
    wait_for("refusal", || {
        text(&error).contains("was not imported").then_some(())
    })
    .await;
    assert!(
        text(&error).contains("(at portal.company_name)"),
        "{}",
        text(&error)
    );
    assert_eq!(storage().get_item(&key).unwrap(), before, "nothing changed");
}

#[wasm_bindgen_test]
async fn the_import_count_ignores_a_removal_sent_just_before_it() {
    let key = unique_key("device-count-queued");
    with_authority(&key);
    let root = mount_app(&key, "#/enrollment");
    let text_area = element(&root, "#device-text").await;
    type_into(&text_area, "SERIAL0001\nSERIAL0002");
    click(&element(&root, "#device-import").await);
    let count = element(&root, "#device-count").await;
    wait_for("two devices", || {
        (text(&count) == "2 devices").then_some(())
    })
    .await;

    // A removal and an import, sent back to back.
    type_into(&text_area, "SERIAL0003");
    click(&element(&root, "button[aria-label='Remove SERIAL0001']").await);
    click(&element(&root, "#device-import").await);
    let done = element(&root, "#device-done").await;
    let reported = wait_for("import reported", || {
        Some(text(&done)).filter(|t| t.starts_with("Imported") && t != "Imported 2 devices.")
    })
    .await;
    assert_eq!(reported, "Imported 1 device.");
    assert_eq!(text(&count), "2 devices");
}
