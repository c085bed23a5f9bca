use leptos::prelude::*;

/// Numbers overlapping background jobs (file reads, connection tests) so
/// that only the newest one reports: a slow earlier job that finishes last
/// must not overwrite what a later one showed.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u64>);

impl Latest {
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// Starts a job; every earlier ticket stops being current.
    pub fn ticket(self) -> u64 {
        self.0.update_value(|n| *n += 1);
        self.0.get_value()
    }

    /// False once a newer job started, or once the component that started
    /// it is gone (its page was left): then nobody is waiting for it.
    pub fn is_current(self, ticket: u64) -> bool {
        self.0.try_get_value() == Some(ticket)
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}
