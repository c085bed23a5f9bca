//! The state every page shares: the document, the backend and the save status.

use crate::backend::{Backend, BackendError};
use domain::{Command, Setup};
use leptos::prelude::*;
use std::collections::VecDeque;
use std::rc::Rc;

/// What the last save did, shown in the header (a live region).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub setup: RwSignal<Setup>,
    pub save: RwSignal<SaveState>,
    /// A change the backend could not be reached for, kept for "Retry".
    pub unsent: RwSignal<Option<Command>>,
    backend: StoredValue<Rc<dyn Backend>, LocalStorage>,
    /// Changes waiting for the one being sent: they go one at a time, each
    /// with the revision its predecessor produced.
    queue: StoredValue<VecDeque<Job>, LocalStorage>,
    sending: StoredValue<bool>,
    sending_change: StoredValue<bool>,
    /// "Retry" is on its way: the banner's buttons wait for it.
    pub retrying: RwSignal<bool>,
}

type Done = Box<dyn FnOnce(Result<(), String>)>;

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
}

/// Why a change was not sent (the backend never saw it).
pub const UNSENT_FIRST: &str = "Not saved: an earlier change is still waiting to be sent. Use Retry or Discard in the banner above first.";
pub const NOT_SENT_AFTER_CONFLICT: &str = "Not saved: the setup had changed on the server, so this change was not sent. Check the page as it is now and make the change again if it is still needed.";

impl AppState {
    pub fn new(backend: Rc<dyn Backend>, setup: Setup) -> AppState {
        AppState {
            setup: RwSignal::new(setup),
            save: RwSignal::new(SaveState::Idle),
            unsent: RwSignal::new(None),
            backend: StoredValue::new_local(backend),
            queue: StoredValue::new_local(VecDeque::new()),
            sending: StoredValue::new(false),
            sending_change: StoredValue::new(false),
            retrying: RwSignal::new(false),
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
    /// on failure nothing changes and the message is returned for the form
    /// that sent it (and shown in the header's save status). The second
    /// value says whether the changes queued behind it must not be sent.
    async fn run(self, command: Command, retry: bool) -> (Result<(), String>, bool) {
        // One kept change at a time: sending others first would either
        // replace it or clear it without it ever being saved.
        if !retry && self.unsent.with_untracked(Option::is_some) {
            return (Err(UNSENT_FIRST.to_string()), false);
        }
        let expected = self.setup.with_untracked(|s| s.revision);
        self.save.set(SaveState::Saving);
        let result = self.backend().apply(command.clone(), expected).await;
        match result {
            Ok(next) => {
                self.setup.set(next);
                self.save.set(SaveState::Saved);
                self.unsent.set(None);
                (Ok(()), false)
            }
            Err(err) => {
                let message = err.to_string();
                let conflict = matches!(err, BackendError::Conflict { .. });
                match err {
                    BackendError::Conflict { current } => {
                        self.setup.set(*current);
                        self.unsent.set(None);
                    }
                    // Not lost: kept until it is sent or discarded.
                    BackendError::Unavailable(_) => self.unsent.set(Some(command)),
                    // The server failed: a kept change stays kept.
                    BackendError::Server(_) => {}
                    // A kept change refused as it is can never be sent: it
                    // leaves the banner, and the message says why.
                    _ if retry => self.unsent.set(None),
                    _ => {}
                }
                self.save.set(SaveState::Failed(message.clone()));
                // Changes made on the page the server has just replaced
                // are not sent on top of a version the user has not seen.
                (Err(message), conflict)
            }
        }
    }

    /// Sends `command` after every change dispatched before it; `done`
    /// receives the outcome (the message of a refusal).
    pub fn dispatch(self, command: Command, done: impl FnOnce(Result<(), String>) + 'static) {
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

    /// Sends the kept unsent change again ("Retry"); a second press while
    /// it is on its way does nothing.
    pub fn retry_unsent(self) {
        if self.retrying.get_untracked() {
            return;
        }
        if let Some(command) = self.unsent.get_untracked() {
            self.retrying.set(true);
            self.enqueue(Job::Send {
                command,
                retry: true,
                done: Box::new(move |_| self.retrying.set(false)),
            });
        }
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
                        done,
                    } => {
                        self.sending_change.set_value(true);
                        let (outcome, stop) = self.run(command, retry).await;
                        self.sending_change.set_value(false);
                        done(outcome);
                        if stop {
                            self.drop_queued_changes();
                        }
                    }
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
                Job::Send { done, .. } => done(Err(NOT_SENT_AFTER_CONFLICT.to_string())),
                reload @ Job::Reload { .. } => kept.push_back(reload),
            }
        }
        self.queue.update_value(|q| q.extend(kept));
    }
}
