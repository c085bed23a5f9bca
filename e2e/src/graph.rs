//! A Microsoft Graph stand-in on loopback for the journeys (issue 16): the
//! identity platform's authorize and token endpoints (authorization code
//! flow with PKCE, S256) and the Graph v1.0 operations the prerequisites
//! use, answered from an in-memory tenant the test configures.
//!
//! Every `/v1.0` request is checked against Microsoft's metadata with
//! `graph::contract`; a request that does not conform is answered 400 like
//! Graph and recorded in [`GraphStandIn::refused`], which a journey asserts
//! empty. Faults the journeys need (429 with `Retry-After`, 403 naming a
//! permission, 503, an expired token) can be injected. Raw tokio TCP,
//! HTTP/1.1, one request per connection, CORS on every answer.

use ::graph::contract::Spec;
use ::graph::{GraphRequest, Method};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The application (client) id the stand-in knows unless told otherwise.
pub const CLIENT_ID: &str = "4a1aa1d5-c567-49d0-ad0b-cd957a47f842";
/// The redirect URI registered for [`CLIENT_ID`] unless told otherwise.
pub const REDIRECT_URI: &str = "http://127.0.0.1/signed-in";
/// The default tenant's organization id.
pub const ORG_ID: &str = "84841066-274d-4ec0-a5c1-276be684bdd3";
/// Enterprise Mobility + Security E3: carries the INTUNE_A service plan.
pub const EMS_SKU: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
/// Office 365 E3: no Intune.
pub const E3_SKU: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
pub const INTUNE_A_PLAN: &str = "c1ec4a95-1f05-45b3-a911-aa3fa01094f5";
/// Users of the default tenant.
pub const ADELE: &str = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
pub const ALEX: &str = "5bde3e51-d13b-4db1-9948-fe4b109d11a7";
pub const MEGAN: &str = "48d31887-5fad-4d73-a9f5-3c356e68a038";
/// The default tenant's one group.
pub const GROUP_ID: &str = "02bd9fd6-8f93-4758-87c3-1fb73740a315";

/// The tenant the stand-in answers from. Objects are kept as Graph returns
/// them (Microsoft's documented examples), so `$select` is applied to them.
#[derive(Clone, Debug)]
pub struct Tenant {
    /// The one `organization` object.
    pub organization: Value,
    pub domains: Vec<Value>,
    /// Each domain's `verificationDnsRecords` (by lower-case domain name).
    pub verification_records: BTreeMap<String, Vec<Value>>,
    /// Domains whose verification TXT record is "published": verifying them
    /// succeeds.
    pub published_txt: BTreeSet<String>,
    pub groups: Vec<Value>,
    /// Member user ids by group id.
    pub members: BTreeMap<String, Vec<String>>,
    pub users: Vec<Value>,
    pub subscribed_skus: Vec<Value>,
    /// `deviceManagement` (`id`, `intuneBrand`).
    pub device_management: Value,
    pub apple_push_certificate: Value,
    /// Beta `importedDeviceIdentities`: the corporate identifiers.
    pub imported_devices: Vec<Value>,
    /// Beta `androidManagedStoreAccountEnterpriseSettings`.
    pub android_store: Value,
}

fn txt_and_mx(domain: &str, code: &str) -> Vec<Value> {
    vec![
        json!({
            "@odata.type": "#microsoft.graph.domainDnsTxtRecord",
            "id": uuid(),
            "isOptional": false,
            "label": domain,
            "recordType": "Txt",
            "supportedService": "Email",
            "ttl": 3600,
            "text": format!("MS=ms{code}")
        }),
        json!({
            "@odata.type": "#microsoft.graph.domainDnsMxRecord",
            "id": uuid(),
            "isOptional": false,
            "label": domain,
            "recordType": "Mx",
            "supportedService": "Email",
            "ttl": 3600,
            "mailExchange": format!("ms{code}.msv1.invalid"),
            "preference": 32767
        }),
    ]
}

fn new_domain(name: &str, verified: bool, initial: bool) -> Value {
    json!({
        "authenticationType": "Managed",
        "availabilityStatus": null,
        "id": name,
        "isAdminManaged": true,
        "isDefault": initial,
        "isInitial": initial,
        "isRoot": true,
        "isVerified": verified,
        "passwordNotificationWindowInDays": 14,
        "passwordValidityPeriodInDays": 2147483647,
        "supportedServices": if verified { json!(["Email", "OfficeCommunicationsOnline"]) } else { json!([]) },
        "state": null
    })
}

fn sku(sku_id: &str, part: &str, consumed: i64, enabled: i64, plans: Value) -> Value {
    json!({
        "accountId": ORG_ID,
        "accountName": "Contoso",
        "appliesTo": "User",
        "capabilityStatus": "Enabled",
        "consumedUnits": consumed,
        "id": format!("{ORG_ID}_{sku_id}"),
        "prepaidUnits": {"enabled": enabled, "suspended": 0, "warning": 0, "lockedOut": 0},
        "servicePlans": plans,
        "skuId": sku_id,
        "skuPartNumber": part,
        "subscriptionIds": [uuid()]
    })
}

/// A user as `GET /users` shows one.
pub fn user(id: &str, name: &str, upn: &str, usage_location: Option<&str>, skus: &[&str]) -> Value {
    json!({
        "id": id,
        "displayName": name,
        "userPrincipalName": upn,
        "usageLocation": usage_location,
        "assignedLicenses": skus.iter().map(|s| json!({"disabledPlans": [], "skuId": s})).collect::<Vec<_>>(),
        "onPremisesSyncEnabled": null
    })
}

impl Tenant {
    /// Contoso: `contoso.onmicrosoft.com` (verified) and `contoso.com`
    /// (added, not verified, TXT `MS=ms12345678` not published); MDM
    /// authority unknown; three users (Adele: US, EMS; Alex: no usage
    /// location, no licence; Megan: GB, E3); one group with Adele; EMS
    /// (25 seats, 1 used, INTUNE_A) and E3 (100 seats, 1 used); a default
    /// Company Portal brand; no Apple push certificate uploaded.
    pub fn contoso() -> Tenant {
        let mut verification_records = BTreeMap::new();
        verification_records.insert(
            "contoso.onmicrosoft.com".to_string(),
            txt_and_mx("contoso.onmicrosoft.com", "87654321"),
        );
        verification_records.insert(
            "contoso.com".to_string(),
            txt_and_mx("contoso.com", "12345678"),
        );
        Tenant {
            organization: json!({
                "id": ORG_ID,
                "displayName": "Contoso",
                "mobileDeviceManagementAuthority": "unknown",
                "onPremisesSyncEnabled": null,
                "onPremisesLastSyncDateTime": null,
                "verifiedDomains": [
                    {"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": true, "isInitial": true, "name": "contoso.onmicrosoft.com", "type": "Managed"}
                ]
            }),
            domains: vec![
                new_domain("contoso.onmicrosoft.com", true, true),
                new_domain("contoso.com", false, false),
            ],
            verification_records,
            published_txt: BTreeSet::new(),
            groups: vec![json!({
                "id": GROUP_ID, "displayName": "All staff", "description": null,
                "mailEnabled": false, "mailNickname": "all-staff", "securityEnabled": true, "groupTypes": []
            })],
            members: BTreeMap::from([(GROUP_ID.to_string(), vec![ADELE.to_string()])]),
            users: vec![
                user(
                    ADELE,
                    "Adele Vance",
                    "AdeleV@contoso.com",
                    Some("US"),
                    &[EMS_SKU],
                ),
                user(ALEX, "Alex Wilber", "AlexW@contoso.com", None, &[]),
                user(
                    MEGAN,
                    "Megan Bowen",
                    "MeganB@contoso.com",
                    Some("GB"),
                    &[E3_SKU],
                ),
            ],
            subscribed_skus: vec![
                sku(
                    EMS_SKU,
                    "EMS",
                    1,
                    25,
                    json!([
                        {"servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "servicePlanName": "AAD_PREMIUM", "provisioningStatus": "Success", "appliesTo": "User"},
                        {"servicePlanId": INTUNE_A_PLAN, "servicePlanName": "INTUNE_A", "provisioningStatus": "Success", "appliesTo": "User"}
                    ]),
                ),
                sku(
                    E3_SKU,
                    "ENTERPRISEPACK",
                    1,
                    100,
                    json!([
                        {"servicePlanId": "efb87545-963c-4e0d-99df-69c6916d9eb0", "servicePlanName": "EXCHANGE_S_ENTERPRISE", "provisioningStatus": "Success", "appliesTo": "User"}
                    ]),
                ),
            ],
            device_management: json!({
                "id": "3b0b4fe2-1ff6-4d5b-a35d-8e1e5d3c2f1a",
                "intuneBrand": {
                    "displayName": null,
                    "contactITName": null,
                    "contactITPhoneNumber": null,
                    "contactITEmailAddress": null,
                    "contactITNotes": null,
                    "privacyUrl": null,
                    "onlineSupportSiteUrl": null,
                    "onlineSupportSiteName": null,
                    "themeColor": {"r": 0, "g": 114, "b": 198},
                    "showLogo": false,
                    "showNameNextToLogo": false,
                    "showDisplayNameNextToLogo": false,
                    "lightBackgroundLogo": null,
                    "darkBackgroundLogo": null
                }
            }),
            apple_push_certificate: json!({
                "@odata.type": "#microsoft.graph.applePushNotificationCertificate",
                "id": "6ab17ebf-ebf6-4c4b-b8fa-b6ad9e4d3a7e",
                "appleIdentifier": null,
                "topicIdentifier": null,
                "lastModifiedDateTime": "0001-01-01T00:00:00Z",
                "expirationDateTime": "0001-01-01T00:00:00Z",
                "certificateUploadStatus": null,
                "certificateUploadFailureReason": null,
                "certificateSerialNumber": null,
                "certificate": null
            }),
            imported_devices: vec![json!({
                "id": "7f3f8c5e-0b3e-4f7a-9d61-3c1f0c6f1a01",
                "importedDeviceIdentifier": "490154203237518",
                "importedDeviceIdentityType": "imei",
                "description": "Reception phone",
                "platform": "unknown",
                "enrollmentState": "notContacted",
                "createdDateTime": "2026-11-02T09:00:00Z",
                "lastModifiedDateTime": "2026-11-02T09:00:00Z",
                "lastContactedDateTime": "0001-01-01T00:00:00Z"
            })],
            android_store: json!({
                "id": "androidManagedStoreAccountEnterpriseSettings",
                "bindStatus": "notBound",
                "ownerUserPrincipalName": null,
                "ownerOrganizationName": null,
                "lastAppSyncDateTime": "0001-01-01T00:00:00Z",
                "lastAppSyncStatus": "success",
                "lastModifiedDateTime": "0001-01-01T00:00:00Z",
                "deviceOwnerManagementEnabled": false,
                "androidDeviceOwnerFullyManagedEnrollmentEnabled": false,
                "companyCodes": [],
                "targetGroupIds": []
            }),
        }
    }
}

/// A fault the next requests to `/v1.0` answer with (after the token and
/// contract checks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 `TooManyRequests` with `Retry-After: 1`.
    Throttled,
    /// 403 `Authorization_RequestDenied` naming the permission that is
    /// missing (like `Domain.ReadWrite.All`).
    Forbidden(String),
    /// 503 `ServiceNotAvailable` with `Retry-After: 1`.
    Unavailable,
}

struct Grant {
    challenge: String,
    client_id: String,
    redirect_uri: String,
    scope: String,
    used: bool,
}

struct State {
    client_id: String,
    redirect_uri: String,
    page_size: usize,
    tenant: Tenant,
    grants: BTreeMap<String, Grant>,
    /// Issued access tokens; false once expired.
    tokens: BTreeMap<String, bool>,
    faults: VecDeque<Fault>,
    refused: Vec<String>,
    unserved: Vec<String>,
    requests: Vec<String>,
    /// The scopes each access token was granted; a token missing here
    /// (from [`GraphStandIn::issue_token`]) has every scope.
    granted: BTreeMap<String, BTreeSet<String>>,
    /// Requests answered 403 for want of a permission.
    denied: Vec<String>,
    /// Issued refresh tokens: the client and scopes they renew; removed
    /// once used (each use gives a new one) or revoked.
    refresh: BTreeMap<String, (String, String)>,
    /// How many sign-ins were renewed with a refresh token, and how many
    /// renewals were refused (the refresh token spent or revoked).
    renewals: usize,
    renewals_refused: usize,
}

struct Shared {
    port: u16,
    spec: Spec,
    state: Mutex<State>,
}

pub struct GraphStandIn {
    pub port: u16,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Drop for GraphStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl GraphStandIn {
    /// Listens on a free loopback port with [`Tenant::contoso`],
    /// [`CLIENT_ID`] and [`REDIRECT_URI`], 100 items a page.
    pub async fn start() -> GraphStandIn {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let shared = Arc::new(Shared {
            port,
            spec: Spec::v1(),
            state: Mutex::new(State {
                client_id: CLIENT_ID.into(),
                redirect_uri: REDIRECT_URI.into(),
                page_size: 100,
                tenant: Tenant::contoso(),
                grants: BTreeMap::new(),
                tokens: BTreeMap::new(),
                faults: VecDeque::new(),
                refused: Vec::new(),
                unserved: Vec::new(),
                requests: Vec::new(),
                granted: BTreeMap::new(),
                denied: Vec::new(),
                refresh: BTreeMap::new(),
                renewals: 0,
                renewals_refused: 0,
            }),
        });
        let serving = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = serving.clone();
                tokio::spawn(async move {
                    let _ = handle(stream, &shared).await;
                });
            }
        });
        GraphStandIn { port, shared, task }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared.state.lock().expect("lock")
    }

    /// The sign-in base, in place of `https://login.microsoftonline.com`.
    pub fn login_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The Graph base, in place of `https://graph.microsoft.com/v1.0`.
    pub fn graph_base(&self) -> String {
        format!("http://127.0.0.1:{}/v1.0", self.port)
    }

    /// The app registration: its client id and its one redirect URI.
    pub fn set_client(&self, client_id: &str, redirect_uri: &str) {
        let mut s = self.state();
        s.client_id = client_id.into();
        s.redirect_uri = redirect_uri.into();
    }

    /// How many items a collection page holds (at least 1).
    pub fn set_page_size(&self, n: usize) {
        self.state().page_size = n.max(1);
    }

    pub fn set_tenant(&self, tenant: Tenant) {
        self.state().tenant = tenant;
    }

    /// The tenant as the requests so far left it.
    pub fn tenant(&self) -> Tenant {
        self.state().tenant.clone()
    }

    /// Changes the tenant in place.
    pub fn with_tenant<R>(&self, f: impl FnOnce(&mut Tenant) -> R) -> R {
        f(&mut self.state().tenant)
    }

    /// The domain's TXT record is now in public DNS: verifying it succeeds.
    pub fn publish_txt(&self, domain: &str) {
        self.state()
            .tenant
            .published_txt
            .insert(domain.to_ascii_lowercase());
    }

    /// The next `n` Graph requests answer with `fault`.
    pub fn inject(&self, fault: Fault, n: usize) {
        let mut s = self.state();
        for _ in 0..n {
            s.faults.push_back(fault.clone());
        }
    }

    /// Every access token issued so far expires: Graph answers 401
    /// `InvalidAuthenticationToken` until the app signs in again.
    /// Expires every access token and revokes every refresh token: only
    /// signing in again helps.
    pub fn expire_tokens(&self) {
        let mut state = self.state();
        for valid in state.tokens.values_mut() {
            *valid = false;
        }
        state.refresh.clear();
    }

    /// Expires the access tokens only: a refresh token renews them.
    pub fn expire_access_tokens(&self) {
        for valid in self.state().tokens.values_mut() {
            *valid = false;
        }
    }

    /// How many sign-ins were renewed with a refresh token.
    pub fn renewals(&self) -> usize {
        self.state().renewals
    }

    /// How many renewals were refused (the refresh token spent or revoked).
    pub fn renewals_refused(&self) -> usize {
        self.state().renewals_refused
    }

    /// Issues a token without a sign-in (for tests of the Graph side).
    pub fn issue_token(&self) -> String {
        let token = random_token();
        self.state().tokens.insert(token.clone(), true);
        token
    }

    /// Requests refused for not following the identity platform's or
    /// Graph's contract (should stay empty in a journey).
    pub fn refused(&self) -> Vec<String> {
        self.state().refused.clone()
    }

    /// Documented Graph operations this stand-in does not answer (501).
    pub fn unserved(&self) -> Vec<String> {
        self.state().unserved.clone()
    }

    /// Every request received, as `METHOD target`.
    pub fn requests(&self) -> Vec<String> {
        self.state().requests.clone()
    }

    /// Issues a token without a sign-in that was granted only `scopes`
    /// (like `Domain.Read.All`): Graph requests none of whose permissions
    /// it holds are answered 403, as Graph does.
    pub fn issue_token_with_scopes(&self, scopes: &[&str]) -> String {
        let token = random_token();
        let mut s = self.state();
        s.tokens.insert(token.clone(), true);
        s.granted.insert(
            token.clone(),
            scopes.iter().map(|x| x.to_string()).collect(),
        );
        token
    }

    /// Requests answered 403 because the token held none of the delegated
    /// permissions that allow them, as `METHOD path`.
    pub fn denied(&self) -> Vec<String> {
        self.state().denied.clone()
    }

    // ---- the tenant as the journeys check it ----

    /// The workspace's sample directory lives in contoso.onmicrosoft.com:
    /// the stand-in's users are given the same user names (Lee Gu and
    /// Nestor Wilke are in the workspace only).
    pub fn sample_user_names(&self) {
        self.with_tenant(|t| {
            for u in &mut t.users {
                let alias = match u["id"].as_str() {
                    Some(ADELE) => "adelev",
                    Some(ALEX) => "alexw",
                    Some(MEGAN) => "meganb",
                    _ => continue,
                };
                u["userPrincipalName"] = json!(format!("{alias}@contoso.onmicrosoft.com"));
            }
        });
    }

    /// The tenant's domain `name`, if it has it.
    pub fn tenant_domain(&self, name: &str) -> Option<Value> {
        self.tenant()
            .domains
            .into_iter()
            .find(|d| d["id"] == json!(name))
    }

    /// The tenant's groups called `name` (ignoring case).
    pub fn tenant_groups(&self, name: &str) -> Vec<Value> {
        self.tenant()
            .groups
            .into_iter()
            .filter(|gr| {
                gr["displayName"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .collect()
    }

    /// The one tenant group called `name`, and its members' ids.
    pub fn tenant_group(&self, name: &str) -> (Value, Vec<String>) {
        let found = self.tenant_groups(name);
        assert_eq!(found.len(), 1, "groups called {name}: {found:?}");
        let id = found[0]["id"].as_str().unwrap_or_default().to_string();
        let members = self.tenant().members.get(&id).cloned().unwrap_or_default();
        (found[0].clone(), members)
    }

    /// The tenant user `id`'s usage location and licence SKUs.
    pub fn tenant_user(&self, id: &str) -> (Value, Vec<String>) {
        let t = self.tenant();
        let user = t
            .users
            .iter()
            .find(|u| u["id"] == json!(id))
            .cloned()
            .unwrap_or_default();
        let skus = user["assignedLicenses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l["skuId"].as_str().map(str::to_owned))
            .collect();
        (user["usageLocation"].clone(), skus)
    }

    /// One property of the tenant's Company Portal branding (`intuneBrand`).
    pub fn brand(&self, field: &str) -> Value {
        self.tenant().device_management["intuneBrand"][field].clone()
    }
}

// ---- randomness, ids ----

fn random_u64() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

fn uuid() -> String {
    let (a, b) = (random_u64(), random_u64());
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

fn random_token() -> String {
    format!(
        "{:016x}{:016x}{:016x}",
        random_u64(),
        random_u64(),
        random_u64()
    )
}

// ---- HTTP ----

/// One HTTP answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (panics if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}: {}", self.status, self.body))
    }
}

/// A tiny HTTP/1.1 client for the tests: one request on a new connection
/// to `127.0.0.1:port`, read to the end (the stand-ins close).
pub async fn http(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let body = body.unwrap_or_default();
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Percent-decoding (`+` is a space, as in forms and Graph's query; path
/// segments keep theirs).
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit()
                && b[i + 2].is_ascii_hexdigit() =>
            {
                let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b=2` decoded, in order.
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8".into(),
            )],
            body: body.to_string(),
        }
    }

    fn empty(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    fn with(mut self, k: &str, v: &str) -> Answer {
        self.headers.push((k.into(), v.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut buf).await?;
        if n == 0 || raw.len() > 64 * 1024 {
            return Ok(None);
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = raw[end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (target.clone(), String::new()),
    };
    Ok(Some(Request {
        method,
        path,
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }))
}

async fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let Some(req) = read_request(&mut stream).await? else {
        return Ok(());
    };
    let answer = route(&req, shared);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\
         Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: authorization, content-type\r\n\
         Access-Control-Allow-Methods: GET, POST, PATCH, DELETE, OPTIONS\r\n\
         Access-Control-Expose-Headers: Retry-After, Location\r\nAccess-Control-Max-Age: 600\r\n",
        answer.status,
        reason(answer.status),
        answer.body.len()
    );
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(answer.body.as_bytes()).await?;
    stream.shutdown().await
}

fn route(req: &Request, shared: &Shared) -> Answer {
    let mut state = shared.state.lock().expect("lock");
    let target = if req.query.is_empty() {
        req.path.clone()
    } else {
        format!("{}?{}", req.path, req.query)
    };
    state.requests.push(format!("{} {target}", req.method));
    if req.method == "OPTIONS" {
        return Answer::empty(204);
    }
    let segments: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        [_tenant, "oauth2", "v2.0", "authorize"] if req.method == "GET" => {
            authorize(req, &mut state)
        }
        [_tenant, "oauth2", "v2.0", "token"] if req.method == "POST" => token(req, &mut state),
        ["v1.0", ..] | ["beta", ..] => graph_api(req, shared, &mut state),
        _ => Answer::json(
            404,
            json!({"error": {"code": "NotFound", "message": format!("The stand-in has nothing at {} {}", req.method, req.path)}}),
        ),
    }
}

// ---- identity platform ----

/// An identity platform error, recorded as a refusal of what the app sent.
fn aad_error(state: &mut State, status: u16, error: &str, code: u32, text: &str) -> Answer {
    state.refused.push(format!("AADSTS{code}: {text}"));
    aad_answer(status, error, code, text)
}

/// An identity platform error the app is right to meet (a sign-in that
/// has ended): not recorded as a refusal.
fn aad_answer(status: u16, error: &str, code: u32, text: &str) -> Answer {
    let description = format!("AADSTS{code}: {text}");
    Answer::json(
        status,
        json!({
            "error": error,
            "error_description": description,
            "error_codes": [code],
            "timestamp": "2024-05-01 12:00:00Z",
            "trace_id": uuid(),
            "correlation_id": uuid()
        }),
    )
}

fn authorize(req: &Request, state: &mut State) -> Answer {
    let q = parse_form(&req.query);
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    for k in [
        "client_id",
        "response_type",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
    ] {
        if get(k).is_none_or(str::is_empty) {
            return aad_error(
                state,
                400,
                "invalid_request",
                900144,
                &format!("The request body must contain the following parameter: '{k}'."),
            );
        }
    }
    let (client_id, redirect_uri) = (get("client_id").unwrap(), get("redirect_uri").unwrap());
    if get("response_type") != Some("code") {
        return aad_error(
            state,
            400,
            "unsupported_response_type",
            70005,
            "The provided value for the input parameter 'response_type' is not allowed for this request. Expected value: 'code'.",
        );
    }
    if client_id != state.client_id {
        let text =
            format!("Application with identifier '{client_id}' was not found in the directory.");
        return aad_error(state, 400, "unauthorized_client", 700016, &text);
    }
    if redirect_uri != state.redirect_uri {
        let text = format!("The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{client_id}'.");
        return aad_error(state, 400, "invalid_request", 50011, &text);
    }
    if get("code_challenge_method") != Some("S256") {
        return aad_error(
            state,
            400,
            "invalid_request",
            501491,
            "Invalid code_challenge_method: use S256.",
        );
    }
    let code = random_token();
    state.grants.insert(
        code.clone(),
        Grant {
            challenge: get("code_challenge").unwrap().into(),
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            scope: get("scope").unwrap().into(),
            used: false,
        },
    );
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    let location = format!(
        "{redirect_uri}{sep}code={code}&state={}",
        ::graph::encode::form_component(get("state").unwrap())
    );
    Answer::empty(302).with("Location", &location)
}

fn token(req: &Request, state: &mut State) -> Answer {
    let form = parse_form(&req.body);
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if !req
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
    {
        return aad_error(
            state,
            400,
            "invalid_request",
            900144,
            "The request body must be application/x-www-form-urlencoded.",
        );
    }
    if get("grant_type") == "refresh_token" {
        return refresh(state, &get("client_id"), &get("refresh_token"));
    }
    if get("grant_type") != "authorization_code" {
        return aad_error(
            state,
            400,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type; use authorization_code or refresh_token.",
        );
    }
    for k in ["client_id", "code", "redirect_uri", "code_verifier"] {
        if get(k).is_empty() {
            return aad_error(
                state,
                400,
                "invalid_request",
                900144,
                &format!("The request body must contain the following parameter: '{k}'."),
            );
        }
    }
    let code = get("code");
    let problem = match state.grants.get(&code) {
        None => Some((70008, "The provided authorization code is not known or has expired.".to_string())),
        Some(g) if g.used => Some((54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code.".into())),
        Some(g) if g.client_id != get("client_id") => Some((700016, format!("The code was issued to application '{}', not '{}'.", g.client_id, get("client_id")))),
        Some(g) if g.redirect_uri != get("redirect_uri") => Some((50011, format!("The redirect_uri '{}' does not match the one of the authorization request ('{}').", get("redirect_uri"), g.redirect_uri))),
        Some(g) if ::graph::pkce::s256_challenge(&get("code_verifier")) != g.challenge => Some((501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.".into())),
        Some(_) => None,
    };
    if let Some((n, text)) = problem {
        if let Some(g) = state.grants.get_mut(&code) {
            g.used = true;
        }
        return aad_error(state, 400, "invalid_grant", n, &text);
    }
    let grant = state.grants.get_mut(&code).expect("known code");
    grant.used = true;
    let scope = grant
        .scope
        .split(' ')
        .filter(|s| !matches!(*s, "openid" | "profile" | "offline_access" | ""))
        .map(|s| s.trim_start_matches("https://graph.microsoft.com/"))
        .collect::<Vec<_>>()
        .join(" ");
    let client_id = grant.client_id.clone();
    let offline = grant.scope.split(' ').any(|s| s == "offline_access");
    token_answer(state, &client_id, scope, offline)
}

/// A new access token for `scope` (and, with `offline_access`, a refresh
/// token that renews it).
fn token_answer(state: &mut State, client_id: &str, scope: String, offline: bool) -> Answer {
    let access = random_token();
    state.tokens.insert(access.clone(), true);
    state.granted.insert(
        access.clone(),
        scope.split(' ').map(str::to_string).collect(),
    );
    let mut answer = json!({
        "token_type": "Bearer",
        "scope": scope,
        "expires_in": 3599,
        "ext_expires_in": 3599,
        "access_token": access
    });
    if offline {
        let refresh = random_token();
        state
            .refresh
            .insert(refresh.clone(), (client_id.to_owned(), scope));
        answer["refresh_token"] = json!(refresh);
    }
    Answer::json(200, answer)
}

/// `grant_type=refresh_token`: a refresh token this stand-in issued to
/// this client, not used or revoked, gives a new access token with the
/// same scopes and a new refresh token (the old one is spent).
fn refresh(state: &mut State, client_id: &str, token: &str) -> Answer {
    match state.refresh.get(token).cloned() {
        None => {
            state.renewals_refused += 1;
            aad_answer(
                400,
                "invalid_grant",
                700082,
                "The refresh token has expired due to inactivity, was revoked or was already used.",
            )
        }
        Some((client, _)) if client != client_id => aad_error(
            state,
            400,
            "invalid_grant",
            700016,
            &format!("The refresh token was issued to application '{client}', not '{client_id}'."),
        ),
        Some((_, scope)) => {
            state.refresh.remove(token);
            state.renewals += 1;
            token_answer(state, client_id, scope, true)
        }
    }
}

// ---- Graph v1.0 ----

fn graph_error(status: u16, code: &str, message: &str) -> Answer {
    Answer::json(
        status,
        json!({"error": {
            "code": code,
            "message": message,
            "innerError": {"date": "2024-05-01T12:00:00", "request-id": uuid(), "client-request-id": uuid()}
        }}),
    )
}

fn refuse(state: &mut State, what: String) -> Answer {
    state.refused.push(what.clone());
    graph_error(400, "BadRequest", &what)
}

fn graph_api(req: &Request, shared: &Shared, state: &mut State) -> Answer {
    let token = req
        .header("authorization")
        .and_then(|a| a.strip_prefix("Bearer "));
    match token.map(|t| state.tokens.get(t)) {
        None => return graph_error(401, "InvalidAuthenticationToken", "Access token is empty."),
        Some(None) => {
            return graph_error(
                401,
                "InvalidAuthenticationToken",
                "IDX14100: JWT is not well formed, there are no dots (.).",
            )
        }
        Some(Some(false)) => {
            return graph_error(
                401,
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
            )
        }
        Some(Some(true)) => {}
    }
    let method = match req.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        m => return refuse(state, format!("{m} is not a Graph method")),
    };
    // Beta: the Intune operations v1.0 lacks, checked against the beta
    // names (see graph::contract).
    let beta = req.path.starts_with("/beta/");
    let version = if beta { "beta" } else { "v1.0" };
    let path = req.path[version.len() + 1..].to_string();
    let mut query = parse_form(&req.query);
    let skip: usize = match query.iter().position(|(k, _)| k == "$skiptoken") {
        Some(i) => match query.remove(i).1.parse() {
            Ok(n) => n,
            Err(_) => {
                return refuse(
                    state,
                    format!("{path}: $skiptoken is not one this stand-in issued"),
                )
            }
        },
        None => 0,
    };
    let body = if req.body.trim().is_empty() {
        None
    } else {
        match serde_json::from_str::<Value>(&req.body) {
            Ok(v) => Some(v),
            Err(e) => {
                return refuse(
                    state,
                    format!("{} {path}: the body is not JSON: {e}", req.method),
                )
            }
        }
    };
    if body.is_some()
        && !req
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json"))
    {
        return refuse(
            state,
            format!(
                "{} {path}: a JSON body needs Content-Type: application/json",
                req.method
            ),
        );
    }
    let greq = GraphRequest {
        method,
        path: path.clone(),
        query: query.clone(),
        body,
        beta,
    };
    if let Err(e) = shared.spec.check_request(&greq) {
        return refuse(state, format!("{} {path}: {e}", req.method));
    }
    let reach = scope_reach(state, token.unwrap_or_default(), method, &path);
    if reach == Reach::None {
        return deny(state, format!("{} {path}", req.method));
    }
    // Query options the stand-in does not evaluate: answering them as if
    // they were applied would mislead a journey.
    if let Some((k, _)) = query.iter().find(|(k, _)| {
        matches!(
            k.as_str(),
            "$filter" | "$search" | "$orderby" | "$expand" | "$count"
        )
    }) {
        let what = format!("{} {path} with {k}", req.method);
        state.unserved.push(what.clone());
        return graph_error(
            501,
            "NotImplemented",
            &format!("The Graph stand-in does not evaluate {k} ({what})."),
        );
    }
    if let Some(fault) = state.faults.pop_front() {
        return match fault {
            Fault::Throttled => graph_error(
                429,
                "TooManyRequests",
                "Too many requests. Retry after the time in the Retry-After header.",
            )
            .with("Retry-After", "1"),
            Fault::Forbidden(permission) => graph_error(
                403,
                "Authorization_RequestDenied",
                &format!("Insufficient privileges to complete the operation. The application needs the {permission} permission."),
            ),
            Fault::Unavailable => graph_error(
                503,
                "ServiceNotAvailable",
                "The service is temporarily unavailable. Try again later.",
            )
            .with("Retry-After", "1"),
        };
    }
    let ctx = Ctx {
        base: format!("http://127.0.0.1:{}/{version}", shared.port),
        raw_query: req.query.clone(),
        select: greq.selected().iter().map(|s| s.to_string()).collect(),
        top: query
            .iter()
            .find(|(k, _)| k == "$top")
            .and_then(|(_, v)| v.parse().ok()),
        skip,
        page_size: state.page_size,
    };
    let answer = serve(&ctx, method, &path, greq.body, state);
    if reach == Reach::OrganizationBasics {
        return organization_basics(answer);
    }
    answer
}

struct Ctx {
    base: String,
    raw_query: String,
    select: Vec<String>,
    top: Option<usize>,
    skip: usize,
    page_size: usize,
}

impl Ctx {
    fn context(&self, what: &str) -> String {
        if self.select.is_empty() {
            format!("{}/$metadata#{what}", self.base)
        } else {
            format!("{}/$metadata#{what}({})", self.base, self.select.join(","))
        }
    }

    fn selected(&self, item: &Value) -> Value {
        match item {
            Value::Object(o) if !self.select.is_empty() => Value::Object(
                o.iter()
                    .filter(|(k, _)| k.starts_with('@') || self.select.contains(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            v => v.clone(),
        }
    }

    fn entity(&self, what: &str, item: &Value) -> Answer {
        let mut v = self.selected(item);
        if let Some(o) = v.as_object_mut() {
            o.insert("@odata.context".into(), Value::String(self.context(what)));
        }
        Answer::json(200, v)
    }

    /// One page of a collection, with `@odata.nextLink` back to the
    /// stand-in when more follow.
    fn page(&self, path: &str, what: &str, items: &[Value]) -> Answer {
        let size = self
            .top
            .unwrap_or(self.page_size)
            .min(self.page_size)
            .max(1);
        let end = (self.skip + size).min(items.len());
        let start = self.skip.min(end);
        let mut out = Map::new();
        out.insert("@odata.context".into(), Value::String(self.context(what)));
        if end < items.len() {
            let kept: Vec<&str> = self
                .raw_query
                .split('&')
                .filter(|p| {
                    !p.is_empty()
                        && !p.starts_with("$skiptoken=")
                        && !p.starts_with("%24skiptoken=")
                })
                .collect();
            let mut q = kept.join("&");
            if !q.is_empty() {
                q.push('&');
            }
            out.insert(
                "@odata.nextLink".into(),
                Value::String(format!("{}{path}?{q}$skiptoken={end}", self.base)),
            );
        }
        out.insert(
            "value".into(),
            Value::Array(items[start..end].iter().map(|i| self.selected(i)).collect()),
        );
        Answer::json(200, Value::Object(out))
    }
}

fn find<'a>(items: &'a mut [Value], key: &str, id: &str) -> Option<&'a mut Value> {
    items.iter_mut().find(|i| {
        i["id"].as_str().is_some_and(|v| v.eq_ignore_ascii_case(id))
            || (!key.is_empty() && i[key].as_str().is_some_and(|v| v.eq_ignore_ascii_case(id)))
    })
}

fn not_found(what: &str, id: &str) -> Answer {
    graph_error(
        404,
        "Request_ResourceNotFound",
        &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present. ({what})"),
    )
}

fn merge(target: &mut Value, patch: &Value) {
    if let (Some(t), Some(p)) = (target.as_object_mut(), patch.as_object()) {
        for (k, v) in p {
            match (t.get_mut(k), v) {
                (Some(existing @ Value::Object(_)), Value::Object(_)) => merge(existing, v),
                _ => {
                    t.insert(k.clone(), v.clone());
                }
            }
        }
    }
}

fn serve(ctx: &Ctx, method: Method, path: &str, body: Option<Value>, state: &mut State) -> Answer {
    let decoded: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(|seg| decode(&seg.replace('+', "%2B")))
        .collect();
    let seg: Vec<&str> = decoded.iter().map(String::as_str).collect();
    let body = body.unwrap_or(Value::Null);
    let t = &mut state.tenant;
    match (method, seg.as_slice()) {
        (Method::Get, ["domains"]) => ctx.page(path, "domains", &t.domains),
        (Method::Get, ["domains", d]) => match find(&mut t.domains, "", d) {
            Some(v) => ctx.entity("domains/$entity", v),
            None => not_found("domain", d),
        },
        (Method::Get, ["domains", d, "verificationDnsRecords"]) => {
            match t.verification_records.get(&d.to_ascii_lowercase()) {
                Some(records) => ctx.page(
                    path,
                    &format!("domains('{d}')/verificationDnsRecords"),
                    records,
                ),
                None => not_found("domain", d),
            }
        }
        (Method::Post, ["domains"]) => {
            let name = body["id"].as_str().unwrap_or_default().to_ascii_lowercase();
            if name.is_empty() || !name.contains('.') {
                return graph_error(400, "Request_BadRequest", "Invalid domain name.");
            }
            if find(&mut t.domains, "", &name).is_some() {
                return graph_error(400, "Request_BadRequest", "A conflicting object with one or more of the specified property values is present in the directory.");
            }
            let domain = new_domain(&name, false, false);
            let code = format!("{:08}", random_u64() % 100_000_000);
            t.verification_records
                .insert(name.clone(), txt_and_mx(&name, &code));
            t.domains.push(domain.clone());
            let mut a = ctx.entity("domains/$entity", &domain);
            a.status = 201;
            a
        }
        (Method::Post, ["domains", d, "verify"]) => {
            let published = t.published_txt.contains(&d.to_ascii_lowercase());
            let Some(domain) = find(&mut t.domains, "", d) else {
                return not_found("domain", d);
            };
            if domain["isVerified"] == json!(true) {
                return graph_error(
                    400,
                    "Request_BadRequest",
                    "Domain has already been verified.",
                );
            }
            if !published {
                return graph_error(
                    400,
                    "Request_BadRequest",
                    &format!("Domain verification failed. We could not find the TXT record for {d} in DNS. It can take up to 72 hours for a new record to be visible; check the record and try again."),
                );
            }
            domain["isVerified"] = json!(true);
            domain["supportedServices"] = json!(["Email", "OfficeCommunicationsOnline"]);
            let answer = domain.clone();
            if let Some(list) = t.organization["verifiedDomains"].as_array_mut() {
                list.push(json!({"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": false, "isInitial": false, "name": answer["id"], "type": "Managed"}));
            }
            ctx.entity("domains/$entity", &answer)
        }
        (Method::Get, ["organization"]) => {
            ctx.page(path, "organization", std::slice::from_ref(&t.organization))
        }
        (Method::Post, ["organization", o, "setMobileDeviceManagementAuthority"]) => {
            if !t.organization["id"]
                .as_str()
                .is_some_and(|id| id.eq_ignore_ascii_case(o))
            {
                return not_found("organization", o);
            }
            t.organization["mobileDeviceManagementAuthority"] = json!("intune");
            Answer::json(
                200,
                json!({"@odata.context": format!("{}/$metadata#Edm.Int32", ctx.base), "value": 1}),
            )
        }
        (Method::Get, ["groups"]) => ctx.page(path, "groups", &t.groups),
        (Method::Post, ["groups"]) => {
            let mut group = json!({
                "id": uuid(), "displayName": null, "description": null, "mailEnabled": false,
                "mailNickname": null, "securityEnabled": true, "groupTypes": []
            });
            merge(&mut group, &body);
            let id = group["id"].as_str().unwrap_or_default().to_string();
            t.members.insert(id, Vec::new());
            t.groups.push(group.clone());
            let mut a = ctx.entity("groups/$entity", &group);
            a.status = 201;
            a
        }
        (Method::Get, ["groups", g, "members"]) => {
            let Some(ids) = t.members.get(*g).cloned() else {
                return not_found("group", g);
            };
            let members: Vec<Value> = ids
                .iter()
                .filter_map(|id| t.users.iter().find(|u| u["id"] == json!(id)))
                .map(|u| {
                    let mut u = u.clone();
                    u["@odata.type"] = json!("#microsoft.graph.user");
                    u
                })
                .collect();
            ctx.page(path, "directoryObjects", &members)
        }
        (Method::Post, ["groups", g, "members", "$ref"]) => {
            let member = body["@odata.id"]
                .as_str()
                .and_then(|s| s.rsplit('/').next())
                .unwrap_or_default()
                .to_string();
            if !t.users.iter().any(|u| u["id"].as_str() == Some(&member)) {
                return not_found("directory object", &member);
            }
            let Some(list) = t.members.get_mut(*g) else {
                return not_found("group", g);
            };
            if list.contains(&member) {
                return graph_error(400, "Request_BadRequest", "One or more added object references already exist for the following modified properties: 'members'.");
            }
            list.push(member);
            Answer::empty(204)
        }
        (Method::Delete, ["groups", g, "members", m, "$ref"]) => {
            let Some(list) = t.members.get_mut(*g) else {
                return not_found("group", g);
            };
            let Some(at) = list.iter().position(|id| id.eq_ignore_ascii_case(m)) else {
                return not_found("member", m);
            };
            list.remove(at);
            Answer::empty(204)
        }
        (Method::Patch, ["groups", g]) => match find(&mut t.groups, "", g) {
            Some(group) => {
                merge(group, &body);
                Answer::empty(204)
            }
            None => not_found("group", g),
        },
        (Method::Get, ["users"]) => ctx.page(path, "users", &t.users),
        (Method::Patch, ["users", u]) => match find(&mut t.users, "userPrincipalName", u) {
            Some(user) => {
                merge(user, &body);
                Answer::empty(204)
            }
            None => not_found("user", u),
        },
        (Method::Post, ["users", u, "assignLicense"]) => assign_licence(ctx, t, u, &body),
        (Method::Get, ["subscribedSkus"]) => ctx.page(path, "subscribedSkus", &t.subscribed_skus),
        (Method::Get, ["deviceManagement"]) => ctx.entity("deviceManagement", &t.device_management),
        (Method::Patch, ["deviceManagement"]) => {
            merge(&mut t.device_management, &body);
            Answer::empty(204)
        }
        (Method::Get, ["deviceManagement", "applePushNotificationCertificate"]) => ctx.entity(
            "deviceManagement/applePushNotificationCertificate/$entity",
            &t.apple_push_certificate,
        ),
        (Method::Get, ["deviceManagement", "importedDeviceIdentities"]) => ctx.page(
            path,
            "deviceManagement/importedDeviceIdentities",
            &t.imported_devices,
        ),
        (
            Method::Post,
            ["deviceManagement", "importedDeviceIdentities", "importDeviceIdentityList"],
        ) => import_device_identities(ctx, t, &body),
        (Method::Get, ["deviceManagement", "androidManagedStoreAccountEnterpriseSettings"]) => ctx
            .entity(
                "deviceManagement/androidManagedStoreAccountEnterpriseSettings/$entity",
                &t.android_store,
            ),
        (Method::Patch, ["deviceManagement", "applePushNotificationCertificate"]) => {
            upload_push_certificate(t, &body)
        }
        (
            Method::Get,
            ["deviceManagement", "applePushNotificationCertificate", "downloadApplePushNotificationCertificateSigningRequest()"],
        ) => Answer::json(
            200,
            json!({
                "@odata.context": format!("{}/$metadata#Edm.String", ctx.base),
                "value": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQ2lqQ0NBWElDQVFBd1JURUxNQWtHQTFVRUJoTUNWVk14Q3pBSkJnTlZCQWdNQWxkQk1Rc3dDUVlEVlFRSApEQUpYUVRFVU1CSUdBMVVFQ2d3TFEyOXVkRzl6YnlCSlZBPT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg=="
            }),
        ),
        _ => {
            let what = format!("{} {path}", method.as_str());
            state.unserved.push(what.clone());
            graph_error(
                501,
                "NotImplemented",
                &format!("The Graph stand-in does not answer {what} (documented, not served)."),
            )
        }
    }
}

/// Beta `importDeviceIdentityList`: each identifier Intune does not hold
/// yet is added (status true); one it holds is left as it is (status
/// false), as `overwriteImportedDeviceIdentities` is false.
fn import_device_identities(ctx: &Ctx, t: &mut Tenant, body: &Value) -> Answer {
    let overwrite = body["overwriteImportedDeviceIdentities"] == json!(true);
    let mut results = Vec::new();
    for item in body["importedDeviceIdentities"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let identifier = item["importedDeviceIdentifier"]
            .as_str()
            .unwrap_or_default();
        let held = t.imported_devices.iter().position(|d| {
            d["importedDeviceIdentifier"]
                .as_str()
                .is_some_and(|i| i.eq_ignore_ascii_case(identifier))
        });
        let status = held.is_none() || overwrite;
        if status {
            let mut added = item.clone();
            added["id"] = json!(format!("{:032x}", random_u64()));
            added["enrollmentState"] = json!("notContacted");
            match held {
                Some(i) => t.imported_devices[i] = added,
                None => t.imported_devices.push(added),
            }
        }
        let mut result = item.clone();
        result["@odata.type"] = json!("#microsoft.graph.importedDeviceIdentityResult");
        result["status"] = json!(status);
        results.push(result);
    }
    Answer::json(
        200,
        json!({
            "@odata.context": ctx.context("Collection(microsoft.graph.importedDeviceIdentityResult)"),
            "value": results
        }),
    )
}

/// Intune reads the topic, serial and expiry off the certificate it is
/// given (PEM text); one it cannot read is refused.
fn upload_push_certificate(t: &mut Tenant, body: &Value) -> Answer {
    let pem = body["certificate"].as_str().unwrap_or_default();
    let cert = match domain::certificate::read_certificate(pem.as_bytes()) {
        Ok(cert) => cert,
        Err(e) => {
            return graph_error(
                400,
                "BadRequest",
                &format!("The Apple push certificate is not valid: {e}"),
            )
        }
    };
    let c = &mut t.apple_push_certificate;
    c["appleIdentifier"] = body["appleIdentifier"].clone();
    c["topicIdentifier"] = json!(cert.topic);
    c["certificateSerialNumber"] = json!(cert.serial.replace(':', ""));
    c["expirationDateTime"] = json!(format!("{}T00:00:00Z", cert.not_after.date()));
    c["certificateUploadStatus"] = json!("Success");
    c["certificate"] = json!(pem);
    Answer::empty(204)
}

fn assign_licence(ctx: &Ctx, t: &mut Tenant, u: &str, body: &Value) -> Answer {
    let add: Vec<String> = body["addLicenses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["skuId"].as_str().map(str::to_ascii_lowercase))
        .collect();
    let remove: Vec<String> = body["removeLicenses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_ascii_lowercase))
        .collect();
    let Some(user) = find(&mut t.users, "userPrincipalName", u).cloned() else {
        return not_found("user", u);
    };
    if user["usageLocation"].as_str().is_none_or(str::is_empty) {
        return graph_error(
            400,
            "Request_BadRequest",
            "License assignment cannot be done for user with invalid usage location.",
        );
    }
    let has = |sku: &str| {
        user["assignedLicenses"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|l| {
                l["skuId"]
                    .as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(sku))
            })
    };
    for sku_id in &add {
        let Some(sku) = t
            .subscribed_skus
            .iter()
            .find(|s| s["skuId"].as_str() == Some(sku_id))
        else {
            return graph_error(
                400,
                "Request_BadRequest",
                &format!("License {sku_id} does not correspond to a valid company License."),
            );
        };
        let free = sku["prepaidUnits"]["enabled"].as_i64().unwrap_or(0)
            - sku["consumedUnits"].as_i64().unwrap_or(0);
        if free <= 0 && !has(sku_id) {
            return graph_error(
                400,
                "Request_BadRequest",
                &format!(
                    "Subscription {} does not have any available licenses.",
                    sku["skuPartNumber"].as_str().unwrap_or(sku_id)
                ),
            );
        }
    }
    let mut licences: Vec<Value> = user["assignedLicenses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for sku_id in &add {
        if !has(sku_id) {
            licences.push(json!({"disabledPlans": [], "skuId": sku_id}));
            if let Some(s) = t
                .subscribed_skus
                .iter_mut()
                .find(|s| s["skuId"].as_str() == Some(sku_id))
            {
                s["consumedUnits"] = json!(s["consumedUnits"].as_i64().unwrap_or(0) + 1);
            }
        }
    }
    for sku_id in &remove {
        if has(sku_id) {
            licences.retain(|l| {
                !l["skuId"]
                    .as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(sku_id))
            });
            if let Some(s) = t
                .subscribed_skus
                .iter_mut()
                .find(|s| s["skuId"].as_str() == Some(sku_id))
            {
                s["consumedUnits"] = json!((s["consumedUnits"].as_i64().unwrap_or(0) - 1).max(0));
            }
        }
    }
    let stored = find(&mut t.users, "userPrincipalName", u).expect("found above");
    stored["assignedLicenses"] = Value::Array(licences);
    let answer = stored.clone();
    ctx.entity("users/$entity", &answer)
}

// ---- delegated permissions ----
//
// Graph answers 403 when the access token holds none of the delegated
// permissions that allow a call. This table is the stand-in's own, written
// from Microsoft's reference pages (api-reference/v1.0/api/*.md in
// microsoftgraph/microsoft-graph-docs-contrib) and kept apart from the
// app's `graph::permission` on purpose: the journeys then check the app's
// choice of scopes against an independent reading of the documentation.
// Each route lists every delegated permission the page names, from least
// to most privileged (a ReadWrite permission also allows the read).
// Routes not listed (documented but not served) are not checked: they
// answer 501 anyway.

/// Who reads and writes what: method, path (`*` is one segment) and the
/// delegated permissions any one of which allows the call.
const DELEGATED: &[(Method, &str, &[&str])] = &[
    // domain-list.md, domain-get.md
    (
        Method::Get,
        "/domains",
        &[
            "Domain.Read.All",
            "Domain.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ],
    ),
    (
        Method::Get,
        "/domains/*",
        &[
            "Domain.Read.All",
            "Domain.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // domain-list-verificationdnsrecords.md
    (
        Method::Get,
        "/domains/*/verificationDnsRecords",
        &["Domain.Read.All", "Domain.ReadWrite.All"],
    ),
    // domain-post-domains.md, domain-verify.md: nothing higher is listed.
    (Method::Post, "/domains", &["Domain.ReadWrite.All"]),
    (Method::Post, "/domains/*/verify", &["Domain.ReadWrite.All"]),
    // organization-list.md: User.Read reads only the basics (see
    // ORGANIZATION_BASICS).
    (
        Method::Get,
        "/organization",
        &[
            "User.Read",
            "Organization.Read.All",
            "Directory.Read.All",
            "Organization.ReadWrite.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // intune-onboarding-organization-setmobiledevicemanagementauthority.md
    (
        Method::Post,
        "/organization/*/setMobileDeviceManagementAuthority",
        &["DeviceManagementServiceConfig.ReadWrite.All"],
    ),
    // group-list.md
    (
        Method::Get,
        "/groups",
        &[
            "GroupMember.Read.All",
            "Group.Read.All",
            "Directory.Read.All",
            "Group.ReadWrite.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // group-post-groups.md (Group.Create is for applications only)
    (
        Method::Post,
        "/groups",
        &["Group.ReadWrite.All", "Directory.ReadWrite.All"],
    ),
    // group-list-members.md
    (
        Method::Get,
        "/groups/*/members",
        &[
            "GroupMember.Read.All",
            "Group.Read.All",
            "Directory.Read.All",
            "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // group-post-members.md
    (
        Method::Post,
        "/groups/*/members/$ref",
        &[
            "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // group-delete-members.md
    (
        Method::Delete,
        "/groups/*/members/*/$ref",
        &[
            "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // group-update.md
    (
        Method::Patch,
        "/groups/*",
        &["Group.ReadWrite.All", "Directory.ReadWrite.All"],
    ),
    // user-list.md: User.ReadBasic.All is left out, it does not reach the
    // usage location or licences (the stand-in does not model which
    // properties it reaches).
    (
        Method::Get,
        "/users",
        &[
            "User.Read.All",
            "User.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // user-update.md: User.ReadWrite is for one's own profile only; the
    // stand-in does not know who signed in.
    (
        Method::Patch,
        "/users/*",
        &["User.ReadWrite.All", "Directory.ReadWrite.All"],
    ),
    // user-assignlicense.md
    (
        Method::Post,
        "/users/*/assignLicense",
        &[
            "LicenseAssignment.ReadWrite.All",
            "User.ReadWrite.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // subscribedsku-list.md
    (
        Method::Get,
        "/subscribedSkus",
        &[
            "LicenseAssignment.Read.All",
            "LicenseAssignment.ReadWrite.All",
            "Organization.Read.All",
            "Organization.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ],
    ),
    // intune-onboarding-devicemanagement-get.md / -update.md (intuneBrand)
    (
        Method::Get,
        "/deviceManagement",
        &[
            "DeviceManagementServiceConfig.Read.All",
            "DeviceManagementServiceConfig.ReadWrite.All",
        ],
    ),
    (
        Method::Patch,
        "/deviceManagement",
        &["DeviceManagementServiceConfig.ReadWrite.All"],
    ),
    // intune-devices-applepushnotificationcertificate-get.md (this and
    // earlier versions of the page)
    (
        Method::Get,
        "/deviceManagement/applePushNotificationCertificate",
        &[
            "DeviceManagementServiceConfig.ReadWrite.All",
            "DeviceManagementManagedDevices.Read.All",
            "DeviceManagementManagedDevices.ReadWrite.All",
        ],
    ),
    // intune-devices-applepushnotificationcertificate-
    // downloadapplepushnotificationcertificatesigningrequest.md
    (
        Method::Get,
        concat!(
            "/deviceManagement/applePushNotificationCertificate",
            "/downloadApplePushNotificationCertificateSigningRequest()"
        ),
        &[
            "DeviceManagementServiceConfig.ReadWrite.All",
            "DeviceManagementConfiguration.ReadWrite.All",
        ],
    ),
    // Beta (graph-beta-intune-prereq-names.json, paths).
    (
        Method::Get,
        "/deviceManagement/importedDeviceIdentities",
        &[
            "DeviceManagementServiceConfig.Read.All",
            "DeviceManagementServiceConfig.ReadWrite.All",
        ],
    ),
    (
        Method::Post,
        "/deviceManagement/importedDeviceIdentities/importDeviceIdentityList",
        &["DeviceManagementServiceConfig.ReadWrite.All"],
    ),
    (
        Method::Get,
        "/deviceManagement/androidManagedStoreAccountEnterpriseSettings",
        &[
            "DeviceManagementConfiguration.Read.All",
            "DeviceManagementConfiguration.ReadWrite.All",
        ],
    ),
    // intune-devices-applepushnotificationcertificate-update.md
    (
        Method::Patch,
        "/deviceManagement/applePushNotificationCertificate",
        &[
            "DeviceManagementServiceConfig.ReadWrite.All",
            "DeviceManagementConfiguration.ReadWrite.All",
        ],
    ),
];

/// The organization's properties a token with only `User.Read` reads;
/// Graph answers the others as null (organization-list.md).
const ORGANIZATION_BASICS: &[&str] = &["id", "displayName", "verifiedDomains"];

/// How far a token's scopes reach for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// One of the allowing permissions is granted (or the route is not
    /// checked).
    Full,
    /// `GET /organization` with `User.Read` only.
    OrganizationBasics,
    /// None is granted: 403.
    None,
}

/// The delegated permissions that allow `method path`, if the stand-in
/// checks that route.
fn allowing_scopes(method: Method, path: &str) -> Option<&'static [&'static str]> {
    let got: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(|seg| decode(&seg.replace('+', "%2B")))
        .collect();
    DELEGATED
        .iter()
        .find(|(m, pattern, _)| {
            let want: Vec<&str> = pattern.trim_start_matches('/').split('/').collect();
            *m == method
                && want.len() == got.len()
                && want
                    .iter()
                    .zip(&got)
                    .all(|(w, g)| if *w == "*" { !g.is_empty() } else { w == g })
        })
        .map(|(_, _, scopes)| *scopes)
}

fn scope_reach(state: &State, token: &str, method: Method, path: &str) -> Reach {
    let Some(granted) = state.granted.get(token) else {
        return Reach::Full;
    };
    let Some(allowing) = allowing_scopes(method, path) else {
        return Reach::Full;
    };
    let holds = |scope: &str| granted.iter().any(|g| g.eq_ignore_ascii_case(scope));
    let held: Vec<&str> = allowing.iter().copied().filter(|s| holds(s)).collect();
    match held.as_slice() {
        [] => Reach::None,
        ["User.Read"] => Reach::OrganizationBasics,
        _ => Reach::Full,
    }
}

/// Graph's 403 for a missing permission: it does not say which one.
fn deny(state: &mut State, what: String) -> Answer {
    state.denied.push(what);
    graph_error(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

/// The organization page with every property but [`ORGANIZATION_BASICS`]
/// (and OData annotations) set to null.
fn organization_basics(mut answer: Answer) -> Answer {
    let Ok(mut page) = serde_json::from_str::<Value>(&answer.body) else {
        return answer;
    };
    for org in page["value"].as_array_mut().into_iter().flatten() {
        if let Some(o) = org.as_object_mut() {
            for (k, v) in o.iter_mut() {
                if !k.starts_with('@') && !ORGANIZATION_BASICS.contains(&k.as_str()) {
                    *v = Value::Null;
                }
            }
        }
    }
    answer.body = page.to_string();
    answer
}

// ---- journeys ----

/// Signs the app at `s` in to the stand-in's tenant from Settings (the
/// tenant, the application id and the stand-in's addresses typed in).
pub async fn sign_in(s: &crate::Session, g: &GraphStandIn) {
    s.open("#/settings").await;
    s.type_into("#graph-tenant", "contoso.onmicrosoft.com")
        .await;
    s.type_into("#graph-client-id", CLIENT_ID).await;
    s.click("#graph-advanced summary").await;
    s.type_into("#graph-login-base", &g.login_base()).await;
    s.type_into("#graph-graph-base", &g.graph_base()).await;
    s.click("#graph-sign-in").await;
    s.wait_text("#graph-signed-in", "signed in", |t| {
        t.starts_with("Signed in to contoso.onmicrosoft.com")
    })
    .await;
}

/// A journey against a fresh stand-in (`prepare`d first) with the app
/// served from `dist/`; at the end the stand-in must have refused, denied
/// and left unserved nothing. Answers the stand-in, for checks of the
/// tenant afterwards.
pub async fn tenant_journey<P, F, Fut>(name: &str, prepare: P, body: F) -> Arc<GraphStandIn>
where
    P: FnOnce(&GraphStandIn),
    F: FnOnce(crate::Session, Arc<GraphStandIn>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let standin = Arc::new(GraphStandIn::start().await);
    prepare(&standin);
    let server = crate::StaticServer::start(crate::dist_dir(), "/").await;
    let app = server.url();
    standin.set_client(CLIENT_ID, &app);
    let g = standin.clone();
    crate::journey_at(name, &app, move |s| body(s, g)).await;
    assert_eq!(standin.refused(), Vec::<String>::new(), "refused");
    assert_eq!(standin.denied(), Vec::<String>::new(), "denied");
    assert_eq!(standin.unserved(), Vec::<String>::new(), "unserved");
    drop(server);
    standin
}

/// Turns on "Save my changes in this tenant too" (signed in), and waits
/// for the app to come back on the tenant backend.
pub async fn save_in_tenant(s: &crate::Session) {
    s.click("#graph-writes").await;
    s.wait_ready().await;
    s.wait_text("#backend-label", "the tenant backend", |t| {
        t.contains("and your Microsoft 365 tenant (Preview)")
    })
    .await;
}

/// Waits until the address is back at `page` (after a sign-in, the app
/// opens the page that asked for it once the token is in).
pub async fn wait_back_at(s: &crate::Session, page: &str) {
    let mut hash = Value::Null;
    for _ in 0..200 {
        hash = s.script("return location.hash;").await;
        if hash == json!(page) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("not back at {page}: {hash}");
}

/// The "From your tenant" panel's facts, once read: the tone and the
/// line (`subject: state`) of each.
pub async fn facts(s: &crate::Session) -> Vec<(String, String)> {
    s.wait_text("#tenant-panel", "the tenant read", |_| true)
        .await;
    for _ in 0..200 {
        if s.attr("#tenant-panel", "data-state").await.as_deref() == Some("read") {
            let rows = s
                .script(
                    "return [...document.querySelectorAll('#tenant-panel .tenant-facts li')]\
                     .map(li => [li.dataset.tone, li.textContent]);",
                )
                .await;
            return serde_json::from_value(rows).expect("rows");
        }
        if s.attr("#tenant-panel", "data-state").await.as_deref() == Some("failed") {
            panic!("the read failed: {}", s.text("#tenant-error").await);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the tenant was not read");
}

/// Whether `rows` (from [`facts`]) hold the line `text` with `tone`.
pub fn has(rows: &[(String, String)], tone: &str, text: &str) -> bool {
    rows.iter().any(|(t, line)| t == tone && line == text)
}

/// Waits for the tenant panel to fail and answers its message.
pub async fn failure(s: &crate::Session) -> String {
    for _ in 0..300 {
        if s.attr("#tenant-panel", "data-state").await.as_deref() == Some("failed") {
            return s.text("#tenant-error").await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the read did not fail");
}

/// On a step page that needs `permission`: the panel names it, and signing
/// in again for it comes back to the same page and reads.
pub async fn grant(s: &crate::Session, page: &str, permission: &str) -> Vec<(String, String)> {
    s.open(page).await;
    let message = failure(s).await;
    assert!(
        message.contains(&format!("needs the delegated permission {permission}")),
        "{message}"
    );
    s.click("#tenant-sign-in").await;
    s.wait_ready().await;
    wait_back_at(s, page).await;
    facts(s).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_queries_and_forms() {
        assert_eq!(decode("a%20b+c%2Cd%"), "a b c,d%");
        assert_eq!(
            parse_form("$select=id,displayName&$skiptoken=2"),
            vec![
                ("$select".to_string(), "id,displayName".to_string()),
                ("$skiptoken".to_string(), "2".to_string())
            ]
        );
    }

    #[test]
    fn ids_look_like_guids() {
        let id = uuid();
        assert_eq!(id.len(), 36);
        assert_ne!(id, uuid());
    }
}
