//! Where the setup document lives. The UI talks only to [`Backend`]; which
//! implementation is used is a setting.

pub mod choice;
mod http;
mod local;
pub mod tenant;

pub use http::{refusal, HttpBackend};
pub use local::LocalStorageBackend;

use domain::dns_check::{CnameCheck, TxtCheck};
use domain::{Command, DomainError, DomainName, Setup};
use leptos::prelude::WindowListenerHandle;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

pub trait Backend {
    /// Shown in the header, e.g. "This browser".
    fn label(&self) -> String;

    /// The current document (a new, empty one when nothing is stored yet).
    fn load(&self) -> BoxFuture<Result<Setup, BackendError>>;

    /// Applies `command` to the stored document if it is still at
    /// `expected_revision`; otherwise answers [`BackendError::Conflict`]
    /// with the current document and changes nothing. A command the
    /// domain refuses is [`BackendError::Rejected`] on every backend.
    fn apply(
        &self,
        command: Command,
        expected_revision: u64,
    ) -> BoxFuture<Result<Setup, BackendError>>;

    /// Keeps an unreadable document aside (never deleting it) and starts a
    /// new, empty one.
    fn start_fresh(&self) -> BoxFuture<Result<Setup, BackendError>>;

    /// Calls `changed` whenever the document is changed from elsewhere
    /// (another tab, another user), until the handle is removed.
    fn watch(&self, changed: Rc<dyn Fn()>) -> WindowListenerHandle;

    /// Who looks DNS up for this backend, if anyone.
    fn lookups(&self) -> Lookups;

    /// Looks up the TXT record of `name` (step 1) and, if it is the one to
    /// publish, records the domain as verified by that lookup, on the
    /// document at `expected_revision`. A resolver failure is a check, not
    /// an error: nothing is changed.
    fn verify_domain(
        &self,
        name: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<TxtCheck>, BackendError>>;

    /// Looks up both Windows CNAME records of `domain` (step 6) and, if both
    /// are correct, records them as found by that lookup.
    fn check_cnames(
        &self,
        domain: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<CnameCheck>, BackendError>>;
}

/// Who makes the DNS lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookups {
    /// Nobody: the setting turns them off; records are confirmed by hand.
    Off,
    /// This browser, through this DNS-over-HTTPS resolver.
    Browser { resolver: String },
    /// The server, with its own resolver.
    Server,
}

/// A lookup's result, who answered it, and the document after it (`None`:
/// nothing was changed).
#[derive(Debug, Clone, PartialEq)]
pub struct Looked<T> {
    pub check: T,
    pub resolver: String,
    pub setup: Option<Setup>,
}

impl BackendError {
    pub fn unavailable(reason: impl Into<String>) -> BackendError {
        BackendError::Unavailable {
            reason: reason.into(),
            detail: None,
        }
    }

    /// Technical detail for support, kept out of the message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            BackendError::Unavailable { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BackendError {
    /// The domain refused the command: the same rules, applied in the
    /// browser or by the server.
    Rejected(DomainError),
    /// Someone else changed the document first; this is theirs.
    Conflict { current: Box<Setup> },
    /// What is stored cannot be read by this version. It is left untouched.
    Unreadable { raw: String, reason: String },
    /// The browser's storage is full; nothing was written.
    StorageFull,
    /// Storage or server could not be reached: why, in plain words, and
    /// the browser's own words for support.
    Unavailable {
        reason: String,
        detail: Option<String>,
    },
    /// The server refused the token.
    Unauthorized(String),
    /// The change is larger than the server accepts.
    TooLarge(String),
    /// The server refused for another reason, or failed.
    Server(String),
    /// The Microsoft 365 tenant needs a new sign-in, or a permission this
    /// one lacks, before it takes the change (Graph, Preview). The change
    /// is kept: sign in again, asking for `permissions`, then Retry.
    TenantSignIn {
        reason: String,
        permissions: Vec<String>,
        /// Whether signing in again is the way out (false once it was done
        /// and the change only waits for Retry).
        sign_in: bool,
    },
    /// The Microsoft 365 tenant refused the change: nothing was saved.
    Tenant(String),
    /// The Microsoft 365 tenant took the change for some of its items only
    /// (users, members): the workspace recorded just those (`current`), and
    /// each item's result is listed. The message is written by the Graph
    /// part.
    TenantPartly {
        current: Box<Setup>,
        message: String,
        results: Vec<ItemResult>,
    },
}

/// One item of a change sent to the tenant item by item: a user's licence,
/// a group member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemResult {
    /// What it is, as the page names it (a user name).
    pub item: String,
    /// Why the tenant did not take it (`None`: it did).
    pub failed: Option<String>,
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Rejected(e) => write!(f, "{e}"),
            BackendError::Conflict { .. } => f.write_str(
                "Someone changed this setup in another tab or session, so your change was not applied. The page now shows their version; please make your change again.",
            ),
            BackendError::Unreadable { reason, .. } => {
                write!(f, "The saved setup cannot be read: {reason}")
            }
            BackendError::StorageFull => f.write_str(
                "This browser's storage is full, so the change was not saved. Your last saved setup is kept. Free some space (for example, remove large logos) and try again.",
            ),
            BackendError::Unavailable { reason, .. } => {
                write!(f, "Saving is not possible right now: {reason}")
            }
            BackendError::Unauthorized(why) => write!(
                f,
                "The server refused access ({why}) Check the token in Settings."
            ),
            BackendError::TooLarge(why) => write!(
                f,
                "The change is too large for the server, so it was not saved: {why} Use smaller logos or import fewer devices at once."
            ),
            BackendError::Server(why) => write!(f, "The server did not save the change: {why}"),
            BackendError::TenantSignIn { reason, .. }
            | BackendError::TenantPartly {
                message: reason, ..
            } => f.write_str(reason),
            BackendError::Tenant(why) => write!(
                f,
                "Microsoft 365 did not take the change, so nothing was saved: {why}"
            ),
        }
    }
}
