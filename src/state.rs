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
    queue: StoredValue<VecDeque<Pending>, LocalStorage>,
    sending: StoredValue<bool>,
}

type Done = Box<dyn FnOnce(Result<(), String>)>;

struct Pending {
    command: Command,
    /// The kept unsent change, sent again by "Retry".
    retry: bool,
    done: Done,
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
        self.enqueue(Pending {
            command,
            retry: false,
            done: Box::new(done),
        });
    }

    /// Sends the kept unsent change again ("Retry").
    pub fn retry_unsent(self) {
        if let Some(command) = self.unsent.get_untracked() {
            self.enqueue(Pending {
                command,
                retry: true,
                done: Box::new(|_| {}),
            });
        }
    }

    fn enqueue(self, pending: Pending) {
        self.queue.update_value(|q| q.push_back(pending));
        if self.sending.get_value() {
            return;
        }
        self.sending.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(next) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
                let (outcome, stop) = self.run(next.command, next.retry).await;
                (next.done)(outcome);
                if stop {
                    let dropped = self
                        .queue
                        .try_update_value(std::mem::take)
                        .unwrap_or_default();
                    for pending in dropped {
                        (pending.done)(Err(NOT_SENT_AFTER_CONFLICT.to_string()));
                    }
                }
            }
            self.sending.set_value(false);
        });
    }

    /// Re-reads the document after a change made elsewhere.
    pub async fn reload(self) -> Result<(), BackendError> {
        let setup = self.backend().load().await?;
        self.setup.set(setup);
        Ok(())
    }
}
