//! The DNS codec (`domain::dns_wire`) against a real DNS server: dnsmasq on
//! loopback serving a zone this test writes. Queries are built and answers
//! read by the same code the app will use; nothing here is hard-coded in
//! the code path under test.

use domain::dns_wire::{self, Answer, RecordType, WireError};
use domain::DomainName;
use e2e::dns::{Dnsmasq, Record};

fn name(text: &str) -> DomainName {
    DomainName::parse(text).expect("a valid name")
}

fn lookup(server: &Dnsmasq, id: u16, text: &str, qtype: RecordType) -> Result<Answer, WireError> {
    let asked = name(text);
    let answer = server.ask(&dns_wire::query(id, &asked, qtype));
    dns_wire::parse_answer(&answer, id, &asked, qtype)
}

fn values(answer: &Answer, qtype: RecordType) -> Vec<String> {
    match answer {
        Answer::Records { txt, cname } => match qtype {
            RecordType::Txt => txt.iter().map(|r| r.value.clone()).collect(),
            RecordType::Cname => cname.iter().map(|r| r.value.clone()).collect(),
        },
        Answer::NoSuchName => panic!("expected records, got NXDOMAIN"),
    }
}

fn zone() -> Dnsmasq {
    let txt = |name: &str, value: &str| Record::Txt {
        name: name.into(),
        value: value.into(),
    };
    Dnsmasq::start(
        "contoso.test",
        &[
            txt("contoso.test", "MS=ms12345678"),
            txt(
                "contoso.test",
                "v=spf1 include:spf.protection.outlook.com -all",
            ),
            txt("typo.contoso.test", "MS=ms1234567"),
            Record::Cname {
                name: "enterpriseenrollment.contoso.test".into(),
                target: "enterpriseenrollment.manage.microsoft.com".into(),
            },
            Record::Cname {
                name: "enterpriseregistration.contoso.test".into(),
                target: "somewhere-else.example.test".into(),
            },
        ],
    )
}

#[test]
fn txt_records_of_a_published_domain_are_read() {
    let server = zone();
    let answer = lookup(&server, 0, "contoso.test", RecordType::Txt).expect("an answer");
    let mut found = values(&answer, RecordType::Txt);
    found.sort();
    assert_eq!(
        found,
        [
            "MS=ms12345678",
            "v=spf1 include:spf.protection.outlook.com -all"
        ]
    );
    // A record published with a typo reads as it is, for the page to show.
    let answer = lookup(&server, 1, "typo.contoso.test", RecordType::Txt).expect("an answer");
    assert_eq!(values(&answer, RecordType::Txt), ["MS=ms1234567"]);
}

#[test]
fn cname_targets_are_read_in_lower_case_whatever_the_question_asked() {
    let server = zone();
    let answer = lookup(
        &server,
        42,
        "EnterpriseEnrollment.contoso.test",
        RecordType::Cname,
    )
    .expect("an answer");
    assert_eq!(
        values(&answer, RecordType::Cname),
        ["enterpriseenrollment.manage.microsoft.com"]
    );
    let answer = lookup(
        &server,
        43,
        "EnterpriseRegistration.contoso.test",
        RecordType::Cname,
    )
    .expect("an answer");
    assert_eq!(
        values(&answer, RecordType::Cname),
        ["somewhere-else.example.test"]
    );
}

#[test]
fn a_name_that_does_not_exist_is_nxdomain_and_a_missing_record_is_empty() {
    let server = zone();
    assert_eq!(
        lookup(&server, 7, "nothere.contoso.test", RecordType::Txt),
        Ok(Answer::NoSuchName)
    );
    // The name exists (it has an alias) but no TXT record of its own.
    let answer = lookup(
        &server,
        8,
        "enterpriseregistration.contoso.test",
        RecordType::Txt,
    )
    .expect("an answer");
    assert!(values(&answer, RecordType::Txt).is_empty(), "{answer:?}");
}

#[test]
fn an_answer_to_another_question_is_refused() {
    let server = zone();
    let asked = name("contoso.test");
    let answer = server.ask(&dns_wire::query(5, &asked, RecordType::Txt));
    assert!(matches!(
        dns_wire::parse_answer(&answer, 6, &asked, RecordType::Txt),
        Err(WireError::WrongId { .. })
    ));
    assert!(matches!(
        dns_wire::parse_answer(&answer, 5, &name("fabrikam.test"), RecordType::Txt),
        Err(WireError::WrongQuestion { .. })
    ));
}
