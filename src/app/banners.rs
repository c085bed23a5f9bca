//! The banners above every page, and the header's save status.

use crate::backend::BackendError;
use crate::route::{step_href, Route};
use crate::state::{AppState, SaveState};
use crate::widgets::TechnicalDetails;
use domain::StepId;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Support is resetting the authority: every step is read-only meanwhile.
#[component]
pub(super) fn ResetPendingBanner() -> impl IntoView {
    let state = AppState::expect();
    let reset_pending = Memo::new(move |_| {
        state.setup.with(|s| {
            s.recovery
                .pending
                .as_ref()
                .map(|p| (p.expected().to_string(), p.latest().to_string()))
        })
    });
    view! {
        <Show when=move || reset_pending.get().is_some()>
            <div class="banner banner-blocked" id="reset-banner" role="status">
                <strong>"Support is resetting the MDM authority. "</strong>
                {move || {
                    reset_pending
                        .get()
                        .map(|(expected, latest)| {
                            format!("Expected {expected}, at the latest {latest}. Until you record that support confirmed it, every step is read-only: changing the setup now could corrupt it. ")
                        })
                }}
                <a href=Route::Recovery.href()>"Go to the recovery page"</a>
            </div>
        </Show>
    }
}

/// The Apple push certificate expires soon, or has expired.
#[component]
pub(super) fn AppleCertificateBanner() -> impl IntoView {
    let state = AppState::expect();
    let apple_warning = Memo::new(move |_| {
        state
            .setup
            .with(|s| s.apple_certificate_warning(crate::clock::now()))
    });
    move || {
        apple_warning.get().map(|warning| {
            view! {
                <div class="banner banner-warning" id="apple-banner" role="status">
                    <strong>"Apple push certificate. "</strong>
                    {warning}
                    " "
                    <a href=step_href(StepId::Enrollment)>"Renew it in step 6"</a>
                </div>
            }
        })
    }
}

/// No device can enroll until the authority is set.
#[component]
pub(super) fn AuthorityBanner() -> impl IntoView {
    let state = AppState::expect();
    let authority_unset = Memo::new(move |_| state.setup.with(|s| s.authority.is_none()));
    view! {
        <Show when=move || authority_unset.get()>
            <div class="banner banner-warning" id="authority-banner" role="status">
                <strong>"The MDM authority is not set. "</strong>
                "No device can enroll until it is. "
                <a href=step_href(StepId::Authority)>"Set it in step 2"</a>
            </div>
        </Show>
    }
}

/// A change the backend could not be reached for: kept, with Retry (and,
/// for the tenant, a new sign-in that keeps it).
#[component]
pub(super) fn UnsentChange() -> impl IntoView {
    let state = AppState::expect();
    let retry = move |_| state.retry_unsent();
    // The tenant asked for a new sign-in, or a permission this one lacks.
    let sign_in_needed = Memo::new(move |_| {
        state
            .unsent_reason
            .with(|why| matches!(why, Some(BackendError::TenantSignIn { sign_in: true, .. })))
    });
    view! {
        <Show when=move || state.unsent.with(Option::is_some)>
            <div class="banner banner-warning" id="unsent-banner" role="alert">
                <strong>"Your last change is not saved yet. "</strong>
                {move || state.unsent_reason.get().map(|why| why.to_string())}
                " It is kept here until it can be sent. "
                <button
                    type="button"
                    class="button small"
                    id="retry-unsent"
                    disabled=move || state.retrying.get()
                    on:click=retry
                >
                    {move || if state.retrying.get() { "Sending…" } else { "Retry" }}
                </button>
                " "
                <button type="button" class="button small primary" id="unsent-sign-in"
                    hidden=move || !sign_in_needed.get()
                    on:click=move |_| spawn_local(crate::parts::sign_in_keeping(state))>
                    "Sign in again, keeping it"
                </button>
                " "
                <button
                    type="button"
                    class="button small"
                    id="discard-unsent"
                    disabled=move || state.retrying.get()
                    on:click=move |_| state.discard_unsent()
                >
                    "Discard it"
                </button>
                <TechnicalDetails detail=Signal::derive(move || {
                    state.unsent_reason.with(|why| why.as_ref().and_then(|w| w.detail().map(String::from)))
                }) />
            </div>
        </Show>
    }
}

#[component]
pub(super) fn SaveStatus() -> impl IntoView {
    let state = AppState::expect();
    let waiting = use_context::<super::TenantWaiting>();
    view! {
        <p class="save-status" id="save-status" role="status" aria-live="polite">
            {move || {
                // One span for every state: its class and words change.
                let (class, text) = match state.save.get() {
                    SaveState::Idle => ("", "All changes saved".to_owned()),
                    SaveState::Saved => ("ok", "✓ Saved".to_owned()),
                    SaveState::Saving => ("", "Saving…".to_owned()),
                    SaveState::Partly(message) => ("partly", format!("⚠ Partly saved: {message}")),
                    SaveState::Failed(message) => ("failed", format!("⚠ Not saved: {message}")),
                };
                let title = text.clone();
                view! { <span class=class title=title>{text}</span> }
            }}
            // What Microsoft Graph asked to wait for, while a change waits.
            " "
            {move || waiting.and_then(|w| w.0.get())}
        </p>
    }
}
