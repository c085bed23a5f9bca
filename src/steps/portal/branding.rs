//! The Company Portal's branding card: theme color, logos and the app
//! background.

use super::form::PortalFields;
use crate::widgets::{
    read_only, Card, CheckboxField, LogoPicker, RadioChoice, RadioGroup, TextField,
};
use domain::portal::{contrast_warning, theme_color, AppBackground, THEME_PRESETS};
use domain::PortalField;
use leptos::prelude::*;

#[component]
pub fn BrandingCard(fields: PortalFields, preview_theme: Signal<String>) -> impl IntoView {
    let form = fields.form;
    let theme = form.text(PortalField::ThemeColor);
    view! {
        <Card heading_id="branding-heading" title="Branding">
            <ThemeColorPicker value=theme error=fields.error(PortalField::ThemeColor) />
            <CheckboxField
                id="include-logo"
                label="Include company logo"
                checked=form.include_logo
                on_change=Callback::new(move |on| form.include_logo.set(on))
                switch=true
            />
            <Show when=move || form.include_logo.get()>
                <div class="logo-grid">
                    <LogoPicker
                        id="logo-on-white"
                        label=PortalField::LogoOnWhite.label()
                        logo=form.logo_on_white
                        error=fields.error(PortalField::LogoOnWhite)
                        background="#FFFFFF".to_string()
                    />
                    <LogoPicker
                        id="logo-on-theme"
                        label=PortalField::LogoOnTheme.label()
                        logo=form.logo_on_theme
                        error=fields.error(PortalField::LogoOnTheme)
                        background=preview_theme
                    />
                </div>
            </Show>
            <RadioGroup
                id="background"
                name="app-background"
                legend="Choose a background for the Company Portal app"
                choices=AppBackground::ALL
                    .into_iter()
                    .map(|choice| RadioChoice::new(choice, choice.key(), choice.label()))
                    .collect()
                value=Signal::derive(move || Some(form.app_background.get()))
                on_change=Callback::new(move |choice| form.app_background.set(choice))
                inline=true
            >
                <p class="muted">"Affects the Company Portal app only, not the website."</p>
            </RadioGroup>
        </Card>
    }
}

/// Presets, a `#RRGGBB` input and the native color picker, kept in step,
/// with the contrast warning beside them.
#[component]
fn ThemeColorPicker(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let read_only = read_only();
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
                                disabled=move || read_only.get()
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
                        disabled=move || read_only.get()
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
