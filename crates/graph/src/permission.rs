//! The delegated Microsoft Graph permission behind each request that
//! [`crate::request`] builds: the least-privileged one Microsoft documents
//! for a work or school account, whether an administrator must consent to
//! it, the Entra ID or Intune roles the signed-in person needs where they
//! are documented, and why the app asks for it, in words for the UI.
//!
//! The app finds the entry for a request with [`for_request`] and the
//! OAuth scopes for a set of operations with [`scopes`]. Each entry names
//! the Microsoft Graph reference page it comes from (`doc`, and the page's
//! source in `microsoftgraph/microsoft-graph-docs-contrib` in a comment).
//!
//! Where a page lists a smaller permission that cannot do what the app
//! needs, the entry says so (the organization: `User.Read` only returns its
//! id, name and verified domains, so the MDM authority needs
//! `Organization.Read.All`).

use crate::request::{GraphRequest, Method};

/// Whether an operation only reads the tenant or changes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// One Graph operation the tenant backend performs: one per builder in
/// [`crate::request`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    ListDomains,
    DomainVerificationRecords,
    Organization,
    ListGroups,
    ListGroupMembers,
    ListUsers,
    SubscribedSkus,
    DeviceManagementBranding,
    ApplePushCertificate,
    ImportedDevices,
    AndroidManagedStore,
    DownloadApplePushCsr,
    UploadApplePushCertificate,
    ImportDeviceIdentities,
    AddDomain,
    VerifyDomain,
    SetMdmAuthority,
    CreateGroup,
    AddGroupMember,
    RemoveGroupMember,
    UpdateGroup,
    SetUsageLocation,
    AssignLicence,
    SetBranding,
}

impl Operation {
    /// This operation's entry in [`ALL`].
    pub fn permission(self) -> &'static Permission {
        ALL.iter()
            .find(|p| p.operation == self)
            .expect("every operation has an entry in permission::ALL")
    }
}

/// The delegated permission one operation needs.
#[derive(Debug, PartialEq, Eq)]
pub struct Permission {
    pub operation: Operation,
    /// The builder in [`crate::request`] that makes the request.
    pub builder: &'static str,
    pub method: Method,
    /// The path under [`crate::GRAPH_BASE`]; `{name}` stands for exactly
    /// one non-empty path segment.
    pub path: &'static str,
    pub access: Access,
    /// The least-privileged delegated permission that lets the app do it:
    /// also its OAuth scope on Microsoft Graph.
    pub scope: &'static str,
    /// Whether only an administrator can consent to [`Permission::scope`]
    /// (true for every tenant-wide `*.All` permission).
    pub admin_consent: bool,
    /// The roles the signed-in person needs, where Microsoft documents
    /// them (`None`: any member of the tenant can).
    pub roles: Option<&'static str>,
    /// Which part of the app uses it.
    pub step: &'static str,
    /// Why the app asks, completing "The app asks for this permission …".
    pub why: &'static str,
    /// Microsoft's reference page for the operation.
    pub doc: &'static str,
}

/// Every operation's permission, reads first, then writes (the order of
/// [`scopes`]).
pub const ALL: &[Permission] = &[
    // api-reference/v1.0/api/domain-list.md: Domain.Read.All least
    // privileged (then Domain.ReadWrite.All, Directory.Read.All). The role
    // list includes ordinary users.
    Permission {
        operation: Operation::ListDomains,
        builder: "list_domains",
        method: Method::Get,
        path: "/domains",
        access: Access::Read,
        scope: "Domain.Read.All",
        admin_consent: true,
        roles: None,
        step: "Step 1 (domains)",
        why: "to list your domains and whether Microsoft has verified them",
        doc: "https://learn.microsoft.com/graph/api/domain-list?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/domain-list-verificationdnsrecords.md:
    // Domain.Read.All least privileged (then Domain.ReadWrite.All); least
    // privileged roles Domain Name Administrator or Global Reader.
    Permission {
        operation: Operation::DomainVerificationRecords,
        builder: "domain_verification_records",
        method: Method::Get,
        path: "/domains/{domain}/verificationDnsRecords",
        access: Access::Read,
        scope: "Domain.Read.All",
        admin_consent: true,
        roles: Some("Domain Name Administrator or Global Reader"),
        step: "Step 1 (domains)",
        why: "to show the TXT record that proves a domain is yours",
        doc: "https://learn.microsoft.com/graph/api/domain-list-verificationdnsrecords?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/organization-list.md: User.Read, then
    // Organization.Read.All, Directory.Read.All. With User.Read only id,
    // displayName and verifiedDomains come back (the rest is null), so the
    // MDM authority and directory sync need Organization.Read.All. The role
    // list includes ordinary users.
    Permission {
        operation: Operation::Organization,
        builder: "organization",
        method: Method::Get,
        path: "/organization",
        access: Access::Read,
        scope: "Organization.Read.All",
        admin_consent: true,
        roles: None,
        step: "Settings (connection test), step 2 (MDM authority)",
        why: "to read your organization's name, its MDM authority and whether its directory is synchronized from on-premises",
        doc: "https://learn.microsoft.com/graph/api/organization-list?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/group-list.md (and
    // includes/permissions/group-list-permissions.md): GroupMember.Read.All
    // least privileged (then Group.Read.All, Directory.Read.All, …).
    Permission {
        operation: Operation::ListGroups,
        builder: "list_groups",
        method: Method::Get,
        path: "/groups",
        access: Access::Read,
        scope: "GroupMember.Read.All",
        admin_consent: true,
        roles: None,
        step: "Step 3 (groups)",
        why: "to list your groups, so a group you already have is not created twice",
        doc: "https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/group-list-members.md: GroupMember.Read.All
    // least privileged (then Group.Read.All, Directory.Read.All, …).
    Permission {
        operation: Operation::ListGroupMembers,
        builder: "list_group_members",
        method: Method::Get,
        path: "/groups/{group}/members",
        access: Access::Read,
        scope: "GroupMember.Read.All",
        admin_consent: true,
        roles: None,
        step: "Step 3 (groups)",
        why: "to see who is in a group already, so no one is added twice",
        doc: "https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/user-list.md: User.ReadBasic.All, then
    // User.Read.All, … User.ReadBasic.All covers names and e-mail only, not
    // the usage location or licences the app reads: User.Read.All.
    Permission {
        operation: Operation::ListUsers,
        builder: "list_users",
        method: Method::Get,
        path: "/users",
        access: Access::Read,
        scope: "User.Read.All",
        admin_consent: true,
        roles: None,
        step: "Step 5 (users and licences)",
        why: "to list your users with their usage location, licences and whether they are synchronized from on-premises",
        doc: "https://learn.microsoft.com/graph/api/user-list?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/subscribedsku-list.md: LicenseAssignment.Read.All
    // least privileged (older versions: Organization.Read.All, still listed
    // as higher); least privileged roles Global Reader or Directory Readers.
    Permission {
        operation: Operation::SubscribedSkus,
        builder: "subscribed_skus",
        method: Method::Get,
        path: "/subscribedSkus",
        access: Access::Read,
        scope: "LicenseAssignment.Read.All",
        admin_consent: true,
        roles: Some("Global Reader or Directory Readers"),
        step: "Step 5 (users and licences)",
        why: "to count the Intune licences you have bought and those still free",
        doc: "https://learn.microsoft.com/graph/api/subscribedsku-list?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/intune-onboarding-devicemanagement-get.md
    // (intuneBrand is an onboarding setting; intune-shared-devicemanagement-get.md
    // lists it under "Onboarding"): DeviceManagementServiceConfig.Read.All,
    // then DeviceManagementServiceConfig.ReadWrite.All. Intune's pages name
    // no role; Intune's own documentation gives these settings to the
    // Intune Administrator.
    Permission {
        operation: Operation::DeviceManagementBranding,
        builder: "device_management_branding",
        method: Method::Get,
        path: "/deviceManagement",
        access: Access::Read,
        scope: "DeviceManagementServiceConfig.Read.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 4 (Company Portal)",
        why: "to read the Company Portal branding already set in Intune",
        doc: "https://learn.microsoft.com/graph/api/intune-onboarding-devicemanagement-get?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/intune-devices-applepushnotificationcertificate-get.md:
    // DeviceManagementServiceConfig.ReadWrite.All and
    // DeviceManagementManagedDevices.Read.All; the only read permission
    // listed is the latter (older versions of the page:
    // DeviceManagementManagedDevices.Read.All / ReadWrite.All).
    Permission {
        operation: Operation::ApplePushCertificate,
        builder: "apple_push_certificate",
        method: Method::Get,
        path: "/deviceManagement/applePushNotificationCertificate",
        access: Access::Read,
        scope: "DeviceManagementManagedDevices.Read.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 6 (enrollment: Apple push certificate)",
        why: "to see whether an Apple push certificate is uploaded and when it expires",
        doc: "https://learn.microsoft.com/graph/api/intune-devices-applepushnotificationcertificate-get?view=graph-rest-1.0",
    },
    // Beta (graph-beta-intune-prereq-names.json, paths):
    // DeviceManagementServiceConfig.(Read|ReadWrite).All.
    Permission {
        operation: Operation::ImportedDevices,
        builder: "beta_imported_device_identities",
        method: Method::Get,
        path: "/deviceManagement/importedDeviceIdentities",
        access: Access::Read,
        scope: "DeviceManagementServiceConfig.Read.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 6 (enrollment: corporate identifiers)",
        why: "to count the corporate identifiers (IMEI, serial numbers) Intune holds",
        doc: "https://learn.microsoft.com/graph/api/intune-enrollment-importeddeviceidentity-list?view=graph-rest-beta",
    },
    // Beta: DeviceManagementConfiguration.(Read|ReadWrite).All.
    Permission {
        operation: Operation::AndroidManagedStore,
        builder: "beta_android_managed_store",
        method: Method::Get,
        path: "/deviceManagement/androidManagedStoreAccountEnterpriseSettings",
        access: Access::Read,
        scope: "DeviceManagementConfiguration.Read.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 6 (enrollment: Android)",
        why: "to see whether managed Google Play is bound",
        doc: "https://learn.microsoft.com/graph/api/intune-androidforwork-androidmanagedstoreaccountenterprisesettings-get?view=graph-rest-beta",
    },
    // api-reference/v1.0/api/intune-devices-applepushnotificationcertificate-downloadapplepushnotificationcertificatesigningrequest.md:
    // DeviceManagementServiceConfig.ReadWrite.All (then
    // DeviceManagementConfiguration.ReadWrite.All). A GET, but Intune makes
    // the key pair behind the request and keeps it for the certificate to
    // come, and no read permission is listed: a write here.
    Permission {
        operation: Operation::DownloadApplePushCsr,
        builder: "download_apple_push_csr",
        method: Method::Get,
        path: "/deviceManagement/applePushNotificationCertificate/downloadApplePushNotificationCertificateSigningRequest()",
        access: Access::Write,
        scope: "DeviceManagementServiceConfig.ReadWrite.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 6 (enrollment: Apple push certificate)",
        why: "to have Intune make the certificate signing request you upload to Apple",
        doc: "https://learn.microsoft.com/graph/api/intune-devices-applepushnotificationcertificate-downloadapplepushnotificationcertificatesigningrequest?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/intune-devices-applepushnotificationcertificate-update.md:
    // DeviceManagementServiceConfig.ReadWrite.All (least privileged).
    Permission {
        operation: Operation::UploadApplePushCertificate,
        builder: "upload_apple_push_certificate",
        method: Method::Patch,
        path: "/deviceManagement/applePushNotificationCertificate",
        access: Access::Write,
        scope: "DeviceManagementServiceConfig.ReadWrite.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 6 (enrollment: Apple push certificate)",
        why: "to upload the push certificate Apple issued, with its Apple ID",
        doc: "https://learn.microsoft.com/graph/api/intune-devices-applepushnotificationcertificate-update?view=graph-rest-1.0",
    },
    // Beta: DeviceManagementServiceConfig.ReadWrite.All.
    Permission {
        operation: Operation::ImportDeviceIdentities,
        builder: "beta_import_device_identities",
        method: Method::Post,
        path: "/deviceManagement/importedDeviceIdentities/importDeviceIdentityList",
        access: Access::Write,
        scope: "DeviceManagementServiceConfig.ReadWrite.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 6 (enrollment: corporate identifiers)",
        why: "to import the corporate identifiers you list",
        doc: "https://learn.microsoft.com/graph/api/intune-enrollment-importeddeviceidentity-importdeviceidentitylist?view=graph-rest-beta",
    },
    // api-reference/v1.0/api/domain-post-domains.md: Domain.ReadWrite.All
    // (nothing higher); at least the Domain Name Administrator role.
    Permission {
        operation: Operation::AddDomain,
        builder: "add_domain",
        method: Method::Post,
        path: "/domains",
        access: Access::Write,
        scope: "Domain.ReadWrite.All",
        admin_consent: true,
        roles: Some("Domain Name Administrator (or Global Administrator)"),
        step: "Step 1 (domains)",
        why: "to add your custom domain to the tenant",
        doc: "https://learn.microsoft.com/graph/api/domain-post-domains?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/domain-verify.md: Domain.ReadWrite.All
    // (nothing higher); Domain Name Administrator is the least privileged
    // role.
    Permission {
        operation: Operation::VerifyDomain,
        builder: "verify_domain",
        method: Method::Post,
        path: "/domains/{domain}/verify",
        access: Access::Write,
        scope: "Domain.ReadWrite.All",
        admin_consent: true,
        roles: Some("Domain Name Administrator (or Global Administrator)"),
        step: "Step 1 (domains)",
        why: "to ask Microsoft to verify a domain once its TXT record is published",
        doc: "https://learn.microsoft.com/graph/api/domain-verify?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/intune-onboarding-organization-setmobiledevicemanagementauthority.md
    // (the brief's organization-setmobiledevicemanagementauthority.md is
    // published under this name): DeviceManagementServiceConfig.ReadWrite.All.
    Permission {
        operation: Operation::SetMdmAuthority,
        builder: "set_mdm_authority",
        method: Method::Post,
        path: "/organization/{organization}/setMobileDeviceManagementAuthority",
        access: Access::Write,
        scope: "DeviceManagementServiceConfig.ReadWrite.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 2 (MDM authority)",
        why: "to set Intune as your MDM authority",
        doc: "https://learn.microsoft.com/graph/api/intune-onboarding-organization-setmobiledevicemanagementauthority?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/group-post-groups.md (and
    // includes/permissions/group-post-groups-permissions.md):
    // Group.ReadWrite.All for delegated access (Group.Create is for
    // applications only).
    Permission {
        operation: Operation::CreateGroup,
        builder: "create_group",
        method: Method::Post,
        path: "/groups",
        access: Access::Write,
        scope: "Group.ReadWrite.All",
        admin_consent: true,
        roles: Some("Groups Administrator or User Administrator"),
        step: "Step 3 (groups)",
        why: "to create the security groups you plan for users and devices",
        doc: "https://learn.microsoft.com/graph/api/group-post-groups?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/group-post-members.md: GroupMember.ReadWrite.All
    // for a user member; roles: group owner, Groups Administrator, User
    // Administrator, Directory Writers, Intune Administrator (security
    // groups only), among others.
    Permission {
        operation: Operation::AddGroupMember,
        builder: "add_group_member",
        method: Method::Post,
        path: "/groups/{group}/members/$ref",
        access: Access::Write,
        scope: "GroupMember.ReadWrite.All",
        admin_consent: true,
        roles: Some("Groups Administrator, User Administrator, Intune Administrator (security groups) or the group's owner"),
        step: "Step 3 (groups)",
        why: "to add the users you chose to a group",
        doc: "https://learn.microsoft.com/graph/api/group-post-members?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/group-delete-members.md:
    // GroupMember.ReadWrite.All least privileged (then Group.ReadWrite.All,
    // Directory.ReadWrite.All); the same roles as adding a member.
    Permission {
        operation: Operation::RemoveGroupMember,
        builder: "remove_group_member",
        method: Method::Delete,
        path: "/groups/{group}/members/{member}/$ref",
        access: Access::Write,
        scope: "GroupMember.ReadWrite.All",
        admin_consent: true,
        roles: Some("Groups Administrator, User Administrator, Intune Administrator (security groups) or the group's owner"),
        step: "Step 3 (groups)",
        why: "to take out of a group the users you removed from it",
        doc: "https://learn.microsoft.com/graph/api/group-delete-members?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/group-update.md: Group.ReadWrite.All least
    // privileged (then Directory.ReadWrite.All); Groups Administrator is
    // the least privileged role for a security group.
    Permission {
        operation: Operation::UpdateGroup,
        builder: "update_group",
        method: Method::Patch,
        path: "/groups/{group}",
        access: Access::Write,
        scope: "Group.ReadWrite.All",
        admin_consent: true,
        roles: Some("Groups Administrator or User Administrator"),
        step: "Step 3 (groups)",
        why: "to rename a group or change its description",
        doc: "https://learn.microsoft.com/graph/api/group-update?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/user-update.md: User.ReadWrite covers only the
    // signed-in person; another user's usage location needs
    // User.ReadWrite.All (the narrower User.ManageIdentities.All and
    // User.EnableDisableAccount.All cover other properties).
    Permission {
        operation: Operation::SetUsageLocation,
        builder: "set_usage_location",
        method: Method::Patch,
        path: "/users/{user}",
        access: Access::Write,
        scope: "User.ReadWrite.All",
        admin_consent: true,
        roles: Some("User Administrator"),
        step: "Step 5 (users and licences)",
        why: "to set a user's usage location, which Microsoft requires before a licence is assigned",
        doc: "https://learn.microsoft.com/graph/api/user-update?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/user-assignlicense.md (and
    // includes/permissions/user-assignlicense-permissions.md):
    // LicenseAssignment.ReadWrite.All least privileged (then
    // User.ReadWrite.All, Directory.ReadWrite.All); roles License
    // Administrator, User Administrator or Directory Writers.
    Permission {
        operation: Operation::AssignLicence,
        builder: "assign_licence",
        method: Method::Post,
        path: "/users/{user}/assignLicense",
        access: Access::Write,
        scope: "LicenseAssignment.ReadWrite.All",
        admin_consent: true,
        roles: Some("License Administrator or User Administrator"),
        step: "Step 5 (users and licences)",
        why: "to assign or remove the Intune licence of the users you chose",
        doc: "https://learn.microsoft.com/graph/api/user-assignlicense?view=graph-rest-1.0",
    },
    // api-reference/v1.0/api/intune-onboarding-devicemanagement-update.md
    // (intune-shared-devicemanagement-update.md: intuneBrand is in the
    // "Onboarding" workflow): DeviceManagementServiceConfig.ReadWrite.All.
    Permission {
        operation: Operation::SetBranding,
        builder: "set_branding",
        method: Method::Patch,
        path: "/deviceManagement",
        access: Access::Write,
        scope: "DeviceManagementServiceConfig.ReadWrite.All",
        admin_consent: true,
        roles: Some("Intune Administrator or Global Administrator"),
        step: "Step 4 (Company Portal)",
        why: "to save your Company Portal branding in Intune",
        doc: "https://learn.microsoft.com/graph/api/intune-onboarding-devicemanagement-update?view=graph-rest-1.0",
    },
];

/// Whether `path` (already percent-encoded segments) has the shape of
/// `pattern`.
fn path_matches(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) => {
                let any = w.starts_with('{') && w.ends_with('}');
                if (any && g.is_empty()) || (!any && w != g) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The entry for the operation `request` performs (its method and path;
/// query options do not matter), or `None` for a request no builder makes.
pub fn for_request(request: &GraphRequest) -> Option<&'static Permission> {
    ALL.iter()
        .find(|p| p.method == request.method && path_matches(p.path, &request.path))
}

/// The OAuth scopes to ask for so that the app can perform `operations`:
/// each scope once, in the order of [`ALL`] whatever the order given.
/// Sign-in adds `openid` and `offline_access` itself (see
/// [`crate::pkce::SIGN_IN_SCOPES`]).
pub fn scopes(operations: impl IntoIterator<Item = Operation>) -> Vec<&'static str> {
    let wanted: Vec<Operation> = operations.into_iter().collect();
    let mut out: Vec<&'static str> = Vec::new();
    for p in ALL.iter().filter(|p| wanted.contains(&p.operation)) {
        if !out.contains(&p.scope) {
            out.push(p.scope);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pkce::SIGN_IN_SCOPES;
    use crate::request::{self, Branding, NewGroup};
    use std::collections::BTreeSet;

    const USER: &str = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
    const GROUP: &str = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
    const ORG: &str = "84841066-274d-4ec0-a5c1-276be684bdd3";
    const SKU: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";

    /// Every builder in request.rs with sample arguments.
    fn samples() -> Vec<(&'static str, GraphRequest)> {
        vec![
            ("list_domains", request::list_domains()),
            (
                "domain_verification_records",
                request::domain_verification_records("contoso.com").unwrap(),
            ),
            ("organization", request::organization()),
            ("list_groups", request::list_groups()),
            (
                "list_group_members",
                request::list_group_members(GROUP).unwrap(),
            ),
            ("list_users", request::list_users()),
            ("subscribed_skus", request::subscribed_skus()),
            (
                "device_management_branding",
                request::device_management_branding(),
            ),
            ("apple_push_certificate", request::apple_push_certificate()),
            (
                "download_apple_push_csr",
                request::download_apple_push_csr(),
            ),
            ("add_domain", request::add_domain("fabrikam.com").unwrap()),
            (
                "verify_domain",
                request::verify_domain("fabrikam.com").unwrap(),
            ),
            (
                "set_mdm_authority",
                request::set_mdm_authority(ORG).unwrap(),
            ),
            (
                "create_group",
                request::create_group(&NewGroup {
                    display_name: "Intune users".into(),
                    mail_nickname: "intune-users".into(),
                    description: None,
                })
                .unwrap(),
            ),
            (
                "add_group_member",
                request::add_group_member(GROUP, USER).unwrap(),
            ),
            (
                "remove_group_member",
                request::remove_group_member(GROUP, USER).unwrap(),
            ),
            (
                "update_group",
                request::update_group(GROUP, "Intune pilot", None).unwrap(),
            ),
            (
                "set_usage_location",
                request::set_usage_location("a#EXT#@b.onmicrosoft.com", "fr").unwrap(),
            ),
            (
                "assign_licence",
                request::assign_licence(USER, SKU).unwrap(),
            ),
            (
                "beta_imported_device_identities",
                request::beta_imported_device_identities(),
            ),
            (
                "beta_android_managed_store",
                request::beta_android_managed_store(),
            ),
            (
                "beta_import_device_identities",
                request::beta_import_device_identities(&[request::ImportedDevice {
                    identifier: "490154203237518".into(),
                    imei: true,
                    description: String::new(),
                }])
                .unwrap(),
            ),
            (
                "upload_apple_push_certificate",
                request::upload_apple_push_certificate(
                    "apple@contoso.com",
                    "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n",
                )
                .unwrap(),
            ),
            (
                "remove_licences",
                request::remove_licences(USER, &[SKU.to_string()]).unwrap(),
            ),
            (
                "set_branding",
                request::set_branding(&Branding {
                    display_name: "Contoso".into(),
                    ..Default::default()
                })
                .unwrap(),
            ),
        ]
    }

    /// Builders of the same operation as another's (one entry serves both).
    const SAME_OPERATION: &[(&str, &str)] = &[("remove_licences", "assign_licence")];

    fn same_operation(builder: &str) -> &str {
        SAME_OPERATION
            .iter()
            .find(|(b, _)| *b == builder)
            .map_or(builder, |(_, entry)| entry)
    }

    /// The names of request.rs's public functions that return a request.
    fn builders_in_source() -> BTreeSet<String> {
        let source = include_str!("request.rs");
        source
            .split("pub fn ")
            .skip(1)
            .filter_map(|rest| {
                let signature = &rest[..rest.find('{')?];
                let (name, returns) = signature.split_once("->")?;
                let name = &name[..name.find('(')?];
                returns
                    .contains("GraphRequest")
                    .then(|| name.trim().to_string())
            })
            .collect()
    }

    #[test]
    fn every_builder_has_an_entry() {
        let samples = samples();
        for (builder, req) in &samples {
            let p = for_request(req).unwrap_or_else(|| {
                panic!("no permission for {builder}: {:?} {}", req.method, req.path)
            });
            assert_eq!(
                p.builder,
                same_operation(builder),
                "{} {}",
                req.method.as_str(),
                req.path
            );
            assert_eq!(p.operation.permission(), p);
        }
        let sampled: BTreeSet<String> = samples.iter().map(|(b, _)| b.to_string()).collect();
        let in_source = builders_in_source();
        assert!(in_source.contains("list_domains") && in_source.contains("set_branding"));
        assert_eq!(sampled, in_source, "a builder without a sample here");
        let mut listed: BTreeSet<String> = ALL.iter().map(|p| p.builder.to_string()).collect();
        listed.extend(SAME_OPERATION.iter().map(|(b, _)| b.to_string()));
        assert_eq!(listed, in_source, "ALL and request.rs disagree");
    }

    #[test]
    fn reads_ask_for_read_and_writes_for_read_write() {
        for p in ALL {
            match p.access {
                Access::Read => {
                    assert!(
                        p.scope.contains(".Read") && !p.scope.contains("ReadWrite"),
                        "{}: {}",
                        p.builder,
                        p.scope
                    );
                    assert_eq!(p.method, Method::Get, "{}", p.builder);
                }
                Access::Write => {
                    assert!(p.scope.contains(".ReadWrite"), "{}: {}", p.builder, p.scope)
                }
            }
            // GET only reads, except the CSR download (see its entry).
            assert_eq!(
                p.method == Method::Get,
                p.access == Access::Read || p.operation == Operation::DownloadApplePushCsr,
                "{}",
                p.builder
            );
            assert!(
                !p.why.is_empty() && p.why.starts_with("to ") && !p.why.ends_with('.'),
                "{}",
                p.builder
            );
            assert!(
                p.doc.starts_with("https://learn.microsoft.com/graph/api/")
                    && p.doc.ends_with(if p.builder.starts_with("beta_") {
                        "?view=graph-rest-beta"
                    } else {
                        "?view=graph-rest-1.0"
                    }),
                "{}",
                p.builder
            );
            assert_eq!(p.admin_consent, p.scope.ends_with(".All"), "{}", p.builder);
        }
    }

    #[test]
    fn all_has_no_duplicates() {
        let ops: BTreeSet<Operation> = ALL.iter().map(|p| p.operation).collect();
        assert_eq!(ops.len(), ALL.len());
        let builders: BTreeSet<&str> = ALL.iter().map(|p| p.builder).collect();
        assert_eq!(builders.len(), ALL.len());
        let routes: BTreeSet<(&str, &str)> =
            ALL.iter().map(|p| (p.method.as_str(), p.path)).collect();
        assert_eq!(routes.len(), ALL.len());
        // No two patterns can match the same request.
        for a in ALL {
            for b in ALL {
                if a.operation != b.operation && a.method == b.method {
                    assert!(!path_matches(a.path, b.path), "{} / {}", a.path, b.path);
                }
            }
        }
        // Reads come before writes, as documented.
        let first_write = ALL.iter().position(|p| p.access == Access::Write).unwrap();
        assert!(ALL[first_write..].iter().all(|p| p.access == Access::Write));
    }

    #[test]
    fn requests_no_builder_makes_have_no_entry() {
        let get = |path: &str| GraphRequest {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            body: None,
            beta: false,
        };
        for path in [
            "/domains/contoso.com",
            "/domains//verificationDnsRecords",
            "/domains/contoso.com/serviceConfigurationRecords",
            "/users/u/licenseDetails",
            "/groups/g/owners",
            "/groups/g/members/m",
            "/organization/o",
            "/me",
            "",
        ] {
            assert_eq!(for_request(&get(path)), None, "{path}");
        }
        let mut delete = request::list_groups();
        delete.method = Method::Delete;
        assert_eq!(for_request(&delete), None);
        // Deleting a group is never built: no entry for it.
        let mut delete_group = request::update_group(GROUP, "x", None).unwrap();
        delete_group.method = Method::Delete;
        delete_group.body = None;
        assert_eq!(for_request(&delete_group), None);
        let mut post_users = request::list_users();
        post_users.method = Method::Post;
        assert_eq!(for_request(&post_users), None);
        // Query options do not change the operation.
        let mut paged = request::list_users();
        paged.query.push(("$skiptoken".into(), "X".into()));
        assert_eq!(for_request(&paged).unwrap().operation, Operation::ListUsers);
    }

    #[test]
    fn scopes_are_deduplicated_in_a_stable_order() {
        use Operation::*;
        assert_eq!(
            scopes([
                SetBranding,
                DeviceManagementBranding,
                SetMdmAuthority,
                ListDomains
            ]),
            [
                "Domain.Read.All",
                "DeviceManagementServiceConfig.Read.All",
                "DeviceManagementServiceConfig.ReadWrite.All"
            ]
        );
        assert_eq!(
            scopes([
                ListDomains,
                SetMdmAuthority,
                SetBranding,
                DeviceManagementBranding
            ]),
            scopes([
                SetBranding,
                DeviceManagementBranding,
                SetMdmAuthority,
                ListDomains
            ])
        );
        assert_eq!(
            scopes([AddDomain, VerifyDomain, AddDomain]),
            ["Domain.ReadWrite.All"]
        );
        assert!(scopes([]).is_empty());
        let every = scopes(ALL.iter().map(|p| p.operation));
        let distinct: BTreeSet<&str> = ALL.iter().map(|p| p.scope).collect();
        assert_eq!(every.len(), distinct.len());
        // Usable as OAuth scopes: one word each.
        assert!(every
            .iter()
            .all(|s| !s.is_empty() && !s.contains(char::is_whitespace)));
    }

    #[test]
    fn sign_in_asks_for_what_the_connection_test_reads() {
        // Settings' connection test reads the organization; Step 1 lists
        // the domains.
        for req in [request::organization(), request::list_domains()] {
            let p = for_request(&req).unwrap();
            assert!(SIGN_IN_SCOPES.contains(&p.scope), "{}", p.scope);
        }
    }
}
