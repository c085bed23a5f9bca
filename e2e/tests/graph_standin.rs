//! The Graph stand-in (`e2e::graph`) on its own, no browser: the PKCE
//! sign-in round trip, requests built by `graph::request` accepted and
//! answered (and the answers valid against Microsoft's metadata), requests
//! outside the contract refused and recorded, tokens, injected faults, and
//! writes that change what later reads return.

use e2e::graph::{
    http, parse_form, Fault, GraphStandIn, Response, ADELE, ALEX, CLIENT_ID, EMS_SKU, GROUP_ID,
    ORG_ID, REDIRECT_URI,
};
use graph::contract::Spec;
use graph::permission::{self, Access, Operation};
use graph::request::{self, Branding, NewGroup};
use graph::{
    intune_seats, parse_one, parse_page, parse_set_mdm_authority, pkce, DeviceManagement,
    DirectoryObject, Domain, GraphRequest, Group, MdmAuthority, Organization, SubscribedSku, User,
};

const SCOPES: &[&str] = &[
    "https://graph.microsoft.com/Domain.ReadWrite.All",
    "https://graph.microsoft.com/User.ReadWrite.All",
    "offline_access",
];
const VERIFIER: &str = "dBjftJeZ4CK-P1lr1LxbcQxVUaX4eMZp3Nx5oSp2mXk";

/// `authorize_url` pointed at the stand-in instead of Microsoft.
fn authorize_target(state: &str, challenge: &str, redirect_uri: &str) -> String {
    let url = pkce::authorize_url(
        pkce::LOGIN_BASE,
        "organizations",
        CLIENT_ID,
        redirect_uri,
        SCOPES,
        state,
        challenge,
    );
    url.strip_prefix(pkce::LOGIN_BASE)
        .expect("login URL")
        .to_string()
}

/// Signs in: the code from the authorize redirect, checked state.
async fn code_for(g: &GraphStandIn, state: &str, challenge: &str) -> String {
    let r = http(
        g.port,
        "GET",
        &authorize_target(state, challenge, REDIRECT_URI),
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 302, "{}", r.body);
    let location = r.header("location").expect("Location").to_string();
    let query = location
        .strip_prefix(&format!("{REDIRECT_URI}?"))
        .unwrap_or_else(|| panic!("redirects to the registered URI: {location}"));
    let form = parse_form(query);
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get("state").as_deref(), Some(state));
    get("code").expect("a code")
}

async fn redeem(g: &GraphStandIn, code: &str, redirect_uri: &str, verifier: &str) -> Response {
    post_token(
        g,
        &pkce::token_request_body(CLIENT_ID, code, redirect_uri, verifier, SCOPES),
    )
    .await
}

/// A form POST to the stand-in's token endpoint (a code or a refresh token).
async fn post_token(g: &GraphStandIn, body: &str) -> Response {
    http(
        g.port,
        "POST",
        "/organizations/oauth2/v2.0/token",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(body),
    )
    .await
}

async fn send(g: &GraphStandIn, token: &str, req: &GraphRequest) -> Response {
    let target = req.url("/v1.0");
    send_raw(
        g,
        token,
        req.method.as_str(),
        &target,
        req.body.as_ref().map(|b| b.to_string()),
    )
    .await
}

async fn send_raw(
    g: &GraphStandIn,
    token: &str,
    method: &str,
    target: &str,
    body: Option<String>,
) -> Response {
    let auth = format!("Bearer {token}");
    let mut headers = vec![("Authorization", auth.as_str())];
    if body.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    http(g.port, method, target, &headers, body.as_deref()).await
}

fn assert_cors(r: &Response) {
    assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{r:?}");
}

#[tokio::test]
async fn pkce_round_trip_issues_a_token_graph_accepts() {
    let g = GraphStandIn::start().await;
    let code = code_for(&g, "s-1", &pkce::s256_challenge(VERIFIER)).await;
    let r = redeem(&g, &code, REDIRECT_URI, VERIFIER).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_cors(&r);
    let token = r.json();
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["scope"], "Domain.ReadWrite.All User.ReadWrite.All");
    assert!(token["expires_in"].as_i64().unwrap() > 0);
    let access = token["access_token"].as_str().expect("access token");
    let r = send(&g, access, &request::list_domains()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(g.refused().is_empty(), "{:?}", g.refused());
}

#[tokio::test]
async fn token_refused_for_a_wrong_verifier_a_reused_code_or_another_redirect_uri() {
    let g = GraphStandIn::start().await;
    let challenge = pkce::s256_challenge(VERIFIER);

    let code = code_for(&g, "s", &challenge).await;
    let r = redeem(
        &g,
        &code,
        REDIRECT_URI,
        "another-verifier-another-verifier-another-v",
    )
    .await;
    assert_eq!(r.status, 400);
    assert_cors(&r);
    assert_eq!(r.json()["error"], "invalid_grant");
    assert!(
        r.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("code_challenge"),
        "{}",
        r.body
    );

    let code = code_for(&g, "s", &challenge).await;
    assert_eq!(redeem(&g, &code, REDIRECT_URI, VERIFIER).await.status, 200);
    let again = redeem(&g, &code, REDIRECT_URI, VERIFIER).await;
    assert_eq!(again.status, 400);
    assert!(again.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("already redeemed"));

    let code = code_for(&g, "s", &challenge).await;
    let r = redeem(&g, &code, "http://127.0.0.1/elsewhere", VERIFIER).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("redirect_uri"));

    let r = redeem(&g, "never-issued", REDIRECT_URI, VERIFIER).await;
    assert_eq!(r.status, 400);
    assert_eq!(g.refused().len(), 4, "{:?}", g.refused());
}

#[tokio::test]
async fn authorize_refuses_a_missing_state_an_unknown_client_or_redirect() {
    let g = GraphStandIn::start().await;
    let challenge = pkce::s256_challenge(VERIFIER);
    let no_state = authorize_target("", &challenge, REDIRECT_URI);
    let r = http(g.port, "GET", &no_state, &[], None).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("'state'"), "{}", r.body);

    let r = http(
        g.port,
        "GET",
        &authorize_target("s", &challenge, "http://evil.invalid/"),
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("AADSTS50011"), "{}", r.body);

    g.set_client("11111111-2222-3333-4444-555555555555", REDIRECT_URI);
    let r = http(
        g.port,
        "GET",
        &authorize_target("s", &challenge, REDIRECT_URI),
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("AADSTS700016"), "{}", r.body);

    let plain = authorize_target("s", &challenge, REDIRECT_URI).replace("S256", "plain");
    g.set_client(CLIENT_ID, REDIRECT_URI);
    let r = http(g.port, "GET", &plain, &[], None).await;
    assert_eq!(r.status, 400);
    assert_eq!(g.refused().len(), 4, "{:?}", g.refused());
}

#[tokio::test]
async fn builder_requests_are_answered_as_graph_documents_them() {
    let g = GraphStandIn::start().await;
    let spec = Spec::v1();
    let token = g.issue_token();
    for req in [
        request::list_domains(),
        request::domain_verification_records("contoso.com").unwrap(),
        request::organization(),
        request::list_groups(),
        request::list_users(),
        request::subscribed_skus(),
        request::device_management_branding(),
        request::apple_push_certificate(),
        request::download_apple_push_csr(),
    ] {
        let r = send(&g, &token, &req).await;
        assert_eq!(
            r.status,
            200,
            "{} {}: {}",
            req.method.as_str(),
            req.path,
            r.body
        );
        assert_cors(&r);
        if let Err(e) = spec.check_response(req.method, &req.path, &r.json()) {
            panic!("{} {}: {e}\n{}", req.method.as_str(), req.path, r.body);
        }
    }

    let r = send(&g, &token, &request::list_domains()).await;
    let domains = parse_page::<Domain>(&r.body, "domains").unwrap();
    assert_eq!(domains.items.len(), 2);
    assert!(domains
        .items
        .iter()
        .any(|d| d.id == "contoso.com" && !d.is_verified));
    assert!(r.json()["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("$metadata#domains"));

    let r = send(&g, &token, &request::subscribed_skus()).await;
    let skus = parse_page::<SubscribedSku>(&r.body, "skus").unwrap();
    let seats = intune_seats(&skus.items).expect("EMS carries INTUNE_A");
    assert_eq!(seats.available, 24);
    assert!(g.refused().is_empty(), "{:?}", g.refused());
    assert!(g.unserved().is_empty(), "{:?}", g.unserved());
}

#[tokio::test]
async fn users_come_in_pages_linked_back_to_the_stand_in() {
    let g = GraphStandIn::start().await;
    g.set_page_size(2);
    let token = g.issue_token();
    let r = send(&g, &token, &request::list_users()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let first = parse_page::<User>(&r.body, "users").unwrap();
    assert_eq!(first.items.len(), 2);
    let next = first.next_link.expect("a second page");
    let target = next
        .strip_prefix(&format!("http://127.0.0.1:{}", g.port))
        .unwrap_or_else(|| panic!("the next link leads back to the stand-in: {next}"));
    assert!(target.starts_with("/v1.0/users?$select=id,"), "{target}");
    assert!(target.contains("$skiptoken="), "{target}");
    let r = send_raw(&g, &token, "GET", target, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let second = parse_page::<User>(&r.body, "users").unwrap();
    assert_eq!(second.items.len(), 1);
    assert!(second.next_link.is_none());
    let mut ids: Vec<String> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|u| u.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert!(
        r.json()["value"][0].get("mail").is_none(),
        "only the $select properties"
    );
    assert!(g.refused().is_empty(), "{:?}", g.refused());
}

#[tokio::test]
async fn requests_outside_the_contract_are_refused_and_recorded() {
    let g = GraphStandIn::start().await;
    let token = g.issue_token();
    let r = send_raw(
        &g,
        &token,
        "GET",
        "/v1.0/users?$select=id,favouriteColour",
        None,
    )
    .await;
    assert_eq!(r.status, 400);
    assert_cors(&r);
    assert_eq!(r.json()["error"]["code"], "BadRequest");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("favouriteColour"),
        "{}",
        r.body
    );
    // Graph's errors also carry innerError (date, request ids), which the
    // metadata subset's error schema leaves out.
    assert!(r.json()["error"]["innerError"]["request-id"].is_string());

    let mut group = request::create_group(&NewGroup {
        display_name: "Intune users".into(),
        mail_nickname: "intune-users".into(),
        description: None,
    })
    .unwrap();
    group.body.as_mut().unwrap()["colour"] = "blue".into();
    let r = send(&g, &token, &group).await;
    assert_eq!(r.status, 400);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("colour"),
        "{}",
        r.body
    );

    let r = send_raw(&g, &token, "GET", "/v1.0/devices", None).await;
    assert_eq!(r.status, 400);

    let refused = g.refused();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(
        refused[0].contains("favouriteColour") && refused[1].contains("colour"),
        "{refused:?}"
    );
    assert_eq!(g.tenant().groups.len(), 1, "nothing was created");
}

#[tokio::test]
async fn graph_needs_an_issued_unexpired_token() {
    let g = GraphStandIn::start().await;
    let r = http(
        g.port,
        "GET",
        &request::list_domains().url("/v1.0"),
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    assert_cors(&r);
    assert_eq!(r.json()["error"]["code"], "InvalidAuthenticationToken");
    let r = send(&g, "made-up", &request::list_domains()).await;
    assert_eq!(r.status, 401);

    let token = g.issue_token();
    assert_eq!(send(&g, &token, &request::list_domains()).await.status, 200);
    g.expire_tokens();
    let r = send(&g, &token, &request::list_domains()).await;
    assert_eq!(r.status, 401);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("expired"));
    let fresh = g.issue_token();
    assert_eq!(send(&g, &fresh, &request::list_domains()).await.status, 200);

    let preflight = http(
        g.port,
        "OPTIONS",
        "/v1.0/domains",
        &[
            ("Origin", "http://127.0.0.1:8080"),
            ("Access-Control-Request-Headers", "authorization"),
        ],
        None,
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert_cors(&preflight);
    assert!(preflight
        .header("access-control-allow-headers")
        .unwrap()
        .contains("authorization"));
    assert!(preflight
        .header("access-control-allow-methods")
        .unwrap()
        .contains("PATCH"));
    let preflight = http(
        g.port,
        "OPTIONS",
        "/organizations/oauth2/v2.0/token",
        &[("Origin", "http://127.0.0.1:8080")],
        None,
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert_cors(&preflight);
}

#[tokio::test]
async fn what_the_stand_in_does_not_answer_is_recorded_not_faked() {
    let g = GraphStandIn::start().await;
    let token = g.issue_token();
    let r = send_raw(
        &g,
        &token,
        "GET",
        &format!("/v1.0/users/{ALEX}/licenseDetails"),
        None,
    )
    .await;
    assert_eq!(r.status, 501, "{}", r.body);
    let r = send_raw(
        &g,
        &token,
        "GET",
        "/v1.0/users?$select=id&$filter=usageLocation%20eq%20null",
        None,
    )
    .await;
    assert_eq!(r.status, 501, "{}", r.body);
    let unserved = g.unserved();
    assert_eq!(unserved.len(), 2, "{unserved:?}");
    assert!(unserved[1].contains("$filter"), "{unserved:?}");
    assert!(
        g.refused().is_empty(),
        "documented requests: {:?}",
        g.refused()
    );
    assert_eq!(g.requests().len(), 2);
}

#[tokio::test]
async fn injected_faults_answer_like_graph() {
    let g = GraphStandIn::start().await;
    let token = g.issue_token();
    g.inject(Fault::Throttled, 2);
    g.inject(Fault::Forbidden("Domain.ReadWrite.All".into()), 1);
    g.inject(Fault::Unavailable, 1);
    for _ in 0..2 {
        let r = send(&g, &token, &request::list_domains()).await;
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after"), Some("1"));
        assert_cors(&r);
        assert!(r
            .header("access-control-expose-headers")
            .unwrap()
            .contains("Retry-After"));
    }
    let r = send(&g, &token, &request::add_domain("fabrikam.com").unwrap()).await;
    assert_eq!(r.status, 403);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Domain.ReadWrite.All"));
    let r = send(&g, &token, &request::list_domains()).await;
    assert_eq!(r.status, 503);
    assert_eq!(send(&g, &token, &request::list_domains()).await.status, 200);
    assert_eq!(
        g.tenant().domains.len(),
        2,
        "the refused write changed nothing"
    );
    assert!(g.refused().is_empty(), "{:?}", g.refused());
}

#[tokio::test]
async fn writes_change_what_later_reads_return() {
    let g = GraphStandIn::start().await;
    let token = g.issue_token();

    // Domains: add (unverified), verify fails until the TXT is published.
    let r = send(&g, &token, &request::add_domain("fabrikam.com").unwrap()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = send(
        &g,
        &token,
        &request::domain_verification_records("fabrikam.com").unwrap(),
    )
    .await;
    assert!(r.body.contains("MS=ms"), "{}", r.body);
    let r = send(&g, &token, &request::verify_domain("fabrikam.com").unwrap()).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("TXT"));
    g.publish_txt("fabrikam.com");
    let r = send(&g, &token, &request::verify_domain("fabrikam.com").unwrap()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = send(&g, &token, &request::list_domains()).await;
    let domains = parse_page::<Domain>(&r.body, "domains").unwrap().items;
    assert!(domains
        .iter()
        .any(|d| d.id == "fabrikam.com" && d.is_verified));

    // Licences: need a usage location first.
    let r = send(&g, &token, &request::assign_licence(ALEX, EMS_SKU).unwrap()).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("usage location"), "{}", r.body);
    let r = send(
        &g,
        &token,
        &request::set_usage_location(ALEX, "fr").unwrap(),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let r = send(&g, &token, &request::assign_licence(ALEX, EMS_SKU).unwrap()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = send(&g, &token, &request::list_users()).await;
    let users = parse_page::<User>(&r.body, "users").unwrap().items;
    let alex = users.iter().find(|u| u.id == ALEX).unwrap();
    assert_eq!(alex.usage_location.as_deref(), Some("FR"));
    assert!(alex
        .assigned_licenses
        .iter()
        .any(|l| l.sku_id.as_deref() == Some(EMS_SKU)));
    let r = send(&g, &token, &request::subscribed_skus()).await;
    let skus = parse_page::<SubscribedSku>(&r.body, "skus").unwrap().items;
    assert_eq!(intune_seats(&skus).unwrap().available, 23);

    // Groups: create, add a member.
    let r = send(
        &g,
        &token,
        &request::create_group(&NewGroup {
            display_name: "Intune users".into(),
            mail_nickname: "intune-users".into(),
            description: Some("People whose devices Intune manages".into()),
        })
        .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let created: Group = parse_one(&r.body, "group").unwrap();
    let r = send(
        &g,
        &token,
        &request::add_group_member(&created.id, ALEX).unwrap(),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let again = send(
        &g,
        &token,
        &request::add_group_member(&created.id, ALEX).unwrap(),
    )
    .await;
    assert_eq!(again.status, 400, "already a member");
    let r = send(&g, &token, &request::list_groups()).await;
    let groups = parse_page::<Group>(&r.body, "groups").unwrap().items;
    assert!(groups
        .iter()
        .any(|g| g.id == created.id && g.security_enabled == Some(true)));
    assert!(groups.iter().any(|g| g.id == GROUP_ID));
    assert_eq!(g.tenant().members[&created.id], vec![ALEX.to_string()]);
    // Its members listed, one taken out (twice: the second finds none);
    // the group renamed, its description cleared.
    let r = send(
        &g,
        &token,
        &request::list_group_members(&created.id).unwrap(),
    )
    .await;
    let members = parse_page::<DirectoryObject>(&r.body, "members")
        .unwrap()
        .items;
    assert_eq!(
        members.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        [ALEX]
    );
    let remove = request::remove_group_member(&created.id, ALEX).unwrap();
    assert_eq!(send(&g, &token, &remove).await.status, 204);
    assert_eq!(send(&g, &token, &remove).await.status, 404);
    assert!(g.tenant().members[&created.id].is_empty());
    let r = send(
        &g,
        &token,
        &request::update_group(&created.id, "Intune pilot", None).unwrap(),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let renamed = g.with_tenant(|t| {
        t.groups
            .iter()
            .find(|g| g["id"] == created.id.as_str())
            .cloned()
    });
    let renamed = renamed.expect("the group");
    assert_eq!(renamed["displayName"], "Intune pilot");
    assert_eq!(renamed["description"], serde_json::Value::Null);

    // Company Portal branding.
    let branding = Branding {
        display_name: "Contoso".into(),
        contact_it_email_address: Some("help@contoso.com".into()),
        theme_color: Some((0, 120, 212)),
        ..Default::default()
    };
    let r = send(&g, &token, &request::set_branding(&branding).unwrap()).await;
    assert_eq!(r.status, 204, "{}", r.body);
    let r = send(&g, &token, &request::device_management_branding()).await;
    let dm: DeviceManagement = parse_one(&r.body, "deviceManagement").unwrap();
    assert_eq!(r.json()["intuneBrand"]["displayName"], "Contoso", "{dm:?}");
    assert_eq!(
        r.json()["intuneBrand"]["contactITEmailAddress"],
        "help@contoso.com"
    );

    // MDM authority.
    let r = send(&g, &token, &request::set_mdm_authority(ORG_ID).unwrap()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(parse_set_mdm_authority(&r.body).unwrap(), 1);
    let r = send(&g, &token, &request::organization()).await;
    let org = parse_page::<Organization>(&r.body, "organization")
        .unwrap()
        .items;
    assert_eq!(
        org[0].mobile_device_management_authority,
        MdmAuthority::Intune
    );
    assert!(org[0]
        .verified_domains
        .iter()
        .any(|d| d.name.as_deref() == Some("fabrikam.com")));

    assert!(g.refused().is_empty(), "{:?}", g.refused());
    assert!(g.unserved().is_empty(), "{:?}", g.unserved());
}

/// Signs in through the authorize and token endpoints asking for
/// `scopes`; the access token.
async fn signed_in_with(g: &GraphStandIn, scopes: &[&str]) -> String {
    let authorize = pkce::authorize_url(
        pkce::LOGIN_BASE,
        "organizations",
        CLIENT_ID,
        REDIRECT_URI,
        scopes,
        "s-scopes",
        &pkce::s256_challenge(VERIFIER),
    );
    let target = authorize.strip_prefix(pkce::LOGIN_BASE).expect("login URL");
    let r = http(g.port, "GET", target, &[], None).await;
    assert_eq!(r.status, 302, "{}", r.body);
    let location = r.header("location").expect("Location").to_string();
    let form = parse_form(location.split_once('?').expect("a query").1);
    let code = form
        .iter()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.clone())
        .expect("a code");
    let r = redeem(g, &code, REDIRECT_URI, VERIFIER).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["access_token"]
        .as_str()
        .expect("access token")
        .to_string()
}

fn assert_insufficient_privileges(r: &Response) {
    assert_eq!(r.status, 403, "{}", r.body);
    assert_cors(r);
    let error = &r.json()["error"];
    assert_eq!(error["code"], "Authorization_RequestDenied");
    // Like Graph, the answer does not name the permission that is missing.
    assert_eq!(
        error["message"],
        "Insufficient privileges to complete the operation."
    );
    assert!(error["innerError"]["request-id"].is_string());
}

#[tokio::test]
async fn graph_refuses_what_the_token_was_not_granted() {
    let g = GraphStandIn::start().await;
    let domains_only = signed_in_with(&g, &["openid", "offline_access", "Domain.Read.All"]).await;
    let r = send(&g, &domains_only, &request::list_domains()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_insufficient_privileges(&send(&g, &domains_only, &request::list_groups()).await);
    // Reading domains does not allow adding one.
    assert_insufficient_privileges(
        &send(
            &g,
            &domains_only,
            &request::add_domain("fabrikam.com").unwrap(),
        )
        .await,
    );
    assert_eq!(g.tenant().domains.len(), 2, "nothing was added");

    let groups = g.issue_token_with_scopes(&["Group.Read.All"]);
    let r = send(&g, &groups, &request::list_groups()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        parse_page::<Group>(&r.body, "groups").unwrap().items.len(),
        1
    );
    assert_insufficient_privileges(&send(&g, &groups, &request::list_domains()).await);

    // A ReadWrite permission also reads; scopes are not case-sensitive.
    let write = g.issue_token_with_scopes(&["group.readwrite.all"]);
    assert_eq!(send(&g, &write, &request::list_groups()).await.status, 200);

    assert_eq!(
        g.denied(),
        ["GET /groups", "POST /domains", "GET /domains"],
        "recorded"
    );
    assert!(g.refused().is_empty(), "{:?}", g.refused());
    // A token issued without scopes still has them all; so do injected
    // faults.
    let all = g.issue_token();
    assert_eq!(send(&g, &all, &request::list_groups()).await.status, 200);
    g.inject(Fault::Forbidden("Group.Read.All".into()), 1);
    let r = send(&g, &groups, &request::list_groups()).await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains("Group.Read.All"), "{}", r.body);
}

#[tokio::test]
async fn user_read_reads_only_the_organization_basics() {
    let g = GraphStandIn::start().await;
    let token = g.issue_token_with_scopes(&["User.Read"]);
    let r = send(&g, &token, &request::organization()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let org = &r.json()["value"][0];
    assert_eq!(org["id"], ORG_ID);
    assert_eq!(org["displayName"], "Contoso");
    assert!(org["verifiedDomains"].is_array(), "{org}");
    assert!(org["mobileDeviceManagementAuthority"].is_null(), "{org}");
    assert!(org["onPremisesSyncEnabled"].is_null(), "{org}");

    let token = g.issue_token_with_scopes(&["User.Read", "Organization.Read.All"]);
    let r = send(&g, &token, &request::organization()).await;
    assert_eq!(
        r.json()["value"][0]["mobileDeviceManagementAuthority"],
        "unknown"
    );
}

/// A request for each operation the app's permission table lists.
fn sample(op: Operation) -> GraphRequest {
    match op {
        Operation::ListDomains => request::list_domains(),
        Operation::DomainVerificationRecords => {
            request::domain_verification_records("contoso.com").unwrap()
        }
        Operation::Organization => request::organization(),
        Operation::ListGroups => request::list_groups(),
        Operation::ListGroupMembers => request::list_group_members(GROUP_ID).unwrap(),
        Operation::ListUsers => request::list_users(),
        Operation::SubscribedSkus => request::subscribed_skus(),
        Operation::DeviceManagementBranding => request::device_management_branding(),
        Operation::ApplePushCertificate => request::apple_push_certificate(),
        Operation::DownloadApplePushCsr => request::download_apple_push_csr(),
        Operation::ImportedDevices => request::beta_imported_device_identities(),
        Operation::AndroidManagedStore => request::beta_android_managed_store(),
        Operation::ImportDeviceIdentities => {
            request::beta_import_device_identities(&[request::ImportedDevice {
                identifier: "C02XK1ZZJG5H".into(),
                imei: false,
                description: String::new(),
            }])
            .unwrap()
        }
        Operation::UploadApplePushCertificate => {
            let cert = domain::testing::push_certificate(
                Some("com.apple.mgmt.External.1c0ffee0-e2e0-4a11-9e2e-aaaaaaaaaaaa"),
                &[0x0A],
                domain::Timestamp(1_900_000_000_000),
            );
            request::upload_apple_push_certificate("apple@contoso.com", &cert.pem).unwrap()
        }
        Operation::AddDomain => request::add_domain("fabrikam.com").unwrap(),
        Operation::VerifyDomain => request::verify_domain("contoso.com").unwrap(),
        Operation::SetMdmAuthority => request::set_mdm_authority(ORG_ID).unwrap(),
        Operation::CreateGroup => request::create_group(&NewGroup {
            display_name: "Intune users".into(),
            mail_nickname: "intune-users".into(),
            description: None,
        })
        .unwrap(),
        Operation::AddGroupMember => request::add_group_member(GROUP_ID, ALEX).unwrap(),
        Operation::RemoveGroupMember => request::remove_group_member(GROUP_ID, ADELE).unwrap(),
        Operation::UpdateGroup => {
            request::update_group(GROUP_ID, "All staff", Some("Everyone at Contoso")).unwrap()
        }
        Operation::SetUsageLocation => request::set_usage_location(ALEX, "FR").unwrap(),
        Operation::AssignLicence => request::assign_licence(ALEX, EMS_SKU).unwrap(),
        Operation::SetBranding => request::set_branding(&Branding {
            display_name: "Contoso".into(),
            ..Default::default()
        })
        .unwrap(),
    }
}

/// The app's choice of scopes (`graph::permission`) against the
/// stand-in's own reading of Microsoft's pages: each operation works with
/// the one scope the app asks for it, and not without it.
#[tokio::test]
async fn each_operation_works_with_the_scope_the_app_asks_for_it() {
    let g = GraphStandIn::start().await;
    g.publish_txt("contoso.com");
    for p in permission::ALL {
        let req = sample(p.operation);
        assert_eq!(permission::for_request(&req), Some(p));
        let token = g.issue_token_with_scopes(&[p.scope]);
        let r = send(&g, &token, &req).await;
        assert!(
            (200..300).contains(&r.status),
            "{} with {}: {} {}",
            p.builder,
            p.scope,
            r.status,
            r.body
        );
        // User.Read alone (every sign-in gets it) allows none of them but
        // the organization's basics.
        let basic = g.issue_token_with_scopes(&["User.Read"]);
        let r = send(&g, &basic, &req).await;
        if p.operation == Operation::Organization {
            assert_eq!(r.status, 200);
        } else {
            assert_insufficient_privileges(&r);
        }
    }
    // Every scope the app would ask for everything, together: nothing is
    // refused.
    let all = permission::scopes(permission::ALL.iter().map(|p| p.operation));
    let token = g.issue_token_with_scopes(&all);
    for p in permission::ALL.iter().filter(|p| p.access == Access::Read) {
        assert_eq!(send(&g, &token, &sample(p.operation)).await.status, 200);
    }
    assert!(g.refused().is_empty(), "{:?}", g.refused());
    assert!(g.unserved().is_empty(), "{:?}", g.unserved());
}

/// Intune reads the push certificate it is given; one it cannot read is
/// refused and changes nothing.
#[tokio::test]
async fn the_push_certificate_upload_is_read_like_intune_does() {
    let g = GraphStandIn::start().await;
    let token = g.issue_token_with_scopes(&["DeviceManagementServiceConfig.ReadWrite.All"]);
    let bad = request::upload_apple_push_certificate(
        "apple@contoso.com",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let r = send(&g, &token, &bad).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(g.tenant().apple_push_certificate["topicIdentifier"].is_null());

    let topic = "com.apple.mgmt.External.1c0ffee0-e2e0-4a11-9e2e-aaaaaaaaaaaa";
    let cert = domain::testing::push_certificate(
        Some(topic),
        &[0x0A, 0x1B],
        domain::Timestamp(1_900_000_000_000),
    );
    let good = request::upload_apple_push_certificate("apple@contoso.com", &cert.pem).unwrap();
    let r = send(&g, &token, &good).await;
    assert_eq!(r.status, 204, "{}", r.body);
    let c = g.tenant().apple_push_certificate;
    assert_eq!(c["topicIdentifier"], topic);
    assert_eq!(c["appleIdentifier"], "apple@contoso.com");
    assert_eq!(c["expirationDateTime"], "2030-03-17T00:00:00Z");
    assert!(g.refused().is_empty(), "{:?}", g.refused());
}

async fn renew(g: &GraphStandIn, client_id: &str, refresh: &str) -> Response {
    post_token(g, &pkce::refresh_request_body(client_id, refresh, SCOPES)).await
}

/// `offline_access` gives a refresh token: it renews an expired sign-in
/// once (each use gives a new one), for its own client only, and not once
/// the sign-in is revoked.
#[tokio::test]
async fn a_refresh_token_renews_the_sign_in_once() {
    let g = GraphStandIn::start().await;
    let code = code_for(&g, "s-r", &pkce::s256_challenge(VERIFIER)).await;
    let first = redeem(&g, &code, REDIRECT_URI, VERIFIER).await.json();
    let refresh = first["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_owned();
    g.expire_access_tokens();
    let old = first["access_token"].as_str().unwrap();
    assert_eq!(send(&g, old, &request::list_domains()).await.status, 401);

    let other = renew(&g, "00000000-0000-0000-0000-000000000000", &refresh).await;
    assert_eq!(other.status, 400, "another client's: {}", other.body);
    let r = renew(&g, CLIENT_ID, &refresh).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_cors(&r);
    let renewed = r.json();
    assert_eq!(renewed["scope"], first["scope"]);
    let access = renewed["access_token"].as_str().unwrap();
    assert_eq!(send(&g, access, &request::list_domains()).await.status, 200);
    assert_eq!(g.renewals(), 1);
    // Spent: the old refresh token renews nothing; the new one does,
    // until the sign-in is revoked.
    assert_eq!(renew(&g, CLIENT_ID, &refresh).await.status, 400);
    let next = renewed["refresh_token"]
        .as_str()
        .expect("a new refresh token");
    g.expire_tokens();
    let revoked = renew(&g, CLIENT_ID, next).await;
    assert_eq!(revoked.status, 400);
    assert_eq!(revoked.json()["error"], "invalid_grant");
}
