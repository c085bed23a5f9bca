//! Hash routes (`#/connections`): deep links work from any static host and
//! any sub-path without server rewrites.

use domain::StepId;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Overview,
    Step(StepId),
    Recovery,
    Settings,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split(['?', '/']).next().unwrap_or("");
        match path {
            "" => Route::Overview,
            "recovery" => Route::Recovery,
            "settings" => Route::Settings,
            slug => StepId::from_slug(slug).map_or(Route::Overview, Route::Step),
        }
    }

    pub fn href(self) -> String {
        match self {
            Route::Overview => "#/".into(),
            Route::Step(step) => format!("#/{}", step.slug()),
            Route::Recovery => "#/recovery".into(),
            Route::Settings => "#/settings".into(),
        }
    }
}

/// The heading every page starts with: shown by the page, and by its
/// placeholder while the page's code is on its way.
pub struct Heading {
    pub kicker: Option<String>,
    pub title: &'static str,
    pub purpose: &'static str,
}

impl Route {
    pub fn heading(self) -> Heading {
        match self {
            Route::Step(step) => Heading {
                kicker: Some(format!("Step {} of {}", step.number(), StepId::ALL.len())),
                title: step.title(),
                purpose: step.purpose(),
            },
            Route::Recovery => Heading {
                kicker: Some("Recovery".into()),
                title: "I chose the wrong MDM authority",
                purpose: "Find out whether you can change the authority yourself or need support to reset it, and prepare everything support will ask for.",
            },
            Route::Settings => Heading {
                kicker: None,
                title: "Settings",
                purpose: "Choose where this setup is kept, and how DNS records are looked up.",
            },
            Route::Overview => Heading {
                kicker: None,
                title: "Overview",
                purpose: "",
            },
        }
    }
}

pub fn step_href(step: StepId) -> String {
    Route::Step(step).href()
}

fn current() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// The current route, kept in step with the address bar.
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(current());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| set_route.set(current()));
    on_cleanup(move || handle.remove());
    route
}
