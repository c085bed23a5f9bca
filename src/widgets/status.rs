use domain::StepStatus;
use leptos::prelude::*;

#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<StepStatus>) -> impl IntoView {
    view! {
        <span class=move || format!("badge badge-{}", status.with(StepStatus::key))>
            {move || status.with(StepStatus::label)}
        </span>
    }
}
