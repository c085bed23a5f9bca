//! Recovery while a reset is pending: waiting for support.

use crate::state::{refusal, AppState};
use crate::widgets::{Card, ConfirmDialog};
use domain::Command;
use leptos::prelude::*;

#[component]
pub(super) fn Pending() -> impl IntoView {
    let state = AppState::expect();
    let pending = Memo::new(move |_| state.setup.with(|s| s.recovery.pending.clone()));
    let confirm_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm = Callback::new(move |_| {
        state.dispatch(Command::ConfirmReset, move |r| match r {
            Ok(_) => confirm_open.set(false),
            Err(m) => error.set(Some(m.to_string())),
        })
    });
    let cancel = move |_| state.dispatch(Command::CancelReset, move |r| error.set(refusal(r)));
    move || {
        pending.get().map(|p| {
            let target = p.target.label();
            view! {
                <Card heading_id="pending-heading" id="reset-pending" title="Waiting for support">
                    <p>{format!("Request sent {}. Requested authority: {target}.", p.sent_at)}</p>
                    <p>
                        "Expected: " <strong data-role="expected">{p.expected().to_string()}</strong>
                        " (usually one business day), at the latest "
                        <strong data-role="latest">{p.latest().to_string()}</strong> "."
                    </p>
                    <p>"Don't configure anything until support confirms: every step is read-only until then."</p>
                    <pre class="request" tabindex="0" role="region" aria-label="Support request sent">
                        {p.request.clone()}
                    </pre>
                    <div class="actions">
                        <button type="button" class="button primary" id="confirm-reset" on:click=move |_| confirm_open.set(true)>
                            "Support confirmed the reset…"
                        </button>
                        <button type="button" class="button" id="cancel-reset" on:click=cancel>"Cancel the request"</button>
                    </div>
                    <p class="form-error" role="alert">{move || error.get()}</p>
                    <ConfirmDialog
                        id="confirm-reset-dialog"
                        open=confirm_open
                        title="Record that support reset the authority?"
                        confirm_label="Yes, support confirmed"
                        on_confirm=confirm
                        error
                    >
                        <p>{format!("The MDM authority becomes {target}, and the steps can be changed again.")}</p>
                    </ConfirmDialog>
                </Card>
            }
        })
    }
}
