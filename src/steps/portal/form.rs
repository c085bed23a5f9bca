//! The Company Portal form: one signal per input, as a [`Form`] over the
//! saved settings, and the per-field error rule of the page.

use crate::state::Form;
use crate::widgets::TextField;
use domain::portal::{AppBackground, FieldError, Logo};
use domain::{CompanyPortal, PortalField};
use leptos::prelude::*;

/// The form's draft: one signal per input.
#[derive(Clone, Copy)]
pub struct PortalForm {
    text: [RwSignal<String>; 9],
    pub include_logo: RwSignal<bool>,
    pub logo_on_white: RwSignal<Option<Logo>>,
    pub logo_on_theme: RwSignal<Option<Logo>>,
    pub app_background: RwSignal<AppBackground>,
}

const TEXT_FIELDS: [PortalField; 9] = PortalField::TEXT;

fn text_of(portal: &CompanyPortal, field: PortalField) -> String {
    match field {
        PortalField::CompanyName => portal.company_name.clone(),
        PortalField::ItContactName => portal.it_contact_name.clone(),
        PortalField::ItPhone => portal.it_phone.clone(),
        PortalField::ItEmail => portal.it_email.clone(),
        PortalField::AdditionalInfo => portal.additional_info.clone(),
        PortalField::PrivacyUrl => portal.privacy_url.clone(),
        PortalField::SupportUrl => portal.support_url.clone(),
        PortalField::WebsiteName => portal.website_name.clone(),
        PortalField::ThemeColor | PortalField::LogoOnWhite | PortalField::LogoOnTheme => {
            portal.theme_color.clone()
        }
    }
}

impl Form for PortalForm {
    type Value = CompanyPortal;

    fn new(portal: &CompanyPortal) -> PortalForm {
        PortalForm {
            text: TEXT_FIELDS.map(|f| RwSignal::new(text_of(portal, f))),
            include_logo: RwSignal::new(portal.include_logo),
            logo_on_white: RwSignal::new(portal.logo_on_white.clone()),
            logo_on_theme: RwSignal::new(portal.logo_on_theme.clone()),
            app_background: RwSignal::new(portal.app_background),
        }
    }

    fn load(&self, portal: &CompanyPortal) {
        for (signal, field) in self.text.iter().zip(TEXT_FIELDS) {
            signal.set(text_of(portal, field));
        }
        self.include_logo.set(portal.include_logo);
        self.logo_on_white.set(portal.logo_on_white.clone());
        self.logo_on_theme.set(portal.logo_on_theme.clone());
        self.app_background.set(portal.app_background);
    }

    /// The draft as a document (tracked: re-runs when any input changes).
    fn value(&self) -> CompanyPortal {
        let t = |f| self.text(f).get();
        CompanyPortal {
            company_name: t(PortalField::CompanyName),
            it_contact_name: t(PortalField::ItContactName),
            it_phone: t(PortalField::ItPhone),
            it_email: t(PortalField::ItEmail),
            additional_info: t(PortalField::AdditionalInfo),
            privacy_url: t(PortalField::PrivacyUrl),
            support_url: t(PortalField::SupportUrl),
            website_name: t(PortalField::WebsiteName),
            theme_color: t(PortalField::ThemeColor),
            include_logo: self.include_logo.get(),
            logo_on_white: self.logo_on_white.get(),
            logo_on_theme: self.logo_on_theme.get(),
            app_background: self.app_background.get(),
        }
    }
}

impl PortalForm {
    pub fn text(&self, field: PortalField) -> RwSignal<String> {
        let index = TEXT_FIELDS.iter().position(|f| *f == field).unwrap_or(0);
        self.text[index]
    }
}

fn field_value_differs(draft: &CompanyPortal, saved: &CompanyPortal, field: PortalField) -> bool {
    match field {
        PortalField::LogoOnWhite => {
            draft.logo_on_white != saved.logo_on_white || draft.include_logo != saved.include_logo
        }
        PortalField::LogoOnTheme => {
            draft.logo_on_theme != saved.logo_on_theme || draft.include_logo != saved.include_logo
        }
        text => text_of(draft, text) != text_of(saved, text),
    }
}

/// `company-name`, `it-phone`, … (stable ids for labels and tests).
pub fn field_id(field: PortalField) -> &'static str {
    match field {
        PortalField::CompanyName => "company-name",
        PortalField::ItContactName => "it-contact-name",
        PortalField::ItPhone => "it-phone",
        PortalField::ItEmail => "it-email",
        PortalField::AdditionalInfo => "additional-info",
        PortalField::PrivacyUrl => "privacy-url",
        PortalField::SupportUrl => "support-url",
        PortalField::WebsiteName => "website-name",
        PortalField::ThemeColor => "theme-color",
        PortalField::LogoOnWhite => "logo-on-white",
        PortalField::LogoOnTheme => "logo-on-theme",
    }
}

/// What the cards need to show a field and its message.
#[derive(Clone, Copy)]
pub struct PortalFields {
    pub form: PortalForm,
    pub draft: Memo<CompanyPortal>,
    pub saved: Memo<CompanyPortal>,
    pub errors: Memo<Vec<FieldError>>,
    /// A save was attempted: every message shows.
    pub show_all: RwSignal<bool>,
    /// Settings were saved before.
    pub ever_saved: Memo<bool>,
}

impl PortalFields {
    /// A field's message shows once it differs from what is saved, after a
    /// save was attempted, or whenever settings were saved before (the
    /// saved state is valid, so every error then comes from an edit,
    /// perhaps of another field: a website name loses its URL).
    pub fn error(self, field: PortalField) -> Signal<Option<String>> {
        Signal::derive(move || {
            let changed = self
                .draft
                .with(|d| self.saved.with(|s| field_value_differs(d, s, field)));
            if !(changed || self.show_all.get() || self.ever_saved.get()) {
                return None;
            }
            self.errors.with(|errors| {
                errors
                    .iter()
                    .find(|e| e.field == field)
                    .map(|e| e.error.to_string())
            })
        })
    }

    /// The text input of `field`, with its limit and message.
    pub fn text_field(
        self,
        field: PortalField,
        help: &'static str,
        kind: Option<&'static str>,
    ) -> impl IntoView {
        view! {
            <TextField
                id=field_id(field)
                label=field.label()
                value=self.form.text(field)
                error=self.error(field)
                max=field.max_chars().unwrap_or(0)
                help
                input_type=kind.unwrap_or("text")
            />
        }
    }
}
