//! Reading the Microsoft 365 tenant through Microsoft Graph (issue 16,
//! Preview): what each step's part of the tenant holds, as facts the step
//! page shows "from your tenant". Paging follows `@odata.nextLink` (never
//! off the Graph address in use); 429 and 503 are retried after
//! `Retry-After`, within `graph::retry`'s bounds, with the wait shown; every
//! other failure has its own message. Runs from the Graph part.

use crate::backend::ItemResult;
use crate::signin::{self, HeldToken};
use domain::{Command, MdmAuthority, Setup, StepId};
use graph::facts::{self, Fact, Tone};
use graph::permission::{Access, Permission};
use graph::request::{self, RequestError};
use graph::retry::{self, MAX_ATTEMPTS};
use graph::{GraphError, GraphRequest, ParseError};
use serde::de::DeserializeOwned;
use std::rc::Rc;

mod devices;
mod domains;
mod groups;
mod licences;

pub use domains::{verify_domain, Verification};

/// Why the tenant could not be read or changed. A read changes nothing, so
/// it only needs to be made again; a change the tenant did not take is not
/// saved in the workspace either (see `backend::tenant`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TenantError {
    #[error("This tab is not signed in to a Microsoft 365 tenant: sign in from Settings.")]
    NotSignedIn,
    #[error("The sign-in has expired (tokens last about an hour). Sign in again; nothing on this page is lost.")]
    Expired,
    /// The token lacks the permission (known before asking Graph).
    #[error("To {action}, the app needs the delegated permission {permission} ({why}), which this sign-in did not ask for. Sign in again to ask for it; an administrator may have to consent.")]
    NeedsPermission {
        action: String,
        permission: String,
        why: &'static str,
        /// What to sign in again for: this permission and the others the
        /// same page needs.
        ask: Vec<String>,
    },
    /// Graph answered 403.
    #[error("Microsoft Graph refused to {action} (403): the app registration needs the delegated permission {permission}, with admin consent, and your account a role allowed to do it. {graph}")]
    Forbidden {
        action: String,
        permission: String,
        graph: String,
        ask: Vec<String>,
    },
    /// A change Graph has no operation for.
    #[error("{0}")]
    NotInGraph(String),
    #[error("Microsoft Graph found no {what} (404). {graph}")]
    NotFound { what: &'static str, graph: String },
    /// 429 or 503 after every attempt, or a longer wait asked than we make.
    #[error("Microsoft Graph is busy (HTTP {status}){}. It was asked {attempts} times; try again in a few minutes.", match .retry_after { Some(1) => " and asked to wait 1 second".to_owned(), Some(s) => format!(" and asked to wait {s} seconds"), None => String::new() })]
    Busy {
        status: u16,
        retry_after: Option<u64>,
        attempts: u32,
    },
    #[error("Microsoft Graph at {url} could not be reached: this computer may be offline, or the Graph address in Settings is wrong ({detail}).")]
    Network { url: String, detail: String },
    #[error("{0}")]
    Unreadable(#[from] ParseError),
    #[error("Microsoft Graph's next page pointed elsewhere, so it was not followed (the sign-in is only sent to Graph): {0}")]
    NextLink(#[from] RequestError),
    #[error("Microsoft Graph answered: {0}")]
    Graph(String),
    /// Signing in again could not start.
    #[error("{0}")]
    SignIn(String),
    #[error("The app's Microsoft 365 code could not be loaded: this computer may be offline, or a new version of the app was published since this page opened (reload it).")]
    CodeUnavailable,
}

impl TenantError {
    /// The permissions to sign in again for, when that is the way out.
    pub fn ask_for(&self) -> Option<&[String]> {
        match self {
            TenantError::NeedsPermission { ask, .. } | TenantError::Forbidden { ask, .. } => {
                Some(ask)
            }
            _ => None,
        }
    }

    /// Asks for `more` too when signing in again.
    fn asking_also(mut self, more: Vec<String>) -> TenantError {
        if let TenantError::NeedsPermission { ask, .. } | TenantError::Forbidden { ask, .. } =
            &mut self
        {
            for m in more {
                if !ask.contains(&m) {
                    ask.push(m);
                }
            }
        }
        self
    }
}

/// Whether a fault stops every request of a change, not just one item's
/// (a user's licence, a group member).
fn stops_all(e: &TenantError) -> bool {
    matches!(
        e,
        TenantError::NotSignedIn
            | TenantError::Expired
            | TenantError::NeedsPermission { .. }
            | TenantError::Forbidden { .. }
            | TenantError::Busy { .. }
            | TenantError::Network { .. }
            | TenantError::CodeUnavailable
    )
}

/// What a read shows while it waits (`None`: nothing to say).
pub type Progress = Rc<dyn Fn(Option<String>)>;

/// A step's tenant facts, or why not.
pub type TenantRead = Result<Vec<Fact>, TenantError>;

/// One request's needs: what it reads or changes (for messages) and the
/// permission Microsoft documents for it (`graph::permission`).
struct Reading {
    what: &'static str,
    permission: &'static Permission,
}

impl Reading {
    fn of(req: &GraphRequest, what: &'static str) -> Result<Reading, TenantError> {
        let permission = graph::permission::for_request(req).ok_or_else(|| {
            TenantError::Graph(format!(
                "this app has no permission on record for {} {}",
                req.method.as_str(),
                req.path
            ))
        })?;
        Ok(Reading { what, permission })
    }

    fn writes(&self) -> bool {
        self.permission.access == Access::Write
    }

    fn doing(&self) -> String {
        if self.writes() {
            format!("changing {}", self.what)
        } else {
            format!("reading {}", self.what)
        }
    }

    fn action(&self) -> String {
        if self.writes() {
            format!("change {}", self.what)
        } else {
            format!("read {}", self.what)
        }
    }
}

async fn sleep_seconds(seconds: u64) {
    let ms = i32::try_from(seconds.saturating_mul(1000)).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

struct Client {
    token: HeldToken,
    progress: Progress,
}

/// Renews `token` with its refresh token; an expired sign-in when there is
/// none or Microsoft refuses it (then only signing in again helps).
async fn renewed(token: &HeldToken) -> Result<HeldToken, TenantError> {
    match signin::renew(token).await {
        Some(Ok(fresh)) => Ok(fresh),
        Some(Err(_)) | None => Err(TenantError::Expired),
    }
}

impl Client {
    /// The held sign-in, renewed first when it has expired.
    async fn held(progress: Progress) -> Result<Client, TenantError> {
        let mut token = signin::held_token().ok_or(TenantError::NotSignedIn)?;
        if token.expired() {
            token = renewed(&token).await?;
        }
        Ok(Client { token, progress })
    }

    fn base(&self) -> &str {
        &self.token.settings.graph_base
    }

    /// Sends `method url` (with `body`); 429 and 503 are asked again within
    /// `graph::retry`'s bounds, the wait shown through `progress`.
    async fn send(
        &self,
        method: graph::Method,
        url: &str,
        body: Option<&serde_json::Value>,
        reading: &Reading,
    ) -> Result<String, TenantError> {
        if self.token.grants(reading.permission.scope) == Some(false) {
            return Err(TenantError::NeedsPermission {
                action: reading.action(),
                permission: reading.permission.scope.into(),
                why: reading.permission.why,
                ask: vec![reading.permission.scope.into()],
            });
        }
        // The tab's current token: an earlier request may have renewed it.
        let mut bearer = signin::held_token()
            .map_or_else(|| self.token.access_token.clone(), |t| t.access_token);
        let mut renewed_once = false;
        let mut attempt = 1;
        loop {
            let network = |detail: String| TenantError::Network {
                url: self.base().to_owned(),
                detail,
            };
            let builder = gloo_net::http::RequestBuilder::new(url)
                .method(match method {
                    graph::Method::Get => gloo_net::http::Method::GET,
                    graph::Method::Post => gloo_net::http::Method::POST,
                    graph::Method::Patch => gloo_net::http::Method::PATCH,
                    graph::Method::Delete => gloo_net::http::Method::DELETE,
                })
                .header("Authorization", &format!("Bearer {bearer}"));
            let request = match body {
                Some(json) => builder
                    .header("Content-Type", "application/json")
                    .body(json.to_string()),
                None => builder.build(),
            }
            .map_err(|e| network(e.to_string()))?;
            let response = request.send().await.map_err(|e| network(e.to_string()))?;
            let status = response.status();
            let retry_after = response.headers().get("Retry-After");
            let text = response.text().await.map_err(|e| network(e.to_string()))?;
            if (200..300).contains(&status) {
                (self.progress)(None);
                return Ok(text);
            }
            let error = graph::graph_error(status, retry_after.as_deref(), &text);
            let graph = error.graph_message().to_owned();
            if matches!(error, GraphError::Unauthorized { .. }) && !renewed_once {
                // Expired before its time, or revoked: renewed once with
                // the refresh token, then asked again.
                renewed_once = true;
                let current = signin::held_token().ok_or(TenantError::NotSignedIn)?;
                bearer = renewed(&current).await?.access_token;
                continue;
            }
            return Err(match error {
                GraphError::Unauthorized { .. } => TenantError::Expired,
                GraphError::Forbidden { permissions, .. } => TenantError::Forbidden {
                    action: reading.action(),
                    permission: if permissions.is_empty() {
                        reading.permission.scope.into()
                    } else {
                        permissions.join(", ")
                    },
                    graph,
                    ask: if permissions.is_empty() {
                        vec![reading.permission.scope.into()]
                    } else {
                        permissions
                    },
                },
                GraphError::NotFound { .. } => TenantError::NotFound {
                    what: reading.what,
                    graph,
                },
                GraphError::Throttled {
                    status,
                    retry_after_seconds,
                    ..
                } => match retry::wait_before(attempt + 1, retry_after_seconds) {
                    Some(wait) => {
                        attempt += 1;
                        (self.progress)(Some(format!(
                            "Microsoft Graph is busy (HTTP {status}): {} again in {wait} s (attempt {attempt} of {MAX_ATTEMPTS})…",
                            reading.doing()
                        )));
                        sleep_seconds(wait).await;
                        continue;
                    }
                    None => TenantError::Busy {
                        status,
                        retry_after: retry_after_seconds,
                        attempts: attempt,
                    },
                },
                other => TenantError::Graph(other.to_string()),
            });
        }
    }

    /// Whether this sign-in holds every permission `requests` need: if
    /// not, one refusal asking for all that are missing, before anything
    /// is sent.
    fn check_grants(
        &self,
        requests: &[GraphRequest],
        what: &'static str,
    ) -> Result<(), TenantError> {
        let mut missing: Option<TenantError> = None;
        for req in requests {
            let reading = Reading::of(req, what)?;
            let scope = reading.permission.scope;
            if self.token.grants(scope) != Some(false) {
                continue;
            }
            missing = Some(match missing {
                None => TenantError::NeedsPermission {
                    action: reading.action(),
                    permission: scope.into(),
                    why: reading.permission.why,
                    ask: vec![scope.into()],
                },
                Some(first) => first.asking_also(vec![scope.into()]),
            });
        }
        if let Some(TenantError::NeedsPermission {
            permission, ask, ..
        }) = &mut missing
        {
            *permission = ask.join(" and ");
        }
        missing.map_or(Ok(()), Err)
    }

    /// Sends a change.
    async fn write(&self, req: &GraphRequest, what: &'static str) -> Result<String, TenantError> {
        let reading = Reading::of(req, what)?;
        self.send(
            req.method,
            &req.url(self.base()),
            req.body.as_ref(),
            &reading,
        )
        .await
    }

    /// Every item of a collection, page after page.
    async fn all<T: DeserializeOwned>(
        &self,
        req: GraphRequest,
        what: &'static str,
    ) -> Result<Vec<T>, TenantError> {
        let reading = Reading::of(&req, what)?;
        let mut url = req.url(self.base());
        let mut items = Vec::new();
        loop {
            let body = self.send(graph::Method::Get, &url, None, &reading).await?;
            let page = graph::parse_page::<T>(&body, what)?;
            items.extend(page.items);
            match page.next_link {
                None => return Ok(items),
                Some(next) => url = request::next_page_url(self.base(), &next)?,
            }
        }
    }

    async fn one<T: DeserializeOwned>(
        &self,
        req: GraphRequest,
        what: &'static str,
    ) -> Result<T, TenantError> {
        let reading = Reading::of(&req, what)?;
        let body = self
            .send(graph::Method::Get, &req.url(self.base()), None, &reading)
            .await?;
        Ok(graph::parse_one(&body, what)?)
    }

    async fn organization(&self) -> Result<graph::Organization, TenantError> {
        let orgs: Vec<graph::Organization> = self
            .all(request::organization(), "the organization")
            .await?;
        orgs.into_iter().next().ok_or(TenantError::NotFound {
            what: "the organization",
            graph: String::new(),
        })
    }
}

/// The requests that read `step`'s part of the tenant (sample ids).
fn step_requests(step: StepId) -> Vec<GraphRequest> {
    match step {
        StepId::Connections => {
            let mut r = vec![request::list_domains()];
            r.extend(request::domain_verification_records("contoso.com"));
            r
        }
        StepId::Authority => vec![request::organization()],
        StepId::Groups => vec![request::list_groups()],
        StepId::Portal => vec![request::device_management_branding()],
        StepId::Licenses => vec![
            request::organization(),
            request::subscribed_skus(),
            request::list_users(),
        ],
        StepId::Enrollment => vec![
            request::apple_push_certificate(),
            request::beta_imported_device_identities(),
            request::beta_android_managed_store(),
        ],
        StepId::NextSteps => Vec::new(),
    }
}

/// Every permission reading `step` needs, so that one sign-in asks for
/// them all.
fn step_scopes(step: StepId) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for p in step_requests(step)
        .iter()
        .filter_map(graph::permission::for_request)
    {
        if !scopes.iter().any(|s| s == p.scope) {
            scopes.push(p.scope.into());
        }
    }
    scopes
}

/// What the tenant holds for `step`; for step 7, for every other step,
/// each fact named with its step (a step that cannot be read says why,
/// and the others are still read).
pub async fn read_step(step: StepId, progress: Progress) -> TenantRead {
    if step != StepId::NextSteps {
        return read(step, progress)
            .await
            .map_err(|e| e.asking_also(step_scopes(step)));
    }
    let mut facts = Vec::new();
    for each in StepId::ALL.into_iter().filter(|s| *s != StepId::NextSteps) {
        let named = |subject: &str| format!("Step {} · {subject}", each.number());
        match read(each, progress.clone()).await {
            Ok(found) => facts.extend(found.into_iter().map(|f| Fact {
                subject: named(&f.subject),
                ..f
            })),
            // Without a sign-in nothing else can be read either.
            Err(e @ (TenantError::NotSignedIn | TenantError::Expired)) => return Err(e),
            Err(e) => facts.push(Fact {
                subject: named(each.title()),
                state: format!("not read: {e}"),
                tone: Tone::ToDo,
                action: None,
            }),
        }
    }
    Ok(facts)
}

async fn read(step: StepId, progress: Progress) -> TenantRead {
    let client = Client::held(progress).await?;
    match step {
        StepId::Connections => {
            let domains: Vec<graph::Domain> =
                client.all(request::list_domains(), "the domains").await?;
            let mut records = Vec::new();
            for d in domains.iter().filter(|d| !d.is_verified) {
                let req = request::domain_verification_records(&d.id)
                    .map_err(|e| TenantError::Graph(e.to_string()))?;
                records.push((
                    d.id.clone(),
                    client.all(req, "the verification records").await?,
                ));
            }
            Ok(facts::domains(&domains, &records))
        }
        StepId::Authority => Ok(facts::authority(&client.organization().await?)),
        StepId::Groups => Ok(facts::groups(
            &client.all(request::list_groups(), "the groups").await?,
        )),
        StepId::Portal => {
            let dm: graph::DeviceManagement = client
                .one(
                    request::device_management_branding(),
                    "the Company Portal branding",
                )
                .await?;
            Ok(facts::portal(dm.intune_brand.as_ref()))
        }
        StepId::Licenses => {
            let org = client.organization().await?;
            let skus = client
                .all(request::subscribed_skus(), "the licences")
                .await?;
            let users = client.all(request::list_users(), "the users").await?;
            Ok(facts::licences(&org, &skus, &users))
        }
        StepId::Enrollment => {
            let cert = match client
                .one::<graph::ApplePushNotificationCertificate>(
                    request::apple_push_certificate(),
                    "the Apple MDM push certificate",
                )
                .await
            {
                Ok(cert) => Some(cert),
                Err(TenantError::NotFound { .. }) => None,
                Err(e) => return Err(e),
            };
            let mut found = facts::enrollment(cert.as_ref(), crate::clock::now().date());
            // Beta: a fault of its own is said in its fact; the step's
            // other facts stay.
            let not_read = |subject: &str, e: TenantError| Fact {
                subject: subject.into(),
                state: format!("not read (Graph beta): {e}"),
                tone: Tone::Info,
                action: None,
            };
            match client
                .all::<graph::ImportedDeviceIdentity>(
                    request::beta_imported_device_identities(),
                    "the corporate identifiers",
                )
                .await
            {
                Ok(list) => found.push(facts::corporate_identifiers(&list)),
                Err(e) if stops_all(&e) => return Err(e),
                Err(e) => found.push(not_read("Corporate identifiers", e)),
            }
            match client
                .one::<graph::AndroidManagedStoreSettings>(
                    request::beta_android_managed_store(),
                    "managed Google Play's binding",
                )
                .await
            {
                Ok(settings) => found.push(facts::android_store(&settings)),
                Err(e) if stops_all(&e) => return Err(e),
                Err(e) => found.push(not_read("Managed Google Play", e)),
            }
            Ok(found)
        }
        // Read step by step by `read_step`.
        StepId::NextSteps => Ok(Vec::new()),
    }
}

/// Whether `command` changes something Graph holds (and so is sent to the
/// tenant before the workspace records it). Deleting a group does not:
/// removing a real tenant's group from here is too destructive, so the
/// tenant's group is left in place.
pub fn reaches_tenant(command: &Command) -> bool {
    matches!(
        command,
        Command::SetAuthority { .. }
            | Command::SavePortal { .. }
            | Command::AddDomain { .. }
            | Command::AssignLicenses { .. }
            | Command::RemoveLicenses { .. }
            | Command::UploadApplePushCertificate { .. }
            | Command::ImportDevices { .. }
            | Command::CreateGroup { .. }
            | Command::UpdateGroup { .. }
    )
}

/// Microsoft's Apple push signing request for this tenant, as the text of
/// the file to upload to Apple (Intune keeps the key pair behind it for
/// the certificate to come).
pub async fn download_apple_csr(progress: Progress) -> Result<String, TenantError> {
    let client = Client::held(progress).await?;
    let req = request::download_apple_push_csr();
    let reading = Reading::of(&req, "Microsoft's Apple push signing request")?;
    let body = client
        .send(req.method, &req.url(client.base()), None, &reading)
        .await?;
    Ok(graph::workspace::apple_csr_file(
        &graph::parse_apple_push_csr(&body)?,
    ))
}

/// What of a change reached the tenant.
#[derive(Debug)]
pub enum Written {
    /// All of it (or none of it is the tenant's).
    Whole,
    /// Only some of its items: the workspace records `sent` (the same
    /// change narrowed to them; `None`: no item was taken), and each item's
    /// result is listed.
    Partly {
        sent: Option<Command>,
        message: String,
        results: Vec<ItemResult>,
    },
}

/// Sends `command` to the tenant, when Graph holds what it changes (see
/// [`reaches_tenant`]); anything else is the workspace's alone. Called
/// once the domain's rules have accepted the command on `base`, the
/// workspace's setup: a refused command never reaches Graph.
pub async fn write(
    command: Command,
    base: &Setup,
    progress: Progress,
) -> Result<Written, TenantError> {
    if !reaches_tenant(&command) {
        return Ok(Written::Whole);
    }
    let client = Client::held(progress).await?;
    let wrong = |e: RequestError| TenantError::Graph(e.to_string());
    match command {
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            ..
        } => {
            let org = client.organization().await?;
            let req = request::set_mdm_authority(&org.id).map_err(wrong)?;
            let answer = client.write(&req, "the MDM authority").await?;
            graph::parse_set_mdm_authority(&answer)?;
        }
        Command::SetAuthority { authority, .. } => {
            return Err(TenantError::NotInGraph(format!(
                "Microsoft Graph can set the MDM authority to Microsoft Intune only, not to {authority}: set that one in the admin center, or choose Microsoft Intune."
            )))
        }
        Command::SavePortal { portal } => {
            let req = request::set_branding(&graph::workspace::branding(&portal)).map_err(wrong)?;
            client.write(&req, "the Company Portal branding").await?;
        }
        Command::AddDomain { name } => domains::add(&client, &name).await?,
        Command::ImportDevices { text, skip_invalid } => {
            return devices::import(&client, base, &text, skip_invalid).await
        }
        Command::UploadApplePushCertificate {
            apple_id,
            certificate,
            ..
        } => {
            // The domain's rules read it already: it decodes.
            let pem = graph::workspace::apple_certificate_pem(&certificate).ok_or_else(|| {
                TenantError::Graph("the push certificate could not be decoded".into())
            })?;
            let req = request::upload_apple_push_certificate(&apple_id, &pem).map_err(wrong)?;
            client.write(&req, "the Apple MDM push certificate").await?;
        }
        Command::AssignLicenses { users } => {
            return licences::change(&client, base, &users, true).await
        }
        Command::RemoveLicenses { users } => {
            return licences::change(&client, base, &users, false).await
        }
        Command::CreateGroup {
            kind,
            name,
            description,
            users,
            devices,
        } => {
            return groups::create(&client, base, kind, &name, &description, &users, &devices)
                .await
        }
        Command::UpdateGroup {
            id,
            name,
            description,
            users,
            devices,
        } => {
            return groups::update(&client, base, id, &name, &description, &users, &devices)
                .await
        }
        _ => {}
    }
    Ok(Written::Whole)
}
