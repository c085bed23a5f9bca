//! Corporate identifiers in the tenant (Graph beta
//! `importDeviceIdentityList`): the devices an import adds to the
//! workspace go to Intune first, in one request; Intune answers for each
//! one whether it took it (never overwriting one it holds already). The
//! workspace records the ones Intune took, and every device's result is
//! listed.

use super::{Client, TenantError, Written};
use crate::backend::ItemResult;
use domain::devices::{self, DeviceKind};
use domain::{Command, Setup};
use graph::request::{self, ImportedDevice};

pub(super) async fn import(
    client: &Client,
    base: &Setup,
    text: &str,
    skip_invalid: bool,
) -> Result<Written, TenantError> {
    let wrong = |e: String| TenantError::Graph(e);
    // The same devices the domain's rules add to the workspace.
    let adding = devices::devices_to_add(
        text,
        &base.enrollment.devices,
        skip_invalid,
        crate::clock::now(),
    )
    .map_err(|e| wrong(e.to_string()))?;
    let list: Vec<ImportedDevice> = adding
        .iter()
        .map(|d| ImportedDevice {
            identifier: d.identifier.clone(),
            imei: d.kind == DeviceKind::Imei,
            description: d.description.clone(),
        })
        .collect();
    let req = request::beta_import_device_identities(&list).map_err(|e| wrong(e.to_string()))?;
    client.check_grants(std::slice::from_ref(&req), "the corporate identifiers")?;
    let answer = client.write(&req, "the corporate identifiers").await?;
    let page =
        graph::parse_page::<graph::ImportedDeviceIdentityResult>(&answer, "the import's results")?;
    let taken = |identifier: &str| {
        page.items.iter().any(|r| {
            r.status
                && r.imported_device_identifier
                    .as_deref()
                    .is_some_and(|i| i.eq_ignore_ascii_case(identifier))
        })
    };
    let results: Vec<ItemResult> = adding
        .iter()
        .map(|d| ItemResult {
            item: d.identifier.clone(),
            failed: (!taken(&d.identifier)).then(|| {
                "Intune did not import it (it may hold this identifier already, or refuse it)"
                    .to_owned()
            }),
        })
        .collect();
    if results.iter().all(|r| r.failed.is_none()) {
        return Ok(Written::Whole);
    }
    let kept: Vec<&devices::CorporateDevice> =
        adding.iter().filter(|d| taken(&d.identifier)).collect();
    let message = format!(
        "Intune imported {} of {} devices; the workspace records only those.",
        kept.len(),
        adding.len()
    );
    // The import narrowed to what Intune took, one device a line.
    let sent = (!kept.is_empty()).then(|| Command::ImportDevices {
        text: kept
            .iter()
            .map(|d| {
                if d.description.is_empty() {
                    d.identifier.clone()
                } else {
                    format!(
                        "{}\t\"{}\"",
                        d.identifier,
                        d.description.replace('"', "\"\"")
                    )
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        skip_invalid: false,
    });
    Ok(Written::Partly {
        sent,
        message,
        results,
    })
}
