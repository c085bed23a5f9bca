use domain::StepStatus;
use leptos::prelude::*;

/// A coloured label: `<span class="badge badge-{kind}">text</span>`.
///
/// `kind` is one of the styled kinds: `not-started`, `in-progress`, `done`,
/// `blocked`, `default`, `warning`, `expired` (the domain's status `key()`s
/// are these). Attributes such as `attr:data-role` go on the span.
#[component]
pub fn Badge(
    #[prop(into)] kind: Signal<&'static str>,
    #[prop(into)] text: TextProp,
    #[prop(optional, into)] id: Option<String>,
) -> impl IntoView {
    view! {
        <span class=move || format!("badge badge-{}", kind.get()) id=id>
            {move || text.get()}
        </span>
    }
}

/// A step's status as a [`Badge`].
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<StepStatus>) -> impl IntoView {
    view! {
        <Badge
            kind=Signal::derive(move || status.with(StepStatus::key))
            text=move || status.with(StepStatus::label)
        />
    }
}
