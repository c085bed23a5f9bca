//! Which backend the app uses, kept in this browser (the setting itself
//! always lives in localStorage, whatever it chooses).

use crate::backend::{Backend, HttpBackend, LocalStorageBackend};
use domain::settings::BackendChoice;
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

pub fn backend_for(choice: &BackendChoice) -> Rc<dyn Backend> {
    match choice {
        BackendChoice::Browser => Rc::new(LocalStorageBackend::default()),
        BackendChoice::Server(settings) => Rc::new(HttpBackend::new(settings.clone())),
    }
}
