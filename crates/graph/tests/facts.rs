//! What each step shows "from your tenant", from Graph answers shaped like
//! Microsoft's documented examples.

use graph::facts::{self, Fact, Tone};
use graph::model::*;
use graph::parse_one;
use serde_json::json;

fn read<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    parse_one(&v.to_string(), "sample").expect("sample reads")
}

fn find<'a>(facts: &'a [Fact], subject: &str) -> &'a Fact {
    facts
        .iter()
        .find(|f| f.subject == subject)
        .unwrap_or_else(|| panic!("no fact about {subject} in {facts:?}"))
}

#[test]
fn domains_verified_initial_and_to_verify_with_the_txt_record() {
    let domains: Vec<Domain> = read(json!([
        {"id": "contoso.onmicrosoft.com", "isVerified": true, "isInitial": true, "isDefault": true},
        {"id": "contoso.com", "isVerified": true, "isInitial": false},
        {"id": "fabrikam.com", "isVerified": false, "isInitial": false}
    ]));
    let records: Vec<DomainDnsRecord> = read(json!([
        {"id": "1", "recordType": "Mx", "label": "fabrikam.com", "isOptional": false, "mailExchange": "x"},
        {"id": "2", "recordType": "Txt", "label": "fabrikam.com", "isOptional": false, "ttl": 3600, "text": "MS=ms1234"}
    ]));
    let f = facts::domains(&domains, &[("FABRIKAM.com".into(), records)]);
    assert_eq!(f.len(), 3);
    assert_eq!(find(&f, "contoso.onmicrosoft.com").tone, Tone::Info);
    assert_eq!(find(&f, "contoso.com").tone, Tone::Done);
    let todo = find(&f, "fabrikam.com");
    assert_eq!(todo.tone, Tone::ToDo);
    assert!(todo.state.contains("MS=ms1234"), "{}", todo.state);
    assert!(todo.state.contains("TTL 3600"), "{}", todo.state);
    // No records read for it: still to do, without a value.
    let f = facts::domains(&domains, &[]);
    assert_eq!(find(&f, "fabrikam.com").state, "not verified yet");
    assert_eq!(facts::domains(&[], &[])[0].tone, Tone::ToDo);
}

#[test]
fn authority_each_value() {
    let org = |a: &str| -> Organization {
        read(json!({"id": "o", "displayName": "Contoso", "mobileDeviceManagementAuthority": a}))
    };
    let f = facts::authority(&org("intune"));
    assert_eq!(find(&f, "Organization").state, "Contoso");
    assert_eq!(find(&f, "MDM authority").tone, Tone::Done);
    assert_eq!(
        find(&facts::authority(&org("unknown")), "MDM authority").tone,
        Tone::ToDo
    );
    let o365 = facts::authority(&org("office365"));
    let a = find(&o365, "MDM authority");
    assert_eq!(a.tone, Tone::ToDo);
    assert!(a.state.contains("Recovery"), "{}", a.state);
}

#[test]
fn groups_kinds() {
    let groups: Vec<Group> = read(json!([
        {"id": "g1", "displayName": "Intune users", "securityEnabled": true, "groupTypes": [], "description": "All enrolled"},
        {"id": "g2", "displayName": "Sales", "securityEnabled": false, "groupTypes": ["Unified"]},
        {"id": "g3", "displayName": "News", "securityEnabled": false, "groupTypes": []}
    ]));
    let f = facts::groups(&groups);
    assert_eq!(find(&f, "Groups").state, "3 in the tenant");
    assert_eq!(
        find(&f, "Intune users").state,
        "security group: All enrolled"
    );
    assert_eq!(find(&f, "Sales").state, "Microsoft 365 group");
    assert_eq!(find(&f, "News").state, "distribution list");
    assert_eq!(facts::groups(&[])[0].tone, Tone::ToDo);
}

#[test]
fn portal_branding() {
    let brand: IntuneBrand = read(json!({
        "displayName": "Contoso IT", "contactITName": "", "contactITPhoneNumber": "+1 555 0100",
        "themeColor": {"r": 0, "g": 120, "b": 212}, "showLogo": true,
        "lightBackgroundLogo": {"type": "image/png", "value": "iVBORw0KGgo="}
    }));
    let f = facts::portal(Some(&brand));
    assert_eq!(find(&f, "Company name").tone, Tone::Done);
    assert_eq!(find(&f, "IT contact name").state, "not set");
    assert_eq!(find(&f, "Theme colour").state, "#0078D4");
    assert_eq!(find(&f, "Logo").state, "uploaded and shown");
    let none = facts::portal(None);
    assert_eq!(find(&none, "Company name").tone, Tone::ToDo);
    assert_eq!(find(&none, "Logo").state, "none uploaded");
}

fn skus(with_intune: bool, enabled: i64, consumed: i64) -> Vec<SubscribedSku> {
    let plan = if with_intune {
        "INTUNE_A"
    } else {
        "EXCHANGE_S_ENTERPRISE"
    };
    read(json!([{
        "id": "x", "skuId": "efccb6f7-5641-4e0e-bd10-b4976e1bf68e", "skuPartNumber": "EMS",
        "consumedUnits": consumed, "prepaidUnits": {"enabled": enabled},
        "servicePlans": [{"servicePlanName": plan, "servicePlanId": "c1ec4a95-1f05-45b3-a911-aa3fa01094f5"}]
    }]))
}

#[test]
fn licences_seats_users_and_sync() {
    let org: Organization = read(
        json!({"id": "o", "onPremisesSyncEnabled": true, "onPremisesLastSyncDateTime": "2026-11-30T08:00:00Z"}),
    );
    let users: Vec<User> = read(json!([
        {"id": "1", "userPrincipalName": "adele@contoso.com", "usageLocation": "US",
         "assignedLicenses": [{"skuId": "efccb6f7-5641-4e0e-bd10-b4976e1bf68e", "disabledPlans": []}]},
        {"id": "2", "userPrincipalName": "alex@contoso.com", "usageLocation": "FR", "assignedLicenses": []},
        {"id": "3", "userPrincipalName": "megan@contoso.com", "usageLocation": null, "assignedLicenses": []}
    ]));
    let f = facts::licences(&org, &skus(true, 25, 1), &users);
    assert_eq!(
        find(&f, "EMS").state,
        "includes Intune: 24 of 25 seats free (1 assigned)"
    );
    assert_eq!(
        find(&f, "Users").state,
        "3 in the tenant, 1 with an Intune licence"
    );
    assert!(find(&f, "Directory sync")
        .state
        .contains("2026-11-30T08:00:00Z"));
    assert!(find(&f, "alex@contoso.com")
        .state
        .contains("usage location FR"));
    assert!(find(&f, "megan@contoso.com")
        .state
        .contains("no usage location"));
    assert!(f.iter().all(|x| x.subject != "adele@contoso.com"));
    // No seat left.
    assert_eq!(
        find(&facts::licences(&org, &skus(true, 1, 1), &users), "EMS").tone,
        Tone::ToDo
    );
    // A tenant without Intune: said so, whatever the SKU is called.
    let none = facts::licences(&org, &skus(false, 25, 0), &users);
    let l = find(&none, "Intune licences");
    assert_eq!(l.tone, Tone::ToDo);
    assert!(l.state.contains("INTUNE_A"));
    assert_eq!(
        find(&none, "Users").state,
        "3 in the tenant, 0 with an Intune licence"
    );
}

#[test]
fn many_users_are_summarised() {
    let org: Organization = read(json!({"id": "o"}));
    let users: Vec<User> = (0..40)
        .map(|i| {
            read(json!({"id": format!("{i}"), "userPrincipalName": format!("u{i}@contoso.com")}))
        })
        .collect();
    let f = facts::licences(&org, &[], &users);
    assert_eq!(
        find(&f, "More users").state,
        "15 more without an Intune licence"
    );
    assert_eq!(
        find(&f, "Directory sync").state,
        "off: users are created in the cloud"
    );
    assert_eq!(
        f.iter()
            .filter(|x| x.subject.ends_with("@contoso.com"))
            .count(),
        facts::USERS_LISTED
    );
}

#[test]
fn apple_push_certificate_expiry() {
    let today = domain::Date {
        year: 2026,
        month: 12,
        day: 1,
    };
    let cert = |expiry: &str| -> ApplePushNotificationCertificate {
        read(
            json!({"id": "c", "appleIdentifier": "mdm@contoso.com", "topicIdentifier": "com.apple.mgmt.External.x", "expirationDateTime": expiry}),
        )
    };
    let f = facts::enrollment(Some(&cert("2027-06-01T00:00:00Z")), today);
    let c = find(&f, "Apple MDM push certificate");
    assert_eq!(
        (c.tone, c.state.as_str()),
        (Tone::Done, "valid until 2027-06-01 (182 days)")
    );
    assert_eq!(find(&f, "Apple ID").state, "mdm@contoso.com");
    let soon = facts::enrollment(Some(&cert("2026-12-31T00:00:00Z")), today);
    assert!(find(&soon, "Apple MDM push certificate")
        .state
        .contains("in 30 days"));
    let gone = facts::enrollment(Some(&cert("2026-11-30T23:59:59Z")), today);
    assert!(find(&gone, "Apple MDM push certificate")
        .state
        .starts_with("expired on 2026-11-30"));
    assert_eq!(facts::enrollment(None, today)[0].tone, Tone::ToDo);
    // Graph's empty certificate object (nothing uploaded) reads as none.
    let empty: ApplePushNotificationCertificate = read(json!({"id": "c"}));
    assert!(facts::enrollment(Some(&empty), today)[0]
        .state
        .starts_with("none uploaded"));
    let never: ApplePushNotificationCertificate = read(json!({"id": "c", "topicIdentifier": null,
        "appleIdentifier": null, "expirationDateTime": "0001-01-01T00:00:00Z"}));
    assert!(facts::enrollment(Some(&never), today)[0]
        .state
        .starts_with("none uploaded"));
    let bad = facts::enrollment(Some(&cert("soon")), today);
    assert_eq!(find(&bad, "Apple MDM push certificate").tone, Tone::Info);
}

#[test]
fn corporate_identifiers_and_managed_google_play() {
    use graph::facts::{android_store, corporate_identifiers};
    use graph::{AndroidManagedStoreSettings, ImportedDeviceIdentity};
    let id = |kind: &str| ImportedDeviceIdentity {
        imported_device_identity_type: Some(kind.into()),
        ..Default::default()
    };
    assert_eq!(
        corporate_identifiers(&[]).state,
        "none imported into Intune"
    );
    let f = corporate_identifiers(&[
        id("imei"),
        id("serialNumber"),
        id("imei"),
        id("manufacturerModelSerial"),
    ]);
    assert_eq!(f.state, "4 in Intune (2 IMEI, 1 serial number, 1 other)");
    assert_eq!(f.tone, Tone::Info);
    let bound = AndroidManagedStoreSettings {
        bind_status: Some("boundAndValidated".into()),
        owner_user_principal_name: Some("admin@contoso.com".into()),
        ..Default::default()
    };
    assert_eq!(android_store(&bound).state, "bound by admin@contoso.com");
    assert_eq!(android_store(&bound).tone, Tone::Done);
    let unbound = AndroidManagedStoreSettings {
        bind_status: Some("notBound".into()),
        ..Default::default()
    };
    assert_eq!(android_store(&unbound).tone, Tone::ToDo);
    assert!(android_store(&unbound).state.starts_with("not bound"));
}
