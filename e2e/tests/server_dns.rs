//! The reference server's own DNS lookups, end to end: the real
//! `mdm-prereqs-server` binary started with `--dns-server` pointing at
//! dnsmasq on loopback, serving a zone each test writes. The server asks
//! it with its resolver library; nothing in its code path knows the
//! answers. No browser is needed.

use domain::dns_check::{CnameFound, TxtCheck};
use domain::enrollment::cname_records;
use domain::{Command, DomainName, MdmAuthority, Setup, TxtRecord, VerificationMethod};
use e2e::dns::{Dnsmasq, Record};
use e2e::reference_server::ReferenceServer;
use serde_json::Value;
use server::client::{Client, Reply};
use std::time::{Duration, Instant};

const TENANT: &str = "contoso";
const ZONE: &str = "contoso.test";

fn name(text: &str) -> DomainName {
    DomainName::parse(text).expect("a valid name")
}

/// The value the domain must publish, by the domain's rule.
fn expected_txt(domain: &str) -> String {
    TxtRecord::for_domain(&name(domain)).value
}

fn txt(name: &str, value: &str) -> Record {
    Record::Txt {
        name: name.into(),
        value: value.into(),
    }
}

fn cname(name: &str, target: &str) -> Record {
    Record::Cname {
        name: name.into(),
        target: target.into(),
    }
}

/// The server binary asking `dns_port` on 127.0.0.1, and a client for it.
fn server_asking(test: &str, dns_port: u16) -> (ReferenceServer, Client) {
    let dns = format!("127.0.0.1:{dns_port}");
    let server = ReferenceServer::start(test, &["--dns-server", &dns]);
    let client = Client::new(server.addr);
    (server, client)
}

fn label(dns_port: u16) -> String {
    format!("server lookup via 127.0.0.1:{dns_port}")
}

fn setup_of(body: &Value) -> Setup {
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("not a setup ({e}): {body}"))
}

async fn setup(client: &Client) -> Setup {
    let reply = client
        .get(&format!("/api/v1/tenants/{TENANT}/setup"))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    setup_of(&reply.json())
}

async fn history(client: &Client) -> Vec<Value> {
    let reply = client
        .get(&format!("/api/v1/tenants/{TENANT}/history"))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    reply.json()["entries"].as_array().unwrap().clone()
}

/// Applies `command` at `revision`; it must be accepted.
async fn command(client: &Client, revision: u64, command: Command) -> Setup {
    let reply = client
        .post_json(
            &format!("/api/v1/tenants/{TENANT}/commands"),
            Some(revision),
            serde_json::to_vec(&command).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(reply.status, 200, "{command:?}: {}", reply.json());
    setup_of(&reply.json())
}

/// `POST …/domains/{domain}/verify` or `…/cnames/check` with no body.
async fn lookup(client: &Client, revision: Option<u64>, domain: &str, what: &str) -> Reply {
    client
        .post_json(
            &format!("/api/v1/tenants/{TENANT}/domains/{domain}/{what}"),
            revision,
            Vec::new(),
        )
        .await
        .unwrap()
}

/// A 200 lookup reply: the check, who answered, and the setup after, whose
/// revision is the ETag.
fn lookup_reply(reply: &Reply) -> (Value, String, Setup) {
    let body = reply.json();
    assert_eq!(reply.status, 200, "{body}");
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let setup = setup_of(&body["setup"]);
    assert_eq!(
        reply.etag(),
        Some(format!("\"{}\"", setup.revision).as_str()),
        "the ETag is the revision of the setup sent"
    );
    let resolver = body["resolver"].as_str().expect("a resolver").to_owned();
    (body["check"].clone(), resolver, setup)
}

fn txt_check(check: &Value) -> TxtCheck {
    serde_json::from_value(check.clone())
        .unwrap_or_else(|e| panic!("not a TxtCheck ({e}): {check}"))
}

/// The CNAME check's records: host, expected target and what was found.
fn cname_rows(check: &Value) -> Vec<(String, String, CnameFound)> {
    let check: domain::dns_check::CnameCheck = serde_json::from_value(check.clone())
        .unwrap_or_else(|e| panic!("not a CnameCheck ({e}): {check}"));
    check
        .records
        .into_iter()
        .map(|r| (r.host, r.expected, r.found))
        .collect()
}

/// The two rows expected for `domain`, in `cname_records` order.
fn expected_rows(domain: &str, found: [CnameFound; 2]) -> Vec<(String, String, CnameFound)> {
    cname_records(&name(domain))
        .into_iter()
        .zip(found)
        .map(|(record, found)| (record.host, record.points_to.to_owned(), found))
        .collect()
}

fn is_verified(setup: &Setup, domain: &str) -> bool {
    setup
        .connections
        .domains
        .iter()
        .find(|d| d.name == name(domain))
        .unwrap_or_else(|| panic!("{domain} is in the list"))
        .is_verified()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_txt_record_verifies_the_domain_and_names_the_resolver() {
    let domain = "verified.contoso.test";
    let dns = Dnsmasq::start(
        ZONE,
        &[
            txt(domain, "v=spf1 include:spf.protection.outlook.com -all"),
            txt(domain, &expected_txt(domain)),
        ],
    );
    let (_server, client) = server_asking("txt-found", dns.port);
    command(
        &client,
        0,
        Command::AddDomain {
            name: domain.into(),
        },
    )
    .await;

    // Any case and the trailing dot: the domain's rules normalise the name.
    let reply = lookup(&client, Some(1), "Verified.Contoso.TEST.", "verify").await;
    let (check, resolver, after) = lookup_reply(&reply);
    assert_eq!(txt_check(&check), TxtCheck::Found, "{check}");
    assert_eq!(resolver, label(dns.port));
    assert_eq!(after.revision, 2, "one command applied");
    let verification = after.connections.domains[0]
        .verification
        .clone()
        .expect("verified");
    assert_eq!(verification.method, VerificationMethod::DnsLookup);
    assert_eq!(verification.resolver.as_deref(), Some(resolver.as_str()));
    assert_eq!(setup(&client).await, after, "stored as sent");

    let entries = history(&client).await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["revision"], 2);
    assert_eq!(entries[1]["command"]["type"], "record_txt_found");
    assert_eq!(entries[1]["command"]["name"], domain);
    assert_eq!(entries[1]["command"]["resolver"], label(dns.port).as_str());

    // Verified already: the domain refuses before any lookup.
    let again = lookup(&client, Some(2), domain, "verify").await;
    let body = again.json();
    assert_eq!(again.status, 400, "{body}");
    assert_eq!(body["error"], "rejected");
    assert_eq!(body["detail"]["error"], "already_verified");
    assert_eq!(history(&client).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_txt_value_is_shown_and_nothing_changes() {
    let domain = "typo.contoso.test";
    let expected = expected_txt(domain);
    let typo = &expected[..expected.len() - 1];
    let dns = Dnsmasq::start(ZONE, &[txt(domain, typo)]);
    let (_server, client) = server_asking("txt-typo", dns.port);
    let before = command(
        &client,
        0,
        Command::AddDomain {
            name: domain.into(),
        },
    )
    .await;

    let reply = lookup(&client, Some(1), domain, "verify").await;
    let (check, resolver, after) = lookup_reply(&reply);
    assert_eq!(
        txt_check(&check),
        TxtCheck::ValueMissing {
            expected: expected.clone(),
            found: vec![typo.to_owned()],
            more: 0,
        }
    );
    assert_eq!(check["outcome"], "value_missing");
    assert_eq!(resolver, label(dns.port));
    assert_eq!(after, before, "nothing changed");
    assert!(!is_verified(&setup(&client).await, domain));
    assert_eq!(history(&client).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_domain_without_txt_records_and_one_that_does_not_exist() {
    let empty = "empty.contoso.test";
    let dns = Dnsmasq::start(
        ZONE,
        &[Record::Address {
            name: empty.into(),
            address: "192.0.2.10".parse().unwrap(),
        }],
    );
    let (_server, client) = server_asking("txt-none", dns.port);
    command(&client, 0, Command::AddDomain { name: empty.into() }).await;
    let missing = "nothere.contoso.test";
    command(
        &client,
        1,
        Command::AddDomain {
            name: missing.into(),
        },
    )
    .await;

    // The name exists (it has an address) but no TXT record.
    let (check, _, after) = lookup_reply(&lookup(&client, Some(2), empty, "verify").await);
    assert_eq!(
        txt_check(&check),
        TxtCheck::ValueMissing {
            expected: expected_txt(empty),
            found: vec![],
            more: 0,
        }
    );
    assert_eq!(after.revision, 2);

    // NXDOMAIN: dnsmasq has authority over the zone and knows no such name.
    let (check, _, after) = lookup_reply(&lookup(&client, Some(2), missing, "verify").await);
    assert_eq!(txt_check(&check), TxtCheck::NoSuchDomain, "{check}");
    assert_eq!(after.revision, 2);
    assert!(!is_verified(&after, empty) && !is_verified(&after, missing));
    assert_eq!(history(&client).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dns_server_that_does_not_answer_is_a_resolver_failure_and_changes_nothing() {
    // A UDP and TCP port where nothing listens.
    let dead = std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .unwrap()
        .port();
    let domain = "contoso.test";
    let (_server, client) = server_asking("dns-down", dead);
    command(
        &client,
        0,
        Command::AddDomain {
            name: domain.into(),
        },
    )
    .await;

    let started = Instant::now();
    let (check, resolver, after) = lookup_reply(&lookup(&client, Some(1), domain, "verify").await);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "answered after {took:?}");
    assert_eq!(check["outcome"], "resolver_failed", "{check}");
    let TxtCheck::ResolverFailed { reason } = txt_check(&check) else {
        panic!("{check}")
    };
    assert!(
        reason.contains(&format!("127.0.0.1:{dead}")) && reason.contains("did not answer"),
        "{reason}"
    );
    assert_eq!(resolver, label(dead));
    assert_eq!(after.revision, 1, "nothing changed");

    // The CNAME lookups fail the same way, each record on its own row.
    command(
        &client,
        1,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    )
    .await;
    command(
        &client,
        2,
        Command::VerifyDomain {
            name: domain.into(),
            method: VerificationMethod::AdminConfirmed,
        },
    )
    .await;
    let started = Instant::now();
    let (check, _, after) = lookup_reply(&lookup(&client, Some(3), domain, "cnames/check").await);
    assert!(started.elapsed() < Duration::from_secs(10));
    let rows = cname_rows(&check);
    assert_eq!(rows.len(), 2);
    for (host, _, found) in &rows {
        assert!(
            matches!(found, CnameFound::ResolverFailed { reason } if reason.contains("did not answer")),
            "{host}: {found:?}"
        );
    }
    assert_eq!(after.revision, 3);
    assert!(after.enrollment.cnames_published.is_empty());
    assert_eq!(history(&client).await.len(), 3);
}

/// A tenant with the MDM authority set and `domain` verified by hand: what
/// the CNAME check needs. At revision 3.
async fn ready_for_cnames(client: &Client, domain: &str) {
    command(
        client,
        0,
        Command::AddDomain {
            name: domain.into(),
        },
    )
    .await;
    command(
        client,
        1,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    )
    .await;
    command(
        client,
        2,
        Command::VerifyDomain {
            name: domain.into(),
            method: VerificationMethod::AdminConfirmed,
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn correct_cnames_are_recorded_as_found_by_the_server() {
    let domain = "contoso.test";
    let records: Vec<Record> = cname_records(&name(domain))
        .iter()
        // Published in another case: DNS names ignore case.
        .map(|r| {
            cname(
                &r.host.to_ascii_lowercase(),
                &r.points_to.to_ascii_uppercase(),
            )
        })
        .collect();
    let dns = Dnsmasq::start(ZONE, &records);
    let (_server, client) = server_asking("cnames-found", dns.port);
    ready_for_cnames(&client, domain).await;

    let (check, resolver, after) =
        lookup_reply(&lookup(&client, Some(3), domain, "cnames/check").await);
    assert_eq!(
        cname_rows(&check),
        expected_rows(domain, [CnameFound::Correct, CnameFound::Correct])
    );
    assert_eq!(resolver, label(dns.port));
    assert_eq!(after.revision, 4);
    assert!(after.enrollment.cnames_published.contains(&name(domain)));
    let found = after
        .enrollment
        .cnames_found
        .get(&name(domain))
        .expect("recorded as found in DNS");
    assert_eq!(found.resolver, label(dns.port));
    let entries = history(&client).await;
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[3]["command"]["type"], "record_cnames_found");
    assert_eq!(entries[3]["command"]["domain"], domain);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_cname_and_one_pointing_elsewhere_are_shown_and_nothing_is_recorded() {
    let domain = "contoso.test";
    let [enrollment, registration] = cname_records(&name(domain));
    let other = "fabrikam.contoso.test";
    let [other_enrollment, _] = cname_records(&name(other));
    let dns = Dnsmasq::start(
        ZONE,
        &[
            cname(&enrollment.host, enrollment.points_to),
            cname(&registration.host, "somewhere-else.example.test"),
            // `other` has only the first record.
            cname(&other_enrollment.host, other_enrollment.points_to),
        ],
    );
    let (_server, client) = server_asking("cnames-wrong", dns.port);
    ready_for_cnames(&client, domain).await;

    let (check, _, after) = lookup_reply(&lookup(&client, Some(3), domain, "cnames/check").await);
    assert_eq!(
        cname_rows(&check),
        expected_rows(
            domain,
            [
                CnameFound::Correct,
                CnameFound::Elsewhere {
                    target: "somewhere-else.example.test".into()
                }
            ]
        )
    );
    assert_eq!(check["records"][1]["found"]["outcome"], "elsewhere");
    assert_eq!(after.revision, 3, "nothing recorded");
    assert!(after.enrollment.cnames_published.is_empty());

    command(&client, 3, Command::AddDomain { name: other.into() }).await;
    command(
        &client,
        4,
        Command::VerifyDomain {
            name: other.into(),
            method: VerificationMethod::AdminConfirmed,
        },
    )
    .await;
    let (check, _, after) = lookup_reply(&lookup(&client, Some(5), other, "cnames/check").await);
    assert_eq!(
        cname_rows(&check),
        expected_rows(other, [CnameFound::Correct, CnameFound::Missing])
    );
    assert_eq!(after.revision, 5);
    assert!(after.enrollment.cnames_found.is_empty());
    assert_eq!(history(&client).await.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_claimed_by_a_client_are_refused_on_the_command_endpoint() {
    let domain = "contoso.test";
    let dns = Dnsmasq::start(ZONE, &[txt(domain, &expected_txt(domain))]);
    let (_server, client) = server_asking("claims", dns.port);
    ready_for_cnames(&client, "fabrikam.test").await;
    command(
        &client,
        3,
        Command::AddDomain {
            name: domain.into(),
        },
    )
    .await;
    let before = setup(&client).await;

    let claims = [
        (
            Command::RecordTxtFound {
                name: domain.into(),
                resolver: "1.1.1.1".into(),
            },
            "record_txt_found",
            "/api/v1/tenants/contoso/domains/contoso.test/verify",
        ),
        (
            Command::VerifyDomain {
                name: domain.into(),
                method: VerificationMethod::DnsLookup,
            },
            "verify_domain with method dns_lookup",
            "/api/v1/tenants/contoso/domains/contoso.test/verify",
        ),
        (
            Command::RecordCnamesFound {
                domain: "fabrikam.test".into(),
                resolver: "1.1.1.1".into(),
            },
            "record_cnames_found",
            "/api/v1/tenants/contoso/domains/fabrikam.test/cnames/check",
        ),
    ];
    for (claim, named, endpoint) in claims {
        let reply = client
            .post_json(
                &format!("/api/v1/tenants/{TENANT}/commands"),
                Some(before.revision),
                serde_json::to_vec(&claim).unwrap(),
            )
            .await
            .unwrap();
        let body = reply.json();
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(body["error"], "dns_lookup_not_accepted", "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains(named) && message.contains(endpoint),
            "{message}"
        );
        assert_eq!(setup(&client).await, before, "nothing changed");
    }
    assert_eq!(history(&client).await.len(), 4);

    // The endpoint does it instead.
    let (check, _, after) = lookup_reply(&lookup(&client, Some(4), domain, "verify").await);
    assert_eq!(txt_check(&check), TxtCheck::Found);
    assert!(is_verified(&after, domain));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_revision_is_refused_and_no_lookup_result_is_applied() {
    let domain = "contoso.test";
    let dns = Dnsmasq::start(ZONE, &[txt(domain, &expected_txt(domain))]);
    let (_server, client) = server_asking("stale", dns.port);
    command(
        &client,
        0,
        Command::AddDomain {
            name: domain.into(),
        },
    )
    .await;
    command(&client, 1, Command::SetNetworkReviewed { reviewed: true }).await;

    let stale = lookup(&client, Some(1), domain, "verify").await;
    let body = stale.json();
    assert_eq!(stale.status, 412, "{body}");
    assert_eq!(body["error"], "stale");
    assert_eq!(stale.etag(), Some("\"2\""));
    assert_eq!(setup_of(&body["current"]).revision, 2);

    let unconditional = lookup(&client, None, domain, "verify").await;
    assert_eq!(unconditional.status, 428, "{}", unconditional.json());
    assert_eq!(unconditional.json()["error"], "precondition_required");

    let cnames = lookup(&client, Some(0), domain, "cnames/check").await;
    assert_eq!(cnames.status, 412, "{}", cnames.json());

    let now = setup(&client).await;
    assert_eq!(now.revision, 2);
    assert!(
        !is_verified(&now, domain),
        "the record is published, but nothing was applied"
    );
    assert_eq!(history(&client).await.len(), 2);
}
