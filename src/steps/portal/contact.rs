//! The Company Portal's contact and support cards.

use super::form::PortalFields;
use crate::widgets::Card;
use domain::PortalField;
use leptos::prelude::*;

/// Company contact information and the privacy statement.
#[component]
pub fn ContactCard(fields: PortalFields) -> impl IntoView {
    view! {
        <Card heading_id="contact-heading" title="Company contact information and privacy statement">
            <p class="muted">"Shown to users on the Contact IT page of the Company Portal."</p>
            {fields.text_field(PortalField::CompanyName, "Shown as the portal's title. Letters, digits and spaces only.", None)}
            {fields.text_field(PortalField::ItContactName, "Who users should ask for.", None)}
            {fields.text_field(PortalField::ItPhone, "Digits, spaces and + - ( ) . only.", Some("tel"))}
            {fields.text_field(PortalField::ItEmail, "For example helpdesk@contoso.com.", Some("email"))}
            {fields.text_field(PortalField::AdditionalInfo, "Opening hours, location, or anything else users should know.", None)}
            {fields.text_field(PortalField::PrivacyUrl, "Opened when users select the privacy link. Must start with https://.", Some("url"))}
        </Card>
    }
}

/// The support site link and its text.
#[component]
pub fn SupportCard(fields: PortalFields) -> impl IntoView {
    view! {
        <Card heading_id="support-heading" title="Support contacts">
            <p class="muted">"A link to your support site on the Contact IT page. Leave both empty for no link."</p>
            {fields.text_field(PortalField::SupportUrl, "Must start with https://.", Some("url"))}
            {fields.text_field(
                PortalField::WebsiteName,
                "The link's text. Without a name the link reads “Go to IT website”.",
                None,
            )}
            <p class="muted" id="link-text-note">
                "The link will read: "
                <strong>
                    {move || fields.draft.with(|d| d.support_link_text()).unwrap_or_else(|| "(no link)".into())}
                </strong>
            </p>
        </Card>
    }
}
