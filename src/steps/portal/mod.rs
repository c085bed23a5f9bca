//! Step 4 — Configure Company Portal: the form (kept as a draft for the
//! whole app session), its cards, the save bar and the live preview.

mod branding;
mod contact;
mod form;
mod preview;

use crate::state::{AppState, Draft, Form};
use crate::widgets::{read_only, StepPage};
use branding::BrandingCard;
use contact::{ContactCard, SupportCard};
use domain::portal::{theme_color, DEFAULT_LINK_TEXT};
use domain::{Command, CompanyPortal, PortalField, StepId};
use form::{PortalFields, PortalForm};
use leptos::prelude::*;
use preview::PortalPreview;

#[component]
pub fn PortalPage() -> impl IntoView {
    let state = AppState::expect();
    // Kept for the whole app session: visiting another step and coming
    // back keeps unsaved edits.
    let portal = Draft::<PortalForm>::kept("portal", |s| s.portal.clone().unwrap_or_default());
    let form = portal.form;
    let draft = Memo::new(move |_| form.value());
    let fields = PortalFields {
        form,
        draft,
        saved: portal.saved(),
        errors: Memo::new(move |_| draft.with(CompanyPortal::errors)),
        show_all: RwSignal::new(false),
        ever_saved: Memo::new(move |_| state.setup.with(|s| s.portal.is_some())),
    };
    let outcome = RwSignal::new(None::<Result<String, String>>);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        fields.show_all.set(true);
        outcome.set(None);
        if !fields.errors.with(Vec::is_empty) {
            return;
        }
        let sent = draft.get_untracked();
        let command = Command::SavePortal {
            portal: Box::new(sent.clone()),
        };
        state.dispatch(command, move |result| {
            if result.is_ok() {
                portal.saved_here(&sent);
            }
            outcome.set(Some(
                result
                    .map(|_| "Company Portal settings saved.".to_string())
                    .map_err(|rejection| rejection.to_string()),
            ));
        });
    };
    let revert = Callback::new(move |()| {
        portal.revert();
        fields.show_all.set(false);
        outcome.set(None);
    });

    let theme = form.text(PortalField::ThemeColor);
    let preview_theme = Signal::derive(move || {
        theme_color(&theme.get())
            .ok()
            .unwrap_or_else(|| fields.saved.with(|s| s.theme_color.clone()))
    });

    view! {
        <StepPage step=StepId::Portal>
            <div class="portal-layout">
                <form id="portal-form" class="portal-form" novalidate on:submit=save>
                    <ContactCard fields />
                    <SupportCard fields />
                    <BrandingCard fields preview_theme />
                    <Show when=move || portal.changed_elsewhere() && portal.dirty().get()>
                        <p class="banner banner-warning" id="portal-changed-elsewhere" role="alert">
                            "These settings were saved elsewhere (another tab or person) while you were editing. Saving replaces them with what you see here; Undo changes shows the saved version."
                        </p>
                    </Show>
                    <SaveBar fields dirty=portal.dirty() outcome revert />
                </form>
                <PortalPreview draft=draft theme=preview_theme />
            </div>
            <p class="muted">{format!("Tip: a support URL without a website name shows “{DEFAULT_LINK_TEXT}”.")}</p>
        </StepPage>
    }
}

/// Save and Undo, with what is left to fix or the last save's outcome.
#[component]
fn SaveBar(
    fields: PortalFields,
    dirty: Memo<bool>,
    outcome: RwSignal<Option<Result<String, String>>>,
    revert: Callback<()>,
) -> impl IntoView {
    let errors = fields.errors;
    let read_only = read_only();
    view! {
        <div class="save-bar" role="group" aria-label="Save Company Portal settings">
            <button
                type="submit"
                class="button primary"
                id="save-portal"
                disabled=move || !errors.with(Vec::is_empty) || !dirty.get() || read_only.get()
            >
                "Save settings"
            </button>
            <button type="button" class="button" id="revert-portal" disabled=move || !dirty.get() on:click=move |_| revert.run(())>
                "Undo changes"
            </button>
            <p class="save-note" id="portal-save-note" aria-live="polite">
                {move || {
                    let count = errors.with(Vec::len);
                    if count > 0 {
                        format!(
                            "Fix {count} {} to save: {}.",
                            if count == 1 { "problem" } else { "problems" },
                            errors.with(|e| e.iter().map(|e| e.field.label()).collect::<Vec<_>>().join(", ")),
                        )
                    } else if dirty.get() {
                        "You have unsaved changes.".into()
                    } else {
                        match outcome.get() {
                            Some(Ok(message)) => message,
                            _ => "Everything is saved.".into(),
                        }
                    }
                }}
            </p>
            <p class="form-error" role="alert">
                {move || outcome.get().and_then(Result::err)}
            </p>
        </div>
    }
}
