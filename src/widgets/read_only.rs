//! Whether the page in view may change the setup. While support resets the
//! MDM authority every step is read-only: reading, copying, filtering,
//! exporting and printing stay available; only changes are locked.

use leptos::prelude::*;

/// Provided by the layout: true while the setup must not be changed from
/// the page in view. The widgets that change something disable themselves
/// while it is true; each step disables its own change buttons with
/// [`read_only`].
#[derive(Clone, Copy)]
pub struct ReadOnly(pub Signal<bool>);

impl ReadOnly {
    /// Makes `locked` the read-only state of everything rendered below.
    pub fn provide(locked: Signal<bool>) {
        provide_context(ReadOnly(locked));
    }
}

/// True while changes are locked; always false outside the layout (a widget
/// mounted on its own).
pub fn read_only() -> Signal<bool> {
    use_context::<ReadOnly>().map_or_else(|| Signal::stored(false), |r| r.0)
}

/// A control's `disabled`: its own condition, or read-only unless the
/// control only reads (a filter, a search).
pub(crate) fn locked_unless(disabled: Signal<bool>, reads_only: bool) -> Signal<bool> {
    if reads_only {
        return disabled;
    }
    let read_only = read_only();
    Signal::derive(move || disabled.get() || read_only.get())
}
