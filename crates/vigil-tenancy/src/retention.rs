//! Retention: how many days of each log a tenant keeps, and where that number comes from.
//!
//! Each tenant's license tier sets a default ([`LicenseTier::default_retention_days`]: Free
//! 7 days, P1 and P2 30, as in Entra). An owner may override it per tenant and per log with
//! any number of days from 1 to [`MAX_RETENTION_DAYS`] — deliberately *not* capped at 30:
//! Entra's 30-day wall is what Vigil removes. The cap only rejects typos (a hundred years).
//! The purge deletes records older than [`cutoff`]`(now, days)`.

use time::{Date, Duration, OffsetDateTime};
use vigil_model::LogKind;

use crate::error::ControlError;
use vigil_model::LicenseTier;

/// The shortest retention an override may set.
pub const MIN_RETENTION_DAYS: u32 = 1;

/// The longest retention an override may set: about a hundred years, a sanity bound only.
pub const MAX_RETENTION_DAYS: u32 = 36_500;

/// Where an effective retention comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetentionSource {
    /// The license tier's default.
    Default,
    /// An override the owner configured for this tenant and log.
    Override,
}

/// How long one log of one tenant is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RetentionPolicy {
    /// Days of activity kept.
    pub days: u32,
    /// Whether `days` is the license default or an override.
    pub source: RetentionSource,
}

/// One row of a tenant's retention settings, as the admin API shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RetentionSetting {
    /// The log.
    pub kind: LogKind,
    /// What applies now.
    pub effective: RetentionPolicy,
    /// The license tier's default, shown even while overridden.
    pub license_default_days: u32,
    /// The configured override, if any.
    pub override_days: Option<u32>,
}

impl RetentionSetting {
    /// Combines a license tier and an optional override into the setting for one log.
    /// Every backend uses this, so the rule lives in one place.
    pub fn resolve(
        license: LicenseTier,
        kind: LogKind,
        override_days: Option<u32>,
    ) -> RetentionSetting {
        let license_default_days = license.default_retention_days();
        let effective = match override_days {
            Some(days) => RetentionPolicy {
                days,
                source: RetentionSource::Override,
            },
            None => RetentionPolicy {
                days: license_default_days,
                source: RetentionSource::Default,
            },
        };
        RetentionSetting {
            kind,
            effective,
            license_default_days,
            override_days,
        }
    }
}

/// Checks an override is within `MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS`.
pub fn check_override(days: u32) -> Result<u32, ControlError> {
    if (MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(ControlError::RetentionOutOfRange {
            days,
            max: MAX_RETENTION_DAYS,
        })
    }
}

/// Checks an export hold limit is within `0..=MAX_RETENTION_DAYS` (0: undelivered records
/// go when their retention ends, like any other).
pub fn check_export_hold(days: u32) -> Result<u32, ControlError> {
    if days <= MAX_RETENTION_DAYS {
        Ok(days)
    } else {
        Err(ControlError::ExportHoldOutOfRange {
            days,
            max: MAX_RETENTION_DAYS,
        })
    }
}

/// The oldest event time a log keeping `days` days still holds at `now`: records whose
/// event time is strictly before the cutoff may be purged. Never panics; if the
/// subtraction leaves `time`'s range the earliest representable instant is returned, so
/// nothing is purged.
pub fn cutoff(now: OffsetDateTime, days: u32) -> OffsetDateTime {
    now.checked_sub(Duration::days(i64::from(days)))
        .unwrap_or_else(|| Date::MIN.midnight().assume_utc())
}

/// [`cutoff`] in nanoseconds since the epoch, clamped to the `i64` range stores use: what
/// the purge deletes below and what reads hide below, so the two can never disagree.
pub fn cutoff_nanos(now: OffsetDateTime, days: u32) -> i64 {
    let at = cutoff(now, days);
    i64::try_from(at.unix_timestamp_nanos()).unwrap_or(if at.year() < 1970 {
        i64::MIN
    } else {
        i64::MAX
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use time::macros::datetime;
    use vigil_model::LogKind;

    use super::{MAX_RETENTION_DAYS, RetentionSetting, RetentionSource, check_override, cutoff};
    use crate::LicenseTier;

    #[test]
    fn cutoff_subtracts_whole_days() {
        let now = datetime!(2026-03-31 12:00 UTC);
        assert_eq!(cutoff(now, 30), datetime!(2026-03-01 12:00 UTC));
        assert_eq!(cutoff(now, 400), datetime!(2025-02-24 12:00 UTC));
        let early = datetime!(-9999-01-02 00:00 UTC);
        assert_eq!(
            cutoff(early, MAX_RETENTION_DAYS),
            datetime!(-9999-01-01 00:00 UTC)
        );
    }

    #[test]
    fn overrides_win_over_the_license_default() {
        let free = RetentionSetting::resolve(LicenseTier::Free, LogKind::SignIn, None);
        assert_eq!(free.effective.days, 7);
        assert_eq!(free.effective.source, RetentionSource::Default);
        let long = RetentionSetting::resolve(LicenseTier::Free, LogKind::SignIn, Some(400));
        assert_eq!(long.effective.days, 400);
        assert_eq!(long.effective.source, RetentionSource::Override);
        assert_eq!(long.license_default_days, 7);
    }

    #[test]
    fn override_bounds() {
        assert!(check_override(0).is_err());
        assert_eq!(check_override(1).unwrap(), 1);
        assert_eq!(
            check_override(MAX_RETENTION_DAYS).unwrap(),
            MAX_RETENTION_DAYS
        );
        assert!(check_override(MAX_RETENTION_DAYS + 1).is_err());
    }
}
