//! Hostile input against every text field of the app, field by field: values
//! at and one over each limit (in 1- and 4-byte characters), right-to-left
//! text, spaces around, markup meant to run as script, control characters,
//! and for the address fields every unsafe or malformed kind of URL.
//!
//! Each field is exercised the way the app uses it: the message its form
//! shows, and the command that stores it. The two must agree (a value the
//! form refuses is refused by the command, with the same message inside;
//! a value the form accepts is stored, normalised). The tables give the
//! exact outcome; the property tests then check the rules over generated
//! hostile strings.

mod common;
use common::*;
use domain::backend_settings::{check_server_url, check_tenant, check_token};
use domain::devices::{parse_devices, MAX_IMPORT_LINES};
use domain::directory::parse_license_count;
use domain::groups::check_device_name;
use domain::portal::{theme_color, CompanyPortal, PortalField};
use domain::recovery::{check_example_user, check_tenant_id, parse_version};
use domain::text::grouped;
use domain::{
    encode, Command, Directory, GroupKind, MdmAuthority, Setup, Timestamp, VerificationMethod,
};
use proptest::prelude::*;
use std::sync::OnceLock;

const XSS_SCRIPT: &str = "<script>alert(1)</script>";
const XSS_IMG: &str = "\"><img src=x onerror=window.__pwned=1>";
const HEBREW: &str = "שלום עולם";
const ARABIC: &str = "مرحبا بالعالم";
const EMOJI: &str = "😀";
/// A verified domain of 48 characters, so a user name can reach 113.
const LONG_DOMAIN: &str = "dddddddddddddddddddddddddddddddddddddddddddd.com";

type Outcome = Result<String, String>;
/// A field as the tests drive it: the input in, its outcome out.
type Check = fn(&str) -> Outcome;

fn ok(value: impl Into<String>) -> Outcome {
    Ok(value.into())
}

fn no(message: impl Into<String>) -> Outcome {
    Err(message.into())
}

fn rep(s: &str, n: usize) -> String {
    s.repeat(n)
}

/// The first `n` characters and "…", as messages shorten long values.
fn short(value: &str, n: usize) -> String {
    if value.chars().count() <= n {
        value.to_owned()
    } else {
        format!("{}…", value.chars().take(n).collect::<String>())
    }
}

fn too_long(prefix: &str, chars: usize, max: usize) -> Outcome {
    let (chars, max) = (grouped(chars as u64), grouped(max as u64));
    no(format!("{prefix}{chars} characters: the limit is {max}."))
}

/// A control character, or an invisible or direction-changing one, by its
/// `U+XXXX` code.
fn control(prefix: &str, code: &str) -> Outcome {
    let c = u32::from_str_radix(&code[2..], 16)
        .ok()
        .and_then(char::from_u32)
        .expect("a U+XXXX code");
    if c.is_control() {
        no(format!(
            "{prefix}Contains a control character ({code}), which can't be shown; remove it."
        ))
    } else {
        no(format!(
            "{prefix}Contains an invisible or direction-changing character ({code}), which would make the text read differently from what it holds; remove it."
        ))
    }
}

// ---------------------------------------------------------------------------
// The document every field is tried against: the authority set, two verified
// domains (one 48 characters long) and the sample directory.

fn base() -> &'static Setup {
    static BASE: OnceLock<Setup> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut setup = Setup::new();
        let commands = [
            Command::SetAuthority {
                authority: MdmAuthority::Intune,
                confirmed: true,
            },
            Command::AddDomain {
                name: "contoso.com".into(),
            },
            Command::VerifyDomain {
                name: "contoso.com".into(),
                method: VerificationMethod::AdminConfirmed,
            },
            Command::AddDomain {
                name: LONG_DOMAIN.into(),
            },
            Command::VerifyDomain {
                name: LONG_DOMAIN.into(),
                method: VerificationMethod::AdminConfirmed,
            },
        ];
        for command in commands {
            setup = setup.apply(command, T0).expect("base set-up");
        }
        setup
    })
}

/// A genuine push certificate valid at `T0`, base64-encoded as the app sends it.
fn certificate() -> &'static str {
    static CERT: OnceLock<String> = OnceLock::new();
    CERT.get_or_init(|| {
        let cert = domain::testing::push_certificate(
            Some("com.apple.mgmt.External.0f0f0f0f-hostile"),
            &[7, 7],
            Timestamp(T0.0 + 300 * DAY),
        );
        domain::image::base64::encode(cert.pem.as_bytes())
    })
}

/// Runs `command` on the base document: the form and the command must agree.
fn through(
    field: &str,
    input: &str,
    form: Option<String>,
    command: Command,
    stored: impl Fn(&Setup) -> String,
) -> Outcome {
    let before = base();
    let snapshot = encode(before);
    let result = before.apply(command, T0);
    assert_eq!(
        encode(before),
        snapshot,
        "{field}: applying changed the input"
    );
    match (form, result) {
        (None, Ok(after)) => {
            assert_eq!(after.revision, before.revision + 1);
            Ok(stored(&after))
        }
        (Some(message), Err(refusal)) => {
            let said = refusal.to_string();
            assert!(
                said.contains(&message),
                "{field}: for {input:?} the form says {message:?} but the command says {said:?}"
            );
            Err(message)
        }
        (None, Err(refusal)) => {
            panic!("{field}: the form accepts {input:?} but the command refuses it: {refusal}")
        }
        (Some(message), Ok(_)) => {
            panic!("{field}: the form refuses {input:?} ({message}) but the command stores it")
        }
    }
}

// ---------------------------------------------------------------------------
// Every field: what its form shows, and what its command stores.

fn domain_name(input: &str) -> Outcome {
    let form = base().check_new_domain(input).err().map(|e| e.to_string());
    let command = Command::AddDomain { name: input.into() };
    through("domain name", input, form, command, |s| {
        s.connections.domains.last().unwrap().name.to_string()
    })
}

fn group_name(input: &str) -> Outcome {
    let form = base()
        .groups
        .check_details(None, input, "")
        .err()
        .map(|e| e.to_string());
    let command = Command::CreateGroup {
        kind: GroupKind::User,
        name: input.into(),
        description: String::new(),
        users: vec![],
        devices: vec![],
    };
    through("group name", input, form, command, |s| {
        s.groups.groups.last().unwrap().name.clone()
    })
}

fn group_description(input: &str) -> Outcome {
    let form = base()
        .groups
        .check_details(None, "Sales", input)
        .err()
        .map(|e| e.to_string());
    let command = Command::CreateGroup {
        kind: GroupKind::User,
        name: "Sales".into(),
        description: input.into(),
        users: vec![],
        devices: vec![],
    };
    through("group description", input, form, command, |s| {
        s.groups.groups.last().unwrap().description.clone()
    })
}

fn device_name(input: &str) -> Outcome {
    let form = check_device_name(input).err().map(|e| e.to_string());
    let command = Command::CreateGroup {
        kind: GroupKind::Device,
        name: "Kiosks".into(),
        description: String::new(),
        users: vec![],
        devices: vec![input.into()],
    };
    through("device name", input, form, command, |s| {
        s.groups.groups.last().unwrap().devices[0].clone()
    })
}

fn valid_portal() -> CompanyPortal {
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

fn portal_text(portal: &CompanyPortal, field: PortalField) -> &String {
    match field {
        PortalField::CompanyName => &portal.company_name,
        PortalField::ItContactName => &portal.it_contact_name,
        PortalField::ItPhone => &portal.it_phone,
        PortalField::ItEmail => &portal.it_email,
        PortalField::AdditionalInfo => &portal.additional_info,
        PortalField::PrivacyUrl => &portal.privacy_url,
        PortalField::SupportUrl => &portal.support_url,
        PortalField::WebsiteName => &portal.website_name,
        _ => &portal.theme_color,
    }
}

fn portal(field: PortalField, input: &str) -> Outcome {
    let mut draft = valid_portal();
    let slot = match field {
        PortalField::CompanyName => &mut draft.company_name,
        PortalField::ItContactName => &mut draft.it_contact_name,
        PortalField::ItPhone => &mut draft.it_phone,
        PortalField::ItEmail => &mut draft.it_email,
        PortalField::AdditionalInfo => &mut draft.additional_info,
        PortalField::PrivacyUrl => &mut draft.privacy_url,
        PortalField::SupportUrl => &mut draft.support_url,
        PortalField::WebsiteName => &mut draft.website_name,
        PortalField::ThemeColor => &mut draft.theme_color,
        PortalField::LogoOnWhite | PortalField::LogoOnTheme => unreachable!("not text"),
    };
    *slot = input.to_owned();
    if field == PortalField::SupportUrl {
        // A website name needs a URL: leave it out while the URL is tried.
        draft.website_name.clear();
    }
    // The form shows the field's own message, and nothing for the others.
    let form = draft.check_field(field).err().map(|e| e.to_string());
    for other in PortalField::ALL.into_iter().filter(|f| *f != field) {
        assert_eq!(draft.check_field(other), Ok(()), "{other} stays valid");
    }
    let command = Command::SavePortal {
        portal: Box::new(draft),
    };
    through(field.label(), input, form, command, move |s| {
        portal_text(s.portal.as_ref().unwrap(), field).clone()
    })
}

fn company_name(input: &str) -> Outcome {
    portal(PortalField::CompanyName, input)
}
fn it_contact_name(input: &str) -> Outcome {
    portal(PortalField::ItContactName, input)
}
fn it_phone(input: &str) -> Outcome {
    portal(PortalField::ItPhone, input)
}
fn it_email(input: &str) -> Outcome {
    portal(PortalField::ItEmail, input)
}
fn additional_info(input: &str) -> Outcome {
    portal(PortalField::AdditionalInfo, input)
}
fn privacy_url(input: &str) -> Outcome {
    portal(PortalField::PrivacyUrl, input)
}
fn support_url(input: &str) -> Outcome {
    portal(PortalField::SupportUrl, input)
}
fn website_name(input: &str) -> Outcome {
    portal(PortalField::WebsiteName, input)
}
fn theme(input: &str) -> Outcome {
    let outcome = portal(PortalField::ThemeColor, input);
    assert_eq!(
        outcome,
        theme_color(input).map_err(|e| e.to_string()),
        "the form and the normaliser agree"
    );
    outcome
}

fn new_user(display_name: &str, upn: &str, usage_location: &str) -> Command {
    Command::AddUser {
        display_name: display_name.into(),
        upn: upn.into(),
        usage_location: usage_location.into(),
    }
}

fn display_name(input: &str) -> Outcome {
    let form = Directory::check_display_name(input)
        .err()
        .map(|e| e.to_string());
    through(
        "display name",
        input,
        form,
        new_user(input, "new.user@contoso.com", "US"),
        |s| s.directory.users.last().unwrap().display_name.clone(),
    )
}

fn upn(input: &str) -> Outcome {
    let s = base();
    let form = s
        .directory
        .check_upn(None, input, &s.connections, &s.tenant_domain)
        .err()
        .map(|e| e.to_string());
    through(
        "user name",
        input,
        form,
        new_user("New User", input, "US"),
        |s| s.directory.users.last().unwrap().upn.clone(),
    )
}

fn usage_location(input: &str) -> Outcome {
    let form = Directory::check_usage_location(input)
        .err()
        .map(|e| e.to_string());
    through(
        "usage location",
        input,
        form,
        new_user("New User", "new.user@contoso.com", input),
        |s| {
            s.directory
                .users
                .last()
                .unwrap()
                .usage_location
                .map(|l| l.code().to_owned())
                .unwrap_or_default()
        },
    )
}

fn purchased_licenses(input: &str) -> Outcome {
    // The form refuses what is not a number; the command refuses the range.
    let count = parse_license_count(input).map_err(|e| e.to_string())?;
    let command = Command::SetPurchasedLicenses { count };
    let form = base()
        .apply(command.clone(), T0)
        .err()
        .map(|e| e.to_string());
    through("purchased licenses", input, form, command, |s| {
        s.directory.purchased_licenses.to_string()
    })
}

/// The Apple ID and Google account fields: required addresses.
fn account_form(label: &str, input: &str) -> Option<String> {
    if input.trim().is_empty() {
        return Some(format!("{label}: This field is required."));
    }
    domain::address::email(input, domain::enrollment::MAX_ACCOUNT)
        .err()
        .map(|e| format!("{label}: {e}"))
}

fn apple_id(input: &str) -> Outcome {
    let command = Command::UploadApplePushCertificate {
        apple_id: input.into(),
        certificate: certificate().into(),
        replace_topic: false,
    };
    through(
        "Apple ID",
        input,
        account_form("Apple ID", input),
        command,
        |s| s.enrollment.apple.as_ref().unwrap().apple_id.clone(),
    )
}

fn google_account(input: &str) -> Outcome {
    let command = Command::BindAndroidForWork {
        google_account: input.into(),
    };
    through(
        "Google account",
        input,
        account_form("Google account", input),
        command,
        |s| {
            s.enrollment
                .android_for_work
                .as_ref()
                .unwrap()
                .google_account
                .clone()
        },
    )
}

/// One line of the corporate device list: the preview's reason for it, or
/// the stored `IDENTIFIER|description`.
fn device_line(input: &str) -> Outcome {
    let form = match parse_devices(input, &base().enrollment.devices) {
        Err(e) => Some(e.to_string()),
        Ok(import) => import.problems.first().map(|p| p.reason.clone()),
    };
    let command = Command::ImportDevices {
        text: input.into(),
        skip_invalid: false,
    };
    through("device list", input, form, command, |s| {
        let d = s.enrollment.devices.last().unwrap();
        format!("{}|{}", d.identifier, d.description)
    })
}

fn versions(cm: &str, intune: &str, input: &str) -> Outcome {
    let form = parse_version("Configuration Manager", "1610", cm)
        .and_then(|_| parse_version("Intune", "1705", intune))
        .err()
        .map(|e| e.to_string());
    let command = Command::CheckVersions {
        configuration_manager: cm.into(),
        intune: intune.into(),
    };
    through("versions", input, form, command, |s| {
        format!(
            "{}/{}",
            s.recovery.cm_version.unwrap(),
            s.recovery.intune_version.unwrap()
        )
    })
}

fn cm_version(input: &str) -> Outcome {
    versions(input, "1705", input)
}

fn intune_version(input: &str) -> Outcome {
    versions("1610", input, input)
}

fn reset_details(tenant_id: &str, user: &str, description: &str) -> Command {
    Command::SetResetDetails {
        tenant_id: tenant_id.into(),
        example_users: vec![user.into()],
        description: description.into(),
        other_target: None,
    }
}

fn tenant_id(input: &str) -> Outcome {
    let form = if input.trim().is_empty() {
        None
    } else {
        check_tenant_id(input).err().map(|e| e.to_string())
    };
    through(
        "tenant ID",
        input,
        form,
        reset_details(input, "", ""),
        |s| s.recovery.tenant_id.clone(),
    )
}

fn example_user(input: &str) -> Outcome {
    let form = if input.trim().is_empty() {
        None
    } else {
        check_example_user(input).err().map(|e| e.to_string())
    };
    through(
        "example user",
        input,
        form,
        reset_details("", input, ""),
        |s| s.recovery.example_users.join("\n"),
    )
}

fn reset_description(input: &str) -> Outcome {
    let form = domain::text::clean(input, domain::recovery::MAX_DESCRIPTION_CHARS)
        .err()
        .map(|e| format!("Description: {e}"));
    through(
        "description",
        input,
        form,
        reset_details("", "", input),
        |s| s.recovery.description.clone(),
    )
}

fn server_url(input: &str) -> Outcome {
    check_server_url(input).map_err(|e| e.to_string())
}

fn server_tenant(input: &str) -> Outcome {
    // The settings page trims before checking, as saving does.
    check_tenant(input.trim()).map_err(|e| e.to_string())
}

fn server_token(input: &str) -> Outcome {
    check_token(input).map_err(|e| e.to_string())
}

/// Every text field, for the property tests.
const FIELDS: &[(&str, Check)] = &[
    ("domain name", domain_name),
    ("group name", group_name),
    ("group description", group_description),
    ("device name", device_name),
    ("company name", company_name),
    ("IT contact name", it_contact_name),
    ("IT phone", it_phone),
    ("IT email", it_email),
    ("additional information", additional_info),
    ("privacy URL", privacy_url),
    ("support URL", support_url),
    ("website name", website_name),
    ("theme color", theme),
    ("display name", display_name),
    ("user name", upn),
    ("usage location", usage_location),
    ("purchased licenses", purchased_licenses),
    ("Apple ID", apple_id),
    ("Google account", google_account),
    ("device list", device_line),
    ("Configuration Manager version", cm_version),
    ("Intune version", intune_version),
    ("tenant ID", tenant_id),
    ("example user", example_user),
    ("reset description", reset_description),
    ("server URL", server_url),
    ("server tenant", server_tenant),
    ("server token", server_token),
];

// ---------------------------------------------------------------------------
// The tables.

/// Checks every row and reports every mismatch at once.
fn check(field: &str, f: Check, rows: Vec<(String, Outcome)>) {
    let mismatches: Vec<String> = rows
        .into_iter()
        .filter_map(|(input, expected)| {
            let actual = f(&input);
            (actual != expected)
                .then(|| format!("  {input:?}\n    expected {expected:?}\n    actual   {actual:?}"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{field}: {} rows differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

macro_rules! rows {
    ($($input:expr => $expected:expr),* $(,)?) => {
        vec![$((String::from($input), $expected)),*]
    };
}

fn bad_domain_character(c: &str) -> String {
    format!("“{c}” is not allowed in a domain name: use letters a–z, digits, hyphens and dots (write international names in their xn-- form).")
}

#[test]
fn step_1_domain_name() {
    let at_max = format!(
        "{}.{}.{}.{}",
        rep("a", 63),
        rep("b", 63),
        rep("c", 63),
        rep("d", 61)
    );
    let over = format!("{at_max}d");
    assert_eq!((at_max.len(), over.len()), (253, 254));
    check(
        "domain name",
        domain_name,
        rows![
            at_max.clone() => ok(at_max.clone()),
            over => no(format!("“{}” is 254 characters long: a domain name can have at most 253.", short(&over_name(), 40))),
            "  Fabrikam.COM.  " => ok("fabrikam.com"),
            "contoso.com" => no("contoso.com is already in the list (domain names ignore case)."),
            "CONTOSO.COM " => no("contoso.com is already in the list (domain names ignore case)."),
            format!("{EMOJI}.com") => no(bad_domain_character(EMOJI)),
            "שלום.com" => no(bad_domain_character("ש")),
            "مرحبا.com" => no(bad_domain_character("م")),
            XSS_SCRIPT => no(bad_domain_character("<")),
            XSS_IMG => no(bad_domain_character("\"")),
            "javascript:alert(1)" => no(bad_domain_character(":")),
            "conto\u{7}so.com" => no(bad_domain_character("U+0007")),
            "contoso.com\u{0}" => no(bad_domain_character("U+0000")),
            "\u{1b}[31mcontoso.com" => no(bad_domain_character("U+001B")),
            "   " => no("Enter a domain name, such as contoso.com."),
            "contoso" => no("“contoso” is a single label: a domain name needs at least two, such as contoso.com."),
            "-contoso.com" => no("The label “-contoso” starts or ends with a hyphen: hyphens are allowed only inside a label."),
        ],
    );
}

fn over_name() -> String {
    format!(
        "{}.{}.{}.{}",
        rep("a", 63),
        rep("b", 63),
        rep("c", 63),
        rep("d", 62)
    )
}

#[test]
fn step_3_group_name_description_and_device_names() {
    check(
        "group name",
        group_name,
        rows![
            rep("g", 256) => ok(rep("g", 256)),
            rep("g", 257) => too_long("Group name: ", 257, 256),
            rep(EMOJI, 256) => ok(rep(EMOJI, 256)),
            rep(EMOJI, 257) => too_long("Group name: ", 257, 256),
            HEBREW => ok(HEBREW),
            ARABIC => ok(ARABIC),
            format!("  {HEBREW}  ") => ok(HEBREW),
            "  Sales team  " => ok("Sales team"),
            XSS_SCRIPT => ok(XSS_SCRIPT),
            XSS_IMG => ok(XSS_IMG),
            "Sales\u{7}" => control("Group name: ", "U+0007"),
            "Sa\u{0}les" => control("Group name: ", "U+0000"),
            "Sales\nteam" => control("Group name: ", "U+000A"),
            "Sales\u{9f}" => control("Group name: ", "U+009F"),
            "Sales\u{202E}maet" => control("Group name: ", "U+202E"),
            "Sa\u{200B}les" => control("Group name: ", "U+200B"),
            "   " => no("Group name: This field is required."),
            " intune USERS " => no("“Intune users” is the built-in group of licensed users; choose another name."),
        ],
    );
    check(
        "group description",
        group_description,
        rows![
            "" => ok(""),
            rep("d", 1024) => ok(rep("d", 1024)),
            rep("d", 1025) => too_long("Description: ", 1025, 1024),
            rep(EMOJI, 1024) => ok(rep(EMOJI, 1024)),
            rep(EMOJI, 1025) => too_long("Description: ", 1025, 1024),
            ARABIC => ok(ARABIC),
            "  Field staff  " => ok("Field staff"),
            XSS_SCRIPT => ok(XSS_SCRIPT),
            XSS_IMG => ok(XSS_IMG),
            "Field\u{7}staff" => control("Description: ", "U+0007"),
        ],
    );
    let device = |name: &str, reason: &str| no(format!("Device name “{name}”: {reason}"));
    let not_allowed =
        |c: &str| format!("“{c}” is not allowed: use letters, digits and hyphens only.");
    check(
        "device name",
        device_name,
        rows![
            rep("D", 15) => ok(rep("D", 15)),
            rep("D", 16) => device(&rep("D", 16), "16 characters: the limit is 15."),
            rep(EMOJI, 16) => device(&rep(EMOJI, 16), "16 characters: the limit is 15."),
            "  Kiosk-01  " => ok("Kiosk-01"),
            EMOJI => device(EMOJI, &not_allowed(EMOJI)),
            "שלום" => device("שלום", &not_allowed("ש")),
            "<b>" => device("<b>", &not_allowed("<")),
            XSS_SCRIPT => device(&short(XSS_SCRIPT, 20), "25 characters: the limit is 15."),
            XSS_IMG => device(&short(XSS_IMG, 20), "38 characters: the limit is 15."),
            "PC\u{7}1" => device("PC[U+0007]1", &not_allowed("U+0007")),
            "  " => device("", "it is empty."),
        ],
    );
}

#[test]
fn step_4_company_name() {
    let not_allowed = |c: &str| {
        no(format!(
            "“{c}” is not allowed: use letters, digits and spaces only."
        ))
    };
    check(
        "company name",
        company_name,
        rows![
            rep("C", 40) => ok(rep("C", 40)),
            rep("C", 41) => too_long("", 41, 40),
            // 𝒜 is a 4-byte letter: 40 of them are 160 bytes, and fit.
            rep("𝒜", 40) => ok(rep("𝒜", 40)),
            rep("𝒜", 41) => too_long("", 41, 40),
            format!("  {}  ", rep("C", 40)) => ok(rep("C", 40)),
            HEBREW => ok(HEBREW),
            ARABIC => ok(ARABIC),
            "  Contoso Ltd  " => ok("Contoso Ltd"),
            EMOJI => not_allowed(EMOJI),
            XSS_SCRIPT => not_allowed("<"),
            XSS_IMG => not_allowed("\""),
            "Con\u{7}toso" => control("", "U+0007"),
            "   " => no("This field is required."),
        ],
    );
}

/// The portal's free-text fields share one rule: trimmed, no control
/// characters, at most `max` characters; anything else is kept verbatim.
fn free_text_rows(max: usize) -> Vec<(String, Outcome)> {
    rows![
        "" => ok(""),
        rep("é", max) => ok(rep("é", max)),
        rep("é", max + 1) => too_long("", max + 1, max),
        rep(EMOJI, max) => ok(rep(EMOJI, max)),
        rep(EMOJI, max + 1) => too_long("", max + 1, max),
        format!("  {}  ", rep("x", max)) => ok(rep("x", max)),
        HEBREW => ok(HEBREW),
        ARABIC => ok(ARABIC),
        format!("Service {HEBREW} desk") => ok(format!("Service {HEBREW} desk")),
        XSS_SCRIPT => ok(XSS_SCRIPT),
        XSS_IMG => ok(XSS_IMG),
        "Help\u{7}desk" => control("", "U+0007"),
        "\u{0}Helpdesk" => control("", "U+0000"),
        "Help\u{1b}[2Jdesk" => control("", "U+001B"),
        "Help\u{85}desk" => control("", "U+0085"),
    ]
}

#[test]
fn step_4_contact_name_additional_information_and_website_name() {
    check("IT contact name", it_contact_name, free_text_rows(40));
    check(
        "additional information",
        additional_info,
        free_text_rows(120),
    );
    check("website name", website_name, free_text_rows(40));
}

#[test]
fn step_4_phone() {
    let not_allowed = |c: &str| {
        no(format!(
            "“{c}” is not allowed: use digits, spaces and + - ( ) . only."
        ))
    };
    check(
        "IT phone",
        it_phone,
        rows![
            rep("1", 20) => ok(rep("1", 20)),
            rep("1", 21) => too_long("", 21, 20),
            "  +1 (425) 555-0100  " => ok("+1 (425) 555-0100"),
            EMOJI => not_allowed(EMOJI),
            "٣٣٣" => not_allowed("٣"),
            "שלום" => not_allowed("ש"),
            XSS_SCRIPT => too_long("", 25, 20),
            "<b>1</b>" => not_allowed("<"),
            "555\u{7}0100" => control("", "U+0007"),
        ],
    );
}

#[test]
fn step_4_email() {
    let bad = |value: &str, reason: &str| {
        no(format!(
            "“{value}” is not an e-mail address like alias@domainname.com: {reason}"
        ))
    };
    let at_max = format!("{}@contoso.com", rep("a", 28));
    let over = format!("{}@contoso.com", rep("a", 29));
    check(
        "IT email",
        it_email,
        rows![
            at_max.clone() => ok(at_max),
            over => too_long("", 41, 40),
            "  IT@Contoso.com  " => ok("IT@Contoso.com"),
            format!("{EMOJI}@contoso.com") => bad(&format!("{EMOJI}@contoso.com"), &format!("“{EMOJI}” is not allowed in the alias.")),
            format!("it@{EMOJI}.com") => bad(&format!("it@{EMOJI}.com"), &bad_domain_character(EMOJI)),
            "שלום@contoso.com" => bad("שלום@contoso.com", "“ש” is not allowed in the alias."),
            XSS_SCRIPT => bad(XSS_SCRIPT, "it needs an @ between the alias and the domain."),
            XSS_IMG => bad(XSS_IMG, "it needs an @ between the alias and the domain."),
            "it@contoso.com<script>" => bad("it@contoso.com<script>", &bad_domain_character("<")),
            "javascript:alert(1)@x.com" => bad("javascript:alert(1)@x.com", "“:” is not allowed in the alias."),
            "it\u{7}@contoso.com" => control("", "U+0007"),
        ],
    );
}

/// The rows every https-only address field shares.
fn url_rows(base: &str, max: usize) -> Vec<(String, Outcome)> {
    let fill = max - base.chars().count();
    let not_https = |scheme: &str| {
        no(format!(
            "The address uses {scheme}: — only https:// addresses are accepted."
        ))
    };
    let not_absolute = |value: &str| {
        no(format!("“{value}” is not a web address starting with https:// (for example https://www.contoso.com)."))
    };
    let no_host =
        "The address has no host name after https:// (for example https://www.contoso.com).";
    let blank = "The address contains a space or other blank character; encode it as %20.";
    rows![
        "" => ok(""),
        format!("{base}{}", rep("p", fill)) => ok(format!("{base}{}", rep("p", fill))),
        format!("{base}{}", rep("p", fill + 1)) => too_long("", max + 1, max),
        // Characters, not bytes: 4-byte characters count once.
        format!("{base}{}", rep(EMOJI, fill)) => ok(format!("{base}{}", rep(EMOJI, fill))),
        format!("{base}{}", rep(EMOJI, fill + 1)) => too_long("", max + 1, max),
        format!("  {base}x  ") => ok(format!("{base}x")),
        format!("{base}שלום") => ok(format!("{base}שלום")),
        "javascript:alert(1)" => not_https("javascript"),
        "JavaScript:alert(1)" => not_https("javascript"),
        "  javascript:alert(1)" => not_https("javascript"),
        "vbscript:msgbox(1)" => not_https("vbscript"),
        "data:text/html,x" => not_https("data"),
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" => not_https("data"),
        "http://contoso.com" => not_https("http"),
        "file:///etc/passwd" => not_https("file"),
        "/privacy" => not_absolute("/privacy"),
        "//contoso.com/privacy" => not_absolute("//contoso.com/privacy"),
        "contoso.com/privacy" => not_absolute("contoso.com/privacy"),
        XSS_SCRIPT => not_absolute(XSS_SCRIPT),
        XSS_IMG => no(blank),
        format!("{base}\"><img src=x onerror=window.__pwned=1>") => no(blank),
        "https://" => no(no_host),
        "https:///privacy" => no(no_host),
        "https:contoso.com" => no(no_host),
        format!("https://{EMOJI}.com") => no(format!("The host “{EMOJI}.com” is not valid: {}", bad_domain_character(EMOJI))),
        "https://user:pw@contoso.com" => no("The address must not contain a user name or password (“@” before the host)."),
        "java\u{7}script:alert(1)" => control("", "U+0007"),
        "\u{1}javascript:alert(1)" => control("", "U+0001"),
        format!("{base}\u{0}") => control("", "U+0000"),
    ]
}

#[test]
fn step_4_privacy_and_support_urls() {
    check(
        "privacy URL",
        privacy_url,
        url_rows("https://contoso.com/", 79),
    );
    check(
        "support URL",
        support_url,
        url_rows("https://help.contoso.com/", 150),
    );
}

#[test]
fn step_4_theme_color() {
    let bad = |value: &str| {
        no(format!(
            "“{value}” is not a color written as #RRGGBB (for example #0B5CAD)."
        ))
    };
    check(
        "theme color",
        theme,
        rows![
            "#0b5cad" => ok("#0B5CAD"),
            "  0B5CAD  " => ok("#0B5CAD"),
            "#0B5CAD0" => bad("#0B5CAD0"),
            "#0B5CA" => bad("#0B5CA"),
            EMOJI => bad(EMOJI),
            "#ＡＢＣＤＥＦ" => bad("#ＡＢＣＤＥＦ"),
            HEBREW => bad(HEBREW),
            XSS_SCRIPT => bad(&short(XSS_SCRIPT, 20)),
            "red;background:url(x)" => bad(&short("red;background:url(x)", 20)),
            "#12\u{7}456" => bad("#12[U+0007]456"),
            "" => bad(""),
        ],
    );
}

#[test]
fn step_5_display_name_user_name_location_and_licenses() {
    check(
        "display name",
        display_name,
        rows![
            rep("n", 256) => ok(rep("n", 256)),
            rep("n", 257) => too_long("Display name: ", 257, 256),
            rep(EMOJI, 256) => ok(rep(EMOJI, 256)),
            rep(EMOJI, 257) => too_long("Display name: ", 257, 256),
            HEBREW => ok(HEBREW),
            ARABIC => ok(ARABIC),
            "  Ada Lovelace  " => ok("Ada Lovelace"),
            XSS_SCRIPT => ok(XSS_SCRIPT),
            XSS_IMG => ok(XSS_IMG),
            "Ada\u{7}" => control("Display name: ", "U+0007"),
            "   " => no("Display name: This field is required."),
        ],
    );

    let at_max = format!("{}@{LONG_DOMAIN}", rep("u", 64));
    let user = |reason: &str| no(format!("User name: {reason}"));
    let needs_at = |value: &str| {
        user(&format!(
            "“{value}” needs an @ between the name and the domain, as in ada@contoso.com."
        ))
    };
    check(
        "user name",
        upn,
        rows![
            at_max.clone() => ok(at_max.clone()),
            format!("u{at_max}") => user("114 characters: the limit is 113."),
            format!("{}@contoso.com", rep("u", 65)) => user("the part before the @ is 65 characters: the limit is 64."),
            "  Ada.Lovelace@CONTOSO.com  " => ok("Ada.Lovelace@contoso.com"),
            format!("{EMOJI}@contoso.com") => user(&format!("“{EMOJI}” is not allowed before the @.")),
            format!("ada@{EMOJI}.com") => user(&bad_domain_character(EMOJI)),
            "שלום@contoso.com" => user("“ש” is not allowed before the @."),
            XSS_SCRIPT => needs_at(XSS_SCRIPT),
            XSS_IMG => needs_at(XSS_IMG),
            "<script>@contoso.com" => user("“<” is not allowed before the @."),
            "ada\u{7}@contoso.com" => control("User name: ", "U+0007"),
            "ada@fabrikam.com" => no(format!("The user name ada@fabrikam.com ends in fabrikam.com, which is not a verified domain of this tenant. Use contoso.com or {LONG_DOMAIN} or contoso.onmicrosoft.com.")),
            "ADELEV@contoso.onmicrosoft.com" => no("The user name ADELEV@contoso.onmicrosoft.com is already taken (user names ignore case)."),
        ],
    );

    let country = |value: &str| {
        no(format!(
            "“{value}” is not a country code from the list (two letters, such as US or DE)."
        ))
    };
    check(
        "usage location",
        usage_location,
        rows![
            "us" => ok("US"),
            "  de  " => ok("DE"),
            "" => ok(""),
            "XX" => country("XX"),
            "USA" => country("USA"),
            EMOJI => country(EMOJI),
            "ال" => country("ال"),
            XSS_SCRIPT => country(&short(XSS_SCRIPT, 12)),
            "U\u{7}S" => country("U[U+0007]S"),
        ],
    );

    let not_number = |value: &str| no(format!("“{value}” is not a whole number of licenses."));
    let range = |count: &str| {
        no(format!(
            "{count} purchased licenses: the number must be from 0 to 1,000,000."
        ))
    };
    check(
        "purchased licenses",
        purchased_licenses,
        rows![
            "1000000" => ok("1000000"),
            "1,000,000" => ok("1000000"),
            "1 000 000" => ok("1000000"),
            "  25  " => ok("25"),
            "0" => ok("0"),
            "1000001" => range("1,000,001"),
            "-1" => range("-1"),
            "" => not_number(""),
            EMOJI => not_number(EMOJI),
            "٢٥" => not_number("٢٥"),
            XSS_SCRIPT => not_number(&short(XSS_SCRIPT, 20)),
            "2\u{7}5" => not_number("2[U+0007]5"),
            "99999999999999999999" => not_number("99999999999999999999"),
        ],
    );
}

fn account_rows(label: &str) -> Vec<(String, Outcome)> {
    let bad = |value: &str, reason: &str| {
        no(format!(
            "{label}: “{}” is not an e-mail address like alias@domainname.com: {reason}",
            short(value, 40)
        ))
    };
    let at_max = format!("{}@contoso.com", rep("a", 242));
    rows![
        at_max.clone() => ok(at_max.clone()),
        format!("a{at_max}") => too_long(&format!("{label}: "), 255, 254),
        "  Admin@Contoso.com  " => ok("Admin@Contoso.com"),
        "   " => no(format!("{label}: This field is required.")),
        format!("{EMOJI}@contoso.com") => bad(&format!("{EMOJI}@contoso.com"), &format!("“{EMOJI}” is not allowed in the alias.")),
        "שלום@contoso.com" => bad("שלום@contoso.com", "“ש” is not allowed in the alias."),
        XSS_SCRIPT => bad(XSS_SCRIPT, "it needs an @ between the alias and the domain."),
        XSS_IMG => bad(XSS_IMG, "it needs an @ between the alias and the domain."),
        "admin\u{7}@contoso.com" => control(&format!("{label}: "), "U+0007"),
    ]
}

#[test]
fn step_6_apple_id_and_google_account() {
    check("Apple ID", apple_id, account_rows("Apple ID"));
    check(
        "Google account",
        google_account,
        account_rows("Google account"),
    );
}

#[test]
fn step_6_device_list_lines() {
    let serial_char = |value: &str, c: &str| {
        no(format!("Serial number “{value}”: “{c}” is not allowed; serial numbers have only letters A–Z and digits."))
    };
    check(
        "device list",
        device_line,
        rows![
            "ABCD1234" => ok("ABCD1234|"),
            "  abcd1234 , Front desk  " => ok("ABCD1234|Front desk"),
            rep("S", 30) => ok(format!("{}|", rep("S", 30))),
            rep("S", 31) => no(format!("Serial number “{}” has 31 characters: serial numbers have 4 to 30 letters or digits.", rep("S", 31))),
            format!("ABCD1234,{}", rep("d", 128)) => ok(format!("ABCD1234|{}", rep("d", 128))),
            format!("ABCD1234,{}", rep("d", 129)) => too_long("Description: ", 129, 128),
            format!("ABCD1234,{}", rep(EMOJI, 128)) => ok(format!("ABCD1234|{}", rep(EMOJI, 128))),
            format!("ABCD1234,{}", rep(EMOJI, 129)) => too_long("Description: ", 129, 128),
            format!("ABCD1234,{HEBREW}") => ok(format!("ABCD1234|{HEBREW}")),
            format!("ABCD1234,{XSS_SCRIPT}") => ok(format!("ABCD1234|{XSS_SCRIPT}")),
            // A quoted description may hold quotes, doubled.
            "ABCD1234,\"\"\"><img src=x onerror=window.__pwned=1>\"" => ok(format!("ABCD1234|{XSS_IMG}")),
            XSS_SCRIPT => serial_char(XSS_SCRIPT, "<"),
            XSS_IMG => no("a quoted value is not closed (a \" is missing)."),
            EMOJI => serial_char(EMOJI, EMOJI),
            "AB\u{7}CD" => serial_char("AB[U+0007]CD", "U+0007"),
            "ABCD1234,desk\u{7}" => control("Description: ", "U+0007"),
            "490154203237518" => ok("490154203237518|"),
            "490154203237519" => no("IMEI 490154203237519: the check digit is 9 but the Luhn check gives 8; a digit is mistyped."),
        ],
    );
}

#[test]
fn recovery_versions_tenant_users_and_description() {
    let format = |product: &str, value: &str, example: &str| {
        no(format!(
            "{product} version “{value}” is not four digits, year then month (such as {example})."
        ))
    };
    let cm = |value: &str| format("Configuration Manager", value, "1610");
    check(
        "Configuration Manager version",
        cm_version,
        rows![
            "1610" => ok("1610/1705"),
            "  1710  " => ok("1710/1705"),
            "16100" => cm("16100"),
            "161" => cm("161"),
            "1613" => no("Configuration Manager version 1613: the month 13 is not from 01 to 12."),
            EMOJI => cm(EMOJI),
            "١٦١٠" => cm("١٦١٠"),
            XSS_SCRIPT => cm(&short(XSS_SCRIPT, 12)),
            "16\u{7}1" => cm("16[U+0007]1"),
        ],
    );
    check(
        "Intune version",
        intune_version,
        rows![
            "1705" => ok("1610/1705"),
            "17050" => format("Intune", "17050", "1705"),
            XSS_IMG => format("Intune", &short(XSS_IMG, 12), "1705"),
        ],
    );
    let tenant = |reason: &str| no(format!("Tenant ID: {reason}"));
    check(
        "tenant ID",
        tenant_id,
        rows![
            "contoso.onmicrosoft.com" => ok("contoso.onmicrosoft.com"),
            "  contoso.onmicrosoft.com  " => ok("contoso.onmicrosoft.com"),
            // The form says nothing for blanks, and saving keeps "not given".
            "   " => ok(""),
            XSS_SCRIPT => tenant(&bad_domain_character("<")),
            format!("{EMOJI}.onmicrosoft.com") => tenant(&bad_domain_character(EMOJI)),
            "con\u{7}toso.onmicrosoft.com" => tenant(&bad_domain_character("U+0007")),
        ],
    );
    let example = |value: &str, reason: &str| {
        no(format!(
            "Example user “{}”: User name: {reason}",
            short(value, 40)
        ))
    };
    let long_user = format!("{}@contoso.com", rep("u", 102));
    check(
        "example user",
        example_user,
        rows![
            "ada@contoso.com" => ok("ada@contoso.com"),
            "  Ada@CONTOSO.com  " => ok("Ada@contoso.com"),
            long_user.clone() => example(&long_user, "114 characters: the limit is 113."),
            XSS_SCRIPT => example(XSS_SCRIPT, &format!("“{XSS_SCRIPT}” needs an @ between the name and the domain, as in ada@contoso.com.")),
            "ada\u{7}@contoso.com" => example("ada[U+0007]@contoso.com", "Contains a control character (U+0007), which can't be shown; remove it."),
        ],
    );
    check(
        "reset description",
        reset_description,
        rows![
            rep("r", 1000) => ok(rep("r", 1000)),
            rep("r", 1001) => too_long("Description: ", 1001, 1000),
            rep(EMOJI, 1000) => ok(rep(EMOJI, 1000)),
            rep(EMOJI, 1001) => too_long("Description: ", 1001, 1000),
            ARABIC => ok(ARABIC),
            XSS_SCRIPT => ok(XSS_SCRIPT),
            XSS_IMG => ok(XSS_IMG),
            "  Please reset  " => ok("Please reset"),
            "reset\u{7}" => control("Description: ", "U+0007"),
        ],
    );
}

#[test]
fn settings_server_url_tenant_and_token() {
    let address =
        |value: &str, reason: &str| no(format!("Server address “{}”: {reason}", short(value, 60)));
    let scheme = "it must start with https:// (or http:// for this computer).";
    let at_max = format!("https://mdm.contoso.com/{}", rep("a", 176));
    let over = format!("{at_max}a");
    check(
        "server URL",
        server_url,
        rows![
            at_max.clone() => ok(at_max.clone()),
            over.clone() => address(&over, "at most 200 characters."),
            format!("https://mdm.contoso.com/{}", rep(EMOJI, 177)) => address(&format!("https://mdm.contoso.com/{}", rep(EMOJI, 177)), "at most 200 characters."),
            "  https://mdm.contoso.com/  " => ok("https://mdm.contoso.com"),
            "http://127.0.0.1:8787" => ok("http://127.0.0.1:8787"),
            "https://mdm.contoso.com/שלום" => ok("https://mdm.contoso.com/שלום"),
            "javascript:alert(1)" => address("javascript:alert(1)", scheme),
            "data:text/html,x" => address("data:text/html,x", scheme),
            "/privacy" => address("/privacy", scheme),
            "http://contoso.com" => address("http://contoso.com", "http:// is only allowed for this computer (localhost); use https:// so the token is encrypted."),
            "https://" => address("https://", "the host name is missing."),
            XSS_SCRIPT => address(XSS_SCRIPT, scheme),
            XSS_IMG => address(XSS_IMG, "it contains a space, a control character or an invisible character."),
            format!("https://{EMOJI}.com") => address(&format!("https://{EMOJI}.com"), &format!("“{EMOJI}.com” is not a host name.")),
            "https://mdm.contoso.com/\u{7}" => address("https://mdm.contoso.com/[U+0007]", "it contains a space, a control character or an invisible character."),
            "" => address("", "enter the server's address, for example https://mdm.contoso.com."),
        ],
    );
    let tenant = |value: &str| {
        no(format!("Tenant “{value}”: use 1 to 63 lower-case letters, digits, “-” and “.” (for example contoso)."))
    };
    check(
        "server tenant",
        server_tenant,
        rows![
            rep("t", 63) => ok(rep("t", 63)),
            rep("t", 64) => tenant(&rep("t", 64)),
            "  contoso  " => ok("contoso"),
            "Contoso" => tenant("Contoso"),
            EMOJI => tenant(EMOJI),
            "שלום" => tenant("שלום"),
            XSS_SCRIPT => tenant(XSS_SCRIPT),
            "con\u{7}toso" => tenant("con[U+0007]toso"),
        ],
    );
    let token = |reason: &str| no(format!("Token: {reason}"));
    let not_ascii = |c: &str| {
        token(&format!(
            "“{c}” is not allowed: a token has only visible ASCII characters."
        ))
    };
    check(
        "server token",
        server_token,
        rows![
            "" => ok(""),
            rep("x", 256) => ok(rep("x", 256)),
            rep("x", 257) => token("257 characters: the limit is 256."),
            "  abc.DEF-123  " => ok("abc.DEF-123"),
            // Visible ASCII only, whatever it spells.
            XSS_SCRIPT => ok(XSS_SCRIPT),
            XSS_IMG => not_ascii(" "),
            EMOJI => not_ascii(EMOJI),
            // 65 four-byte characters are 260 bytes: the rule counts characters.
            rep(EMOJI, 65) => not_ascii(EMOJI),
            rep(EMOJI, 257) => token("257 characters: the limit is 256."),
            "שלום" => not_ascii("ש"),
            "abc\u{7}" => not_ascii("U+0007"),
        ],
    );
}

// ---------------------------------------------------------------------------
// Files and the 10,000-line device list, at the domain level.

#[test]
fn logo_files_are_refused_with_their_reason() {
    use domain::image::{check_logo, MAX_LOGO_BYTES};
    assert_eq!(MAX_LOGO_BYTES, 768_000);
    use domain::testing::png;
    let mut at_limit = png(400, 100);
    at_limit.resize(MAX_LOGO_BYTES, 0);
    assert!(check_logo(&at_limit).is_ok());
    let mut over = at_limit.clone();
    over.push(0);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![], "The file is empty (0 bytes)."),
        (over, "768,001 bytes: the limit is 768,000 bytes (750 KB)."),
        (
            png(400, 100)[..20].to_vec(),
            "The PNG file is cut short or damaged: it ends before the image header (IHDR) is complete.",
        ),
        (
            png(400, 100)[..33].to_vec(),
            "The PNG file is cut short or damaged: it ends without the image-end chunk (IEND): the file is cut off.",
        ),
        (
            png(400, 100)[..50].to_vec(),
            "The PNG file is cut short or damaged: it is cut off inside the IDAT chunk (12 bytes needed, 9 left).",
        ),
        (
            b"\x89PNG".to_vec(),
            "The PNG file is cut short or damaged: it ends inside the PNG signature.",
        ),
        (
            vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00],
            "The JPEG file is cut short or damaged: it ends inside a segment header.",
        ),
        (
            vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00],
            "The JPEG file is cut short or damaged: it ends inside the frame header (SOF).",
        ),
        (
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec(),
            "The file is not a PNG or JPEG image (its contents look like a GIF image).",
        ),
        (
            b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"window.__pwned=1\"/>".to_vec(),
            "The file is not a PNG or JPEG image (its contents look like an SVG drawing).",
        ),
        (
            b"<!DOCTYPE html><html><script>window.__pwned=1</script></html>".to_vec(),
            "The file is not a PNG or JPEG image (its contents look like an HTML page).",
        ),
    ];
    for (bytes, expected) in cases {
        let err = domain::portal::Logo::from_file("logo.png", &bytes).unwrap_err();
        assert_eq!(err.to_string(), expected, "{} bytes", bytes.len());
    }
}

#[test]
fn certificate_files_are_refused_with_their_reason() {
    use domain::certificate::read_certificate;
    assert_eq!(
        read_certificate(b"").unwrap_err().to_string(),
        "The file is empty (0 bytes): choose the certificate file Apple gave you (.pem or .cer)."
    );
    assert_eq!(
        read_certificate(b"<!DOCTYPE html><html><script>window.__pwned=1</script></html>")
            .unwrap_err()
            .to_string(),
        "The file is not a certificate: it is neither PEM text (-----BEGIN CERTIFICATE-----) nor a DER certificate (its first byte is 0x3C, not 0x30)."
    );
    // Through the command too: nothing is recorded.
    let refused = base().apply(
        Command::UploadApplePushCertificate {
            apple_id: "admin@contoso.com".into(),
            certificate: domain::image::base64::encode(b"<html></html>"),
            replace_topic: false,
        },
        T0,
    );
    assert!(refused
        .unwrap_err()
        .to_string()
        .contains("first byte is 0x3C"));
}

/// 10,000 lines, every 997th one bad (in a different way each time).
pub fn device_list_with_bad_lines() -> (String, Vec<usize>) {
    let bad_kinds = [
        "BAD_SERIAL".to_string(),
        "490154203237519".to_string(),
        "ABC".to_string(),
        format!("SN-DESC,{}", rep("d", 129)),
        "\"unclosed".to_string(),
        XSS_SCRIPT.to_string(),
        "A,B,C".to_string(),
        format!("{EMOJI}{EMOJI}{EMOJI}{EMOJI}"),
        "SN\u{7}BELL".to_string(),
        "SN00000001".to_string(), // a duplicate of line 1
    ];
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for n in 1..=MAX_IMPORT_LINES {
        if n % 997 == 0 {
            lines.push(bad_kinds[bad.len() % bad_kinds.len()].clone());
            bad.push(n);
        } else {
            lines.push(format!("SN{n:08}"));
        }
    }
    (lines.join("\n"), bad)
}

#[test]
fn a_ten_thousand_line_list_reports_exactly_its_bad_lines() {
    let (text, bad) = device_list_with_bad_lines();
    assert_eq!(bad, (1..=10).map(|k| k * 997).collect::<Vec<_>>());
    let import = parse_devices(&text, &[]).expect("within the limit");
    let lines: Vec<usize> = import.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, bad);
    assert_eq!(import.devices.len(), MAX_IMPORT_LINES - bad.len());
    let before = base();
    let refused = before
        .apply(
            Command::ImportDevices {
                text: text.clone(),
                skip_invalid: false,
            },
            T0,
        )
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with("Nothing was imported: 10 of 10,000 lines have problems (line 997: "),
        "{refused}"
    );
    let after = before
        .apply(
            Command::ImportDevices {
                text,
                skip_invalid: true,
            },
            T0,
        )
        .expect("the valid lines");
    let imported: Vec<&str> = after
        .enrollment
        .devices
        .iter()
        .map(|d| d.identifier.as_str())
        .collect();
    let expected: Vec<String> = (1..=MAX_IMPORT_LINES)
        .filter(|n| n % 997 != 0)
        .map(|n| format!("SN{n:08}"))
        .collect();
    assert_eq!(imported, expected);
    // One line more is refused as a whole.
    let (text, _) = device_list_with_bad_lines();
    let refused = parse_devices(&format!("{text}\nSN99999999"), &[]).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "The list has 10,001 lines with identifiers: one import takes at most 10,000. Split the file."
    );
}

// ---------------------------------------------------------------------------
// Properties over generated hostile strings.

/// Characters chosen to hurt: controls (C0, C1, DEL), blanks, 4-byte and
/// right-to-left letters, bidi overrides, markup and quotes.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            'a', 'Z', '0', '9', ' ', '.', '-', '@', ':', '/', '#', ',', ';', '"', '\'', '<', '>', '&',
            '=', '😀', '𝒜', 'ש', 'م', 'é', '\u{7}', '\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
            '\t', '\n', '\r', '\u{a0}', '\u{200b}', '\u{202e}', '\u{feff}', '\u{200c}', '\u{200d}', '\u{2066}',
        ]),
        1 => any::<char>(),
    ]
}

fn hostile_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// A string that exercises whole-value attacks as well as random ones.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile_string(24),
        prop::sample::select(vec![
            XSS_SCRIPT.to_string(),
            XSS_IMG.to_string(),
            "javascript:alert(1)".to_string(),
            "data:text/html,x".to_string(),
            "http://contoso.com".to_string(),
            "/privacy".to_string(),
            "https://".to_string(),
        ])
        .prop_flat_map(|attack| (Just(attack), hostile_string(4), hostile_string(4)))
        .prop_map(|(attack, before, after)| format!("{before}{attack}{after}")),
    ]
}

/// What no field may hold (the domain's `text::is_hidden`, restated): control
/// characters, direction overrides/embeddings/isolates, zero-width space,
/// word joiner and byte-order mark.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(u32::from(c), 0x200B | 0x2060 | 0xFEFF | 0x202A..=0x202E | 0x2066..=0x2069)
}

fn has_control(s: &str) -> bool {
    s.chars().any(hidden)
}

/// The free-text fields: (name, check, max, message prefix, required).
const FREE_TEXT: &[(&str, Check, usize, &str, bool)] = &[
    ("IT contact name", it_contact_name, 40, "", false),
    ("additional information", additional_info, 120, "", false),
    ("website name", website_name, 40, "", false),
    (
        "group description",
        group_description,
        1024,
        "Description: ",
        false,
    ),
    (
        "reset description",
        reset_description,
        1000,
        "Description: ",
        false,
    ),
    ("group name", group_name, 256, "Group name: ", true),
    ("display name", display_name, 256, "Display name: ", true),
];

/// What the rules say about free text.
fn free_text_rule(input: &str, max: usize, prefix: &str, required: bool) -> Outcome {
    let trimmed = input.trim();
    if let Some(c) = trimmed.chars().find(|&c| hidden(c)) {
        return control(prefix, &format!("U+{:04X}", u32::from(c)));
    }
    let chars = trimmed.chars().count();
    if chars > max {
        return too_long(prefix, chars, max);
    }
    if required && trimmed.is_empty() {
        return no(format!("{prefix}This field is required."));
    }
    ok(trimmed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(domain::testing::cases(300)))]

    /// No field panics, none stores a control character, and no message
    /// carries one (they are named as U+XXXX instead).
    #[test]
    fn every_field_keeps_control_characters_out_of_data_and_messages(input in hostile_value()) {
        for (name, f) in FIELDS {
            match f(&input) {
                Ok(stored) => prop_assert!(!has_control(&stored), "{name} stored {stored:?}"),
                Err(message) => {
                    prop_assert!(!message.is_empty(), "{name}");
                    prop_assert!(!has_control(&message), "{name}: {message:?}");
                }
            }
        }
    }

    /// Free text follows its rule exactly, whatever the characters.
    #[test]
    fn free_text_follows_the_rule(input in hostile_value()) {
        for (name, f, max, prefix, required) in FREE_TEXT {
            if *name == "group name" && input.trim().eq_ignore_ascii_case("intune users") {
                continue;
            }
            prop_assert_eq!(f(&input), free_text_rule(&input, *max, prefix, *required), "{}", name);
        }
    }

    /// Around each limit, in any character: exactly `max` fit.
    #[test]
    fn limits_count_characters_not_bytes(
        c in prop::sample::select(vec!['a', 'é', '€', '😀', '𝒜', 'ש', 'م', '<', '"']),
        delta in 0usize..4,
        over in any::<bool>(),
    ) {
        for (name, f, max, prefix, _) in FREE_TEXT {
            let n = if over { max + 1 + delta } else { max - delta };
            let value: String = std::iter::repeat_n(c, n).collect();
            let expected = if over { too_long(prefix, n, *max) } else { ok(value.clone()) };
            prop_assert_eq!(f(&value), expected, "{} with {} × {:?}", name, n, c);
        }
    }

    /// The address fields store only https:// addresses with a host, within
    /// their limit, and refuse every other scheme by name.
    #[test]
    fn address_fields_take_only_https(input in hostile_value(), scheme in prop::sample::select(vec!["javascript", "JavaScript", "data", "http", "vbscript", "file", "ftp"]), tail in "[a-z0-9()/,.=]{0,30}") {
        for (f, max) in [(privacy_url as Check, 79), (support_url, 150)] {
            if let Ok(url) = f(&input) {
                prop_assert!(url.is_empty() || url.to_ascii_lowercase().starts_with("https://"), "{url}");
                prop_assert!(url.chars().count() <= max);
                prop_assert!(!url.chars().any(char::is_whitespace));
            }
            prop_assert_eq!(
                f(&format!("{scheme}:{tail}")),
                no(format!("The address uses {}: — only https:// addresses are accepted.", scheme.to_ascii_lowercase()))
            );
        }
    }

    /// A domain name, however hostile, is stored only as LDH labels.
    #[test]
    fn stored_domain_names_are_plain(input in hostile_value()) {
        if let Ok(name) = domain_name(&input) {
            prop_assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'), "{name}");
        }
    }
}
