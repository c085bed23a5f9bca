//! The certificate files the browser suites upload (tests/fixtures, made by
//! `cargo run -p e2e --bin fixtures`) still read as those suites expect.

use domain::certificate::{read_certificate, CertificateError};

fn fixture(name: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/");
    std::fs::read(format!("{path}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn fixtures_read_as_described() {
    for name in ["push-valid.pem", "push-valid.der"] {
        let cert = read_certificate(&fixture(name)).expect(name);
        assert_eq!(cert.topic, "com.apple.mgmt.External.fixture-valid");
        assert_eq!(cert.serial, "11:22");
        assert_eq!(cert.not_after.date().to_string(), "2099-01-01");
    }
    let expired = read_certificate(&fixture("push-expired.pem")).expect("expired but readable");
    assert_eq!(expired.not_after.date().to_string(), "2001-01-01");
    assert!(matches!(
        read_certificate(&fixture("no-topic.der")),
        Err(CertificateError::NoTopic { .. })
    ));
}
