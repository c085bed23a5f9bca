//! The state every page shares: the document, the backend and the save status.

use crate::backend::{Backend, BackendError};
use domain::{Command, Setup};
use leptos::prelude::*;
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
}

impl AppState {
    pub fn new(backend: Rc<dyn Backend>, setup: Setup) -> AppState {
        AppState {
            setup: RwSignal::new(setup),
            save: RwSignal::new(SaveState::Idle),
            unsent: RwSignal::new(None),
            backend: StoredValue::new_local(backend),
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
    /// that sent it (and shown in the header's save status).
    pub async fn run(self, command: Command) -> Result<(), String> {
        let expected = self.setup.with_untracked(|s| s.revision);
        self.save.set(SaveState::Saving);
        let result = self.backend().apply(command.clone(), expected).await;
        match result {
            Ok(next) => {
                self.setup.set(next);
                self.save.set(SaveState::Saved);
                self.unsent.set(None);
                Ok(())
            }
            Err(err) => {
                let message = err.to_string();
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
                Err(message)
            }
        }
    }

    /// Fire-and-forget form of [`AppState::run`]; `done` receives the outcome.
    pub fn dispatch(self, command: Command, done: impl FnOnce(Result<(), String>) + 'static) {
        leptos::task::spawn_local(async move { done(self.run(command).await) });
    }

    /// Re-reads the document after a change made elsewhere.
    pub async fn reload(self) -> Result<(), BackendError> {
        let setup = self.backend().load().await?;
        self.setup.set(setup);
        Ok(())
    }
}
