//! Issue 16, licences: with "Save my changes in this tenant too" on, step
//! 5's licence changes go to the tenant user by user — the usage location
//! first where Microsoft 365 lacks it, then a seat of a subscription that
//! carries Intune — against the Graph stand-in, which checks every request
//! against Microsoft's metadata and the permissions of the token. Covers:
//! both write permissions asked at once (the change kept across signing in
//! again), a bulk assignment the tenant takes for some users only (each
//! user's result listed, the workspace recording only those), removing,
//! and a tenant without an Intune subscription.

use e2e::graph::{
    save_in_tenant, sign_in, tenant_journey, wait_back_at, GraphStandIn, ALEX, E3_SKU, EMS_SKU,
    MEGAN,
};
use e2e::Session;
use serde_json::json;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn licences_are_assigned_in_the_tenant_user_by_user() {
    tenant_journey("graph-licences", |_| {}, move |s: Session, g: Arc<GraphStandIn>| async move {
        // The workspace: Contoso's users (one the tenant does not have),
        // enough seats, no licence yet.
        s.add_verified_domain("contoso.com").await;
        s.empty_directory_with_seats(10).await;
        s.add_user("Adele Vance", "AdeleV@contoso.com", Some("US")).await;
        s.add_user("Alex Wilber", "AlexW@contoso.com", Some("FR")).await;
        s.add_user("Megan Bowen", "MeganB@contoso.com", Some("GB")).await;
        s.add_user("Nora Quinn", "nora@contoso.com", Some("DE")).await;

        sign_in(&s, &g).await;
        save_in_tenant(&s).await;

        // Every user at once: the sign-in lacks both write permissions,
        // which are asked for together before anything is sent.
        s.open("#/licenses").await;
        s.click("#select-all-users").await;
        s.wait_text("#bulk-assign", "4 selected", |t| t.contains("(4)"))
            .await;
        let before = g.requests().len();
        s.click("#bulk-assign").await;
        let banner = s
            .wait_text("#unsent-banner", "kept", |t| t.contains("needs the delegated permission"))
            .await;
        assert!(
            banner.contains("User.ReadWrite.All and LicenseAssignment.ReadWrite.All"),
            "{banner}"
        );
        assert!(
            g.requests()[before..].iter().all(|r| !r.starts_with("POST ") && !r.starts_with("PATCH ")),
            "nothing was sent: {:?}",
            &g.requests()[before..]
        );
        assert!(!s.licensed("AlexW@contoso.com").await);

        // Signed in again with them, the kept change goes: Microsoft 365
        // takes it for three users and not for the one it does not have.
        s.click("#unsent-sign-in").await;
        s.wait_ready().await;
        wait_back_at(&s, "#/licenses").await;
        s.wait_text("#unsent-banner", "restored", |t| {
            t.contains("It was kept while you signed in again")
        })
        .await;
        s.click("#retry-unsent").await;
        let status = s
            .wait_text("#save-status", "the partial result", |t| t.contains("Microsoft 365 licensed"))
            .await;
        assert!(
            status.starts_with("⚠ Partly saved: Microsoft 365 licensed 3 of 4 users; the workspace records only those. Not done: nora@contoso.com (no user nora@contoso.com is in your tenant"),
            "{status}"
        );
        assert_eq!(
            s.script("return document.querySelector('#save-status span').className;").await,
            json!("partly")
        );
        s.absent("#unsent-banner").await;
        for upn in ["AdeleV@contoso.com", "AlexW@contoso.com", "MeganB@contoso.com"] {
            assert!(s.licensed(upn).await, "{upn} licensed in the workspace");
        }
        assert!(!s.licensed("nora@contoso.com").await);
        // Alex had no usage location in the tenant: it was set first.
        assert_eq!(g.tenant_user(ALEX), (json!("FR"), vec![EMS_SKU.to_string()]));
        // Megan held E3 (no Intune) and keeps it beside EMS.
        let (location, mut skus) = g.tenant_user(MEGAN);
        skus.sort();
        assert_eq!((location, skus), (json!("GB"), vec![E3_SKU.to_string(), EMS_SKU.to_string()]));

        // From the page, each user's result is listed.
        s.click("tr[data-upn='nora@contoso.com'] [data-role=license]").await;
        s.wait_text("#licence-results li[data-item='nora@contoso.com']", "nora's result", |t| {
            t.contains("not done: no user nora@contoso.com is in your tenant")
        })
        .await;
        assert_eq!(
            s.attr("#licence-results li[data-item='nora@contoso.com']", "data-ok").await.as_deref(),
            Some("false")
        );
        assert!(!s.licensed("nora@contoso.com").await);

        // Removing takes only the Intune licence away in the tenant.
        s.click("tr[data-upn='MeganB@contoso.com'] [data-role=license]").await;
        s.wait_text("tr[data-upn='MeganB@contoso.com'] [data-role=license]", "unlicensed", |t| {
            t == "No license"
        })
        .await;
        assert_eq!(g.tenant_user(MEGAN).1, vec![E3_SKU.to_string()]);
        s.absent("#licence-results").await;

        // A tenant without any subscription carrying Intune: said, and
        // nothing changes anywhere.
        g.with_tenant(|t| t.subscribed_skus.retain(|s| s["skuId"] == json!(E3_SKU)));
        s.click("tr[data-upn='MeganB@contoso.com'] [data-role=license]").await;
        let refusal = s
            .wait_text("#directory-error", "no Intune", |t| !t.is_empty())
            .await;
        assert!(
            refusal.starts_with("Microsoft 365 did not take the change, so nothing was saved: Microsoft 365 cannot license these users: your tenant has no subscription that includes Intune (service plan INTUNE_A)"),
            "{refusal}"
        );
        assert!(!s.licensed("MeganB@contoso.com").await);
        assert_eq!(g.tenant_user(MEGAN).1, vec![E3_SKU.to_string()]);
    })
    .await;
}
