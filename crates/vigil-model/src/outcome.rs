//! How a record's outcome is classified for charts and status filters: success, failure or
//! interrupted. This is the one place that decides it; the store's aggregation (in SQL and
//! in Rust), the insights API and the portal's status filter all follow these rules.
//!
//! - **Sign-ins**: `status/errorCode` 0 is a success. A code in
//!   [`INTERRUPTED_SIGN_IN_ERROR_CODES`] is an *interruption*: Entra stopped the sign-in to
//!   make the user do something (complete MFA, answer "stay signed in?", consent, register,
//!   pass a device or external challenge, fall back from seamless SSO), which usually
//!   continues in a later sign-in — neither a success nor a refusal. Any other code, and a
//!   sign-in without a code, is a failure.
//! - **Directory audits and custom security attribute audits**: `result` equal to `success`
//!   (any case) is a success; anything else (`failure`, `timeout`, `unknownFutureValue`,
//!   missing) is a failure. Audits are never interrupted.
//!
//! Strings are compared after Unicode lower-casing (`str::to_lowercase`), exactly as stores
//! keep them in lower-cased columns, so a store classifying from its columns agrees.
//! - **Provisioning**: `provisioningStatusInfo/status` `success` is a success, `skipped` and
//!   `warning` are interruptions (nothing went wrong but nothing was completed either), and
//!   anything else (`failure`, `unknownFutureValue`, missing) is a failure.

use serde_json::Value;

use crate::LogKind;

/// The outcome class of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// It worked.
    Success,
    /// It was refused or failed.
    Failure,
    /// The user (or the system) had to act before it could go on; see the module docs.
    Interrupted,
}

impl Outcome {
    /// Every outcome, in a fixed order.
    pub const ALL: [Outcome; 3] = [Outcome::Success, Outcome::Failure, Outcome::Interrupted];

    /// The outcome's name as the insights API spells it (`success`, `failure`, `interrupted`).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Interrupted => "interrupted",
        }
    }
}

/// Sign-in error codes that mean "interrupted": the user had to act before the sign-in could
/// complete. Sorted ascending.
///
/// | code | meaning |
/// |---|---|
/// | 50058 | silent sign-in found no usable session; the user must sign in interactively |
/// | 50072 | the user must enrol for multi-factor authentication |
/// | 50074 | strong authentication (MFA) is required |
/// | 50076 | MFA required by policy or a location change |
/// | 50079 | the user must register security information for MFA |
/// | 50097 | device authentication is required |
/// | 50125 | interrupted by a password reset or registration entry |
/// | 50129 | the device must join the workplace to register |
/// | 50140 | "Keep me signed in" prompt |
/// | 50143 | session mismatch between the user and the session |
/// | 50158 | an external security challenge (e.g. third-party MFA) was not yet satisfied |
/// | 65001 | the user (or an administrator) must consent to the application |
/// | 81010 | seamless SSO: Kerberos ticket expired or invalid, falls back to a prompt |
/// | 81012 | seamless SSO: signed-in Windows user differs from the one signing in |
/// | 81014 | seamless SSO: browser did not send a Kerberos ticket (trying again with a prompt) |
pub const INTERRUPTED_SIGN_IN_ERROR_CODES: [i64; 15] = [
    50058, 50072, 50074, 50076, 50079, 50097, 50125, 50129, 50140, 50143, 50158, 65001, 81010,
    81012, 81014,
];

/// The outcome of a sign-in with this `status/errorCode` (`None`: absent or not an integer).
pub fn sign_in_outcome(error_code: Option<i64>) -> Outcome {
    match error_code {
        Some(0) => Outcome::Success,
        Some(code) if INTERRUPTED_SIGN_IN_ERROR_CODES.binary_search(&code).is_ok() => {
            Outcome::Interrupted
        }
        _ => Outcome::Failure,
    }
}

/// The outcome of a directory or custom security attribute audit with this `result`.
pub fn audit_outcome(result: Option<&str>) -> Outcome {
    match result {
        Some(r) if r.to_lowercase() == "success" => Outcome::Success,
        _ => Outcome::Failure,
    }
}

/// Provisioning statuses that count as interruptions (lower case).
pub const INTERRUPTED_PROVISIONING_STATUSES: [&str; 2] = ["skipped", "warning"];

/// The outcome of a provisioning event with this `provisioningStatusInfo/status`.
pub fn provisioning_outcome(status: Option<&str>) -> Outcome {
    let lower = status.map(str::to_lowercase);
    match lower.as_deref() {
        Some("success") => Outcome::Success,
        Some(s) if INTERRUPTED_PROVISIONING_STATUSES.contains(&s) => Outcome::Interrupted,
        _ => Outcome::Failure,
    }
}

/// The outcome of a canonical record of `kind`.
pub fn outcome_of(kind: LogKind, record: &Value) -> Outcome {
    match kind {
        LogKind::SignIn => sign_in_outcome(
            record
                .get("status")
                .and_then(|s| s.get("errorCode"))
                .and_then(Value::as_i64),
        ),
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => {
            audit_outcome(record.get("result").and_then(Value::as_str))
        }
        LogKind::Provisioning => provisioning_outcome(
            record
                .get("provisioningStatusInfo")
                .and_then(|s| s.get("status"))
                .and_then(Value::as_str),
        ),
    }
}

/// The `$filter` text that selects the records of `kind` with `outcome` — the portal's status
/// filter, exact complements of each other and in agreement with [`outcome_of`]. Every
/// comparison is on a property stores index, so a filtered list or summary stays fast.
/// Audits are never interrupted: their `Interrupted` filter matches nothing.
pub fn status_filter(kind: LogKind, outcome: Outcome) -> String {
    let (path, success, interrupted) = match kind {
        LogKind::SignIn => {
            let codes: Vec<String> = INTERRUPTED_SIGN_IN_ERROR_CODES
                .iter()
                .map(i64::to_string)
                .collect();
            (
                "status/errorCode",
                "0".to_owned(),
                Some(format!("({})", codes.join(", "))),
            )
        }
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => {
            ("result", "'success'".to_owned(), None)
        }
        LogKind::Provisioning => {
            let statuses: Vec<String> = INTERRUPTED_PROVISIONING_STATUSES
                .iter()
                .map(|s| format!("'{s}'"))
                .collect();
            (
                "provisioningStatusInfo/status",
                "'success'".to_owned(),
                Some(format!("({})", statuses.join(", "))),
            )
        }
    };
    match (outcome, interrupted) {
        (Outcome::Success, _) => format!("{path} eq {success}"),
        (Outcome::Interrupted, Some(list)) => format!("{path} in {list}"),
        // Nothing: the time property is always present and never before the epoch.
        (Outcome::Interrupted, None) => format!("{} lt 1970-01-01T00:00:00Z", kind.time_property()),
        (Outcome::Failure, Some(list)) => {
            format!("not ({path} eq {success}) and not ({path} in {list})")
        }
        (Outcome::Failure, None) => format!("not ({path} eq {success})"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn interrupted_codes_are_sorted_and_distinct() {
        assert!(
            INTERRUPTED_SIGN_IN_ERROR_CODES
                .windows(2)
                .all(|w| w[0] < w[1])
        );
    }

    #[test]
    fn sign_ins_classify_by_error_code() {
        assert_eq!(sign_in_outcome(Some(0)), Outcome::Success);
        assert_eq!(sign_in_outcome(Some(50140)), Outcome::Interrupted);
        assert_eq!(sign_in_outcome(Some(50074)), Outcome::Interrupted);
        assert_eq!(sign_in_outcome(Some(50126)), Outcome::Failure);
        assert_eq!(sign_in_outcome(None), Outcome::Failure);
        let record = json!({"status": {"errorCode": 65001}});
        assert_eq!(outcome_of(LogKind::SignIn, &record), Outcome::Interrupted);
    }

    #[test]
    fn audits_and_provisioning_classify_by_result_and_status() {
        let ok = json!({"result": "Success"});
        let bad = json!({"result": "timeout"});
        assert_eq!(outcome_of(LogKind::DirectoryAudit, &ok), Outcome::Success);
        assert_eq!(
            outcome_of(LogKind::CustomSecurityAttributeAudit, &bad),
            Outcome::Failure
        );
        for (status, expected) in [
            ("success", Outcome::Success),
            ("failure", Outcome::Failure),
            ("skipped", Outcome::Interrupted),
            ("Warning", Outcome::Interrupted),
            ("unknownFutureValue", Outcome::Failure),
        ] {
            let record = json!({"provisioningStatusInfo": {"status": status}});
            assert_eq!(
                outcome_of(LogKind::Provisioning, &record),
                expected,
                "{status}"
            );
        }
        assert_eq!(
            outcome_of(LogKind::Provisioning, &json!({})),
            Outcome::Failure
        );
    }
}
