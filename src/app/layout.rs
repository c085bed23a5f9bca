//! The app's frame: header with progress and save status, the step
//! navigation, the banners, and the page of the current route.

use super::banners::{
    AppleCertificateBanner, AuthorityBanner, ResetPendingBanner, SaveStatus, UnsentChange,
};
use super::pages::{prefetch, Page};
use crate::route::{step_href, use_route, Route};
use crate::state::AppState;
use crate::steps::overview::OverviewPage;
use crate::widgets::{ReadOnly, StatusBadge};
use domain::{Setup, StepId};
use leptos::prelude::*;

#[component]
pub(super) fn Layout(backend_label: String) -> impl IntoView {
    let state = AppState::expect();
    // Closing or reloading the page asks first while a change not yet
    // saved, or any form's unsaved edits, would be lost.
    let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if state.unsaved_work() {
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    on_cleanup(move || guard.remove());
    let route = use_route();
    let reset_pending = Memo::new(move |_| state.setup.with(|s| s.recovery.pending.is_some()));
    // While support resets the authority the steps can't be changed (the
    // domain refuses it too); the recovery page and the settings can.
    let read_only = Memo::new(move |_| {
        reset_pending.get() && !matches!(route.get(), Route::Recovery | Route::Settings)
    });
    ReadOnly::provide(read_only.into());

    // Move focus to the page heading after navigation, for keyboard and
    // screen-reader users (not on the first render).
    Effect::new(move |previous: Option<Route>| {
        let current = route.get();
        if previous.is_some_and(|p| p != current) {
            request_animation_frame(|| focus("page-title"));
        }
        current
    });
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus("main");
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip>"Skip to content"</a>
        <Header backend_label />
        <div class="layout">
            <SideNav route />
            <main id="main" tabindex="-1">
                <ResetPendingBanner />
                <AppleCertificateBanner />
                <UnsentChange />
                <AuthorityBanner />
                {move || page(route.get())}
            </main>
        </div>
    }
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}

/// The page of `route`: the overview at once, the others from their part.
fn page(route: Route) -> AnyView {
    match route {
        Route::Overview => view! { <OverviewPage /> }.into_any(),
        route => view! { <Page route /> }.into_any(),
    }
}

/// Brand, overall progress, save status and the backend in use.
#[component]
fn Header(backend_label: String) -> impl IntoView {
    let state = AppState::expect();
    let progress = Memo::new(move |_| state.setup.with(Setup::progress));
    view! {
        <header class="app-header">
            <a class="brand" href=Route::Overview.href()>
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "MDM prerequisites"
            </a>
            <div class="progress" id="overall-progress">
                <span class="progress-label">
                    {move || format!("{} of {} steps done", progress.get().done, progress.get().total)}
                </span>
                <progress
                    max=move || progress.get().total
                    value=move || progress.get().done
                    aria-label="Overall progress"
                ></progress>
            </div>
            <SaveStatus />
            <a class="backend" title="Where your setup is saved: change it in Settings" id="backend-label" href=Route::Settings.href()>
                "Saved in: " {backend_label}
            </a>
        </header>
    }
}

/// The steps with their status, then recovery and settings.
#[component]
fn SideNav(route: ReadSignal<Route>) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <nav class="side-nav" aria-label="Steps">
            <ol>
                {StepId::ALL
                    .into_iter()
                    .map(|step| {
                        let status = Memo::new(move |_| state.setup.with(|s| s.step_status(step)));
                        let here = move || route.get() == Route::Step(step);
                        view! {
                            <li>
                                <a
                                    href=step_href(step)
                                    class:active=here
                                    aria-current=move || here().then_some("page")
                                    data-step=step.slug()
                                    on:pointerenter=move |_| prefetch(Route::Step(step))
                                    on:focus=move |_| prefetch(Route::Step(step))
                                >
                                    <span class="nav-number">{step.number()}</span>
                                    <span class="nav-title">{step.title()}</span>
                                    <StatusBadge status=status />
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {nav_extra(route, Route::Recovery, "Wrong MDM authority?")}
            {nav_extra(route, Route::Settings, "Settings")}
        </nav>
    }
}

/// A link below the steps (one instantiation serves both).
fn nav_extra(route: ReadSignal<Route>, to: Route, label: &'static str) -> impl IntoView {
    view! {
        <p class="nav-extra">
            <a
                href=to.href()
                aria-current=move || (route.get() == to).then_some("page")
                on:pointerenter=move |_| prefetch(to)
                on:focus=move |_| prefetch(to)
            >
                {label}
            </a>
        </p>
    }
}
