//! Time as milliseconds since the Unix epoch (UTC), with the little calendar
//! arithmetic the app needs. No time crate: this keeps the wasm small and the
//! rules deterministic (every command receives `now` from its caller).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

const MS_PER_DAY: i64 = 86_400_000;

/// A calendar date (proleptic Gregorian, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Timestamp {
    /// Days since the epoch (floor division, so times before 1970 work too).
    pub fn days_since_epoch(self) -> i64 {
        self.0.div_euclid(MS_PER_DAY)
    }

    pub fn date(self) -> Date {
        Date::from_days(self.days_since_epoch())
    }

    /// Milliseconds into the day.
    fn time_of_day(self) -> i64 {
        self.0.rem_euclid(MS_PER_DAY)
    }
}

impl fmt::Display for Timestamp {
    /// `2026-11-26 14:05 UTC`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minutes = self.time_of_day() / 60_000;
        write!(
            f,
            "{} {:02}:{:02} UTC",
            self.date(),
            minutes / 60,
            minutes % 60
        )
    }
}

impl Date {
    /// Howard Hinnant's `civil_from_days`.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    /// Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let year = self.year - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.to_days() + 3).rem_euclid(7) as u32
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(
            Timestamp(0).date(),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        // 2026-11-26T22:00:34Z
        let t = Timestamp(1_795_730_434_000);
        assert_eq!(t.date().to_string(), "2026-11-26");
        assert_eq!(t.to_string(), "2026-11-26 22:00 UTC");
        assert_eq!(t.date().weekday(), 3, "2026-11-26 is a Thursday");
        assert_eq!(
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
            .to_string(),
            "2000-02-29"
        );
    }

    #[test]
    fn days_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
    }

    #[test]
    fn before_epoch() {
        assert_eq!(
            Timestamp(-1).date(),
            Date {
                year: 1969,
                month: 12,
                day: 31
            }
        );
    }
}
