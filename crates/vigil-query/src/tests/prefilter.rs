//! Prefilter derivation: expected renderings and exactness for the rules of
//! `prefilter.rs`, `prefilter_is_exact`, `mentions`, and a reference evaluator for
//! [`Prefilter`] over JSON (shared with the property tests).

use serde_json::{Value, json};
use vigil_model::ApiVersion::V1;
use vigil_model::LogKind::{self, Provisioning, SignIn};
use vigil_model::datetime::parse_nanos;

use super::{beta_sign_in, ok};
use crate::{CompareOp, Literal, Prefilter};

const SIGN_IN_INDEXED: &[&str] = &[
    "createdDateTime",
    "status/errorCode",
    "signInEventTypes",
    "appId",
    "isInteractive",
    "riskLevelDuringSignIn",
];

fn indexed_sign_in(path: &str) -> bool {
    SIGN_IN_INDEXED.contains(&path)
}

#[test]
fn derivations() {
    let cases = [
        (
            "createdDateTime ge 2026-10-05T10:00:00Z and createdDateTime lt 2026-10-05T11:00:00Z and signInEventTypes/any(t: t eq 'nonInteractiveUser')",
            "(createdDateTime ge 2026-10-05T10:00:00.0000000Z) and (createdDateTime lt 2026-10-05T11:00:00.0000000Z) and (signInEventTypes has 'noninteractiveuser')",
            false,
        ),
        (
            "createdDateTime ge 2024-07-01 and createdDateTime le 2024-07-14T23:59:59Z",
            "(createdDateTime ge 2024-07-01T00:00:00.0000000Z) and (createdDateTime le 2024-07-14T23:59:59.0000000Z)",
            true,
        ),
        ("status/errorCode ne 0", "status/errorCode ne 0", true),
        (
            "status/errorCode eq 0 and userDisplayName eq 'x'",
            "status/errorCode eq 0",
            false,
        ),
        (
            "status/errorCode eq 0 or userDisplayName eq 'x'",
            "true",
            false,
        ),
        (
            "not (status/errorCode eq 0)",
            "not (status/errorCode eq 0)",
            true,
        ),
        ("not (appId eq 'x')", "true", false),
        (
            "not (userDisplayName eq 'x') and isInteractive",
            "isInteractive eq true",
            false,
        ),
        ("appId eq 'ABC'", "lower(appId) eq 'abc'", false),
        ("appId in ('A', 'b')", "lower(appId) in ('a', 'b')", false),
        (
            "startswith(appId,'AB')",
            "startswith(lower(appId), 'ab')",
            false,
        ),
        ("endswith(appId,'x')", "true", false),
        (
            "contains(appId,'x') and status/errorCode gt 5",
            "status/errorCode gt 5",
            false,
        ),
        (
            "signInEventTypes/any(t: t eq 'a' or t eq 'b')",
            "(signInEventTypes has 'a') or (signInEventTypes has 'b')",
            false,
        ),
        (
            "signInEventTypes/any(t: t in ('a', 'B'))",
            "(signInEventTypes has 'a') or (signInEventTypes has 'b')",
            false,
        ),
        (
            "signInEventTypes/any(t: t eq 'a' and startswith(t, 'x'))",
            "signInEventTypes has 'a'",
            false,
        ),
        (
            "signInEventTypes/any(t: t ne 'interactiveUser')",
            "true",
            false,
        ),
        (
            "signInEventTypes eq 'servicePrincipal'",
            "signInEventTypes has 'serviceprincipal'",
            false,
        ),
        ("signInEventTypes/all(t: t eq 'x')", "true", false),
        ("signInEventTypes/any()", "true", false),
        ("isInteractive", "isInteractive eq true", true),
        ("isInteractive eq null", "isInteractive eq null", true),
        (
            "(status/errorCode eq 1 or status/errorCode eq 2) and not isInteractive",
            "((status/errorCode eq 1) or (status/errorCode eq 2)) and (not (isInteractive eq true))",
            true,
        ),
        ("riskLevelDuringSignIn gt 'low'", "true", false),
        (
            "riskLevelDuringSignIn eq 'Low'",
            "lower(riskLevelDuringSignIn) eq 'low'",
            false,
        ),
        (
            "appliedConditionalAccessPolicies/any(c: c/id eq 'x')",
            "true",
            false,
        ),
        (
            "status/errorCode eq 0 and (userId eq 'a' or createdDateTime gt 2024-01-01)",
            "status/errorCode eq 0",
            false,
        ),
    ];
    for (text, expected, exact) in cases {
        let filter = beta_sign_in(text);
        let plan = filter.prefilter_plan(&indexed_sign_in);
        assert_eq!(plan.prefilter.to_string(), expected, "{text}");
        assert_eq!(plan.exact, exact, "{text}");
        assert_eq!(filter.prefilter(&indexed_sign_in), plan.prefilter, "{text}");
    }
}

#[test]
fn case_sensitive_kind_gives_exact_string_leaves() {
    let indexed = |p: &str| ["id", "jobId", "provisioningAction", "activityDateTime"].contains(&p);
    let cases = [
        (
            "id eq '74c3b0ae-9cc5-850e-e0a5-7r6a4231de87'",
            "id eq '74c3b0ae-9cc5-850e-e0a5-7r6a4231de87'",
            true,
        ),
        (
            "id eq 'Y' or jobId in ('A', 'b')",
            "(id eq 'Y') or (jobId in ('A', 'b'))",
            true,
        ),
        ("startswith(jobId, 'Ab')", "startswith(jobId, 'Ab')", true),
        ("contains(id,'x') or id eq 'y'", "true", false),
        (
            "provisioningAction eq 'Create'",
            "lower(provisioningAction) eq 'create'",
            false,
        ),
        ("not (id eq 'x')", "not (id eq 'x')", true),
    ];
    for (text, expected, exact) in cases {
        let plan = ok(text, Provisioning, V1).prefilter_plan(&indexed);
        assert_eq!(plan.prefilter.to_string(), expected, "{text}");
        assert_eq!(plan.exact, exact, "{text}");
    }
}

#[test]
fn leaves_are_typed() {
    let filter = beta_sign_in(
        "status/errorCode ge -3 and createdDateTime lt 2020-01-01 and location/geoCoordinates/latitude gt 1.5 and appDisplayName eq null",
    );
    let Prefilter::And(children) = filter.prefilter(&|_| true) else {
        panic!("expected And")
    };
    let expected = [
        ("status/errorCode", CompareOp::Ge, Literal::Int(-3), false),
        (
            "createdDateTime",
            CompareOp::Lt,
            Literal::DateTime(parse_nanos("2020-01-01").unwrap()),
            false,
        ),
        (
            "location/geoCoordinates/latitude",
            CompareOp::Gt,
            Literal::Float(1.5),
            false,
        ),
        ("appDisplayName", CompareOp::Eq, Literal::Null, false),
    ];
    assert_eq!(children.len(), expected.len());
    for (child, (path, op, value, ci)) in children.iter().zip(expected) {
        assert_eq!(
            child,
            &Prefilter::Compare {
                path: path.to_owned(),
                op,
                value,
                case_insensitive: ci
            }
        );
    }
    // Paths come back in the catalogue's spelling whatever the filter's.
    assert_eq!(
        beta_sign_in("STATUS/ERRORCODE eq 1")
            .prefilter(&|p| p == "status/errorCode")
            .to_string(),
        "status/errorCode eq 1"
    );
}

#[test]
fn exactness_check_for_stores() {
    let filter = beta_sign_in("status/errorCode eq 0 and isInteractive");
    let everything = filter.prefilter(&|_| true);
    assert!(filter.prefilter_is_exact(&everything));
    let partial = filter.prefilter(&|p| p == "status/errorCode");
    assert!(!filter.prefilter_is_exact(&partial));
    assert!(!filter.prefilter_is_exact(&Prefilter::True));
    let ci = beta_sign_in("appId eq 'x'");
    assert!(!ci.prefilter_is_exact(&ci.prefilter(&|_| true)));
}

#[test]
fn mentions() {
    let filter = beta_sign_in(
        "(signInEventTypes/any(t: t ne 'interactiveUser')) and status/errorCode eq 0 and appliedConditionalAccessPolicies/any(c: c/result eq 'failure')",
    );
    for path in [
        "signInEventTypes",
        "SIGNINEVENTTYPES",
        "status",
        "status/errorCode",
        "appliedConditionalAccessPolicies",
        "appliedConditionalAccessPolicies/result",
    ] {
        assert!(filter.mentions(path), "{path}");
    }
    for path in [
        "signIn",
        "stat",
        "status/error",
        "appId",
        "appliedConditionalAccessPolicies/id",
    ] {
        assert!(!filter.mentions(path), "{path}");
    }
    assert!(beta_sign_in("signInEventTypes eq 'x'").mentions("signInEventTypes"));
    assert!(!beta_sign_in("appId eq 'x'").mentions("signInEventTypes"));
}

#[test]
fn documented_records_satisfy_their_prefilters() {
    let record = json!({
        "createdDateTime": "2026-10-05T10:30:00Z", "signInEventTypes": ["nonInteractiveUser"],
        "resourceDisplayName": "Azure Resource Manager",
        "tokenProtectionStatusDetails": {"signInSessionStatusCode": 1004}
    });
    let filter = beta_sign_in(
        "createdDateTime ge 2026-10-05T10:00:00Z and createdDateTime lt 2026-10-05T11:00:00Z and (signInEventTypes/any(t: t eq 'nonInteractiveUser') and resourceDisplayName eq 'Azure Resource Manager' and (tokenProtectionStatusDetails/signInSessionStatusCode eq 1003 or tokenProtectionStatusDetails/signInSessionStatusCode eq 1004 or tokenProtectionStatusDetails/signInSessionStatus eq 'bound'))",
    );
    assert!(filter.matches(&record));
    for indexed in [
        &indexed_sign_in as &dyn Fn(&str) -> bool,
        &|_| true,
        &|_| false,
    ] {
        assert!(
            holds(&filter.prefilter(indexed), &record, SignIn),
            "{}",
            filter.prefilter(indexed)
        );
    }
}

/// A reference evaluator for prefilters, written independently of `eval.rs` from the
/// documented leaf semantics: missing/null fails every leaf but `eq null`/`ne null`.
pub(super) fn holds(p: &Prefilter, record: &Value, kind: LogKind) -> bool {
    match p {
        Prefilter::True => true,
        Prefilter::And(children) => children.iter().all(|c| holds(c, record, kind)),
        Prefilter::Or(children) => children.iter().any(|c| holds(c, record, kind)),
        Prefilter::Not(inner) => !holds(inner, record, kind),
        Prefilter::Compare {
            path,
            op,
            value,
            case_insensitive,
        } => compare(get(record, path), *op, value, *case_insensitive),
        Prefilter::StartsWith {
            path,
            prefix,
            case_insensitive,
        } => get(record, path)
            .and_then(Value::as_str)
            .is_some_and(|s| fold(s, *case_insensitive).starts_with(prefix.as_str())),
        Prefilter::In {
            path,
            values,
            case_insensitive,
        } => {
            let actual = get(record, path);
            values
                .iter()
                .any(|v| compare(actual, CompareOp::Eq, v, *case_insensitive))
        }
        Prefilter::CollectionContains {
            path,
            value: Literal::Str(s),
        } => get(record, path)
            .and_then(Value::as_array)
            .is_some_and(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|item| fold(item, kind.case_insensitive_strings()) == *s)
            }),
        Prefilter::CollectionContains { .. } => panic!("CollectionContains holds a string"),
    }
}

fn fold(s: &str, ci: bool) -> String {
    if ci { s.to_lowercase() } else { s.to_owned() }
}

fn get<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    let mut value = record;
    for key in path.split('/') {
        value = value.get(key)?;
    }
    (!value.is_null()).then_some(value)
}

fn compare(actual: Option<&Value>, op: CompareOp, expected: &Literal, ci: bool) -> bool {
    if *expected == Literal::Null {
        return match op {
            CompareOp::Eq => actual.is_none(),
            CompareOp::Ne => actual.is_some(),
            _ => false,
        };
    }
    let Some(actual) = actual else { return false };
    let ordering = match expected {
        Literal::Str(e) => actual
            .as_str()
            .map(|a| fold(a, ci).as_str().cmp(e.as_str())),
        Literal::Int(e) => actual
            .as_i64()
            .map(|a| a.cmp(e))
            .or_else(|| actual.as_f64()?.partial_cmp(&(*e as f64))),
        Literal::Float(e) => actual.as_f64().and_then(|a| a.partial_cmp(e)),
        Literal::Bool(e) => actual.as_bool().map(|a| a.cmp(e)),
        Literal::DateTime(e) => actual
            .as_str()
            .and_then(|a| parse_nanos(a).ok())
            .map(|a| a.cmp(e)),
        Literal::Null => None,
    };
    ordering.is_some_and(|o| op.holds(o))
}
