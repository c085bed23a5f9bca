//! The users card: filter, bulk licence actions, and the user table.

use super::user_row::UserRow;
use crate::state::AppState;
use crate::widgets::{read_only, Card, ConfirmDialog, ItemResultList, ItemResults, TextField};
use domain::{Command, DirectoryUser, UserId};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortOrder {
    NameAscending,
    NameDescending,
}

#[component]
pub fn UserDirectory() -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new(SortOrder::NameAscending);
    let selected = RwSignal::new(Vec::<UserId>::new());
    let message = RwSignal::new(None::<String>);
    let clear_open = RwSignal::new(false);
    let results = ItemResults::new();
    provide_context(results);

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
    let run = move |command: Command| {
        message.set(None);
        results.clear();
        state.dispatch(command, move |r| results.report(r, message));
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
            Ok(_) => {
                clear_open.set(false);
                selected.set(Vec::new());
            }
            Err(m) => message.set(Some(m.to_string())),
        })
    });

    view! {
        <Card heading_id="directory-heading" title="Users">
            <p class="muted">
                {move || state.setup.with(|s| format!("Tenant domain: {}. User names must end in it or in a verified custom domain.", s.tenant_domain))}
            </p>
            <div class="toolbar">
                <TextField
                    id="user-filter"
                    label="Filter users"
                    value=filter
                    input_type="search"
                    placeholder="Name or user name"
                    class="compact"
                    read_only_ok=true
                />
                <div class="actions">
                    <button type="button" class="button" id="bulk-assign" disabled=move || read_only.get() on:click=move |_| bulk(true)>
                        {move || format!("Assign license to selected ({})", selected.with(Vec::len))}
                    </button>
                    <button type="button" class="button" id="bulk-remove" disabled=move || read_only.get() on:click=move |_| bulk(false)>
                        "Remove license from selected"
                    </button>
                    <button type="button" class="button danger-outline" id="clear-directory" disabled=move || read_only.get() on:click=move |_| clear_open.set(true)>
                        "Clear directory…"
                    </button>
                </div>
            </div>
            <p class="form-error" id="directory-error" role="alert">{move || message.get()}</p>
            <ItemResultList results id="licence-results" label="Each user in your tenant" />
            <UserTable rows sort selected message />
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
        </Card>
    }
}

/// The shown users, sortable by name, with a tick box each and one for all
/// (for the bulk licence changes: locked with them while read-only).
#[component]
fn UserTable(
    rows: Memo<Vec<DirectoryUser>>,
    sort: RwSignal<SortOrder>,
    selected: RwSignal<Vec<UserId>>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let read_only = read_only();
    let visible_ids = move || rows.with(|r| r.iter().map(|u| u.id).collect::<Vec<_>>());
    let all_selected = move || {
        let ids = visible_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let ascending = move || sort.get() == SortOrder::NameAscending;
    view! {
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
                                disabled=move || read_only.get()
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
                        <th scope="col" aria-sort=move || if ascending() { "ascending" } else { "descending" }>
                            <button
                                type="button"
                                class="sort"
                                id="sort-by-name"
                                on:click=move |_| sort.update(|s| *s = if *s == SortOrder::NameAscending { SortOrder::NameDescending } else { SortOrder::NameAscending })
                            >
                                "Display name " {move || if ascending() { "▲" } else { "▼" }}
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
    }
}
