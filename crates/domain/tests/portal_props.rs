//! The Company Portal validators and the logo inspector never panic, and
//! what they accept obeys the rules.

use domain::address;
use domain::image::{self, base64};
use domain::portal::{theme_color, CompanyPortal, PortalField};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(domain::testing::cases(1500)))]

    #[test]
    fn text_validators_never_panic(s in any::<String>()) {
        let _ = address::https_url(&s, 150);
        let _ = address::email(&s, 40);
        let _ = theme_color(&s);
        let draft = CompanyPortal {
            company_name: s.clone(), it_contact_name: s.clone(), it_phone: s.clone(),
            it_email: s.clone(), additional_info: s.clone(), privacy_url: s.clone(),
            support_url: s.clone(), website_name: s.clone(), theme_color: s.clone(),
            ..CompanyPortal::default()
        };
        let _ = draft.validated();
    }

    #[test]
    fn accepted_values_respect_their_limits(s in "\\PC{0,60}") {
        let draft = CompanyPortal { company_name: s.clone(), it_contact_name: s.clone(), ..CompanyPortal::default() };
        if let Ok(saved) = draft.validated() {
            prop_assert!(saved.company_name.chars().count() <= 40);
            prop_assert!(!saved.company_name.is_empty());
            prop_assert!(saved.company_name.chars().all(|c| c.is_alphanumeric() || c == ' '));
            prop_assert_eq!(saved.company_name.trim(), saved.company_name.as_str());
        }
        prop_assert_eq!(
            draft.check_field(PortalField::ItContactName).is_ok(),
            s.trim().chars().count() <= 40
                && !s.trim().chars().any(|c| c.is_control()
                    || matches!(u32::from(c), 0x200B | 0x2060 | 0xFEFF | 0x202A..=0x202E | 0x2066..=0x2069))
        );
    }

    #[test]
    fn accepted_urls_are_https_with_a_host(s in "[a-zA-Z:/.?#@0-9-]{0,40}") {
        if let Ok(url) = address::https_url(&s, 150) {
            prop_assert!(url.is_empty() || url.to_ascii_lowercase().starts_with("https://"));
        }
    }

    #[test]
    fn image_inspection_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = image::inspect(&bytes);
        let _ = image::check_logo(&bytes);
    }

    #[test]
    fn jpeg_like_bytes_never_panic(tail in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(tail);
        let _ = image::inspect(&bytes);
    }

    #[test]
    fn png_like_bytes_never_panic(tail in prop::collection::vec(any::<u8>(), 0..40)) {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(tail);
        let _ = image::inspect(&bytes);
    }

    #[test]
    fn base64_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(base64::decode(&base64::encode(&bytes)), Some(bytes));
    }

    #[test]
    fn base64_decode_never_panics(s in any::<String>()) {
        let _ = base64::decode(&s);
    }
}
