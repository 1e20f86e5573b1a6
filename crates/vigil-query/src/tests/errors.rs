//! Refusals: the client message (prefix, reason, position, offending token) for syntax
//! errors, limits, unknown properties, version gaps and type errors.

use vigil_model::ApiVersion::{Beta, V1};
use vigil_model::LogKind::{DirectoryAudit, Provisioning, SignIn};

use super::err;
use crate::{FilterError, MAX_DEPTH, MAX_FILTER_CHARS, MAX_IN_LIST, parse};

fn message(text: &str) -> String {
    err(text, SignIn, Beta).message()
}

#[test]
fn syntax_errors_name_the_token_and_position() {
    let cases = [
        (
            "startswith(appDisplayName,'Graph'))",
            "Invalid filter clause: unexpected ')' at position 34",
        ),
        (
            "(appId eq 'x'",
            "Invalid filter clause: unexpected end of input at position 13, expected ')'",
        ),
        (
            "appId eq",
            "Invalid filter clause: unexpected end of input at position 8, expected a literal",
        ),
        (
            "appId 'x'",
            "Invalid filter clause: unexpected string 'x' at position 6, expected a comparison operator (eq, ne, gt, ge, lt, le)",
        ),
        (
            "appId eq 'x' and",
            "Invalid filter clause: unexpected end of input at position 16, expected a condition",
        ),
        (
            "appId eq 'x' appId eq 'y'",
            "Invalid filter clause: unexpected 'appId' at position 13, expected 'and', 'or' or end of input",
        ),
        (
            "appId eq 'x",
            "Invalid filter clause: unterminated string literal at position 9",
        ),
        (
            "appId eq \"x\"",
            "Invalid filter clause: unexpected character '\"' at position 9",
        ),
        (
            "appId == 'x'",
            "Invalid filter clause: unexpected character '=' at position 6",
        ),
        (
            "status/errorCode eq 12abc",
            "Invalid filter clause: invalid literal '12abc' at position 20",
        ),
        (
            "status/errorCode eq 99999999999999999999",
            "Invalid filter clause: integer '99999999999999999999' is out of range at position 20",
        ),
        (
            "substringof('a', appId)",
            "Invalid filter clause: unexpected 'substringof' at position 0, expected a supported function (startswith, endswith, contains)",
        ),
        (
            "startswith(appId)",
            "Invalid filter clause: unexpected ')' at position 16, expected ',' (startswith takes two arguments)",
        ),
        (
            "riskLevelDuringSignIn eq microsoft.graph.riskLevel",
            "Invalid filter clause: expected a quoted enum member after 'microsoft.graph.riskLevel' (e.g. microsoft.graph.riskLevel'value') at position 25",
        ),
        (
            "signInEventTypes/all()",
            "Invalid filter clause: unexpected ')' at position 21, expected a lambda variable (all() needs a predicate)",
        ),
        (
            "signInEventTypes/any(t t eq 'x')",
            "Invalid filter clause: unexpected 't' at position 23, expected ':' after the lambda variable",
        ),
        (
            "appId microsoft.graph.x'y'",
            "Invalid filter clause: unexpected enum value microsoft.graph.x'y' at position 6, expected a comparison operator (eq, ne, gt, ge, lt, le)",
        ),
        (
            "(appId eq 'x') eq true",
            "Invalid filter clause: unexpected 'eq' at position 15, expected 'and', 'or' or ')'",
        ),
        ("", "Invalid filter clause: the filter is empty"),
        ("   ", "Invalid filter clause: the filter is empty"),
        (
            "and eq 'x'",
            "Invalid filter clause: unexpected 'and' at position 0, expected a property name",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(message(text), expected, "{text}");
    }
}

#[test]
fn unbalanced_parentheses() {
    for (text, pos) in [
        ("((appId eq 'x')", 15),
        ("appId eq 'x')", 12),
        (")", 0),
        ("(", 1),
        ("signInEventTypes/any(t: t eq 'x'", 32),
    ] {
        let e = err(text, SignIn, Beta);
        assert_eq!(e.position(), Some(pos), "{text}: {}", e.message());
        assert!(matches!(e, FilterError::Unexpected { .. }), "{text}: {e:?}");
    }
}

#[test]
fn limits() {
    let nested = |n: usize| format!("{}appId eq 'x'{}", "(".repeat(n), ")".repeat(n));
    assert!(parse(&nested(MAX_DEPTH)).is_ok());
    let e = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(
        e,
        FilterError::TooDeep {
            pos: MAX_DEPTH,
            max: MAX_DEPTH
        }
    );
    assert_eq!(
        e.message(),
        format!(
            "Invalid filter clause: nesting deeper than {MAX_DEPTH} levels at position {MAX_DEPTH}"
        )
    );
    assert!(matches!(
        parse(&format!("{}isInteractive", "not ".repeat(MAX_DEPTH + 1))),
        Err(FilterError::TooDeep { .. })
    ));
    let lambdas = |n: usize| {
        let mut text = "t eq 'x'".to_owned();
        for _ in 0..n {
            text = format!("c/any(t: {text})");
        }
        text
    };
    assert!(parse(&lambdas(MAX_DEPTH)).is_ok());
    assert!(matches!(
        parse(&lambdas(MAX_DEPTH + 1)),
        Err(FilterError::TooDeep { .. })
    ));

    let list = |n: usize| format!("appId in ({})", vec!["'a'"; n].join(","));
    assert!(parse(&list(MAX_IN_LIST)).is_ok());
    assert_eq!(
        parse(&list(MAX_IN_LIST + 1)).unwrap_err(),
        FilterError::ListTooLong {
            pos: 9,
            max: MAX_IN_LIST
        }
    );

    let long = format!("appId eq '{}'", "a".repeat(MAX_FILTER_CHARS));
    assert!(matches!(
        parse(&long),
        Err(FilterError::TooLong {
            max: MAX_FILTER_CHARS,
            ..
        })
    ));
    let huge = "a".repeat(10 * MAX_FILTER_CHARS);
    assert!(matches!(parse(&huge), Err(FilterError::TooLong { .. })));
    let limit = format!("appId eq '{}'", "é".repeat(MAX_FILTER_CHARS - 11));
    assert!(
        parse(&limit).is_ok(),
        "the cap counts characters, not bytes"
    );
    // A long flat chain is fine (no recursion per operand).
    let chain = vec!["appId eq 'x'"; 200].join(" and ");
    assert!(crate::parse_and_check(&chain, SignIn, V1).is_ok());
}

#[test]
fn unknown_properties_and_version_gaps() {
    let e = err("foo eq 'x'", SignIn, V1);
    assert_eq!(
        e.message(),
        "Invalid filter clause: Could not find a property named 'foo' on type 'microsoft.graph.signIn' at position 0"
    );
    // Beta-only on v1.0.
    let e = err(
        "appId eq 'x' and signInEventTypes/any(t: t eq 'x')",
        SignIn,
        V1,
    );
    assert_eq!(
        e.message(),
        "Invalid filter clause: Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn' at position 17"
    );
    assert!(matches!(
        err("authenticationRequirement eq 'x'", SignIn, V1),
        FilterError::UnknownProperty { .. }
    ));
    assert!(matches!(
        err("action eq 'Create'", Provisioning, V1),
        FilterError::UnknownProperty { .. }
    ));
    // Beta-only element property on v1.0.
    let e = err(
        "appliedConditionalAccessPolicies/any(c: c/authenticationStrength/displayName eq 'x')",
        SignIn,
        V1,
    );
    assert_eq!(
        e.message(),
        "Invalid filter clause: Could not find a property named 'appliedConditionalAccessPolicies/authenticationStrength/displayName' on type 'microsoft.graph.signIn' at position 40"
    );
    let e = err("targetResources/any(t: t/foo eq 'x')", DirectoryAudit, V1);
    assert!(
        e.message()
            .contains("'targetResources/foo' on type 'microsoft.graph.directoryAudit'"),
        "{}",
        e.message()
    );
    // Nested paths and names are case-insensitive, but must exist.
    assert!(matches!(
        err("status/foo eq 1", SignIn, V1),
        FilterError::UnknownProperty { .. }
    ));
    assert!(
        crate::parse_and_check(
            "STATUS/ERRORCODE eq 1 and appdisplayname eq 'x'",
            SignIn,
            V1
        )
        .is_ok()
    );
    // An unknown lambda variable is an unknown property.
    assert!(matches!(
        err("signInEventTypes/any(t: x eq 'a')", SignIn, Beta),
        FilterError::UnknownProperty { .. }
    ));
}

#[test]
fn type_errors() {
    let cases = [
        (
            "createdDateTime ge '2024-07-01T00:00:00Z'",
            "Invalid filter clause: date-time values must not be quoted: write createdDateTime ge 2024-07-01T00:00:00Z instead of '2024-07-01T00:00:00Z' at position 19",
        ),
        (
            "createdDateTime ge 2024-07-01T00:00:00",
            "Invalid filter clause: invalid date-time literal for 'createdDateTime': '2024-07-01T00:00:00' is not an ISO 8601 date-time with a time zone (e.g. 2024-07-01T00:00:00Z) at position 19",
        ),
        (
            "createdDateTime ge 2024-13-01",
            "Invalid filter clause: invalid date-time literal for 'createdDateTime': '2024-13-01' is not an ISO 8601 date-time with a time zone (e.g. 2024-07-01T00:00:00Z) at position 19",
        ),
        (
            "createdDateTime ge 5",
            "Invalid filter clause: 'createdDateTime' expects an unquoted date-time such as 2024-07-01T00:00:00Z, not integer 5 at position 19",
        ),
        (
            "status/errorCode eq '0'",
            "Invalid filter clause: 'status/errorCode' expects an integer, not string '0' at position 20",
        ),
        (
            "status/errorCode eq 1.5",
            "Invalid filter clause: 'status/errorCode' expects an integer, not number 1.5 at position 20",
        ),
        (
            "isInteractive eq 'true'",
            "Invalid filter clause: 'isInteractive' expects true or false, not string 'true' at position 17",
        ),
        (
            "appDisplayName eq 5",
            "Invalid filter clause: 'appDisplayName' expects a quoted string, not integer 5 at position 18",
        ),
        (
            "riskLevelDuringSignIn eq 'extreme'",
            "Invalid filter clause: 'extreme' is not a valid value of 'riskLevelDuringSignIn'; expected one of: low, medium, high, hidden, none, unknownFutureValue at position 25",
        ),
        (
            "riskLevelDuringSignIn eq microsoft.graph.riskLevel'extreme'",
            "Invalid filter clause: 'extreme' is not a valid value of 'riskLevelDuringSignIn'; expected one of: low, medium, high, hidden, none, unknownFutureValue at position 25",
        ),
        (
            "appDisplayName gt null",
            "Invalid filter clause: null can only be compared with eq or ne, not gt ('appDisplayName') at position 18",
        ),
        (
            "appDisplayName in ('a', null)",
            "Invalid filter clause: null is not allowed in an 'in' list; use 'eq null' at position 24",
        ),
        (
            "startswith(status/errorCode,'1')",
            "Invalid filter clause: startswith applies to string properties; 'status/errorCode' is not a string at position 11",
        ),
        (
            "startswith(riskLevelDuringSignIn,'m')",
            "Invalid filter clause: startswith applies to string properties; 'riskLevelDuringSignIn' is not a string at position 11",
        ),
        (
            "startswith('Graph', appDisplayName)",
            "Invalid filter clause: the first argument of startswith must be a property at position 0",
        ),
        (
            "startswith(appDisplayName, 5)",
            "Invalid filter clause: the second argument of startswith must be a quoted string at position 0",
        ),
        (
            "appDisplayName",
            "Invalid filter clause: 'appDisplayName' is not a boolean property; compare it with an operator such as eq at position 0",
        ),
        (
            "appId eq appDisplayName",
            "Invalid filter clause: comparing two properties is not supported; compare with a literal instead of 'appDisplayName' at position 9",
        ),
        (
            "'a' eq 'b'",
            "Invalid filter clause: a comparison needs a property; found only literals ('a') at position 0",
        ),
        (
            "signInEventTypes ne 'x'",
            "Invalid filter clause: 'signInEventTypes' is a collection; filter it with a lambda such as signInEventTypes/any(x: ...) at position 0",
        ),
        (
            "appliedConditionalAccessPolicies eq 'x'",
            "Invalid filter clause: 'appliedConditionalAccessPolicies' is a collection; filter it with a lambda such as appliedConditionalAccessPolicies/any(x: ...) at position 0",
        ),
        (
            "appliedConditionalAccessPolicies/id eq 'x'",
            "Invalid filter clause: 'appliedConditionalAccessPolicies' is a collection; use a lambda such as appliedConditionalAccessPolicies/any(x: x/id eq ...) at position 0",
        ),
        (
            "appDisplayName/any(a: a eq 'x')",
            "Invalid filter clause: 'appDisplayName' is not a collection; any() needs one at position 0",
        ),
        (
            "signInEventTypes/any(t: t/id eq 'x')",
            "Invalid filter clause: 't' stands for a string of 'signInEventTypes' and has no property 'id' at position 24",
        ),
        (
            "appliedConditionalAccessPolicies/any(c: c eq 'x')",
            "Invalid filter clause: 'c' stands for an element of 'appliedConditionalAccessPolicies'; compare one of its properties, e.g. c/id at position 40",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(message(text), expected, "{text}");
    }
    // `'x' eq a` is `a eq 'x'`; literal on the left with an order operator flips it.
    assert!(crate::parse_and_check("0 lt status/errorCode", SignIn, V1).is_ok());
    assert!(crate::parse_and_check("5 lt createdDateTime", SignIn, V1).is_err());
}
