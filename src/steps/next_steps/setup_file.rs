//! The setup as a file: export, import (after a confirmation), Markdown and
//! print.

use crate::clock;
use crate::state::AppState;
use crate::widgets::{Card, ConfirmDialog, FilePicker, TechnicalDetails};
use domain::{codec, Command, Setup};
use leptos::prelude::*;

/// "contoso-onmicrosoft-com-2026-11-27"
fn file_stem(setup: &Setup) -> String {
    format!(
        "mdm-prereqs-{}-{}",
        setup.tenant_domain.as_str().replace('.', "-"),
        clock::now().date()
    )
}

#[component]
pub fn SetupFile() -> impl IntoView {
    let state = AppState::expect();
    let message = RwSignal::new(None::<String>);
    let detail = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<(String, Setup)>);
    let confirm_open = RwSignal::new(false);
    let confirm_error = RwSignal::new(None::<String>);

    let download = move |suffix: &str, mime: &str, text: String| {
        let name = format!("{}{suffix}", state.setup.with_untracked(file_stem));
        match crate::download::save_text(&name, mime, &text) {
            Ok(_) => done.set(Some(format!("Downloaded {name}."))),
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let export = move |_| {
        let json = state.setup.with_untracked(codec::encode_pretty);
        download(".json", "application/json", json);
    };
    let markdown = move |_| {
        let text = state
            .setup
            .with_untracked(|s| s.summary_markdown(clock::now()));
        download("-summary.md", "text/markdown", text);
    };
    let print = move |_| {
        let _ = window().print();
    };
    let on_file = Callback::new(move |(name, bytes): (String, Vec<u8>)| {
        done.set(None);
        detail.set(None);
        let Ok(text) = String::from_utf8(bytes) else {
            message.set(Some(format!(
                "{name} was not imported: it is not a text (UTF-8) file. Nothing was changed."
            )));
            return;
        };
        match codec::import(&text) {
            Ok(setup) => {
                message.set(None);
                confirm_error.set(None);
                pending.set(Some((name, setup)));
                confirm_open.set(true);
            }
            Err(problem) => {
                detail.set(problem.detail.clone());
                message.set(Some(format!(
                    "{name} was not imported: {problem}. Nothing was changed."
                )))
            }
        }
    });
    view! {
        <Card heading_id="file-heading" title="Your setup as a file" id="setup-file">
            <p>
                "Export the whole setup as JSON to keep a copy or move it to another browser; importing a file replaces the current setup after you confirm. Print or download a readable summary to share with your team."
            </p>
            <div class="actions">
                <button type="button" class="button primary" id="export-json" on:click=export>
                    "Export as JSON"
                </button>
                <FilePicker
                    id="import-json"
                    label="Import a JSON file…"
                    accept=".json,application/json"
                    on_file
                    on_error=Callback::new(move |m| message.set(Some(m)))
                    described_by="file-error".into()
                />
                <button type="button" class="button" id="download-markdown" on:click=markdown>
                    "Download summary (Markdown)"
                </button>
                <button type="button" class="button" id="print-summary" on:click=print>
                    "Print summary"
                </button>
            </div>
            <p class="form-error" role="alert" id="file-error">{move || message.get()}</p>
            <TechnicalDetails detail />
            <p class="ok" role="status" id="file-done">{move || done.get()}</p>
            <ImportDialog pending open=confirm_open error=confirm_error done />
        </Card>
    }
}

/// Asks before a read file replaces the setup, saying what the file holds.
#[component]
fn ImportDialog(
    pending: RwSignal<Option<(String, Setup)>>,
    open: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = AppState::expect();
    let apply_import = Callback::new(move |_| {
        let Some((name, setup)) = pending.get_untracked() else {
            return;
        };
        state.dispatch(
            Command::ImportSetup {
                setup: Box::new(setup),
            },
            move |result| match result {
                Ok(_) => {
                    open.set(false);
                    pending.set(None);
                    done.set(Some(format!(
                        "Imported {name}: the setup now matches the file."
                    )));
                }
                Err(e) => error.set(Some(e.to_string())),
            },
        );
    });
    let pending_summary = move || {
        pending.with(|p| {
            p.as_ref()
                .map(|(name, s)| format!("{name} holds {}.", s.summary()))
        })
    };
    view! {
        <ConfirmDialog
            id="import-dialog"
            open
            title="Replace the current setup?"
            confirm_label="Replace with the file"
            danger=true
            error
            on_confirm=apply_import
        >
            <p id="import-summary">{pending_summary}</p>
            <p>"Everything in the current setup is replaced. Export it first if you may want it back."</p>
        </ConfirmDialog>
    }
}
