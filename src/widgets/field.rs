//! Labelled controls: one frame (label, help, error, counter) written once in
//! [`Frame`], and a widget per kind of control built on it. Every control is
//! tied to its help, counter and error with `aria-describedby`, and says
//! `aria-invalid` while its error shows. Every control is disabled while
//! the page is read-only ([`super::read_only`]), except a [`TextField`]
//! that only reads (`read_only_ok`: a filter, a search).

use domain::text::grouped;
use leptos::prelude::*;

use super::read_only::locked_unless;
use super::FilePicker;

/// Where the label goes: above the control (text, select, text area), after
/// it (tick boxes and switches), or above it as a caption when the control
/// brings its own `<label>` (a file picker's button).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    LabelFirst,
    ControlFirst,
    Caption,
}

/// The parts every labelled control shares. The ids derive from the control's
/// id: `{id}-help`, `{id}-counter`, `{id}-error`.
struct Frame {
    id: String,
    label: TextProp,
    help: Option<TextProp>,
    error: Signal<Option<String>>,
    /// Counts characters of the trimmed value against this limit.
    counter: Option<(Signal<usize>, usize)>,
    /// Classes of the wrapper (`field` plus any extra).
    class: String,
    layout: Layout,
}

impl Frame {
    fn help_id(&self) -> String {
        format!("{}-help", self.id)
    }

    fn counter_id(&self) -> String {
        format!("{}-counter", self.id)
    }

    fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    /// The help (if any), the counter (if any), the error, then `extra` ids
    /// the page adds (for example a preview summary).
    fn described_by(&self, extra: Option<&str>) -> String {
        let mut ids = Vec::new();
        if self.help.is_some() {
            ids.push(self.help_id());
        }
        if self.counter.is_some() {
            ids.push(self.counter_id());
        }
        ids.push(self.error_id());
        ids.extend(extra.map(str::to_owned));
        ids.join(" ")
    }

    fn invalid(&self) -> Signal<bool> {
        let error = self.error;
        Signal::derive(move || error.with(Option::is_some))
    }

    /// `"true"` while the error shows, for the control's `aria-invalid`.
    fn aria_invalid(&self) -> impl Fn() -> &'static str + Send + Sync + Copy + 'static {
        let error = self.error;
        move || {
            if error.with(Option::is_some) {
                "true"
            } else {
                "false"
            }
        }
    }

    fn render(self, control: impl IntoView + 'static) -> impl IntoView {
        let invalid = self.invalid();
        let (help_id, counter_id, error_id) = (self.help_id(), self.counter_id(), self.error_id());
        let Frame {
            id,
            label,
            help,
            error,
            counter,
            class,
            layout,
        } = self;
        let label = if layout == Layout::Caption {
            let caption_id = format!("{id}-label");
            view! { <p class="logo-label" id=caption_id>{move || label.get()}</p> }.into_any()
        } else {
            view! { <label for=id>{move || label.get()}</label> }.into_any()
        };
        let help =
            help.map(|text| view! { <p class="field-help" id=help_id>{move || text.get()}</p> });
        let message = view! {
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get()}
            </p>
        };
        let counter = counter.map(|(length, max)| {
            let over = Signal::derive(move || length.get() > max);
            view! {
                <span class="field-counter" class:over=over id=counter_id>
                    {move || format!("{}/{}", grouped(length.get() as u64), grouped(max as u64))}
                </span>
            }
        });
        match layout {
            Layout::LabelFirst | Layout::Caption => view! {
                <div class=class class:field-invalid=invalid>
                    {label}
                    {help}
                    {control}
                    <div class="field-meta">{message}{counter}</div>
                </div>
            }
            .into_any(),
            Layout::ControlFirst => view! {
                <div class=class class:field-invalid=invalid>
                    {control}
                    {label}
                    {help}
                    {message}
                </div>
            }
            .into_any(),
        }
    }
}

fn classes(base: &str, extra: Option<&'static str>) -> String {
    match extra {
        Some(extra) => format!("{base} {extra}"),
        None => base.to_owned(),
    }
}

/// Characters of the trimmed value, as the rules count them.
fn trimmed_length(value: RwSignal<String>) -> Signal<usize> {
    Signal::derive(move || value.with(|v| v.trim().chars().count()))
}

/// A labelled text input with an optional character counter (`n/max`, counting
/// characters of the trimmed value, as the rules do), help text and an error
/// tied to the input with `aria-describedby` / `aria-invalid`.
///
/// The input has no `maxlength`: over-long text is kept and explained, never
/// cut off silently.
#[component]
pub fn TextField(
    /// Element id; the label, help, counter and error ids derive from it.
    #[prop(into)]
    id: String,
    /// Visible label (the field name from the specification).
    #[prop(into)]
    label: TextProp,
    value: RwSignal<String>,
    /// The message to show now (the caller decides when errors show).
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    #[prop(optional)] max: Option<usize>,
    #[prop(optional, into)] help: Option<TextProp>,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// `text` unless given: `email`, `url`, `tel`, `password`, `search`, `number`…
    #[prop(optional)]
    input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Id of what the input changes as you type (a list of results).
    #[prop(optional, into)]
    controls: Option<String>,
    /// Extra classes of the wrapper, e.g. `compact` in a toolbar.
    #[prop(optional)]
    class: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// The input only reads (a filter, a search): it stays usable while the
    /// page is read-only. Every other field is then disabled.
    #[prop(optional)]
    read_only_ok: bool,
) -> impl IntoView {
    let disabled = locked_unless(disabled, read_only_ok);
    let frame = Frame {
        id: id.clone(),
        label,
        help,
        error,
        counter: max.map(|max| (trimmed_length(value), max)),
        class: classes("field", class),
        layout: Layout::LabelFirst,
    };
    let described_by = frame.described_by(None);
    let aria_invalid = frame.aria_invalid();
    let control = view! {
        <input
            name=id.clone()
            id=id
            type=input_type.unwrap_or("text")
            autocomplete=autocomplete.unwrap_or("off")
            spellcheck="false"
            placeholder=placeholder
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
            aria-controls=controls
            aria-invalid=aria_invalid
            aria-describedby=described_by
            disabled=move || disabled.get()
        />
    };
    frame.render(control)
}

/// A labelled multi-line text box, with the same help, counter and error as
/// [`TextField`].
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] max: Option<usize>,
    #[prop(optional, into)] help: Option<TextProp>,
    /// Visible lines (4 unless given).
    #[prop(optional)]
    rows: Option<u32>,
    /// `Some(false)` for identifiers and lists that are not prose.
    #[prop(optional)]
    spellcheck: Option<bool>,
    /// More ids describing the box (after its help, counter and error).
    #[prop(optional, into)]
    described_by: Option<String>,
    /// Called with the new text after `value` was set, on every keystroke.
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let disabled = locked_unless(disabled, false);
    let frame = Frame {
        id: id.clone(),
        label,
        help,
        error,
        counter: max.map(|max| (trimmed_length(value), max)),
        class: classes("field", class),
        layout: Layout::LabelFirst,
    };
    let described_by = frame.described_by(described_by.as_deref());
    let aria_invalid = frame.aria_invalid();
    let control = view! {
        <textarea
            id=id
            rows=rows.unwrap_or(4)
            spellcheck=spellcheck.map(|on| if on { "true" } else { "false" })
            aria-invalid=aria_invalid
            aria-describedby=described_by
            disabled=move || disabled.get()
            prop:value=move || value.get()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                value.set(text.clone());
                if let Some(on_input) = on_input {
                    on_input.run(text);
                }
            }
        ></textarea>
    };
    frame.render(control)
}

/// A labelled drop-down. The `<option>`s are the children; `value` holds the
/// chosen option's value (`""` for none).
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<TextProp>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let disabled = locked_unless(disabled, false);
    let frame = Frame {
        id: id.clone(),
        label,
        help,
        error,
        counter: None,
        class: classes("field", class),
        layout: Layout::LabelFirst,
    };
    let described_by = frame.described_by(None);
    let aria_invalid = frame.aria_invalid();
    let control = view! {
        <select
            id=id
            aria-invalid=aria_invalid
            aria-describedby=described_by
            disabled=move || disabled.get()
            prop:value=move || value.get()
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            {children()}
        </select>
    };
    frame.render(control)
}

/// A tick box (or, with `switch`, an on/off switch) with its label after it.
/// The wrapper's class is `switch` unless `class` says otherwise.
#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    #[prop(into)] checked: Signal<bool>,
    /// Called with the new state when the user ticks or unticks.
    on_change: Callback<bool>,
    /// Announce it as a switch (`role="switch"`).
    #[prop(optional)]
    switch: bool,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<TextProp>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let disabled = locked_unless(disabled, false);
    let frame = Frame {
        id: id.clone(),
        label,
        help,
        error,
        counter: None,
        class: class.unwrap_or("switch").to_owned(),
        layout: Layout::ControlFirst,
    };
    let described_by = frame.described_by(None);
    let aria_invalid = frame.aria_invalid();
    let control = view! {
        <input
            type="checkbox"
            role=switch.then_some("switch")
            id=id
            aria-invalid=aria_invalid
            aria-describedby=described_by
            disabled=move || disabled.get()
            prop:checked=move || checked.get()
            on:change=move |ev| on_change.run(event_target_checked(&ev))
        />
    };
    frame.render(control)
}

/// A captioned file choice: the caption, a [`FilePicker`] button with a status
/// beside it (what was chosen), and the error. The picked file's name and
/// bytes go to `on_file`; reading failures to `on_error`.
#[component]
pub fn FileField(
    /// The file input's id; `{id}-label`, `{id}-status` and `{id}-error` derive from it.
    id: &'static str,
    #[prop(into)] label: TextProp,
    /// The button's text, e.g. "Choose the certificate…".
    #[prop(into)]
    button_label: Signal<String>,
    accept: &'static str,
    on_file: Callback<(String, Vec<u8>)>,
    on_error: Callback<String>,
    /// What is chosen now, e.g. "No file chosen.".
    #[prop(into)]
    status: Signal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<TextProp>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let frame = Frame {
        id: id.to_owned(),
        label,
        help,
        error,
        counter: None,
        class: classes("field", class),
        layout: Layout::Caption,
    };
    let status_id = format!("{id}-status");
    let described_by = format!("{status_id} {}", frame.described_by(None));
    let control = view! {
        <div class="actions">
            <FilePicker
                id
                label=button_label
                accept
                on_file
                on_error
                described_by
                invalid=frame.invalid()
                disabled
            />
            <span class="muted" id=status_id>{move || status.get()}</span>
        </div>
    };
    frame.render(control)
}
