//! The one-pass validator against the reference path on realistic records: every generated
//! record of every kind takes the one-pass path and comes out byte for byte as the reference
//! writes it, and randomly damaged or re-spelt records are either left to the reference path
//! or, when accepted, come out exactly as the reference writes them. Validation with a
//! capture plan locates each planned property exactly where the canonical JSON holds it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use time::macros::datetime;
use vigil_demo::{DemoConfig, generate};
use vigil_model::validate::{
    CapturePlan, one_pass, validate_json_capturing, validate_json_reference,
};
use vigil_model::{LogKind, validate_json};

fn corpus() -> &'static Vec<(LogKind, Value)> {
    static CORPUS: OnceLock<Vec<(LogKind, Value)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let data = generate(&DemoConfig::new(3, 4, datetime!(2026-11-20 00:00 UTC)));
        let mut out = Vec::new();
        for (kind, records) in data.by_kind() {
            assert!(!records.is_empty(), "{kind}: nothing generated");
            out.extend(records.iter().map(|r| (kind, r.clone())));
        }
        out
    })
}

/// Paths of every kind's scalar and nested properties, including whole objects and lists.
fn plan_paths(kind: LogKind) -> &'static [&'static str] {
    match kind {
        LogKind::SignIn => &[
            "id",
            "createdDateTime",
            "userId",
            "userPrincipalName",
            "status/errorCode",
            "status/failureReason",
            "location/city",
            "location/geoCoordinates/latitude",
            "deviceDetail",
            "isInteractive",
            "signInEventTypes",
            "appliedConditionalAccessPolicies",
            "riskLevelDuringSignIn",
            "mfaDetail/authMethod",
        ],
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => &[
            "id",
            "activityDateTime",
            "category",
            "initiatedBy/user/id",
            "initiatedBy/user/userPrincipalName",
            "initiatedBy/app",
            "targetResources",
            "result",
        ],
        LogKind::Provisioning => &[
            "id",
            "jobId",
            "provisioningStatusInfo/status",
            "sourceSystem/displayName",
            "targetIdentity/id",
            "servicePrincipal/id",
            "provisioningSteps",
        ],
    }
}

/// Validates with a plan over [`plan_paths`] and checks every span against the canonical
/// record: its text is the value at that path, and a path without a span has a null (or no)
/// object above it. Returns whether the record carried spans.
fn captures_match(kind: LogKind, bytes: &[u8]) -> bool {
    let paths = plan_paths(kind);
    let plan = CapturePlan::new(kind, paths).unwrap();
    let Ok(record) = validate_json_capturing(kind, bytes, Some(&plan)) else {
        return false;
    };
    let Some(captured) = &record.captured else {
        return false;
    };
    assert!(plan.produced(captured));
    let body: Value = serde_json::from_slice(&record.json).unwrap();
    for (slot, path) in paths.iter().enumerate() {
        let expected = path
            .split('/')
            .try_fold(&body, |value, name| value.get(name));
        match captured.text(&record.json, slot) {
            Some(text) => {
                let found: Value = serde_json::from_str(text).unwrap();
                assert_eq!(Some(&found), expected, "{kind} {path}");
            }
            None => assert!(
                path.contains('/') && expected.is_none(),
                "{kind} {path}: no span, but the record holds {expected:?}"
            ),
        }
    }
    true
}

#[test]
fn every_demo_record_takes_the_one_pass_path_and_matches_the_reference() {
    let mut checked = [0usize; 4];
    for (kind, record) in corpus() {
        let bytes = serde_json::to_vec(record).unwrap();
        let reference = validate_json_reference(*kind, &bytes).unwrap();
        let fast = one_pass(*kind, &bytes)
            .unwrap_or_else(|| panic!("{kind}: the one-pass path declined {record}"));
        assert_eq!(
            String::from_utf8_lossy(&fast.json),
            String::from_utf8_lossy(&reference.json),
            "{kind} {}",
            record["id"]
        );
        assert_eq!(fast, reference);
        // The canonical form is a fixed point, and takes the one-pass path too.
        let again = one_pass(*kind, &fast.json).expect("canonical bytes take the fast path");
        assert_eq!(again.json, fast.json);
        assert!(
            captures_match(*kind, &bytes),
            "{kind}: no spans for {record}"
        );
        checked[LogKind::ALL.iter().position(|k| k == kind).unwrap()] += 1;
    }
    assert!(checked.iter().all(|n| *n > 0), "{checked:?}");
}

/// Every path (object member or array element) in a tree, as indexes into members/elements.
fn paths(value: &Value, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    let children: Vec<&Value> = match value {
        Value::Object(map) => map.values().collect(),
        Value::Array(items) => items.iter().collect(),
        _ => return,
    };
    for (index, child) in children.into_iter().enumerate() {
        prefix.push(index);
        out.push(prefix.clone());
        paths(child, prefix, out);
        prefix.pop();
    }
}

fn at_mut<'v>(value: &'v mut Value, path: &[usize]) -> Option<&'v mut Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(value);
    };
    let child = match value {
        Value::Object(map) => map.values_mut().nth(*first)?,
        Value::Array(items) => items.get_mut(*first)?,
        _ => return None,
    };
    at_mut(child, rest)
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    UpperCase(usize),
    Remove(usize),
    AddMember(usize, String, Value),
    Reverse(usize),
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(0)),
        Just(json!(-7)),
        Just(json!(1.5)),
        Just(json!(u64::MAX)),
        Just(json!("")),
        Just(json!("Success")),
        Just(json!("NONINTERACTIVEUSER")),
        Just(json!("q\"uo\\te\u{7}é/ü")),
        Just(json!("2024-07-01T02:00:00+02:00")),
        Just(json!("2024-07-01")),
        Just(json!([])),
        Just(json!([null])),
        Just(json!(["interactiveUser", "interactiveUser"])),
        Just(json!([{"a": 1}])),
        Just(json!({})),
        Just(json!({"k": [1, 2.50, "x"], "@odata.type": "#t"})),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>().prop_map(|i| i.index(usize::MAX));
    prop_oneof![
        (at.clone(), replacement()).prop_map(|(a, v)| Mutation::Replace(a, v)),
        at.clone().prop_map(Mutation::UpperCase),
        at.clone().prop_map(Mutation::Remove),
        (
            at.clone(),
            prop::sample::select(vec!["extra", "@odata.type", "id", "Type", "status"]),
            replacement()
        )
            .prop_map(|(a, k, v)| Mutation::AddMember(a, k.to_owned(), v)),
        at.prop_map(Mutation::Reverse),
    ]
}

fn apply(record: &mut Value, mutation: &Mutation) {
    let mut all = vec![Vec::new()];
    paths(record, &mut Vec::new(), &mut all);
    let pick = |n: usize| all[n % all.len()].clone();
    match mutation {
        Mutation::Replace(n, value) => {
            if let Some(slot) = at_mut(record, &pick(*n)) {
                *slot = value.clone();
            }
        }
        Mutation::UpperCase(n) => {
            if let Some(Value::String(text)) = at_mut(record, &pick(*n)) {
                *text = text.to_uppercase();
            }
        }
        Mutation::Remove(n) => {
            let path = pick(*n);
            if let Some((last, parent)) = path.split_last()
                && let Some(parent) = at_mut(record, parent)
            {
                match parent {
                    Value::Object(map) => {
                        let key = map.keys().nth(*last).cloned();
                        if let Some(key) = key {
                            map.shift_remove(&key);
                        }
                    }
                    Value::Array(items) if *last < items.len() => {
                        items.remove(*last);
                    }
                    _ => {}
                }
            }
        }
        Mutation::AddMember(n, key, value) => {
            if let Some(Value::Object(map)) = at_mut(record, &pick(*n)) {
                map.insert(key.clone(), value.clone());
            }
        }
        Mutation::Reverse(n) => {
            if let Some(Value::Object(map)) = at_mut(record, &pick(*n)) {
                let reversed: Map<String, Value> = std::mem::take(map).into_iter().rev().collect();
                *map = reversed;
            }
        }
    }
}

/// Ways to spell the same JSON differently: whitespace, escaped slashes, a duplicated member.
#[derive(Debug, Clone, Copy)]
enum Spelling {
    Compact,
    Pretty,
    EscapedSlashes,
    DuplicateFirstMember,
}

fn spell(record: &Value, spelling: Spelling) -> Vec<u8> {
    match spelling {
        Spelling::Compact => serde_json::to_vec(record).unwrap(),
        Spelling::Pretty => serde_json::to_vec_pretty(record).unwrap(),
        // `/` occurs only inside strings, where `\/` means the same.
        Spelling::EscapedSlashes => serde_json::to_string(record)
            .unwrap()
            .replace('/', "\\/")
            .into_bytes(),
        Spelling::DuplicateFirstMember => {
            let text = serde_json::to_string(record).unwrap();
            match record.as_object().and_then(|m| m.iter().next()) {
                Some((key, value)) => {
                    format!("{{{}:{},{}", Value::from(key.as_str()), value, &text[1..]).into_bytes()
                }
                None => text.into_bytes(),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    #[test]
    fn damaged_records_are_declined_or_match_the_reference(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 0..4),
        spelling in prop::sample::select(vec![
            Spelling::Compact, Spelling::Pretty, Spelling::EscapedSlashes,
            Spelling::DuplicateFirstMember,
        ]),
    ) {
        let (kind, original) = &corpus()[pick.index(corpus().len())];
        let mut record = original.clone();
        for mutation in &mutations {
            apply(&mut record, mutation);
        }
        let bytes = spell(&record, spelling);
        let reference = validate_json_reference(*kind, &bytes);
        if let Some(fast) = one_pass(*kind, &bytes) {
            match &reference {
                Ok(expected) => prop_assert_eq!(
                    String::from_utf8_lossy(&fast.json),
                    String::from_utf8_lossy(&expected.json)
                ),
                Err(e) => prop_assert!(false, "one-pass accepted what the reference rejects ({e})"),
            }
            prop_assert_eq!(Ok(fast), reference.clone());
            prop_assert!(captures_match(*kind, &bytes));
        }
        prop_assert_eq!(validate_json(*kind, &bytes), reference);
    }
}
