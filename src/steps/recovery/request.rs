//! Recovery, card 5: the support request, to copy or download, then mark sent.

use crate::state::{refusal, AppState};
use crate::widgets::{Card, CopyButton};
use domain::{Command, MdmAuthority, RecoveryError};
use leptos::prelude::*;

#[component]
pub(super) fn Request(unsaved_details: Memo<bool>) -> impl IntoView {
    let state = AppState::expect();
    let shown = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let outcome = Memo::new(move |_| {
        state.setup.with(|s| {
            let current = s
                .authority
                .map(|a| a.authority)
                .unwrap_or(MdmAuthority::Intune);
            s.recovery.request_text(current).map_err(|e| match e {
                RecoveryError::Incomplete { missing } => missing,
                other => vec![other.to_string()],
            })
        })
    });
    let text = Signal::derive(move || outcome.with(|o| o.clone().unwrap_or_default()));
    let download = move |_| {
        if let Err(m) = crate::download::save_text(
            "mdm-authority-reset-request.txt",
            "text/plain",
            &text.get_untracked(),
        ) {
            message.set(Some(m));
        }
    };
    let sent = move |_| {
        state.dispatch(Command::MarkResetRequested, move |r| {
            message.set(refusal(r))
        })
    };
    view! {
        <Card heading_id="request-heading" title="5. The support request">
            <button type="button" class="button primary" id="produce-request" on:click=move |_| shown.set(true)>
                "Produce the support request"
            </button>
            <Show when=move || shown.get()>
                {move || match outcome.get() {
                    Err(missing) => {
                        view! {
                            <div class="banner banner-blocked" id="request-missing" role="alert">
                                <strong>"Not complete yet. Still missing:"</strong>
                                <ul>{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(request) => {
                        view! {
                            <pre class="request" id="request-text" tabindex="0" role="region" aria-label="Support request">
                                {request}
                            </pre>
                            <Show when=move || unsaved_details.get()>
                                <p class="banner banner-warning" id="request-details-unsaved" role="alert">
                                    "The details above have changes that are not saved, so this request doesn't include them. Save the details first."
                                </p>
                            </Show>
                            <div class="actions">
                                <CopyButton text label="Copy the support request" />
                                <button type="button" class="button" on:click=download>"Download as text"</button>
                                <button
                                    type="button"
                                    class="button primary"
                                    id="mark-sent"
                                    disabled=move || unsaved_details.get()
                                    on:click=sent
                                >
                                    "I sent it to support"
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                }}
            </Show>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Card>
    }
}
