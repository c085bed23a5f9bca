//! The document and the reducer as a whole: revisions, refusals, the command format.

mod common;
use common::*;
use domain::*;

#[test]
fn new_document_is_empty_at_revision_zero() {
    let s = Setup::new();
    assert_eq!(s.revision, 0);
    assert_eq!(s.schema_version, SCHEMA_VERSION);
    assert!(s.authority.is_none());
    assert_eq!(s.progress(), Progress { done: 0, total: 7 });
}

#[test]
fn accepted_command_bumps_revision_and_time() {
    let s = apply(&Setup::new(), add("contoso.com"));
    assert_eq!(s.revision, 1);
    assert_eq!(s.updated_at, Some(T0));
}

#[test]
fn refused_command_changes_nothing() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let before = s.clone();
    let _ = refused(&s, add("CONTOSO.COM"));
    assert_eq!(s, before);
}

#[test]
fn commands_are_json_tagged() {
    let cmd = Command::SetAuthority {
        authority: MdmAuthority::ConfigurationManager,
        confirmed: true,
    };
    let json = serde_json::to_string(&cmd).unwrap();
    assert_eq!(
        json,
        r#"{"type":"set_authority","authority":"configuration_manager","confirmed":true}"#
    );
    assert_eq!(serde_json::from_str::<Command>(&json).unwrap(), cmd);
}
