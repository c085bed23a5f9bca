//! Property tests of the domain-name validator.

use domain::{DomainName, DomainNameError};
use proptest::prelude::*;

fn label() -> impl Strategy<Value = String> {
    // 1–63 LDH characters, no hyphen at either end.
    prop_oneof!["[a-z0-9]", "[a-z0-9][a-z0-9-]{0,61}[a-z0-9]",]
}

fn valid_name() -> impl Strategy<Value = String> {
    prop::collection::vec(label(), 2..5)
        .prop_map(|labels| labels.join("."))
        .prop_filter("at most 253 characters", |n| n.len() <= 253)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(domain::testing::cases(2000)))]

    #[test]
    fn never_panics(input in any::<String>()) {
        let _ = DomainName::parse(&input);
    }

    #[test]
    fn valid_names_are_accepted_and_lower_cased(name in valid_name(), upper in any::<bool>()) {
        let typed = if upper { name.to_ascii_uppercase() } else { name.clone() };
        let parsed = DomainName::parse(&typed).expect("valid name");
        prop_assert_eq!(parsed.as_str(), name.as_str());
    }

    #[test]
    fn parsing_is_idempotent(input in "[ -~]{0,80}") {
        if let Ok(first) = DomainName::parse(&input) {
            let again = DomainName::parse(first.as_str()).expect("normalised form stays valid");
            prop_assert_eq!(first, again);
        }
    }

    #[test]
    fn accepted_names_obey_every_rule(input in "[a-zA-Z0-9.-]{0,300}") {
        if let Ok(name) = DomainName::parse(&input) {
            let s = name.as_str();
            prop_assert!(s.len() <= 253);
            let labels: Vec<&str> = s.split('.').collect();
            prop_assert!(labels.len() >= 2);
            for l in labels {
                prop_assert!(!l.is_empty() && l.len() <= 63);
                prop_assert!(!l.starts_with('-') && !l.ends_with('-'));
                prop_assert!(l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }
    }

    #[test]
    fn a_single_bad_character_is_named(prefix in "[a-z]{1,10}", bad in "[^a-zA-Z0-9.\\-\\s]", suffix in "[a-z]{1,10}") {
        let input = format!("{prefix}{bad}{suffix}.com");
        let err = DomainName::parse(&input).expect_err("bad character");
        let expected = bad.chars().next().unwrap();
        prop_assert_eq!(err, DomainNameError::InvalidCharacter { character: expected });
    }

    #[test]
    fn over_long_labels_are_refused(n in 64usize..200) {
        let input = format!("{}.com", "a".repeat(n));
        let is_label_too_long = matches!(
            DomainName::parse(&input),
            Err(DomainNameError::LabelTooLong { chars, .. }) if chars == n
        );
        prop_assert!(is_label_too_long);
    }
}
