//! Recovery, card 2 otherwise: support must reset the authority; which
//! reset, then the checklist, the details and the request.

use super::checklist::ResetChecklist;
use super::details::{details_draft, RequestDetails};
use super::request::Request;
use crate::state::{refusal, AppState};
use crate::widgets::{Card, CheckboxField, RadioChoice, RadioGroup};
use domain::{Command, ResetScenario};
use leptos::prelude::*;

#[component]
pub(super) fn SupportReset() -> impl IntoView {
    let state = AppState::expect();
    // Edited request details not saved yet: the request shows the saved ones.
    let details = details_draft();
    let scenario = Memo::new(move |_| state.setup.with(|s| s.recovery.scenario));
    let coexistence = Memo::new(move |_| state.setup.with(|s| s.recovery.coexistence));
    let message = RwSignal::new(None::<String>);
    let choose = move |scenario: ResetScenario, coexistence: bool| {
        message.set(None);
        state.dispatch(
            Command::ChooseResetScenario {
                scenario,
                coexistence,
            },
            move |r| message.set(refusal(r)),
        );
    };
    view! {
        <Card heading_id="support-heading" id="support-reset" title="2. Support must reset it">
            <p>
                "With these versions the authority can't be changed directly. Microsoft Support resets it once you have completed the checklist for your situation; that takes up to three business days, usually one."
            </p>
            <RadioGroup
                id="scenario"
                legend="Which reset do you need?"
                choices=ResetScenario::ALL
                    .into_iter()
                    .map(|option| RadioChoice::new(option, option.key(), option.label()))
                    .collect()
                value=scenario
                on_change=Callback::new(move |option| choose(option, false))
            />
            <Show when=move || scenario.get().is_some_and(ResetScenario::allows_coexistence)>
                <CheckboxField
                    id="coexistence"
                    label="We use coexistence (Intune and Office 365 MDM side by side)"
                    checked=coexistence
                    on_change=Callback::new(move |on| {
                        if let Some(s) = scenario.get_untracked() {
                            choose(s, on);
                        }
                    })
                />
            </Show>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Card>
        <Show when=move || scenario.get().is_some()>
            <ResetChecklist />
            <RequestDetails draft=details />
            <Request unsaved_details=details.dirty() />
        </Show>
    }
}
