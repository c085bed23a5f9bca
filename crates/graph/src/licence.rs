//! Is Intune licensed, and how many seats are free?

use crate::model::SubscribedSku;

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
}
