use crate::state::{refusal, AppState};
use crate::widgets::{Card, Checklist, ChecklistItem};
use domain::{Command, SyncStep};
use leptos::prelude::*;

#[component]
pub fn SyncChecklist() -> impl IntoView {
    let state = AppState::expect();
    let message = RwSignal::new(None::<String>);
    let items = Signal::derive(move || {
        state.setup.with(|s| {
            SyncStep::ALL
                .into_iter()
                .map(|step| ChecklistItem {
                    id: step.key().into(),
                    label: step.label().into(),
                    detail: (step == SyncStep::LicensesAssigned).then(|| {
                        "Ticked for you once a synchronized user has a license.".to_string()
                    }),
                    checked: s.directory.sync_step_done(step),
                    locked: step == SyncStep::LicensesAssigned,
                })
                .collect::<Vec<_>>()
        })
    });
    let on_toggle = Callback::new(move |(key, done): (String, bool)| {
        if let Some(step) = SyncStep::ALL.into_iter().find(|s| s.key() == key) {
            state.dispatch(Command::SetSyncStep { step, done }, move |r| {
                message.set(refusal(r))
            });
        }
    });
    view! {
        <Card heading_id="sync-heading" title="Synchronizing on-premises users">
            <p class="muted">
                "Users from your on-premises Active Directory reach the cloud through directory synchronization. Do these in order; step 5 is done only when they are, if you have synchronized users."
            </p>
            <Checklist id="sync" legend="On-premises synchronization" items on_toggle />
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Card>
    }
}
