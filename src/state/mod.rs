//! The state every page shares: the document, the backend, the save
//! status, the queue of changes on their way, and the drafts of unsaved
//! edits.

mod draft;

pub use draft::{Draft, Form};

use crate::backend::{Backend, BackendError, BoxFuture, Looked};
use domain::{Applied, Command, DomainError, Setup};
use leptos::prelude::*;
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;

/// What the last save did, shown in the header (a live region).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved,
    /// The tenant took the change for some of its items: those are saved,
    /// the message says which were not.
    Partly(String),
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub setup: RwSignal<Setup>,
    pub save: RwSignal<SaveState>,
    /// A change the backend could not be reached for, kept for "Retry".
    pub unsent: RwSignal<Option<Command>>,
    /// Why the kept change could not be sent (its message and detail).
    pub unsent_reason: RwSignal<Option<BackendError>>,
    /// Who dispatched the kept change: told again when it is finally sent
    /// or discarded.
    unsent_done: StoredValue<Option<Done>, LocalStorage>,
    backend: StoredValue<Rc<dyn Backend>, LocalStorage>,
    /// Changes waiting for the one being sent: they go one at a time, each
    /// with the revision its predecessor produced.
    queue: StoredValue<VecDeque<Job>, LocalStorage>,
    sending: StoredValue<bool>,
    sending_change: StoredValue<bool>,
    /// "Retry" is on its way: the banner's buttons wait for it.
    pub retrying: RwSignal<bool>,
    /// The page is being left on purpose with the unsent change kept in
    /// the tab (to sign in again): the leave-page guard stands aside.
    leaving_kept: StoredValue<bool>,
    /// Every form's unsaved edits, asked by the leave-page guard.
    drafts: draft::Drafts,
}

/// What the form that dispatched a command hears.
pub type Outcome = Result<Applied, Rejection>;

/// Why a dispatched change was not applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection {
    /// The backend answered: the domain's refusal, a conflict, a failure.
    Backend(BackendError),
    /// Not sent: an earlier change is kept for Retry.
    EarlierChangeUnsent,
    /// Not sent: the setup had changed on the server before it went out.
    NotSentAfterConflict,
    /// Kept for Retry, then discarded by the user.
    Discarded,
}

impl Rejection {
    /// The domain's typed refusal, for forms that react to a rule.
    pub fn domain(&self) -> Option<&DomainError> {
        match self {
            Rejection::Backend(BackendError::Rejected(error)) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Backend(error) => error.fmt(f),
            Rejection::EarlierChangeUnsent => f.write_str(UNSENT_FIRST),
            Rejection::NotSentAfterConflict => f.write_str(NOT_SENT_AFTER_CONFLICT),
            Rejection::Discarded => f.write_str(DISCARDED),
        }
    }
}

/// The message of a refused change, for a form's error line.
pub fn refusal(outcome: Outcome) -> Option<String> {
    outcome.err().map(|rejection| rejection.to_string())
}

/// Hears a change's outcome: once, or, for a change kept for Retry, again
/// when it is finally sent or discarded.
type Done = Box<dyn FnMut(Outcome)>;

/// What the queue does, in order: a re-read never overlaps a change, so an
/// older document can't arrive after a newer one and replace it.
enum Job {
    Send {
        command: Command,
        /// The kept unsent change, sent again by "Retry".
        retry: bool,
        done: Done,
    },
    Reload {
        done: Box<dyn FnOnce(Result<(), BackendError>)>,
    },
    /// A DNS lookup that may record its result: it runs on the newest
    /// revision, like a change.
    LookUp(Box<dyn FnOnce(AppState) -> BoxFuture<()>>),
}

/// What the form that asked for a lookup hears.
pub type LookupOutcome<T> = Result<Looked<T>, Rejection>;

/// Why a change was not sent (the backend never saw it).
pub const UNSENT_FIRST: &str = "Not saved: an earlier change is still waiting to be sent. Use Retry or Discard in the banner above first.";
pub const NOT_SENT_AFTER_CONFLICT: &str = "Not saved: the setup had changed on the server, so this change was not sent. Check the page as it is now and make the change again if it is still needed.";
pub const DISCARDED: &str = "Not saved: you discarded this change.";

impl AppState {
    pub fn new(backend: Rc<dyn Backend>, setup: Setup) -> AppState {
        AppState {
            setup: RwSignal::new(setup),
            save: RwSignal::new(SaveState::Idle),
            unsent: RwSignal::new(None),
            unsent_done: StoredValue::new_local(None),
            unsent_reason: RwSignal::new(None),
            backend: StoredValue::new_local(backend),
            queue: StoredValue::new_local(VecDeque::new()),
            sending: StoredValue::new(false),
            sending_change: StoredValue::new(false),
            retrying: RwSignal::new(false),
            leaving_kept: StoredValue::new(false),
            drafts: draft::Drafts::new(),
        }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    /// The state provided by the app shell.
    pub fn expect() -> AppState {
        use_context::<AppState>().expect("AppState is provided by the app shell")
    }

    pub fn backend(&self) -> Rc<dyn Backend> {
        self.backend.get_value()
    }

    /// Sends `command` to the backend. On success the new document is shown;
    /// on failure nothing changes and the rejection is returned for the form
    /// that sent it (and shown in the header's save status). The second
    /// value says whether the changes queued behind it must not be sent.
    async fn run(self, command: Command, retry: bool) -> (Outcome, bool) {
        // One kept change at a time: sending others first would either
        // replace it or clear it without it ever being saved.
        if !retry && self.unsent.with_untracked(Option::is_some) {
            return (Err(Rejection::EarlierChangeUnsent), false);
        }
        self.save.set(SaveState::Saving);
        let result = match self.check(&command).await {
            Ok((expected, applied)) => self
                .backend()
                .apply(command.clone(), expected)
                .await
                .map(|setup| (setup, applied)),
            Err(refused) => Err(refused),
        };
        match result {
            Ok((setup, applied)) => {
                self.setup.set(setup);
                self.save.set(SaveState::Saved);
                self.unsent.set(None);
                (Ok(applied), false)
            }
            Err(err) => {
                let conflict = matches!(err, BackendError::Conflict { .. });
                match &err {
                    BackendError::Conflict { current } => {
                        self.setup.set((**current).clone());
                        self.unsent.set(None);
                    }
                    // What the tenant took is recorded; the rest is listed
                    // for the form, item by item.
                    BackendError::TenantPartly { current, .. } => {
                        self.setup.set((**current).clone());
                        self.unsent.set(None);
                    }
                    // Not lost: kept until it is sent or discarded (after
                    // signing in again, for the tenant).
                    BackendError::Unavailable { .. } | BackendError::TenantSignIn { .. } => {
                        self.unsent.set(Some(command));
                        self.unsent_reason.set(Some(err.clone()));
                    }
                    // The server failed: a kept change stays kept.
                    BackendError::Server(_) => {}
                    // A kept change refused as it is can never be sent: it
                    // leaves the banner, and the message says why.
                    _ if retry => self.unsent.set(None),
                    _ => {}
                }
                self.save.set(match err {
                    BackendError::TenantPartly { .. } => SaveState::Partly(err.to_string()),
                    _ => SaveState::Failed(err.to_string()),
                });
                // Changes made on the page the server has just replaced
                // are not sent on top of a version the user has not seen.
                (Err(Rejection::Backend(err)), conflict)
            }
        }
    }

    /// The domain's rules on the document this page shows, before anything
    /// is sent: a refused command reaches no backend, its refusal is typed
    /// whatever the backend, and what it would apply is known. Answers the
    /// revision to send it on.
    async fn check(self, command: &Command) -> Result<(u64, Applied), BackendError> {
        let base = self.setup.get_untracked();
        let (_, applied) = crate::parts::apply(&base, command.clone(), crate::clock::now())
            .await?
            .map_err(BackendError::Rejected)?;
        Ok((base.revision, applied))
    }

    /// Sends `command` after every change dispatched before it; `done`
    /// receives the outcome: what was applied, or why not. A change kept
    /// for Retry is answered again when it is finally sent or discarded.
    pub fn dispatch(self, command: Command, done: impl FnMut(Outcome) + 'static) {
        self.enqueue(Job::Send {
            command,
            retry: false,
            done: Box::new(done),
        });
    }

    /// Whether a change is on its way or waiting to be sent (a re-read
    /// doesn't count: leaving loses nothing then).
    pub fn busy(self) -> bool {
        self.sending_change.try_get_value().unwrap_or(false)
            || self
                .queue
                .try_with_value(|q| q.iter().any(|job| matches!(job, Job::Send { .. })))
                .unwrap_or(false)
    }

    /// Whether leaving the app now would lose something: a change kept for
    /// Retry, one on its way or waiting, or a form's unsaved edits.
    pub fn unsaved_work(self) -> bool {
        if self.leaving_kept.try_get_value().unwrap_or(false) {
            return false;
        }
        self.unsent
            .try_with_untracked(Option::is_some)
            .unwrap_or(false)
            || self.busy()
            || self.drafts.any_dirty()
    }

    /// The page is about to be left with the unsent change kept in the tab
    /// (see `signin::keep`), the form it came from included.
    pub fn leave_keeping(self) {
        self.leaving_kept.set_value(true);
    }

    /// A change not sent yet, brought back (after a sign-in): kept for
    /// Retry, with why.
    pub fn restore_unsent(self, command: Command, reason: BackendError) {
        self.unsent.set(Some(command));
        self.unsent_reason.set(Some(reason));
    }

    /// Sends the kept unsent change again ("Retry"); a second press while
    /// it is on its way does nothing.
    pub fn retry_unsent(self) {
        if self.retrying.get_untracked() {
            return;
        }
        if let Some(command) = self.unsent.get_untracked() {
            self.retrying.set(true);
            let mut form = self.unsent_done.try_update_value(Option::take).flatten();
            self.enqueue(Job::Send {
                command,
                retry: true,
                done: Box::new(move |outcome| {
                    self.retrying.set(false);
                    if let Some(form) = form.as_mut() {
                        form(outcome);
                    }
                }),
            });
        }
    }

    /// Drops the kept change ("Discard it"); the form that made it hears so.
    pub fn discard_unsent(self) {
        self.unsent.set(None);
        if let Some(mut form) = self.unsent_done.try_update_value(Option::take).flatten() {
            form(Err(Rejection::Discarded));
        }
    }

    /// Runs `look_up` (a backend's DNS check) on the document as it is once
    /// the changes queued before it are through; shows the document it
    /// answers, and tells `done`. Not sent while a change is kept for
    /// Retry; a failure is the form's to show (nothing is kept: the lookup
    /// is simply asked again).
    pub fn look_up<T: 'static>(
        self,
        look_up: impl FnOnce(Rc<dyn Backend>, u64) -> BoxFuture<Result<Looked<T>, BackendError>>
            + 'static,
        done: impl FnOnce(LookupOutcome<T>) + 'static,
    ) {
        self.enqueue(Job::LookUp(Box::new(move |state: AppState| {
            Box::pin(async move {
                if state.unsent.with_untracked(Option::is_some) {
                    return done(Err(Rejection::EarlierChangeUnsent));
                }
                let revision = state.setup.with_untracked(|s| s.revision);
                let outcome = look_up(state.backend(), revision).await;
                match &outcome {
                    Ok(Looked {
                        setup: Some(setup), ..
                    }) => {
                        state.setup.set(setup.clone());
                        state.save.set(SaveState::Saved);
                    }
                    Err(BackendError::Conflict { current }) => {
                        state.setup.set((**current).clone());
                    }
                    _ => {}
                }
                done(outcome.map_err(Rejection::Backend));
            })
        })));
    }

    /// Re-reads the document (changed in another tab or by another person)
    /// once the changes already queued are through.
    pub fn refresh(self, done: impl FnOnce(Result<(), BackendError>) + 'static) {
        self.enqueue(Job::Reload {
            done: Box::new(done),
        });
    }

    fn enqueue(self, job: Job) {
        self.queue.update_value(|q| q.push_back(job));
        if self.sending.get_value() {
            return;
        }
        self.sending.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(job) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
                match job {
                    Job::Send {
                        command,
                        retry,
                        mut done,
                    } => {
                        self.sending_change.set_value(true);
                        let (outcome, stop) = self.run(command, retry).await;
                        self.sending_change.set_value(false);
                        // Still (or now) kept for Retry: its form hears again.
                        let kept = self.unsent.with_untracked(Option::is_some)
                            && (retry
                                || matches!(
                                    outcome,
                                    Err(Rejection::Backend(BackendError::Unavailable { .. }))
                                ));
                        done(outcome);
                        if kept {
                            self.unsent_done.set_value(Some(done));
                        }
                        if stop {
                            self.drop_queued_changes();
                        }
                    }
                    Job::LookUp(run) => run(self).await,
                    Job::Reload { done } => match self.backend().load().await {
                        Ok(setup) => {
                            if self.setup.with_untracked(|current| *current != setup) {
                                self.setup.set(setup);
                            }
                            done(Ok(()));
                        }
                        Err(err) => done(Err(err)),
                    },
                }
            }
            self.sending.set_value(false);
        });
    }

    /// After a conflict: the changes queued behind it are answered, not sent.
    fn drop_queued_changes(self) {
        let queued = self
            .queue
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        let mut kept = VecDeque::new();
        for job in queued {
            match job {
                Job::Send { mut done, .. } => done(Err(Rejection::NotSentAfterConflict)),
                other => kept.push_back(other),
            }
        }
        self.queue.update_value(|q| q.extend(kept));
    }
}
