//! Step 6 — Enable enrollment: one card per platform, then corporate-owned
//! devices (in `devices.rs`).

use super::devices::CorporateDevices;
use crate::clock;
use crate::state::AppState;
use crate::widgets::{
    Checklist, ChecklistItem, ConfirmDialog, CopyButton, FilePicker, StepPage, TextField,
};
use domain::certificate::{read_certificate, CertificateHealth};
use domain::enrollment::cname_records;
use domain::{Command, Platform, PlatformStatus, StepId};
use leptos::prelude::*;

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
fn PlatformBadge(platform: Platform) -> impl IntoView {
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
fn PlatformCard(platform: Platform, children: Children) -> impl IntoView {
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

/// A sample signing request: the browser holds no Apple-trusted key, so the
/// file says plainly that it is a sample and what the real one comes from.
fn sample_signing_request(tenant: &str) -> String {
    format!(
        "SAMPLE — NOT A REAL CERTIFICATE SIGNING REQUEST\n\
         \n\
         Tenant: {tenant}\n\
         \n\
         This workspace stores your setup in this browser only, so it cannot\n\
         produce the signed request Apple expects. Download the real request\n\
         from your MDM service's Apple push certificate page, upload it at\n\
         https://identity.apple.com with your company Apple ID, and bring the\n\
         certificate Apple returns (.pem) back to this step.\n"
    )
}

#[component]
fn ApplePushCard() -> impl IntoView {
    let state = AppState::expect();
    let authority_set = Memo::new(move |_| state.setup.with(|s| s.authority.is_some()));
    let current = Memo::new(move |_| state.setup.with(|s| s.enrollment.apple.clone()));
    let apple_id = RwSignal::new(String::new());
    // The chosen file: its name and base64 content, once it reads as a certificate.
    let file = RwSignal::new(None::<(String, String)>);
    let file_error = RwSignal::new(None::<String>);
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let replace_open = RwSignal::new(false);
    let replace_text = RwSignal::new(String::new());
    let replace_error = RwSignal::new(None::<String>);

    Effect::new(move || {
        if let Some(a) = current.get() {
            apple_id.update(|id| {
                if id.is_empty() {
                    *id = a.apple_id;
                }
            });
        }
    });

    let id_error = Signal::derive(move || {
        let typed = apple_id.get();
        if typed.trim().is_empty() {
            return submitted
                .get()
                .then(|| "Apple ID: This field is required.".to_string());
        }
        domain::address::email(&typed, domain::enrollment::MAX_ACCOUNT)
            .err()
            .map(|e| format!("Apple ID: {e}"))
    });
    let on_file = Callback::new(move |(name, bytes): (String, Vec<u8>)| {
        failure.set(None);
        match read_certificate(&bytes) {
            Ok(cert) => {
                file_error.set(None);
                let summary = format!(
                    "{name} · topic {} · expires {}",
                    cert.topic,
                    cert.not_after.date()
                );
                file.set(Some((summary, domain::image::base64::encode(&bytes))));
            }
            Err(e) => {
                file.set(None);
                file_error.set(Some(format!("{name} was not used. {e}")));
            }
        }
    });
    let send = move |replace_topic: bool| {
        let Some((_, certificate)) = file.get_untracked() else {
            file_error.set(Some("Choose the certificate file Apple gave you.".into()));
            return;
        };
        let sent = certificate.clone();
        let command = Command::UploadApplePushCertificate {
            apple_id: apple_id.get_untracked(),
            certificate,
            replace_topic,
        };
        state.dispatch(command, move |result| match result {
            Ok(()) => {
                // A file picked since it was sent stays picked.
                if file.try_get_untracked().flatten().map(|(_, c)| c) == Some(sent) {
                    file.set(None);
                }
                failure.set(None);
                submitted.set(false);
                replace_open.set(false);
            }
            Err(message)
                if !replace_topic && message.contains("confirm that you want to replace") =>
            {
                replace_text.set(message);
                replace_error.set(None);
                replace_open.set(true);
            }
            Err(message) if replace_topic => replace_error.set(Some(message)),
            Err(message) => failure.set(Some(message)),
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if id_error.get_untracked().is_some() {
            return;
        }
        send(false);
    };
    let download_request = move |_| {
        let tenant = state.setup.with_untracked(|s| s.tenant_domain.to_string());
        if let Err(message) = crate::download::save_text(
            "SAMPLE-apple-push-signing-request.txt",
            "text/plain",
            &sample_signing_request(&tenant),
        ) {
            failure.set(Some(message));
        }
    };

    view! {
        <PlatformCard platform=Platform::Apple>
            <Show when=move || authority_set.get()>
                {move || current.get().map(|apple| view! { <CertificateDetails apple /> })}
                <ol class="how-to">
                    <li>
                        "Download the certificate signing request. "
                        <button type="button" class="button small" id="download-csr" on:click=download_request>
                            "Download the sample request"
                        </button>
                        <span class="muted">
                            " This browser-only workspace provides a clearly labelled sample; the real request comes from your MDM service."
                        </span>
                    </li>
                    <li>
                        "Sign in to the Apple Push Certificates Portal with a company Apple ID (not a personal one: renewals need the same ID), upload the request and download the certificate."
                    </li>
                    <li>"Upload the certificate here with the Apple ID you used."</li>
                </ol>
                <form class="stack" novalidate on:submit=on_submit id="apple-form">
                    <TextField
                        id="apple-id"
                        label="Apple ID"
                        value=apple_id
                        error=id_error
                        input_type="email"
                        autocomplete="email"
                        placeholder="mdm-admin@contoso.com"
                    />
                    <div class="field">
                        <p class="logo-label">"Apple push certificate (.pem or .cer)"</p>
                        <div class="actions">
                            <FilePicker
                                id="apple-certificate"
                                label=Signal::derive(move || {
                                    if file.with(Option::is_some) { "Choose another file…" } else { "Choose the certificate…" }
                                        .to_string()
                                })
                                accept=".pem,.cer,.crt,.der,application/x-x509-ca-cert,application/pkix-cert"
                                on_file
                                on_error=Callback::new(move |m| file_error.set(Some(m)))
                                described_by="apple-certificate-status apple-certificate-error".into()
                            />
                            <span class="muted" id="apple-certificate-status">
                                {move || file.get().map(|(summary, _)| summary).unwrap_or_else(|| "No file chosen.".into())}
                            </span>
                        </div>
                        <p class="field-error" id="apple-certificate-error" aria-live="polite">
                            {move || file_error.get()}
                        </p>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button primary" id="apple-upload">
                            {move || if current.with(Option::is_some) { "Upload the renewed certificate" } else { "Upload certificate" }}
                        </button>
                    </div>
                    <p class="form-error" role="alert" id="apple-error">{move || failure.get()}</p>
                </form>
            </Show>
            <ConfirmDialog
                id="replace-topic-dialog"
                open=replace_open
                title="Replace the Apple push certificate?"
                confirm_label="Replace the certificate"
                danger=true
                error=replace_error
                on_confirm=Callback::new(move |_| send(true))
            >
                <p id="replace-topic-text">{move || replace_text.get()}</p>
                <p>
                    <strong>"Every enrolled iPhone, iPad and Mac will have to enroll again"</strong>
                    " if you continue."
                </p>
            </ConfirmDialog>
        </PlatformCard>
    }
}

#[component]
fn CertificateDetails(apple: domain::enrollment::ApplePush) -> impl IntoView {
    let cert = apple.certificate;
    let health = cert.health(clock::now());
    let expiry = match health {
        CertificateHealth::Valid { days_left } => {
            format!("{} ({days_left} days left)", cert.not_after.date())
        }
        CertificateHealth::ExpiresSoon { days_left, on } => {
            format!("{on} — renew now: {days_left} days left")
        }
        CertificateHealth::Expired { on } => format!("{on} — expired"),
    };
    view! {
        <dl class="details" id="apple-certificate-details">
            <dt>"Push topic"</dt>
            <dd id="apple-topic">{cert.topic}</dd>
            <dt>"Serial number"</dt>
            <dd id="apple-serial">{cert.serial}</dd>
            <dt>"Expires"</dt>
            <dd id="apple-expiry">{expiry}</dd>
            <dt>"Apple ID"</dt>
            <dd>{apple.apple_id}</dd>
            <dt>"Subject"</dt>
            <dd class="wrap">{cert.subject}</dd>
            <dt>"Uploaded"</dt>
            <dd>{apple.uploaded_at.to_string()}</dd>
        </dl>
    }
}

#[component]
fn AndroidCard() -> impl IntoView {
    view! {
        <PlatformCard platform=Platform::Android>
            <p>
                "Nothing to configure: once the MDM authority is set, people enroll Android devices by installing the Company Portal app and signing in."
            </p>
        </PlatformCard>
    }
}

#[component]
fn AndroidForWorkCard() -> impl IntoView {
    let state = AppState::expect();
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
            Ok(()) => {
                account.set(String::new());
                submitted.set(false);
                failure.set(None);
            }
            Err(message) => failure.set(Some(message)),
        });
    };
    let unbind = Callback::new(move |_| {
        state.dispatch(Command::UnbindAndroidForWork, move |result| match result {
            Ok(()) => unbind_open.set(false),
            Err(message) => unbind_error.set(Some(message)),
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
                                <button type="submit" class="button primary" id="afw-bind">"Bind"</button>
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

#[component]
fn WindowsCard() -> impl IntoView {
    let state = AppState::expect();
    let authority_set = Memo::new(move |_| state.setup.with(|s| s.authority.is_some()));
    let domains = Memo::new(move |_| {
        state.setup.with(|s| {
            s.enrollment
                .windows_domains(&s.connections)
                .map(|(d, published)| (d.clone(), published))
                .collect::<Vec<_>>()
        })
    });
    let message = RwSignal::new(None::<String>);
    let items = Signal::derive(move || {
        domains
            .get()
            .into_iter()
            .map(|(d, published)| ChecklistItem {
                id: d.to_string(),
                label: format!("Both records are published for {d}"),
                detail: None,
                checked: published,
                locked: false,
            })
            .collect::<Vec<_>>()
    });
    let on_toggle = Callback::new(move |(domain, published): (String, bool)| {
        state.dispatch(
            Command::SetCnamesPublished { domain, published },
            move |r| message.set(r.err()),
        );
    });
    view! {
        <section class="card platform" id="platform-windows" aria-labelledby="windows-heading">
            <div class="card-head">
                <h2 id="windows-heading">"Windows"</h2>
            </div>
            <ul class="platform-rows">
                <li>{Platform::WindowsMobile.title()} " " <PlatformBadge platform=Platform::WindowsMobile /></li>
                <li>{Platform::WindowsPc.title()} " " <PlatformBadge platform=Platform::WindowsPc /></li>
            </ul>
            <Show
                when=move || authority_set.get() && !domains.with(Vec::is_empty)
                fallback=move || {
                    view! {
                        <p class="banner banner-blocked" id="windows-blocked">
                            {move || if authority_set.get() {
                                "Needs a verified domain (step 1): Windows devices find the enrollment service through DNS records in it."
                            } else {
                                "Needs the MDM authority (step 2)."
                            }}
                        </p>
                    }
                }
            >
                <p>
                    "Publish these two CNAME records at the DNS provider of each verified domain, so people only type their work address to enroll. Windows PCs can also be managed with the Intune client software instead of enrolling."
                </p>
                <div class="table-wrap">
                    <table class="table" id="cname-table">
                        <thead>
                            <tr>
                                <th scope="col">"Host name"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"Points to"</th>
                                <th scope="col">"TTL"</th>
                                <th scope="col"><span class="visually-hidden">"Copy"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                domains
                                    .get()
                                    .into_iter()
                                    .flat_map(|(d, _)| cname_records(&d))
                                    .map(|r| {
                                        let host = r.host.clone();
                                        view! {
                                            <tr>
                                                <td class="mono">{r.host.clone()}</td>
                                                <td>"CNAME"</td>
                                                <td class="mono">{r.points_to}</td>
                                                <td>{r.ttl}</td>
                                                <td>
                                                    <CopyButton
                                                        text=Signal::derive(move || r.points_to.to_string())
                                                        label=format!("Copy the target of {host}")
                                                    />
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <Checklist id="cnames" legend="Published records" items on_toggle />
                <p class="form-error" role="alert">{move || message.get()}</p>
            </Show>
        </section>
    }
}
