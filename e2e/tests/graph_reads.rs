//! Issue 16, step 4: every step page shows what the tenant holds "from your
//! tenant", read through Graph from the stand-in (collections a page at a
//! time), with each permission asked for when a step needs it, and each
//! fault on its own: 429 then success with the wait shown, 429 until the
//! attempts are used up, 503, 403 naming the permission, an expired
//! sign-in, and Graph down.

use e2e::axe::Audit;
use e2e::graph::{
    facts, failure, grant, has, sign_in, wait_back_at, Fault, GraphStandIn, CLIENT_ID,
};
use e2e::{dist_dir, journey_at, Session, StaticServer};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_step_reads_the_tenant() {
    let standin = Arc::new(GraphStandIn::start().await);
    standin.set_page_size(1);
    let server = StaticServer::start(dist_dir(), "/").await;
    let app = server.url();
    standin.set_client(CLIENT_ID, &app);
    let g = standin.clone();
    journey_at("graph-reads", &app, move |s: Session| async move {
        // Not signed in: no panel.
        s.open("#/connections").await;
        s.find("#page-title").await;
        s.absent("#tenant-panel").await;

        sign_in(&s, &g).await;

        // Step 1: the domains, a page at a time; the one to verify with
        // the TXT record Microsoft asks for.
        s.open("#/connections").await;
        let rows = facts(&s).await;
        assert!(
            has(&rows, "info", "contoso.onmicrosoft.com: Microsoft's initial domain (always verified)"),
            "{rows:?}"
        );
        assert!(
            has(&rows, "to-do", "contoso.com: not verified yet: publish a TXT record at contoso.com with the value MS=ms12345678 (TTL 3600 s), then verify it"),
            "{rows:?}"
        );
        assert!(s.text("#tenant-source").await.contains("from contoso.onmicrosoft.com on "));
        assert!(
            g.requests().iter().any(|r| r.contains("/domains?") && r.contains("skiptoken")),
            "the second page was read: {:?}",
            g.requests()
        );
        let mut audit = Audit::new();
        audit.check(&s, "step 1, read from the tenant").await;

        // Step 2: the MDM authority.
        s.open("#/authority").await;
        let rows = facts(&s).await;
        assert!(has(&rows, "info", "Organization: Contoso"), "{rows:?}");
        assert!(
            has(&rows, "to-do", "MDM authority: not set yet: set it to Microsoft Intune"),
            "{rows:?}"
        );

        // 429 once: the wait is shown, then the read succeeds.
        g.inject(Fault::Throttled, 1);
        s.click("#tenant-read").await;
        s.wait_text("#tenant-progress", "the back-off", |t| {
            t == "Microsoft Graph is busy (HTTP 429): reading the organization again in 1 s (attempt 2 of 4)…"
        })
        .await;
        assert!(has(&facts(&s).await, "info", "Organization: Contoso"));
        assert_eq!(s.text("#tenant-progress").await, "");

        // 503 twice, then success.
        g.inject(Fault::Unavailable, 2);
        s.click("#tenant-read").await;
        s.wait_text("#tenant-progress", "the second wait", |t| {
            t.contains("(HTTP 503)") && t.contains("attempt 3 of 4")
        })
        .await;
        assert!(has(&facts(&s).await, "info", "Organization: Contoso"));

        // Throttled on every attempt: given up, said so, Read again works.
        g.inject(Fault::Throttled, 4);
        s.click("#tenant-read").await;
        let busy = failure(&s).await;
        assert_eq!(
            busy,
            "Microsoft Graph is busy (HTTP 429) and asked to wait 1 second. It was asked 4 times; try again in a few minutes."
        );
        audit.check(&s, "step 2, Graph busy").await;
        s.click("#tenant-read").await;
        assert!(has(&facts(&s).await, "info", "Organization: Contoso"));

        // 403: the permission is named, with the way out.
        g.inject(Fault::Forbidden("Organization.Read.All".into()), 1);
        s.click("#tenant-read").await;
        let refused = failure(&s).await;
        assert!(
            refused.starts_with("Microsoft Graph refused to read the organization (403): the app registration needs the delegated permission Organization.Read.All"),
            "{refused}"
        );
        assert_eq!(s.text("#tenant-sign-in").await, "Sign in again, asking for it");

        // Step 3: the groups need GroupMember.Read.All, asked for from the page.
        let rows = grant(&s, "#/groups", "GroupMember.Read.All").await;
        assert!(has(&rows, "info", "Groups: 1 in the tenant"), "{rows:?}");
        assert!(has(&rows, "info", "All staff: security group"), "{rows:?}");

        // Step 4: the Company Portal branding.
        let rows = grant(&s, "#/portal", "DeviceManagementServiceConfig.Read.All").await;
        assert!(has(&rows, "to-do", "Company name: not set"), "{rows:?}");
        assert!(has(&rows, "info", "Theme colour: #0072C6"), "{rows:?}");
        assert!(has(&rows, "info", "Logo: none uploaded"), "{rows:?}");

        // Step 5: licences (INTUNE_A), users a page at a time, sync. One
        // sign-in asks for both permissions the page needs.
        let rows = grant(&s, "#/licenses", "LicenseAssignment.Read.All").await;
        assert!(has(&rows, "done", "EMS: includes Intune: 24 of 25 seats free (1 assigned)"), "{rows:?}");
        assert!(!rows.iter().any(|(_, l)| l.starts_with("ENTERPRISEPACK")), "{rows:?}");
        assert!(has(&rows, "done", "Users: 3 in the tenant, 1 with an Intune licence"), "{rows:?}");
        assert!(
            has(&rows, "to-do", "AlexW@contoso.com: no Intune licence, and no usage location (set one before assigning a licence)"),
            "{rows:?}"
        );
        assert!(has(&rows, "to-do", "MeganB@contoso.com: no Intune licence (usage location GB)"), "{rows:?}");
        assert!(has(&rows, "info", "Directory sync: off: users are created in the cloud"), "{rows:?}");
        audit.check(&s, "step 5, read from the tenant").await;

        // Step 6: no Apple push certificate uploaded yet.
        let rows = grant(&s, "#/enrollment", "DeviceManagementManagedDevices.Read.All").await;
        assert!(
            has(&rows, "to-do", "Apple MDM push certificate: none uploaded yet: needed before iPhones, iPads and Macs can enroll"),
            "{rows:?}"
        );
        // Once one is uploaded, its expiry and Apple ID.
        g.with_tenant(|t| {
            t.apple_push_certificate["appleIdentifier"] = "mdm@contoso.com".into();
            t.apple_push_certificate["topicIdentifier"] = "com.apple.mgmt.External.1b2c".into();
            t.apple_push_certificate["expirationDateTime"] = "2099-01-01T00:00:00Z".into();
        });
        s.click("#tenant-read").await;
        let rows = facts(&s).await;
        assert!(
            rows.iter().any(|(t, l)| t == "done" && l.starts_with("Apple MDM push certificate: valid until 2099-01-01")),
            "{rows:?}"
        );
        assert!(has(&rows, "info", "Apple ID: mdm@contoso.com"), "{rows:?}");

        // The earlier permissions were kept by each new sign-in: step 3
        // reads without asking again.
        s.open("#/groups").await;
        assert!(has(&facts(&s).await, "info", "All staff: security group"));

        // An access token that expired is renewed with the refresh token,
        // without leaving the page; the read just goes on.
        let renewals = g.renewals();
        g.expire_access_tokens();
        s.click("#tenant-read").await;
        assert!(has(&facts(&s).await, "info", "All staff: security group"));
        assert_eq!(g.renewals(), renewals + 1);
        s.absent("#tenant-error").await;

        // A sign-in that cannot be renewed (revoked, or past the refresh
        // token's life): said so, and signing in again comes back here.
        g.expire_tokens();
        s.click("#tenant-read").await;
        let expired = failure(&s).await;
        assert!(expired.starts_with("The sign-in has expired"), "{expired}");
        assert_eq!(g.renewals_refused(), 1, "renewing was tried first");
        assert_eq!(s.text("#tenant-sign-in").await, "Sign in again");
        audit.check(&s, "step 3, sign-in expired").await;
        s.click("#tenant-sign-in").await;
        s.wait_ready().await;
        wait_back_at(&s, "#/groups").await;
        assert!(has(&facts(&s).await, "info", "All staff: security group"));

        // Step 7: every step's facts from the tenant, each named with its
        // step, beside the summary from the workspace.
        s.open("#/next-steps").await;
        let rows = facts(&s).await;
        for (tone, line) in [
            ("to-do", "Step 1 · contoso.com: not verified yet: publish a TXT record at contoso.com with the value MS=ms12345678 (TTL 3600 s), then verify it"),
            ("to-do", "Step 2 · MDM authority: not set yet: set it to Microsoft Intune"),
            ("info", "Step 3 · All staff: security group"),
            ("info", "Step 4 · Theme colour: #0072C6"),
            ("done", "Step 5 · EMS: includes Intune: 24 of 25 seats free (1 assigned)"),
            ("info", "Step 6 · Apple ID: mdm@contoso.com"),
        ] {
            assert!(has(&rows, tone, line), "{line} in {rows:?}");
        }
        assert_eq!(s.attr("#tenant-panel .tenant-facts", "data-source").await.as_deref(), Some("tenant"));
        assert_eq!(s.attr("[aria-labelledby=summary-heading]", "data-source").await.as_deref(), Some("workspace"));
        assert!(s.text("#summary-source").await.starts_with("From your workspace, kept in This browser"));
        audit.check(&s, "step 7, the tenant beside the workspace").await;
        audit.finish();
    })
    .await;
    assert_eq!(standin.refused(), Vec::<String>::new());
    assert_eq!(standin.unserved(), Vec::<String>::new());
    // The app asked for each permission before Graph had to refuse.
    assert_eq!(standin.denied(), Vec::<String>::new());
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_down_is_said_and_read_again_works() {
    let standin = Arc::new(GraphStandIn::start().await);
    let server = StaticServer::start(dist_dir(), "/").await;
    let app = server.url();
    standin.set_client(CLIENT_ID, &app);
    let g = standin.clone();
    journey_at("graph-reads-down", &app, move |s: Session| async move {
        sign_in(&s, &g).await;
        // The Graph address now points at a port nobody listens on.
        let dead = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
            l.local_addr().expect("addr").port()
        };
        let moved = s
            .script(&format!(
                "const k = 'mdm-prereqs.graph.token'; const t = JSON.parse(sessionStorage.getItem(k)); \
                 const real = t.settings.graph_base; t.settings.graph_base = 'http://127.0.0.1:{dead}/v1.0'; \
                 sessionStorage.setItem(k, JSON.stringify(t)); return real;"
            ))
            .await;
        s.open("#/authority").await;
        let down = failure(&s).await;
        assert!(
            down.starts_with(&format!("Microsoft Graph at http://127.0.0.1:{dead}/v1.0 could not be reached")),
            "{down}"
        );
        s.absent("#tenant-sign-in").await;
        // Graph is back (the address is right again): Read again reads.
        s.script(&format!(
            "const k = 'mdm-prereqs.graph.token'; const t = JSON.parse(sessionStorage.getItem(k)); \
             t.settings.graph_base = {moved}; sessionStorage.setItem(k, JSON.stringify(t));"
        ))
        .await;
        s.click("#tenant-read").await;
        assert!(has(&facts(&s).await, "info", "Organization: Contoso"));
    })
    .await;
    assert_eq!(standin.refused(), Vec::<String>::new());
    drop(server);
}
