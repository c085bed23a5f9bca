use leptos::html::Dialog;
use leptos::prelude::*;

use super::read_only;

/// A modal confirmation built on the native `<dialog>` (focus is trapped in it,
/// Escape cancels, focus returns to the opener). With `tick_label`, it shows a
/// tick box whose state is passed to `on_confirm`; the caller (through the
/// domain) decides whether an unticked confirmation is accepted, and closes
/// the dialog by setting `open` to false. While the page is read-only it
/// can't be confirmed (Cancel still closes it).
#[component]
pub fn ConfirmDialog(
    /// Unique prefix for element ids.
    #[prop(into)]
    id: String,
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] confirm_label: String,
    on_confirm: Callback<bool>,
    #[prop(optional, into)] tick_label: Option<Signal<String>>,
    /// An error to show inside the dialog (for example the domain's refusal).
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    #[prop(optional)] danger: bool,
    children: Children,
) -> impl IntoView {
    let read_only = read_only();
    let dialog = NodeRef::<Dialog>::new();
    let ticked = RwSignal::new(false);
    let has_tick = tick_label.is_some();
    Effect::new(move || {
        let is_open = open.get();
        let Some(dialog) = dialog.get() else { return };
        if is_open && !dialog.open() {
            ticked.set(false);
            let _ = dialog.show_modal();
        } else if !is_open && dialog.open() {
            dialog.close();
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let tick_id = format!("{id}-tick");
    let error_id = format!("{id}-error");
    view! {
        <dialog
            node_ref=dialog
            id=id.clone()
            class="dialog"
            aria-labelledby=labelled_by
            on:close=move |_| {
                // The browser fires `close` a task after the dialog closed. If
                // it was opened again in between (Escape, then Enter at once),
                // that late event is not about the dialog now showing.
                if !dialog.get_untracked().is_some_and(|d| d.open()) {
                    open.set(false);
                }
            }
        >
            <h2 id=title_id>{move || title.get()}</h2>
            <div class="dialog-body">{children()}</div>
            {tick_label
                .map(|label| {
                    view! {
                        <p class="dialog-tick">
                            <input
                                type="checkbox"
                                id=tick_id.clone()
                                prop:checked=move || ticked.get()
                                disabled=move || read_only.get()
                                on:change=move |ev| ticked.set(event_target_checked(&ev))
                            />
                            <label for=tick_id>{move || label.get()}</label>
                        </p>
                    }
                })}
            <p class="dialog-error" id=error_id role="alert">
                {move || error.get()}
            </p>
            <div class="dialog-actions">
                <button type="button" class="button" data-role="cancel" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="button"
                    class:primary=!danger
                    class:danger=danger
                    data-role="confirm"
                    disabled=move || read_only.get()
                    on:click=move |_| on_confirm.run(!has_tick || ticked.get_untracked())
                >
                    {confirm_label}
                </button>
            </div>
        </dialog>
    }
}
