use crate::state::AppState;
use crate::widgets::{Badge, Card};
use domain::groups::BUILT_IN_GROUP;
use leptos::prelude::*;

/// The group every licensed user is in: shown, never edited.
#[component]
pub fn BuiltInGroup() -> impl IntoView {
    let state = AppState::expect();
    let intune_users = Memo::new(move |_| {
        state.setup.with(|s| {
            s.directory
                .users
                .iter()
                .filter(|u| u.licensed)
                .map(|u| u.display_name.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Card
            heading_id="builtin-heading"
            id="builtin-group"
            title=BUILT_IN_GROUP
            in_heading=|| view! { <Badge kind="not-started" text="Built in · read-only" /> }
        >
            <p class="muted">"Always holds every user with an Intune license (step 5). It can't be edited or deleted."</p>
            <p data-role="members">
                {move || {
                    let names = intune_users.get();
                    if names.is_empty() { "No licensed users yet.".to_string() } else { names.join(", ") }
                }}
            </p>
        </Card>
    }
}
