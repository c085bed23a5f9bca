//! The browser's DNS lookup setting, kept in this browser whatever the
//! backend (the server backend looks DNS up itself and ignores it).

use domain::backend_settings::DnsLookups;

pub const DNS_KEY: &str = "mdm-prereqs.dns";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The saved setting; the default resolver when none is saved. A saved
/// value this version cannot read is left in place and reported.
pub fn load() -> Result<DnsLookups, String> {
    match storage().and_then(|s| s.get_item(DNS_KEY).ok().flatten()) {
        None => Ok(DnsLookups::default()),
        Some(raw) => serde_json::from_str(&raw).map_err(|e| {
            format!("The saved DNS setting cannot be read ({e}); lookups use the default resolver until you save it again.")
        }),
    }
}

/// What lookups use now: the saved setting, or the default.
pub fn current() -> DnsLookups {
    load().unwrap_or_default()
}

pub fn save(value: &DnsLookups) -> Result<(), String> {
    let raw = serde_json::to_string(value).map_err(|e| e.to_string())?;
    storage()
        .ok_or_else(|| "This browser does not allow the app to use local storage.".to_string())?
        .set_item(DNS_KEY, &raw)
        .map_err(|_| {
            "The setting could not be saved: this browser's storage refused it.".to_string()
        })
}
