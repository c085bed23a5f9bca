//! `HttpBackend` against the reference server (started by scripts/test,
//! which passes its address at build time): round trip, the domain's
//! refusal, a stale revision (412), a wrong token (401), an unreachable
//! server, and the app's conflict message.

mod support;

use domain::backend_settings::ServerSettings;
use domain::{Command, DomainError};
use mdm_prereqs::backend::{Backend, BackendError, HttpBackend};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn backend(tenant: &str, token: &str) -> HttpBackend {
    HttpBackend::new(ServerSettings {
        url: test_server().to_owned(),
        tenant: tenant.to_owned(),
        token: token.to_owned(),
    })
}

fn add(name: &str) -> Command {
    Command::AddDomain { name: name.into() }
}

#[wasm_bindgen_test]
async fn commands_round_trip_through_the_server() {
    let tenant = fresh_tenant("round-trip");
    let b = backend(&tenant, test_token());
    let setup = b
        .load()
        .await
        .expect("a new tenant reads as an empty setup");
    assert_eq!(setup.revision, 0);
    let after = b.apply(add("contoso.com"), 0).await.expect("accepted");
    assert_eq!(after.revision, 1);
    let again = backend(&tenant, test_token())
        .load()
        .await
        .expect("read back");
    assert_eq!(again, after);
}

#[wasm_bindgen_test]
async fn the_domain_refusal_comes_back_with_its_message() {
    let b = backend(&fresh_tenant("refused"), test_token());
    let expected = domain::Setup::new()
        .apply(add("bad_name.com"), domain::Timestamp(0))
        .expect_err("the domain refuses it");
    match b.apply(add("bad_name.com"), 0).await {
        // The server's refusal, typed as the domain's error.
        Err(BackendError::Rejected(error)) => {
            assert!(matches!(expected, DomainError::DomainName(_)));
            assert_eq!(error, expected);
            assert_eq!(error.to_string(), expected.to_string());
        }
        other => panic!("expected the domain's refusal, got {other:?}"),
    }
    assert_eq!(b.load().await.expect("read").revision, 0, "nothing written");
}

#[wasm_bindgen_test]
async fn a_stale_revision_is_a_conflict_and_nothing_is_overwritten() {
    let tenant = fresh_tenant("stale");
    let first = backend(&tenant, test_token());
    let second = backend(&tenant, test_token());
    first.apply(add("first.com"), 0).await.expect("first write");
    match second.apply(add("second.com"), 0).await {
        Err(BackendError::Conflict { current }) => {
            assert_eq!(current.revision, 1);
            assert_eq!(current.connections.domains[0].name.as_str(), "first.com");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = first.load().await.expect("read");
    assert_eq!(
        stored.connections.domains.len(),
        1,
        "the stale write changed nothing"
    );
}

#[wasm_bindgen_test]
async fn a_wrong_token_and_an_unreachable_server_are_told_apart() {
    if !test_token().is_empty() {
        let wrong = backend(&fresh_tenant("token"), "not-the-token");
        let err = wrong.load().await.expect_err("refused");
        assert!(matches!(err, BackendError::Unauthorized(_)), "{err:?}");
        assert!(
            err.to_string().contains("Check the token in Settings"),
            "{err}"
        );
    }
    let nowhere = HttpBackend::new(ServerSettings {
        url: "http://127.0.0.1:9".into(),
        tenant: "nowhere".into(),
        token: String::new(),
    });
    let err = nowhere
        .apply(add("contoso.com"), 0)
        .await
        .expect_err("unreachable");
    assert!(matches!(err, BackendError::Unavailable { .. }), "{err:?}");
    // Plain words on the page; the browser's own ("TypeError: Failed to
    // fetch") only under the technical details.
    let message = err.to_string();
    assert!(message.contains("cannot be reached"), "{message}");
    assert!(!message.contains("TypeError"), "{message}");
    assert!(!message.contains("Failed to fetch"), "{message}");
    assert!(err.detail().is_some_and(|d| !d.is_empty()), "{err:?}");
}

#[wasm_bindgen_test]
async fn the_app_shows_the_conflict_and_the_servers_version() {
    let tenant = fresh_tenant("app-conflict");
    let root = mount_backend(
        std::rc::Rc::new(backend(&tenant, test_token())),
        "#/connections",
    );
    element(&root, "#domain-name").await;
    // Someone else adds a domain after this page loaded.
    backend(&tenant, test_token())
        .apply(add("theirs.com"), 0)
        .await
        .expect("their write");
    type_into(&element(&root, "#domain-name").await, "mine.com");
    click(&element(&root, "#add-domain button[type=submit]").await);
    let status = element(&root, "#save-status").await;
    wait_for("conflict message", || {
        text(&status)
            .contains("your change was not applied")
            .then_some(())
    })
    .await;
    wait_for("their version", || {
        query(&root, "li[data-domain='theirs.com']")
    })
    .await;
    assert!(query(&root, "li[data-domain='mine.com']").is_none());
}

#[wasm_bindgen_test]
async fn a_passed_connection_test_stops_counting_once_the_details_change() {
    let key = unique_key("settings-retest");
    let root = mount_app(&key, "#/settings");
    click(&element(&root, "#backend-server").await);
    type_into(&element(&root, "#server-url").await, test_server());
    type_into(
        &element(&root, "#server-tenant").await,
        &fresh_tenant("retest"),
    );
    type_into(&element(&root, "#server-token").await, test_token());
    click(&element(&root, "#test-connection").await);
    let result = element(&root, "#connection-result").await;
    wait_for("connected", || {
        text(&result).starts_with("Connected: tenant").then_some(())
    })
    .await;
    assert!(result.class_list().contains("ok"));

    // Another tenant: the earlier success no longer vouches for it.
    type_into(&element(&root, "#server-tenant").await, "someone-else");
    wait_for("stale result", || {
        (text(&result)
            == "The server details changed since the last test: test the connection again.")
            .then_some(())
    })
    .await;
    assert!(!result.class_list().contains("ok"));
    click(&element(&root, "#use-backend").await);
    wait_for("switch refused", || {
        query(&root, "#settings-error").filter(|e| text(e).starts_with("Test the connection first"))
    })
    .await;
    storage().remove_item(&key).unwrap();
}
