//! One user in the table: select, licence switch, edit and remove.

use crate::state::{refusal, AppState};
use crate::widgets::{read_only, ConfirmDialog, CountrySelect, TextField};
use domain::directory::{MAX_DISPLAY_NAME_CHARS, MAX_UPN_CHARS};
use domain::{Command, Directory, DirectoryUser, UserId, UserSource};
use leptos::prelude::*;

#[component]
pub fn UserRow(
    user: DirectoryUser,
    selected: RwSignal<Vec<UserId>>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = AppState::expect();
    let id = user.id;
    let read_only = read_only();
    let row_id = format!("user-{}", id.0);
    let edit_open = RwSignal::new(false);
    let remove_open = RwSignal::new(false);
    let dialog_error = RwSignal::new(None::<String>);
    let location_code = |user: &DirectoryUser| {
        user.usage_location
            .map(|l| l.code().to_owned())
            .unwrap_or_default()
    };
    let location = RwSignal::new(location_code(&user));
    let name = RwSignal::new(user.display_name.clone());
    let upn = RwSignal::new(user.upn.clone());
    let synchronized = user.source == UserSource::Synchronized;
    // The dialog opens on the user as saved, not on an abandoned edit.
    let reset_edit = move || {
        let saved = state
            .setup
            .with_untracked(|s| s.directory.users.iter().find(|u| u.id == id).cloned());
        if let Some(saved) = saved {
            location.set(location_code(&saved));
            name.set(saved.display_name);
            upn.set(saved.upn);
        }
    };
    let save_edit = Callback::new(move |_| {
        dialog_error.set(None);
        let command = Command::EditUser {
            id,
            display_name: name.get_untracked(),
            upn: upn.get_untracked(),
            usage_location: location.get_untracked(),
        };
        state.dispatch(command, move |r| match r {
            Ok(_) => edit_open.set(false),
            Err(m) => dialog_error.set(Some(m.to_string())),
        });
    });
    let remove = Callback::new(move |_| {
        state.dispatch(Command::RemoveUser { id }, move |r| match r {
            Ok(_) => {
                remove_open.set(false);
                selected.update(|s| s.retain(|x| *x != id));
            }
            Err(m) => dialog_error.set(Some(m.to_string())),
        });
    });
    view! {
        <tr id=row_id data-upn=user.upn.clone()>
            <td>
                <SelectUser id name=user.display_name.clone() selected />
            </td>
            <td class="wrap" data-role="name">{user.display_name.clone()}</td>
            <td class="wrap" data-role="upn">{user.upn.clone()}</td>
            <td>{user.source.label()}</td>
            <td data-role="location">
                {user.usage_location.map(|l| format!("{} — {}", l.code(), l.name())).unwrap_or_else(|| "Not set".into())}
            </td>
            <td>
                <LicenseToggle id licensed=user.licensed name=user.display_name.clone() message />
            </td>
            <td class="row-actions">
                <button type="button" class="button small" data-role="edit" disabled=move || read_only.get() on:click=move |_| { dialog_error.set(None); reset_edit(); edit_open.set(true) }>
                    "Edit…"
                </button>
                {(!synchronized)
                    .then(|| {
                        view! {
                            <button type="button" class="button small danger-outline" data-role="remove" disabled=move || read_only.get() on:click=move |_| remove_open.set(true)>
                                "Remove…"
                            </button>
                        }
                    })}
                <ConfirmDialog
                    id=format!("edit-user-{}", id.0)
                    open=edit_open
                    title=format!("Edit {}", user.display_name)
                    confirm_label="Save user"
                    on_confirm=save_edit
                    error=dialog_error
                >
                    <UserFields id name upn location synchronized />
                </ConfirmDialog>
                <ConfirmDialog
                    id=format!("remove-user-{}", id.0)
                    open=remove_open
                    title=format!("Remove {}?", user.display_name)
                    confirm_label="Remove user"
                    on_confirm=remove
                    error=dialog_error
                    danger=true
                >
                    <p>"The user, their license and their group memberships are removed."</p>
                </ConfirmDialog>
            </td>
        </tr>
    }
}

/// The row's tick box, for the bulk actions (locked with them while
/// read-only).
#[component]
fn SelectUser(id: UserId, name: String, selected: RwSignal<Vec<UserId>>) -> impl IntoView {
    let read_only = read_only();
    view! {
        <input
            type="checkbox"
            id=format!("select-user-{}", id.0)
            aria-label=format!("Select {name}")
            prop:checked=move || selected.with(|s| s.contains(&id))
            disabled=move || read_only.get()
            on:change=move |ev| {
                let on = event_target_checked(&ev);
                selected.update(|s| {
                    s.retain(|x| *x != id);
                    if on {
                        s.push(id);
                    }
                });
            }
        />
    }
}

/// Assigns or removes this user's licence at once.
#[component]
fn LicenseToggle(
    id: UserId,
    licensed: bool,
    name: String,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let results = use_context::<crate::widgets::ItemResults>();
    let toggle = move |_| {
        message.set(None);
        if let Some(r) = results {
            r.clear();
        }
        let command = if licensed {
            Command::RemoveLicenses { users: vec![id] }
        } else {
            Command::AssignLicenses { users: vec![id] }
        };
        state.dispatch(command, move |r| match results {
            Some(results) => results.report(r, message),
            None => message.set(refusal(r)),
        });
    };
    view! {
        <button
            type="button"
            role="switch"
            class="license-toggle"
            class:on=licensed
            aria-checked=if licensed { "true" } else { "false" }
            aria-label=format!("Intune license for {name}")
            data-role="license"
            disabled=move || read_only.get()
            on:click=toggle
        >
            {if licensed { "Licensed" } else { "No license" }}
        </button>
    }
}

/// The edit dialog's fields; a synchronized user's name and user name come
/// from on-premises AD and are shown but not editable.
#[component]
fn UserFields(
    id: UserId,
    name: RwSignal<String>,
    upn: RwSignal<String>,
    location: RwSignal<String>,
    synchronized: bool,
) -> impl IntoView {
    let state = AppState::expect();
    // The same rules as adding a user, checked as you type; the user name
    // may keep its own value (unique among the others).
    // (Synchronized users' names are not edited here: nothing to check.)
    let name_error = Signal::derive(move || {
        if synchronized {
            return None;
        }
        Directory::check_display_name(&name.get())
            .err()
            .map(|e| e.to_string())
    });
    let upn_error = Signal::derive(move || {
        if synchronized {
            return None;
        }
        let typed = upn.get();
        state.setup.with(|s| {
            s.directory
                .check_upn(Some(id), &typed, &s.connections, &s.tenant_domain)
                .err()
                .map(|e| e.to_string())
        })
    });
    view! {
        {synchronized.then(|| view! { <p class="muted">"Synchronized from on-premises AD: only the usage location can change here."</p> })}
        <TextField
            id=format!("edit-name-{}", id.0)
            label="Display name"
            value=name
            error=name_error
            max=MAX_DISPLAY_NAME_CHARS
            disabled=synchronized
        />
        <TextField
            id=format!("edit-upn-{}", id.0)
            label="User name"
            value=upn
            error=upn_error
            max=MAX_UPN_CHARS
            disabled=synchronized
        />
        <CountrySelect id=format!("edit-location-{}", id.0) value=location />
    }
}
