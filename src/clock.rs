use domain::Timestamp;

/// The browser's current time.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}
