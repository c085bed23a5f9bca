//! The iOS and macOS card: the signing request, the push certificate from
//! Apple (read in the browser) and the Apple ID, renewals included.

use super::PlatformCard;
use crate::clock;
use crate::state::{AppState, Draft};
use crate::widgets::{read_only, ConfirmDialog, FileField, TextField};
use domain::certificate::{read_certificate, CertificateHealth};
use domain::{Command, DomainError, Platform};
use leptos::prelude::*;

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
pub(super) fn ApplePushCard() -> impl IntoView {
    let state = AppState::expect();
    let authority_set = Memo::new(move |_| state.setup.with(|s| s.authority.is_some()));
    let current = Memo::new(move |_| state.setup.with(|s| s.enrollment.apple.clone()));
    let failure = RwSignal::new(None::<String>);
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
                <AppleUploadForm renewal=Signal::derive(move || current.with(Option::is_some)) failure />
            </Show>
        </PlatformCard>
    }
}

/// The Apple ID and the certificate file; a certificate with another push
/// topic asks to confirm the replacement first.
#[component]
fn AppleUploadForm(renewal: Signal<bool>, failure: RwSignal<Option<String>>) -> impl IntoView {
    let state = AppState::expect();
    let read_only = read_only();
    // The Apple ID field follows the saved one until it is edited.
    let apple_draft = Draft::<RwSignal<String>>::new(|s| {
        s.enrollment
            .apple
            .as_ref()
            .map(|a| a.apple_id.clone())
            .unwrap_or_default()
    });
    let apple_id = apple_draft.form;
    // The chosen file: its name and base64 content, once it reads as a certificate.
    let file = RwSignal::new(None::<(String, String)>);
    let file_error = RwSignal::new(None::<String>);
    let submitted = RwSignal::new(false);
    let replace_open = RwSignal::new(false);
    let replace_text = RwSignal::new(String::new());
    let replace_error = RwSignal::new(None::<String>);

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
    let send = move |replace_topic: bool| {
        let Some((_, certificate)) = file.get_untracked() else {
            // Why the last pick was refused stays: it says more than this.
            if file_error.with_untracked(Option::is_none) {
                file_error.set(Some("Choose the certificate file Apple gave you.".into()));
            }
            return;
        };
        let sent = certificate.clone();
        let sent_id = apple_id.get_untracked();
        let command = Command::UploadApplePushCertificate {
            apple_id: sent_id.clone(),
            certificate,
            replace_topic,
        };
        state.dispatch(command, move |result| match result {
            Ok(_) => {
                // A file picked since it was sent stays picked.
                if file.try_get_untracked().flatten().map(|(_, c)| c).as_ref() == Some(&sent) {
                    file.set(None);
                }
                apple_draft.saved_here(&sent_id);
                failure.set(None);
                submitted.set(false);
                replace_open.set(false);
            }
            Err(rejection)
                if !replace_topic
                    && rejection
                        .domain()
                        .is_some_and(DomainError::needs_topic_replacement) =>
            {
                replace_text.set(rejection.to_string());
                replace_error.set(None);
                replace_open.set(true);
            }
            Err(rejection) if replace_topic => replace_error.set(Some(rejection.to_string())),
            Err(message) => failure.set(Some(message.to_string())),
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
    view! {
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
            <CertificateFile file file_error failure />
            <div class="actions">
                <button type="submit" class="button primary" id="apple-upload" disabled=move || read_only.get()>
                    {move || if renewal.get() { "Upload the renewed certificate" } else { "Upload certificate" }}
                </button>
            </div>
            <p class="form-error" role="alert" id="apple-error">{move || failure.get()}</p>
        </form>
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
    }
}

/// The certificate file picker: a file is kept only once it reads as a
/// certificate; otherwise the reason shows.
#[component]
fn CertificateFile(
    file: RwSignal<Option<(String, String)>>,
    file_error: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
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
    view! {
        <FileField
            id="apple-certificate"
            label="Apple push certificate (.pem or .cer)"
            button_label=Signal::derive(move || {
                if file.with(Option::is_some) { "Choose another file…" } else { "Choose the certificate…" }
                    .to_string()
            })
            accept=".pem,.cer,.crt,.der,application/x-x509-ca-cert,application/pkix-cert"
            on_file
            on_error=Callback::new(move |m| file_error.set(Some(m)))
            status=Signal::derive(move || {
                file.get().map(|(summary, _)| summary).unwrap_or_else(|| "No file chosen.".into())
            })
            error=file_error
        />
    }
}

#[component]
fn CertificateDetails(apple: domain::enrollment::ApplePush) -> impl IntoView {
    let cert = apple.certificate;
    let health = cert.health(clock::now());
    let expiry = match health {
        CertificateHealth::Valid { days_left } => {
            format!("{} ({days_left} days left)", cert.not_after)
        }
        CertificateHealth::ExpiresSoon { days_left, .. } => {
            format!(
                "{} — renew now: {days_left} {} left",
                cert.not_after,
                if days_left == 1 { "day" } else { "days" }
            )
        }
        CertificateHealth::Expired { .. } => format!("{} — expired", cert.not_after),
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
