//! Property tests: `validate` never panics on arbitrary JSON (including objects built from
//! real property names), whatever it accepts re-validates to itself, and rendering accepted
//! records never panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: tests

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use vigil_model::{
    ApiVersion, LogKind, RenderOptions, properties, render, validate, validate_json,
};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "2024-07-01T00:00:00Z",
            "none",
            "success",
            "Import",
            "interactiveUser",
            "reportOnlySuccess",
            "AzureAD",
            "",
            "1969-01-01T00:00:00Z",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{1,8}", inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn kind() -> impl Strategy<Value = LogKind> {
    prop::sample::select(LogKind::ALL.to_vec())
}

/// A record with a valid id and time and random values under real property names.
fn plausible(kind: LogKind) -> impl Strategy<Value = Value> {
    let names = properties(kind, ApiVersion::Beta);
    prop::collection::vec((prop::sample::select(names.to_vec()), json_value()), 0..8).prop_map(
        move |pairs| {
            let mut record = json!({"id": "r", "userId": ""});
            record[kind.time_property()] = json!("2024-07-01T00:00:00Z");
            for (name, value) in pairs {
                if name != "id" && name != kind.time_property() {
                    record[name] = value;
                }
            }
            record
        },
    )
}

fn check(kind: LogKind, raw: Value) {
    // The fast path from bytes accepts and rejects exactly what the tree path does.
    let bytes = serde_json::to_vec(&raw).expect("serialisable");
    let fast = validate_json(kind, &bytes);
    // The one-pass path accepts only what the reference accepts, and writes the same bytes.
    if let Some(one) = vigil_model::validate::one_pass(kind, &bytes) {
        assert_eq!(
            Ok(one),
            vigil_model::validate::validate_json_reference(kind, &bytes),
            "{raw}"
        );
    }
    let slow = validate(kind, raw.clone());
    match (&fast, &slow) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        _ => panic!("validate_json and validate disagree on {raw}: {fast:?} vs {slow:?}"),
    }
    if let Ok(record) = validate(kind, raw) {
        let again = validate(kind, record.body().clone()).expect("canonical re-validates");
        assert_eq!(again.body(), record.body());
        for version in [ApiVersion::V1, ApiVersion::Beta] {
            let _ = render(kind, &record.body(), &RenderOptions::new(version));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_json_never_panics(kind in kind(), raw in json_value()) {
        check(kind, raw);
    }

    #[test]
    fn plausible_records_never_panic(raw in kind().prop_flat_map(|k| (Just(k), plausible(k)))) {
        let (kind, raw) = raw;
        check(kind, raw);
    }
}
