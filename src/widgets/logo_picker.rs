use domain::portal::Logo;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::read_only::locked_unless;
use super::{read_file, Latest};

/// Picks a logo by file dialog or drag and drop. The bytes are checked by the
/// domain (format from the content, pixel and byte limits); a refused file
/// leaves the current logo as it was and says exactly why.
#[component]
pub fn LogoPicker(
    id: &'static str,
    label: &'static str,
    logo: RwSignal<Option<Logo>>,
    /// The field's own error (for example "required").
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Background of the thumbnail, as the logo will be shown.
    #[prop(into)]
    background: Signal<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let disabled = locked_unless(disabled, false);
    let rejection = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let latest = Latest::new();
    let take = move |file: web_sys::File| {
        let name = file.name();
        let ticket = latest.ticket();
        spawn_local(async move {
            let read = read_file(file).await;
            // A file picked or dropped since then wins, even if read first.
            if !latest.is_current(ticket) {
                return;
            }
            match read {
                Ok(bytes) => match Logo::from_file(&name, &bytes) {
                    Ok(new_logo) => {
                        rejection.set(None);
                        logo.set(Some(new_logo));
                    }
                    Err(e) => rejection.set(Some(format!("{name} was not used. {e}"))),
                },
                Err(message) => rejection.set(Some(message)),
            }
        });
    };
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            take(file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if disabled.get_untracked() {
            return;
        }
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|files| files.get(0))
        {
            take(file);
        }
    };
    let message_id = format!("{id}-error");
    let shown_error = move || rejection.get().or_else(|| error.get());
    view! {
        <div
            class="logo-picker"
            class:dragging=move || dragging.get()
            class:field-invalid=move || shown_error().is_some()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <p class="logo-label" id=format!("{id}-label")>{label}</p>
            <CurrentLogo logo background />
            <div class="actions">
                <label class="button" for=id class:disabled=move || disabled.get()>
                    {move || if logo.with(Option::is_some) { "Replace…" } else { "Choose a file…" }}
                </label>
                <input
                    node_ref=input_ref
                    class="visually-hidden"
                    type="file"
                    id=id
                    accept="image/png,image/jpeg"
                    aria-describedby=message_id.clone()
                    aria-invalid=move || if shown_error().is_some() { "true" } else { "false" }
                    disabled=move || disabled.get()
                    on:change=on_change
                />
                <Show when=move || logo.with(Option::is_some)>
                    <button
                        type="button"
                        class="button danger-outline"
                        disabled=move || disabled.get()
                        on:click=move |_| {
                            logo.set(None);
                            rejection.set(None);
                        }
                    >
                        "Remove"
                    </button>
                </Show>
                <span class="muted drop-hint">"or drop a PNG or JPEG here · at most 400 × 100 px and 750 KB"</span>
            </div>
            <p class="field-error" id=message_id aria-live="polite">{shown_error}</p>
        </div>
    }
}

/// The logo as it will be shown, with its file name and size; or "No logo yet."
#[component]
fn CurrentLogo(logo: RwSignal<Option<Logo>>, background: Signal<String>) -> impl IntoView {
    view! {
        <div class="logo-current">
            {move || match logo.get() {
                Some(current) => {
                    view! {
                        <div class="logo-thumb" style=move || format!("background:{}", background.get())>
                            <img src=current.data_url() alt=format!("Current logo: {}", current.file_name) />
                        </div>
                        <p class="logo-meta">
                            <span class="logo-name">{current.file_name.clone()}</span>
                            <span class="muted">{current.describe()}</span>
                        </p>
                    }
                        .into_any()
                }
                None => view! { <p class="muted logo-empty">"No logo yet."</p> }.into_any(),
            }}
        </div>
    }
}
