//! Recovery, card 3: what to do before contacting support.

use crate::state::{refusal, AppState};
use crate::widgets::Card;
use domain::recovery::{checklist, ChecklistEntry};
use domain::{Command, ItemState};
use leptos::prelude::*;

/// The scenario's checklist: each item done, or not applicable where the
/// guide allows it; notes shown as information.
#[component]
pub(super) fn ResetChecklist() -> impl IntoView {
    let state = AppState::expect();
    let entries = Memo::new(move |_| {
        state.setup.with(|s| {
            s.recovery
                .scenario
                .map(|sc| checklist(sc, s.recovery.coexistence))
                .unwrap_or_default()
        })
    });
    let items = Memo::new(move |_| state.setup.with(|s| s.recovery.items.clone()));
    let message = RwSignal::new(None::<String>);
    let set = move |key: &'static str, value: Option<ItemState>| {
        state.dispatch(
            Command::SetResetItem {
                key: key.into(),
                state: value,
            },
            move |r| message.set(refusal(r)),
        );
    };
    let progress = move || {
        let total = entries.with(|e| e.iter().filter(|e| !e.info_only).count());
        let done =
            entries.with(|e| items.with(|i| e.iter().filter(|e| i.contains_key(e.key)).count()));
        format!("{done} of {total} done")
    };
    view! {
        <Card heading_id="reset-checklist-heading" title="3. Before you contact support">
            <p class="checklist-count" id="reset-progress">{progress}</p>
            <ol class="reset-checklist" id="reset-checklist">
                <For each=move || entries.get() key=|e| e.key let:entry>
                    <ResetItem entry items set />
                </For>
            </ol>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Card>
    }
}

#[component]
fn ResetItem(
    entry: ChecklistEntry,
    items: Memo<std::collections::BTreeMap<String, ItemState>>,
    set: impl Fn(&'static str, Option<ItemState>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let key = entry.key;
    if entry.info_only {
        return view! { <li class="reset-note" data-item=key><strong>"Note: "</strong>{entry.text}</li> }.into_any();
    }
    let current = move || items.with(|i| i.get(key).copied());
    let done_id = format!("item-{key}-done");
    let na_id = format!("item-{key}-na");
    view! {
        <li data-item=key>
            <div class="reset-item">
                <input
                    type="checkbox"
                    id=done_id.clone()
                    prop:checked=move || current() == Some(ItemState::Done)
                    on:change=move |ev| set(key, event_target_checked(&ev).then_some(ItemState::Done))
                />
                <label for=done_id>{entry.text}</label>
            </div>
            {entry
                .not_applicable_when
                .map(|reason| {
                    view! {
                        <div class="reset-na">
                            <input
                                type="checkbox"
                                id=na_id.clone()
                                data-role="not-applicable"
                                prop:checked=move || current() == Some(ItemState::NotApplicable)
                                on:change=move |ev| set(key, event_target_checked(&ev).then_some(ItemState::NotApplicable))
                            />
                            <label for=na_id>{format!("Not applicable: {reason}")}</label>
                        </div>
                    }
                })}
        </li>
    }
        .into_any()
}
