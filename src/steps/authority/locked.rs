use crate::route::Route;
use crate::widgets::Card;
use domain::AuthorityState;
use leptos::prelude::*;

/// The authority once set: shown, locked, with the way back.
#[component]
pub fn LockedAuthority(set: AuthorityState) -> impl IntoView {
    view! {
        <Card heading_id="authority-heading" title="MDM authority" id="authority-locked" class="locked">
            <p class="authority-value">
                <span class="lock" aria-hidden="true">"🔒 "</span>
                <strong data-role="authority">{set.authority.label()}</strong>
            </p>
            <p class="muted">{format!("Set {}. Locked: it cannot be changed on this page.", set.set_at)}</p>
            <p>{set.authority.description()}</p>
            <p>
                <a class="button" href=Route::Recovery.href()>"I chose the wrong authority"</a>
            </p>
        </Card>
    }
}
