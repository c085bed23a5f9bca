//! Issue 16, domains: with "Save my changes in this tenant too" on, a
//! domain added on step 1 is added to the tenant too (unless it is there
//! already), and the "From your tenant" panel asks Microsoft to verify it —
//! Microsoft's own check of the TXT record it asked for. Against the Graph
//! stand-in, which checks every request against Microsoft's metadata and
//! the token's permissions, and verifies a domain only once its TXT record
//! is "published".

use e2e::graph::{save_in_tenant, sign_in, tenant_journey, wait_back_at, GraphStandIn};
use e2e::Session;
use serde_json::json;
use std::sync::Arc;

const ROW: &str = "li[data-domain='fabrikam.com']";
const VERIFY: &str = "#tenant-panel [data-role=tenant-verify][data-domain='fabrikam.com']";

async fn add_domain(s: &Session, name: &str) {
    s.type_into("#domain-name", name).await;
    s.click("#add-domain button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn domains_are_added_and_verified_in_the_tenant() {
    tenant_journey(
        "graph-domains",
        |_| {},
        move |s: Session, g: Arc<GraphStandIn>| async move {
            s.open("#/connections").await;
            s.dns_lookups_off().await;
            sign_in(&s, &g).await;
            save_in_tenant(&s).await;

            // Adding needs Domain.ReadWrite.All, which the sign-in lacks: the
            // change is kept while signing in again, then sent.
            s.open("#/connections").await;
            add_domain(&s, "fabrikam.com").await;
            s.wait_text("#unsent-banner", "kept", |t| {
                t.contains("needs the delegated permission Domain.ReadWrite.All")
            })
            .await;
            assert!(g.tenant_domain("fabrikam.com").is_none());
            s.click("#unsent-sign-in").await;
            s.wait_ready().await;
            wait_back_at(&s, "#/connections").await;
            s.click("#retry-unsent").await;
            s.find(ROW).await;
            s.absent("#unsent-banner").await;
            let added = g.tenant_domain("fabrikam.com").expect("in the tenant");
            assert_eq!(added["isVerified"], json!(false));

            // A domain the tenant has already is not added twice.
            let before = g.requests().len();
            add_domain(&s, "contoso.com").await;
            s.find("li[data-domain='contoso.com']").await;
            assert!(
                g.requests()[before..]
                    .iter()
                    .all(|r| !r.starts_with("POST ")),
                "{:?}",
                &g.requests()[before..]
            );
            assert_eq!(g.tenant().domains.len(), 3);

            // The panel shows Microsoft's TXT value and offers its check; the
            // record is not published yet, so Microsoft says so.
            s.click("#tenant-read").await;
            let fact = "#tenant-panel li:has([data-domain='fabrikam.com'])";
            let shown = s
                .wait_text(fact, "fabrikam's fact", |t| {
                    t.contains("fabrikam.com") && t.contains("MS=ms")
                })
                .await;
            assert!(
                shown.contains("not verified yet: publish a TXT record"),
                "{shown}"
            );
            s.click(VERIFY).await;
            let said = s
                .wait_text("#tenant-action-result", "not yet", |t| !t.is_empty())
                .await;
            assert!(
                said.starts_with("Microsoft did not verify fabrikam.com yet:")
                    && said.contains("could not find the TXT record"),
                "{said}"
            );
            assert_eq!(
                s.attr("#tenant-action-result", "data-ok").await.as_deref(),
                Some("false")
            );
            assert_eq!(
                s.text(&format!("{ROW} [data-role=verification]")).await,
                "Not verified"
            );

            // Published: Microsoft verifies it, and the workspace records it.
            g.publish_txt("fabrikam.com");
            s.click(VERIFY).await;
            s.wait_text("#tenant-action-result", "verified", |t| {
                t == "Microsoft verified fabrikam.com."
            })
            .await;
            s.wait_text(
                &format!("{ROW} [data-role=verification]"),
                "verified",
                |t| t == "Verified",
            )
            .await;
            assert_eq!(
                g.tenant_domain("fabrikam.com")
                    .map(|d| d["isVerified"].clone()),
                Some(json!(true))
            );
            // Read again: nothing left to verify but contoso.com.
            s.wait_text("#tenant-panel .tenant-facts", "fabrikam verified", |t| {
                t.contains("fabrikam.com: verified by Microsoft")
            })
            .await;
        },
    )
    .await;
}
