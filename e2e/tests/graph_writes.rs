//! Issue 16, step 5: with "Save my changes in this tenant too" on, the MDM
//! authority (step 2) and the Company Portal branding (step 4) go to the
//! tenant first, then to the workspace — against the Graph stand-in, which
//! checks every request against Microsoft's metadata and the permissions
//! of the token. Faults: a permission the sign-in lacks (the change kept
//! across signing in again), 429 with the wait shown, 403, an expired
//! sign-in (the change kept), and an authority Graph cannot set.

use e2e::graph::{save_in_tenant, sign_in, tenant_journey, wait_back_at, Fault, GraphStandIn};
use e2e::Session;
use serde_json::json;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authority_and_branding_are_saved_in_the_tenant() {
    tenant_journey("graph-writes", |_| {}, move |s: Session, g: Arc<GraphStandIn>| async move {
        sign_in(&s, &g).await;
        save_in_tenant(&s).await;

        // What the workspace alone holds still saves without Graph.
        let before = g.requests().len();
        s.open("#/connections").await;
        s.click("#network-review-reviewed").await;
        s.wait_text("#save-status", "saved", |t| t.contains("Saved")).await;
        assert!(
            g.requests()[before..].iter().all(|r| r.starts_with("GET ") || r.starts_with("OPTIONS ")),
            "only the page's reads went to Graph: {:?}",
            &g.requests()[before..]
        );

        // An authority Graph cannot set: refused, nothing saved anywhere.
        s.choose_authority("office365").await;
        let refused = s
            .wait_text("#authority-dialog-error", "the refusal", |t| !t.is_empty())
            .await;
        assert!(
            refused.starts_with("Microsoft 365 did not take the change, so nothing was saved: Microsoft Graph can set the MDM authority to Microsoft Intune only"),
            "{refused}"
        );
        s.click("#authority-dialog [data-role=cancel]").await;
        s.absent("#unsent-banner").await;
        s.absent("#authority-locked").await;

        // Intune: the sign-in lacks the write permission, known before
        // Graph is asked. The change is kept while signing in again.
        s.choose_authority("intune").await;
        s.wait_text("#unsent-banner", "kept", |t| {
            t.contains("needs the delegated permission DeviceManagementServiceConfig.ReadWrite.All")
        })
        .await;
        s.click("#authority-dialog [data-role=cancel]").await;
        assert_eq!(
            g.tenant().organization["mobileDeviceManagementAuthority"],
            json!("unknown")
        );
        s.click("#unsent-sign-in").await;
        s.wait_ready().await;
        wait_back_at(&s, "#/authority").await;
        s.wait_text("#unsent-banner", "restored", |t| {
            t.contains("It was kept while you signed in again")
        })
        .await;
        // Signed in again: only Retry is offered.
        assert!(s.attr("#unsent-sign-in", "hidden").await.is_some());
        s.click("#retry-unsent").await;
        s.wait_text("#authority-locked [data-role=authority]", "Intune", |t| {
            t == "Intune"
        })
        .await;
        s.absent("#unsent-banner").await;
        assert_eq!(
            g.tenant().organization["mobileDeviceManagementAuthority"],
            json!("intune")
        );
        // The tenant says so too.
        s.click("#tenant-read").await;
        s.wait_text("#tenant-panel .tenant-facts", "the tenant's authority", |t| {
            t.contains("MDM authority: Microsoft Intune")
        })
        .await;

        // Step 4: Graph busy once, the wait shown beside the save status,
        // then the branding is in the tenant and the workspace.
        s.open("#/portal").await;
        s.type_into("#company-name", "Contoso Pharma").await;
        s.type_into("#it-email", "helpdesk@contoso.com").await;
        g.inject(Fault::Throttled, 1);
        s.click("#save-portal").await;
        s.wait_text("#save-status", "the back-off", |t| {
            t.contains("Microsoft Graph is busy (HTTP 429): changing the Company Portal branding again in 1 s (attempt 2 of 4)")
        })
        .await;
        s.wait_text("#portal-save-note", "saved", |t| t.contains("Company Portal settings saved."))
            .await;
        assert_eq!(g.brand("displayName"), json!("Contoso Pharma"));
        assert_eq!(g.brand("contactITEmailAddress"), json!("helpdesk@contoso.com"));
        assert_eq!(g.brand("themeColor"), json!({"r": 11, "g": 92, "b": 173}));

        // 403 from Graph: said, with the permission named; the change is
        // kept, and Retry sends it once Graph takes it.
        s.type_into("#company-name", "Contoso Labs").await;
        g.inject(
            Fault::Forbidden("DeviceManagementServiceConfig.ReadWrite.All".into()),
            1,
        );
        s.click("#save-portal").await;
        let banner = s
            .wait_text("#unsent-banner", "the 403", |t| t.contains("(403)"))
            .await;
        assert!(
            banner.contains("Microsoft Graph refused to change the Company Portal branding (403): the app registration needs the delegated permission DeviceManagementServiceConfig.ReadWrite.All"),
            "{banner}"
        );
        assert_eq!(g.brand("displayName"), json!("Contoso Pharma"));
        s.click("#retry-unsent").await;
        s.absent("#unsent-banner").await;
        assert_eq!(g.brand("displayName"), json!("Contoso Labs"));

        // An expired sign-in: the change is kept across signing in again,
        // then sent.
        g.expire_tokens();
        s.type_into("#company-name", "Contoso Health").await;
        s.click("#save-portal").await;
        s.wait_text("#unsent-banner", "expired", |t| {
            t.contains("The sign-in has expired")
        })
        .await;
        s.click("#unsent-sign-in").await;
        s.wait_ready().await;
        wait_back_at(&s, "#/portal").await;
        s.wait_text("#unsent-banner", "restored", |t| {
            t.contains("It was kept while you signed in again")
        })
        .await;
        assert_eq!(g.brand("displayName"), json!("Contoso Labs"));
        s.click("#retry-unsent").await;
        s.absent("#unsent-banner").await;
        assert_eq!(g.brand("displayName"), json!("Contoso Health"));
        assert_eq!(s.find("#company-name").await.prop("value").await.unwrap(), Some("Contoso Health".into()));
        // Nothing is left in the tab's storage.
        assert_eq!(
            s.script("return sessionStorage.getItem('mdm-prereqs.graph.kept');").await,
            serde_json::Value::Null
        );

        // A kept change this version cannot read is reported and left in
        // place, never dropped.
        s.script("sessionStorage.setItem('mdm-prereqs.graph.kept', '{\"Unknown\": 1}');")
            .await;
        s.reload().await;
        s.wait_text("#save-status", "the unreadable change", |t| {
            t.contains("A change kept across the sign-in cannot be read")
        })
        .await;
        assert_eq!(
            s.script("return sessionStorage.getItem('mdm-prereqs.graph.kept');").await,
            json!("{\"Unknown\": 1}")
        );
        s.script("sessionStorage.removeItem('mdm-prereqs.graph.kept');").await;

        // Turning it off: the workspace alone again.
        s.open("#/settings").await;
        s.click("#graph-writes").await;
        s.wait_ready().await;
        s.wait_text("#backend-label", "the browser backend", |t| {
            !t.contains("tenant")
        })
        .await;
    })
    .await;
}
