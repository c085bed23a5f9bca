//! Step 4 — Configure Company Portal.

use crate::state::{AppState, Draft, Form};
use crate::steps::portal_preview::PortalPreview;
use crate::widgets::{LogoPicker, StepPage, TextField};
use domain::portal::{
    contrast_warning, theme_color, AppBackground, Logo, DEFAULT_LINK_TEXT, THEME_PRESETS,
};
use domain::{Command, CompanyPortal, PortalField, StepId};
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

#[component]
pub fn PortalPage() -> impl IntoView {
    let state = AppState::expect();
    // Kept for the whole app session: visiting another step and coming
    // back keeps unsaved edits.
    let portal = Draft::<PortalForm>::kept("portal", |s| s.portal.clone().unwrap_or_default());
    let (form, saved, dirty) = (portal.form, portal.saved(), portal.dirty());
    let draft = Memo::new(move |_| form.value());
    let errors = Memo::new(move |_| draft.with(CompanyPortal::errors));
    let show_all = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);

    // A field's message shows once it differs from what is saved, after a
    // save was attempted, or whenever settings were saved before (the saved
    // state is valid, so every error then comes from an edit, perhaps of
    // another field: a website name loses its URL).
    let ever_saved = Memo::new(move |_| state.setup.with(|s| s.portal.is_some()));
    let field_error = move |field: PortalField| {
        Signal::derive(move || {
            let changed = draft.with(|d| saved.with(|s| field_value_differs(d, s, field)));
            if !(changed || show_all.get() || ever_saved.get()) {
                return None;
            }
            errors.with(|errors| {
                errors
                    .iter()
                    .find(|e| e.field == field)
                    .map(|e| e.error.to_string())
            })
        })
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        show_all.set(true);
        outcome.set(None);
        if !errors.with(Vec::is_empty) {
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
    let revert = move |_| {
        portal.revert();
        show_all.set(false);
        outcome.set(None);
    };

    let text_field = move |field: PortalField, help: &'static str, kind: Option<&'static str>| {
        let id = field_id(field);
        view! {
            <TextField
                id
                label=field.label()
                value=form.text(field)
                error=field_error(field)
                max=field.max_chars().unwrap_or(0)
                help
                input_type=kind.unwrap_or("text")
            />
        }
    };

    let theme = form.text(PortalField::ThemeColor);
    let normalised_theme = Signal::derive(move || theme_color(&theme.get()).ok());
    let preview_theme = Signal::derive(move || {
        normalised_theme
            .get()
            .unwrap_or_else(|| saved.with(|s| s.theme_color.clone()))
    });

    view! {
        <StepPage step=StepId::Portal>
            <div class="portal-layout">
                <form id="portal-form" class="portal-form" novalidate on:submit=save>
                    <section class="card" aria-labelledby="contact-heading">
                        <h2 id="contact-heading">"Company contact information and privacy statement"</h2>
                        <p class="muted">"Shown to users on the Contact IT page of the Company Portal."</p>
                        {text_field(PortalField::CompanyName, "Shown as the portal's title. Letters, digits and spaces only.", None)}
                        {text_field(PortalField::ItContactName, "Who users should ask for.", None)}
                        {text_field(PortalField::ItPhone, "Digits, spaces and + - ( ) . only.", Some("tel"))}
                        {text_field(PortalField::ItEmail, "For example helpdesk@contoso.com.", Some("email"))}
                        {text_field(PortalField::AdditionalInfo, "Opening hours, location, or anything else users should know.", None)}
                        {text_field(PortalField::PrivacyUrl, "Opened when users select the privacy link. Must start with https://.", Some("url"))}
                    </section>
                    <section class="card" aria-labelledby="support-heading">
                        <h2 id="support-heading">"Support contacts"</h2>
                        <p class="muted">"A link to your support site on the Contact IT page. Leave both empty for no link."</p>
                        {text_field(PortalField::SupportUrl, "Must start with https://.", Some("url"))}
                        {text_field(
                            PortalField::WebsiteName,
                            "The link's text. Without a name the link reads “Go to IT website”.",
                            None,
                        )}
                        <p class="muted" id="link-text-note">
                            "The link will read: "
                            <strong>
                                {move || draft.with(|d| d.support_link_text()).unwrap_or_else(|| "(no link)".into())}
                            </strong>
                        </p>
                    </section>
                    <section class="card" aria-labelledby="branding-heading">
                        <h2 id="branding-heading">"Branding"</h2>
                        <ThemeColorPicker value=theme error=field_error(PortalField::ThemeColor) />
                        <div class="switch">
                            <input
                                type="checkbox"
                                role="switch"
                                id="include-logo"
                                prop:checked=move || form.include_logo.get()
                                on:change=move |ev| form.include_logo.set(event_target_checked(&ev))
                            />
                            <label for="include-logo">"Include company logo"</label>
                        </div>
                        <Show when=move || form.include_logo.get()>
                            <div class="logo-grid">
                                <LogoPicker
                                    id="logo-on-white"
                                    label=PortalField::LogoOnWhite.label()
                                    logo=form.logo_on_white
                                    error=field_error(PortalField::LogoOnWhite)
                                    background="#FFFFFF".to_string()
                                />
                                <LogoPicker
                                    id="logo-on-theme"
                                    label=PortalField::LogoOnTheme.label()
                                    logo=form.logo_on_theme
                                    error=field_error(PortalField::LogoOnTheme)
                                    background=preview_theme
                                />
                            </div>
                        </Show>
                        <fieldset class="radio-group inline">
                            <legend>"Choose a background for the Company Portal app"</legend>
                            {AppBackground::ALL
                                .into_iter()
                                .map(|choice| {
                                    let id = format!("background-{}", choice.key());
                                    view! {
                                        <span class="radio-inline">
                                            <input
                                                type="radio"
                                                name="app-background"
                                                id=id.clone()
                                                prop:checked=move || form.app_background.get() == choice
                                                on:change=move |_| form.app_background.set(choice)
                                            />
                                            <label for=id>{choice.label()}</label>
                                        </span>
                                    }
                                })
                                .collect_view()}
                            <p class="muted">"Affects the Company Portal app only, not the website."</p>
                        </fieldset>
                    </section>
                    <Show when=move || portal.changed_elsewhere() && dirty.get()>
                        <p class="banner banner-warning" id="portal-changed-elsewhere" role="alert">
                            "These settings were saved elsewhere (another tab or person) while you were editing. Saving replaces them with what you see here; Undo changes shows the saved version."
                        </p>
                    </Show>
                    <div class="save-bar" role="group" aria-label="Save Company Portal settings">
                        <button
                            type="submit"
                            class="button primary"
                            id="save-portal"
                            disabled=move || !errors.with(Vec::is_empty) || !dirty.get()
                        >
                            "Save settings"
                        </button>
                        <button type="button" class="button" id="revert-portal" disabled=move || !dirty.get() on:click=revert>
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
                </form>
                <PortalPreview draft=draft theme=preview_theme />
            </div>
            <p class="muted">{format!("Tip: a support URL without a website name shows “{DEFAULT_LINK_TEXT}”.")}</p>
        </StepPage>
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

/// Presets, a `#RRGGBB` input and the native color picker, kept in step,
/// with the contrast warning beside them.
#[component]
fn ThemeColorPicker(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let normalised = move || theme_color(&value.get()).ok();
    let warning = move || contrast_warning(&value.get());
    view! {
        <div class="theme-picker">
            <fieldset class="presets">
                <legend>"Theme color presets"</legend>
                {THEME_PRESETS
                    .iter()
                    .map(|(name, color)| {
                        let color = *color;
                        view! {
                            <button
                                type="button"
                                class="swatch"
                                style=format!("background:{color}")
                                aria-label=format!("{name} ({color})")
                                aria-pressed=move || if normalised().as_deref() == Some(color) { "true" } else { "false" }
                                on:click=move |_| value.set(color.to_string())
                            ></button>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="theme-inputs">
                <TextField
                    id="theme-color"
                    label="Theme color"
                    value
                    error
                    help="Any color as #RRGGBB."
                    placeholder="#0B5CAD"
                />
                <div class="field color-native">
                    <label for="theme-color-picker">"Pick"</label>
                    <input
                        type="color"
                        id="theme-color-picker"
                        prop:value=move || normalised().unwrap_or_else(|| "#000000".into()).to_ascii_lowercase()
                        on:input=move |ev| value.set(event_target_value(&ev).to_ascii_uppercase())
                    />
                </div>
            </div>
            <p class="contrast-warning" id="contrast-warning" role="status">
                {move || warning().map(|w| view! { <span>"⚠ " {w}</span> })}
            </p>
        </div>
    }
}
