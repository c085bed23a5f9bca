//! Issue 16, done: with the Graph stand-in, one journey from signing in to
//! step 7 on the tenant backend. "Save my changes in this tenant too" on,
//! each step's change goes through the tenant (each permission asked for
//! as the step needs it, the change kept across signing in again): step 1
//! a domain added and verified by Microsoft, step 2 the MDM authority,
//! step 3 a user group with its members, step 4 the Company Portal
//! branding, step 5 licences user by user, step 6 Microsoft's signing
//! request and the Apple push certificate. Step 7 then shows every step's
//! facts from the tenant beside the workspace's summary, each fact marked
//! with where it comes from.

use domain::testing::push_certificate;
use domain::Timestamp;
use e2e::graph::{
    facts, grant, has, save_in_tenant, sign_in, tenant_journey, wait_back_at, GraphStandIn, ADELE,
    ALEX, E3_SKU, EMS_SKU, MEGAN,
};
use e2e::images::temp_file;
use e2e::Session;
use serde_json::json;
use std::sync::Arc;

const FABRIKAM: &str = "li[data-domain='fabrikam.com']";
const VERIFY: &str = "#tenant-panel [data-role=tenant-verify][data-domain='fabrikam.com']";
const TOPIC: &str = "com.apple.mgmt.External.1c0ffee0-e2e0-4a11-9e2e-bbbbbbbbbbbb";

/// A change the sign-in lacks `permission` for is kept while signing in
/// again for it (back at `page`), then sent with Retry.
async fn sign_in_again_and_retry(s: &Session, page: &str, permission: &str) {
    s.wait_text("#unsent-banner", "kept", |t| {
        t.contains("needs the delegated permission") && t.contains(permission)
    })
    .await;
    s.click("#unsent-sign-in").await;
    s.wait_ready().await;
    wait_back_at(s, page).await;
    s.wait_text("#unsent-banner", "restored", |t| {
        t.contains("It was kept while you signed in again")
    })
    .await;
    s.click("#retry-unsent").await;
}

/// The status the workspace's summary on step 7 gives `step` (its slug).
async fn summary_status(s: &Session, step: &str) -> String {
    s.text(&format!(
        "#step-summary li[data-step='{step}'] .summary-head .badge"
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_setup_goes_through_the_tenant_to_step_7() {
    let standin = tenant_journey("graph-journey", |g| g.sample_user_names(), move |s: Session, g: Arc<GraphStandIn>| async move {
        // Records are confirmed by hand (no DNS lookups from the test).
        s.open("#/connections").await;
        s.dns_lookups_off().await;

        // Settings: signed in, changes saved in the tenant too.
        sign_in(&s, &g).await;
        save_in_tenant(&s).await;

        // Step 1: fabrikam.com added to the tenant (after signing in again
        // for Domain.ReadWrite.All), then verified by Microsoft once its
        // TXT record is published; the network requirements reviewed.
        s.open("#/connections").await;
        s.click("#network-review-reviewed").await;
        s.wait_text("#save-status", "saved", |t| t.contains("Saved")).await;
        s.type_into("#domain-name", "fabrikam.com").await;
        s.click("#add-domain button[type=submit]").await;
        sign_in_again_and_retry(&s, "#/connections", "Domain.ReadWrite.All").await;
        s.find(FABRIKAM).await;
        s.absent("#unsent-banner").await;
        assert_eq!(
            g.tenant_domain("fabrikam.com").map(|d| d["isVerified"].clone()),
            Some(json!(false))
        );
        s.click("#tenant-read").await;
        s.wait_text("#tenant-panel .tenant-facts", "fabrikam's TXT record", |t| {
            t.contains("fabrikam.com: not verified yet: publish a TXT record")
        })
        .await;
        g.publish_txt("fabrikam.com");
        s.click(VERIFY).await;
        s.wait_text("#tenant-action-result", "verified", |t| {
            t == "Microsoft verified fabrikam.com."
        })
        .await;
        s.wait_text(
            &format!("{FABRIKAM} [data-role=verification]"),
            "verified in the workspace",
            |t| t == "Verified",
        )
        .await;
        assert_eq!(
            g.tenant_domain("fabrikam.com").map(|d| d["isVerified"].clone()),
            Some(json!(true))
        );

        // Step 2: Intune, after signing in again for its permission.
        s.choose_authority("intune").await;
        s.wait_text("#unsent-banner", "kept", |t| {
            t.contains("DeviceManagementServiceConfig.ReadWrite.All")
        })
        .await;
        s.click("#authority-dialog [data-role=cancel]").await;
        sign_in_again_and_retry(
            &s,
            "#/authority",
            "DeviceManagementServiceConfig.ReadWrite.All",
        )
        .await;
        s.wait_text("#authority-locked [data-role=authority]", "Intune", |t| {
            t == "Intune"
        })
        .await;
        s.absent("#unsent-banner").await;
        assert_eq!(
            g.tenant().organization["mobileDeviceManagementAuthority"],
            json!("intune")
        );

        // Step 3: a user group with two of the tenant's users; every
        // permission it needs asked for at once.
        s.open("#/groups").await;
        s.create_user_group("Intune pilot", &[("adele", 1), ("alex", 2)])
            .await;
        s.wait_text("#unsent-banner", "kept", |t| {
            t.contains("Group.ReadWrite.All") && t.contains("GroupMember.ReadWrite.All")
        })
        .await;
        s.click("#group-editor [data-role=cancel]").await;
        sign_in_again_and_retry(&s, "#/groups", "GroupMember.Read.All").await;
        s.group_count("Intune pilot", "2").await;
        s.absent("#unsent-banner").await;
        let (pilot, members) = g.tenant_group("Intune pilot");
        assert_eq!(members, [ADELE, ALEX]);
        assert_eq!(pilot["securityEnabled"], json!(true));

        // Step 4: the Company Portal branding (its permission came with
        // step 2's sign-in).
        s.open("#/portal").await;
        s.type_into("#company-name", "Contoso Pharma").await;
        s.type_into("#it-email", "helpdesk@contoso.com").await;
        s.click("#save-portal").await;
        s.wait_text("#portal-save-note", "saved", |t| {
            t.contains("Company Portal settings saved.")
        })
        .await;
        s.absent("#unsent-banner").await;
        assert_eq!(g.brand("displayName"), json!("Contoso Pharma"));
        assert_eq!(g.brand("contactITEmailAddress"), json!("helpdesk@contoso.com"));

        // Step 5: licences, user by user, for the users the tenant has
        // too (Lee Gu and Nestor Wilke are in the workspace only). The
        // first asks for both write permissions.
        s.open("#/licenses").await;
        let row = |upn: &str| format!("tr[data-upn='{upn}'] [data-role=license]");
        s.click(&row("alexw@contoso.onmicrosoft.com")).await;
        s.wait_text("#unsent-banner", "kept", |t| {
            t.contains("User.ReadWrite.All and LicenseAssignment.ReadWrite.All")
        })
        .await;
        sign_in_again_and_retry(&s, "#/licenses", "User.ReadWrite.All").await;
        s.wait_text(&row("alexw@contoso.onmicrosoft.com"), "licensed", |t| {
            t == "Licensed"
        })
        .await;
        s.absent("#unsent-banner").await;
        for upn in [
            "adelev@contoso.onmicrosoft.com",
            "meganb@contoso.onmicrosoft.com",
        ] {
            s.click(&row(upn)).await;
            s.wait_text(&row(upn), "licensed", |t| t == "Licensed").await;
        }
        for upn in [
            "adelev@contoso.onmicrosoft.com",
            "alexw@contoso.onmicrosoft.com",
            "meganb@contoso.onmicrosoft.com",
        ] {
            assert!(s.licensed(upn).await, "{upn} licensed in the workspace");
        }
        // Alex had no usage location in the tenant: the workspace's was
        // set first. Megan keeps E3 beside EMS.
        assert_eq!(g.tenant_user(ALEX), (json!("US"), vec![EMS_SKU.to_string()]));
        assert_eq!(g.tenant_user(ADELE), (json!("US"), vec![EMS_SKU.to_string()]));
        let (location, mut skus) = g.tenant_user(MEGAN);
        skus.sort();
        assert_eq!(
            (location, skus),
            (json!("GB"), vec![E3_SKU.to_string(), EMS_SKU.to_string()])
        );
        // Megan is synchronized in the workspace: its checklist, ticked
        // here (the workspace's own record).
        for item in ["upn-suffix", "suffix-on-users", "sync-run"] {
            s.click(&format!("#sync-{item}")).await;
            s.find(&format!("#sync-{item}:checked")).await;
        }
        s.find("#sync-licenses:checked").await;

        // Step 6: reading the certificate needs its own permission; then
        // Microsoft's signing request, and the certificate from Apple goes
        // to the tenant.
        let rows = grant(&s, "#/enrollment", "DeviceManagementManagedDevices.Read.All").await;
        assert!(
            rows.iter().any(|(tone, l)| tone == "to-do"
                && l.starts_with("Apple MDM push certificate: none uploaded yet")),
            "{rows:?}"
        );
        s.capture_downloads().await;
        s.click("[data-role=tenant-csr]").await;
        s.wait_text("#tenant-action-result", "saved", |t| {
            t.starts_with("Saved IntuneCSR.csr")
        })
        .await;
        assert!(s
            .last_download()
            .await
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"));
        let cert = push_certificate(Some(TOPIC), &[0x0C, 0x2D], Timestamp(1_900_000_000_000));
        let file = temp_file("push-journey.pem", cert.pem.as_bytes());
        s.choose_certificate(&file).await;
        s.type_into("#apple-id", "mdm-admin@contoso.com").await;
        s.click("#apple-upload").await;
        s.wait_text("#apple-topic", "the topic", |t| t == TOPIC).await;
        let c = g.tenant().apple_push_certificate;
        assert_eq!(c["topicIdentifier"], json!(TOPIC));
        assert_eq!(c["appleIdentifier"], json!("mdm-admin@contoso.com"));
        assert_eq!(c["certificate"], json!(cert.pem));
        // Windows: fabrikam.com's CNAME records, confirmed by hand.
        s.click("#cnames input[type=checkbox]").await;
        s.wait_text("#status-windows-pc", "ready", |t| t == "Ready").await;

        // Step 7: every step's facts from the tenant, as the journey left
        // it, each named with its step...
        s.open("#/next-steps").await;
        let rows = facts(&s).await;
        for (tone, line) in [
            ("done", "Step 1 · fabrikam.com: verified by Microsoft"),
            ("done", "Step 2 · MDM authority: Microsoft Intune"),
            ("info", "Step 3 · Groups: 2 in the tenant"),
            ("info", "Step 3 · Intune pilot: security group"),
            ("done", "Step 4 · Company name: Contoso Pharma"),
            ("done", "Step 4 · IT email address: helpdesk@contoso.com"),
            ("done", "Step 5 · EMS: includes Intune: 22 of 25 seats free (3 assigned)"),
            ("done", "Step 5 · Users: 3 in the tenant, 3 with an Intune licence"),
            ("info", "Step 6 · Apple ID: mdm-admin@contoso.com"),
        ] {
            assert!(has(&rows, tone, line), "{line} in {rows:?}");
        }
        let topic = format!("Step 6 · Topic: {TOPIC}");
        assert!(has(&rows, "info", &topic), "{topic} in {rows:?}");
        assert!(
            rows.iter().any(|(tone, l)| tone == "done"
                && l.starts_with("Step 6 · Apple MDM push certificate: valid until 2030-03-17")),
            "{rows:?}"
        );
        // ...every step read (each permission was held), and no user left
        // without a licence.
        for n in 1..=6 {
            assert!(
                rows.iter().any(|(_, l)| l.starts_with(&format!("Step {n} · "))),
                "step {n} in {rows:?}"
            );
        }
        assert!(!rows.iter().any(|(_, l)| l.contains("not read")), "{rows:?}");
        assert!(
            !rows.iter().any(|(_, l)| l.contains("no Intune licence")),
            "{rows:?}"
        );

        // ...beside the workspace's summary: every step done there.
        for step in [
            "connections",
            "authority",
            "groups",
            "portal",
            "licenses",
            "enrollment",
        ] {
            assert_eq!(summary_status(&s, step).await, "Done", "{step}");
        }
        assert!(s
            .text("#summary-source")
            .await
            .starts_with("From your workspace, kept in This browser"));

        // Each fact is marked with its source: the tenant's under "From
        // your tenant", the workspace's under its summary.
        assert_eq!(s.text("#tenant-heading").await, "From your tenant");
        assert!(s
            .text("#tenant-source")
            .await
            .starts_with("Read through Microsoft Graph from contoso.onmicrosoft.com on "));
        let sources = s
            .script(
                "const of = (css) => [...document.querySelectorAll(css)].map(e => e.dataset.source); \
                 return { \
                   tenant: of('#tenant-panel .tenant-facts li'), \
                   tenantList: of('#tenant-panel .tenant-facts'), \
                   workspace: of('#step-summary li.summary-item'), \
                   workspaceCard: of('[aria-labelledby=summary-heading]'), \
                   summaryInTenant: document.querySelectorAll('#tenant-panel #step-summary').length, \
                   tenantInSummary: document.querySelectorAll('#step-summary .tenant-facts').length \
                 };",
            )
            .await;
        let list = |key: &str| -> Vec<String> {
            serde_json::from_value(sources[key].clone()).expect("sources")
        };
        assert_eq!(list("tenant").len(), rows.len(), "{sources}");
        assert!(list("tenant").iter().all(|x| x == "tenant"), "{sources}");
        assert_eq!(list("tenantList"), ["tenant"]);
        assert_eq!(list("workspace").len(), 6, "{sources}");
        assert!(list("workspace").iter().all(|x| x == "workspace"), "{sources}");
        assert_eq!(list("workspaceCard"), ["workspace"]);
        assert_eq!(sources["summaryInTenant"], json!(0));
        assert_eq!(sources["tenantInSummary"], json!(0));
    })
    .await;
    // tenant_journey checked every request followed Microsoft's contract,
    // each permission was asked for before Graph had to refuse, and every
    // call was served.
    // The tenant holds each step's change.
    let t = standin.tenant();
    assert!(t
        .domains
        .iter()
        .any(|d| d["id"] == json!("fabrikam.com") && d["isVerified"] == json!(true)));
    assert_eq!(
        t.organization["mobileDeviceManagementAuthority"],
        json!("intune")
    );
    assert_eq!(standin.tenant_group("Intune pilot").1, [ADELE, ALEX]);
    assert_eq!(standin.brand("displayName"), json!("Contoso Pharma"));
    let ems = t
        .subscribed_skus
        .iter()
        .find(|s| s["skuId"] == json!(EMS_SKU))
        .expect("EMS");
    assert_eq!(ems["consumedUnits"], json!(3));
    assert_eq!(t.apple_push_certificate["topicIdentifier"], json!(TOPIC));
    assert_eq!(
        t.apple_push_certificate["expirationDateTime"],
        json!("2030-03-17T00:00:00Z")
    );
}
