//! Reading the Microsoft 365 tenant through Microsoft Graph (issue 16,
//! Preview): what each step's part of the tenant holds, as facts the step
//! page shows "from your tenant". Paging follows `@odata.nextLink` (never
//! off the Graph address in use); 429 and 503 are retried after
//! `Retry-After`, within `graph::retry`'s bounds, with the wait shown; every
//! other failure has its own message. Runs from the Graph part.

use crate::signin::{self, HeldToken};
use domain::StepId;
use graph::facts::{self, Fact};
use graph::request::{self, RequestError};
use graph::retry::{self, MAX_ATTEMPTS};
use graph::{GraphError, GraphRequest, ParseError};
use serde::de::DeserializeOwned;
use std::rc::Rc;

/// Why the tenant could not be read. Nothing is changed by a read, so
/// each of these only needs the read to be made again.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TenantError {
    #[error("This tab is not signed in to a Microsoft 365 tenant: sign in from Settings.")]
    NotSignedIn,
    #[error("The sign-in has expired (tokens last about an hour). Sign in again to read the tenant; nothing on this page is lost.")]
    Expired,
    /// The token lacks the permission (known before asking Graph).
    #[error("Reading {what} needs the delegated permission {permission} ({why}), which this sign-in did not ask for. Sign in again to ask for it; an administrator may have to consent.")]
    NeedsPermission {
        what: &'static str,
        permission: String,
        why: &'static str,
    },
    /// Graph answered 403.
    #[error("Microsoft Graph refused to read {what} (403): the app registration needs the delegated permission {permission}, with admin consent, and your account a role allowed to read it. {graph}")]
    Forbidden {
        what: &'static str,
        permission: String,
        graph: String,
    },
    #[error("Microsoft Graph found no {what} (404). {graph}")]
    NotFound { what: &'static str, graph: String },
    /// 429 or 503 after every attempt, or a longer wait asked than we make.
    #[error("Microsoft Graph is busy (HTTP {status}){}. It was asked {attempts} times; try again in a few minutes.", match .retry_after { Some(s) => format!(" and asked to wait {s} seconds"), None => String::new() })]
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
    #[error("The app's Microsoft 365 code could not be loaded: this computer may be offline, or a new version of the app was published since this page opened (reload it).")]
    CodeUnavailable,
}

impl TenantError {
    /// The permission to sign in again for, when that is the way out.
    pub fn permission(&self) -> Option<&str> {
        match self {
            TenantError::NeedsPermission { permission, .. }
            | TenantError::Forbidden { permission, .. } => Some(permission),
            _ => None,
        }
    }
}

/// What a read shows while it waits (`None`: nothing to say).
pub type Progress = Rc<dyn Fn(Option<String>)>;

/// A step's tenant facts, or why not.
pub type TenantRead = Result<Vec<Fact>, TenantError>;

/// One read's needs: what it reads (for messages), the permission and why
/// the app asks for it.
struct Reading {
    what: &'static str,
    permission: &'static str,
    why: &'static str,
}

const DOMAINS: Reading = Reading {
    what: "the domains",
    permission: "Domain.Read.All",
    why: "to list your domains and whether Microsoft has verified them",
};
const ORGANIZATION: Reading = Reading {
    what: "the organization",
    permission: "Organization.Read.All",
    why: "to read the MDM authority, directory sync and licences",
};
const GROUPS: Reading = Reading {
    what: "the groups",
    permission: "Group.Read.All",
    why: "to list the groups devices and users are assigned through",
};
const USERS: Reading = Reading {
    what: "the users",
    permission: "User.Read.All",
    why: "to list users with their usage location and licences",
};
const BRANDING: Reading = Reading {
    what: "the Company Portal branding",
    permission: "DeviceManagementApps.Read.All",
    why: "to read the Company Portal's name, contacts and colours",
};
const APPLE_PUSH: Reading = Reading {
    what: "the Apple MDM push certificate",
    permission: "DeviceManagementServiceConfig.Read.All",
    why: "to read the push certificate's Apple ID and expiry",
};

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

impl Client {
    fn held(progress: Progress) -> Result<Client, TenantError> {
        let token = signin::held_token().ok_or(TenantError::NotSignedIn)?;
        if token.expired() {
            return Err(TenantError::Expired);
        }
        Ok(Client { token, progress })
    }

    fn base(&self) -> &str {
        &self.token.settings.graph_base
    }

    /// GET `url`; 429 and 503 are asked again within `graph::retry`'s
    /// bounds, the wait shown through `progress`.
    async fn get(&self, url: &str, reading: &Reading) -> Result<String, TenantError> {
        if self.token.grants(reading.permission) == Some(false) {
            return Err(TenantError::NeedsPermission {
                what: reading.what,
                permission: reading.permission.into(),
                why: reading.why,
            });
        }
        let mut attempt = 1;
        loop {
            let network = |detail: String| TenantError::Network {
                url: self.base().to_owned(),
                detail,
            };
            let response = gloo_net::http::Request::get(url)
                .header(
                    "Authorization",
                    &format!("Bearer {}", self.token.access_token),
                )
                .send()
                .await
                .map_err(|e| network(e.to_string()))?;
            let status = response.status();
            let retry_after = response.headers().get("Retry-After");
            let text = response.text().await.map_err(|e| network(e.to_string()))?;
            if (200..300).contains(&status) {
                (self.progress)(None);
                return Ok(text);
            }
            let error = graph::graph_error(status, retry_after.as_deref(), &text);
            let graph = error.graph_message().to_owned();
            return Err(match error {
                GraphError::Unauthorized { .. } => TenantError::Expired,
                GraphError::Forbidden { permissions, .. } => TenantError::Forbidden {
                    what: reading.what,
                    permission: if permissions.is_empty() {
                        reading.permission.into()
                    } else {
                        permissions.join(", ")
                    },
                    graph,
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
                            "Microsoft Graph is busy (HTTP {status}): reading {} again in {wait} s (attempt {attempt} of {MAX_ATTEMPTS})…",
                            reading.what
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

    /// Every item of a collection, page after page.
    async fn all<T: DeserializeOwned>(
        &self,
        req: GraphRequest,
        reading: &Reading,
    ) -> Result<Vec<T>, TenantError> {
        let mut url = req.url(self.base());
        let mut items = Vec::new();
        loop {
            let body = self.get(&url, reading).await?;
            let page = graph::parse_page::<T>(&body, reading.what)?;
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
        reading: &Reading,
    ) -> Result<T, TenantError> {
        let body = self.get(&req.url(self.base()), reading).await?;
        Ok(graph::parse_one(&body, reading.what)?)
    }

    async fn organization(&self) -> Result<graph::Organization, TenantError> {
        let orgs: Vec<graph::Organization> =
            self.all(request::organization(), &ORGANIZATION).await?;
        orgs.into_iter().next().ok_or(TenantError::NotFound {
            what: ORGANIZATION.what,
            graph: String::new(),
        })
    }
}

/// What the tenant holds for `step`.
pub async fn read_step(step: StepId, progress: Progress) -> TenantRead {
    let client = Client::held(progress)?;
    match step {
        StepId::Connections => {
            let domains: Vec<graph::Domain> = client.all(request::list_domains(), &DOMAINS).await?;
            let mut records = Vec::new();
            for d in domains.iter().filter(|d| !d.is_verified) {
                let req = request::domain_verification_records(&d.id)
                    .map_err(|e| TenantError::Graph(e.to_string()))?;
                records.push((d.id.clone(), client.all(req, &DOMAINS).await?));
            }
            Ok(facts::domains(&domains, &records))
        }
        StepId::Authority => Ok(facts::authority(&client.organization().await?)),
        StepId::Groups => Ok(facts::groups(
            &client.all(request::list_groups(), &GROUPS).await?,
        )),
        StepId::Portal => {
            let dm: graph::DeviceManagement = client
                .one(request::device_management_branding(), &BRANDING)
                .await?;
            Ok(facts::portal(dm.intune_brand.as_ref()))
        }
        StepId::Licenses => {
            let org = client.organization().await?;
            let skus = client
                .all(request::subscribed_skus(), &ORGANIZATION)
                .await?;
            let users = client.all(request::list_users(), &USERS).await?;
            Ok(facts::licences(&org, &skus, &users))
        }
        StepId::Enrollment => {
            let cert = match client
                .one::<graph::ApplePushNotificationCertificate>(
                    request::apple_push_certificate(),
                    &APPLE_PUSH,
                )
                .await
            {
                Ok(cert) => Some(cert),
                Err(TenantError::NotFound { .. }) => None,
                Err(e) => return Err(e),
            };
            Ok(facts::enrollment(cert.as_ref(), crate::clock::now().date()))
        }
        StepId::NextSteps => Ok(Vec::new()),
    }
}
