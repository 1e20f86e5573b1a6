//! Every `$filter` Microsoft documents for these endpoints (and the Microsoft-authored
//! examples beyond the per-property tables) parses and checks, plus the parsed shape of a few.

use vigil_model::ApiVersion::{Beta, V1};
use vigil_model::LogKind::{CustomSecurityAttributeAudit, DirectoryAudit, Provisioning, SignIn};

use super::ok;
use crate::ast::{
    CompareOp, Expr, Func, LambdaBody, Lit, LitValue, Operand, Path, Pos, Quantifier,
};
use crate::parse;

#[test]
fn documented_filters_parse_and_check() {
    let table = [
        // §1.3 nextLinks and §3.2 example URLs.
        (SignIn, V1, "startsWith(appDisplayName,'Graph')"),
        (SignIn, Beta, "startsWith(appDisplayName,'Azure')"),
        (
            SignIn,
            Beta,
            "(signInEventTypes/any(t: t ne 'interactiveUser'))",
        ),
        (
            SignIn,
            Beta,
            "signInEventTypes/any(t: t eq 'servicePrincipal') and servicePrincipalId eq '00000000-0000-0000-0000-000000000000'",
        ),
        (
            SignIn,
            Beta,
            "signInEventTypes/any(t: t eq 'servicePrincipal') and resourceServicePrincipalId eq '00000000-0000-0000-0000-000000000000'",
        ),
        (
            SignIn,
            Beta,
            "createdDateTime ge 2026-10-05T10:00:00Z and createdDateTime lt 2026-10-05T11:00:00Z and signInEventTypes/any(t: t eq 'nonInteractiveUser')",
        ),
        (
            SignIn,
            Beta,
            "(signInEventTypes/any(t: t eq 'nonInteractiveUser') and resourceDisplayName eq 'Azure Resource Manager' and (tokenProtectionStatusDetails/signInSessionStatusCode eq 1003 or tokenProtectionStatusDetails/signInSessionStatusCode eq 1004 or tokenProtectionStatusDetails/signInSessionStatus eq 'bound'))",
        ),
        (
            SignIn,
            V1,
            "createdDateTime ge 2024-07-01T00:00:00Z and createdDateTime le 2024-07-14T23:59:59Z",
        ),
        (SignIn, V1, "conditionalAccessStatus eq 'failure'"),
        (
            SignIn,
            V1,
            "(createdDateTime ge 2024-01-13T14:13:32Z and createdDateTime le 2021-01-14T17:43:26Z) and appId eq 'APP ID'",
        ),
        // Microsoft-authored examples beyond the per-property tables (§0.7).
        (SignIn, V1, "status/errorCode ne 0"),
        (
            SignIn,
            Beta,
            "authenticationRequirement ne 'multiFactorAuthentication' and isInteractive eq true",
        ),
        (SignIn, V1, "deviceDetail/isCompliant eq false"),
        (SignIn, V1, "riskEventTypes_v2/any(r:r ne 'none')"),
        (
            SignIn,
            V1,
            "appliedConditionalAccessPolicies/any(c:c/id eq 'de7e60eb-ed89-4d73-8205-2227def6b7c9' and c/result eq 'failure')",
        ),
        // The per-property table of §3.2.
        (SignIn, V1, "id eq '66ea54eb-6301-4ee5-be62-ff5a759b0100'"),
        (
            SignIn,
            V1,
            "createdDateTime eq 2020-03-13T19:15:41.6195833Z",
        ),
        (
            SignIn,
            V1,
            "userId eq '26be570a-ae82-4189-b4e2-a37c6808512d' and appId eq 'de8bc8b5-d9f9-48b1-a8ad-b748da725064'",
        ),
        (
            SignIn,
            V1,
            "correlationId eq 'd79f5bee-5860-4832-928f-3133e22ae912'",
        ),
        (
            SignIn,
            V1,
            "resourceId eq '00000003-0000-0000-c000-000000000000' or resourceDisplayName eq 'Microsoft Graph'",
        ),
        (SignIn, V1, "clientAppUsed eq 'Browser'"),
        (
            SignIn,
            V1,
            "riskDetail eq 'userPassedMFADrivenByRiskBasedPolicy'",
        ),
        (
            SignIn,
            V1,
            "riskLevelAggregated eq 'high' and riskLevelDuringSignIn ne 'none' and riskState eq 'atRisk'",
        ),
        (
            SignIn,
            V1,
            "startswith(userDisplayName,'Test') and startswith(userPrincipalName,'test')",
        ),
        (SignIn, V1, "startswith(ipAddress,'131.107.')"),
        (
            SignIn,
            V1,
            "location/city eq 'Redmond' and startswith(location/state,'Wash') and location/countryOrRegion eq 'US'",
        ),
        (
            SignIn,
            V1,
            "startswith(deviceDetail/browser,'Edge') and deviceDetail/operatingSystem eq 'Windows 10'",
        ),
        (SignIn, V1, "status/errorCode eq 50126"),
        (SignIn, V1, "riskEventTypes eq 'unlikelyTravel'"),
        (
            SignIn,
            V1,
            "riskEventTypes_v2/any(r: startswith(r, 'unlikely'))",
        ),
        (
            SignIn,
            V1,
            "startswith(servicePrincipalName,'svc') and userAgent eq 'curl'",
        ),
        (
            SignIn,
            Beta,
            "startswith(authenticationRequirement,'multi')",
        ),
        (
            SignIn,
            Beta,
            "originalRequestId eq 'x' and tokenIssuerName eq 'sts.microsoft.com' and tokenIssuerType eq 'AzureAD'",
        ),
        (
            SignIn,
            Beta,
            "conditionalAccessAudiences/any(a: a eq '00000003-0000-0000-c000-000000000000')",
        ),
        (
            SignIn,
            Beta,
            "signInEventTypes/any(t: t eq 'nonInteractiveUser') or signInEventTypes/any(t: t eq 'interactiveUser')",
        ),
        (
            SignIn,
            Beta,
            "riskLevelDuringSignIn eq microsoft.graph.riskLevel'medium'",
        ),
        (SignIn, V1, "createdDateTime lt 2026-10-05T11:00:00Z"),
        // §4.2 directoryAudit.
        (
            DirectoryAudit,
            V1,
            "initiatedBy/user/id eq '00000000-0000-0000-0000-000000000000'",
        ),
        (DirectoryAudit, V1, "activityDateTime le 2018-01-24"),
        (
            DirectoryAudit,
            V1,
            "activityDateTime ge 2024-07-01T00:00:00Z and activityDateTime le 2024-07-02T00:00:00Z",
        ),
        (
            DirectoryAudit,
            V1,
            "activityDisplayName eq 'Add member to group' or startswith(activityDisplayName,'Add')",
        ),
        (
            DirectoryAudit,
            V1,
            "correlationId eq 'da159bfb-54fa-4092-8a38-6e1fa7870e30' and loggedByService eq 'Core Directory'",
        ),
        (
            DirectoryAudit,
            V1,
            "initiatedBy/user/displayName eq 'Audry Oliver' and initiatedBy/app/appId eq 'x'",
        ),
        (
            DirectoryAudit,
            V1,
            "initiatedBy/app/displayName eq 'x' or startswith(initiatedBy/user/userPrincipalName,'bob')",
        ),
        (
            DirectoryAudit,
            V1,
            "targetResources/any(t: t/id eq 'ef7e527d-6c92-4234-8c6d-cf6fdfb57f95')",
        ),
        (
            DirectoryAudit,
            V1,
            "targetResources/any(t:t/displayName eq 'x')",
        ),
        (
            DirectoryAudit,
            V1,
            "targetResources/any(x: startswith(x/displayName, 'abc'))",
        ),
        (
            DirectoryAudit,
            V1,
            "targetResources/any(t: t/modifiedProperties/any(p: p/displayName eq 'x'))",
        ),
        (
            DirectoryAudit,
            V1,
            "category eq 'UserManagement' and result eq 'success' and operationType eq 'Add'",
        ),
        // §5.2 provisioning.
        (
            Provisioning,
            V1,
            "id eq '74c3b0ae-9cc5-850e-e0a5-7r6a4231de87'",
        ),
        (
            Provisioning,
            V1,
            "contains(sourceSystem/displayName,'Work')",
        ),
        (
            Provisioning,
            V1,
            "activityDateTime gt 2024-01-01T00:00:00Z and activityDateTime lt 2024-02-01T00:00:00Z",
        ),
        (
            Provisioning,
            V1,
            "contains(id,'74c3') or changeId eq 'x' or contains(cycleId,'y') or jobId eq 'z' or tenantId eq 't'",
        ),
        (
            Provisioning,
            V1,
            "provisioningAction eq 'create' or contains(initiatedBy/displayName,'Azure')",
        ),
        (
            Provisioning,
            V1,
            "durationInMilliseconds gt 1000 and durationInMilliseconds lt 2000",
        ),
        (
            Provisioning,
            V1,
            "provisioningStatusInfo/status eq 'failure'",
        ),
        (
            Provisioning,
            Beta,
            "statusInfo/status eq 'failure' and action eq 'Create'",
        ),
        (
            Provisioning,
            V1,
            "contains(targetSystem/displayName,'Sales') and sourceIdentity/identityType eq 'User'",
        ),
        (
            Provisioning,
            V1,
            "contains(sourceIdentity/id,'a') and sourceIdentity/displayName eq 'b' and targetIdentity/identityType eq 'User'",
        ),
        (
            Provisioning,
            V1,
            "targetIdentity/id eq 'a' and contains(targetIdentity/displayName,'b')",
        ),
        (
            Provisioning,
            V1,
            "servicePrincipal/id eq 'a' and servicePrincipal/name eq 'b'",
        ),
        // §6 customSecurityAttributeAudit (beta only).
        (
            CustomSecurityAttributeAudit,
            Beta,
            "activityDateTime ge 2024-04-01T00:00:00Z and activityDateTime le 2024-05-01T00:00:00Z",
        ),
        (
            CustomSecurityAttributeAudit,
            Beta,
            "startswith(activityDisplayName,'Update attribute')",
        ),
        (
            CustomSecurityAttributeAudit,
            Beta,
            "loggedByService eq 'Core Directory'",
        ),
        (
            CustomSecurityAttributeAudit,
            Beta,
            "targetResources/any(t: t/id eq 'x') and initiatedBy/user/id eq 'y'",
        ),
        (
            CustomSecurityAttributeAudit,
            Beta,
            "targetResources/any(t: startswith(t/displayName, 'abc'))",
        ),
    ];
    for (kind, version, text) in table {
        ok(text, kind, version);
    }
}

fn path(segments: &[&str]) -> Path {
    Path {
        segments: segments.iter().map(|s| (*s).to_owned()).collect(),
        pos: Pos(0),
    }
}

fn lit(value: LitValue) -> Lit {
    Lit { value, pos: Pos(0) }
}

fn string(s: &str) -> Operand {
    Operand::Lit(lit(LitValue::String(s.to_owned())))
}

#[test]
fn spellings_of_the_same_filter_parse_alike() {
    let expected = Expr::Lambda {
        collection: path(&["signInEventTypes"]),
        quantifier: Quantifier::Any,
        body: Some(LambdaBody {
            var: "t".into(),
            body: Box::new(Expr::Compare {
                left: Operand::Path(path(&["t"])),
                op: CompareOp::Ne,
                right: string("interactiveUser"),
            }),
        }),
    };
    for text in [
        "signInEventTypes/any(t: t ne 'interactiveUser')",
        "signInEventTypes/any(t:t ne 'interactiveUser')",
        "( signInEventTypes/any( t : t NE 'interactiveUser' ) )",
        "\tsignInEventTypes/ANY(t:\nt ne 'interactiveUser')",
    ] {
        assert_eq!(parse(text).unwrap(), expected, "{text}");
    }
    let starts = Expr::Call {
        func: Func::StartsWith,
        args: [Operand::Path(path(&["appDisplayName"])), string("Graph")],
        pos: Pos(0),
    };
    for text in [
        "startsWith(appDisplayName,'Graph')",
        "startswith( appDisplayName , 'Graph' )",
        "STARTSWITH(appDisplayName,'Graph') eq true",
    ] {
        assert_eq!(parse(text).unwrap(), starts, "{text}");
    }
    assert_eq!(
        parse("startswith(appDisplayName,'Graph') eq false").unwrap(),
        Expr::Not(Box::new(starts))
    );
}

#[test]
fn literals_parse_to_their_kinds() {
    let cases = [
        ("x eq 'it''s'", LitValue::String("it's".into())),
        ("x eq -42", LitValue::Int(-42)),
        ("x eq 1.25", LitValue::Decimal("1.25".into())),
        ("x eq -2e3", LitValue::Decimal("-2e3".into())),
        ("x eq true", LitValue::Bool(true)),
        ("x eq False", LitValue::Bool(false)),
        ("x eq null", LitValue::Null),
        (
            "x eq 2024-07-01T00:00:00Z",
            LitValue::DateTime("2024-07-01T00:00:00Z".into()),
        ),
        (
            "x eq 2024-07-01T00:00:00.1234567Z",
            LitValue::DateTime("2024-07-01T00:00:00.1234567Z".into()),
        ),
        (
            "x eq 2024-07-01T02:00:00+02:00",
            LitValue::DateTime("2024-07-01T02:00:00+02:00".into()),
        ),
        ("x eq 2018-01-24", LitValue::DateTime("2018-01-24".into())),
        (
            "x eq 00000000-0000-0000-0000-000000000000",
            LitValue::Guid("00000000-0000-0000-0000-000000000000".into()),
        ),
        (
            "x eq deadbeef-0000-4000-8000-ABCDEFabcdef",
            LitValue::Guid("deadbeef-0000-4000-8000-ABCDEFabcdef".into()),
        ),
        (
            "x eq microsoft.graph.riskLevel'medium'",
            LitValue::Enum {
                type_name: "microsoft.graph.riskLevel".into(),
                member: "medium".into(),
            },
        ),
    ];
    for (text, value) in cases {
        let expected = Expr::Compare {
            left: Operand::Path(path(&["x"])),
            op: CompareOp::Eq,
            right: Operand::Lit(lit(value)),
        };
        assert_eq!(parse(text).unwrap(), expected, "{text}");
    }
}

#[test]
fn precedence_and_associativity() {
    let shown = |text: &str| parse(text).unwrap().to_string();
    // `and` binds tighter than `or`; the printer adds only the parentheses the shape needs.
    assert_eq!(
        shown("a eq 1 or b eq 2 and c eq 3"),
        "a eq 1 or b eq 2 and c eq 3"
    );
    assert_eq!(
        shown("(a eq 1 or b eq 2) and c eq 3"),
        "(a eq 1 or b eq 2) and c eq 3"
    );
    assert_eq!(
        shown("a eq 1 and (b eq 2 and c eq 3)"),
        "a eq 1 and (b eq 2 and c eq 3)"
    );
    // `not` takes one condition, never an `and`/`or`.
    assert_eq!(shown("not a eq 1 and b eq 2"), "not (a eq 1) and b eq 2");
    assert_eq!(
        shown("not isInteractive or x eq 1"),
        "not isInteractive or x eq 1"
    );
    assert_eq!(shown("not not (a eq 1)"), "not not (a eq 1)");
    assert_eq!(shown("x in ('a','b')"), "x in ('a', 'b')");
    assert_eq!(shown("coll/any()"), "coll/any()");
    assert_eq!(shown("'x' eq a"), "'x' eq a");
}
