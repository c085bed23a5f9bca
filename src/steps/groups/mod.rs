//! Step 3 — Create groups: the built-in group, your groups, and the editor
//! (a dialog) for creating or changing one.

mod built_in;
mod editor;
mod list;

use crate::backend::ItemResult;
use crate::widgets::{ItemResults, StepPage};
use built_in::BuiltInGroup;
use domain::{GroupId, StepId};
use editor::GroupEditor;
use leptos::prelude::*;
use list::GroupList;

/// Which group the editor is open on: `Some(None)` while creating one.
type Editing = RwSignal<Option<Option<GroupId>>>;

/// What the Microsoft 365 tenant made of the last group change it took
/// only in part (Preview): its message, and each member's result.
#[derive(Clone, Copy)]
struct TenantOutcome {
    message: RwSignal<Option<String>>,
    results: ItemResults,
}

impl TenantOutcome {
    fn clear(self) {
        self.message.set(None);
        self.results.clear();
    }

    fn show(self, message: String, results: Vec<ItemResult>) {
        self.message.set(Some(message));
        self.results.show(results);
    }
}

/// Whether this tab saves changes in the Microsoft 365 tenant too.
fn tenant_on() -> bool {
    crate::signin::writes_on()
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let editing: Editing = RwSignal::new(None);
    provide_context(TenantOutcome {
        message: RwSignal::new(None),
        results: ItemResults::new(),
    });
    view! {
        <StepPage step=StepId::Groups>
            <BuiltInGroup />
            <GroupList editing />
            {move || editing.get().map(|target| view! { <GroupEditor target editing /> })}
        </StepPage>
    }
}
