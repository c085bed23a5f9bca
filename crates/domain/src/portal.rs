//! Step 4 — the Company Portal: contact details, support links, branding.
//! Owns the saved settings, their field rules and messages, and their invariant.

use crate::image::{self, base64, ImageError, ImageFormat};
use crate::problem::Problem;
use crate::text::{self, TextError};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const DEFAULT_LINK_TEXT: &str = "Go to IT website";
pub const DEFAULT_THEME_COLOR: &str = "#0B5CAD";
/// WCAG 2 AA contrast for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// Every input of the Company Portal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortalField {
    CompanyName,
    ItContactName,
    ItPhone,
    ItEmail,
    AdditionalInfo,
    PrivacyUrl,
    SupportUrl,
    WebsiteName,
    ThemeColor,
    LogoOnWhite,
    LogoOnTheme,
}

impl PortalField {
    /// The text inputs, in form order.
    pub const TEXT: [PortalField; 9] = [
        PortalField::CompanyName,
        PortalField::ItContactName,
        PortalField::ItPhone,
        PortalField::ItEmail,
        PortalField::AdditionalInfo,
        PortalField::PrivacyUrl,
        PortalField::SupportUrl,
        PortalField::WebsiteName,
        PortalField::ThemeColor,
    ];

    /// Every input, in form order: the text inputs, then the two logos.
    pub const ALL: [PortalField; 11] = {
        let mut all = [PortalField::LogoOnTheme; 11];
        let mut i = 0;
        while i < PortalField::TEXT.len() {
            all[i] = PortalField::TEXT[i];
            i += 1;
        }
        all[9] = PortalField::LogoOnWhite;
        all
    };

    /// The visible label: the field names of the guide.
    pub fn label(self) -> &'static str {
        match self {
            PortalField::CompanyName => "Company name",
            PortalField::ItContactName => "IT department contact name",
            PortalField::ItPhone => "IT department phone number",
            PortalField::ItEmail => "IT department email address",
            PortalField::AdditionalInfo => "Additional information",
            PortalField::PrivacyUrl => "Company privacy statement URL",
            PortalField::SupportUrl => "Support website URL",
            PortalField::WebsiteName => "Website name",
            PortalField::ThemeColor => "Theme color",
            PortalField::LogoOnWhite => "Logo for a white background",
            PortalField::LogoOnTheme => "Logo for the theme color background",
        }
    }

    /// Maximum length in characters, for the text fields.
    pub fn max_chars(self) -> Option<usize> {
        match self {
            PortalField::CompanyName
            | PortalField::ItContactName
            | PortalField::ItEmail
            | PortalField::WebsiteName => Some(40),
            PortalField::ItPhone => Some(20),
            PortalField::AdditionalInfo => Some(120),
            PortalField::PrivacyUrl => Some(79),
            PortalField::SupportUrl => Some(150),
            PortalField::ThemeColor | PortalField::LogoOnWhite | PortalField::LogoOnTheme => None,
        }
    }
}

impl fmt::Display for PortalField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PortalError {
    #[error("{0}")]
    Text(TextError),
    #[error("“{value}” is not a color written as #RRGGBB (for example #0B5CAD).")]
    Color { value: String },
    #[error("A website name needs a support website URL to link to.")]
    WebsiteNameWithoutUrl,
    #[error("Upload this logo, or turn off “Include company logo”.")]
    LogoRequired,
    #[error("{0}")]
    Image(ImageError),
    #[error("The stored logo data is damaged; upload the logo again.")]
    LogoData,
}

impl From<TextError> for PortalError {
    fn from(e: TextError) -> Self {
        PortalError::Text(e)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{field}: {error}")]
pub struct FieldError {
    pub field: PortalField,
    pub error: PortalError,
}

/// Which background the Company Portal app uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppBackground {
    #[default]
    White,
    ThemeColor,
}

impl AppBackground {
    pub const ALL: [AppBackground; 2] = [AppBackground::White, AppBackground::ThemeColor];

    pub fn label(self) -> &'static str {
        match self {
            AppBackground::White => "White",
            AppBackground::ThemeColor => "Theme color",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            AppBackground::White => "white",
            AppBackground::ThemeColor => "theme_color",
        }
    }
}

/// An uploaded logo: what its bytes say, and the bytes (base64).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logo {
    pub file_name: String,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    pub size_bytes: usize,
    pub data_base64: String,
}

impl Logo {
    /// Checks the bytes against every logo rule, whatever the file is called.
    pub fn from_file(file_name: &str, bytes: &[u8]) -> Result<Logo, ImageError> {
        let info = image::check_logo(bytes)?;
        Ok(Logo {
            file_name: file_name.chars().take(255).collect(),
            format: info.format,
            width: info.width,
            height: info.height,
            size_bytes: bytes.len(),
            data_base64: base64::encode(bytes),
        })
    }

    /// Re-checks stored data: the description must match the bytes.
    fn revalidated(&self) -> Result<Logo, PortalError> {
        let bytes = base64::decode(&self.data_base64).ok_or(PortalError::LogoData)?;
        Logo::from_file(&self.file_name, &bytes).map_err(PortalError::Image)
    }

    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.format.mime(), self.data_base64)
    }

    pub fn describe(&self) -> String {
        format!(
            "{} · {} × {} px · {} KB",
            self.format.label(),
            self.width,
            self.height,
            tenths(self.size_bytes as u64 * 10 / 1024)
        )
    }
}

/// 123 → "12.3" (integer formatting: float formatting costs the wasm ~13 KB).
fn tenths(value: u64) -> String {
    format!("{}.{}", value / 10, value % 10)
}

/// The Company Portal settings. The same type carries a form's draft; only a
/// [`CompanyPortal::validated`] copy is ever stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompanyPortal {
    pub company_name: String,
    pub it_contact_name: String,
    pub it_phone: String,
    pub it_email: String,
    pub additional_info: String,
    pub privacy_url: String,
    pub support_url: String,
    pub website_name: String,
    pub theme_color: String,
    pub include_logo: bool,
    pub logo_on_white: Option<Logo>,
    pub logo_on_theme: Option<Logo>,
    pub app_background: AppBackground,
}

impl Default for CompanyPortal {
    fn default() -> Self {
        CompanyPortal {
            company_name: String::new(),
            it_contact_name: String::new(),
            it_phone: String::new(),
            it_email: String::new(),
            additional_info: String::new(),
            privacy_url: String::new(),
            support_url: String::new(),
            website_name: String::new(),
            theme_color: DEFAULT_THEME_COLOR.into(),
            include_logo: false,
            logo_on_white: None,
            logo_on_theme: None,
            app_background: AppBackground::White,
        }
    }
}

fn company_name(value: &str) -> Result<String, PortalError> {
    let name = text::required(value, 40)?;
    if let Some(character) = name.chars().find(|c| !(c.is_alphanumeric() || *c == ' ')) {
        return Err(TextError::NotAllowed {
            character,
            allowed: "use letters, digits and spaces only".into(),
        }
        .into());
    }
    Ok(name)
}

fn phone(value: &str) -> Result<String, PortalError> {
    let phone = text::clean(value, 20)?;
    if let Some(character) = phone
        .chars()
        .find(|c| !(c.is_ascii_digit() || " +-().".contains(*c)))
    {
        return Err(TextError::NotAllowed {
            character,
            allowed: "use digits, spaces and + - ( ) . only".into(),
        }
        .into());
    }
    Ok(phone)
}

/// `#RRGGBB`, case-insensitive, `#` optional; returns the upper-case form.
pub fn theme_color(value: &str) -> Result<String, PortalError> {
    let trimmed = value.trim();
    let hex = trimmed.strip_prefix('#').unwrap_or(trimmed);
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(PortalError::Color {
            value: crate::text::shorten(trimmed, 20),
        });
    }
    Ok(format!("#{}", hex.to_ascii_uppercase()))
}

fn channel(hex: &str, at: usize) -> f64 {
    let value = u8::from_str_radix(hex.get(at..at + 2).unwrap_or("00"), 16).unwrap_or(0);
    let c = f64::from(value) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance of a valid `#RRGGBB` color.
pub fn relative_luminance(color: &str) -> f64 {
    let hex = color.trim_start_matches('#');
    0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 2) + 0.0722 * channel(hex, 4)
}

/// Contrast ratio (1 to 21) of white text on `color`.
pub fn contrast_with_white(color: &str) -> f64 {
    1.05 / (relative_luminance(color) + 0.05)
}

/// A warning (not an error) when white text on the theme color is hard to read.
pub fn contrast_warning(color: &str) -> Option<String> {
    let color = theme_color(color).ok()?;
    let ratio = contrast_with_white(&color);
    (ratio < MIN_CONTRAST).then(|| {
        format!(
            "White text on {color} has a contrast of {}:1, below the 4.5:1 that WCAG AA asks for: the portal title may be hard to read. A darker color reads better.",
            tenths((ratio * 10.0) as u64)
        )
    })
}

impl CompanyPortal {
    /// Checks one field of a draft (for errors while typing). The same code
    /// runs, field by field, in [`CompanyPortal::validated`].
    pub fn check_field(&self, field: PortalField) -> Result<(), PortalError> {
        self.normalised_field(field).map(|_| ())
    }

    fn normalised_field(&self, field: PortalField) -> Result<Normalised, PortalError> {
        Ok(match field {
            PortalField::CompanyName => Normalised::Text(company_name(&self.company_name)?),
            PortalField::ItContactName => Normalised::Text(text::clean(&self.it_contact_name, 40)?),
            PortalField::ItPhone => Normalised::Text(phone(&self.it_phone)?),
            PortalField::ItEmail => Normalised::Text(crate::address::email(&self.it_email, 40)?),
            PortalField::AdditionalInfo => {
                Normalised::Text(text::clean(&self.additional_info, 120)?)
            }
            PortalField::PrivacyUrl => {
                Normalised::Text(crate::address::https_url(&self.privacy_url, 79)?)
            }
            PortalField::SupportUrl => {
                Normalised::Text(crate::address::https_url(&self.support_url, 150)?)
            }
            PortalField::WebsiteName => {
                let name = text::clean(&self.website_name, 40)?;
                if !name.is_empty() && self.support_url.trim().is_empty() {
                    return Err(PortalError::WebsiteNameWithoutUrl);
                }
                Normalised::Text(name)
            }
            PortalField::ThemeColor => Normalised::Text(theme_color(&self.theme_color)?),
            PortalField::LogoOnWhite => Normalised::Logo(self.logo(&self.logo_on_white)?),
            PortalField::LogoOnTheme => Normalised::Logo(self.logo(&self.logo_on_theme)?),
        })
    }

    fn logo(&self, logo: &Option<Logo>) -> Result<Option<Logo>, PortalError> {
        match logo {
            Some(logo) => logo.revalidated().map(Some),
            None if self.include_logo => Err(PortalError::LogoRequired),
            None => Ok(None),
        }
    }

    /// Every problem in the draft, in form order.
    pub fn errors(&self) -> Vec<FieldError> {
        PortalField::ALL
            .into_iter()
            .filter_map(|field| {
                self.check_field(field)
                    .err()
                    .map(|error| FieldError { field, error })
            })
            .collect()
    }

    /// The trimmed, normalised copy to store, or every problem.
    pub fn validated(&self) -> Result<CompanyPortal, Vec<FieldError>> {
        let mut out = self.clone();
        let mut errors = Vec::new();
        for field in PortalField::ALL {
            match self.normalised_field(field) {
                Ok(Normalised::Text(value)) => *out.text_mut(field) = value,
                Ok(Normalised::Logo(logo)) => match field {
                    PortalField::LogoOnWhite => out.logo_on_white = logo,
                    _ => out.logo_on_theme = logo,
                },
                Err(error) => errors.push(FieldError { field, error }),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    fn text_mut(&mut self, field: PortalField) -> &mut String {
        match field {
            PortalField::CompanyName => &mut self.company_name,
            PortalField::ItContactName => &mut self.it_contact_name,
            PortalField::ItPhone => &mut self.it_phone,
            PortalField::ItEmail => &mut self.it_email,
            PortalField::AdditionalInfo => &mut self.additional_info,
            PortalField::PrivacyUrl => &mut self.privacy_url,
            PortalField::SupportUrl => &mut self.support_url,
            PortalField::WebsiteName => &mut self.website_name,
            PortalField::ThemeColor | PortalField::LogoOnWhite | PortalField::LogoOnTheme => {
                &mut self.theme_color
            }
        }
    }

    /// The text of the support link on the Contact IT page, if there is one.
    pub fn support_link_text(&self) -> Option<String> {
        let url = self.support_url.trim();
        if url.is_empty() {
            return None;
        }
        let name = self.website_name.trim();
        Some(if name.is_empty() {
            DEFAULT_LINK_TEXT.to_owned()
        } else {
            name.to_owned()
        })
    }
}

enum Normalised {
    Text(String),
    Logo(Option<Logo>),
}

/// A few ready-made theme colors (name, color).
pub const THEME_PRESETS: &[(&str, &str)] = &[
    ("Blue", "#0B5CAD"),
    ("Teal", "#00796B"),
    ("Purple", "#5C2D91"),
    ("Green", "#107C10"),
    ("Red", "#A4262C"),
    ("Graphite", "#3B3A39"),
    ("Gold", "#FFB900"),
];

/// `SavePortal`: every setting at once, or nothing (every field's problem).
pub fn save_portal(
    saved: &mut Option<CompanyPortal>,
    portal: &CompanyPortal,
) -> Result<(), Vec<FieldError>> {
    let portal = portal.validated()?;
    *saved = Some(portal);
    Ok(())
}

/// A stored portal passes the same checks as a saved one.
pub fn check_invariants(portal: Option<&CompanyPortal>) -> Result<(), Problem> {
    if let Some(portal) = portal {
        if let Err(errors) = portal.validated() {
            if let Some(first) = errors.first() {
                let field = serde_json::to_value(first.field)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                return Err(Problem::at(format!("portal.{field}"), first.to_string()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::tests::{jpeg, png};

    fn valid() -> CompanyPortal {
        CompanyPortal {
            company_name: "Contoso".into(),
            it_contact_name: "Helpdesk".into(),
            it_phone: "+1 (425) 555-0100".into(),
            it_email: "it@contoso.com".into(),
            additional_info: "Open 8–18 on weekdays.".into(),
            privacy_url: "https://contoso.com/privacy".into(),
            support_url: "https://help.contoso.com".into(),
            website_name: "Contoso help".into(),
            ..CompanyPortal::default()
        }
    }

    fn error_of(portal: &CompanyPortal, field: PortalField) -> PortalError {
        portal
            .check_field(field)
            .expect_err("field should be refused")
    }

    #[test]
    fn all_fields_are_the_text_fields_then_the_logos() {
        assert_eq!(&PortalField::ALL[..9], &PortalField::TEXT[..]);
        assert_eq!(
            &PortalField::ALL[9..],
            &[PortalField::LogoOnWhite, PortalField::LogoOnTheme]
        );
    }

    #[test]
    fn a_complete_valid_portal_passes() {
        assert_eq!(valid().errors(), vec![]);
        assert!(valid().validated().is_ok());
        // Only the company name is required.
        let minimal = CompanyPortal {
            company_name: "Contoso".into(),
            ..CompanyPortal::default()
        };
        assert!(minimal.validated().is_ok());
    }

    #[test]
    fn company_name_rules() {
        let mut p = valid();
        p.company_name = "Müller Bau 2".into();
        assert!(
            p.check_field(PortalField::CompanyName).is_ok(),
            "Unicode letters count"
        );
        p.company_name = "Contoso & Co".into();
        assert_eq!(
            error_of(&p, PortalField::CompanyName).to_string(),
            "“&” is not allowed: use letters, digits and spaces only."
        );
        p.company_name = "   ".into();
        assert_eq!(
            error_of(&p, PortalField::CompanyName),
            PortalError::Text(TextError::Required)
        );
        p.company_name = "a".repeat(40);
        assert!(p.check_field(PortalField::CompanyName).is_ok());
        p.company_name = format!("  {}  ", "a".repeat(40));
        assert!(
            p.check_field(PortalField::CompanyName).is_ok(),
            "trimmed before counting"
        );
        p.company_name = "a".repeat(41);
        assert_eq!(
            error_of(&p, PortalField::CompanyName),
            PortalError::Text(TextError::TooLong { chars: 41, max: 40 })
        );
        p.company_name = "日本語の会社名".repeat(5); // 35 characters, 105 bytes
        assert!(
            p.check_field(PortalField::CompanyName).is_ok(),
            "characters, not bytes"
        );
        p.company_name = "𝒜".repeat(41); // 4-byte characters
        assert_eq!(
            error_of(&p, PortalField::CompanyName),
            PortalError::Text(TextError::TooLong { chars: 41, max: 40 })
        );
        p.company_name = "<script>".into();
        assert!(matches!(
            error_of(&p, PortalField::CompanyName),
            PortalError::Text(TextError::NotAllowed { character: '<', .. })
        ));
    }

    #[test]
    fn length_limits_of_every_text_field() {
        let cases = [
            (PortalField::ItContactName, 40),
            (PortalField::ItPhone, 20),
            (PortalField::AdditionalInfo, 120),
            (PortalField::WebsiteName, 40),
        ];
        for (field, max) in cases {
            assert_eq!(field.max_chars(), Some(max));
            let mut p = valid();
            let fill = if field == PortalField::ItPhone {
                "5"
            } else {
                "é"
            };
            *p.text_mut(field) = fill.repeat(max);
            assert!(p.check_field(field).is_ok(), "{field} at {max}");
            *p.text_mut(field) = fill.repeat(max + 1);
            assert_eq!(
                error_of(&p, field),
                PortalError::Text(TextError::TooLong {
                    chars: max + 1,
                    max
                }),
                "{field}"
            );
        }
        assert_eq!(PortalField::PrivacyUrl.max_chars(), Some(79));
        assert_eq!(PortalField::SupportUrl.max_chars(), Some(150));
        assert_eq!(PortalField::ItEmail.max_chars(), Some(40));
    }

    #[test]
    fn phone_characters() {
        let mut p = valid();
        p.it_phone = "+44 (0)20 7946.0000".into();
        assert!(p.check_field(PortalField::ItPhone).is_ok());
        p.it_phone = "555-CALL-IT".into();
        assert_eq!(
            error_of(&p, PortalField::ItPhone).to_string(),
            "“C” is not allowed: use digits, spaces and + - ( ) . only."
        );
    }

    #[test]
    fn email_and_urls_use_the_shared_validators() {
        let mut p = valid();
        p.it_email = "it@contoso".into();
        assert!(matches!(
            error_of(&p, PortalField::ItEmail),
            PortalError::Text(TextError::BadEmail { .. })
        ));
        p = valid();
        p.privacy_url = "http://contoso.com/privacy".into();
        assert_eq!(
            error_of(&p, PortalField::PrivacyUrl),
            PortalError::Text(TextError::NotHttps {
                scheme: "http".into()
            })
        );
        p.privacy_url = format!("https://contoso.com/{}", "p".repeat(60));
        assert_eq!(
            error_of(&p, PortalField::PrivacyUrl),
            PortalError::Text(TextError::TooLong { chars: 80, max: 79 })
        );
        p = valid();
        p.support_url = "javascript:alert(1)".into();
        assert!(matches!(
            error_of(&p, PortalField::SupportUrl),
            PortalError::Text(TextError::NotHttps { .. })
        ));
        p.support_url = format!("https://help.contoso.com/{}", "s".repeat(126));
        assert_eq!(p.support_url.len(), 151);
        assert_eq!(
            error_of(&p, PortalField::SupportUrl),
            PortalError::Text(TextError::TooLong {
                chars: 151,
                max: 150
            })
        );
    }

    #[test]
    fn website_name_needs_a_url_and_the_link_text_defaults() {
        let mut p = valid();
        p.support_url = String::new();
        assert_eq!(
            error_of(&p, PortalField::WebsiteName),
            PortalError::WebsiteNameWithoutUrl
        );
        assert_eq!(p.support_link_text(), None);
        p.website_name = String::new();
        assert!(p.check_field(PortalField::WebsiteName).is_ok());
        p.support_url = "https://help.contoso.com".into();
        assert_eq!(p.support_link_text().as_deref(), Some(DEFAULT_LINK_TEXT));
        p.website_name = "  Help centre ".into();
        assert_eq!(p.support_link_text().as_deref(), Some("Help centre"));
    }

    #[test]
    fn theme_color_is_normalised() {
        assert_eq!(theme_color("#0b5cad"), Ok("#0B5CAD".into()));
        assert_eq!(theme_color(" 0B5CAD "), Ok("#0B5CAD".into()));
        for bad in ["#0B5CA", "#0B5CADD", "#GGGGGG", "blue", "", "#abc"] {
            assert!(
                matches!(theme_color(bad), Err(PortalError::Color { .. })),
                "{bad}"
            );
        }
        let mut p = valid();
        p.theme_color = "#00796b".into();
        assert_eq!(p.validated().unwrap().theme_color, "#00796B");
    }

    #[test]
    fn contrast_against_white_text() {
        assert!((contrast_with_white("#000000") - 21.0).abs() < 1e-9);
        assert!((contrast_with_white("#FFFFFF") - 1.0).abs() < 1e-9);
        // #767676 is the classic lightest grey that passes AA on white.
        assert!(contrast_with_white("#767676") >= 4.5);
        assert!(contrast_with_white("#777777") < 4.5);
        assert_eq!(contrast_warning("#767676"), None);
        let warning = contrast_warning("#FFB900").expect("gold fails");
        assert!(
            warning.contains("#FFB900") && warning.contains("4.5:1"),
            "{warning}"
        );
        assert_eq!(contrast_warning("#0B5CAD"), None);
        assert_eq!(contrast_warning("not a color"), None);
        // A warning is not an error: the color can be saved.
        let mut p = valid();
        p.theme_color = "#FFB900".into();
        assert!(p.validated().is_ok());
    }

    #[test]
    fn logos_are_required_only_when_included() {
        let mut p = valid();
        p.include_logo = true;
        assert_eq!(
            error_of(&p, PortalField::LogoOnWhite),
            PortalError::LogoRequired
        );
        assert_eq!(
            error_of(&p, PortalField::LogoOnTheme),
            PortalError::LogoRequired
        );
        p.logo_on_white = Some(Logo::from_file("white.png", &png(400, 100)).unwrap());
        p.logo_on_theme = Some(Logo::from_file("theme.jpg", &jpeg(200, 50)).unwrap());
        assert!(p.validated().is_ok());
        // Turning the switch off keeps the logos (nothing is lost).
        p.include_logo = false;
        let saved = p.validated().unwrap();
        assert!(saved.logo_on_white.is_some());
    }

    #[test]
    fn stored_logo_data_is_rechecked() {
        let mut p = valid();
        let mut logo = Logo::from_file("white.png", &png(40, 10)).unwrap();
        logo.width = 1; // a description that does not match the bytes
        p.logo_on_white = Some(logo);
        let saved = p.validated().unwrap();
        assert_eq!(
            saved.logo_on_white.unwrap().width,
            40,
            "taken from the bytes"
        );
        let mut p = valid();
        let mut logo = Logo::from_file("white.png", &png(40, 10)).unwrap();
        logo.data_base64 = "not base64!".into();
        p.logo_on_white = Some(logo);
        assert_eq!(
            error_of(&p, PortalField::LogoOnWhite),
            PortalError::LogoData
        );
        let mut p = valid();
        let mut logo = Logo::from_file("white.png", &png(40, 10)).unwrap();
        logo.data_base64 = base64::encode(&png(401, 100));
        p.logo_on_white = Some(logo);
        assert_eq!(
            error_of(&p, PortalField::LogoOnWhite),
            PortalError::Image(ImageError::TooBig {
                width: 401,
                height: 100
            })
        );
    }

    #[test]
    fn descriptions_round_down_to_tenths() {
        assert_eq!(tenths(0), "0.0");
        assert_eq!(tenths(123), "12.3");
        let logo = Logo::from_file("a.png", &png(40, 10)).unwrap();
        assert_eq!(logo.describe(), "PNG · 40 × 10 px · 0.0 KB");
        let warning = contrast_warning("#FFFFFF").unwrap();
        assert!(warning.contains("contrast of 1.0:1"), "{warning}");
        assert!(contrast_warning("#FFB900")
            .unwrap()
            .contains("contrast of 1.7:1"));
    }

    #[test]
    fn a_renamed_gif_is_refused() {
        let err = Logo::from_file("logo.png", b"GIF89a\x10\x00\x10\x00").unwrap_err();
        assert!(err.to_string().contains("not a PNG or JPEG"));
    }

    #[test]
    fn validated_trims_every_text_field() {
        let mut p = valid();
        p.it_contact_name = "  Helpdesk  ".into();
        p.support_url = " https://help.contoso.com ".into();
        let saved = p.validated().unwrap();
        assert_eq!(saved.it_contact_name, "Helpdesk");
        assert_eq!(saved.support_url, "https://help.contoso.com");
    }
}
