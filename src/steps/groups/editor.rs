//! Create or edit a group, in a dialog.

use super::{tenant_on, Editing, TenantOutcome};
use crate::backend::BackendError;
use crate::state::{AppState, Rejection};
use crate::widgets::{ConfirmDialog, MemberPicker, RadioChoice, RadioGroup, TextArea, TextField};
use domain::groups::{check_device_name, MAX_DESCRIPTION_CHARS, MAX_GROUP_NAME_CHARS};
use domain::{Command, GroupError, GroupId, GroupKind, UserId};
use leptos::prelude::*;

/// Create (`target` = None) or edit a group, in a dialog.
#[component]
pub fn GroupEditor(target: Option<GroupId>, editing: Editing) -> impl IntoView {
    let state = AppState::expect();
    let outcome = expect_context::<TenantOutcome>();
    let existing = target.and_then(|id| state.setup.with_untracked(|s| s.groups.find(id).cloned()));
    let kind = RwSignal::new(existing.as_ref().map_or(GroupKind::User, |g| g.kind));
    let saved = |get: fn(&domain::Group) -> String| existing.as_ref().map(get).unwrap_or_default();
    let name = RwSignal::new(saved(|g| g.name.clone()));
    let description = RwSignal::new(saved(|g| g.description.clone()));
    let devices = RwSignal::new(saved(|g| g.devices.join("\n")));
    let members = RwSignal::new(
        existing
            .as_ref()
            .map(|g| g.users.clone())
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
    let device_error = Signal::derive(move || {
        device_list()
            .iter()
            .find_map(|d| check_device_name(d).err().map(|e| e.to_string()))
    });
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
        outcome.clear();
        state.dispatch(command, move |r| match r {
            Ok(_) => open.set(false),
            // The tenant took the group with some of its members only: the
            // workspace recorded that much, and the page lists each member.
            Err(Rejection::Backend(BackendError::TenantPartly {
                message, results, ..
            })) => {
                outcome.show(message, results);
                open.set(false);
            }
            Err(m) => error.set(Some(m.to_string())),
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
            <KindChoice kind locked=target.is_some() />
            <TextField id="group-name" label="Name" value=name error=name_error max=MAX_GROUP_NAME_CHARS />
            <TextField
                id="group-description"
                label="Description"
                value=description
                error=description_error
                max=MAX_DESCRIPTION_CHARS
            />
            <Members kind members devices device_error />
        </ConfirmDialog>
    }
}

/// A user group's members, picked from the directory; a device group's
/// device names, typed one per line.
#[component]
fn Members(
    kind: RwSignal<GroupKind>,
    members: RwSignal<Vec<UserId>>,
    devices: RwSignal<String>,
    device_error: Signal<Option<String>>,
) -> impl IntoView {
    let state = AppState::expect();
    let users = Signal::derive(move || state.setup.with(|s| s.directory.users.clone()));
    view! {
        <Show
            when=move || kind.get() == GroupKind::User
            fallback=move || {
                view! {
                    <TextArea
                        id="group-devices"
                        label="Device names, one per line"
                        value=devices
                        error=device_error
                        rows=5
                    />
                    {tenant_on().then(|| view! {
                        <p class="muted" id="group-devices-tenant-note">
                            "The group itself is saved in your Microsoft 365 tenant too, but not its devices: Microsoft Graph knows a device by an id this guide does not have, so the device names are kept here only."
                        </p>
                    })}
                }
            }
        >
            <MemberPicker id="group-members" users selected=members />
        </Show>
    }
}

/// User or device group; fixed once the group exists.
#[component]
fn KindChoice(kind: RwSignal<GroupKind>, locked: bool) -> impl IntoView {
    let choices = vec![
        RadioChoice::new(GroupKind::User, "user", GroupKind::User.label()),
        RadioChoice::new(GroupKind::Device, "device", GroupKind::Device.label()),
    ];
    view! {
        <RadioGroup
            id="group-kind"
            legend="Type"
            choices
            value=Signal::derive(move || Some(kind.get()))
            on_change=Callback::new(move |k| kind.set(k))
            inline=true
            disabled=locked
        />
    }
}
