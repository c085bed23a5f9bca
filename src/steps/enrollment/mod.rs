//! Step 6 — Enable enrollment: one card per platform (a file each), then
//! corporate-owned devices (`devices.rs`).

mod android;
mod apple_push;
mod cname_check;
mod devices;
mod windows;

use crate::clock;
use crate::state::AppState;
use crate::widgets::{Badge, Card, StepPage};
use android::{AndroidCard, AndroidForWorkCard};
use apple_push::ApplePushCard;
use devices::CorporateDevices;
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
        <Badge
            kind=Signal::derive(move || status.with(PlatformStatus::key))
            text=move || status.with(PlatformStatus::label)
            id=format!("status-{}", platform.key())
        />
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
    let key = platform.key();
    view! {
        <Card
            heading_id=format!("{key}-heading")
            id=format!("platform-{key}")
            class="platform"
            title=platform.title()
            aside=move || view! { <PlatformBadge platform /> }
        >
            {move || blocked.get().map(|reason| view! { <p class="banner banner-blocked">{reason}</p> })}
            {children()}
        </Card>
    }
}
