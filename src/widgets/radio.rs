use leptos::prelude::*;

use super::read_only::locked_unless;

/// One option of a [`RadioGroup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RadioChoice<T> {
    pub value: T,
    /// Makes the input's id: `{id}-{key}`.
    pub key: String,
    pub label: String,
    /// Shown under the label and describing the input (stacked layout only).
    pub description: Option<String>,
}

impl<T> RadioChoice<T> {
    pub fn new(value: T, key: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value,
            key: key.into(),
            label: label.into(),
            description: None,
        }
    }

    pub fn described(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// A `fieldset.radio-group` with a legend and one labelled radio button per
/// choice: stacked (`div.radio`, with descriptions) or `inline`
/// (`span.radio-inline`). Children follow the options inside the fieldset
/// (for example a note).
///
/// Controlled: the ticked radio is always the one `value` says. A click only
/// reports the choice through `on_change`; if the caller does not take it
/// (the domain refused it), the radio ticked before is ticked again.
#[component]
pub fn RadioGroup<T>(
    /// Prefix of the inputs' ids (`{id}-{key}`) and their `name`.
    #[prop(into)]
    id: String,
    /// The inputs' `name` (the id prefix unless given).
    #[prop(optional)]
    name: Option<&'static str>,
    legend: &'static str,
    choices: Vec<RadioChoice<T>>,
    /// The chosen value; none is ticked while it is `None`.
    #[prop(into)]
    value: Signal<Option<T>>,
    on_change: Callback<T>,
    #[prop(optional)] inline: bool,
    /// Ids of texts describing the whole group (for example its error).
    #[prop(optional, into)]
    described_by: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    // The values stay here; the markup works on positions, so one copy of
    // it serves every type of choice (the view code is the costly part).
    let values: Vec<T> = choices.iter().map(|c| c.value.clone()).collect();
    let options = choices
        .into_iter()
        .map(|c| RadioChoice {
            value: (),
            key: c.key,
            label: c.label,
            description: c.description,
        })
        .collect();
    let chosen = {
        let values = values.clone();
        Signal::derive(move || {
            value.with(|v| v.as_ref().and_then(|v| values.iter().position(|x| x == v)))
        })
    };
    let pick = Callback::new(move |at: usize| {
        if let Some(v) = values.get(at) {
            on_change.run(v.clone());
        }
    });
    let group = Group {
        id,
        name,
        legend,
        inline,
        described_by,
        disabled,
    };
    radio_group(group, options, chosen, pick, children)
}

struct Group {
    id: String,
    name: Option<&'static str>,
    legend: &'static str,
    inline: bool,
    described_by: Option<String>,
    disabled: Signal<bool>,
}

fn radio_group(
    group: Group,
    choices: Vec<RadioChoice<()>>,
    value: Signal<Option<usize>>,
    on_change: Callback<usize>,
    children: Option<Children>,
) -> AnyView {
    let Group {
        id,
        name,
        legend,
        inline,
        described_by,
        disabled,
    } = group;
    let disabled = locked_unless(disabled, false);
    let name = name.map_or_else(|| id.clone(), str::to_owned);
    // After a change is reported, every radio is put back to what `value`
    // says (the browser ticked the clicked one whatever the answer).
    let resync = Trigger::new();
    let options = choices
        .into_iter()
        .enumerate()
        .map(|(at, choice)| {
            let input_id = format!("{id}-{}", choice.key);
            let description_id = format!("{input_id}-description");
            let input = view! {
                <input
                    type="radio"
                    name=name.clone()
                    id=input_id.clone()
                    value=choice.key
                    aria-describedby=choice.description.is_some().then(|| description_id.clone())
                    prop:checked=move || {
                        resync.track();
                        value.get() == Some(at)
                    }
                    on:change=move |_| {
                        on_change.run(at);
                        resync.notify();
                    }
                />
                <label for=input_id>{choice.label}</label>
            };
            if inline {
                view! { <span class="radio-inline">{input}</span> }.into_any()
            } else {
                let description = choice.description.map(|text| {
                    view! { <p class="radio-description" id=description_id>{text}</p> }
                });
                view! { <div class="radio">{input}{description}</div> }.into_any()
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="radio-group"
            class:inline=inline
            aria-describedby=described_by
            disabled=move || disabled.get()
        >
            <legend>{legend}</legend>
            {options}
            {children.map(|c| c())}
        </fieldset>
    }
    .into_any()
}
