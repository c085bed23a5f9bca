use super::{tenant_on, Editing, TenantOutcome};
use crate::state::AppState;
use crate::widgets::{read_only, Card, ConfirmDialog, ItemResultList, TextField};
use domain::{Command, Group};
use leptos::prelude::*;

/// "Your groups": filter, create, and a row per group.
#[component]
pub fn GroupList(editing: Editing) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let outcome = expect_context::<TenantOutcome>();
    let filter = RwSignal::new(String::new());
    let groups = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        state.setup.with(|s| {
            let mut list: Vec<Group> = s
                .groups
                .groups
                .iter()
                .filter(|g| needle.is_empty() || g.name.to_lowercase().contains(&needle))
                .cloned()
                .collect();
            list.sort_by_key(|g| g.name.to_lowercase());
            list
        })
    });
    view! {
        <Card heading_id="groups-heading" title="Your groups">
            <div class="toolbar">
                <TextField id="group-filter" label="Filter by name" value=filter input_type="search" class="compact" read_only_ok=true />
                <button type="button" class="button primary" id="create-group" disabled=move || read_only.get() on:click=move |_| editing.set(Some(None))>
                    "Create group…"
                </button>
            </div>
            <p class="form-error" id="group-message" role="alert">{move || outcome.message.get()}</p>
            <ItemResultList results=outcome.results id="group-results" label="Each member in your tenant" />
            <div class="table-wrap">
                <table class="table" id="group-table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Members"</th>
                            <th scope="col">"Description"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || groups.get() key=|g| (g.id, g.name.clone(), g.description.clone(), g.users.clone(), g.devices.clone()) let:group>
                            <GroupRow group editing />
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || groups.with(Vec::is_empty)>
                <p class="empty">
                    {move || if filter.with(String::is_empty) { "No groups yet." } else { "No groups match." }}
                </p>
            </Show>
        </Card>
    }
}

#[component]
fn GroupRow(group: Group, editing: Editing) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let id = group.id;
    let delete_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let delete = Callback::new(move |_| {
        state.dispatch(Command::DeleteGroup { id }, move |r| match r {
            Ok(_) => delete_open.set(false),
            Err(m) => error.set(Some(m.to_string())),
        })
    });
    view! {
        <tr data-group=group.name.clone()>
            <td class="wrap" data-role="name">{group.name.clone()}</td>
            <td>{group.kind.label()}</td>
            <td data-role="count">{group.member_count()}</td>
            <td class="wrap">{group.description.clone()}</td>
            <td class="row-actions">
                <button type="button" class="button small" data-role="edit" disabled=move || read_only.get() on:click=move |_| editing.set(Some(Some(id)))>
                    "Edit…"
                </button>
                <button type="button" class="button small danger-outline" data-role="delete" disabled=move || read_only.get() on:click=move |_| delete_open.set(true)>
                    "Delete…"
                </button>
                <ConfirmDialog
                    id=format!("delete-group-{}", id.0)
                    open=delete_open
                    title=format!("Delete the group “{}”?", group.name)
                    confirm_label="Delete group"
                    on_confirm=delete
                    error
                    danger=true
                >
                    <p>"The group is deleted. Its members stay in the directory."</p>
                    {tenant_on().then(|| view! {
                        <p data-role="tenant-note">
                            "Your Microsoft 365 tenant's group is left in place: deleting a real group from here would be too easy to regret. Delete it in the Microsoft Entra admin center if you no longer need it."
                        </p>
                    })}
                </ConfirmDialog>
            </td>
        </tr>
    }
}
