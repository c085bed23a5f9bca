use crate::widgets::Card;
use domain::report::FOLLOW_ON;
use leptos::prelude::*;

/// The work that follows enrollment.
#[component]
pub fn AfterEnrollment() -> impl IntoView {
    view! {
        <Card heading_id="after-heading" title="After enrollment">
            <dl class="follow-on">
                {FOLLOW_ON
                    .iter()
                    .map(|(title, text)| view! { <dt>{*title}</dt><dd>{*text}</dd> })
                    .collect_view()}
            </dl>
        </Card>
    }
}
