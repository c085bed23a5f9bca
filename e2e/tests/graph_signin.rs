//! Issue 16, step 3: signing in to the tenant from Settings (Preview),
//! against the Graph stand-in — PKCE round trip, the token kept in this
//! tab's sessionStorage only, the connection test, forged answers refused,
//! an expired token, and signing out.

use e2e::graph::{Fault, GraphStandIn, CLIENT_ID};
use e2e::{dist_dir, journey_at, Session, StaticServer};
use std::sync::Arc;

const PENDING: &str = "mdm-prereqs.graph.pending";
const TOKEN: &str = "mdm-prereqs.graph.token";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_test_the_connection_and_sign_out() {
    let standin = Arc::new(GraphStandIn::start().await);
    let server = StaticServer::start(dist_dir(), "/").await;
    let app = server.url();
    standin.set_client(CLIENT_ID, &app);
    let g = standin.clone();
    journey_at("graph-signin", &app, move |s: Session| async move {
        s.open("#/settings").await;
        s.find("#graph-settings").await;
        assert!(s.text("#graph-settings").await.contains("Preview"));
        // The redirect URI to register: this app's origin and path.
        assert_eq!(s.text("#graph-redirect-uri").await, s.base);
        assert!(s
            .text("#graph-settings")
            .await
            .contains("Single-page application"));

        // Fields are checked as they are typed.
        s.type_into("#graph-client-id", "my-app").await;
        s.wait_text("#graph-settings", "the client ID rule", |t| {
            t.contains("Application (client) ID “my-app”")
        })
        .await;

        s.type_into("#graph-tenant", "contoso.onmicrosoft.com").await;
        s.type_into("#graph-client-id", CLIENT_ID).await;
        s.click("#graph-advanced summary").await;
        s.type_into("#graph-login-base", &g.login_base()).await;
        s.type_into("#graph-graph-base", &g.graph_base()).await;
        s.click("#graph-sign-in").await;

        // The stand-in signs in and sends the browser back with a code.
        s.wait_text("#graph-signed-in", "signed in", |t| {
            t == "Signed in to contoso.onmicrosoft.com (token kept for this tab only)."
        })
        .await;
        s.wait_text("#graph-status", "the outcome", |t| {
            t == "Signed in to contoso.onmicrosoft.com."
        })
        .await;
        let address = s
            .script("return [location.search, location.hash];")
            .await;
        assert_eq!(address, serde_json::json!(["", "#/settings"]));
        let stored = s
            .script(&format!(
                "const t = JSON.parse(sessionStorage.getItem('{TOKEN}')).access_token; \
                 const local = Object.keys(localStorage).map(k => k + '=' + localStorage.getItem(k)).join('\\n'); \
                 return [t.length > 0, local.includes(t), local.includes('{TOKEN}'), sessionStorage.getItem('{PENDING}')];"
            ))
            .await;
        assert_eq!(stored, serde_json::json!([true, false, false, null]));

        // The connection test reads the organization.
        s.click("#graph-test").await;
        let found = s
            .wait_text("#graph-test-result", "the organization", |t| {
                t.contains("from your tenant")
            })
            .await;
        assert!(found.contains("Contoso"), "{found}");
        assert_eq!(s.text("#graph-test-result [data-role=org-name]").await, "Contoso");
        assert_eq!(
            s.text("#graph-test-result [data-role=mdm-authority]").await,
            "not set yet"
        );

        // A permission the app registration lacks is named.
        g.inject(Fault::Forbidden("Organization.Read.All".into()), 1);
        s.click("#graph-test").await;
        s.wait_text("#graph-test-result", "the missing permission", |t| {
            t.contains("needs the delegated permission Organization.Read.All")
        })
        .await;

        // A forged answer when no sign-in was started: refused, the token
        // stays.
        s.client
            .goto(&format!("{}?code=x&state=y#/settings", s.base))
            .await
            .expect("navigate");
        s.wait_ready().await;
        s.wait_text("#graph-status", "no sign-in started", |t| {
            t.starts_with("No sign-in was started here")
        })
        .await;
        s.wait_text("#graph-signed-in", "still signed in", |t| {
            t.starts_with("Signed in to contoso.onmicrosoft.com")
        })
        .await;

        // An answer whose state is not the pending sign-in's: refused.
        let pending = format!(
            "sessionStorage.setItem('{PENDING}', JSON.stringify({{verifier: 'v', state: 'expected', redirect_uri: location.origin + location.pathname, settings: {{tenant: 'contoso.onmicrosoft.com', client_id: '{CLIENT_ID}', login_base: '{}', graph_base: '{}'}}}}));",
            g.login_base(),
            g.graph_base()
        );
        s.script(&pending).await;
        s.client
            .goto(&format!("{}?code=x&state=forged#/settings", s.base))
            .await
            .expect("navigate");
        s.wait_ready().await;
        s.wait_text("#graph-status", "state mismatch", |t| {
            t.contains("the check value differs")
        })
        .await;
        assert_eq!(
            s.script(&format!("return sessionStorage.getItem('{PENDING}');"))
                .await,
            serde_json::Value::Null
        );

        // The service's own refusal is shown in its words.
        s.script(&pending).await;
        s.client
            .goto(&format!(
                "{}?error=access_denied&error_description=The+user+cancelled.&state=expected#/settings",
                s.base
            ))
            .await
            .expect("navigate");
        s.wait_ready().await;
        s.wait_text("#graph-status", "the service's refusal", |t| {
            t == "Microsoft's sign-in did not sign you in (access_denied): The user cancelled."
        })
        .await;

        // An expired token: sign in again.
        g.expire_tokens();
        s.click("#graph-test").await;
        s.wait_text("#graph-test-result", "expired", |t| {
            t.contains("Sign in again")
        })
        .await;

        // Signing out forgets the token.
        s.click("#graph-sign-out").await;
        s.wait_text("#graph-signed-in", "signed out", |t| t.is_empty()).await;
        s.absent("#graph-test").await;
        assert_eq!(
            s.script(&format!(
                "return [sessionStorage.getItem('{TOKEN}'), sessionStorage.getItem('{PENDING}')];"
            ))
            .await,
            serde_json::json!([null, null])
        );
    })
    .await;
    assert_eq!(standin.refused(), Vec::<String>::new());
    drop(server);
}
