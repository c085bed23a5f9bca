//! Issue 16, step 6: with "Save my changes in this tenant too" on, the
//! "From your tenant" panel saves Microsoft's own Apple push signing
//! request (after signing in again for the permission it needs), and the
//! push certificate from Apple goes to the tenant with its Apple ID before
//! the workspace records it — against the Graph stand-in, which reads the
//! certificate as Intune does and refuses one it cannot read. Corporate
//! identifiers go to Intune first too (Graph beta), each device's result
//! listed, and the panel reads them back with managed Google Play.

use domain::testing::push_certificate;
use domain::Timestamp;
use e2e::graph::{save_in_tenant, sign_in, tenant_journey, wait_back_at, GraphStandIn};
use e2e::images::temp_file;
use e2e::Session;
use serde_json::json;
use std::sync::Arc;

const TOPIC: &str = "com.apple.mgmt.External.1c0ffee0-e2e0-4a11-9e2e-aaaaaaaaaaaa";
const CSR: &str = "[data-role=tenant-csr]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apple_signing_request_and_certificate_go_through_the_tenant() {
    tenant_journey(
        "graph-enrollment",
        |_| {},
        move |s: Session, g: Arc<GraphStandIn>| async move {
            // The workspace first: Intune is the authority.
            s.set_authority("intune", "Intune").await;
            sign_in(&s, &g).await;
            save_in_tenant(&s).await;

            // Microsoft's signing request: its permission is asked for first.
            s.open("#/enrollment").await;
            // Reading the certificate needs its own permission.
            s.wait_text("#tenant-error", "the read permission", |t| {
                t.contains("DeviceManagementManagedDevices.Read.All")
            })
            .await;
            s.click("#tenant-sign-in").await;
            s.wait_ready().await;
            wait_back_at(&s, "#/enrollment").await;
            s.wait_text("#tenant-panel .tenant-facts", "no certificate yet", |t| {
                t.contains("Apple MDM push certificate: none uploaded yet")
            })
            .await;
            s.click(CSR).await;
            let said = s
                .wait_text("#tenant-action-result", "the permission", |t| !t.is_empty())
                .await;
            assert!(
                said.contains(
                    "needs the delegated permission DeviceManagementServiceConfig.ReadWrite.All"
                ),
                "{said}"
            );
            s.click("#tenant-action-sign-in").await;
            s.wait_ready().await;
            wait_back_at(&s, "#/enrollment").await;
            s.capture_downloads().await;
            s.click(CSR).await;
            s.wait_text("#tenant-action-result", "saved", |t| {
                t.starts_with("Saved IntuneCSR.csr")
            })
            .await;
            let csr = s.last_download().await;
            assert!(
                csr.starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
                    && csr.contains("-----END CERTIFICATE REQUEST-----"),
                "the request Microsoft sent, as its PEM file: {csr}"
            );

            // The certificate from Apple: in the tenant, then in the workspace.
            let not_after = Timestamp(1_900_000_000_000);
            let cert = push_certificate(Some(TOPIC), &[0x0A, 0x1B], not_after);
            let file = temp_file("push-tenant.pem", cert.pem.as_bytes());
            s.choose_certificate(&file).await;
            s.type_into("#apple-id", "mdm-admin@contoso.com").await;
            s.click("#apple-upload").await;
            s.wait_text("#apple-topic", "the topic", |t| t == TOPIC)
                .await;
            let c = g.tenant().apple_push_certificate;
            assert_eq!(c["topicIdentifier"], json!(TOPIC));
            assert_eq!(c["appleIdentifier"], json!("mdm-admin@contoso.com"));
            assert_eq!(c["certificate"], json!(cert.pem));

            // The tenant says so too.
            s.click("#tenant-read").await;
            s.wait_text(
                "#tenant-panel .tenant-facts",
                "the tenant's certificate",
                |t| t.contains("valid until 2030-03-17") && t.contains(TOPIC),
            )
            .await;
            let facts = s.text("#tenant-panel .tenant-facts").await;
            assert!(
                facts.contains("Corporate identifiers: 1 in Intune (1 IMEI, 0 serial numbers)")
                    && facts.contains("Managed Google Play: not bound"),
                "{facts}"
            );

            // Corporate identifiers: Intune holds the first already, so it
            // takes the other two only; the workspace records those.
            s.type_into(
                "#device-text",
                "490154203237518\nC02XK1ZZJG5H,Front desk\n356938035643809",
            )
            .await;
            s.click("#device-import").await;
            let said = s
                .wait_text("#device-error", "the partial import", |t| !t.is_empty())
                .await;
            assert_eq!(
                said,
                "Intune imported 2 of 3 devices; the workspace records only those."
            );
            assert_eq!(
                s.attr("#device-results li[data-item='490154203237518']", "data-ok")
                    .await
                    .as_deref(),
                Some("false")
            );
            assert_eq!(
                s.attr("#device-results li[data-item='C02XK1ZZJG5H']", "data-ok")
                    .await
                    .as_deref(),
                Some("true")
            );
            s.wait_text("#device-count", "two devices", |t| t == "2 devices")
                .await;
            let held: Vec<(String, String)> = g
                .tenant()
                .imported_devices
                .iter()
                .map(|d| {
                    (
                        d["importedDeviceIdentifier"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        d["importedDeviceIdentityType"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                    )
                })
                .collect();
            assert_eq!(
                held,
                [
                    ("490154203237518".to_owned(), "imei".to_owned()),
                    ("C02XK1ZZJG5H".to_owned(), "serialNumber".to_owned()),
                    ("356938035643809".to_owned(), "imei".to_owned()),
                ]
            );
            let front_desk = g.tenant().imported_devices[1]["description"].clone();
            assert_eq!(front_desk, json!("Front desk"));
        },
    )
    .await;
}
