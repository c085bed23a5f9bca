//! Step 3 — Create groups: the built-in group, your groups, and the editor
//! (a dialog) for creating or changing one.

mod built_in;
mod editor;
mod list;

use crate::widgets::StepPage;
use built_in::BuiltInGroup;
use domain::{GroupId, StepId};
use editor::GroupEditor;
use leptos::prelude::*;
use list::GroupList;

/// Which group the editor is open on: `Some(None)` while creating one.
type Editing = RwSignal<Option<Option<GroupId>>>;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let editing: Editing = RwSignal::new(None);
    view! {
        <StepPage step=StepId::Groups>
            <BuiltInGroup />
            <GroupList editing />
            {move || editing.get().map(|target| view! { <GroupEditor target editing /> })}
        </StepPage>
    }
}
