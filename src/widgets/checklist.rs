use leptos::prelude::*;

use super::read_only::locked_unless;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub id: String,
    pub label: String,
    pub detail: Option<String>,
    pub checked: bool,
    /// Shown but not changeable (for example derived from other data).
    pub locked: bool,
}

/// A titled list of tick boxes with a "n of m done" count.
#[component]
pub fn Checklist(
    /// Unique prefix for element ids.
    id: &'static str,
    legend: &'static str,
    #[prop(into)] items: Signal<Vec<ChecklistItem>>,
    on_toggle: Callback<(String, bool)>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let disabled = locked_unless(disabled, false);
    let done = move || items.with(|items| items.iter().filter(|i| i.checked).count());
    let total = move || items.with(Vec::len);
    view! {
        <fieldset class="checklist" id=id>
            <legend>
                {legend}
                <span class="checklist-count">{move || format!(" — {} of {} done", done(), total())}</span>
            </legend>
            <ul>
                {move || {
                    items
                        .get()
                        .into_iter()
                        .map(|item| {
                            let input_id = format!("{id}-{}", item.id);
                            let detail_id = format!("{input_id}-detail");
                            let item_id = item.id.clone();
                            let has_detail = item.detail.is_some();
                            let locked = item.locked;
                            view! {
                                <li class:checked=item.checked>
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        prop:checked=item.checked
                                        disabled=move || locked || disabled.get()
                                        aria-describedby=has_detail.then(|| detail_id.clone())
                                        on:change=move |ev| {
                                            on_toggle.run((item_id.clone(), event_target_checked(&ev)))
                                        }
                                    />
                                    <label for=input_id>{item.label}</label>
                                    {item
                                        .detail
                                        .map(|d| view! { <p class="checklist-detail" id=detail_id>{d}</p> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </fieldset>
    }
}
