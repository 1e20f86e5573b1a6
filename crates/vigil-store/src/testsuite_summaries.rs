//! Conformance of [`Store::summarize`]: every backend's answer equals a naive computation
//! over the records the suite appended (filtered in memory with `CheckedFilter::matches`),
//! for every log and dimension, with and without buckets, `top`, a retention floor, filters
//! a backend can answer from its indexes and filters it cannot — and another tenant's
//! records (same apps, same users) are never counted. Part of [`crate::testsuite`].
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // reason: test-only module

use std::collections::BTreeMap;

use serde_json::{Value, json};
use vigil_model::{ApiVersion, LogKind, ValidatedRecord};
use vigil_query::parse_and_check;

use crate::summary::{Dimension, Interval, SummaryRequest, SummaryRow, finish};
use crate::testsuite::{TENANT_A, TENANT_B, tenant};
use crate::{ScopedQuery, SortOrder, Store};

/// (key, label, total, success, failure, interrupted) of a row.
type RowShape<'a> = (Option<&'a str>, Option<&'a str>, u64, u64, u64, u64);

/// Runs the summary checks, each on a fresh store from `fresh`.
pub fn run_all(fresh: &dyn Fn() -> Box<dyn Store>) {
    summaries_agree_with_a_naive_computation(fresh().as_ref());
    summaries_count_every_outcome_and_label_from_the_newest_record(fresh().as_ref());
}

/// 2026-01-01T00:00:00Z (a Thursday), in seconds.
const BASE_SECS: i64 = 1_767_225_600;

/// A tiny deterministic generator, so every backend sees the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.next(options.len())]
    }
}

/// Seconds after [`BASE_SECS`] for record `i`: spread over three weeks, with ties.
fn offset_secs(rng: &mut Lcg) -> i64 {
    // Whole seconds (ties likely) in the first 21 days.
    (rng.next(21 * 24 * 6) as i64) * 600
}

fn at(secs: i64) -> String {
    vigil_model::datetime::format_nanos((BASE_SECS + secs) * 1_000_000_000)
}

fn sign_in(rng: &mut Lcg, id: &str) -> Value {
    let apps = [
        (
            "00000002-0000-0ff1-ce00-000000000000",
            "Office 365 Exchange Online",
        ),
        (
            "00000002-0000-0FF1-CE00-000000000000",
            "Exchange (upper-case id)",
        ),
        ("de8bc8b5-d9f9-48b1-a8ad-b748da725064", "Graph Explorer"),
        ("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"),
    ];
    let (app_id, app_name) = apps[rng.next(apps.len())];
    let users = ["ann", "bob", "cy", "Dee"];
    let user = rng.pick(&users);
    let methods = [
        vec![],
        vec!["Password"],
        vec!["Password", "Mobile app notification"],
        vec!["password", "Password", "FIDO2 security key"],
    ];
    let details: Vec<Value> = methods[rng.next(methods.len())]
        .iter()
        .map(|m| json!({"authenticationMethod": m, "succeeded": true}))
        .collect();
    let code = [0, 0, 0, 50126, 50140, 50074, 53003][rng.next(7)];
    let mut record = json!({
        "id": id,
        "createdDateTime": at(offset_secs(rng)),
        "userId": format!("u-{}", user.to_lowercase()),
        "userDisplayName": format!("{user} {}", rng.pick(&["Smith", "Jones"])),
        "userPrincipalName": format!("{}@contoso.com", user.to_lowercase()),
        "appId": app_id,
        "appDisplayName": format!("{app_name}{}", rng.pick(&["", " (renamed)"])),
        "clientAppUsed": rng.pick(&["Browser", "browser", "Mobile Apps and Desktop clients"]),
        "conditionalAccessStatus": rng.pick(&["success", "failure", "notApplied"]),
        "riskLevelDuringSignIn": rng.pick(&["none", "low", "high"]),
        "riskState": rng.pick(&["none", "atRisk"]),
        "authenticationRequirement": rng.pick(&["singleFactorAuthentication", "multiFactorAuthentication"]),
        "signInEventTypes": [rng.pick(&["interactiveUser", "interactiveUser", "nonInteractiveUser", "servicePrincipal"])],
        "status": {"errorCode": code},
        "location": {"city": "Paris", "state": "S", "countryOrRegion": rng.pick(&["FR", "fr", "US"])},
        "authenticationDetails": details,
    });
    if rng.next(4) > 0 {
        record["deviceDetail"] = json!({
            "operatingSystem": rng.pick(&["Windows 10", "iOS", "windows 10"]),
            "browser": rng.pick(&["Edge 120", "Safari"]),
        });
    }
    record
}

fn directory_audit(rng: &mut Lcg, id: &str, kind: LogKind) -> Value {
    let initiator = if rng.next(3) == 0 {
        json!({"app": {"appId": "a-1", "displayName": rng.pick(&["Sync Agent", "sync agent"])}})
    } else {
        json!({"user": {"id": "u-1", "userPrincipalName": rng.pick(&["Ann@contoso.com", "ann@contoso.com", "bob@contoso.com"])}})
    };
    json!({
        "id": id,
        "category": if kind == LogKind::DirectoryAudit { rng.pick(&["GroupManagement", "UserManagement"]) } else { "AttributeManagement" },
        "correlationId": "da159bfb-54fa-4092-8a38-6e1fa7870e30",
        "result": rng.pick(&["success", "Success", "failure", "timeout"]),
        "activityDisplayName": rng.pick(&["Add member to group", "add member to group", "Update user"]),
        "activityDateTime": at(offset_secs(rng)),
        "loggedByService": rng.pick(&["Core Directory", "Self-service Group Management"]),
        "operationType": "Add",
        "initiatedBy": initiator,
        "targetResources": [],
        "additionalDetails": []
    })
}

fn provisioning(rng: &mut Lcg, id: &str) -> Value {
    json!({
        "id": id,
        "activityDateTime": at(offset_secs(rng)),
        "jobId": "aws.1",
        "cycleId": "c-1",
        "changeId": "x-1",
        "durationInMilliseconds": 812,
        "provisioningAction": rng.pick(&["create", "update", "delete"]),
        "provisioningStatusInfo": {"status": rng.pick(&["success", "failure", "skipped", "warning"])},
        "sourceSystem": {"id": "s", "displayName": rng.pick(&["Azure Active Directory", "azure active directory", "Workday"]), "details": {}},
        "targetSystem": {"id": "t", "displayName": rng.pick(&["Amazon Web Services (AWS)", "ServiceNow"]), "details": {}},
        "sourceIdentity": {"id": "u-1", "displayName": "Adele Vance", "identityType": "User", "details": {}},
        "targetIdentity": {"id": "t-1", "displayName": "adele.vance", "identityType": "User", "details": {}},
        "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
        "servicePrincipal": {"id": "sp-1", "displayName": "AWS IAM Identity Center"},
        "modifiedProperties": [],
        "provisioningSteps": []
    })
}

fn records(kind: LogKind, seed: u64, prefix: &str, n: usize) -> Vec<ValidatedRecord> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| {
            let id = format!("{prefix}{i:04}");
            let raw = match kind {
                LogKind::SignIn => sign_in(&mut rng, &id),
                LogKind::Provisioning => provisioning(&mut rng, &id),
                _ => directory_audit(&mut rng, &id, kind),
            };
            vigil_model::validate(kind, raw).unwrap_or_else(|e| panic!("{kind} {id}: {e}"))
        })
        .collect()
}

/// Filters per log: none, ones a store can index, and one it cannot (true for every record
/// of the suite, so both paths have work to do).
fn filter_sets(kind: LogKind) -> Vec<Vec<&'static str>> {
    match kind {
        LogKind::SignIn => vec![
            vec![],
            vec!["signInEventTypes/any(t: t eq 'interactiveUser')"],
            vec![
                "status/errorCode ne 0 and createdDateTime ge 2026-01-04T00:00:00Z",
                "createdDateTime lt 2026-01-18T00:00:00Z",
            ],
            vec![
                "appId eq '00000002-0000-0ff1-ce00-000000000000' or riskLevelDuringSignIn eq 'high'",
            ],
            vec![
                "location/state eq 'S'",
                "signInEventTypes/any(t: t eq 'interactiveUser')",
            ],
            vec!["authenticationDetails/any(a: a/authenticationMethod eq 'Password')"],
        ],
        LogKind::Provisioning => vec![
            vec![],
            vec!["provisioningStatusInfo/status ne 'failure'"],
            vec!["activityDateTime ge 2026-01-08T00:00:00Z and jobId eq 'aws.1'"],
            vec!["durationInMilliseconds gt 0"],
        ],
        _ => vec![
            vec![],
            vec!["result eq 'success' or activityDateTime ge 2026-01-10T00:00:00Z"],
            vec!["operationType eq 'Add'"],
            vec!["initiatedBy/app/displayName eq null"],
        ],
    }
}

/// The answer computed the simplest way: filter in memory, fold into maps, label from the
/// newest record of each key.
fn naive(
    request: &SummaryRequest,
    floor: Option<i64>,
    stored: &[(i64, String, Value)],
) -> Vec<SummaryRow> {
    let kind = request.query.kind;
    let mut matching: Vec<&(i64, String, Value)> = stored
        .iter()
        .filter(|(ts, _, body)| {
            floor.is_none_or(|f| *ts >= f) && request.query.filters.iter().all(|f| f.matches(body))
        })
        .collect();
    matching.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut cells: BTreeMap<(Option<i64>, Option<String>), SummaryRow> = BTreeMap::new();
    let mut labels: BTreeMap<Option<String>, (Option<String>, Option<String>)> = BTreeMap::new();
    for (ts, _, body) in matching {
        let bucket = request.interval.map(|i| {
            let len = i.nanos();
            let origin = match i {
                Interval::Day => 0,
                Interval::Week => 4 * 86_400_000_000_000,
            };
            origin + (ts - origin).div_euclid(len) * len
        });
        let keys = match request.dimension {
            Some(d) => d.keys(kind, body),
            None => vec![None],
        };
        for key in keys {
            if let Some(d) = request.dimension {
                // Records are in (time, id) order: the last one seen is the newest.
                labels.insert(key.clone(), d.labels(key.as_deref(), body));
            }
            let row = cells
                .entry((bucket, key.clone()))
                .or_insert_with(|| crate::summary::empty_row(bucket, key));
            row.count(vigil_model::outcome::outcome_of(kind, body), *ts);
        }
    }
    let rows = cells
        .into_values()
        .map(|mut row| {
            if let Some((label, detail)) = labels.get(&row.key) {
                row.label = label.clone();
                row.detail = detail.clone();
            }
            row
        })
        .collect();
    finish(rows, request.top)
}

fn bodies(records: &[ValidatedRecord]) -> Vec<(i64, String, Value)> {
    records
        .iter()
        .map(|r| {
            (
                r.time_nanos,
                r.id.clone(),
                serde_json::from_slice(&r.json).unwrap(),
            )
        })
        .collect()
}

fn summaries_agree_with_a_naive_computation(store: &dyn Store) {
    let counts = [
        (LogKind::SignIn, 400),
        (LogKind::DirectoryAudit, 150),
        (LogKind::Provisioning, 150),
        (LogKind::CustomSecurityAttributeAudit, 80),
    ];
    for (kind, n) in counts {
        let ours = records(kind, 7 + kind.code() as u64, "a", n);
        // Tenant B: the same kind of data (same apps, users, values), more of it.
        let theirs = records(kind, 99 + kind.code() as u64, "b", n + 50);
        store.append(&tenant(TENANT_A), ours.clone()).unwrap();
        store.append(&tenant(TENANT_B), theirs).unwrap();
        let stored = bodies(&ours);
        let floor = Some((BASE_SECS + 5 * 86_400 + 1_800) * 1_000_000_000);
        let mut dimensions: Vec<Option<Dimension>> = vec![None];
        dimensions.extend(Dimension::for_kind(kind).iter().copied().map(Some));
        let mut checked = 0;
        for filters in filter_sets(kind) {
            let filters: Vec<_> = filters
                .iter()
                .map(|f| {
                    parse_and_check(f, kind, ApiVersion::Beta)
                        .unwrap_or_else(|e| panic!("{f}: {}", e.message()))
                })
                .collect();
            for interval in [None, Some(Interval::Day), Some(Interval::Week)] {
                for dimension in &dimensions {
                    for (top, not_before) in [(None, None), (Some(2), floor), (None, floor)] {
                        let request = SummaryRequest {
                            query: ScopedQuery {
                                tenant: tenant(TENANT_A),
                                kind,
                                filters: filters.clone(),
                                order: SortOrder::Desc,
                                not_before,
                            },
                            interval,
                            dimension: *dimension,
                            top,
                        };
                        let got = store.summarize(&request).unwrap();
                        let want = naive(&request, not_before, &stored);
                        assert_eq!(
                            got,
                            want,
                            "{kind} filters {:?} interval {interval:?} by {dimension:?} top {top:?} floor {not_before:?}",
                            request.query.filters.len()
                        );
                        checked += usize::from(!want.is_empty());
                    }
                }
            }
        }
        assert!(
            checked > 20,
            "{kind}: too few non-empty summaries ({checked})"
        );
    }
    // A tenant that never stored anything has no rows.
    let unknown = "33333333-3333-4333-8333-333333333333";
    let request = SummaryRequest {
        query: ScopedQuery {
            tenant: tenant(unknown),
            kind: LogKind::SignIn,
            filters: Vec::new(),
            order: SortOrder::Desc,
            not_before: None,
        },
        interval: Some(Interval::Day),
        dimension: Some(Dimension::App),
        top: None,
    };
    assert!(store.summarize(&request).unwrap().is_empty());
}

fn summaries_count_every_outcome_and_label_from_the_newest_record(store: &dyn Store) {
    // Hand-written expectations, independent of the reference fold.
    let raw = |id: &str, minute: i64, app: &str, name: &str, code: i64| {
        let mut r = crate::testsuite::sign_in(id, minute, "a@x.com", "interactiveUser", code).json;
        let mut body: Value = serde_json::from_slice(&r).unwrap();
        body["appId"] = json!(app);
        body["appDisplayName"] = json!(name);
        r = serde_json::to_vec(&body).unwrap();
        vigil_model::validate_json(LogKind::SignIn, &r).unwrap()
    };
    store
        .append(
            &tenant(TENANT_A),
            vec![
                raw("s1", 0, "APP-1", "Old name", 0),
                raw("s2", 10, "app-1", "New name", 50126),
                raw("s3", 20, "app-1", "Newest name", 50140),
                raw("s4", 30, "app-2", "Two", 0),
                raw("s5", 24 * 60 + 1, "app-2", "Two", 0),
            ],
        )
        .unwrap();
    let request = SummaryRequest {
        query: ScopedQuery {
            tenant: tenant(TENANT_A),
            kind: LogKind::SignIn,
            filters: Vec::new(),
            order: SortOrder::Desc,
            not_before: None,
        },
        interval: Some(Interval::Day),
        dimension: Some(Dimension::App),
        top: None,
    };
    let rows = store.summarize(&request).unwrap();
    let shape: Vec<RowShape<'_>> = rows
        .iter()
        .map(|r| {
            (
                r.key.as_deref(),
                r.label.as_deref(),
                r.total,
                r.success,
                r.failure,
                r.interrupted,
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (Some("app-1"), Some("Newest name"), 3, 1, 1, 1),
            (Some("app-2"), Some("Two"), 1, 1, 0, 0),
            (Some("app-2"), Some("Two"), 1, 1, 0, 0),
        ]
    );
    let day = 86_400_000_000_000;
    let first = BASE_SECS * 1_000_000_000;
    assert_eq!(rows[0].bucket, Some(first));
    assert_eq!(rows[0].latest, first + 20 * 60_000_000_000);
    assert_eq!(rows[2].bucket, Some(first + day));
}
