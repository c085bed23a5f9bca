use leptos::prelude::*;
use leptos::task::spawn_local;

use super::read_only::locked_unless;
use super::Latest;

/// Reads a picked or dropped file's bytes.
pub async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "The browser could not read the file.".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A "Choose a file…" button over a native file input. The picked file's
/// name and bytes go to `on_file`; the caller asks the domain what they are.
#[component]
pub fn FilePicker(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    /// File types offered first in the dialog (the content is still checked).
    accept: &'static str,
    on_file: Callback<(String, Vec<u8>)>,
    /// Where reading failures go (the browser could not read the file).
    on_error: Callback<String>,
    /// Ids of the help and error texts describing the input.
    #[prop(optional)]
    described_by: Option<String>,
    /// True while the error describing the input shows (`aria-invalid`).
    #[prop(optional, into)]
    invalid: Signal<bool>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    // Whatever it loads is a change: locked while the page is read-only.
    let disabled = locked_unless(disabled, false);
    let latest = Latest::new();
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            let name = file.name();
            let ticket = latest.ticket();
            spawn_local(async move {
                let read = read_file(file).await;
                // A file picked since then wins, even if it was read first.
                if !latest.is_current(ticket) {
                    return;
                }
                match read {
                    Ok(bytes) => on_file.run((name, bytes)),
                    Err(message) => on_error.run(message),
                }
            });
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    view! {
        <label class="button" for=id class:disabled=move || disabled.get()>
            {move || label.get()}
        </label>
        <input
            class="visually-hidden"
            type="file"
            id=id
            accept=accept
            aria-describedby=described_by
            aria-invalid=move || if invalid.get() { "true" } else { "false" }
            disabled=move || disabled.get()
            on:change=on_change
        />
    }
}
