use leptos::prelude::*;
use std::time::Duration;

/// Copies `text` to the clipboard and says so for a moment.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    /// Accessible name, e.g. "Copy the TXT value for contoso.com".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&text.get_untracked());
        copied.set(true);
        set_timeout(move || copied.set(false), Duration::from_secs(2));
    };
    view! {
        <button type="button" class="button small" aria-label=label on:click=copy>
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
