//! The Graph v1.0 requests the tenant backend sends, one builder per
//! operation. Every path and body is checked against Microsoft's metadata
//! by `tests/contract.rs`.

use serde_json::{json, Value};

use crate::encode::{base64, path_segment, query_value};

/// Where the v1.0 requests go.
pub const GRAPH_BASE: &str = "https://graph.microsoft.com/v1.0";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One Graph request: method, path under [`GRAPH_BASE`] (segments already
/// percent-encoded), OData query options (not yet encoded) and JSON body.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphRequest {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    /// Sent to Graph's beta version (`…/beta` instead of `…/v1.0`): the
    /// Intune operations v1.0 lacks.
    pub beta: bool,
}

/// A request that cannot be built from what was given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("The {what} is empty.")]
    Empty { what: &'static str },
    #[error("\"{0}\" is not a two-letter country code (ISO 3166-1, like US or FR).")]
    UsageLocation(String),
    #[error("\"{0}\" cannot be a group's mail nickname: use 1 to 64 letters, digits, dots, dashes or underscores, with no spaces or @()\\[]\";:<>,.")]
    MailNickname(String),
    #[error("\"{0}\" is not a licence id (a GUID like 00000000-0000-0000-0000-000000000000).")]
    SkuId(String),
    #[error("The next page link does not lead back to Microsoft Graph v1.0: {0}")]
    NextLink(String),
}

impl GraphRequest {
    fn new(method: Method, path: impl Into<String>) -> Self {
        GraphRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            beta: false,
        }
    }

    fn beta(mut self) -> Self {
        self.beta = true;
        self
    }

    fn select(mut self, properties: &[&str]) -> Self {
        self.query.push(("$select".into(), properties.join(",")));
        self
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The `$select` properties, if any.
    pub fn selected(&self) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == "$select")
            .flat_map(|(_, v)| v.split(','))
            .collect()
    }

    /// The full URL under `base` (normally [`GRAPH_BASE`]; a beta
    /// request goes to its `…/beta` sibling).
    pub fn url(&self, base: &str) -> String {
        let base = base.trim_end_matches('/');
        let mut url = if self.beta {
            let root = base.strip_suffix("/v1.0").unwrap_or(base);
            format!("{root}/beta{}", self.path)
        } else {
            format!("{base}{}", self.path)
        };
        for (i, (k, v)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&query_value(k));
            url.push('=');
            url.push_str(&query_value(v));
        }
        url
    }
}

fn id(value: &str, what: &'static str) -> Result<String, RequestError> {
    if value.trim().is_empty() {
        Err(RequestError::Empty { what })
    } else {
        Ok(path_segment(value))
    }
}

fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The absolute URL of the next page, checked to stay under `base` (the
/// Graph address the requests go to, normally [`GRAPH_BASE`]): the access
/// token must not be sent anywhere else.
pub fn next_page_url(base: &str, next_link: &str) -> Result<String, RequestError> {
    let prefix = format!("{}/", base.trim_end_matches('/'));
    if next_link.starts_with(&prefix) && !next_link.contains(['\r', '\n', ' ']) {
        Ok(next_link.to_string())
    } else {
        Err(RequestError::NextLink(next_link.to_string()))
    }
}

// ---- reads ----

/// The organization's fields the prerequisites read.
pub const ORGANIZATION_SELECT: &[&str] = &[
    "id",
    "displayName",
    "mobileDeviceManagementAuthority",
    "onPremisesSyncEnabled",
    "onPremisesLastSyncDateTime",
    "verifiedDomains",
];

/// The users' fields the prerequisites read.
pub const USER_SELECT: &[&str] = &[
    "id",
    "displayName",
    "userPrincipalName",
    "usageLocation",
    "assignedLicenses",
    "onPremisesSyncEnabled",
];

/// The groups' fields the prerequisites read.
pub const GROUP_SELECT: &[&str] = &[
    "id",
    "displayName",
    "description",
    "mailEnabled",
    "mailNickname",
    "securityEnabled",
    "groupTypes",
];

/// `GET /domains`
pub fn list_domains() -> GraphRequest {
    GraphRequest::new(Method::Get, "/domains")
}

/// `GET /domains/{id}/verificationDnsRecords`: the TXT (and MX) records that
/// prove the domain is the tenant's.
pub fn domain_verification_records(domain: &str) -> Result<GraphRequest, RequestError> {
    let d = id(domain, "domain name")?;
    Ok(GraphRequest::new(
        Method::Get,
        format!("/domains/{d}/verificationDnsRecords"),
    ))
}

/// `GET /organization` with the fields in [`ORGANIZATION_SELECT`].
pub fn organization() -> GraphRequest {
    GraphRequest::new(Method::Get, "/organization").select(ORGANIZATION_SELECT)
}

/// `GET /groups` with the fields in [`GROUP_SELECT`].
pub fn list_groups() -> GraphRequest {
    GraphRequest::new(Method::Get, "/groups").select(GROUP_SELECT)
}

/// `GET /users` with the fields in [`USER_SELECT`].
pub fn list_users() -> GraphRequest {
    GraphRequest::new(Method::Get, "/users").select(USER_SELECT)
}

/// `GET /subscribedSkus`: the tenant's licences.
pub fn subscribed_skus() -> GraphRequest {
    GraphRequest::new(Method::Get, "/subscribedSkus")
}

/// `GET /deviceManagement?$select=id,intuneBrand`: the Company Portal
/// branding (v1.0 keeps it on deviceManagement).
pub fn device_management_branding() -> GraphRequest {
    GraphRequest::new(Method::Get, "/deviceManagement").select(&["id", "intuneBrand"])
}

/// `GET /deviceManagement/applePushNotificationCertificate`
pub fn apple_push_certificate() -> GraphRequest {
    GraphRequest::new(
        Method::Get,
        "/deviceManagement/applePushNotificationCertificate",
    )
}

/// `GET …/downloadApplePushNotificationCertificateSigningRequest()`: the
/// CSR to upload to Apple's push certificates portal.
pub fn download_apple_push_csr() -> GraphRequest {
    GraphRequest::new(
        Method::Get,
        "/deviceManagement/applePushNotificationCertificate/downloadApplePushNotificationCertificateSigningRequest()",
    )
}

/// Beta `GET /deviceManagement/importedDeviceIdentities`: the corporate
/// identifiers (IMEI, serial numbers) Intune holds.
pub fn beta_imported_device_identities() -> GraphRequest {
    GraphRequest::new(Method::Get, "/deviceManagement/importedDeviceIdentities").beta()
}

/// Beta `GET /deviceManagement/androidManagedStoreAccountEnterpriseSettings`:
/// whether managed Google Play is bound.
pub fn beta_android_managed_store() -> GraphRequest {
    GraphRequest::new(
        Method::Get,
        "/deviceManagement/androidManagedStoreAccountEnterpriseSettings",
    )
    .beta()
}

// ---- writes ----

/// `PATCH /deviceManagement/applePushNotificationCertificate`: the push
/// certificate Apple issued (PEM text) and the Apple ID it was made with.
pub fn upload_apple_push_certificate(
    apple_id: &str,
    certificate_pem: &str,
) -> Result<GraphRequest, RequestError> {
    if apple_id.trim().is_empty() {
        return Err(RequestError::Empty { what: "Apple ID" });
    }
    if certificate_pem.trim().is_empty() {
        return Err(RequestError::Empty {
            what: "push certificate",
        });
    }
    Ok(GraphRequest::new(
        Method::Patch,
        "/deviceManagement/applePushNotificationCertificate",
    )
    .body(json!({
        "appleIdentifier": apple_id.trim(),
        "certificate": certificate_pem,
    })))
}

/// `POST /domains` `{"id": name}`
pub fn add_domain(name: &str) -> Result<GraphRequest, RequestError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(RequestError::Empty {
            what: "domain name",
        });
    }
    Ok(GraphRequest::new(Method::Post, "/domains").body(json!({ "id": name })))
}

/// `POST /domains/{id}/verify` (an empty body: no takeover).
pub fn verify_domain(domain: &str) -> Result<GraphRequest, RequestError> {
    let d = id(domain, "domain name")?;
    Ok(GraphRequest::new(Method::Post, format!("/domains/{d}/verify")).body(json!({})))
}

/// `POST /organization/{id}/setMobileDeviceManagementAuthority`. The v1.0
/// action has no parameters (it sets Intune) and answers `{"value": int}`.
pub fn set_mdm_authority(organization_id: &str) -> Result<GraphRequest, RequestError> {
    let o = id(organization_id, "organization id")?;
    Ok(GraphRequest::new(
        Method::Post,
        format!("/organization/{o}/setMobileDeviceManagementAuthority"),
    ))
}

/// A security group to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGroup {
    pub display_name: String,
    pub mail_nickname: String,
    pub description: Option<String>,
}

/// Whether Microsoft accepts `s` as a group's mail nickname: 1 to 64
/// printable ASCII characters, none of them a space or `@()\[]";:<>,`.
pub fn valid_mail_nickname(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes().all(|b| {
            b.is_ascii_graphic()
                && !matches!(
                    b,
                    b'@' | b'('
                        | b')'
                        | b'\\'
                        | b'['
                        | b']'
                        | b'"'
                        | b';'
                        | b':'
                        | b'<'
                        | b'>'
                        | b','
                )
        })
}

/// `POST /groups`: a security group (not mail-enabled).
pub fn create_group(group: &NewGroup) -> Result<GraphRequest, RequestError> {
    if group.display_name.trim().is_empty() {
        return Err(RequestError::Empty { what: "group name" });
    }
    if !valid_mail_nickname(&group.mail_nickname) {
        return Err(RequestError::MailNickname(group.mail_nickname.clone()));
    }
    let mut body = json!({
        "displayName": group.display_name.trim(),
        "mailEnabled": false,
        "mailNickname": group.mail_nickname,
        "securityEnabled": true,
    });
    if let (Some(d), Some(obj)) = (&group.description, body.as_object_mut()) {
        obj.insert("description".into(), Value::String(d.clone()));
    }
    Ok(GraphRequest::new(Method::Post, "/groups").body(body))
}

/// `POST /groups/{id}/members/$ref` with the member's directory object.
pub fn add_group_member(group_id: &str, member_id: &str) -> Result<GraphRequest, RequestError> {
    let g = id(group_id, "group id")?;
    let m = id(member_id, "member id")?;
    Ok(
        GraphRequest::new(Method::Post, format!("/groups/{g}/members/$ref")).body(json!({
            "@odata.id": format!("{GRAPH_BASE}/directoryObjects/{m}")
        })),
    )
}

/// `GET /groups/{id}/members?$select=id`: who is in a group already.
pub fn list_group_members(group_id: &str) -> Result<GraphRequest, RequestError> {
    let g = id(group_id, "group id")?;
    Ok(GraphRequest::new(Method::Get, format!("/groups/{g}/members")).select(&["id"]))
}

/// `DELETE /groups/{id}/members/{member}/$ref`: takes a member out of a
/// group (the member itself stays in the directory).
pub fn remove_group_member(group_id: &str, member_id: &str) -> Result<GraphRequest, RequestError> {
    let g = id(group_id, "group id")?;
    let m = id(member_id, "member id")?;
    Ok(GraphRequest::new(
        Method::Delete,
        format!("/groups/{g}/members/{m}/$ref"),
    ))
}

/// `PATCH /groups/{id}` `{"displayName": …, "description": …}`: a group's
/// new name and description (`None` clears the description).
pub fn update_group(
    group_id: &str,
    display_name: &str,
    description: Option<&str>,
) -> Result<GraphRequest, RequestError> {
    let g = id(group_id, "group id")?;
    if display_name.trim().is_empty() {
        return Err(RequestError::Empty { what: "group name" });
    }
    Ok(
        GraphRequest::new(Method::Patch, format!("/groups/{g}")).body(json!({
            "displayName": display_name.trim(),
            "description": description,
        })),
    )
}

/// `PATCH /users/{id}` `{"usageLocation": "US"}`: licences need it.
pub fn set_usage_location(user_id: &str, country: &str) -> Result<GraphRequest, RequestError> {
    let u = id(user_id, "user id")?;
    let c = country.trim();
    if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(RequestError::UsageLocation(country.to_string()));
    }
    Ok(GraphRequest::new(Method::Patch, format!("/users/{u}"))
        .body(json!({ "usageLocation": c.to_ascii_uppercase() })))
}

/// `POST /users/{id}/assignLicense`: adds one licence, removes none.
pub fn assign_licence(user_id: &str, sku_id: &str) -> Result<GraphRequest, RequestError> {
    let u = id(user_id, "user id")?;
    if !is_guid(sku_id) {
        return Err(RequestError::SkuId(sku_id.to_string()));
    }
    Ok(
        GraphRequest::new(Method::Post, format!("/users/{u}/assignLicense")).body(json!({
            "addLicenses": [{ "disabledPlans": [], "skuId": sku_id }],
            "removeLicenses": []
        })),
    )
}

/// `POST /users/{id}/assignLicense`: removes the given licences, adds none.
pub fn remove_licences(user_id: &str, sku_ids: &[String]) -> Result<GraphRequest, RequestError> {
    let u = id(user_id, "user id")?;
    if let Some(bad) = sku_ids.iter().find(|s| !is_guid(s)) {
        return Err(RequestError::SkuId(bad.clone()));
    }
    if sku_ids.is_empty() {
        return Err(RequestError::Empty {
            what: "licences to remove",
        });
    }
    Ok(
        GraphRequest::new(Method::Post, format!("/users/{u}/assignLicense")).body(json!({
            "addLicenses": [],
            "removeLicenses": sku_ids
        })),
    )
}

/// One corporate identifier to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedDevice {
    pub identifier: String,
    /// `true`: an IMEI; `false`: a serial number.
    pub imei: bool,
    pub description: String,
}

/// Beta `POST …/importedDeviceIdentities/importDeviceIdentityList`: adds
/// the identifiers, never overwriting one Intune holds already (its result
/// says so). The platform is not known here: `unknown`.
pub fn beta_import_device_identities(
    devices: &[ImportedDevice],
) -> Result<GraphRequest, RequestError> {
    if devices.is_empty() {
        return Err(RequestError::Empty {
            what: "device list",
        });
    }
    let items: Vec<Value> = devices
        .iter()
        .map(|d| {
            let mut item = json!({
                "importedDeviceIdentifier": d.identifier,
                "importedDeviceIdentityType": if d.imei { "imei" } else { "serialNumber" },
                "platform": "unknown",
            });
            if !d.description.is_empty() {
                item["description"] = Value::String(d.description.clone());
            }
            item
        })
        .collect();
    Ok(GraphRequest::new(
        Method::Post,
        "/deviceManagement/importedDeviceIdentities/importDeviceIdentityList",
    )
    .beta()
    .body(json!({
        "importedDeviceIdentities": items,
        "overwriteImportedDeviceIdentities": false,
    })))
}

/// A logo for the Company Portal: its MIME type and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

/// The Company Portal branding the guide collects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Branding {
    pub display_name: String,
    pub contact_it_name: Option<String>,
    pub contact_it_phone_number: Option<String>,
    pub contact_it_email_address: Option<String>,
    pub contact_it_notes: Option<String>,
    pub privacy_url: Option<String>,
    pub online_support_site_url: Option<String>,
    pub online_support_site_name: Option<String>,
    /// Red, green, blue.
    pub theme_color: Option<(u8, u8, u8)>,
    pub show_logo: bool,
    pub light_background_logo: Option<Logo>,
    pub dark_background_logo: Option<Logo>,
}

fn logo(l: &Option<Logo>) -> Value {
    match l {
        Some(l) => json!({ "type": l.mime_type, "value": base64(&l.bytes) }),
        None => Value::Null,
    }
}

/// `PATCH /deviceManagement` with `intuneBrand`. Logos are sent as
/// standard base64, as in Microsoft's documented examples (the metadata
/// names the format `base64url`; to confirm against a tenant).
pub fn set_branding(b: &Branding) -> Result<GraphRequest, RequestError> {
    if b.display_name.trim().is_empty() {
        return Err(RequestError::Empty {
            what: "company name",
        });
    }
    let theme = match b.theme_color {
        Some((r, g, bl)) => json!({ "r": r, "g": g, "b": bl }),
        None => Value::Null,
    };
    Ok(
        GraphRequest::new(Method::Patch, "/deviceManagement").body(json!({
            "intuneBrand": {
                "displayName": b.display_name.trim(),
                "contactITName": b.contact_it_name,
                "contactITPhoneNumber": b.contact_it_phone_number,
                "contactITEmailAddress": b.contact_it_email_address,
                "contactITNotes": b.contact_it_notes,
                "privacyUrl": b.privacy_url,
                "onlineSupportSiteUrl": b.online_support_site_url,
                "onlineSupportSiteName": b.online_support_site_name,
                "themeColor": theme,
                "showLogo": b.show_logo,
                "lightBackgroundLogo": logo(&b.light_background_logo),
                "darkBackgroundLogo": logo(&b.dark_background_logo),
            }
        })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_and_required() {
        let r = domain_verification_records("contoso.com").unwrap();
        assert_eq!(r.path, "/domains/contoso.com/verificationDnsRecords");
        let r = set_usage_location("a#EXT#@b.onmicrosoft.com", "us").unwrap();
        assert_eq!(r.path, "/users/a%23EXT%23@b.onmicrosoft.com");
        assert_eq!(r.body, Some(json!({"usageLocation": "US"})));
        assert_eq!(
            verify_domain(" "),
            Err(RequestError::Empty {
                what: "domain name"
            })
        );
        assert!(set_usage_location("u", "USA").is_err());
        assert!(assign_licence("u", "not-a-guid").is_err());
    }

    #[test]
    fn url_has_the_select() {
        assert_eq!(
            list_users().url(GRAPH_BASE),
            "https://graph.microsoft.com/v1.0/users?$select=id,displayName,userPrincipalName,usageLocation,assignedLicenses,onPremisesSyncEnabled"
        );
    }

    #[test]
    fn mail_nicknames() {
        let g = |n: &str| NewGroup {
            display_name: "Intune users".into(),
            mail_nickname: n.into(),
            description: None,
        };
        assert!(create_group(&g("intune-users")).is_ok());
        for bad in ["", "intune users", "a@b", "x".repeat(65).as_str(), "é"] {
            assert_eq!(
                create_group(&g(bad)),
                Err(RequestError::MailNickname(bad.into()))
            );
        }
    }

    #[test]
    fn next_links_stay_on_graph() {
        let next = |link| next_page_url(GRAPH_BASE, link);
        assert!(next("https://graph.microsoft.com/v1.0/users?$skiptoken=X").is_ok());
        assert!(next("https://evil.example/v1.0/users").is_err());
        assert!(next("https://graph.microsoft.com/v1.0.evil.example/").is_err());
        assert!(next("https://graph.microsoft.com/beta/users").is_err());
        assert!(next("https://graph.microsoft.com/v1.0/users?x=1\r\nHost: evil").is_err());
        // A stand-in's address is a base like any other: the next link
        // must stay under it, with or without a trailing slash given.
        let local = "http://127.0.0.1:8080/v1.0";
        assert!(next_page_url(local, "http://127.0.0.1:8080/v1.0/users?$skiptoken=2").is_ok());
        assert!(next_page_url(
            "http://127.0.0.1:8080/v1.0/",
            "http://127.0.0.1:8080/v1.0/users"
        )
        .is_ok());
        assert!(next_page_url(local, "http://127.0.0.1:8081/v1.0/users").is_err());
        assert!(next_page_url(local, "https://graph.microsoft.com/v1.0/users").is_err());
    }
}
