//! Taking the setup along when switching backend: what the chosen backend
//! holds, the choice, the confirmation before replacing anything, and the
//! copy itself — one validated import on the chosen backend, all or
//! nothing, after which the app switches. The setup in use is only read.

use crate::backend::choice::Switching;
use crate::backend::BackendError;
use crate::state::AppState;
use domain::backend_settings::BackendChoice;
use domain::{Command, Setup};
use leptos::prelude::*;
use leptos::task::spawn_local;

mod view;

pub use view::{CarryChoice, CarryDialog, CarryFailure, TargetHolds};

/// What a backend held when it was last read.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub choice: BackendChoice,
    pub read: Result<Setup, BackendError>,
}

/// The chosen backend, as far as switching to it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Not chosen yet (a server not tested) or not read yet.
    Unknown,
    /// The backend in use now: nothing to copy.
    InUse,
    Holds(BackendChoice, Box<Setup>),
    Failed(BackendChoice, BackendError),
}

/// A copy that failed: what to say, and whether trying again may help.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    text: String,
    retry: bool,
}

/// "Use this backend": the chosen backend, what it holds, whether the
/// setup goes along, and the copy on its way.
#[derive(Clone, Copy)]
pub struct Switch {
    state: AppState,
    pub switching: StoredValue<Switching, LocalStorage>,
    chosen: Memo<Option<BackendChoice>>,
    pub held: RwSignal<Option<Held>>,
    pub target: Memo<Target>,
    /// The user's pick; `None` follows the default: take the setup along
    /// when the chosen backend holds none.
    pick: RwSignal<Option<bool>>,
    confirm: RwSignal<bool>,
    pub copying: RwSignal<bool>,
    failure: RwSignal<Option<Failure>>,
    message: RwSignal<Option<String>>,
}

impl Switch {
    pub fn new(
        state: AppState,
        switching: Switching,
        chosen: Memo<Option<BackendChoice>>,
        message: RwSignal<Option<String>>,
    ) -> Switch {
        let current = switching.current.clone();
        let held = RwSignal::new(None::<Held>);
        let target = Memo::new(move |_| match chosen.get() {
            None => Target::Unknown,
            Some(choice) if choice == current => Target::InUse,
            Some(choice) => held.with(|held| match held {
                Some(Held {
                    choice: read_from,
                    read,
                }) if *read_from == choice => match read {
                    Ok(setup) => Target::Holds(choice, Box::new(setup.clone())),
                    Err(error) => Target::Failed(choice, error.clone()),
                },
                _ => Target::Unknown,
            }),
        });
        let (pick, failure) = (RwSignal::new(None), RwSignal::new(None));
        // Another backend: its own default, and an earlier failure was not
        // about it.
        Effect::watch(
            move || chosen.get(),
            move |_, _, _| {
                pick.set(None);
                failure.set(None);
            },
            false,
        );
        Switch {
            state,
            switching: StoredValue::new_local(switching),
            chosen,
            held,
            target,
            pick,
            confirm: RwSignal::new(false),
            copying: RwSignal::new(false),
            failure,
            message,
        }
    }

    /// What this browser's store holds, read when it is chosen.
    pub fn read_browser(self, read: Result<Setup, BackendError>) {
        self.held.set(Some(Held {
            choice: BackendChoice::Browser,
            read,
        }));
    }

    /// The chosen backend and what it holds, when taking the setup along
    /// is offered: it could be read, and there is a setup here to take.
    fn offered(self) -> Option<(BackendChoice, Box<Setup>)> {
        match self.target.get() {
            Target::Holds(choice, there) if !self.state.setup.with(Setup::is_untouched) => {
                Some((choice, there))
            }
            _ => None,
        }
    }

    fn taking(self) -> bool {
        self.offered()
            .is_some_and(|(_, there)| self.pick.get().unwrap_or_else(|| there.is_untouched()))
    }

    /// Switches, copying the setup first when asked to; `confirmed` once
    /// the user agreed to replace what the chosen backend holds.
    pub fn run(self, confirmed: bool) {
        self.message.set(None);
        self.failure.set(None);
        let Some(choice) = self.chosen.get_untracked() else {
            self.message.set(Some(
                "Test the connection first: the app only switches to a server it could reach."
                    .into(),
            ));
            return;
        };
        let Some((_, there)) = untrack(|| self.offered().filter(|_| self.taking())) else {
            self.commit(&choice);
            return;
        };
        // Asked for now: it stays asked for if what is there changes.
        self.pick.set(Some(true));
        if self.state.busy() || self.state.unsent.get_untracked().is_some() {
            self.message.set(Some("A change is still waiting to be saved here: let it finish, or use Retry or Discard in the banner above, then switch.".into()));
        } else if !there.is_untouched() && !confirmed {
            self.confirm.set(true);
        } else {
            self.copy(choice, there.revision);
        }
    }

    /// One import on the chosen backend, at the revision it was read at:
    /// all of it or nothing. Only then is the choice saved.
    fn copy(self, choice: BackendChoice, expected: u64) {
        let setup = Box::new(self.state.setup.get_untracked());
        let target = self.switching.with_value(|s| s.target(&choice));
        self.copying.set(true);
        spawn_local(async move {
            let result = target.apply(Command::ImportSetup { setup }, expected).await;
            self.copying.set(false);
            self.confirm.set(false);
            match result {
                Ok(now) => {
                    self.held.set(Some(Held {
                        choice: choice.clone(),
                        read: Ok(now),
                    }));
                    self.commit(&choice);
                }
                Err(error) => {
                    if let BackendError::Conflict { current } = &error {
                        self.held.set(Some(Held {
                            choice,
                            read: Ok((**current).clone()),
                        }));
                    }
                    let in_use = self.state.backend().label();
                    self.failure.set(Some(Failure::of(&error, &in_use)));
                }
            }
        });
    }

    fn commit(self, choice: &BackendChoice) {
        if let Err(problem) = self.switching.with_value(|s| (s.commit)(choice)) {
            self.message.set(Some(problem));
        }
    }
}

impl Failure {
    fn of(error: &BackendError, in_use: &str) -> Failure {
        let what = match error {
            BackendError::Conflict { .. } => "Nothing was copied: the setup there changed after it was read. What it holds now is shown above; check it, then try again.".to_string(),
            other => format!("Nothing was copied, and nothing changed here or there. {other}"),
        };
        Failure {
            text: format!("{what} You are still using {in_use}."),
            retry: matches!(
                error,
                BackendError::Conflict { .. }
                    | BackendError::Unavailable { .. }
                    | BackendError::StorageFull
                    | BackendError::Server(_)
            ),
        }
    }
}

/// "This browser", "Tenant contoso on the server".
fn place(choice: &BackendChoice) -> String {
    match choice {
        BackendChoice::Browser => "This browser".into(),
        BackendChoice::Server(settings) => format!("Tenant {} on the server", settings.tenant),
    }
}
