use domain::{DirectoryUser, UserId};
use leptos::prelude::*;

use super::{read_only, TextField};

/// Picks users from the directory: search as you type, tick to add; the
/// chosen ones are listed with a button each to take them out. While the
/// page is read-only the search still works; the choice can't change.
#[component]
pub fn MemberPicker(
    #[prop(into)] id: String,
    #[prop(into)] users: Signal<Vec<DirectoryUser>>,
    selected: RwSignal<Vec<UserId>>,
) -> impl IntoView {
    let read_only = read_only();
    let search = RwSignal::new(String::new());
    let search_id = format!("{id}-search");
    let matches = Memo::new(move |_| {
        let needle = search.get().trim().to_lowercase();
        users.with(|all| {
            all.iter()
                .filter(|u| {
                    needle.is_empty()
                        || u.display_name.to_lowercase().contains(&needle)
                        || u.upn.to_lowercase().contains(&needle)
                })
                .take(50)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let name_of = move |id: UserId| {
        users.with(|all| {
            all.iter()
                .find(|u| u.id == id)
                .map(|u| u.display_name.clone())
                .unwrap_or_default()
        })
    };
    let list_id = format!("{id}-results");
    let box_prefix = id.clone();
    view! {
        <div class="member-picker" id=id.clone()>
            <TextField
                id=search_id
                label="Find users"
                value=search
                input_type="search"
                placeholder="Name or user name"
                controls=list_id.clone()
                read_only_ok=true
            />
            <ul class="member-results" id=list_id aria-live="polite">
                {move || {
                    let found = matches.get();
                    if found.is_empty() {
                        return view! { <li class="muted">"No users match."</li> }.into_any();
                    }
                    found
                        .into_iter()
                        .map(|user| {
                            let uid = user.id;
                            let box_id = format!("{}-user-{}", box_prefix, uid.0);
                            view! {
                                <li>
                                    <input
                                        type="checkbox"
                                        id=box_id.clone()
                                        prop:checked=move || selected.with(|s| s.contains(&uid))
                                        disabled=move || read_only.get()
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| {
                                                s.retain(|x| *x != uid);
                                                if on {
                                                    s.push(uid);
                                                }
                                            });
                                        }
                                    />
                                    <label for=box_id>
                                        {user.display_name.clone()}
                                        " "
                                        <span class="muted">{user.upn.clone()}</span>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <p class="member-count">{move || format!("{} selected", selected.with(Vec::len))}</p>
            <ul class="chips">
                {move || {
                    selected
                        .get()
                        .into_iter()
                        .map(|uid| {
                            let name = name_of(uid);
                            view! {
                                <li class="chip">
                                    {name.clone()}
                                    <button
                                        type="button"
                                        aria-label=format!("Take {name} out")
                                        disabled=move || read_only.get()
                                        on:click=move |_| selected.update(|s| s.retain(|x| *x != uid))
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
