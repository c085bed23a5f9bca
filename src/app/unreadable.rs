//! The screen shown instead of the app when the stored setup can't be read.

use crate::state::AppState;
use crate::widgets::ConfirmDialog;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Shown instead of the app when the stored document cannot be read. The
/// data is never overwritten: it can be downloaded, and starting fresh keeps
/// a copy aside.
#[component]
pub(super) fn UnreadableData(raw: String, reason: String, on_fresh: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let confirm_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let bytes = raw.len();
    let download = move |_| {
        if let Err(message) =
            crate::download::save_text("mdm-prereqs-saved-data.json", "application/json", &raw)
        {
            error.set(Some(message));
        }
    };
    let start_fresh = Callback::new(move |_| {
        spawn_local(async move {
            match state.backend().start_fresh().await {
                Ok(setup) => {
                    state.setup.set(setup);
                    confirm_open.set(false);
                    on_fresh.run(());
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        })
    });
    view! {
        <main class="fatal" id="main">
            <h1 id="page-title">"Your saved setup cannot be opened"</h1>
            <p role="alert" id="unreadable-reason">{reason}</p>
            <p>
                {format!("Nothing has been changed or deleted: the {bytes} bytes of saved data are still in this browser. ")}
                "Download them to keep a copy, or to send them to whoever can help. Starting fresh keeps the unreadable data aside in this browser and opens an empty setup."
            </p>
            <p class="actions">
                <button type="button" class="button primary" id="download-unreadable" on:click=download>
                    "Download the saved data"
                </button>
                <button type="button" class="button" id="start-fresh" on:click=move |_| confirm_open.set(true)>
                    "Start fresh…"
                </button>
            </p>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <ConfirmDialog
                id="fresh-dialog"
                open=confirm_open
                title="Start with an empty setup?"
                confirm_label="Start fresh"
                on_confirm=start_fresh
                error
            >
                <p>
                    "The unreadable data stays in this browser under a backup name, and you can still download it first. The app then starts with an empty setup."
                </p>
            </ConfirmDialog>
        </main>
    }
}
