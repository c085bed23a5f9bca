//! Step 6 — Enable enrollment: one card per platform (a file each), then
//! corporate-owned devices (in `steps/devices.rs`).

mod android;
mod apple_push;
mod windows;

use super::devices::CorporateDevices;
use crate::clock;
use crate::state::AppState;
use crate::widgets::StepPage;
use android::{AndroidCard, AndroidForWorkCard};
use apple_push::ApplePushCard;
use domain::{Platform, PlatformStatus, StepId};
use leptos::prelude::*;
use windows::WindowsCard;

#[component]
pub fn EnrollmentPage() -> impl IntoView {
    view! {
        <StepPage step=StepId::Enrollment>
            <p class="step-note">
                "This step is done when iOS and macOS have a push certificate and the Windows records are published for every verified domain. Android for Work and corporate device identifiers are optional."
            </p>
            <ApplePushCard />
            <AndroidCard />
            <AndroidForWorkCard />
            <WindowsCard />
            <CorporateDevices />
        </StepPage>
    }
}

/// A platform's status as a badge, with its reason when blocked or partial.
#[component]
pub(super) fn PlatformBadge(platform: Platform) -> impl IntoView {
    let state = AppState::expect();
    let status = Memo::new(move |_| {
        state
            .setup
            .with(|s| s.platform_status(platform, clock::now()))
    });
    view! {
        <span
            class=move || format!("badge badge-{}", status.with(PlatformStatus::key))
            id=format!("status-{}", platform.key())
        >
            {move || status.with(PlatformStatus::label)}
        </span>
    }
}

/// The card frame: title with badge, and the blocked reason when there is one.
#[component]
pub(super) fn PlatformCard(platform: Platform, children: Children) -> impl IntoView {
    let state = AppState::expect();
    let blocked = Memo::new(move |_| {
        state
            .setup
            .with(|s| match s.platform_status(platform, clock::now()) {
                PlatformStatus::Blocked { reason } => Some(reason),
                _ => None,
            })
    });
    let heading = format!("{}-heading", platform.key());
    let labelled_by = heading.clone();
    view! {
        <section class="card platform" id=format!("platform-{}", platform.key()) aria-labelledby=labelled_by>
            <div class="card-head">
                <h2 id=heading>{platform.title()}</h2>
                <PlatformBadge platform />
            </div>
            {move || blocked.get().map(|reason| view! { <p class="banner banner-blocked">{reason}</p> })}
            {children()}
        </section>
    }
}
