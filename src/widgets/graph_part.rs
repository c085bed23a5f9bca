//! A view whose code is in the Graph part (Microsoft 365, Preview): a short
//! note while the part is on its way, the view once it is here (built in
//! this reactive scope), or why not, with Retry.

use crate::app::GraphView;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Fetching,
    Here,
    Missing,
}

/// Shows `view` from the Graph part; `waiting` while it is fetched.
pub fn from_graph_part(view: GraphView, waiting: &'static str) -> impl IntoView {
    let status = RwSignal::new(Status::Fetching);
    let fetch = move || {
        status.set(Status::Fetching);
        spawn_local(async move {
            let here = view.preload().await.is_ok();
            status.try_set(if here { Status::Here } else { Status::Missing });
        });
    };
    fetch();
    let missing = move || {
        view! {
            <p class="form-error" role="alert">
                "The app's Microsoft 365 code could not be loaded: this computer may be offline, or a new version of the app was published since this page opened. "
                <button type="button" class="button small" on:click=move |_| fetch()>"Retry"</button>
            </p>
        }
    };
    move || match status.get() {
        Status::Fetching => view! { <p class="muted" role="status">{waiting}</p> }.into_any(),
        Status::Missing => missing().into_any(),
        Status::Here => view.build().unwrap_or_else(|| missing().into_any()),
    }
}
