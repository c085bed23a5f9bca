//! Property tests of the user principal name validator.

use domain::directory::parse_upn;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(domain::testing::cases(2000)))]

    #[test]
    fn never_panics(input in any::<String>()) {
        let _ = parse_upn(&input);
    }

    #[test]
    fn valid_names_are_accepted_with_the_domain_lower_cased(
        local in "[a-zA-Z0-9_'+-]{1,20}(\\.[a-zA-Z0-9_-]{1,10}){0,2}",
        domain in "[a-z0-9]{1,10}\\.(com|net|co\\.uk|onmicrosoft\\.com)",
        upper in any::<bool>(),
    ) {
        let typed_domain = if upper { domain.to_ascii_uppercase() } else { domain.clone() };
        let (upn, parsed) = parse_upn(&format!(" {local}@{typed_domain} ")).expect("valid");
        prop_assert_eq!(&upn, &format!("{local}@{domain}"));
        prop_assert_eq!(parsed.as_str(), domain.as_str());
    }

    #[test]
    fn accepted_names_have_one_at_and_a_dotted_domain(input in "[a-zA-Z0-9@._ -]{0,40}") {
        if let Ok((upn, domain)) = parse_upn(&input) {
            let (local, rest) = upn.rsplit_once('@').expect("an @");
            prop_assert!(!local.is_empty() && local.chars().count() <= 64);
            prop_assert!(!local.contains('@') && !local.contains(' '));
            prop_assert!(!local.starts_with('.') && !local.ends_with('.') && !local.contains(".."));
            prop_assert_eq!(rest, domain.as_str());
            prop_assert!(rest.contains('.'));
        }
    }
}
