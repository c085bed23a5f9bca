//! Is Intune licensed, and how many seats are free?

use crate::model::{SubscribedSku, User};
use crate::request::{self, GraphRequest, RequestError};

/// The service plan that carries Intune, in whatever SKU (EMS E3/E5,
/// Microsoft 365 E3/E5/Business Premium, Intune standalone).
pub const INTUNE_SERVICE_PLAN: &str = "INTUNE_A";

/// Free seats in one SKU that includes Intune.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkuSeats {
    pub sku_id: Option<String>,
    pub sku_part_number: Option<String>,
    pub enabled: i64,
    pub consumed: i64,
    /// `enabled − consumed`, never below zero.
    pub available: u64,
}

/// Intune's seats over every SKU that includes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntuneSeats {
    pub available: u64,
    pub per_sku: Vec<SkuSeats>,
}

/// `None` when no SKU has the [`INTUNE_SERVICE_PLAN`] service plan.
pub fn intune_seats(skus: &[SubscribedSku]) -> Option<IntuneSeats> {
    let per_sku: Vec<SkuSeats> = skus
        .iter()
        .filter(|s| {
            s.service_plans
                .iter()
                .any(|p| p.service_plan_name.as_deref() == Some(INTUNE_SERVICE_PLAN))
        })
        .map(|s| {
            let enabled = s
                .prepaid_units
                .as_ref()
                .and_then(|p| p.enabled)
                .unwrap_or(0);
            let consumed = s.consumed_units.unwrap_or(0);
            SkuSeats {
                sku_id: s.sku_id.clone(),
                sku_part_number: s.sku_part_number.clone(),
                enabled,
                consumed,
                available: u64::try_from(enabled.saturating_sub(consumed)).unwrap_or(0),
            }
        })
        .collect();
    if per_sku.is_empty() {
        return None;
    }
    let available = per_sku
        .iter()
        .fold(0u64, |sum, s| sum.saturating_add(s.available));
    Some(IntuneSeats { available, per_sku })
}

/// Where new Intune licences come from: the free seats of every SKU that
/// carries Intune, taken one at a time as users are licensed.
#[derive(Clone, Debug)]
pub struct SeatPool {
    skus: Vec<SkuSeats>,
}

/// Why a user cannot be given or relieved of a licence in the tenant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LicenceRefusal {
    #[error("your tenant has no subscription that includes Intune (service plan INTUNE_A): buy or start a trial of one first (for example Microsoft Intune, EMS E3 or Microsoft 365 Business Premium)")]
    NoIntune,
    #[error("every Intune licence of your tenant is in use ({}): buy more or free one first", .0.join(", "))]
    NoSeatLeft(Vec<String>),
    #[error(
        "no user {0} is in your tenant: add the user in Microsoft 365 (or synchronize it) first"
    )]
    NotInTenant(String),
    #[error("the user has no usage location, which Microsoft 365 needs before it assigns a licence: set one in the workspace first")]
    NoUsageLocation,
    #[error("{0}")]
    Request(#[from] RequestError),
}

impl SeatPool {
    /// `Err(NoIntune)` when no SKU carries Intune.
    pub fn new(skus: &[SubscribedSku]) -> Result<SeatPool, LicenceRefusal> {
        intune_seats(skus)
            .map(|s| SeatPool { skus: s.per_sku })
            .ok_or(LicenceRefusal::NoIntune)
    }

    /// The SKU of the next free seat, which is then taken.
    fn take(&mut self) -> Result<String, LicenceRefusal> {
        match self
            .skus
            .iter_mut()
            .find(|s| s.available > 0 && s.sku_id.is_some())
        {
            Some(s) => {
                s.available -= 1;
                Ok(s.sku_id.clone().unwrap_or_default())
            }
            None => Err(LicenceRefusal::NoSeatLeft(
                self.skus
                    .iter()
                    .map(|s| {
                        let name = s.sku_part_number.as_deref().unwrap_or("a subscription");
                        let enabled = u64::try_from(s.enabled).unwrap_or(0);
                        format!(
                            "{name}: {} of {enabled}",
                            enabled.saturating_sub(s.available)
                        )
                    })
                    .collect(),
            )),
        }
    }

    /// The Intune SKUs among `user`'s licences.
    pub fn held_by(&self, user: &User) -> Vec<String> {
        user.assigned_licenses
            .iter()
            .filter_map(|l| l.sku_id.as_deref())
            .filter(|id| {
                self.skus.iter().any(|s| {
                    s.sku_id
                        .as_deref()
                        .is_some_and(|s| s.eq_ignore_ascii_case(id))
                })
            })
            .map(str::to_owned)
            .collect()
    }
}

/// The tenant's user named `upn` (user names ignore case).
pub fn find_user<'a>(users: &'a [User], upn: &str) -> Option<&'a User> {
    users.iter().find(|u| {
        u.user_principal_name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(upn))
    })
}

/// What gives `user` an Intune licence: its usage location first when the
/// tenant's differs from `usage_location` (the workspace's), then a seat
/// from `pool`. Nothing when it already holds one.
pub fn assign_requests(
    user: &User,
    usage_location: Option<&str>,
    pool: &mut SeatPool,
) -> Result<Vec<GraphRequest>, LicenceRefusal> {
    if !pool.held_by(user).is_empty() {
        return Ok(Vec::new());
    }
    let mut requests = Vec::new();
    let held = user.usage_location.as_deref().filter(|l| !l.is_empty());
    match (usage_location, held) {
        (Some(wanted), Some(has)) if wanted.eq_ignore_ascii_case(has) => {}
        (Some(wanted), _) => requests.push(request::set_usage_location(&user.id, wanted)?),
        (None, Some(_)) => {}
        (None, None) => return Err(LicenceRefusal::NoUsageLocation),
    }
    requests.push(request::assign_licence(&user.id, &pool.take()?)?);
    Ok(requests)
}

/// What takes `user`'s Intune licences away (nothing when it holds none).
pub fn remove_requests(user: &User, pool: &SeatPool) -> Result<Vec<GraphRequest>, LicenceRefusal> {
    let held = pool.held_by(user);
    if held.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![request::remove_licences(&user.id, &held)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LicenseUnitsDetail, ServicePlanInfo};

    fn sku(
        part: &str,
        plans: &[&str],
        enabled: Option<i64>,
        consumed: Option<i64>,
    ) -> SubscribedSku {
        SubscribedSku {
            id: part.into(),
            sku_part_number: Some(part.into()),
            consumed_units: consumed,
            prepaid_units: Some(LicenseUnitsDetail {
                enabled,
                ..Default::default()
            }),
            service_plans: plans
                .iter()
                .map(|p| ServicePlanInfo {
                    service_plan_name: Some((*p).into()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn no_intune_plan_is_none() {
        assert_eq!(intune_seats(&[]), None);
        assert_eq!(
            intune_seats(&[sku(
                "ENTERPRISEPACK",
                &["EXCHANGE_S_ENTERPRISE"],
                Some(25),
                Some(3)
            )]),
            None
        );
        // The SKU's name does not matter, only the plan.
        assert_eq!(
            intune_seats(&[sku(
                "INTUNE_A",
                &["EXCHANGE_S_ENTERPRISE"],
                Some(25),
                Some(3)
            )]),
            None
        );
    }

    #[test]
    fn seats_sum_and_never_go_negative() {
        let s = intune_seats(&[
            sku("EMS", &["AAD_PREMIUM", "INTUNE_A"], Some(25), Some(3)),
            sku(
                "ENTERPRISEPACK",
                &["EXCHANGE_S_ENTERPRISE"],
                Some(100),
                Some(1),
            ),
            sku("SPB", &["INTUNE_A"], Some(5), Some(9)),
            sku("WEIRD", &["INTUNE_A"], None, None),
        ])
        .unwrap();
        assert_eq!(s.available, 22);
        assert_eq!(s.per_sku.len(), 3);
        assert_eq!(s.per_sku[1].available, 0);
        assert_eq!(s.per_sku[1].enabled - s.per_sku[1].consumed, -4);
    }

    fn with_id(mut s: SubscribedSku, id: &str) -> SubscribedSku {
        s.sku_id = Some(id.into());
        s
    }

    const EMS: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
    const SPB: &str = "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46";
    const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";

    fn user(location: Option<&str>, skus: &[&str]) -> User {
        User {
            id: "u1".into(),
            user_principal_name: Some("Ada@Contoso.com".into()),
            usage_location: location.map(Into::into),
            assigned_licenses: skus
                .iter()
                .map(|s| crate::model::AssignedLicense {
                    sku_id: Some((*s).into()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Office 365 E3 without Intune, all 9 seats free.
    fn e3_sku() -> SubscribedSku {
        with_id(
            sku(
                "ENTERPRISEPACK",
                &["EXCHANGE_S_ENTERPRISE"],
                Some(9),
                Some(0),
            ),
            E3,
        )
    }

    fn tenant_skus(ems_free: i64) -> Vec<SubscribedSku> {
        vec![
            with_id(sku("EMS", &["INTUNE_A"], Some(2), Some(2 - ems_free)), EMS),
            e3_sku(),
            with_id(sku("SPB", &["INTUNE_A"], Some(1), Some(0)), SPB),
        ]
    }

    fn bodies(r: &[GraphRequest]) -> Vec<String> {
        r.iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.method.as_str(),
                    r.path,
                    r.body.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn seats_are_taken_one_by_one_across_skus() {
        let mut pool = SeatPool::new(&tenant_skus(1)).unwrap();
        let first = assign_requests(&user(Some("US"), &[]), Some("US"), &mut pool).unwrap();
        assert_eq!(
            bodies(&first),
            [format!("POST /users/u1/assignLicense {{\"addLicenses\":[{{\"disabledPlans\":[],\"skuId\":\"{EMS}\"}}],\"removeLicenses\":[]}}")]
        );
        let second = assign_requests(&user(Some("US"), &[]), Some("US"), &mut pool).unwrap();
        assert!(bodies(&second)[0].contains(SPB), "{second:?}");
        assert_eq!(
            assign_requests(&user(Some("US"), &[]), Some("US"), &mut pool)
                .unwrap_err()
                .to_string(),
            "every Intune licence of your tenant is in use (EMS: 2 of 2, SPB: 1 of 1): buy more or free one first"
        );
    }

    #[test]
    fn usage_location_is_set_first_when_it_differs() {
        let mut pool = SeatPool::new(&tenant_skus(2)).unwrap();
        let r = assign_requests(&user(None, &[]), Some("fr"), &mut pool).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(bodies(&r)[0], "PATCH /users/u1 {\"usageLocation\":\"FR\"}");
        let r = assign_requests(&user(Some("GB"), &[]), Some("FR"), &mut pool).unwrap();
        assert_eq!(bodies(&r)[0], "PATCH /users/u1 {\"usageLocation\":\"FR\"}");
        // The tenant's own location is enough when the workspace has none.
        let r = assign_requests(&user(Some("GB"), &[]), None, &mut pool).unwrap();
        assert_eq!(r.len(), 1);
        assert!(bodies(&r)[0].contains(SPB), "{r:?}");
        // No location anywhere: refused before a seat is taken.
        assert_eq!(
            assign_requests(&user(None, &[]), None, &mut pool).unwrap_err(),
            LicenceRefusal::NoUsageLocation
        );
    }

    #[test]
    fn a_user_holding_intune_needs_nothing_and_loses_only_intune() {
        let mut pool = SeatPool::new(&tenant_skus(0)).unwrap();
        // Held through either Intune SKU, whatever the case of the id.
        let holder = user(Some("US"), &[&SPB.to_uppercase(), E3]);
        assert!(assign_requests(&holder, Some("US"), &mut pool)
            .unwrap()
            .is_empty());
        let r = remove_requests(&holder, &pool).unwrap();
        assert_eq!(
            bodies(&r),
            [format!(
                "POST /users/u1/assignLicense {{\"addLicenses\":[],\"removeLicenses\":[\"{}\"]}}",
                SPB.to_uppercase()
            )]
        );
        assert!(remove_requests(&user(Some("US"), &[E3]), &pool)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_tenant_without_intune_is_said_so() {
        let skus = vec![e3_sku()];
        assert_eq!(SeatPool::new(&skus).unwrap_err(), LicenceRefusal::NoIntune);
    }

    #[test]
    fn users_are_found_by_user_name_ignoring_case() {
        let users = vec![user(None, &[])];
        assert!(find_user(&users, "ada@contoso.COM").is_some());
        assert!(find_user(&users, "ada@fabrikam.com").is_none());
    }
}
