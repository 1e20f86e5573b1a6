//! Property tests: (a) arbitrary input never panics and always yields Ok or a client error;
//! (b) generated syntax trees print and re-parse to the same tree; (c) prefilters are sound
//! (a matching record satisfies the prefilter) and exact plans are equivalent to the filter,
//! for random filters, records and sets of indexed paths.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use vigil_model::{ApiVersion, LogKind};

use super::prefilter::holds;
use crate::ast::{
    CompareOp, Expr, Func, LambdaBody, Lit, LitValue, Operand, Path, Pos, Quantifier,
};
use crate::{parse, parse_and_check};

// (a) ---------------------------------------------------------------------------------------

fn filterish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        " ",
        "(",
        ")",
        "'",
        "''",
        ",",
        "/",
        ":",
        "-",
        ".",
        "t",
        "x",
        "eq",
        "ne",
        "gt",
        "and",
        "or",
        "not",
        "in",
        "any",
        "all",
        "null",
        "true",
        "1",
        "-5",
        "1.5e3",
        "2024-07-01",
        "T00:00:00Z",
        "00000000-0000-0000-0000-000000000000",
        "microsoft.graph.riskLevel",
        "'medium'",
        "startswith",
        "contains",
        "signInEventTypes",
        "appId",
        "status",
        "errorCode",
        "createdDateTime",
        "targetResources",
        "riskLevelDuringSignIn",
        "é",
        "\u{0}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), soup in filterish()) {
        for input in [&text, &soup] {
            for kind in LogKind::ALL {
                for version in [ApiVersion::V1, ApiVersion::Beta] {
                    if let Err(e) = parse_and_check(input, kind, version) {
                        prop_assert!(e.message().starts_with("Invalid filter clause: "));
                    }
                }
            }
            let _ = crate::parse_orderby(input, LogKind::SignIn);
        }
    }
}

// (b) ---------------------------------------------------------------------------------------

fn ident() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a",
        "t",
        "x_1",
        "status",
        "errorCode",
        "signInEventTypes",
        "B",
        "_z",
        "contains",
        "notx",
    ])
    .prop_map(str::to_owned)
}

fn path() -> impl Strategy<Value = Path> {
    prop::collection::vec(ident(), 1..4).prop_map(|segments| Path {
        segments,
        pos: Pos(0),
    })
}

fn lit_value() -> impl Strategy<Value = LitValue> {
    prop_oneof![
        any::<String>().prop_map(LitValue::String),
        any::<i64>().prop_map(LitValue::Int),
        "-?[0-9]{1,5}\\.[0-9]{1,5}([eE][+-]?[0-9]{1,2})?".prop_map(LitValue::Decimal),
        "-?[0-9]{1,3}[eE][+-]?[0-9]{1,2}".prop_map(LitValue::Decimal),
        any::<bool>().prop_map(LitValue::Bool),
        Just(LitValue::Null),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?"
            .prop_map(LitValue::DateTime),
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}".prop_map(LitValue::Guid),
        ("(microsoft\\.graph\\.riskLevel|a\\.b_2\\.c)", any::<String>())
            .prop_map(|(type_name, member)| LitValue::Enum { type_name, member }),
    ]
}

fn lit() -> impl Strategy<Value = Lit> {
    lit_value().prop_map(|value| Lit { value, pos: Pos(0) })
}

fn operand() -> impl Strategy<Value = Operand> {
    prop_oneof![path().prop_map(Operand::Path), lit().prop_map(Operand::Lit)]
}

fn op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(CompareOp::ALL.to_vec())
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        (operand(), op(), operand()).prop_map(|(left, op, right)| Expr::Compare {
            left,
            op,
            right
        }),
        (path(), prop::collection::vec(lit(), 1..4))
            .prop_map(|(path, values)| Expr::In { path, values }),
        (
            prop::sample::select(vec![Func::StartsWith, Func::EndsWith, Func::Contains]),
            operand(),
            operand()
        )
            .prop_map(|(func, a, b)| Expr::Call {
                func,
                args: [a, b],
                pos: Pos(0)
            }),
        path().prop_map(Expr::Path),
        path().prop_map(|collection| Expr::Lambda {
            collection,
            quantifier: Quantifier::Any,
            body: None
        }),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(5, 48, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Or(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::And(Box::new(a), Box::new(b))),
            inner.clone().prop_map(|a| Expr::Not(Box::new(a))),
            (path(), prop::bool::ANY, ident(), inner).prop_map(|(collection, all, var, body)| {
                Expr::Lambda {
                    collection,
                    quantifier: if all {
                        Quantifier::All
                    } else {
                        Quantifier::Any
                    },
                    body: Some(LambdaBody {
                        var,
                        body: Box::new(body),
                    }),
                }
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printed_trees_parse_back(tree in expr()) {
        let text = tree.to_string();
        match parse(&text) {
            Ok(parsed) => prop_assert_eq!(parsed, tree, "{}", text),
            // Only the size limits may refuse a generated tree.
            Err(e) => prop_assert!(
                matches!(e, crate::FilterError::TooLong { .. } | crate::FilterError::TooDeep { .. }),
                "{} -> {}", text, e.message()
            ),
        }
    }
}

// (c) ---------------------------------------------------------------------------------------

/// Atomic sign-in conditions over a small vocabulary, so random records often match.
fn sign_in_atom() -> impl Strategy<Value = String> {
    let s = prop::sample::select(vec!["a", "A", "b", "ab", ""]);
    let str_path = prop::sample::select(vec!["appId", "userPrincipalName", "status/failureReason"]);
    let op = prop::sample::select(vec!["eq", "ne", "gt", "ge", "lt", "le"]);
    let func = prop::sample::select(vec!["startswith", "endswith", "contains"]);
    prop_oneof![
        (str_path.clone(), op.clone(), s.clone()).prop_map(|(p, o, v)| format!("{p} {o} '{v}'")),
        (func, str_path.clone(), s.clone()).prop_map(|(f, p, v)| format!("{f}({p}, '{v}')")),
        (str_path.clone(), s.clone(), s.clone())
            .prop_map(|(p, a, b)| format!("{p} in ('{a}', '{b}')")),
        (str_path, prop::bool::ANY)
            .prop_map(|(p, eq)| format!("{p} {} null", if eq { "eq" } else { "ne" })),
        (op.clone(), -1i64..3).prop_map(|(o, i)| format!("status/errorCode {o} {i}")),
        (op.clone(), prop::bool::ANY).prop_map(|(o, b)| format!("isInteractive {o} {b}")),
        Just("isInteractive".to_owned()),
        Just("isInteractive eq null".to_owned()),
        (op.clone(), 1u8..5)
            .prop_map(|(o, d)| format!("createdDateTime {o} 2024-01-0{d}T00:00:00Z")),
        (
            op.clone(),
            prop::sample::select(vec!["low", "MEDIUM", "high"])
        )
            .prop_map(|(o, v)| format!("riskLevelDuringSignIn {o} '{v}'")),
        (op.clone(), s.clone()).prop_map(|(o, v)| format!("signInEventTypes/any(t: t {o} '{v}')")),
        (s.clone(), s.clone())
            .prop_map(|(a, b)| format!("signInEventTypes/any(t: t eq '{a}' or t eq '{b}')")),
        (s.clone(), s.clone())
            .prop_map(|(a, b)| format!("signInEventTypes/any(t: t eq '{a}' and t ne '{b}')")),
        (s.clone(), s.clone()).prop_map(|(a, b)| format!("signInEventTypes in ('{a}', '{b}')")),
        s.clone().prop_map(|a| format!("signInEventTypes eq '{a}'")),
        s.clone()
            .prop_map(|a| format!("signInEventTypes/all(t: t ne '{a}')")),
        Just("signInEventTypes/any()".to_owned()),
        (s.clone(), prop::sample::select(vec!["failure", "success"])).prop_map(|(a, r)| format!(
            "appliedConditionalAccessPolicies/any(c: c/id eq '{a}' and c/result eq '{r}')"
        )),
    ]
}

/// Atomic provisioning conditions (case-sensitive strings, so exact string leaves).
fn provisioning_atom() -> impl Strategy<Value = String> {
    let s = prop::sample::select(vec!["a", "A", "b", "ab", ""]);
    let str_path = prop::sample::select(vec!["id", "jobId", "sourceSystem/displayName"]);
    let op = prop::sample::select(vec!["eq", "ne", "gt", "ge", "lt", "le"]);
    prop_oneof![
        (str_path.clone(), op.clone(), s.clone()).prop_map(|(p, o, v)| format!("{p} {o} '{v}'")),
        (
            prop::sample::select(vec!["startswith", "contains"]),
            str_path.clone(),
            s.clone()
        )
            .prop_map(|(f, p, v)| format!("{f}({p}, '{v}')")),
        (str_path.clone(), s.clone(), s.clone())
            .prop_map(|(p, a, b)| format!("{p} in ('{a}', '{b}')")),
        (str_path, prop::bool::ANY)
            .prop_map(|(p, eq)| format!("{p} {} null", if eq { "eq" } else { "ne" })),
        (op.clone(), 0i64..3).prop_map(|(o, i)| format!("durationInMilliseconds {o} {i}")),
        (op.clone(), 1u8..5).prop_map(|(o, d)| format!("activityDateTime {o} 2024-01-0{d}")),
        (op, prop::sample::select(vec!["create", "Update", "delete"]))
            .prop_map(|(o, v)| format!("provisioningAction {o} '{v}'")),
        s.prop_map(|a| format!("modifiedProperties/any(m: m/displayName eq '{a}')")),
    ]
}

fn combine(atom: impl Strategy<Value = String> + 'static) -> impl Strategy<Value = String> {
    atom.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

/// A JSON value for one slot: missing, null, or one of a few values.
fn slot(values: Vec<Value>) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        4 => prop::sample::select(values).prop_map(Some),
    ]
}

fn strings() -> Vec<Value> {
    ["a", "A", "b", "ab", "", "B"]
        .iter()
        .map(|s| json!(s))
        .collect()
}

fn string_array() -> impl Strategy<Value = Value> {
    prop::collection::vec(prop::sample::select(strings()), 0..3).prop_map(Value::Array)
}

fn object(fields: Vec<(&'static str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    for (path, value) in fields {
        let Some(value) = value else { continue };
        let (parent, key) = match path.split_once('/') {
            Some((parent, key)) => (Some(parent), key),
            None => (None, path),
        };
        match parent {
            None => {
                map.insert(key.to_owned(), value);
            }
            Some(parent) => {
                let entry = map.entry(parent.to_owned()).or_insert_with(|| json!({}));
                if let Some(obj) = entry.as_object_mut() {
                    obj.insert(key.to_owned(), value);
                }
            }
        }
    }
    Value::Object(map)
}

fn sign_in_record() -> impl Strategy<Value = Value> {
    let dates: Vec<Value> = (1..5)
        .map(|d| json!(format!("2024-01-0{d}T00:00:00Z")))
        .chain([json!("bad")])
        .collect();
    let policies = prop::collection::vec(
        (
            prop::sample::select(strings()),
            prop::sample::select(vec![json!("failure"), json!("Success"), json!(null)]),
        )
            .prop_map(|(id, result)| json!({"id": id, "result": result})),
        0..3,
    );
    (
        (slot(strings()), slot(strings()), slot(strings())),
        slot(
            (-1..3)
                .map(|i| json!(i))
                .chain([json!(1.0), json!("1")])
                .collect(),
        ),
        slot(vec![json!(true), json!(false), json!("true")]),
        slot(dates),
        slot(vec![
            json!("low"),
            json!("Medium"),
            json!("high"),
            json!("bogus"),
        ]),
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            string_array().prop_map(Some)
        ],
        prop_oneof![Just(None), policies.prop_map(|p| Some(Value::Array(p)))],
    )
        .prop_map(
            |((app, upn, reason), code, interactive, created, risk, types, policies)| {
                object(vec![
                    ("appId", app),
                    ("userPrincipalName", upn),
                    ("status/failureReason", reason),
                    ("status/errorCode", code),
                    ("isInteractive", interactive),
                    ("createdDateTime", created),
                    ("riskLevelDuringSignIn", risk),
                    ("signInEventTypes", types),
                    ("appliedConditionalAccessPolicies", policies),
                ])
            },
        )
}

fn provisioning_record() -> impl Strategy<Value = Value> {
    let dates: Vec<Value> = (1..5)
        .map(|d| json!(format!("2024-01-0{d}T00:00:00Z")))
        .collect();
    (
        (slot(strings()), slot(strings()), slot(strings())),
        slot((0..3).map(|i| json!(i)).collect()),
        slot(dates),
        slot(vec![json!("create"), json!("Update"), json!("DELETE")]),
        prop::collection::vec(prop::sample::select(strings()), 0..3),
    )
        .prop_map(|((id, job, source), duration, at, action, names)| {
            let mut record = object(vec![
                ("id", id),
                ("jobId", job),
                ("sourceSystem/displayName", source),
                ("durationInMilliseconds", duration),
                ("activityDateTime", at),
                ("provisioningAction", action),
            ]);
            let props: Vec<Value> = names
                .into_iter()
                .map(|n| json!({"displayName": n}))
                .collect();
            if let Some(obj) = record.as_object_mut() {
                obj.insert("modifiedProperties".into(), Value::Array(props));
            }
            record
        })
}

const SIGN_IN_PATHS: &[&str] = &[
    "appId",
    "userPrincipalName",
    "status/failureReason",
    "status/errorCode",
    "isInteractive",
    "createdDateTime",
    "riskLevelDuringSignIn",
    "signInEventTypes",
    "appliedConditionalAccessPolicies",
];
const PROVISIONING_PATHS: &[&str] = &[
    "id",
    "jobId",
    "sourceSystem/displayName",
    "durationInMilliseconds",
    "activityDateTime",
    "provisioningAction",
    "modifiedProperties",
];

fn assert_sound(
    text: &str,
    kind: LogKind,
    paths: &[&str],
    mask: u32,
    records: &[Value],
) -> Result<(), TestCaseError> {
    let filter = parse_and_check(text, kind, ApiVersion::Beta)
        .map_err(|e| TestCaseError::fail(format!("{text}: {}", e.message())))?;
    let indexed = |p: &str| {
        paths
            .iter()
            .position(|q| *q == p)
            .is_some_and(|i| mask & (1 << i) != 0)
    };
    for plan in [
        filter.prefilter_plan(&indexed),
        filter.prefilter_plan(&|_| true),
    ] {
        for record in records {
            let matched = filter.matches(record);
            let admitted = holds(&plan.prefilter, record, kind);
            prop_assert!(
                !matched || admitted,
                "unsound: {text}\nprefilter: {}\nrecord: {record}",
                plan.prefilter
            );
            if plan.exact {
                prop_assert_eq!(
                    matched,
                    admitted,
                    "not exact: {}\nprefilter: {}\nrecord: {}",
                    text,
                    plan.prefilter,
                    record
                );
            }
        }
        prop_assert_eq!(
            plan.exact,
            filter.prefilter_is_exact(&plan.prefilter),
            "{}",
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    #[test]
    fn sign_in_prefilters_are_sound(text in combine(sign_in_atom()), mask in any::<u32>(),
                                    records in prop::collection::vec(sign_in_record(), 1..12)) {
        assert_sound(&text, LogKind::SignIn, SIGN_IN_PATHS, mask, &records)?;
    }

    #[test]
    fn provisioning_prefilters_are_sound(text in combine(provisioning_atom()), mask in any::<u32>(),
                                         records in prop::collection::vec(provisioning_record(), 1..12)) {
        assert_sound(&text, LogKind::Provisioning, PROVISIONING_PATHS, mask, &records)?;
    }
}
