//! Typed readers for the Graph responses the prerequisites use. Fields the
//! app does not read are ignored; a `null` where a list or flag is expected
//! reads as empty or false.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::error::ParseError;

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One page of a collection: its items and the link to the next page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_link: Option<String>,
}

#[derive(Deserialize)]
struct RawPage<T> {
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    next_link: Option<String>,
}

/// Reads one page of a collection (`{"value": [...], "@odata.nextLink": ...}`).
pub fn parse_page<T: DeserializeOwned>(
    body: &str,
    what: &'static str,
) -> Result<Page<T>, ParseError> {
    let raw: RawPage<T> = serde_json::from_str(body).map_err(|e| ParseError::new(what, &e))?;
    Ok(Page {
        items: raw.value,
        next_link: raw.next_link,
    })
}

/// Reads one entity.
pub fn parse_one<T: DeserializeOwned>(body: &str, what: &'static str) -> Result<T, ParseError> {
    serde_json::from_str(body).map_err(|e| ParseError::new(what, &e))
}

#[derive(Deserialize)]
struct Wrapped<T> {
    value: T,
}

/// The CSR from `downloadApplePushNotificationCertificateSigningRequest()`.
pub fn parse_apple_push_csr(body: &str) -> Result<String, ParseError> {
    let w: Wrapped<String> = parse_one(body, "Apple push certificate signing request")?;
    Ok(w.value)
}

/// The answer of `setMobileDeviceManagementAuthority` (`{"value": n}`).
pub fn parse_set_mdm_authority(body: &str) -> Result<i64, ParseError> {
    let w: Wrapped<i64> = parse_one(body, "MDM authority answer")?;
    Ok(w.value)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub is_verified: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub is_default: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub is_initial: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub is_admin_managed: bool,
    #[serde(default)]
    pub authentication_type: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub supported_services: Vec<String>,
}

/// A DNS record Graph asks for (`domainDnsRecord` and its TXT/MX/CNAME/SRV
/// kinds, told apart by `recordType`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainDnsRecord {
    pub id: String,
    #[serde(default)]
    pub record_type: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub label: String,
    #[serde(default)]
    pub ttl: Option<i64>,
    #[serde(default, deserialize_with = "null_default")]
    pub is_optional: bool,
    #[serde(default)]
    pub supported_service: Option<String>,
    /// TXT records: the text to publish (`MS=ms12345678`).
    #[serde(default)]
    pub text: Option<String>,
    /// MX records.
    #[serde(default)]
    pub mail_exchange: Option<String>,
    #[serde(default)]
    pub preference: Option<i64>,
    /// CNAME records.
    #[serde(default)]
    pub canonical_name: Option<String>,
}

impl DomainDnsRecord {
    /// The TXT text, for a TXT record.
    pub fn txt(&self) -> Option<&str> {
        match self.record_type.as_deref() {
            Some(t) if t.eq_ignore_ascii_case("Txt") => self.text.as_deref(),
            _ => None,
        }
    }
}

/// Who manages the tenant's devices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MdmAuthority {
    #[default]
    Unknown,
    Intune,
    Sccm,
    Office365,
    /// A value this version does not know.
    #[serde(other)]
    Other,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedDomain {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub is_default: Option<bool>,
    #[serde(default)]
    pub is_initial: Option<bool>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub mobile_device_management_authority: MdmAuthority,
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
    #[serde(default)]
    pub on_premises_last_sync_date_time: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub verified_domains: Vec<VerifiedDomain>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub mail_enabled: Option<bool>,
    #[serde(default)]
    pub mail_nickname: Option<String>,
    #[serde(default)]
    pub security_enabled: Option<bool>,
    #[serde(default, deserialize_with = "null_default")]
    pub group_types: Vec<String>,
}

/// A member of a group, as `GET /groups/{id}/members?$select=id` lists it
/// (a user, a device, another group…).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct DirectoryObject {
    pub id: String,
    /// What kind of object it is (`#microsoft.graph.user`), when given.
    #[serde(rename = "@odata.type", default)]
    pub odata_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedLicense {
    #[serde(default)]
    pub sku_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub disabled_plans: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub usage_location: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub assigned_licenses: Vec<AssignedLicense>,
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseUnitsDetail {
    #[serde(default)]
    pub enabled: Option<i64>,
    #[serde(default)]
    pub suspended: Option<i64>,
    #[serde(default)]
    pub warning: Option<i64>,
    #[serde(default)]
    pub locked_out: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlanInfo {
    #[serde(default)]
    pub service_plan_id: Option<String>,
    #[serde(default)]
    pub service_plan_name: Option<String>,
    #[serde(default)]
    pub provisioning_status: Option<String>,
    #[serde(default)]
    pub applies_to: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    pub id: String,
    #[serde(default)]
    pub sku_id: Option<String>,
    #[serde(default)]
    pub sku_part_number: Option<String>,
    #[serde(default)]
    pub capability_status: Option<String>,
    #[serde(default)]
    pub consumed_units: Option<i64>,
    #[serde(default)]
    pub prepaid_units: Option<LicenseUnitsDetail>,
    #[serde(default, deserialize_with = "null_default")]
    pub service_plans: Vec<ServicePlanInfo>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RgbColor {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MimeContent {
    #[serde(default, rename = "type")]
    pub mime_type: Option<String>,
    /// base64 as Graph sent it.
    #[serde(default)]
    pub value: Option<String>,
}

/// The Company Portal branding (`deviceManagement.intuneBrand`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntuneBrand {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default, rename = "contactITName")]
    pub contact_it_name: Option<String>,
    #[serde(default, rename = "contactITPhoneNumber")]
    pub contact_it_phone_number: Option<String>,
    #[serde(default, rename = "contactITEmailAddress")]
    pub contact_it_email_address: Option<String>,
    #[serde(default, rename = "contactITNotes")]
    pub contact_it_notes: Option<String>,
    #[serde(default)]
    pub privacy_url: Option<String>,
    #[serde(default)]
    pub online_support_site_url: Option<String>,
    #[serde(default)]
    pub online_support_site_name: Option<String>,
    #[serde(default)]
    pub theme_color: Option<RgbColor>,
    #[serde(default, deserialize_with = "null_default")]
    pub show_logo: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub show_display_name_next_to_logo: bool,
    #[serde(default)]
    pub light_background_logo: Option<MimeContent>,
    #[serde(default)]
    pub dark_background_logo: Option<MimeContent>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceManagement {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub intune_brand: Option<IntuneBrand>,
}

/// A corporate identifier Intune holds (beta `importedDeviceIdentity`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedDeviceIdentity {
    #[serde(default)]
    pub imported_device_identifier: Option<String>,
    /// `imei`, `serialNumber`, …
    #[serde(default)]
    pub imported_device_identity_type: Option<String>,
    #[serde(default)]
    pub enrollment_state: Option<String>,
}

/// One identifier's result of `importDeviceIdentityList` (beta
/// `importedDeviceIdentityResult`: the identity and whether it was taken).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedDeviceIdentityResult {
    #[serde(default)]
    pub imported_device_identifier: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub status: bool,
}

/// Managed Google Play's binding (beta
/// `androidManagedStoreAccountEnterpriseSettings`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AndroidManagedStoreSettings {
    /// `notBound`, `bound`, `boundAndValidated`, `unbinding`.
    #[serde(default)]
    pub bind_status: Option<String>,
    #[serde(default)]
    pub owner_user_principal_name: Option<String>,
    #[serde(default)]
    pub last_app_sync_date_time: Option<String>,
}

/// The MDM push certificate Intune holds for Apple devices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplePushNotificationCertificate {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub apple_identifier: Option<String>,
    #[serde(default)]
    pub topic_identifier: Option<String>,
    #[serde(default)]
    pub expiration_date_time: Option<String>,
    #[serde(default)]
    pub last_modified_date_time: Option<String>,
    #[serde(default)]
    pub certificate_serial_number: Option<String>,
    #[serde(default)]
    pub certificate_upload_status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_unknown_values_read() {
        let o: Organization = parse_one(
            r#"{"id":"o","verifiedDomains":null,"mobileDeviceManagementAuthority":"somethingNew"}"#,
            "organization",
        )
        .unwrap();
        assert_eq!(o.mobile_device_management_authority, MdmAuthority::Other);
        assert!(o.verified_domains.is_empty());
    }

    #[test]
    fn bad_bodies_are_errors() {
        assert!(parse_page::<Domain>("<html>", "domains").is_err());
        assert!(parse_page::<Domain>(r#"{"value":[{"isVerified":true}]}"#, "domains").is_err());
        assert!(parse_apple_push_csr(r#"{"value":3}"#).is_err());
    }
}
