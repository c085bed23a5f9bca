//! Each item's result of the last change the Microsoft 365 tenant took only
//! in part (Preview): a user's licence, a group member. Shared by the
//! licences and groups pages.

use crate::backend::{BackendError, ItemResult};
use crate::state::{Outcome, Rejection};
use leptos::prelude::*;

/// The items listed under a form, with its message, after a change.
#[derive(Clone, Copy)]
pub struct ItemResults(RwSignal<Vec<ItemResult>>);

impl ItemResults {
    pub fn new() -> ItemResults {
        ItemResults(RwSignal::new(Vec::new()))
    }

    /// Shows a change's outcome: its refusal in `message`, and each item's
    /// result when the tenant took it for some items only.
    pub fn report(self, outcome: Outcome, message: RwSignal<Option<String>>) {
        match outcome {
            Ok(_) => {
                message.set(None);
                self.clear();
            }
            Err(Rejection::Backend(BackendError::TenantPartly {
                message: m,
                results,
                ..
            })) => {
                message.set(Some(m));
                self.0.set(results);
            }
            Err(other) => {
                message.set(Some(other.to_string()));
                self.clear();
            }
        }
    }

    /// Lists `results` (the items of a change the tenant took in part).
    pub fn show(self, results: Vec<ItemResult>) {
        self.0.set(results);
    }

    pub fn clear(self) {
        self.0.set(Vec::new());
    }
}

impl Default for ItemResults {
    fn default() -> Self {
        ItemResults::new()
    }
}

/// The list: one line per item, `data-item` its name and `data-ok` whether
/// the tenant took it.
#[component]
pub fn ItemResultList(
    results: ItemResults,
    /// The list's id (`licence-results`, `group-results`).
    id: &'static str,
    /// What the items are, for screen readers.
    label: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || results.0.with(|r| !r.is_empty())>
            <ul class="item-results" id=id aria-label=label>
                <For each=move || results.0.get() key=|r| r.item.clone() let:r>
                    <li data-ok=r.failed.is_none().to_string() data-item=r.item.clone()>
                        <strong>{r.item.clone()}</strong>
                        {match r.failed.clone() {
                            None => ": done in your tenant.".to_string(),
                            Some(why) => format!(": not done: {why}"),
                        }}
                    </li>
                </For>
            </ul>
        </Show>
    }
}
