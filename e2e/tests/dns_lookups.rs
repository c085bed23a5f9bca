//! DNS lookups from the browser, for real: the app's resolver setting points
//! at a DNS-over-HTTPS endpoint on loopback that forwards every query to a
//! real DNS server (dnsmasq) serving a zone written here. Step 1's Verify
//! and step 6's Check records are driven through every outcome.

use domain::enrollment::cname_records;
use domain::{DomainName, TxtRecord};
use e2e::axe::Audit;
use e2e::dns::{Dnsmasq, Record};
use e2e::doh::{DohStandIn, Mode};
use e2e::{journey, Session};

fn txt_value(domain: &str) -> String {
    TxtRecord::for_domain(&DomainName::parse(domain).expect("a domain")).value
}

/// contoso.com: everything published correctly. fabrikam.com: a wrong TXT
/// value beside an SPF record; its enrollment alias points elsewhere and
/// its registration alias is missing. litware.com exists without TXT
/// records. nowhere.com does not exist.
fn zone() -> Dnsmasq {
    let contoso = DomainName::parse("contoso.com").expect("a domain");
    let [enroll, register] = cname_records(&contoso);
    let records = vec![
        Record::Txt {
            name: "contoso.com".into(),
            value: txt_value("contoso.com"),
        },
        Record::Cname {
            name: enroll.host,
            target: enroll.points_to.to_ascii_lowercase(),
        },
        Record::Cname {
            name: register.host,
            target: register.points_to.into(),
        },
        Record::Txt {
            name: "fabrikam.com".into(),
            value: "MS=ms00000000".into(),
        },
        Record::Txt {
            name: "fabrikam.com".into(),
            value: "v=spf1 -all".into(),
        },
        Record::Cname {
            name: "EnterpriseEnrollment.fabrikam.com".into(),
            target: "enroll.fabrikam-old.net".into(),
        },
        Record::Address {
            name: "litware.com".into(),
            address: std::net::Ipv4Addr::new(192, 0, 2, 80),
        },
    ];
    Dnsmasq::start(
        "contoso.com/fabrikam.com/litware.com/nowhere.com/example.com/fabrikam-old.net/manage.microsoft.com/windows.net",
        &records,
    )
}

fn row(domain: &str) -> String {
    format!("li[data-domain='{domain}']")
}

async fn add(s: &Session, domain: &str) {
    s.type_into("#domain-name", domain).await;
    s.click("#add-domain button[type=submit]").await;
    s.find(&row(domain)).await;
}

/// Clicks Verify (or Check again) and waits for the outcome named.
async fn verify(s: &Session, domain: &str, outcome: &str) -> String {
    let row = row(domain);
    s.click(&format!("{row} [data-role=verify]")).await;
    if outcome == "found" {
        // Verified: the button and its result give way to how it was.
        let how = format!("{row} [data-role=verified-how][data-method=dns_lookup]");
        s.find(&how).await;
        return s.text(&how).await;
    }
    s.find(&format!(
        "{row} [data-role=dns-result][data-outcome={outcome}]"
    ))
    .await;
    s.text(&format!("{row} [data-role=dns-result]")).await
}

async fn set_resolver(s: &Session, url: &str) {
    s.open("#/settings").await;
    s.click("#dns-lookups-resolver").await;
    s.type_into("#resolver-url", url).await;
    s.click("#save-dns").await;
    s.wait_text("#dns-status", "saved", |t| t.contains(url))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_looks_the_txt_record_up_with_every_outcome() {
    let dns = zone();
    let stand_in = std::sync::Arc::new(DohStandIn::start(dns.port).await);
    let (doh, resolver) = (stand_in.clone(), stand_in.url());
    journey("dns-verify", "/", move |s: Session| async move {
        s.open("#/settings").await;
        // The default resolver is named, since domain names are sent to it.
        let card = s.text("#dns-settings").await;
        assert!(
            card.contains("Cloudflare") && card.contains("https://cloudflare-dns.com/dns-query"),
            "{card}"
        );
        // An http:// resolver off this computer is refused, with the rule.
        s.type_into("#resolver-url", "http://dns.example/dns-query")
            .await;
        let error = s
            .wait_text("#resolver-url-error", "an error", |t| !t.is_empty())
            .await;
        assert!(error.contains("only allowed for this computer"), "{error}");
        // The loopback resolver: tested, then saved.
        s.type_into("#resolver-url", &resolver).await;
        s.click("#test-resolver").await;
        let test = s
            .wait_text("#resolver-test", "a result", |t| {
                t.contains("Lookups work") || t.contains("resolver")
            })
            .await;
        assert!(
            test.contains("Lookups work") && test.contains("example.com"),
            "{test}"
        );
        set_resolver(&s, &resolver).await;

        s.open("#/connections").await;
        // Found: verified by the lookup, with who answered and when.
        add(&s, "contoso.com").await;
        let found = verify(&s, "contoso.com", "found").await;
        assert!(found.starts_with("Found in DNS by"), "{found}");
        s.wait_text(
            &format!("{} [data-role=verification]", row("contoso.com")),
            "verified",
            |t| t == "Verified",
        )
        .await;
        let how = s
            .text(&format!("{} [data-role=verified-how]", row("contoso.com")))
            .await;
        assert!(
            how.starts_with(&format!("Found in DNS by {resolver} on ")),
            "{how}"
        );
        assert!(how.contains("UTC"), "the time: {how}");

        // A wrong value: what was found is listed; nothing changes.
        add(&s, "fabrikam.com").await;
        let wrong = verify(&s, "fabrikam.com", "value_missing").await;
        assert!(
            wrong.contains("“MS=ms00000000”") && wrong.contains("“v=spf1 -all”"),
            "{wrong}"
        );
        assert!(
            wrong.contains(&txt_value("fabrikam.com")),
            "names the value to publish: {wrong}"
        );
        assert!(wrong.contains("TTL"), "the caching note: {wrong}");
        assert_eq!(
            s.text(&format!("{} [data-role=verification]", row("fabrikam.com")))
                .await,
            "Not verified"
        );

        // The name exists without any TXT record.
        add(&s, "litware.com").await;
        let missing = verify(&s, "litware.com", "value_missing").await;
        assert!(missing.contains("no TXT record yet"), "{missing}");

        // NXDOMAIN.
        add(&s, "nowhere.com").await;
        let nx = verify(&s, "nowhere.com", "no_such_domain").await;
        assert!(nx.contains("does not exist"), "{nx}");

        // The resolver fails, three ways: each says it is the resolver.
        doh.set_mode(Mode::Unavailable);
        let status = verify(&s, "fabrikam.com", "resolver_failed").await;
        assert!(
            status.contains("HTTP status 503") && status.contains("not your domain"),
            "{status}"
        );
        doh.set_mode(Mode::NoCors);
        let cors = verify(&s, "fabrikam.com", "resolver_failed").await;
        assert!(
            cors.contains("could not be reached") && cors.contains("cross-origin"),
            "{cors}"
        );
        doh.set_mode(Mode::Down);
        verify(&s, "fabrikam.com", "resolver_failed").await;
        // Retry once it is back: the real answer again.
        doh.set_mode(Mode::Working);
        s.click(&format!("{} [data-role=retry]", row("fabrikam.com")))
            .await;
        s.find(&format!(
            "{} [data-role=dns-result][data-outcome=value_missing]",
            row("fabrikam.com")
        ))
        .await;

        // Down again: the admin marks it verified by hand, recorded as such.
        doh.set_mode(Mode::Down);
        verify(&s, "litware.com", "resolver_failed").await;
        // Every outcome on the page at once: no accessibility violation.
        let mut audit = Audit::new();
        audit.check(&s, "step 1, lookups with each outcome").await;
        s.click(&format!("{} [data-role=manual]", row("litware.com")))
            .await;
        s.find("#domain-litware-com-verify[open]").await;
        let dialog = s.text("#domain-litware-com-verify").await;
        assert!(dialog.contains("not checked in DNS"), "{dialog}");
        s.click("#domain-litware-com-verify .dialog-actions .button.primary")
            .await;
        let how = s
            .wait_text(
                &format!("{} [data-role=verified-how]", row("litware.com")),
                "by hand",
                |t| !t.is_empty(),
            )
            .await;
        assert!(
            how.starts_with("Confirmed by you on ") && how.ends_with("not checked in DNS."),
            "{how}"
        );
        doh.set_mode(Mode::Working);

        // Kept across a reload.
        s.reload().await;
        let how = s
            .text(&format!("{} [data-role=verified-how]", row("contoso.com")))
            .await;
        assert!(how.contains(&resolver), "{how}");

        // Step 7 says how each domain was verified.
        s.open("#/next-steps").await;
        let evidence = s
            .text("#step-summary [data-step=connections] [data-role=dns-evidence]")
            .await;
        assert!(
            evidence.contains(&format!(
                "contoso.com: verified, found in DNS by {resolver}"
            )),
            "{evidence}"
        );
        assert!(
            evidence.contains("litware.com: verified, confirmed by you, not checked in DNS"),
            "{evidence}"
        );

        audit
            .check(&s, "step 7, how each domain was verified")
            .await;
        s.open("#/settings").await;
        audit.check(&s, "settings, DNS lookups").await;
        audit.finish();

        // Lookups off: Verify asks for the confirmation by hand.
        s.open("#/settings").await;
        s.click("#dns-lookups-off").await;
        s.click("#save-dns").await;
        s.wait_text("#dns-status", "saved", |t| t.contains("lookups are off"))
            .await;
        s.open("#/connections").await;
        s.find(&format!("{} [data-role=lookups-off]", row("fabrikam.com")))
            .await;
        s.click(&format!("{} [data-role=verify]", row("fabrikam.com")))
            .await;
        s.find("#domain-fabrikam-com-verify[open]").await;
        s.click("#domain-fabrikam-com-verify .dialog-actions .button:not(.primary)")
            .await;
        assert_eq!(
            s.text(&format!("{} [data-role=verification]", row("fabrikam.com")))
                .await,
            "Not verified"
        );
    })
    .await;
    // Every request followed RFC 8484, and only the names checked were sent.
    assert_eq!(stand_in.refused(), Vec::<String>::new());
    let asked = stand_in.asked();
    assert!(
        asked.iter().all(|n| [
            "example.com",
            "contoso.com",
            "fabrikam.com",
            "litware.com",
            "nowhere.com"
        ]
        .contains(&n.as_str())),
        "{asked:?}"
    );
    drop(dns);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_records_looks_the_windows_cnames_up() {
    let dns = zone();
    let stand_in = std::sync::Arc::new(DohStandIn::start(dns.port).await);
    let (doh, resolver) = (stand_in.clone(), stand_in.url());
    journey("dns-cnames", "/", move |s: Session| async move {
        s.open("#/connections").await;
        set_resolver(&s, &resolver).await;
        s.open("#/connections").await;
        add(&s, "contoso.com").await;
        verify(&s, "contoso.com", "found").await;
        add(&s, "fabrikam.com").await;
        doh.set_mode(Mode::Down);
        verify(&s, "fabrikam.com", "resolver_failed").await;
        s.click(&format!("{} [data-role=manual]", row("fabrikam.com"))).await;
        s.click("#domain-fabrikam-com-verify .dialog-actions .button.primary").await;
        s.find(&format!("{} [data-role=verified-how][data-method=admin_confirmed]", row("fabrikam.com"))).await;
        doh.set_mode(Mode::Working);
        s.set_authority("intune", "Intune").await;

        s.open("#/enrollment").await;
        let contoso = ".cname-domain[data-domain='contoso.com']";
        let fabrikam = ".cname-domain[data-domain='fabrikam.com']";
        assert_eq!(s.text(&format!("{contoso} [data-role=cnames-state]")).await, "Not published yet.");

        // Both correct (one target written in lower case): published, found.
        s.click(&format!("{contoso} [data-role=check-records]")).await;
        s.find(&format!("{contoso} li[data-host='EnterpriseEnrollment.contoso.com'][data-outcome=correct]")).await;
        s.find(&format!("{contoso} li[data-host='EnterpriseRegistration.contoso.com'][data-outcome=correct]")).await;
        let state = s.wait_text(&format!("{contoso} [data-role=cnames-state]"), "found", |t| t.starts_with("Published")).await;
        assert!(state.contains(&format!("found in DNS by {resolver}")), "{state}");
        assert_eq!(
            s.script("return document.getElementById('cnames-contoso.com').checked").await,
            serde_json::Value::Bool(true),
            "the tick box shows it published"
        );

        // One points elsewhere (shown), one is missing: nothing recorded.
        s.click(&format!("{fabrikam} [data-role=check-records]")).await;
        s.find(&format!("{fabrikam} li[data-host='EnterpriseEnrollment.fabrikam.com'][data-outcome=elsewhere]")).await;
        let elsewhere = s.text(&format!("{fabrikam} li[data-host='EnterpriseEnrollment.fabrikam.com']")).await;
        assert!(elsewhere.contains("enroll.fabrikam-old.net") && elsewhere.contains("EnterpriseEnrollment-s.manage.microsoft.com"), "{elsewhere}");
        let missing = s.text(&format!("{fabrikam} li[data-host='EnterpriseRegistration.fabrikam.com'][data-outcome=missing]")).await;
        assert!(missing.contains("no CNAME record"), "{missing}");
        assert_eq!(s.text(&format!("{fabrikam} [data-role=cnames-state]")).await, "Not published yet.");

        let mut audit = Audit::new();
        audit.check(&s, "step 6, records checked").await;
        audit.finish();

        // The resolver down: each record says so; the tick box stays the
        // fallback, recorded as acknowledged by hand.
        doh.set_mode(Mode::Unavailable);
        s.click(&format!("{fabrikam} [data-role=check-records]")).await;
        s.find(&format!("{fabrikam} li[data-host='EnterpriseEnrollment.fabrikam.com'][data-outcome=resolver_failed]")).await;
        doh.set_mode(Mode::Working);
        s.click("#cnames-fabrikam\\.com").await;
        s.wait_text(&format!("{fabrikam} [data-role=cnames-state]"), "acknowledged", |t| t.contains("acknowledged by you, not checked in DNS")).await;

        // Step 7 and the Markdown summary say which is which.
        s.open("#/next-steps").await;
        let evidence = s.text("#step-summary [data-step=enrollment] [data-role=dns-evidence]").await;
        assert!(evidence.contains("Windows records of contoso.com: published (found in DNS by"), "{evidence}");
        assert!(evidence.contains("Windows records of fabrikam.com: published (acknowledged by you, not checked in DNS)"), "{evidence}");
    })
    .await;
    assert_eq!(stand_in.refused(), Vec::<String>::new());
    drop(dns);
}
