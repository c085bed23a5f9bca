//! Every page but the overview is a part of its own: in the split build
//! (`--features split`, see `scripts/split-wasm`) its code is a separate
//! wasm file, fetched when the page first opens — or earlier, in idle
//! time after the overview is ready, or when a link to it is hovered or
//! focused. Without the feature (the browser test suites) the same pages
//! are plain calls.
//!
//! While a part is on its way the page shows its own heading and purpose
//! in the usual layout; if it can't be fetched (offline, or a new version
//! deployed meanwhile) the page says so and offers Retry.

use super::unreadable::UnreadableData;
use crate::parts::{at_once, PartUnavailable};
use crate::route::Route;
use crate::steps::{
    authority::AuthorityPage, connections::ConnectionsPage, enrollment::EnrollmentPage,
    groups::GroupsPage, licenses::LicensesPage, next_steps::NextStepsPage, portal::PortalPage,
    recovery::RecoveryPage, settings::SettingsPage,
};
use domain::StepId;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsCast;

type Loading<T> = Pin<Box<dyn Future<Output = T>>>;

/// `$load` renders `$page` from its part; `$preload` only fetches it.
macro_rules! part {
    ($part:ident, $load:ident, $preload:ident, $page:ident) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split(
                                                            $part,
                                                            wasm_split_path = ::leptos::wasm_split,
                                                            fallible,
                                                            preload($preload)
                                                        )]
        fn $load() -> Result<AnyView, PartUnavailable> {
            Ok($page().into_any())
        }

        #[cfg(not(feature = "split"))]
        async fn $load() -> Result<AnyView, PartUnavailable> {
            Ok($page().into_any())
        }

        #[cfg(not(feature = "split"))]
        async fn $preload() -> Result<(), SplitLoaderError> {
            Ok(())
        }
    };
}

part!(
    pages,
    load_connections,
    preload_connections,
    ConnectionsPage
);
part!(pages, load_authority, preload_authority, AuthorityPage);
part!(pages, load_groups, preload_groups, GroupsPage);
part!(pages, load_portal, preload_portal, PortalPage);
part!(pages, load_licenses, preload_licenses, LicensesPage);
part!(pages, load_enrollment, preload_enrollment, EnrollmentPage);
part!(pages, load_next_steps, preload_next_steps, NextStepsPage);
part!(pages, load_recovery, preload_recovery, RecoveryPage);
part!(pages, load_settings, preload_settings, SettingsPage);

// Views whose code is in the Graph part (Microsoft 365, Preview).
part!(graph, load_tenant_panel, preload_tenant_panel, tenant_panel);
part!(graph, load_graph_card, preload_graph_card, graph_card);

/// "From your tenant" on the current step page.
fn tenant_panel() -> impl IntoView {
    let step = match crate::route::Route::parse(&window().location().hash().unwrap_or_default()) {
        Route::Step(step) => step,
        _ => StepId::NextSteps,
    };
    crate::widgets::tenant_panel::TenantPanel(crate::widgets::tenant_panel::TenantPanelProps {
        step,
    })
}

fn graph_card() -> impl IntoView {
    crate::steps::settings::graph_card()
}

/// A view from the Graph part: its code fetched first, then built here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphView {
    /// "From your tenant" on the current step page.
    TenantPanel,
    /// Settings' Microsoft 365 card.
    SettingsCard,
}

impl GraphView {
    pub fn preload(self) -> Loading<Result<(), SplitLoaderError>> {
        match self {
            GraphView::TenantPanel => Box::pin(preload_tenant_panel()),
            GraphView::SettingsCard => Box::pin(preload_graph_card()),
        }
    }

    /// The view, if the part is here.
    pub fn build(self) -> Option<AnyView> {
        let built = match self {
            GraphView::TenantPanel => at_once(Box::pin(load_tenant_panel())),
            GraphView::SettingsCard => at_once(Box::pin(load_graph_card())),
        };
        built.and_then(Result::ok)
    }
}

/// Renders the page of `route` once its part is there.
fn load(route: Route) -> Loading<Result<AnyView, PartUnavailable>> {
    match route {
        Route::Overview => {
            Box::pin(async { Ok(crate::steps::overview::OverviewPage().into_any()) })
        }
        Route::Step(StepId::Connections) => Box::pin(load_connections()),
        Route::Step(StepId::Authority) => Box::pin(load_authority()),
        Route::Step(StepId::Groups) => Box::pin(load_groups()),
        Route::Step(StepId::Portal) => Box::pin(load_portal()),
        Route::Step(StepId::Licenses) => Box::pin(load_licenses()),
        Route::Step(StepId::Enrollment) => Box::pin(load_enrollment()),
        Route::Step(StepId::NextSteps) => Box::pin(load_next_steps()),
        Route::Recovery => Box::pin(load_recovery()),
        Route::Settings => Box::pin(load_settings()),
    }
}

/// Fetches the part of `route` without opening it.
fn preload(route: Route) -> Loading<Result<(), SplitLoaderError>> {
    match route {
        Route::Overview => Box::pin(async { Ok(()) }),
        Route::Step(StepId::Connections) => Box::pin(preload_connections()),
        Route::Step(StepId::Authority) => Box::pin(preload_authority()),
        Route::Step(StepId::Groups) => Box::pin(preload_groups()),
        Route::Step(StepId::Portal) => Box::pin(preload_portal()),
        Route::Step(StepId::Licenses) => Box::pin(preload_licenses()),
        Route::Step(StepId::Enrollment) => Box::pin(preload_enrollment()),
        Route::Step(StepId::NextSteps) => Box::pin(preload_next_steps()),
        Route::Recovery => Box::pin(preload_recovery()),
        Route::Settings => Box::pin(preload_settings()),
    }
}

/// Every page with a part of its own, in the order they are fetched in
/// idle time (the steps in order, then the rest).
const PARTS: [Route; 9] = [
    Route::Step(StepId::Connections),
    Route::Step(StepId::Authority),
    Route::Step(StepId::Groups),
    Route::Step(StepId::Portal),
    Route::Step(StepId::Licenses),
    Route::Step(StepId::Enrollment),
    Route::Step(StepId::NextSteps),
    Route::Settings,
    Route::Recovery,
];

/// Fetches the part of `route` now (a link to it is hovered or focused);
/// a failure is left for the page to report when it opens.
pub fn prefetch(route: Route) {
    leptos::task::spawn_local(async move {
        if preload(route).await.is_ok() {
            mark_fetched(route);
        }
    });
}

/// Once the app is ready: fetches every part, one after another, each
/// when the browser is idle, so that later pages open at once.
pub fn prefetch_all_when_idle() {
    // `?no-prefetch` in the address leaves every part until its page opens
    // (the benchmark and the tests measure first opens that way).
    if window()
        .location()
        .search()
        .is_ok_and(|query| query.contains("no-prefetch"))
    {
        return;
    }
    leptos::task::spawn_local(async {
        for route in PARTS {
            idle().await;
            if preload(route).await.is_err() {
                // Offline, most likely: the pages will say so and retry.
                return;
            }
            mark_fetched(route);
        }
    });
}

/// Resolves when the browser is idle (or after a second at the latest).
async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = window();
        let callback = resolve.unchecked_into::<js_sys::Function>();
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(1000);
        if window
            .request_idle_callback_with_options(&callback, &options)
            .is_err()
        {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&callback, 50);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Where a page's part stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Fetching,
    Here,
    Missing,
}

thread_local! {
    /// The parts already fetched: their pages open at once.
    static FETCHED: std::cell::RefCell<Vec<Route>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether the part of `route` is here: fetched before, or found loaded
/// (another page sharing it fetched it) by one poll of its preload.
fn fetched(route: Route) -> bool {
    if FETCHED.with(|f| f.borrow().contains(&route)) {
        return true;
    }
    let here = matches!(at_once(preload(route)), Some(Ok(())));
    if here {
        mark_fetched(route);
    }
    here
}

fn mark_fetched(route: Route) {
    FETCHED.with(|f| {
        let mut fetched = f.borrow_mut();
        if !fetched.contains(&route) {
            fetched.push(route);
        }
    });
}

/// The page of `route`: at once if its part is there, else its heading and
/// a loading note in the same layout, then the page — or why it can't
/// open, with Retry. The page is built here, in the reactive scope of the
/// route (not inside a future), so it is disposed with the route's view.
#[component]
pub fn Page(route: Route) -> impl IntoView {
    let (status, fetch) = part_status(route);
    let waited = status.get_untracked() == Status::Fetching;
    move || match status.get() {
        Status::Fetching => view! { <Placeholder route retry=None /> }.into_any(),
        Status::Missing => view! { <Placeholder route retry=Some(fetch) /> }.into_any(),
        Status::Here => match at_once(load(route)) {
            Some(Ok(page)) => {
                if waited {
                    refocus_heading();
                }
                page
            }
            _ => view! { <Placeholder route retry=Some(fetch) /> }.into_any(),
        },
    }
}

/// Whether the part of `route` is here, fetching it if not; and a fetch
/// again, for Retry.
fn part_status(route: Route) -> (RwSignal<Status>, Callback<()>) {
    let status = RwSignal::new(if fetched(route) {
        Status::Here
    } else {
        Status::Fetching
    });
    let fetch = Callback::new(move |_: ()| {
        status.set(Status::Fetching);
        leptos::task::spawn_local(async move {
            let here = preload(route).await.is_ok();
            if here {
                mark_fetched(route);
            }
            // The page may have been left meanwhile.
            status.try_set(if here { Status::Here } else { Status::Missing });
        });
    });
    if status.get_untracked() == Status::Fetching {
        fetch.run(());
    }
    (status, fetch)
}

crate::parts::in_part!(
    pages,
    fn unreadable_screen(raw: String, reason: String, on_fresh: Callback<()>) -> AnyView {
        view! { <UnreadableData raw reason on_fresh /> }.into_any()
    }
);

/// The screen for a stored setup that can't be read, from the pages' part
/// (a rare screen: the first download does without it).
#[component]
pub fn Unreadable(raw: String, reason: String, on_fresh: Callback<()>) -> impl IntoView {
    // Every page shares the part: any of them fetches it.
    let (status, fetch) = part_status(Route::Settings);
    move || match status.get() {
        Status::Fetching => view! { <p class="loading">"Loading…"</p> }.into_any(),
        Status::Here => match at_once(Box::pin(unreadable_screen(
            raw.clone(),
            reason.clone(),
            on_fresh,
        ))) {
            Some(Ok(screen)) => screen,
            _ => view! { <UnreadableFallback reason=reason.clone() retry=fetch /> }.into_any(),
        },
        Status::Missing => {
            view! { <UnreadableFallback reason=reason.clone() retry=fetch /> }.into_any()
        }
    }
}

/// The stored setup can't be read, and the screen that handles it could not
/// be fetched either.
#[component]
fn UnreadableFallback(reason: String, retry: Callback<()>) -> impl IntoView {
    view! {
        <main class="fatal" id="main">
            <h1 id="page-title">"Your saved setup cannot be opened"</h1>
            <p role="alert">{reason}</p>
            <p>
                "Nothing has been changed or deleted. The screen to download or set aside the saved data could not be loaded: this computer may be offline."
            </p>
            <p class="actions">
                <button type="button" class="button primary" on:click=move |_| retry.run(())>"Retry"</button>
            </p>
        </main>
    }
}

/// The loading heading had the focus (after navigation): the page's own
/// heading takes it over.
fn refocus_heading() {
    let waiting = document()
        .active_element()
        .is_some_and(|e| e.get_attribute("data-placeholder").is_some());
    if waiting {
        request_animation_frame(|| {
            if let Some(el) = document().get_element_by_id("page-title") {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
}

/// What shows while a part is on its way, or when it could not be fetched.
#[component]
fn Placeholder(route: Route, retry: Option<Callback<()>>) -> impl IntoView {
    let heading = route.heading();
    view! {
        <article class="step" aria-busy=retry.is_none().then_some("true")>
            <header class="step-header">
                {heading.kicker.map(|k| view! { <p class="step-kicker">{k}</p> })}
                <h1 id="page-title" tabindex="-1" data-placeholder="">{heading.title}</h1>
                <p class="step-purpose">{heading.purpose}</p>
            </header>
            {match retry {
                None => view! { <p class="page-loading" role="status">"Opening this page…"</p> }.into_any(),
                Some(retry) => view! {
                    <div class="banner banner-blocked" role="alert" id="page-unavailable">
                        <p>
                            "This page could not be loaded: its code did not arrive. You may be offline, or a new version of the app was published since this one opened. Your setup is safe."
                        </p>
                        <div class="actions">
                            <button type="button" class="button primary" id="page-retry" on:click=move |_| retry.run(())>
                                "Retry"
                            </button>
                            <button type="button" class="button" on:click=move |_| { let _ = window().location().reload(); }>
                                "Reload the app"
                            </button>
                        </div>
                    </div>
                }.into_any(),
            }}
        </article>
    }
}
