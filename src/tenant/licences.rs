//! Intune licences in the tenant, user by user: the usage location first
//! where Microsoft 365 lacks it, then a seat of a subscription that carries
//! Intune (`graph::licence`). One user's refusal does not stop the others;
//! what the tenant took is what the workspace records, and every user's
//! result is listed.

use super::{stops_all, Client, TenantError, Written};
use crate::backend::ItemResult;
use domain::{Command, Setup, UserId};
use graph::licence::{self, LicenceRefusal, SeatPool};
use graph::request;

/// Assigns (`assign`) or removes the Intune licence of `users` in the
/// tenant. Fails whole, before anything is sent, when the tenant cannot be
/// read or has no Intune subscription; a fault that stops every request
/// (sign-in, permission, network, Graph busy) after some users were done
/// leaves the rest listed as not sent.
pub(super) async fn change(
    client: &Client,
    base: &Setup,
    users: &[UserId],
    assign: bool,
) -> Result<Written, TenantError> {
    // Every permission the changes need is asked for at once, before
    // anything is read or sent.
    let samples = if assign {
        vec![
            request::set_usage_location("sample", "US"),
            request::assign_licence("sample", SAMPLE_SKU),
        ]
    } else {
        vec![request::remove_licences("sample", &[SAMPLE_SKU.into()])]
    };
    let samples: Vec<_> = samples.into_iter().flatten().collect();
    client.check_grants(&samples, "the user's licences")?;
    let skus = client
        .all(request::subscribed_skus(), "the licences")
        .await?;
    let mut pool = match SeatPool::new(&skus) {
        Ok(pool) => pool,
        // No Intune subscription: no user holds an Intune licence there
        // to remove, so removing is the workspace's alone.
        Err(LicenceRefusal::NoIntune) if !assign => return Ok(Written::Whole),
        Err(e) => {
            return Err(TenantError::NotInGraph(format!(
                "Microsoft 365 cannot license these users: {e}."
            )))
        }
    };
    let tenant_users: Vec<graph::User> = client.all(request::list_users(), "the users").await?;
    let what = if assign {
        "the user's licences"
    } else {
        "the user's licences (removing Intune)"
    };

    let mut results = Vec::new();
    let mut taken = Vec::new();
    let mut stopped: Option<TenantError> = None;
    for id in users {
        let Some(user) = base.directory.users.iter().find(|u| u.id == *id) else {
            continue;
        };
        if let Some(fault) = &stopped {
            results.push(item(&user.upn, Some(format!("not sent: {fault}"))));
            continue;
        }
        let requests = match licence::find_user(&tenant_users, &user.upn) {
            None => Err(LicenceRefusal::NotInTenant(user.upn.clone())),
            Some(found) if assign => licence::assign_requests(
                found,
                user.usage_location.as_ref().map(|l| l.code()),
                &mut pool,
            ),
            Some(found) => licence::remove_requests(found, &pool),
        };
        let requests = match requests {
            Ok(r) => r,
            Err(refusal) => {
                results.push(item(&user.upn, Some(refusal.to_string())));
                continue;
            }
        };
        let mut failed = None;
        for req in &requests {
            if let Err(e) = client.write(req, what).await {
                if stops_all(&e) {
                    if taken.is_empty() {
                        return Err(e);
                    }
                    stopped = Some(e.clone());
                }
                failed = Some(e.to_string());
                break;
            }
        }
        if failed.is_none() {
            taken.push(*id);
        }
        results.push(item(&user.upn, failed));
    }
    if results.iter().all(|r| r.failed.is_none()) {
        return Ok(Written::Whole);
    }
    let verb = if assign { "licensed" } else { "unlicensed" };
    let message = format!(
        "Microsoft 365 {verb} {} of {} users; the workspace records only those. Not done: {}.",
        taken.len(),
        results.len(),
        results
            .iter()
            .filter_map(|r| r.failed.as_ref().map(|why| format!("{} ({why})", r.item)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let sent = match (taken.is_empty(), assign) {
        (true, _) => None,
        (false, true) => Some(Command::AssignLicenses { users: taken }),
        (false, false) => Some(Command::RemoveLicenses { users: taken }),
    };
    Ok(Written::Partly {
        sent,
        message,
        results,
    })
}

fn item(upn: &str, failed: Option<String>) -> ItemResult {
    ItemResult {
        item: upn.to_owned(),
        failed,
    }
}

/// A GUID for the permission check's sample requests.
const SAMPLE_SKU: &str = "00000000-0000-0000-0000-000000000000";
