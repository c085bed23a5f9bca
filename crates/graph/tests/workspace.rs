//! Step 4's Company Portal settings as `intuneBrand`: every field mapped,
//! and the request valid against Microsoft's v1.0 metadata.

use domain::portal::Logo;
use domain::CompanyPortal;
use graph::contract::Spec;
use graph::{request, workspace};

fn portal() -> CompanyPortal {
    CompanyPortal {
        company_name: "Contoso IT".into(),
        it_contact_name: "Help desk".into(),
        it_phone: "+1 555 0100".into(),
        it_email: "help@contoso.com".into(),
        additional_info: "Open 8-18".into(),
        privacy_url: "https://contoso.com/privacy".into(),
        support_url: "https://help.contoso.com".into(),
        website_name: "Contoso help".into(),
        theme_color: "#0B5CAD".into(),
        include_logo: true,
        logo_on_white: Some(Logo::from_file("logo.png", &domain::testing::png(200, 100)).unwrap()),
        ..CompanyPortal::default()
    }
}

#[test]
fn every_field_reaches_intune_brand() {
    let sent = request::set_branding(&workspace::branding(&portal()))
        .unwrap()
        .body
        .unwrap();
    let b = &sent["intuneBrand"];
    assert_eq!(b["displayName"], "Contoso IT");
    assert_eq!(b["contactITName"], "Help desk");
    assert_eq!(b["contactITPhoneNumber"], "+1 555 0100");
    assert_eq!(b["contactITEmailAddress"], "help@contoso.com");
    assert_eq!(b["contactITNotes"], "Open 8-18");
    assert_eq!(b["privacyUrl"], "https://contoso.com/privacy");
    assert_eq!(b["onlineSupportSiteUrl"], "https://help.contoso.com");
    assert_eq!(b["onlineSupportSiteName"], "Contoso help");
    assert_eq!(
        b["themeColor"],
        serde_json::json!({"r": 11, "g": 92, "b": 173})
    );
    assert_eq!(b["showLogo"], true);
    assert_eq!(b["lightBackgroundLogo"]["type"], "image/png");
    // The very bytes of the file, base64 as the workspace keeps them.
    assert_eq!(
        b["lightBackgroundLogo"]["value"],
        portal().logo_on_white.unwrap().data_base64
    );
    assert!(b["darkBackgroundLogo"].is_null());
}

#[test]
fn empty_fields_are_sent_as_null_and_the_request_conforms() {
    let spec = Spec::v1();
    let full = request::set_branding(&workspace::branding(&portal())).unwrap();
    spec.check_request(&full).expect("conforms");
    let minimal = CompanyPortal {
        company_name: "Contoso".into(),
        ..CompanyPortal::default()
    };
    let req = request::set_branding(&workspace::branding(&minimal)).unwrap();
    spec.check_request(&req).expect("conforms");
    let b = &req.body.unwrap()["intuneBrand"];
    assert!(b["contactITName"].is_null());
    assert!(b["lightBackgroundLogo"].is_null());
    assert_eq!(b["showLogo"], false);
}

#[test]
fn microsofts_signing_request_is_saved_as_the_pem_it_encodes() {
    let pem = "-----BEGIN CERTIFICATE REQUEST-----\nMIIC\n-----END CERTIFICATE REQUEST-----\n";
    let answer = graph::encode::base64(pem.as_bytes());
    assert_eq!(graph::workspace::apple_csr_file(&answer), pem);
    // Anything else is kept as Microsoft sent it.
    assert_eq!(
        graph::workspace::apple_csr_file("not base64!"),
        "not base64!"
    );
    let other = graph::encode::base64(b"plain text");
    assert_eq!(graph::workspace::apple_csr_file(&other), other);
}

#[test]
fn the_push_certificate_goes_to_graph_as_pem() {
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    assert_eq!(
        graph::workspace::apple_certificate_pem(&graph::encode::base64(pem.as_bytes())).as_deref(),
        Some(pem)
    );
    // DER is wrapped, 64 characters a line.
    let der: Vec<u8> = (0..60u8).collect();
    let wrapped = graph::workspace::apple_certificate_pem(&graph::encode::base64(&der)).unwrap();
    let lines: Vec<&str> = wrapped.lines().collect();
    assert_eq!(lines[0], "-----BEGIN CERTIFICATE-----");
    assert_eq!(lines[1].len(), 64);
    assert_eq!(
        lines[1..lines.len() - 1].concat(),
        graph::encode::base64(&der)
    );
    assert_eq!(lines.last(), Some(&"-----END CERTIFICATE-----"));
    assert_eq!(graph::workspace::apple_certificate_pem("%%%"), None);
}
