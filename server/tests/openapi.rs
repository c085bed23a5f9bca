//! openapi.yaml lists exactly the commands the domain crate defines, the
//! routes the server has, and the error codes it sends.

use std::collections::BTreeSet;

/// The command names serde knows, from its "unknown variant" message.
fn domain_commands() -> BTreeSet<String> {
    let error = serde_json::from_str::<domain::Command>(r#"{"type": "__none__"}"#)
        .expect_err("no such command")
        .to_string();
    let list = error
        .split_once("expected one of ")
        .map(|(_, list)| list)
        .unwrap_or_else(|| panic!("unexpected serde message: {error}"));
    list.split(", ")
        .filter_map(|item| item.split('`').nth(1))
        .map(str::to_owned)
        .collect()
}

/// The `type: { const: name }` entries of the Command schema.
fn documented_commands() -> BTreeSet<String> {
    let spec = include_str!("../openapi.yaml");
    let commands = spec
        .split_once("    Command:\n")
        .map(|(_, rest)| rest)
        .expect("a Command schema");
    commands
        .lines()
        .filter_map(|line| line.trim().strip_prefix("type: { const: "))
        .filter_map(|rest| rest.strip_suffix(" }"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_is_documented_and_nothing_else() {
    let domain = domain_commands();
    let documented = documented_commands();
    assert!(domain.len() > 10, "{domain:?}");
    assert!(domain.contains("add_domain"), "{domain:?}");
    let missing: Vec<_> = domain.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&domain).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "openapi.yaml lacks {missing:?} and lists unknown {extra:?}"
    );
}

const SPEC: &str = include_str!("../openapi.yaml");

/// The `.route("/…", …)` paths of the API router, read from its source.
fn routed_paths() -> BTreeSet<String> {
    let source = include_str!("../src/lib.rs");
    source
        .split(".route(")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('"'))
        .filter_map(|rest| rest.split_once('"').map(|(path, _)| path))
        .map(|path| {
            if path == "/healthz" {
                path.to_owned()
            } else {
                format!("/api/v1{path}")
            }
        })
        .collect()
}

/// The keys under `paths:` (two-space indent, ending with a colon).
fn documented_paths() -> BTreeSet<String> {
    let paths = SPEC
        .split_once("\npaths:\n")
        .and_then(|(_, rest)| rest.split_once("\ncomponents:\n"))
        .map(|(paths, _)| paths)
        .expect("a paths section");
    paths
        .lines()
        .filter_map(|line| line.strip_prefix("  "))
        .filter(|line| line.starts_with('/'))
        .filter_map(|line| line.strip_suffix(':'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_route_is_documented_and_nothing_else() {
    let routed = routed_paths();
    assert!(
        routed.contains("/api/v1/tenants/{tenant}/domains/{name}/verify"),
        "{routed:?}"
    );
    assert_eq!(routed, documented_paths());
}

/// The codes `ApiError::code` returns, read from its source.
fn sent_codes() -> BTreeSet<String> {
    let source = include_str!("../src/api.rs");
    let body = source
        .split_once("pub fn code(&self) -> &'static str {")
        .and_then(|(_, rest)| rest.split_once("\n    }\n"))
        .map(|(body, _)| body)
        .expect("ApiError::code");
    body.split("=> \"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(code, _)| code.to_owned()))
        .collect()
}

/// The `enum` of the Error schema's `error` property.
fn documented_codes() -> BTreeSet<String> {
    let error = SPEC
        .split_once("\n    Error:\n")
        .map(|(_, rest)| rest)
        .expect("an Error schema");
    let list = error
        .split_once("enum:\n")
        .map(|(_, rest)| rest)
        .expect("an enum of codes");
    list.lines()
        .map_while(|line| line.trim().strip_prefix("- "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_error_code_is_documented_and_nothing_else() {
    let sent = sent_codes();
    assert!(sent.contains("dns_lookup_not_accepted"), "{sent:?}");
    assert!(sent.len() > 10, "{sent:?}");
    assert_eq!(sent, documented_codes());
}
