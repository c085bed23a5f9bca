//! Which backend the app uses, kept in this browser (the setting itself
//! always lives in localStorage, whatever it chooses).

use crate::backend::{Backend, HttpBackend, LocalStorageBackend};
use crate::parts::PartUnavailable;
use domain::backend_settings::BackendChoice;
use leptos::prelude::*;
use std::rc::Rc;

pub const SETTINGS_KEY: &str = "mdm-prereqs.backend";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The saved choice; the browser when none is saved. A saved value this
/// version cannot read is left in place and reported.
pub fn load_choice() -> Result<BackendChoice, String> {
    match storage().and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten()) {
        None => Ok(BackendChoice::Browser),
        Some(raw) => serde_json::from_str(&raw).map_err(|e| {
            format!("The saved backend setting cannot be read ({e}); this browser's storage is used until you choose again in Settings.")
        }),
    }
}

pub fn save_choice(choice: &BackendChoice) -> Result<(), String> {
    let raw = serde_json::to_string(choice).map_err(|e| e.to_string())?;
    storage()
        .ok_or_else(|| "This browser does not allow the app to use local storage.".to_string())?
        .set_item(SETTINGS_KEY, &raw)
        .map_err(|_| {
            "The setting could not be saved: this browser's storage refused it.".to_string()
        })
}

/// The backend `choice` names; the server backend's code is a part of its
/// own, fetched only when it is chosen.
pub async fn backend_for(choice: &BackendChoice) -> Result<Rc<dyn Backend>, PartUnavailable> {
    match choice {
        BackendChoice::Browser => Ok(Rc::new(LocalStorageBackend::default())),
        BackendChoice::Server(settings) => crate::parts::server_backend(settings.clone()).await,
    }
}

/// Saves a backend choice and starts the app on it, or says why not.
pub type Commit = dyn Fn(&BackendChoice) -> Result<(), String>;

/// What Settings needs to switch: the backend in use, where "This browser"
/// keeps the setup, and how a new choice takes effect. The app's are the
/// real ones; tests give their own (a storage key of their own, and a
/// record of the choice instead of a reload).
#[derive(Clone)]
pub struct Switching {
    /// The backend in use now.
    pub current: BackendChoice,
    /// Where "This browser" keeps the setup.
    pub browser: Rc<dyn Backend>,
    /// Saves the choice and starts the app again on it.
    pub commit: Rc<Commit>,
}

impl Default for Switching {
    fn default() -> Self {
        Switching {
            current: load_choice().unwrap_or_default(),
            browser: Rc::new(LocalStorageBackend::default()),
            commit: Rc::new(|choice| {
                save_choice(choice)?;
                let _ = window().location().reload();
                Ok(())
            }),
        }
    }
}

impl Switching {
    /// The backend `choice` names.
    pub fn target(&self, choice: &BackendChoice) -> Rc<dyn Backend> {
        match choice {
            BackendChoice::Browser => self.browser.clone(),
            BackendChoice::Server(settings) => Rc::new(HttpBackend::new(settings.clone())),
        }
    }

    pub fn provide(self) {
        provide_context(StoredValue::new_local(self));
    }

    /// The one the app shell provides.
    pub fn expect() -> Switching {
        use_context::<StoredValue<Switching, LocalStorage>>()
            .expect("Switching is provided by the app shell")
            .get_value()
    }
}
