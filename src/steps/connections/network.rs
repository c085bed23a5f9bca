use crate::state::{refusal, AppState};
use crate::widgets::{Card, Checklist, ChecklistItem};
use domain::connections::NETWORK_REQUIREMENTS;
use domain::Command;
use leptos::prelude::*;

#[component]
pub fn NetworkRequirements() -> impl IntoView {
    let state = AppState::expect();
    let message = RwSignal::new(None::<String>);
    let items = Signal::derive(move || {
        let reviewed_at = state.setup.with(|s| s.connections.network_reviewed_at);
        vec![ChecklistItem {
            id: "reviewed".into(),
            label: "I have reviewed these requirements with our network team".into(),
            detail: reviewed_at.map(|t| format!("Acknowledged {t}.")),
            checked: reviewed_at.is_some(),
            locked: false,
        }]
    });
    let on_toggle = Callback::new(move |(_, reviewed): (String, bool)| {
        state.dispatch(Command::SetNetworkReviewed { reviewed }, move |r| {
            message.set(refusal(r))
        });
    });
    view! {
        <Card heading_id="network-heading" title="Network requirements">
            <p>
                "Devices and the people who manage them must reach these destinations. Allow them through your firewalls and proxies before anyone enrolls."
            </p>
            <div class="table-wrap">
                <table class="table" id="network-table">
                    <thead>
                        <tr>
                            <th scope="col">"From"</th>
                            <th scope="col">"Destination"</th>
                            <th scope="col">"Protocol"</th>
                            <th scope="col">"Ports"</th>
                            <th scope="col">"Why"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {NETWORK_REQUIREMENTS
                            .iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <td>{r.from}</td>
                                        <td>{r.destination}</td>
                                        <td>{r.protocol}</td>
                                        <td>{r.ports}</td>
                                        <td>{r.purpose}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <Checklist id="network-review" legend="Network review" items on_toggle />
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Card>
    }
}
