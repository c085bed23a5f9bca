//! The Android cards: plain Android, and binding Android for Work.

use super::PlatformCard;
use crate::state::AppState;
use crate::widgets::{read_only, ConfirmDialog, TextField};
use domain::{Command, Platform};
use leptos::prelude::*;

#[component]
pub(super) fn AndroidCard() -> impl IntoView {
    view! {
        <PlatformCard platform=Platform::Android>
            <p>
                "Nothing to configure: once the MDM authority is set, people enroll Android devices by installing the Company Portal app and signing in."
            </p>
        </PlatformCard>
    }
}

#[component]
pub(super) fn AndroidForWorkCard() -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    let authority_set = Memo::new(move |_| state.setup.with(|s| s.authority.is_some()));
    let bound = Memo::new(move |_| state.setup.with(|s| s.enrollment.android_for_work.clone()));
    let account = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let unbind_open = RwSignal::new(false);
    let unbind_error = RwSignal::new(None::<String>);
    let error = Signal::derive(move || {
        let typed = account.get();
        if typed.trim().is_empty() {
            return submitted
                .get()
                .then(|| "Google account: This field is required.".to_string());
        }
        domain::address::email(&typed, domain::enrollment::MAX_ACCOUNT)
            .err()
            .map(|e| format!("Google account: {e}"))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if error.get_untracked().is_some() {
            return;
        }
        let command = Command::BindAndroidForWork {
            google_account: account.get_untracked(),
        };
        state.dispatch(command, move |result| match result {
            Ok(_) => {
                account.set(String::new());
                submitted.set(false);
                failure.set(None);
            }
            Err(message) => failure.set(Some(message.to_string())),
        });
    };
    let unbind = Callback::new(move |_| {
        state.dispatch(Command::UnbindAndroidForWork, move |result| match result {
            Ok(_) => unbind_open.set(false),
            Err(message) => unbind_error.set(Some(message.to_string())),
        });
    });
    view! {
        <PlatformCard platform=Platform::AndroidForWork>
            <Show when=move || authority_set.get()>
                {move || match bound.get() {
                    Some(binding) => {
                        view! {
                            <p id="afw-bound">
                                "Bound to the managed Google Play account "
                                <strong>{binding.google_account}</strong>
                                {format!(" since {}.", binding.bound_at.date())}
                            </p>
                            <div class="actions">
                                <button
                                    type="button"
                                    class="button danger-outline"
                                    id="afw-unbind"
                                    disabled=move || read_only.get()
                                    on:click=move |_| {
                                        unbind_error.set(None);
                                        unbind_open.set(true);
                                    }
                                >
                                    "Unbind…"
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <p>
                                "To manage work profiles on Android, bind a managed Google Play account: a company Google account that the service uses to approve and deploy apps."
                            </p>
                            <form class="inline-form" novalidate on:submit=on_submit id="afw-form">
                                <TextField
                                    id="afw-account"
                                    label="Google account"
                                    value=account
                                    error
                                    input_type="email"
                                    autocomplete="email"
                                    placeholder="android-admin@contoso.com"
                                />
                                <button type="submit" class="button primary" id="afw-bind" disabled=move || read_only.get()>"Bind"</button>
                            </form>
                            <p class="form-error" role="alert">{move || failure.get()}</p>
                        }
                            .into_any()
                    }
                }}
            </Show>
            <ConfirmDialog
                id="afw-unbind-dialog"
                open=unbind_open
                title="Unbind Android for Work?"
                confirm_label="Unbind"
                danger=true
                error=unbind_error
                on_confirm=unbind
            >
                <p>
                    "Work profiles stop being managed and their apps and data are removed from devices. You can bind an account again later."
                </p>
            </ConfirmDialog>
        </PlatformCard>
    }
}
