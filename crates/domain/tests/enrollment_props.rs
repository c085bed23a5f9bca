//! The step 6 and step 7 parsers never panic on any input, and what they
//! accept obeys the rules. `PROPTEST_CASES` raises the case count for a
//! longer run on demand.

use domain::certificate::read_certificate;
use domain::codec;
use domain::devices::{luhn_digit, parse_devices, parse_identifier, DeviceKind};
use domain::testing::push_certificate;
use domain::Timestamp;
use proptest::prelude::*;
use std::sync::OnceLock;

fn sample_der() -> &'static [u8] {
    static DER: OnceLock<Vec<u8>> = OnceLock::new();
    DER.get_or_init(|| {
        push_certificate(
            Some("com.apple.mgmt.External.prop"),
            &[1, 2, 3],
            Timestamp(4_102_444_800_000),
        )
        .der
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(domain::testing::cases(2000)))]

    #[test]
    fn certificate_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = read_certificate(&bytes);
    }

    #[test]
    fn damaged_certificates_never_panic(at in 0usize..2000, value in any::<u8>(), cut in 0usize..2000) {
        let mut der = sample_der().to_vec();
        let len = der.len();
        der[at % len] = value;
        der.truncate(cut % (len + 1));
        let _ = read_certificate(&der);
    }

    #[test]
    fn pem_like_text_never_panics(body in "[A-Za-z0-9+/=\\-\\n ]{0,300}") {
        let text = format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n");
        let _ = read_certificate(text.as_bytes());
    }

    #[test]
    fn device_lists_never_panic(text in "(\\PC|[\",;\\t\\r\\n])*") {
        let _ = parse_devices(&text, &[]);
    }

    #[test]
    fn accepted_identifiers_obey_the_rules(raw in "[0-9A-Za-z \\-]{0,34}") {
        if let Ok((kind, id)) = parse_identifier(&raw) {
            match kind {
                DeviceKind::Imei => {
                    prop_assert_eq!(id.len(), 15);
                    let digits: Vec<u8> = id.bytes().map(|b| b - b'0').collect();
                    prop_assert_eq!(luhn_digit(&digits[..14]), digits[14]);
                }
                DeviceKind::Serial => {
                    prop_assert!((4..=30).contains(&id.len()));
                    prop_assert!(id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
                }
            }
            // Normal forms read back as themselves.
            prop_assert_eq!(parse_identifier(&id), Ok((kind, id.clone())));
        }
    }

    #[test]
    fn import_never_panics(text in "\\PC{0,200}") {
        let _ = codec::import(&text);
    }

    #[test]
    fn damaged_exports_never_panic_and_refusals_name_a_path(cut in 0usize..4000, at in 0usize..4000, c in "[\\[\\]{}\",:0-9a-z]") {
        let mut json = codec::encode_pretty(&domain::Setup::new());
        let at = at % json.len();
        if json.is_char_boundary(at) && json.is_char_boundary(at + 1) {
            json.replace_range(at..at + 1, &c);
        }
        let cut = cut % (json.len() + 1);
        if json.is_char_boundary(cut) {
            json.truncate(cut);
        }
        if let Err(problem) = codec::import(&json) {
            prop_assert!(!problem.path.is_empty());
            prop_assert!(!problem.message.is_empty());
        }
    }
}
