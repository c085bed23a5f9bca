//! A new administrator completes steps 1 and 2 in real Chromium over the
//! release build, reloads, and finds everything kept.

use e2e::{journey, Session};

fn is_txt_value(text: &str) -> bool {
    text.len() == 13 && text.starts_with("MS=ms") && text[5..].bytes().all(|b| b.is_ascii_digit())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_user_completes_steps_one_and_two_and_it_survives_a_reload() {
    journey("steps-1-2", "/", |s: Session| async move {
        s.open("").await;
        // A fresh tenant: nothing done, the authority banner everywhere.
        s.wait_text("#overall-progress", "0 of 7", |t| {
            t.contains("0 of 7 steps done")
        })
        .await;
        s.find("#authority-banner a[href='#/authority']").await;
        assert!(s.text("#backend-label").await.contains("This browser"));

        // Step 1 through the side navigation.
        s.click("nav a[data-step=connections]").await;
        s.find("#network-table").await;
        assert!(
            s.text("#network-table").await.contains("5223"),
            "Apple push port listed"
        );

        // An invalid domain is explained while typing and not saved.
        s.type_into("#domain-name", "contoso_corp.com").await;
        let error = s
            .wait_text("#domain-name-error", "an error", |t| !t.is_empty())
            .await;
        assert!(error.contains("“_”"), "{error}");
        assert_eq!(
            s.attr("#domain-name", "aria-invalid").await.as_deref(),
            Some("true")
        );
        s.click("#add-domain button[type=submit]").await;
        assert!(
            s.script("return document.querySelectorAll('li.domain').length")
                .await
                == 0
        );

        // A valid one is added with its TXT record.
        s.type_into("#domain-name", "Contoso.com").await;
        s.wait_text("#domain-name-error", "no error", str::is_empty)
            .await;
        s.click("#add-domain button[type=submit]").await;
        let row = "li[data-domain='contoso.com']";
        let txt = s.text(&format!("{row} [data-role=txt-value]")).await;
        assert!(is_txt_value(&txt), "TXT value {txt:?}");
        assert_eq!(
            s.text(&format!("{row} [data-role=verification]")).await,
            "Not verified"
        );
        s.wait_text("nav a[data-step=connections] .badge", "in progress", |t| {
            t == "In progress"
        })
        .await;

        // Verify by hand through the dialog (DNS lookups off; the
        // lookups have their own journeys in dns_lookups.rs).
        s.dns_lookups_off().await;
        s.click(&format!("{row} .actions .button.primary")).await;
        s.click("#domain-contoso-com-verify .dialog-actions .button.primary")
            .await;
        s.wait_text(
            &format!("{row} [data-role=verification]"),
            "verified",
            |t| t == "Verified",
        )
        .await;
        let how = s.text(&format!("{row} [data-role=verified-how]")).await;
        assert!(how.contains("not checked in DNS"), "{how}");
        // Make it the default domain.
        s.click(&format!(
            "{row} .actions .button:not(.primary):not(.danger-outline)"
        ))
        .await;
        s.wait_text(&format!("{row} .badge-default"), "default", |t| {
            t == "Default"
        })
        .await;

        // Acknowledge the network review: step 1 is done.
        s.click("#network-review-reviewed").await;
        s.wait_text("nav a[data-step=connections] .badge", "done", |t| {
            t == "Done"
        })
        .await;

        // Step 2: choose Intune; confirming without the tick box is refused.
        s.click("#authority-banner a").await;
        s.click("#authority-intune").await;
        s.click("#authority-form button[type=submit]").await;
        s.find("#authority-dialog[open]").await;
        s.click("#authority-dialog .dialog-actions .button.primary")
            .await;
        let refusal = s
            .wait_text("#authority-dialog-error", "a refusal", |t| !t.is_empty())
            .await;
        assert!(refusal.contains("Tick the box"), "{refusal}");
        s.click("#authority-dialog-tick").await;
        s.click("#authority-dialog .dialog-actions .button.primary")
            .await;
        s.wait_text("#authority-locked [data-role=authority]", "Intune", |t| {
            t == "Intune"
        })
        .await;
        s.absent("#authority-banner").await;
        s.wait_text("#overall-progress", "2 of 7", |t| {
            t.contains("2 of 7 steps done")
        })
        .await;

        // Reload: everything is still there.
        s.reload().await;
        s.wait_text("#authority-locked [data-role=authority]", "Intune", |t| {
            t == "Intune"
        })
        .await;
        assert!(s
            .text("#overall-progress")
            .await
            .contains("2 of 7 steps done"));
        assert_eq!(s.text("nav a[data-step=connections] .badge").await, "Done");
        assert_eq!(s.text("nav a[data-step=authority] .badge").await, "Done");
        s.absent("#authority-banner").await;
        s.click("nav a[data-step=connections]").await;
        assert_eq!(
            s.text(&format!("{row} [data-role=verification]")).await,
            "Verified"
        );
        assert_eq!(s.text(&format!("{row} .badge-default")).await, "Default");
        assert_eq!(
            s.text(&format!("{row} [data-role=txt-value]")).await,
            txt,
            "record is stable"
        );
        let reviewed = s
            .script("return document.getElementById('network-review-reviewed').checked")
            .await;
        assert_eq!(reviewed, serde_json::Value::Bool(true));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_links_open_each_step_directly() {
    journey("deep-links", "/", |s: Session| async move {
        s.open("#/authority").await;
        s.find("#authority-form").await;
        assert_eq!(s.text("#page-title").await, "Set MDM authority");
        assert_eq!(
            s.attr("nav a[data-step=authority]", "aria-current")
                .await
                .as_deref(),
            Some("page")
        );
        s.open("#/enrollment").await;
        let blocked = s.text(".banner-blocked").await;
        assert!(blocked.contains("step 2"), "{blocked}");
        s.find(".banner-blocked a[href='#/authority']").await;
        s.open("#/no-such-page").await;
        assert_eq!(
            s.text("#page-title").await,
            "Prepare your tenant for device management"
        );
    })
    .await;
}
