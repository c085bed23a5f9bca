//! Step 5 — Assign user licenses.

use crate::state::AppState;
use crate::widgets::{Checklist, ChecklistItem, ConfirmDialog, CountrySelect, StepPage, TextField};
use domain::directory::{parse_license_count, MAX_DISPLAY_NAME_CHARS, MAX_UPN_CHARS};
use domain::{Command, Directory, DirectoryUser, StepId, SyncStep, UserId, UserSource};
use leptos::prelude::*;

#[component]
pub fn LicensesPage() -> impl IntoView {
    view! {
        <StepPage step=StepId::Licenses>
            <Seats />
            <UserDirectory />
            <AddUserForm />
            <SyncChecklist />
        </StepPage>
    }
}

/// "used / purchased" with a bar, and the purchased count.
#[component]
fn Seats() -> impl IntoView {
    let state = AppState::expect();
    let used = Memo::new(move |_| state.setup.with(|s| s.directory.licensed_count()));
    let purchased = Memo::new(move |_| state.setup.with(|s| s.directory.purchased_licenses));
    let typed = RwSignal::new(purchased.get_untracked().to_string());
    let message = RwSignal::new(None::<String>);
    // A new saved count (here or in another tab) replaces the field only if
    // it wasn't being edited.
    Effect::new(move |previous: Option<u32>| {
        let now = purchased.get();
        if previous.is_some_and(|p| typed.get_untracked().trim() == p.to_string()) {
            typed.set(now.to_string());
        }
        now
    });
    let error = Signal::derive(move || {
        parse_license_count(&typed.get())
            .err()
            .map(|e| e.to_string())
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        match parse_license_count(&typed.get_untracked()) {
            Ok(count) => state.dispatch(Command::SetPurchasedLicenses { count }, move |r| {
                message.set(r.err())
            }),
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="card" aria-labelledby="seats-heading">
            <h2 id="seats-heading">"Intune licenses"</h2>
            <p class="seats" id="seat-usage">
                <strong>{move || format!("{} / {}", used.get(), purchased.get())}</strong>
                " licenses in use"
            </p>
            <progress
                class="seat-bar"
                max=move || purchased.get().max(1)
                value=move || used.get()
                aria-label="Licenses in use"
            ></progress>
            <form class="inline-form" id="purchased-form" novalidate on:submit=save>
                <TextField
                    id="purchased-licenses"
                    label="Purchased licenses"
                    value=typed
                    error
                    help="How many Intune licenses your organisation bought (0 to 1,000,000). Assigning more than this fails."
                    input_type="text"
                />
                <button type="submit" class="button">"Update"</button>
                <p class="form-error" role="alert">{move || message.get()}</p>
            </form>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortOrder {
    NameAscending,
    NameDescending,
}

#[component]
fn UserDirectory() -> impl IntoView {
    let state = AppState::expect();
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new(SortOrder::NameAscending);
    let selected = RwSignal::new(Vec::<UserId>::new());
    let message = RwSignal::new(None::<String>);
    let clear_open = RwSignal::new(false);

    let rows = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        let mut users: Vec<DirectoryUser> = state.setup.with(|s| {
            s.directory
                .users
                .iter()
                .filter(|u| {
                    needle.is_empty()
                        || u.display_name.to_lowercase().contains(&needle)
                        || u.upn.to_lowercase().contains(&needle)
                })
                .cloned()
                .collect()
        });
        users.sort_by_key(|u| u.display_name.to_lowercase());
        if sort.get() == SortOrder::NameDescending {
            users.reverse();
        }
        users
    });
    let visible_ids = move || rows.with(|r| r.iter().map(|u| u.id).collect::<Vec<_>>());
    let all_selected = move || {
        let ids = visible_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let run = move |command: Command| {
        message.set(None);
        state.dispatch(command, move |r| message.set(r.err()));
    };
    let bulk = move |assign: bool| {
        let users = selected.get_untracked();
        if users.is_empty() {
            message.set(Some("Select one or more users first.".into()));
            return;
        }
        run(if assign {
            Command::AssignLicenses { users }
        } else {
            Command::RemoveLicenses { users }
        });
    };
    let clear_directory = Callback::new(move |_| {
        state.dispatch(Command::ClearDirectory, move |r| match r {
            Ok(()) => {
                clear_open.set(false);
                selected.set(Vec::new());
            }
            Err(m) => message.set(Some(m)),
        })
    });

    view! {
        <section class="card" aria-labelledby="directory-heading">
            <h2 id="directory-heading">"Users"</h2>
            <p class="muted">
                {move || state.setup.with(|s| format!("Tenant domain: {}. User names must end in it or in a verified custom domain.", s.tenant_domain))}
            </p>
            <div class="toolbar">
                <div class="field compact">
                    <label for="user-filter">"Filter users"</label>
                    <input
                        id="user-filter"
                        type="search"
                        placeholder="Name or user name"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))
                    />
                </div>
                <div class="actions">
                    <button type="button" class="button" id="bulk-assign" on:click=move |_| bulk(true)>
                        {move || format!("Assign license to selected ({})", selected.with(Vec::len))}
                    </button>
                    <button type="button" class="button" id="bulk-remove" on:click=move |_| bulk(false)>
                        "Remove license from selected"
                    </button>
                    <button type="button" class="button danger-outline" id="clear-directory" on:click=move |_| clear_open.set(true)>
                        "Clear directory…"
                    </button>
                </div>
            </div>
            <p class="form-error" id="directory-error" role="alert">{move || message.get()}</p>
            <div class="table-wrap">
                <table class="table users" id="user-table">
                    <thead>
                        <tr>
                            <th scope="col">
                                <input
                                    type="checkbox"
                                    id="select-all-users"
                                    aria-label="Select all shown users"
                                    prop:checked=all_selected
                                    on:change=move |ev| {
                                        let ids = visible_ids();
                                        if event_target_checked(&ev) {
                                            selected.update(|s| {
                                                for id in ids {
                                                    if !s.contains(&id) {
                                                        s.push(id);
                                                    }
                                                }
                                            });
                                        } else {
                                            selected.update(|s| s.retain(|id| !ids.contains(id)));
                                        }
                                    }
                                />
                            </th>
                            <th scope="col" aria-sort=move || if sort.get() == SortOrder::NameAscending { "ascending" } else { "descending" }>
                                <button
                                    type="button"
                                    class="sort"
                                    id="sort-by-name"
                                    on:click=move |_| sort.update(|s| *s = if *s == SortOrder::NameAscending { SortOrder::NameDescending } else { SortOrder::NameAscending })
                                >
                                    "Display name " {move || if sort.get() == SortOrder::NameAscending { "▲" } else { "▼" }}
                                </button>
                            </th>
                            <th scope="col">"User name"</th>
                            <th scope="col">"Source"</th>
                            <th scope="col">"Usage location"</th>
                            <th scope="col">"Intune license"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|u| u.clone() let:user>
                            <UserRow user selected message />
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="empty">
                    {move || if filter.with(|f| f.trim().is_empty()) { "No users yet: add one below." } else { "No users match." }}
                </p>
            </Show>
            <ConfirmDialog
                id="clear-directory-dialog"
                open=clear_open
                title="Remove every user from the directory?"
                confirm_label="Remove all users"
                on_confirm=clear_directory
                danger=true
            >
                <p>"All users, their licenses and their group memberships are removed. Use this to start from an empty directory instead of the sample."</p>
            </ConfirmDialog>
        </section>
    }
}

#[component]
fn UserRow(
    user: DirectoryUser,
    selected: RwSignal<Vec<UserId>>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = AppState::expect();
    let id = user.id;
    let row_id = format!("user-{}", id.0);
    let check_id = format!("select-user-{}", id.0);
    let licensed = user.licensed;
    let toggle = move |_| {
        message.set(None);
        let command = if licensed {
            Command::RemoveLicenses { users: vec![id] }
        } else {
            Command::AssignLicenses { users: vec![id] }
        };
        state.dispatch(command, move |r| message.set(r.err()));
    };
    let edit_open = RwSignal::new(false);
    let remove_open = RwSignal::new(false);
    let dialog_error = RwSignal::new(None::<String>);
    let location = RwSignal::new(
        user.usage_location
            .map(|l| l.code().to_owned())
            .unwrap_or_default(),
    );
    let name = RwSignal::new(user.display_name.clone());
    let upn = RwSignal::new(user.upn.clone());
    let synchronized = user.source == UserSource::Synchronized;
    // The dialog opens on the user as saved, not on an abandoned edit.
    let reset_edit = move || {
        let saved = state
            .setup
            .with_untracked(|s| s.directory.users.iter().find(|u| u.id == id).cloned());
        if let Some(saved) = saved {
            name.set(saved.display_name);
            upn.set(saved.upn);
            location.set(
                saved
                    .usage_location
                    .map(|l| l.code().to_owned())
                    .unwrap_or_default(),
            );
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
            Ok(()) => edit_open.set(false),
            Err(m) => dialog_error.set(Some(m)),
        });
    });
    let remove = Callback::new(move |_| {
        state.dispatch(Command::RemoveUser { id }, move |r| match r {
            Ok(()) => {
                remove_open.set(false);
                selected.update(|s| s.retain(|x| *x != id));
            }
            Err(m) => dialog_error.set(Some(m)),
        });
    });
    let display_name = user.display_name.clone();
    view! {
        <tr id=row_id data-upn=user.upn.clone()>
            <td>
                <input
                    type="checkbox"
                    id=check_id
                    aria-label=format!("Select {}", user.display_name)
                    prop:checked=move || selected.with(|s| s.contains(&id))
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
            </td>
            <td data-role="name">{user.display_name.clone()}</td>
            <td data-role="upn">{user.upn.clone()}</td>
            <td>{user.source.label()}</td>
            <td data-role="location">
                {user.usage_location.map(|l| format!("{} — {}", l.code(), l.name())).unwrap_or_else(|| "Not set".into())}
            </td>
            <td>
                <button
                    type="button"
                    role="switch"
                    class="license-toggle"
                    class:on=licensed
                    aria-checked=if licensed { "true" } else { "false" }
                    aria-label=format!("Intune license for {}", user.display_name)
                    data-role="license"
                    on:click=toggle
                >
                    {if licensed { "Licensed" } else { "No license" }}
                </button>
            </td>
            <td class="row-actions">
                <button type="button" class="button small" data-role="edit" on:click=move |_| { dialog_error.set(None); reset_edit(); edit_open.set(true) }>
                    "Edit…"
                </button>
                {(!synchronized)
                    .then(|| {
                        view! {
                            <button type="button" class="button small danger-outline" data-role="remove" on:click=move |_| remove_open.set(true)>
                                "Remove…"
                            </button>
                        }
                    })}
                <ConfirmDialog
                    id=format!("edit-user-{}", id.0)
                    open=edit_open
                    title=format!("Edit {display_name}")
                    confirm_label="Save user"
                    on_confirm=save_edit
                    error=dialog_error
                >
                    {synchronized.then(|| view! { <p class="muted">"Synchronized from on-premises AD: only the usage location can change here."</p> })}
                    <TextField
                        id=format!("edit-name-{}", id.0)
                        label="Display name"
                        value=name
                        error=Signal::derive(|| None::<String>)
                        max=MAX_DISPLAY_NAME_CHARS
                        disabled=synchronized
                    />
                    <TextField
                        id=format!("edit-upn-{}", id.0)
                        label="User name"
                        value=upn
                        error=Signal::derive(|| None::<String>)
                        max=MAX_UPN_CHARS
                        disabled=synchronized
                    />
                    <CountrySelect id=format!("edit-location-{}", id.0) value=location />
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

#[component]
fn AddUserForm() -> impl IntoView {
    let state = AppState::expect();
    let name = RwSignal::new(String::new());
    let upn = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let name_error = Signal::derive(move || {
        let typed = name.get();
        if typed.is_empty() && !submitted.get() {
            return None;
        }
        Directory::check_display_name(&typed)
            .err()
            .map(|e| e.to_string())
    });
    let upn_error = Signal::derive(move || {
        let typed = upn.get();
        if typed.is_empty() && !submitted.get() {
            return None;
        }
        state.setup.with(|s| {
            s.directory
                .check_upn(None, &typed, &s.connections, &s.tenant_domain)
                .err()
                .map(|e| e.to_string())
        })
    });
    let check = move || name_error.get().or_else(|| upn_error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        failure.set(None);
        if check().is_some() {
            return;
        }
        let sent = (
            name.get_untracked(),
            upn.get_untracked(),
            location.get_untracked(),
        );
        let command = Command::AddUser {
            display_name: sent.0.clone(),
            upn: sent.1.clone(),
            usage_location: sent.2.clone(),
        };
        state.dispatch(command, move |r| match r {
            // Empties the form unless the next user was typed since.
            Ok(()) => {
                let now = (
                    name.try_get_untracked(),
                    upn.try_get_untracked(),
                    location.try_get_untracked(),
                );
                if now == (Some(sent.0), Some(sent.1), Some(sent.2)) {
                    name.set(String::new());
                    upn.set(String::new());
                    location.set(String::new());
                    submitted.set(false);
                }
            }
            Err(m) => failure.set(Some(m)),
        });
    };
    view! {
        <section class="card" aria-labelledby="add-user-heading">
            <h2 id="add-user-heading">"Add a cloud user"</h2>
            <form id="add-user" novalidate on:submit=submit>
                <div class="form-grid">
                    <TextField id="new-user-name" label="Display name" value=name error=name_error max=MAX_DISPLAY_NAME_CHARS />
                    <TextField
                        id="new-user-upn"
                        label="User name"
                        value=upn
                        error=upn_error
                        max=MAX_UPN_CHARS
                        help="The sign-in name, such as ada@contoso.com."
                    />
                    <CountrySelect id="new-user-location" value=location />
                </div>
                <button type="submit" class="button primary">"Add user"</button>
                <p class="form-error" role="alert">{move || failure.get()}</p>
            </form>
        </section>
    }
}

#[component]
fn SyncChecklist() -> impl IntoView {
    let state = AppState::expect();
    let message = RwSignal::new(None::<String>);
    let items = Signal::derive(move || {
        state.setup.with(|s| {
            SyncStep::ALL
                .into_iter()
                .map(|step| ChecklistItem {
                    id: step.key().into(),
                    label: step.label().into(),
                    detail: (step == SyncStep::LicensesAssigned).then(|| {
                        "Ticked for you once a synchronized user has a license.".to_string()
                    }),
                    checked: s.directory.sync_step_done(step),
                    locked: step == SyncStep::LicensesAssigned,
                })
                .collect::<Vec<_>>()
        })
    });
    let on_toggle = Callback::new(move |(key, done): (String, bool)| {
        if let Some(step) = SyncStep::ALL.into_iter().find(|s| s.key() == key) {
            state.dispatch(Command::SetSyncStep { step, done }, move |r| {
                message.set(r.err())
            });
        }
    });
    view! {
        <section class="card" aria-labelledby="sync-heading">
            <h2 id="sync-heading">"Synchronizing on-premises users"</h2>
            <p class="muted">
                "Users from your on-premises Active Directory reach the cloud through directory synchronization. Do these in order; step 5 is done only when they are, if you have synchronized users."
            </p>
            <Checklist id="sync" legend="On-premises synchronization" items on_toggle />
            <p class="form-error" role="alert">{move || message.get()}</p>
        </section>
    }
}
