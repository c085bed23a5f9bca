use leptos::prelude::*;

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
    label: &'static str,
    value: RwSignal<String>,
    /// The message to show now (the caller decides when errors show).
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(optional)] max: Option<usize>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let counter_id = format!("{id}-counter");
    let error_id = format!("{id}-error");
    let described_by = {
        let mut ids = Vec::new();
        if help.is_some() {
            ids.push(help_id.clone());
        }
        if max.is_some() {
            ids.push(counter_id.clone());
        }
        ids.push(error_id.clone());
        ids.join(" ")
    };
    let length = move || value.with(|v| v.trim().chars().count());
    let invalid = move || error.with(Option::is_some);

    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>{label}</label>
            {help.map(|text| view! { <p class="field-help" id=help_id>{text}</p> })}
            <input
                name=id.clone()
                id=id
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                spellcheck="false"
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=described_by
                disabled=move || disabled.get()
            />
            <div class="field-meta">
                <p class="field-error" id=error_id aria-live="polite">
                    {move || error.get()}
                </p>
                {max
                    .map(|max| {
                        let over = Signal::derive(move || length() > max);
                        view! {
                            <span class="field-counter" class:over=over id=counter_id>
                                {move || format!("{}/{}", length(), max)}
                            </span>
                        }
                    })}
            </div>
        </div>
    }
}
