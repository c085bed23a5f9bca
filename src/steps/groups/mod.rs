//! Step 3 — Create groups.

use crate::state::AppState;
use crate::widgets::{ConfirmDialog, MemberPicker, StepPage, TextField};
use domain::groups::{
    check_device_name, BUILT_IN_GROUP, MAX_DESCRIPTION_CHARS, MAX_GROUP_NAME_CHARS,
};
use domain::{Command, Group, GroupError, GroupId, GroupKind, StepId, UserId};
use leptos::prelude::*;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let state = AppState::expect();
    let filter = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<Option<GroupId>>); // Some(None) = creating
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
        <StepPage step=StepId::Groups>
            <section class="card" aria-labelledby="builtin-heading" id="builtin-group">
                <h2 id="builtin-heading">{BUILT_IN_GROUP} <span class="badge badge-not-started">"Built in · read-only"</span></h2>
                <p class="muted">"Always holds every user with an Intune license (step 5). It can't be edited or deleted."</p>
                <p data-role="members">
                    {move || {
                        let names = intune_users.get();
                        if names.is_empty() { "No licensed users yet.".to_string() } else { names.join(", ") }
                    }}
                </p>
            </section>
            <section class="card" aria-labelledby="groups-heading">
                <h2 id="groups-heading">"Your groups"</h2>
                <div class="toolbar">
                    <div class="field compact">
                        <label for="group-filter">"Filter by name"</label>
                        <input
                            id="group-filter"
                            type="search"
                            prop:value=move || filter.get()
                            on:input=move |ev| filter.set(event_target_value(&ev))
                        />
                    </div>
                    <button type="button" class="button primary" id="create-group" on:click=move |_| editing.set(Some(None))>
                        "Create group…"
                    </button>
                </div>
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
            </section>
            {move || editing.get().map(|target| view! { <GroupEditor target editing /> })}
        </StepPage>
    }
}

#[component]
fn GroupRow(group: Group, editing: RwSignal<Option<Option<GroupId>>>) -> impl IntoView {
    let state = AppState::expect();
    let id = group.id;
    let delete_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let delete = Callback::new(move |_| {
        state.dispatch(Command::DeleteGroup { id }, move |r| match r {
            Ok(()) => delete_open.set(false),
            Err(m) => error.set(Some(m)),
        })
    });
    view! {
        <tr data-group=group.name.clone()>
            <td data-role="name">{group.name.clone()}</td>
            <td>{group.kind.label()}</td>
            <td data-role="count">{group.member_count()}</td>
            <td>{group.description.clone()}</td>
            <td class="row-actions">
                <button type="button" class="button small" data-role="edit" on:click=move |_| editing.set(Some(Some(id)))>
                    "Edit…"
                </button>
                <button type="button" class="button small danger-outline" data-role="delete" on:click=move |_| delete_open.set(true)>
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
                </ConfirmDialog>
            </td>
        </tr>
    }
}

/// Create (`target` = None) or edit a group, in a dialog.
#[component]
fn GroupEditor(
    target: Option<GroupId>,
    editing: RwSignal<Option<Option<GroupId>>>,
) -> impl IntoView {
    let state = AppState::expect();
    let existing = target.and_then(|id| state.setup.with_untracked(|s| s.groups.find(id).cloned()));
    let kind = RwSignal::new(existing.as_ref().map_or(GroupKind::User, |g| g.kind));
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|g| g.name.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        existing
            .as_ref()
            .map(|g| g.description.clone())
            .unwrap_or_default(),
    );
    let members = RwSignal::new(
        existing
            .as_ref()
            .map(|g| g.users.clone())
            .unwrap_or_default(),
    );
    let devices = RwSignal::new(
        existing
            .as_ref()
            .map(|g| g.devices.join("\n"))
            .unwrap_or_default(),
    );
    let open = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    Effect::new(move || {
        if !open.get() {
            editing.set(None);
        }
    });
    let device_list = move || {
        devices
            .get()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let name_error = Signal::derive(move || {
        let typed = name.get();
        if typed.is_empty() {
            return None;
        }
        // The description's own problems show under the description.
        state.setup.with(|s| {
            s.groups
                .check_details(target, &typed, "")
                .err()
                .map(|e| e.to_string())
        })
    });
    let description_error = Signal::derive(move || {
        domain::text::clean(&description.get(), MAX_DESCRIPTION_CHARS)
            .err()
            .map(|e| GroupError::Description(e).to_string())
    });
    let device_error = move || {
        device_list()
            .iter()
            .find_map(|d| check_device_name(d).err().map(|e| e.to_string()))
    };
    let users = Signal::derive(move || state.setup.with(|s| s.directory.users.clone()));
    let save = Callback::new(move |_| {
        error.set(None);
        let (users, devices): (Vec<UserId>, Vec<String>) = match kind.get_untracked() {
            GroupKind::User => (members.get_untracked(), Vec::new()),
            GroupKind::Device => (Vec::new(), device_list()),
        };
        let command = match target {
            Some(id) => Command::UpdateGroup {
                id,
                name: name.get_untracked(),
                description: description.get_untracked(),
                users,
                devices,
            },
            None => Command::CreateGroup {
                kind: kind.get_untracked(),
                name: name.get_untracked(),
                description: description.get_untracked(),
                users,
                devices,
            },
        };
        state.dispatch(command, move |r| match r {
            Ok(()) => open.set(false),
            Err(m) => error.set(Some(m)),
        });
    });
    view! {
        <ConfirmDialog
            id="group-editor"
            open
            title=if target.is_some() { "Edit group" } else { "Create a group" }.to_string()
            confirm_label=if target.is_some() { "Save group" } else { "Create group" }
            on_confirm=save
            error
        >
            <fieldset class="radio-group inline" disabled=target.is_some()>
                <legend>"Type"</legend>
                {[GroupKind::User, GroupKind::Device]
                    .into_iter()
                    .map(|k| {
                        let id = format!("group-kind-{}", if k == GroupKind::User { "user" } else { "device" });
                        view! {
                            <span class="radio-inline">
                                <input
                                    type="radio"
                                    name="group-kind"
                                    id=id.clone()
                                    prop:checked=move || kind.get() == k
                                    on:change=move |_| kind.set(k)
                                />
                                <label for=id>{k.label()}</label>
                            </span>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <TextField id="group-name" label="Name" value=name error=name_error max=MAX_GROUP_NAME_CHARS />
            <TextField
                id="group-description"
                label="Description"
                value=description
                error=description_error
                max=MAX_DESCRIPTION_CHARS
            />
            <Show
                when=move || kind.get() == GroupKind::User
                fallback=move || {
                    view! {
                        <div class="field" class:field-invalid=move || device_error().is_some()>
                            <label for="group-devices">"Device names, one per line"</label>
                            <textarea
                                id="group-devices"
                                rows="5"
                                aria-describedby="group-devices-error"
                                aria-invalid=move || if device_error().is_some() { "true" } else { "false" }
                                prop:value=move || devices.get()
                                on:input=move |ev| devices.set(event_target_value(&ev))
                            ></textarea>
                            <p class="field-error" id="group-devices-error" aria-live="polite">{device_error}</p>
                        </div>
                    }
                }
            >
                <MemberPicker id="group-members" users selected=members />
            </Show>
        </ConfirmDialog>
    }
}
