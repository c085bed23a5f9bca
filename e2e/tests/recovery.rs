//! The wrong-authority recovery flow, both paths.

use domain::recovery::{add_business_days, checklist};
use domain::{ResetScenario, Timestamp};
use e2e::{journey, Session};

async fn check_versions(s: &Session, cm: &str, intune: &str) {
    s.click("#authority-locked a.button").await;
    s.find("#versions-form").await;
    s.type_into("#cm-version", cm).await;
    s.type_into("#intune-version", intune).await;
    s.click("#versions-form button[type=submit]").await;
}

fn today() -> domain::Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    Timestamp(now).date()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_reset_from_intune_to_configuration_manager() {
    journey("recovery-support", "/", |s: Session| async move {
        s.set_authority("intune", "Intune").await;
        // An invalid version is explained as typed.
        s.click("#authority-locked a.button").await;
        s.type_into("#cm-version", "16.6").await;
        s.wait_text("#cm-version-error", "format", |t| t.contains("four digits"))
            .await;
        s.open("#/authority").await;
        check_versions(&s, "1606", "1705").await;
        s.find("#support-reset").await;

        s.click("#scenario-intune-to-cm").await;
        s.find("#reset-checklist").await;
        // Too early: every missing item is listed.
        s.click("#produce-request").await;
        let missing = s.text("#request-missing").await;
        assert!(
            missing.contains("Retire every device from the Intune")
                && missing.contains("Tenant ID"),
            "{missing}"
        );

        for entry in checklist(ResetScenario::IntuneToConfigurationManager, false) {
            s.click(&format!("#item-{}-done", entry.key)).await;
        }
        s.wait_text("#reset-progress", "9 of 9", |t| t == "9 of 9 done")
            .await;
        s.type_into("#tenant-id", "contoso.onmicrosoft.com").await;
        s.click("#reset-details button[type=submit]").await;
        let request = s
            .wait_text("#request-text", "request", |t| t.contains("Tenant ID"))
            .await;
        assert!(
            request.contains("Requested MDM authority: Configuration Manager with Intune (hybrid)"),
            "{request}"
        );
        assert_eq!(request.matches("[done]").count(), 9);

        s.click("#mark-sent").await;
        let expected = add_business_days(today(), 1).to_string();
        let latest = add_business_days(today(), 3).to_string();
        assert_eq!(
            s.text("#reset-pending [data-role=expected]").await,
            expected
        );
        assert_eq!(s.text("#reset-pending [data-role=latest]").await, latest);

        // Every step is read-only, with a banner saying why and when.
        s.open("#/portal").await;
        let banner = s.text("#reset-banner").await;
        assert!(
            banner.contains(&expected) && banner.contains(&latest) && banner.contains("read-only"),
            "{banner}"
        );
        let disabled = s
            .script("return document.getElementById('company-name').matches(':disabled')")
            .await;
        assert_eq!(disabled, serde_json::Value::Bool(true));
        s.reload().await;
        s.find("#reset-banner").await;
        assert_eq!(
            s.script("return document.getElementById('company-name').matches(':disabled')")
                .await,
            serde_json::Value::Bool(true),
            "still locked after a reload"
        );

        // Support confirms: the new authority, and everything editable again.
        s.click("#reset-banner a").await;
        s.click("#confirm-reset").await;
        s.click("#confirm-reset-dialog .dialog-actions .button.primary")
            .await;
        s.wait_text("[data-role=current-authority]", "hybrid", |t| {
            t == "Configuration Manager with Intune (hybrid)"
        })
        .await;
        s.absent("#reset-banner").await;
        s.open("#/portal").await;
        assert_eq!(
            s.script("return document.getElementById('company-name').matches(':disabled')")
                .await,
            serde_json::Value::Bool(false)
        );
        s.open("#/authority").await;
        assert_eq!(
            s.text("#authority-locked [data-role=authority]").await,
            "Configuration Manager with Intune (hybrid)"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recent_versions_change_the_authority_directly() {
    journey("recovery-direct", "/", |s: Session| async move {
        s.set_authority("intune", "Intune").await;
        check_versions(&s, "1610", "1705").await;
        s.click("#change-directly").await;
        s.click("#direct-dialog .dialog-actions .button.primary")
            .await;
        s.wait_text("#direct-dialog-error", "tick needed", |t| {
            t.contains("Tick the box")
        })
        .await;
        s.click("#direct-dialog-tick").await;
        s.click("#direct-dialog .dialog-actions .button.primary")
            .await;
        s.wait_text("[data-role=current-authority]", "hybrid", |t| {
            t == "Configuration Manager with Intune (hybrid)"
        })
        .await;
        let history = s.text("#authority-history").await;
        assert!(
            history
                .contains("Intune → Configuration Manager with Intune (hybrid) (changed directly)"),
            "{history}"
        );
        s.absent("#reset-banner").await;
    })
    .await;
}
