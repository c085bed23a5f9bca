//! Step 6 — corporate-owned device identifiers: paste or load a CSV, see
//! every line's fate, then import all or nothing (or the valid lines only).

use crate::state::{refusal, AppState};
use crate::widgets::{
    read_only, Card, ConfirmDialog, FilePicker, ItemResultList, ItemResults, TextArea,
};
use domain::devices::{parse_devices, DeviceImport, ImportError, MAX_IMPORT_LINES};
use domain::{Applied, Command};
use leptos::prelude::*;

/// Rows of the preview and of the device list shown at once.
const PAGE: usize = 50;

#[component]
pub fn CorporateDevices() -> impl IntoView {
    let state = AppState::expect();
    let authority_set = Memo::new(move |_| state.setup.with(|s| s.authority.is_some()));
    let count = Memo::new(move |_| state.setup.with(|s| s.enrollment.devices.len()));
    view! {
        <Card
            heading_id="devices-heading"
            id="corporate-devices"
            title="Corporate-owned devices"
            aside=move || {
                view! {
                    <span class="muted" id="device-count">
                        {move || match count.get() {
                            1 => "1 device".to_string(),
                            n => format!("{n} devices"),
                        }}
                    </span>
                }
            }
        >
            <Show
                when=move || authority_set.get()
                fallback=|| view! { <p class="banner banner-blocked">"Needs the MDM authority (step 2)."</p> }
            >
                <p>
                    "List the devices your company owns, so they are marked corporate when they enroll. One identifier per line: an IMEI (15 digits; spaces and dashes are ignored) or a serial number (4 to 30 letters and digits), optionally followed by a comma and a description. A header line such as “IMEI,Description” is skipped."
                </p>
                <DeviceImportForm />
                <DeviceList />
            </Show>
        </Card>
    }
}

/// The import form's signals: the pasted or loaded text, the file it came
/// from, its preview and the last outcome.
#[derive(Clone, Copy)]
struct ImportForm {
    text: RwSignal<String>,
    source: RwSignal<Option<String>>,
    preview: RwSignal<Option<Result<DeviceImport, ImportError>>>,
    failure: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
}

impl ImportForm {
    fn new() -> Self {
        ImportForm {
            text: RwSignal::new(String::new()),
            source: RwSignal::new(None),
            preview: RwSignal::new(None),
            failure: RwSignal::new(None),
            done: RwSignal::new(None),
        }
    }

    /// Previews the text against the devices already imported.
    fn check(self, state: AppState) {
        // The page may be gone when a queued import is answered.
        let Some(typed) = self.text.try_get_untracked() else {
            return;
        };
        let result = state
            .setup
            .with_untracked(|s| parse_devices(&typed, &s.enrollment.devices));
        self.preview.set(Some(result));
    }
}

#[component]
fn DeviceImportForm() -> impl IntoView {
    let state = AppState::expect();
    let form = ImportForm::new();
    let ImportForm {
        text,
        source,
        preview,
        failure,
        done,
    } = form;
    let results = ItemResults::new();
    let import = move |skip_invalid: bool| {
        failure.set(None);
        done.set(None);
        results.clear();
        let sent = text.get_untracked();
        let command = Command::ImportDevices {
            text: sent.clone(),
            skip_invalid,
        };
        state.dispatch(command, move |result| match result {
            Ok(applied) => {
                // What the domain added: other changes queued meanwhile (a
                // removal) don't change the count reported for this import.
                let added = match applied {
                    Applied::DevicesImported { added, .. } => added,
                    _ => 0,
                };
                done.set(Some(format!(
                    "Imported {added} {}.",
                    if added == 1 { "device" } else { "devices" }
                )));
                // Text typed since it was sent stays.
                if text.try_get_untracked().as_ref() == Some(&sent) {
                    text.set(String::new());
                }
                source.set(None);
                preview.set(None);
            }
            Err(rejection) => {
                // The tenant took some devices only: each one's result.
                results.report(Err(rejection), failure);
                form.check(state);
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        import(false);
    };
    view! {
        <form class="stack" novalidate on:submit=on_submit id="device-form">
            <TextArea
                id="device-text"
                label="Device identifiers (one per line)"
                value=text
                help=format!(
                    "At most {},{:03} lines per import. Paste them, or load a CSV or text file.",
                    MAX_IMPORT_LINES / 1000,
                    MAX_IMPORT_LINES % 1000
                )
                rows=6
                spellcheck=false
                described_by="device-preview-summary"
                on_input=Callback::new(move |_| {
                    source.set(None);
                    preview.set(None);
                    done.set(None);
                })
            />
            <ImportActions form import_valid=Callback::new(move |()| import(true)) />
            <p class="form-error" role="alert" id="device-error">{move || failure.get()}</p>
            <ItemResultList results id="device-results" label="Each device in Intune" />
            <p class="ok" role="status" id="device-done">{move || done.get()}</p>
            <Preview preview source />
        </form>
    }
}

/// Load a file, check, import (all, or the valid lines only when some have
/// problems).
#[component]
fn ImportActions(form: ImportForm, import_valid: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    // Checking only previews, but the list to check can't be typed or
    // loaded while read-only: the whole import is locked.
    let read_only = read_only();
    let ImportForm {
        text,
        source,
        preview,
        failure,
        done,
    } = form;
    let on_file = Callback::new(move |(name, bytes): (String, Vec<u8>)| {
        failure.set(None);
        done.set(None);
        match String::from_utf8(bytes) {
            Ok(content) => {
                text.set(content);
                source.set(Some(name));
                form.check(state);
            }
            Err(_) => {
                preview.set(None);
                failure.set(Some(format!(
                    "{name} was not used. {}",
                    ImportError::NotText
                )));
            }
        }
    });
    let some_valid = move || {
        preview
            .with(|p| matches!(p, Some(Ok(i)) if !i.problems.is_empty() && !i.devices.is_empty()))
    };
    view! {
        <div class="actions">
            <FilePicker
                id="device-file"
                label="Load a CSV file…"
                accept=".csv,.txt,text/csv,text/plain"
                on_file
                on_error=Callback::new(move |m| failure.set(Some(m)))
                described_by="device-preview-summary".into()
            />
            <button type="button" class="button" id="device-check" disabled=move || read_only.get() on:click=move |_| form.check(state)>
                "Check the list"
            </button>
            <button type="submit" class="button primary" id="device-import" disabled=move || read_only.get()>
                "Import"
            </button>
            <Show when=some_valid>
                <button
                    type="button"
                    class="button"
                    id="device-import-valid"
                    disabled=move || read_only.get()
                    on:click=move |_| import_valid.run(())
                >
                    "Import the valid lines only"
                </button>
            </Show>
        </div>
    }
}

#[component]
fn Preview(
    preview: RwSignal<Option<Result<DeviceImport, ImportError>>>,
    source: RwSignal<Option<String>>,
) -> impl IntoView {
    let summary = move || {
        preview.with(|p| match p {
            None => String::new(),
            Some(Err(e)) => e.to_string(),
            Some(Ok(i)) => {
                let mut text = format!(
                    "{}{} ready to import, {} with problems",
                    source.get().map(|s| format!("{s}: ")).unwrap_or_default(),
                    plural(i.devices.len(), "line"),
                    i.problems.len()
                );
                if let Some(line) = i.header_line {
                    text.push_str(&format!(" (header on line {line} skipped)"));
                }
                text.push('.');
                if !i.problems.is_empty() {
                    text.push_str(" A list with problems imports nothing unless you choose “Import the valid lines only”.");
                }
                text
            }
        })
    };
    view! {
        <div class="preview" aria-live="polite">
            <p id="device-preview-summary" class="preview-summary">{summary}</p>
            {move || {
                preview
                    .with(|p| match p {
                        Some(Ok(i)) => Some((i.problems.clone(), i.devices.iter().take(PAGE).cloned().collect::<Vec<_>>(), i.devices.len())),
                        _ => None,
                    })
                    .map(|(problems, first, total)| {
                        view! {
                            {(!problems.is_empty())
                                .then(|| {
                                    view! {
                                        <h3>"Lines with problems"</h3>
                                        <ol class="problems" id="device-problems">
                                            {problems
                                                .into_iter()
                                                .map(|p| {
                                                    view! {
                                                        <li>
                                                            <strong>{format!("Line {}: ", p.line)}</strong>
                                                            {p.reason}
                                                            <span class="muted mono">{format!(" — {}", p.text)}</span>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ol>
                                    }
                                })}
                            {(total > 0)
                                .then(|| {
                                    view! {
                                        <h3>
                                            {if total > PAGE {
                                                format!("Ready to import (first {PAGE} of {total})")
                                            } else {
                                                "Ready to import".to_string()
                                            }}
                                        </h3>
                                        <div class="table-wrap">
                                            <table class="table" id="device-preview">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">"Line"</th>
                                                        <th scope="col">"Kind"</th>
                                                        <th scope="col">"Identifier"</th>
                                                        <th scope="col">"Description"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {first
                                                        .into_iter()
                                                        .map(|d| {
                                                            view! {
                                                                <tr>
                                                                    <td>{d.line}</td>
                                                                    <td>{d.kind.label()}</td>
                                                                    <td class="mono">{d.identifier}</td>
                                                                    <td class="wrap">{d.description}</td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }
                                })}
                        }
                    })
            }}
        </div>
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[component]
fn DeviceList() -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let page = RwSignal::new(0usize);
    let clear_open = RwSignal::new(false);
    let clear_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let total = Memo::new(move |_| state.setup.with(|s| s.enrollment.devices.len()));
    let pages = Signal::derive(move || total.get().div_ceil(PAGE).max(1));
    // Stay on a page that exists after removals.
    Effect::new(move || {
        let last = pages.get() - 1;
        if page.get() > last {
            page.set(last);
        }
    });
    let clear = Callback::new(move |_| {
        state.dispatch(Command::ClearDevices, move |r| match r {
            Ok(_) => clear_open.set(false),
            Err(message) => clear_error.set(Some(message.to_string())),
        });
    });
    view! {
        <Show when=move || { total.get() > 0 }>
            <h3>"Imported devices"</h3>
            <DeviceTable page failure />
            <div class="actions pager">
                <button
                    type="button"
                    class="button small"
                    data-role="page-previous"
                    disabled=move || page.get() == 0
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
                >
                    "Previous"
                </button>
                <span id="device-page">{move || format!("Page {} of {}", page.get() + 1, pages.get())}</span>
                <button
                    type="button"
                    class="button small"
                    data-role="page-next"
                    disabled=move || { page.get() + 1 >= pages.get() }
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    "Next"
                </button>
                <button
                    type="button"
                    class="button danger-outline"
                    id="device-clear"
                    disabled=move || read_only.get()
                    on:click=move |_| {
                        clear_error.set(None);
                        clear_open.set(true);
                    }
                >
                    "Remove all…"
                </button>
            </div>
            <p class="form-error" role="alert">{move || failure.get()}</p>
        </Show>
        <ConfirmDialog
            id="device-clear-dialog"
            open=clear_open
            title=Signal::derive(move || format!("Remove all {} corporate devices?", total.get()))
            confirm_label="Remove all"
            danger=true
            error=clear_error
            on_confirm=clear
        >
            <p>"The list is emptied. Devices that already enrolled stay enrolled, but are no longer known to be corporate-owned."</p>
        </ConfirmDialog>
    }
}

/// One page of the imported devices, each with a button to remove it; a
/// refused removal says why in `failure`.
#[component]
fn DeviceTable(page: RwSignal<usize>, failure: RwSignal<Option<String>>) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let rows = Memo::new(move |_| {
        let start = page.get() * PAGE;
        state.setup.with(|s| {
            s.enrollment
                .devices
                .iter()
                .skip(start)
                .take(PAGE)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let remove = move |identifier: String| {
        state.dispatch(Command::RemoveDevice { identifier }, move |r| {
            failure.set(refusal(r))
        });
    };
    view! {
        <div class="table-wrap">
            <table class="table" id="device-list">
                <thead>
                    <tr>
                        <th scope="col">"Identifier"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|d| d.identifier.clone() let:d>
                        {
                            let id = d.identifier.clone();
                            view! {
                                <tr>
                                    <td class="mono">{d.identifier.clone()}</td>
                                    <td>{d.kind.label()}</td>
                                    <td class="wrap">{d.description.clone()}</td>
                                    <td>{d.added_at.date().to_string()}</td>
                                    <td>
                                        <button
                                            type="button"
                                            class="button small danger-outline"
                                            aria-label=format!("Remove {}", d.identifier)
                                            disabled=move || read_only.get()
                                            on:click=move |_| remove(id.clone())
                                        >
                                            "Remove"
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
