//! From the workspace's records to what Graph is sent: the Company Portal
//! settings of step 4 as `intuneBrand`.

use crate::request::{Branding, Logo};
use domain::image::base64;
use domain::portal::Logo as WorkspaceLogo;
use domain::CompanyPortal;

fn some(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// `#RRGGBB` as red, green, blue.
fn rgb(hex: &str) -> Option<(u8, u8, u8)> {
    let h = hex.trim().strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((c(0)?, c(2)?, c(4)?))
}

fn logo(l: &Option<WorkspaceLogo>) -> Option<Logo> {
    let l = l.as_ref()?;
    Some(Logo {
        mime_type: l.format.mime().to_owned(),
        bytes: base64::decode(&l.data_base64)?,
    })
}

/// Step 4's settings as Intune's branding. The logo for a white or light
/// background is `lightBackgroundLogo`; the one shown on the theme colour
/// is `darkBackgroundLogo`. The app's background choice has no v1.0
/// property and stays in the workspace.
pub fn branding(p: &CompanyPortal) -> Branding {
    Branding {
        display_name: p.company_name.trim().to_owned(),
        contact_it_name: some(&p.it_contact_name),
        contact_it_phone_number: some(&p.it_phone),
        contact_it_email_address: some(&p.it_email),
        contact_it_notes: some(&p.additional_info),
        privacy_url: some(&p.privacy_url),
        online_support_site_url: some(&p.support_url),
        online_support_site_name: some(&p.website_name),
        theme_color: rgb(&p.theme_color),
        show_logo: p.include_logo,
        light_background_logo: logo(&p.logo_on_white),
        dark_background_logo: logo(&p.logo_on_theme),
    }
}

/// The file Microsoft's Apple push signing request is saved as.
pub const APPLE_CSR_FILE: &str = "IntuneCSR.csr";

/// The text of the signing request file from what
/// `downloadApplePushNotificationCertificateSigningRequest` answers: the
/// request itself when the answer is base64 of a PEM file, else the
/// answer as it is.
pub fn apple_csr_file(value: &str) -> String {
    domain::image::base64::decode(value.trim())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|text| text.starts_with("-----BEGIN"))
        .unwrap_or_else(|| value.to_owned())
}

/// The push certificate as PEM text for Graph, from the workspace's upload
/// (base64 of the file Apple issued: PEM text already, or DER bytes).
pub fn apple_certificate_pem(upload_base64: &str) -> Option<String> {
    let bytes = domain::image::base64::decode(upload_base64.trim())?;
    if let Ok(text) = std::str::from_utf8(&bytes) {
        if text.trim_start().starts_with("-----BEGIN CERTIFICATE-----") {
            return Some(text.trim_start().to_owned());
        }
    }
    let body = crate::encode::base64(&bytes);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).ok()?);
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    Some(pem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(rgb("#0B5CAD"), Some((11, 92, 173)));
        assert_eq!(rgb("#fff"), None);
        assert_eq!(rgb("0B5CAD"), None);
        assert_eq!(rgb("#0B5CAZ"), None);
        assert_eq!(rgb("#éé5CAD"), None);
    }
}
