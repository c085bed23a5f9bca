//! Compatibility pins: the JSON of every `Command`, the serialized
//! `DomainError` (the server's `detail`), and the stored document must stay
//! byte-for-byte identical across refactors. Literals, not round trips only.

use domain::certificate::CertificateError;
use domain::devices::{ImportError, LineProblem};
use domain::portal::PortalError;
use domain::text::TextError;
use domain::*;

const T0: Timestamp = Timestamp(1_795_730_434_000);

fn commands() -> Vec<Command> {
    let portal = CompanyPortal {
        company_name: "Contoso".into(),
        it_email: "it@contoso.com".into(),
        ..CompanyPortal::default()
    };
    vec![
        Command::SetNetworkReviewed { reviewed: true },
        Command::AddDomain {
            name: "contoso.com".into(),
        },
        Command::RemoveDomain {
            name: "contoso.com".into(),
        },
        Command::VerifyDomain {
            name: "contoso.com".into(),
            method: VerificationMethod::AdminConfirmed,
        },
        Command::VerifyDomain {
            name: "contoso.com".into(),
            method: VerificationMethod::DnsLookup,
        },
        Command::SetDefaultDomain {
            name: "contoso.com".into(),
        },
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
        Command::SavePortal {
            portal: Box::new(portal),
        },
        Command::SetTenantDomain {
            name: "fabrikam.onmicrosoft.com".into(),
        },
        Command::AddUser {
            display_name: "Ann".into(),
            upn: "ann@contoso.com".into(),
            usage_location: "US".into(),
        },
        Command::EditUser {
            id: UserId(3),
            display_name: "Ann B".into(),
            upn: "annb@contoso.com".into(),
            usage_location: "DE".into(),
        },
        Command::RemoveUser { id: UserId(3) },
        Command::ClearDirectory,
        Command::SetPurchasedLicenses { count: -2 },
        Command::AssignLicenses {
            users: vec![UserId(1), UserId(2)],
        },
        Command::RemoveLicenses {
            users: vec![UserId(2)],
        },
        Command::SetSyncStep {
            step: SyncStep::UpnSuffixAdded,
            done: true,
        },
        Command::CreateGroup {
            kind: GroupKind::User,
            name: "Sales".into(),
            description: "All sales".into(),
            users: vec![UserId(1)],
            devices: vec![],
        },
        Command::CreateGroup {
            kind: GroupKind::Device,
            name: "Kiosks".into(),
            description: String::new(),
            users: vec![],
            devices: vec!["KIOSK-1".into()],
        },
        Command::UpdateGroup {
            id: GroupId(2),
            name: "Sales".into(),
            description: "d".into(),
            users: vec![UserId(4)],
            devices: vec![],
        },
        Command::DeleteGroup { id: GroupId(2) },
        Command::CheckVersions {
            configuration_manager: "1610".into(),
            intune: "1705".into(),
        },
        Command::ChangeAuthorityDirectly {
            to: MdmAuthority::ConfigurationManager,
            confirmed: true,
        },
        Command::ChooseResetScenario {
            scenario: ResetScenario::Office365ToConfigurationManager,
            coexistence: true,
        },
        Command::SetResetItem {
            key: "remove-users".into(),
            state: Some(ItemState::NotApplicable),
        },
        Command::SetResetItem {
            key: "remove-users".into(),
            state: None,
        },
        Command::SetResetDetails {
            tenant_id: "contoso.onmicrosoft.com".into(),
            example_users: vec!["ann@contoso.com".into()],
            description: "Wrong".into(),
            other_target: Some(MdmAuthority::Office365),
        },
        Command::MarkResetRequested,
        Command::ConfirmReset,
        Command::CancelReset,
        Command::UploadApplePushCertificate {
            apple_id: "it@contoso.com".into(),
            certificate: "TUlJ".into(),
            replace_topic: false,
        },
        Command::BindAndroidForWork {
            google_account: "it@contoso.com".into(),
        },
        Command::UnbindAndroidForWork,
        Command::SetCnamesPublished {
            domain: "contoso.com".into(),
            published: true,
        },
        Command::ImportDevices {
            text: "356938035643809\nC02XYZ123".into(),
            skip_invalid: true,
        },
        Command::RemoveDevice {
            identifier: "C02XYZ123".into(),
        },
        Command::ClearDevices,
        Command::ImportSetup {
            setup: Box::new(Setup::new()),
        },
    ]
}

fn errors() -> Vec<DomainError> {
    let problem = LineProblem {
        line: 2,
        text: "12".into(),
        reason: "The identifier is empty.".into(),
    };
    vec![
        DomainError::DomainName(DomainNameError::InvalidCharacter {
            character: '\u{202E}',
        }),
        DomainError::DomainName(DomainNameError::TooLong {
            shown: "a…".into(),
            chars: 300,
        }),
        DomainError::DuplicateDomain {
            name: DomainName::parse("contoso.com").unwrap(),
        },
        DomainError::AuthorityNotConfirmed,
        DomainError::AuthorityAlreadySet {
            current: MdmAuthority::ConfigurationManager,
        },
        DomainError::Portal {
            errors: vec![
                FieldError {
                    field: PortalField::CompanyName,
                    error: PortalError::Text(TextError::Required),
                },
                FieldError {
                    field: PortalField::ThemeColor,
                    error: PortalError::Color {
                        value: "red".into(),
                    },
                },
            ],
        },
        DomainError::Directory(DirectoryError::DisplayName(TextError::TooLong {
            chars: 300,
            max: 256,
        })),
        DomainError::Directory(DirectoryError::NotEnoughLicenses {
            requested: 2,
            free: 1,
            purchased: 3,
            names: vec!["Ann".into(), "Bob".into()],
        }),
        DomainError::Group(GroupError::WrongMemberKind {
            kind: "device group".into(),
            expected: "devices".into(),
            given: "users".into(),
        }),
        DomainError::Group(GroupError::Name(TextError::ControlCharacter {
            code: "U+0007".into(),
        })),
        DomainError::Recovery(RecoveryError::VersionMonth {
            product: "Intune".into(),
            value: "1713".into(),
            month: 13,
        }),
        DomainError::Recovery(RecoveryError::Description(TextError::TooLong {
            chars: 1001,
            max: 1000,
        })),
        DomainError::ResetPending {
            expected: "2026-12-01".into(),
            latest: "2026-12-03".into(),
        },
        DomainError::Enrollment(EnrollmentError::TopicChanged {
            current: "com.apple.mgmt.External.a".into(),
            new: "com.apple.mgmt.External.b".into(),
        }),
        DomainError::Enrollment(EnrollmentError::Certificate(CertificateError::Expired {
            on: "2001-01-01".into(),
        })),
        DomainError::Enrollment(EnrollmentError::Devices(ImportError::HasProblems {
            count: 1,
            total: 2,
            problems: vec![problem],
        })),
        DomainError::Enrollment(EnrollmentError::AppleId(TextError::BadEmail {
            value: "x".into(),
            reason: "it needs an @ between the alias and the domain.".into(),
        })),
        DomainError::NotOnMicrosoft {
            name: DomainName::parse("contoso.com").unwrap(),
        },
        DomainError::Import {
            path: "directory.users[0]".into(),
            message: "the user id 1 appears twice".into(),
        },
    ]
}

/// A document with something in every area (the certificate is the
/// browser suites' fixture, so the document is the same on every run).
fn full_setup() -> Setup {
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/push-valid.pem"
    ))
    .unwrap();
    let b64 = domain::image::base64::encode(&pem);
    let mut s = Setup::new();
    for c in [
        Command::SetNetworkReviewed { reviewed: true },
        Command::AddDomain {
            name: "contoso.com".into(),
        },
        Command::VerifyDomain {
            name: "contoso.com".into(),
            method: VerificationMethod::AdminConfirmed,
        },
        Command::AddDomain {
            name: "fabrikam.com".into(),
        },
        Command::SetDefaultDomain {
            name: "contoso.com".into(),
        },
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
        Command::SavePortal {
            portal: Box::new(CompanyPortal {
                company_name: "Contoso".into(),
                it_email: "it@contoso.com".into(),
                ..CompanyPortal::default()
            }),
        },
        Command::SetPurchasedLicenses { count: 20 },
        Command::AddUser {
            display_name: "Ann".into(),
            upn: "ann@contoso.com".into(),
            usage_location: "US".into(),
        },
        Command::SetSyncStep {
            step: SyncStep::SyncRun,
            done: true,
        },
        Command::CreateGroup {
            kind: GroupKind::Device,
            name: "Kiosks".into(),
            description: "Lobby".into(),
            users: vec![],
            devices: vec!["KIOSK-1".into()],
        },
        Command::CheckVersions {
            configuration_manager: "1610".into(),
            intune: "1705".into(),
        },
        Command::UploadApplePushCertificate {
            apple_id: "it@contoso.com".into(),
            certificate: b64,
            replace_topic: false,
        },
        Command::BindAndroidForWork {
            google_account: "android@contoso.com".into(),
        },
        Command::SetCnamesPublished {
            domain: "contoso.com".into(),
            published: true,
        },
        Command::ImportDevices {
            text: "356938035643809,Front desk\nC02XYZ123".into(),
            skip_invalid: false,
        },
    ] {
        s = s.apply(c, T0).unwrap();
    }
    let mut users = Vec::new();
    for u in &s.directory.users {
        users.push(u.id);
    }
    s.apply(
        Command::AssignLicenses {
            users: users[..2].to_vec(),
        },
        T0,
    )
    .unwrap()
}

const COMMANDS_JSON: &[&str] = &[
    r##"{"type":"set_network_reviewed","reviewed":true}"##,
    r##"{"type":"add_domain","name":"contoso.com"}"##,
    r##"{"type":"remove_domain","name":"contoso.com"}"##,
    r##"{"type":"verify_domain","name":"contoso.com","method":"admin_confirmed"}"##,
    r##"{"type":"verify_domain","name":"contoso.com","method":"dns_lookup"}"##,
    r##"{"type":"set_default_domain","name":"contoso.com"}"##,
    r##"{"type":"set_authority","authority":"intune","confirmed":true}"##,
    r##"{"type":"save_portal","portal":{"company_name":"Contoso","it_contact_name":"","it_phone":"","it_email":"it@contoso.com","additional_info":"","privacy_url":"","support_url":"","website_name":"","theme_color":"#0B5CAD","include_logo":false,"logo_on_white":null,"logo_on_theme":null,"app_background":"white"}}"##,
    r##"{"type":"set_tenant_domain","name":"fabrikam.onmicrosoft.com"}"##,
    r##"{"type":"add_user","display_name":"Ann","upn":"ann@contoso.com","usage_location":"US"}"##,
    r##"{"type":"edit_user","id":3,"display_name":"Ann B","upn":"annb@contoso.com","usage_location":"DE"}"##,
    r##"{"type":"remove_user","id":3}"##,
    r##"{"type":"clear_directory"}"##,
    r##"{"type":"set_purchased_licenses","count":-2}"##,
    r##"{"type":"assign_licenses","users":[1,2]}"##,
    r##"{"type":"remove_licenses","users":[2]}"##,
    r##"{"type":"set_sync_step","step":"upn_suffix_added","done":true}"##,
    r##"{"type":"create_group","kind":"user","name":"Sales","description":"All sales","users":[1],"devices":[]}"##,
    r##"{"type":"create_group","kind":"device","name":"Kiosks","description":"","users":[],"devices":["KIOSK-1"]}"##,
    r##"{"type":"update_group","id":2,"name":"Sales","description":"d","users":[4],"devices":[]}"##,
    r##"{"type":"delete_group","id":2}"##,
    r##"{"type":"check_versions","configuration_manager":"1610","intune":"1705"}"##,
    r##"{"type":"change_authority_directly","to":"configuration_manager","confirmed":true}"##,
    r##"{"type":"choose_reset_scenario","scenario":"office365_to_configuration_manager","coexistence":true}"##,
    r##"{"type":"set_reset_item","key":"remove-users","state":"not_applicable"}"##,
    r##"{"type":"set_reset_item","key":"remove-users","state":null}"##,
    r##"{"type":"set_reset_details","tenant_id":"contoso.onmicrosoft.com","example_users":["ann@contoso.com"],"description":"Wrong","other_target":"office365"}"##,
    r##"{"type":"mark_reset_requested"}"##,
    r##"{"type":"confirm_reset"}"##,
    r##"{"type":"cancel_reset"}"##,
    r##"{"type":"upload_apple_push_certificate","apple_id":"it@contoso.com","certificate":"TUlJ","replace_topic":false}"##,
    r##"{"type":"bind_android_for_work","google_account":"it@contoso.com"}"##,
    r##"{"type":"unbind_android_for_work"}"##,
    r##"{"type":"set_cnames_published","domain":"contoso.com","published":true}"##,
    r##"{"type":"import_devices","text":"356938035643809\nC02XYZ123","skip_invalid":true}"##,
    r##"{"type":"remove_device","identifier":"C02XYZ123"}"##,
    r##"{"type":"clear_devices"}"##,
    r##"{"type":"import_setup","setup":{"schema_version":2,"revision":0,"updated_at":null,"connections":{"network_reviewed_at":null,"domains":[],"default_domain":null},"authority":null,"portal":null,"tenant_domain":"contoso.onmicrosoft.com","directory":{"users":[{"id":1,"display_name":"Adele Vance","upn":"adelev@contoso.onmicrosoft.com","source":"cloud","usage_location":"US","licensed":false},{"id":2,"display_name":"Alex Wilber","upn":"alexw@contoso.onmicrosoft.com","source":"cloud","usage_location":"US","licensed":false},{"id":3,"display_name":"Megan Bowen","upn":"meganb@contoso.onmicrosoft.com","source":"synchronized","usage_location":"GB","licensed":false},{"id":4,"display_name":"Lee Gu","upn":"leeg@contoso.onmicrosoft.com","source":"synchronized","usage_location":null,"licensed":false},{"id":5,"display_name":"Nestor Wilke","upn":"nestorw@contoso.onmicrosoft.com","source":"cloud","usage_location":null,"licensed":false}],"next_user_id":6,"purchased_licenses":25,"sync_done":[]},"groups":{"groups":[],"next_group_id":0},"recovery":{"cm_version":null,"intune_version":null,"scenario":null,"coexistence":false,"items":{},"tenant_id":"","example_users":[],"description":"","other_target":null,"pending":null,"history":[]},"enrollment":{"apple":null,"android_for_work":null,"cnames_published":[],"devices":[]}}}"##,
];

const ERRORS_JSON: &[&str] = &[
    "{\"error\":\"domain_name\",\"rule\":\"invalid_character\",\"character\":\"\u{202e}\"}",
    r##"{"error":"domain_name","rule":"too_long","shown":"a…","chars":300}"##,
    r##"{"error":"duplicate_domain","name":"contoso.com"}"##,
    r##"{"error":"authority_not_confirmed"}"##,
    r##"{"error":"authority_already_set","current":"configuration_manager"}"##,
    r##"{"error":"portal","errors":[{"field":"company_name","error":{"kind":"text","rule":"required"}},{"field":"theme_color","error":{"kind":"color","value":"red"}}]}"##,
    r##"{"error":"directory","rule":"display_name","rule":"too_long","chars":300,"max":256}"##,
    r##"{"error":"directory","rule":"not_enough_licenses","requested":2,"free":1,"purchased":3,"names":["Ann","Bob"]}"##,
    r##"{"error":"group","rule":"wrong_member_kind","kind":"device group","expected":"devices","given":"users"}"##,
    r##"{"error":"group","rule":"name","rule":"control_character","code":"U+0007"}"##,
    r##"{"error":"recovery","rule":"version_month","product":"Intune","value":"1713","month":13}"##,
    r##"{"error":"recovery","rule":"description","rule":"too_long","chars":1001,"max":1000}"##,
    r##"{"error":"reset_pending","expected":"2026-12-01","latest":"2026-12-03"}"##,
    r##"{"error":"enrollment","rule":"topic_changed","current":"com.apple.mgmt.External.a","new":"com.apple.mgmt.External.b"}"##,
    r##"{"error":"enrollment","rule":"certificate","rule":"expired","on":"2001-01-01"}"##,
    r##"{"error":"enrollment","rule":"devices","rule":"has_problems","count":1,"total":2,"problems":[{"line":2,"text":"12","reason":"The identifier is empty."}]}"##,
    r##"{"error":"enrollment","rule":"apple_id","rule":"bad_email","value":"x","reason":"it needs an @ between the alias and the domain."}"##,
    r##"{"error":"not_on_microsoft","name":"contoso.com"}"##,
    r##"{"error":"import","path":"directory.users[0]","message":"the user id 1 appears twice"}"##,
];

const ERRORS_MESSAGE: &[&str] = &[
    r##"“U+202E” is not allowed in a domain name: use letters a–z, digits, hyphens and dots (write international names in their xn-- form)."##,
    r##"“a…” is 300 characters long: a domain name can have at most 253."##,
    r##"contoso.com is already in the list (domain names ignore case)."##,
    r##"Tick the box to confirm you understand that the MDM authority is hard to change once set."##,
    r##"The MDM authority is already set to Configuration Manager with Intune (hybrid). If that is wrong, use “I chose the wrong authority”."##,
    r##"Nothing was saved. Company name: This field is required. (and 1 more problem)"##,
    r##"Display name: 300 characters: the limit is 256."##,
    r##"Nothing was changed. 2 more licenses are needed but only 1 of 3 are free; these users did not get one: Ann, Bob."##,
    r##"A device group holds devices, not users."##,
    r##"Group name: Contains a control character (U+0007), which can't be shown; remove it."##,
    r##"Intune version 1713: the month 13 is not from 01 to 12."##,
    r##"Description: 1,001 characters: the limit is 1,000."##,
    r##"Nothing can be changed while support resets the MDM authority (expected 2026-12-01, at the latest 2026-12-03): changing the setup now could corrupt it. Record that support confirmed the reset, or cancel the request."##,
    r##"The new certificate's push topic is com.apple.mgmt.External.b, but the current one is com.apple.mgmt.External.a. Replacing it means every enrolled iPhone, iPad and Mac must enroll again. Renew the existing certificate with the same Apple ID instead, or confirm that you want to replace it."##,
    r##"This certificate expired on 2001-01-01: renew it at Apple's Push Certificates Portal and upload the new one."##,
    r##"Nothing was imported: 1 of 2 lines have problems (line 2: The identifier is empty.). Fix them, or choose “Import the valid lines only”."##,
    r##"Apple ID: “x” is not an e-mail address like alias@domainname.com: it needs an @ between the alias and the domain."##,
    r##"contoso.com is not a tenant domain: it must look like yourname.onmicrosoft.com."##,
    r##"The file was not imported: the user id 1 appears twice (at directory.users[0]). Nothing was changed."##,
];

const DOCUMENT: &str = r##"{"schema_version":2,"revision":17,"updated_at":1795730434000,"connections":{"network_reviewed_at":1795730434000,"domains":[{"name":"contoso.com","added_at":1795730434000,"verification":{"at":1795730434000,"method":"admin_confirmed"}},{"name":"fabrikam.com","added_at":1795730434000,"verification":null}],"default_domain":"contoso.com"},"authority":{"authority":"intune","set_at":1795730434000},"portal":{"company_name":"Contoso","it_contact_name":"","it_phone":"","it_email":"it@contoso.com","additional_info":"","privacy_url":"","support_url":"","website_name":"","theme_color":"#0B5CAD","include_logo":false,"logo_on_white":null,"logo_on_theme":null,"app_background":"white"},"tenant_domain":"contoso.onmicrosoft.com","directory":{"users":[{"id":1,"display_name":"Adele Vance","upn":"adelev@contoso.onmicrosoft.com","source":"cloud","usage_location":"US","licensed":true},{"id":2,"display_name":"Alex Wilber","upn":"alexw@contoso.onmicrosoft.com","source":"cloud","usage_location":"US","licensed":true},{"id":3,"display_name":"Megan Bowen","upn":"meganb@contoso.onmicrosoft.com","source":"synchronized","usage_location":"GB","licensed":false},{"id":4,"display_name":"Lee Gu","upn":"leeg@contoso.onmicrosoft.com","source":"synchronized","usage_location":null,"licensed":false},{"id":5,"display_name":"Nestor Wilke","upn":"nestorw@contoso.onmicrosoft.com","source":"cloud","usage_location":null,"licensed":false},{"id":6,"display_name":"Ann","upn":"ann@contoso.com","source":"cloud","usage_location":"US","licensed":false}],"next_user_id":7,"purchased_licenses":20,"sync_done":["sync_run"]},"groups":{"groups":[{"id":1,"kind":"device","name":"Kiosks","description":"Lobby","users":[],"devices":["KIOSK-1"]}],"next_group_id":2},"recovery":{"cm_version":1610,"intune_version":1705,"scenario":null,"coexistence":false,"items":{},"tenant_id":"","example_users":[],"description":"","other_target":null,"pending":null,"history":[]},"enrollment":{"apple":{"apple_id":"it@contoso.com","certificate":{"subject":"C=US,CN=APSP:test-certificate,UID=com.apple.mgmt.External.fixture-valid","topic":"com.apple.mgmt.External.fixture-valid","serial":"11:22","not_before":4039372800000,"not_after":4070908800000},"uploaded_at":1795730434000},"android_for_work":{"google_account":"android@contoso.com","bound_at":1795730434000},"cnames_published":["contoso.com"],"devices":[{"kind":"imei","identifier":"356938035643809","description":"Front desk","added_at":1795730434000},{"kind":"serial","identifier":"C02XYZ123","description":"","added_at":1795730434000}]}}"##;

#[test]
fn every_command_keeps_its_json() {
    let commands = commands();
    assert_eq!(commands.len(), COMMANDS_JSON.len());
    for (command, expected) in commands.iter().zip(COMMANDS_JSON) {
        assert_eq!(&serde_json::to_string(command).unwrap(), expected);
        let read: Command = serde_json::from_str(expected).unwrap();
        assert_eq!(&read, command);
    }
}

/// Only the written form is pinned: some nested errors (a `TextError` inside
/// a `DirectoryError`, both tagged `rule`) cannot be read back, as before.
#[test]
fn domain_errors_keep_their_json_and_messages() {
    let errors = errors();
    assert_eq!(errors.len(), ERRORS_JSON.len());
    assert_eq!(errors.len(), ERRORS_MESSAGE.len());
    for ((error, json), message) in errors.iter().zip(ERRORS_JSON).zip(ERRORS_MESSAGE) {
        assert_eq!(&serde_json::to_string(error).unwrap(), json);
        assert_eq!(&error.to_string(), message);
    }
}

#[test]
fn the_stored_document_keeps_its_layout() {
    let setup = full_setup();
    assert_eq!(encode(&setup), DOCUMENT);
    let read = decode(DOCUMENT).unwrap();
    assert_eq!(read, setup);
    assert_eq!(encode(&read), DOCUMENT);
}

#[test]
fn a_version_1_document_still_decodes() {
    let mut v1: serde_json::Value = serde_json::from_str(DOCUMENT).unwrap();
    let object = v1.as_object_mut().unwrap();
    object.remove("enrollment");
    object.insert("schema_version".into(), serde_json::json!(1));
    let read = decode(&v1.to_string()).unwrap();
    assert_eq!(read.schema_version, SCHEMA_VERSION);
    assert_eq!(read.enrollment, Enrollment::default());
    assert_eq!(read.directory, full_setup().directory);
}
