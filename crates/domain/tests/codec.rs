//! Storing, exporting and importing the document (step 7).

mod common;
use common::*;
use domain::*;

#[test]
fn codec_round_trip() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let s = apply(&s, verify("contoso.com"));
    let s = apply(
        &s,
        Command::SetDefaultDomain {
            name: "contoso.com".into(),
        },
    );
    assert_eq!(decode(&encode(&s)), Ok(s));
}

#[test]
fn codec_reports_unreadable_documents() {
    assert!(matches!(decode("{not json"), Err(DecodeError::NotJson(_))));
    assert!(matches!(decode("[1,2,3]"), Err(DecodeError::WrongShape(_))));
    assert!(matches!(decode("[1,2]"), Err(DecodeError::WrongShape(_))));
    assert!(matches!(
        decode("\"text\""),
        Err(DecodeError::WrongShape(_))
    ));
    assert!(matches!(
        decode("definitely not json"),
        Err(DecodeError::NotJson(_))
    ));
    assert!(matches!(decode(""), Err(DecodeError::NotJson(_))));
    assert!(matches!(
        decode("{\"schema_version\":1"),
        Err(DecodeError::NotJson(_))
    ));
    assert!(matches!(
        decode(r#"{"schema_version":1,"revision":"x"}"#),
        Err(DecodeError::WrongShape(_))
    ));
    let newer = decode(r#"{"schema_version":99,"revision":3}"#).unwrap_err();
    assert_eq!(
        newer,
        DecodeError::NewerSchema {
            found: 99,
            supported: SCHEMA_VERSION
        }
    );
    assert!(newer.to_string().contains("layout 99"));
    // A hand-edited document with an invalid domain name is refused too.
    let bad_domain = r#"{"schema_version":1,"revision":1,"connections":{"domains":[{"name":"bad_name.com","added_at":0}]}}"#;
    assert!(matches!(
        decode(bad_domain),
        Err(DecodeError::WrongShape(_))
    ));
}

#[test]
fn codec_checks_invariants() {
    let dup = r#"{"schema_version":1,"revision":1,"connections":{"domains":[
        {"name":"contoso.com","added_at":0},{"name":"CONTOSO.com","added_at":0}]}}"#;
    assert!(matches!(decode(dup), Err(DecodeError::Inconsistent(m)) if m.contains("twice")));
    let unverified_default = r#"{"schema_version":1,"revision":1,"connections":{"domains":[
        {"name":"contoso.com","added_at":0}],"default_domain":"contoso.com"}}"#;
    assert!(
        matches!(decode(unverified_default), Err(DecodeError::Inconsistent(m)) if m.contains("not verified"))
    );
}

#[test]
fn older_documents_without_optional_parts_load() {
    let minimal = r#"{"schema_version":1,"revision":7}"#;
    let s = decode(minimal).unwrap();
    assert_eq!(s.revision, 7);
    assert!(s.connections.domains.is_empty());
}

#[test]
fn export_and_import_round_trip() {
    let s = full_setup();
    let json = codec::encode_pretty(&s);
    let read = codec::import(&json).expect("its own export is accepted");
    assert_eq!(read, s);
    // Importing replaces everything, as the next revision of the target.
    let target = ok(
        &Setup::new(),
        Command::AddDomain {
            name: "other.com".into(),
        },
    );
    let replaced = ok(
        &target,
        Command::ImportSetup {
            setup: Box::new(read),
        },
    );
    assert_eq!(replaced.revision, target.revision + 1);
    assert_eq!(replaced.enrollment, s.enrollment);
    assert_eq!(replaced.connections, s.connections);
}

#[test]
fn import_names_the_first_problem_and_its_path() {
    let s = full_setup();
    let mut value: serde_json::Value = serde_json::from_str(&codec::encode(&s)).expect("json");
    let problem = |v: &serde_json::Value| codec::import(&v.to_string()).expect_err("refused");

    let mut bad = value.clone();
    bad["connections"]["domains"][0]["name"] = "bad_name.com".into();
    let p = problem(&bad);
    assert_eq!(p.path, "connections.domains[0].name");

    let mut bad = value.clone();
    bad["enrollment"]["devices"][0]["identifier"] = "352099001761480".into();
    assert_eq!(problem(&bad).path, "enrollment.devices[0].identifier");

    let mut bad = value.clone();
    bad["enrollment"]["devices"][1]["kind"] = "tablet".into();
    assert_eq!(problem(&bad).path, "enrollment.devices[1].kind");

    let mut bad = value.clone();
    bad["enrollment"]["cnames_published"] = serde_json::json!(["fabrikam.com"]);
    assert_eq!(problem(&bad).path, "enrollment.cnames_published");

    let mut bad = value.clone();
    bad["schema_version"] = 99.into();
    let p = problem(&bad);
    assert_eq!(p.path, "schema_version");
    assert!(p.message.contains("newer"), "{p}");

    assert_eq!(codec::import("[1,2]").expect_err("array").path, ".");
    // Not JSON at all: plain words, no "(at .)", the parser's own words
    // kept as detail for support.
    let not_json = codec::import("PNG\u{1a}\n...").expect_err("not JSON");
    let shown = not_json.to_string();
    assert!(!shown.contains("(at"), "{shown}");
    assert!(!shown.contains("line 1 column"), "{shown}");
    assert!(
        shown.contains("not a setup exported from this app"),
        "{shown}"
    );
    assert!(not_json.detail.is_some_and(|d| d.contains("line 1")));
    let refused = DomainError::Import {
        path: ".".into(),
        message: "the document must be a JSON object {…}".into(),
    };
    assert!(!refused.to_string().contains("(at"), "{refused}");
    assert!(codec::import("{\"schema_version\": 2,")
        .expect_err("cut")
        .message
        .contains("not valid JSON"));

    // The reducer checks again, whatever the caller read.
    value["enrollment"]["cnames_published"] = serde_json::json!(["fabrikam.com"]);
    let unchecked: Setup = serde_json::from_value(value).expect("shape is fine");
    assert!(matches!(
        err(&Setup::new(), Command::ImportSetup { setup: Box::new(unchecked) }),
        DomainError::Import { path, .. } if path == "enrollment.cnames_published"
    ));
}

#[test]
fn version_one_documents_are_migrated() {
    let s = ready();
    let mut value: serde_json::Value = serde_json::from_str(&codec::encode(&s)).expect("json");
    let object = value.as_object_mut().expect("object");
    object.remove("enrollment");
    object.insert("schema_version".into(), 1.into());
    let read = codec::import(&value.to_string()).expect("migrated");
    assert_eq!(read.schema_version, SCHEMA_VERSION);
    assert_eq!(read.enrollment, Enrollment::default());
    assert_eq!(read.connections, s.connections);
    assert_eq!(
        codec::import(
            &value
                .to_string()
                .replace("\"schema_version\":1", "\"schema_version\":0")
        )
        .expect_err("0")
        .path,
        "schema_version"
    );
}
