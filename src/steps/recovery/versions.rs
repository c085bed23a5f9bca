//! Recovery, card 1: the Configuration Manager and Intune versions.

use crate::state::{refusal, AppState};
use crate::widgets::{Card, TextField};
use domain::recovery::parse_version;
use domain::Command;
use leptos::prelude::*;

#[component]
pub(super) fn Versions() -> impl IntoView {
    let state = AppState::expect();
    let saved = state
        .setup
        .with_untracked(|s| (s.recovery.cm_version, s.recovery.intune_version));
    let cm = RwSignal::new(saved.0.map(|v| v.to_string()).unwrap_or_default());
    let intune = RwSignal::new(saved.1.map(|v| v.to_string()).unwrap_or_default());
    let message = RwSignal::new(None::<String>);
    let cm_error = Signal::derive(move || {
        let v = cm.get();
        (!v.is_empty())
            .then(|| {
                parse_version("Configuration Manager", "1610", &v)
                    .err()
                    .map(|e| e.to_string())
            })
            .flatten()
    });
    let intune_error = Signal::derive(move || {
        let v = intune.get();
        (!v.is_empty())
            .then(|| {
                parse_version("Intune", "1705", &v)
                    .err()
                    .map(|e| e.to_string())
            })
            .flatten()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let command = Command::CheckVersions {
            configuration_manager: cm.get_untracked(),
            intune: intune.get_untracked(),
        };
        state.dispatch(command, move |r| message.set(refusal(r)));
    };
    view! {
        <Card heading_id="versions-heading" title="1. Your versions">
            <p class="muted">"Both are four digits: the year and month of the release (1610 is October 2016)."</p>
            <form id="versions-form" class="inline-form" novalidate on:submit=submit>
                <TextField id="cm-version" label="Configuration Manager version" value=cm error=cm_error placeholder="1610" />
                <TextField id="intune-version" label="Intune service version" value=intune error=intune_error placeholder="1705" />
                <button type="submit" class="button primary">"Check"</button>
                <p class="form-error" role="alert">{move || message.get()}</p>
            </form>
        </Card>
    }
}
