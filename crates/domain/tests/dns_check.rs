//! DNS checks: what a lookup's answer means for step 1's TXT record and step
//! 6's CNAME records, and how a lookup's result is recorded and shown.

mod common;
use common::*;
use domain::dns_check::{CnameCheck, CnameFound, CnameResult, ResolverError, TxtCheck};
use domain::dns_wire::{Answer, Record};
use domain::enrollment::{cname_records, CnamesPublished};
use domain::*;

fn txt(values: &[&str]) -> Answer {
    Answer::Records {
        txt: values
            .iter()
            .map(|v| Record {
                value: (*v).into(),
                ttl_seconds: 300,
            })
            .collect(),
        cname: vec![],
    }
}

fn alias(target: &str) -> Answer {
    Answer::Records {
        txt: vec![],
        cname: vec![Record {
            value: target.into(),
            ttl_seconds: 3600,
        }],
    }
}

fn contoso() -> DomainName {
    DomainName::parse("contoso.com").expect("valid")
}

const RESOLVER: &str = "https://dns.example/dns-query";

#[test]
fn txt_found_only_for_the_exact_value() {
    let expected = TxtRecord::for_domain(&contoso()).value;
    let other = "v=spf1 include:spf.protection.outlook.com -all";
    assert_eq!(
        TxtCheck::of(&txt(&[other, &expected]), &expected),
        TxtCheck::Found
    );
    // A value differing in case or with a space is not the record.
    for near in [
        expected.to_uppercase(),
        format!(" {expected}"),
        expected[..expected.len() - 1].to_string(),
    ] {
        let check = TxtCheck::of(&txt(&[&near]), &expected);
        assert!(!check.is_found(), "{near}");
        let message = check.message(&contoso());
        assert!(message.contains(&expected), "{message}");
        assert!(
            message.contains(&near.chars().take(80).collect::<String>()),
            "{message}"
        );
    }
}

#[test]
fn txt_missing_lists_what_was_found_shortened() {
    let expected = "MS=ms12345678";
    let long = "x".repeat(300);
    let values: Vec<String> = (0..10).map(|i| format!("value-{i}")).collect();
    let mut all: Vec<&str> = vec![&long];
    all.extend(values.iter().map(String::as_str));
    let check = TxtCheck::of(&txt(&all), expected);
    let TxtCheck::ValueMissing { found, more, .. } = &check else {
        panic!("{check:?}")
    };
    assert_eq!(found.len(), 8);
    assert_eq!(*more, 3);
    assert_eq!(
        found[0].chars().count(),
        81,
        "80 characters and an ellipsis"
    );
    let message = check.message(&contoso());
    assert!(message.contains("11 TXT records"), "{message}");
    assert!(message.contains("and 3 more"), "{message}");
    assert!(message.contains("TTL"), "the caching note: {message}");
}

#[test]
fn txt_none_at_all_and_no_such_domain_have_their_own_messages() {
    let none = TxtCheck::of(&txt(&[]), "MS=ms1");
    assert!(none.message(&contoso()).contains("no TXT record yet"));
    let nx = TxtCheck::of(&Answer::NoSuchName, "MS=ms1");
    assert_eq!(nx, TxtCheck::NoSuchDomain);
    assert!(nx.message(&contoso()).contains("does not exist"));
    let failed = TxtCheck::ResolverFailed {
        reason: "The resolver answered 503.".into(),
    };
    assert!(failed.is_resolver_failure());
    let message = failed.message(&contoso());
    assert!(
        message.contains("not your domain") && message.contains("503"),
        "{message}"
    );
}

#[test]
fn a_hostile_txt_value_is_quoted_as_visible_text() {
    let check = TxtCheck::of(&txt(&["MS=ms1\u{202e}2\u{0}"]), "MS=ms12");
    let message = check.message(&contoso());
    assert!(
        message.contains("[U+202E]") && message.contains("[U+0000]"),
        "{message}"
    );
    assert!(!message.contains('\u{202e}'));
}

#[test]
fn cname_targets_compare_without_case_or_trailing_dot() {
    let [enrollment, _] = cname_records(&contoso());
    for ok in [
        "enterpriseenrollment-s.manage.microsoft.com",
        "EnterpriseEnrollment-S.Manage.Microsoft.com.",
    ] {
        assert_eq!(
            CnameFound::of(&alias(ok), enrollment.points_to),
            CnameFound::Correct,
            "{ok}"
        );
    }
    assert_eq!(
        CnameFound::of(&alias("enroll.contoso-old.com"), enrollment.points_to),
        CnameFound::Elsewhere {
            target: "enroll.contoso-old.com".into()
        }
    );
    assert_eq!(
        CnameFound::of(&Answer::NoSuchName, enrollment.points_to),
        CnameFound::Missing
    );
    assert_eq!(
        CnameFound::of(&txt(&["x"]), enrollment.points_to),
        CnameFound::Missing
    );
    let elsewhere = CnameFound::Elsewhere {
        target: "enroll.contoso-old.com".into(),
    };
    let message = elsewhere.message(&enrollment.host, enrollment.points_to);
    assert!(
        message.contains("enroll.contoso-old.com") && message.contains(enrollment.points_to),
        "{message}"
    );
}

#[test]
fn a_cname_check_is_correct_only_when_both_records_are() {
    let [a, b] = cname_records(&contoso());
    let result = |r: &domain::enrollment::CnameRecord, found| CnameResult {
        host: r.host.clone(),
        expected: r.points_to.into(),
        found,
    };
    let both = CnameCheck {
        records: vec![
            result(&a, CnameFound::Correct),
            result(&b, CnameFound::Correct),
        ],
    };
    assert!(both.all_correct());
    let one = CnameCheck {
        records: vec![
            result(&a, CnameFound::Correct),
            result(&b, CnameFound::Missing),
        ],
    };
    assert!(!one.all_correct() && !one.resolver_failed());
    let failed = CnameCheck {
        records: vec![
            result(&a, CnameFound::Correct),
            result(
                &b,
                CnameFound::ResolverFailed {
                    reason: "timeout".into(),
                },
            ),
        ],
    };
    assert!(!failed.all_correct() && failed.resolver_failed());
    assert!(!CnameCheck { records: vec![] }.all_correct());
    // The server sends checks as JSON: tagged by outcome.
    let json = serde_json::to_string(&failed).expect("serialises");
    assert!(json.contains(r#""outcome":"resolver_failed""#), "{json}");
    assert_eq!(
        serde_json::from_str::<CnameCheck>(&json).expect("reads"),
        failed
    );
}

#[test]
fn a_txt_found_is_recorded_with_its_resolver_and_shown_as_such() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let s = apply(
        &s,
        Command::RecordTxtFound {
            name: "Contoso.com".into(),
            resolver: format!("  {RESOLVER} "),
        },
    );
    let v = s.connections.domains[0]
        .verification
        .clone()
        .expect("verified");
    assert_eq!(v.method, VerificationMethod::DnsLookup);
    assert_eq!(v.resolver.as_deref(), Some(RESOLVER));
    assert_eq!(v.describe(), format!("found in DNS by {RESOLVER}"));
    let markdown = s.summary_markdown(T0);
    assert!(markdown.contains("found in DNS by"), "{markdown}");
    // Round trip through the stored document.
    assert_eq!(decode(&encode(&s)).expect("reads"), s);
}

#[test]
fn a_domain_confirmed_by_hand_says_so_everywhere() {
    let s = apply(
        &apply(&Setup::new(), add("contoso.com")),
        verify("contoso.com"),
    );
    let v = s.connections.domains[0]
        .verification
        .clone()
        .expect("verified");
    assert_eq!(v.resolver, None);
    assert!(v.describe().contains("not checked in DNS"));
    assert!(s
        .summary_markdown(T0)
        .contains("confirmed by you, not checked in DNS"));
    // Stored as before: no resolver key.
    assert!(!encode(&s).contains("resolver"));
}

#[test]
fn a_bad_resolver_name_is_refused_and_changes_nothing() {
    let s = apply(&Setup::new(), add("contoso.com"));
    for (resolver, expected) in [
        ("  ", ResolverError::Missing),
        (
            "dns\u{200b}.example",
            ResolverError::HiddenCharacter {
                value: "dns[U+200B].example".into(),
            },
        ),
    ] {
        let e = refused(
            &s,
            Command::RecordTxtFound {
                name: "contoso.com".into(),
                resolver: resolver.into(),
            },
        );
        assert_eq!(e, DomainError::Resolver(expected));
    }
    let e = refused(
        &s,
        Command::RecordTxtFound {
            name: "contoso.com".into(),
            resolver: "r".repeat(201),
        },
    );
    assert!(e.to_string().contains("201 characters"), "{e}");
    assert!(matches!(
        refused(
            &s,
            Command::RecordTxtFound {
                name: "fabrikam.com".into(),
                resolver: RESOLVER.into(),
            },
        ),
        DomainError::UnknownDomain { .. }
    ));
}

#[test]
fn cnames_found_are_recorded_replaced_by_hand_and_forgotten_with_the_domain() {
    let s = ready();
    let found = apply(
        &s,
        Command::RecordCnamesFound {
            domain: "contoso.com".into(),
            resolver: RESOLVER.into(),
        },
    );
    let name = contoso();
    assert!(
        matches!(found.enrollment.cnames_state(&name), CnamesPublished::Found(l) if l.resolver == RESOLVER && l.at == T0)
    );
    assert!(found.summary_markdown(T0).contains("found in DNS by"));
    assert_eq!(decode(&encode(&found)).expect("reads"), found);

    // Taking it back clears the lookup as well.
    let back = apply(
        &found,
        Command::SetCnamesPublished {
            domain: "contoso.com".into(),
            published: false,
        },
    );
    assert_eq!(back.enrollment.cnames_state(&name), CnamesPublished::No);
    let by_hand = apply(
        &back,
        Command::SetCnamesPublished {
            domain: "contoso.com".into(),
            published: true,
        },
    );
    assert_eq!(
        by_hand.enrollment.cnames_state(&name),
        CnamesPublished::Acknowledged
    );
    assert!(by_hand
        .summary_markdown(T0)
        .contains("acknowledged by you, not checked in DNS"));

    // A lookup needs a verified domain and the authority, like the tick box.
    let unverified = apply(
        &apply(&s, add("fabrikam.com")),
        Command::AddDomain {
            name: "x.fabrikam.com".into(),
        },
    );
    assert!(matches!(
        refused(
            &unverified,
            Command::RecordCnamesFound {
                domain: "fabrikam.com".into(),
                resolver: RESOLVER.into(),
            },
        ),
        DomainError::Enrollment(EnrollmentError::DomainNotVerified { .. })
    ));

    let removed = apply(
        &found,
        Command::RemoveDomain {
            name: "contoso.com".into(),
        },
    );
    assert!(removed.enrollment.cnames_found.is_empty());
    assert!(removed.enrollment.cnames_published.is_empty());
}

#[test]
fn only_lookup_results_claim_dns() {
    let claims = |c: Command| c.claims_dns_lookup();
    assert!(claims(Command::RecordTxtFound {
        name: "a.com".into(),
        resolver: "r".into()
    }));
    assert!(claims(Command::RecordCnamesFound {
        domain: "a.com".into(),
        resolver: "r".into()
    }));
    assert!(claims(Command::VerifyDomain {
        name: "a.com".into(),
        method: VerificationMethod::DnsLookup
    }));
    assert!(!claims(verify("a.com")));
    assert!(!claims(Command::SetCnamesPublished {
        domain: "a.com".into(),
        published: true
    }));
}

#[test]
fn a_stored_lookup_that_breaks_a_rule_is_reported_not_loaded() {
    let found = apply(
        &ready(),
        Command::RecordCnamesFound {
            domain: "contoso.com".into(),
            resolver: RESOLVER.into(),
        },
    );
    let json = encode(&found).replace(
        r#""cnames_published":["contoso.com"]"#,
        r#""cnames_published":[]"#,
    );
    let e = decode(&json).expect_err("a lookup for an unpublished domain");
    assert!(e.to_string().contains("cnames_found"), "{e}");
    let manual_with_resolver = encode(&ready()).replace(
        r#""method":"admin_confirmed""#,
        r#""method":"admin_confirmed","resolver":"dns.example""#,
    );
    let e = decode(&manual_with_resolver).expect_err("a resolver without a lookup");
    assert!(e.to_string().contains("resolver"), "{e}");
}

#[test]
fn checks_read_by_hand_match_their_serde_shape() {
    let txt = [
        TxtCheck::Found,
        TxtCheck::ValueMissing {
            expected: "MS=ms1".into(),
            found: vec!["a".into(), "“b”".into()],
            more: 3,
        },
        TxtCheck::ValueMissing {
            expected: "MS=ms1".into(),
            found: vec![],
            more: 0,
        },
        TxtCheck::NoSuchDomain,
        TxtCheck::ResolverFailed {
            reason: "The DNS server 127.0.0.1:53 did not answer.".into(),
        },
    ];
    for check in txt {
        let json = serde_json::to_value(&check).expect("writes");
        assert_eq!(TxtCheck::from_json(&json), Some(check.clone()), "{json}");
        assert_eq!(
            serde_json::from_value::<TxtCheck>(json).expect("reads"),
            check
        );
    }
    let [a, b] = cname_records(&contoso());
    for found in [
        CnameFound::Correct,
        CnameFound::Missing,
        CnameFound::Elsewhere {
            target: "x.example".into(),
        },
        CnameFound::ResolverFailed {
            reason: "timeout".into(),
        },
    ] {
        let check = CnameCheck {
            records: vec![
                CnameResult {
                    host: a.host.clone(),
                    expected: a.points_to.into(),
                    found: found.clone(),
                },
                CnameResult {
                    host: b.host.clone(),
                    expected: b.points_to.into(),
                    found: CnameFound::Correct,
                },
            ],
        };
        let json = serde_json::to_value(&check).expect("writes");
        assert_eq!(CnameCheck::from_json(&json), Some(check), "{json}");
    }
    // Not a check: refused, not guessed.
    for bad in [
        serde_json::json!({}),
        serde_json::json!({"outcome": "maybe"}),
        serde_json::json!({"outcome": "value_missing", "expected": "x", "found": [1]}),
        serde_json::json!({"outcome": "resolver_failed"}),
        serde_json::json!({"outcome": "value_missing", "expected": "x", "found": [], "more": -1}),
    ] {
        assert_eq!(TxtCheck::from_json(&bad), None, "{bad}");
    }
    assert_eq!(
        CnameCheck::from_json(&serde_json::json!({"records": [{"host": "h"}]})),
        None
    );
}
