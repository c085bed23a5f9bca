//! Code kept out of the first download. In the split build (`--features
//! split`, see `scripts/split-wasm`) each part is a wasm file of its own,
//! fetched the first time it is needed — or earlier, in idle time; without
//! the feature (the browser test suites) the same functions are plain
//! calls.
//!
//! The pages (`app::pages`) share one part with what only they use: the
//! domain's rules for changes (every change starts on a page) and the DNS
//! lookups, so opening the app only reads the setup. The server backend is
//! a part of its own, fetched only when it is chosen.

use crate::backend::{Backend, BackendError, HttpBackend};
use domain::backend_settings::{GraphSettings, ServerSettings};
use domain::dns_check::{CnameCheck, CnameFound, CnameResult, TxtCheck};
use domain::{Applied, Command, DomainError, DomainName, Setup, Timestamp};
use leptos::prelude::Set;
use leptos::wasm_split::SplitLoaderError;
use std::rc::Rc;

/// A part's code could not be fetched: offline, or a new version of the
/// app was published since this one opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartUnavailable;

impl From<SplitLoaderError> for PartUnavailable {
    fn from(_: SplitLoaderError) -> Self {
        PartUnavailable
    }
}

impl From<PartUnavailable> for BackendError {
    fn from(_: PartUnavailable) -> Self {
        BackendError::unavailable(
            "the app's code for checking changes could not be loaded: this computer may be offline, or a new version of the app was published since this page opened (reload it to use the new one)",
        )
    }
}

/// A function whose code is in `$part`: in the split build a
/// `wasm_split` point (fallible: a part that can't be fetched is an `Err`),
/// without the feature the same body as a plain `async fn`. Written once.
macro_rules! in_part {
    ($part:ident, $(#[$doc:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, PartUnavailable> {
            Ok($body)
        }

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, PartUnavailable> {
            Ok($body)
        }
    };
}
pub(crate) use in_part;

type Checked = Result<(Setup, Applied), DomainError>;
type Encoded = Result<(Setup, String), DomainError>;
type Lookup<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

in_part!(
    pages,
    /// `Setup::apply_reporting` from the pages' part: the next document
    /// and what was applied, or the domain's refusal.
    pub fn apply(base: &Setup, command: Command, now: Timestamp) -> Checked {
        base.apply_reporting(command, now)
    }
);

in_part!(
    pages,
    /// `Setup::apply` and the next document's stored text (for a backend
    /// that stores it), from the pages' part.
    pub fn apply_encoded(base: &Setup, command: Command, now: Timestamp) -> Encoded {
        base.apply(command, now).map(|next| {
            let text = domain::encode(&next);
            (next, text)
        })
    }
);

in_part!(
    server,
    /// The server backend, from its part: only a browser that chose it
    /// downloads its code.
    pub fn server_backend(settings: ServerSettings) -> Rc<dyn Backend> {
        Rc::new(HttpBackend::new(settings))
    }
);

in_part!(
    pages,
    fn txt_lookup(resolver: String, domain: DomainName) -> Lookup<TxtCheck> {
        Box::pin(async move { crate::dns::check_txt(&resolver, &domain).await })
    }
);

in_part!(
    pages,
    fn cname_lookup(resolver: String, domain: DomainName) -> Lookup<CnameCheck> {
        Box::pin(async move { crate::dns::check_cnames(&resolver, &domain).await })
    }
);

/// What a lookup says when its code could not be fetched: the lookup
/// could not be made, as when the resolver fails (Retry, or by hand).
const LOOKUP_CODE_MISSING: &str = "The app's DNS code could not be loaded: this computer may be offline, or a new version of the app was published since this page opened.";

/// Step 1's TXT check by this browser's resolver.
pub async fn check_txt(resolver: String, domain: DomainName) -> TxtCheck {
    match txt_lookup(resolver, domain).await {
        Ok(lookup) => lookup.await,
        Err(PartUnavailable) => TxtCheck::ResolverFailed {
            reason: LOOKUP_CODE_MISSING.into(),
        },
    }
}

/// Step 6's CNAME check by this browser's resolver.
pub async fn check_cnames(resolver: String, domain: DomainName) -> CnameCheck {
    let failed = |host: String, expected: &str| CnameResult {
        host,
        expected: expected.to_owned(),
        found: CnameFound::ResolverFailed {
            reason: LOOKUP_CODE_MISSING.into(),
        },
    };
    match cname_lookup(resolver, domain.clone()).await {
        Ok(lookup) => lookup.await,
        Err(PartUnavailable) => CnameCheck {
            records: domain::enrollment::cname_records(&domain)
                .into_iter()
                .map(|r| failed(r.host, r.points_to))
                .collect(),
        },
    }
}

/// What finishing a sign-in said: the tenant signed in to and the page to
/// go back to, or why not (in words).
pub type SignInOutcome = Option<Result<crate::signin::SignedIn, String>>;

in_part!(
    graph,
    fn sign_in_answer(search: String) -> Lookup<SignInOutcome> {
        Box::pin(async move {
            crate::signin::finish(&search)
                .await
                .map(|r| r.map_err(|e| e.to_string()))
        })
    }
);

/// Finishes the Microsoft 365 sign-in whose answer is in the address's
/// query `search`, from the Graph part (fetched only by those who sign in).
pub async fn finish_sign_in(search: String) -> SignInOutcome {
    match sign_in_answer(search).await {
        Ok(finishing) => finishing.await,
        Err(PartUnavailable) => Some(Err("The app's sign-in code could not be loaded: this computer may be offline, or a new version of the app was published since this page opened (reload it, then sign in again).".into())),
    }
}

/// The Graph part could not be fetched.
const GRAPH_CODE_MISSING: &str = "The app's Microsoft 365 code could not be loaded: this computer may be offline, or a new version of the app was published since this page opened (reload it).";

in_part!(
    graph,
    fn sign_in_start(
        settings: GraphSettings,
        extra: Vec<String>,
        return_to: Option<String>,
    ) -> Result<String, String> {
        crate::signin::start(settings, extra, return_to).map_err(|e| e.to_string())
    }
);

/// Prepares the sign-in (PKCE, `state`) asking for the sign-in's own
/// permissions and `extra`, to come back to `return_to` (a page's hash;
/// Settings when `None`), and answers the address of Microsoft's sign-in
/// page, from the Graph part.
pub async fn start_sign_in(
    settings: GraphSettings,
    extra: Vec<String>,
    return_to: Option<String>,
) -> Result<String, String> {
    sign_in_start(settings, extra, return_to)
        .await
        .unwrap_or_else(|PartUnavailable| Err(GRAPH_CODE_MISSING.into()))
}

type Tested = Result<crate::signin::TenantFound, String>;

in_part!(
    graph,
    fn tenant_test() -> Lookup<Tested> {
        Box::pin(async {
            crate::signin::test_connection()
                .await
                .map_err(|e| e.to_string())
        })
    }
);

/// Reads the organization with the held token, from the Graph part.
pub async fn test_tenant_connection() -> Tested {
    match tenant_test().await {
        Ok(testing) => testing.await,
        Err(PartUnavailable) => Err(GRAPH_CODE_MISSING.into()),
    }
}

in_part!(
    graph,
    fn tenant_read(
        step: domain::StepId,
        progress: crate::tenant::Progress,
    ) -> Lookup<crate::tenant::TenantRead> {
        Box::pin(crate::tenant::read_step(step, progress))
    }
);

/// What the tenant holds for `step` (a read; nothing is changed), from the
/// Graph part. `progress` hears the waits Graph asks for.
pub async fn read_tenant(
    step: domain::StepId,
    progress: crate::tenant::Progress,
) -> crate::tenant::TenantRead {
    match tenant_read(step, progress).await {
        Ok(reading) => reading.await,
        Err(PartUnavailable) => Err(crate::tenant::TenantError::CodeUnavailable),
    }
}

in_part!(
    graph,
    /// The tenant over `workspace`, from the Graph part: only a tab that
    /// sends changes to the tenant downloads it at start.
    pub fn tenant_backend(
        workspace: Rc<dyn Backend>,
        progress: crate::tenant::Progress,
    ) -> Rc<dyn Backend> {
        Rc::new(crate::backend::tenant::TenantBackend::new(
            workspace, progress,
        ))
    }
);

in_part!(
    graph,
    fn keeping_sign_in(state: crate::state::AppState) -> Lookup<()> {
        Box::pin(crate::signin::sign_in_keeping(state))
    }
);

/// "Sign in again, keeping it": keeps the unsent change in this tab, signs
/// in again (asking for the permissions the tenant wanted) and comes back
/// to this page, from the Graph part.
pub async fn sign_in_keeping(state: crate::state::AppState) {
    match keeping_sign_in(state).await {
        Ok(signing_in) => signing_in.await,
        Err(PartUnavailable) => state
            .save
            .set(crate::state::SaveState::Failed(GRAPH_CODE_MISSING.into())),
    }
}

in_part!(
    graph,
    fn kept_restore(state: crate::state::AppState) -> Lookup<()> {
        Box::pin(async move { crate::signin::restore_kept(state) })
    }
);

/// Brings a change kept across a sign-in back to the banner, for Retry
/// (the Graph part is fetched only when one is kept).
pub async fn restore_kept_change(state: crate::state::AppState) {
    if !crate::signin::has_kept() {
        return;
    }
    match kept_restore(state).await {
        Ok(restoring) => restoring.await,
        Err(PartUnavailable) => state
            .save
            .set(crate::state::SaveState::Failed(GRAPH_CODE_MISSING.into())),
    }
}

/// Polls `future` once: a part's function answers at once once its part
/// is there (how pages and Graph views are built in the reactive scope that
/// shows them, not inside a future).
pub fn at_once<T>(future: std::pin::Pin<Box<dyn std::future::Future<Output = T>>>) -> Option<T> {
    let mut future = future;
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(value) => Some(value),
        std::task::Poll::Pending => None,
    }
}
