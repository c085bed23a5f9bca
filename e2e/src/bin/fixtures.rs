//! Writes the push certificates the browser suites use (they cannot run a
//! certificate generator in wasm): `cargo run -p e2e --bin fixtures`.
//! `crates/domain/tests/fixtures.rs` checks the committed files still read
//! as described here.

use domain::testing::push_certificate;
use domain::Timestamp;

fn main() {
    let dir = e2e::workspace_root().join("tests/fixtures");
    std::fs::create_dir_all(&dir).expect("fixtures directory");
    // 2099-01-01 and 2001-01-01, 00:00 UTC.
    let valid = push_certificate(
        Some("com.apple.mgmt.External.fixture-valid"),
        &[0x11, 0x22],
        Timestamp(4_070_908_800_000),
    );
    let expired = push_certificate(
        Some("com.apple.mgmt.External.fixture-expired"),
        &[0x33],
        Timestamp(978_307_200_000),
    );
    let no_topic = push_certificate(None, &[0x44], Timestamp(4_070_908_800_000));
    for (name, bytes) in [
        ("push-valid.pem", valid.pem.into_bytes()),
        ("push-valid.der", valid.der),
        ("push-expired.pem", expired.pem.into_bytes()),
        ("no-topic.der", no_topic.der),
    ] {
        std::fs::write(dir.join(name), bytes).expect("write fixture");
    }
    println!("wrote {}", dir.display());
}
