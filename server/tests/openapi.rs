//! openapi.yaml lists exactly the commands the domain crate defines.

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
