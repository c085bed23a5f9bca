//! The default backend: the browser's `localStorage`.

use super::{Backend, BackendError, BoxFuture, Looked, Lookups};
use crate::clock::now;
use crate::dns;
use domain::dns_check::{CnameCheck, TxtCheck};
use domain::{decode, Command, DomainName, Setup};
use leptos::prelude::{window_event_listener, WindowListenerHandle};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsCast;

pub const DEFAULT_KEY: &str = "mdm-prereqs.setup";

#[derive(Clone)]
pub struct LocalStorageBackend {
    key: String,
}

impl Default for LocalStorageBackend {
    fn default() -> Self {
        LocalStorageBackend::new(DEFAULT_KEY)
    }
}

impl LocalStorageBackend {
    /// A backend storing its document under `key` (tests use their own keys).
    pub fn new(key: impl Into<String>) -> Self {
        LocalStorageBackend { key: key.into() }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    fn storage() -> Result<web_sys::Storage, BackendError> {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .ok_or_else(|| {
                BackendError::unavailable(
                    "this browser does not allow the app to use local storage (private mode or a site setting may block it)",
                )
            })
    }

    fn read(&self) -> Result<Setup, BackendError> {
        Self::decoded(self.read_raw()?.as_deref())
    }

    /// The document the stored text holds (a new one for none).
    fn decoded(raw: Option<&str>) -> Result<Setup, BackendError> {
        match raw {
            None => Ok(Setup::new()),
            Some(raw) => decode(raw).map_err(|e| BackendError::Unreadable {
                raw: raw.to_owned(),
                reason: e.to_string(),
            }),
        }
    }

    /// The stored text, as it is.
    fn read_raw(&self) -> Result<Option<String>, BackendError> {
        Self::storage()?.get_item(&self.key).map_err(|_| {
            BackendError::unavailable("this browser refused to read its local storage")
        })
    }

    fn write(storage: &web_sys::Storage, key: &str, value: &str) -> Result<(), BackendError> {
        storage.set_item(key, value).map_err(|err| {
            let name = err
                .dyn_ref::<web_sys::DomException>()
                .map(|e| e.name())
                .unwrap_or_default();
            if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                BackendError::StorageFull
            } else {
                BackendError::Unavailable {
                    reason: "this browser refused to write to its local storage".into(),
                    detail: Some(name),
                }
            }
        })
    }

    /// The stored document at `expected_revision`, or the conflict.
    fn read_at(&self, expected_revision: u64) -> Result<Setup, BackendError> {
        let current = self.read()?;
        if current.revision != expected_revision {
            return Err(BackendError::Conflict {
                current: Box::new(current),
            });
        }
        Ok(current)
    }

    async fn apply_now(
        &self,
        command: Command,
        expected_revision: u64,
    ) -> Result<Setup, BackendError> {
        let raw = self.read_raw()?;
        let current = Self::decoded(raw.as_deref())?;
        if current.revision != expected_revision {
            return Err(BackendError::Conflict {
                current: Box::new(current),
            });
        }
        let (next, text) = crate::parts::apply_encoded(&current, command, now())
            .await?
            .map_err(BackendError::Rejected)?;
        // Another tab may have written while the rules were fetched.
        if self.read_raw()? != raw {
            return Err(BackendError::Conflict {
                current: Box::new(self.read()?),
            });
        }
        Self::write(&Self::storage()?, &self.key, &text)?;
        Ok(next)
    }

    /// A lookup by this browser: `record(resolver)` is the command that
    /// records a good result. It is checked on the stored document before
    /// anything is asked (a refused one asks nothing), and applied only if
    /// `good` says the check allows it.
    fn look_up<T: 'static, F: Future<Output = T> + 'static>(
        &self,
        expected_revision: u64,
        record: impl Fn(String) -> Command + 'static,
        ask: impl FnOnce(String) -> F + 'static,
        good: fn(&T) -> bool,
    ) -> BoxFuture<Result<Looked<T>, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let Lookups::Browser { resolver } = this.lookups() else {
                return Err(BackendError::unavailable(
                    "DNS lookups are turned off in Settings",
                ));
            };
            let current = this.read_at(expected_revision)?;
            crate::parts::apply(&current, record(resolver.clone()), now())
                .await?
                .map_err(BackendError::Rejected)?;
            let check = ask(resolver.clone()).await;
            let setup = if good(&check) {
                Some(
                    this.apply_now(record(resolver.clone()), expected_revision)
                        .await?,
                )
            } else {
                None
            };
            Ok(Looked {
                check,
                resolver,
                setup,
            })
        })
    }

    fn start_fresh_now(&self) -> Result<Setup, BackendError> {
        let storage = Self::storage()?;
        if let Ok(Some(raw)) = storage.get_item(&self.key) {
            if decode(&raw).is_err() {
                let backup = format!("{}.unreadable.{}", self.key, now().0);
                Self::write(&storage, &backup, &raw)?;
            }
        }
        storage.remove_item(&self.key).map_err(|_| {
            BackendError::unavailable("this browser refused to clear its local storage")
        })?;
        Ok(Setup::new())
    }
}

impl Backend for LocalStorageBackend {
    fn label(&self) -> String {
        "This browser (localStorage)".into()
    }

    fn load(&self) -> BoxFuture<Result<Setup, BackendError>> {
        let result = self.read();
        Box::pin(async move { result })
    }

    fn apply(
        &self,
        command: Command,
        expected_revision: u64,
    ) -> BoxFuture<Result<Setup, BackendError>> {
        let this = self.clone();
        Box::pin(async move { this.apply_now(command, expected_revision).await })
    }

    fn start_fresh(&self) -> BoxFuture<Result<Setup, BackendError>> {
        let result = self.start_fresh_now();
        Box::pin(async move { result })
    }

    fn watch(&self, changed: Rc<dyn Fn()>) -> WindowListenerHandle {
        let key = self.key.clone();
        // `storage` fires in every other tab of this origin when a key changes.
        window_event_listener(leptos::ev::storage, move |event| {
            // A `None` key means storage was cleared.
            if event.key().is_none_or(|k| k == key) {
                changed();
            }
        })
    }

    fn lookups(&self) -> Lookups {
        match dns::setting::current().resolver() {
            Some(url) => Lookups::Browser {
                resolver: url.to_owned(),
            },
            None => Lookups::Off,
        }
    }

    fn verify_domain(
        &self,
        name: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<TxtCheck>, BackendError>> {
        let shown = name.to_string();
        self.look_up(
            expected_revision,
            move |resolver| Command::RecordTxtFound {
                name: shown.clone(),
                resolver,
            },
            move |resolver| crate::parts::check_txt(resolver, name),
            TxtCheck::is_found,
        )
    }

    fn check_cnames(
        &self,
        domain: DomainName,
        expected_revision: u64,
    ) -> BoxFuture<Result<Looked<CnameCheck>, BackendError>> {
        let shown = domain.to_string();
        self.look_up(
            expected_revision,
            move |resolver| Command::RecordCnamesFound {
                domain: shown.clone(),
                resolver,
            },
            move |resolver| crate::parts::check_cnames(resolver, domain),
            CnameCheck::all_correct,
        )
    }
}
