//! Who may read the insights endpoints and what they refuse: the own-sign-ins scope, 401s
//! before routing, 403s from the policy and license, 400s naming the bad parameter, 404s for
//! unknown logs, tenant isolation, the read audit, `meta`, and Graph's
//! `getAzureADApplicationSignInSummary` from the same aggregation.

use serde_json::json;
use vigil_auth::DirectoryRole;

use crate::errors::{assert_graph_error, url_encode};
use crate::harness::{OTHER_TENANT, TENANT, TestServer};
use crate::insights::{
    ANN, BOB, EXCHANGE, FREE, GRAPH_EXPLORER, row, rows, server_with_data, shape, summary,
    summary_as, total,
};

#[tokio::test]
async fn users_without_a_reporting_role_summarise_only_their_own_sign_ins() {
    let server = server_with_data().await;
    let ann = server.user_token(TENANT, ANN, &[]);
    let bob = server.user_token(TENANT, BOB, &[]);
    let mine = summary_as(&server, &ann, "/insights/v1/signIns/summary?groupBy=user").await;
    assert_eq!(
        shape(&mine),
        vec![row(
            None,
            Some(&TestServer::object_id(TENANT, ANN)),
            [3, 2, 1, 0]
        )]
    );
    // No filter widens the scope.
    let filter = url_encode(&format!(
        "userId eq '{}' or userId ne 'x'",
        TestServer::object_id(TENANT, BOB)
    ));
    let widened = summary_as(
        &server,
        &ann,
        &format!("/insights/v1/signIns/summary?$filter={filter}"),
    )
    .await;
    assert_eq!(total(&widened), 3);
    let bobs = summary_as(&server, &bob, "/insights/v1/signIns/summary?interval=day").await;
    assert_eq!(total(&bobs), 2);
    // Their own app summary too.
    let (status, _, apps) = server
        .get_as(
            Some(&bob),
            "/beta/reports/getAzureADApplicationSignInSummary(period='D30')",
        )
        .await;
    assert_eq!(status, 200, "{apps}");
    assert_eq!(apps["value"][0]["successfulSignInCount"], 1);
    assert_eq!(apps["value"][0]["failedSignInCount"], 1);
    // Audits are not theirs to read.
    let (status, _, body) = server
        .get_as(Some(&ann), "/insights/v1/directoryAudits/summary")
        .await;
    assert_eq!(status, 403, "{body}");
    assert_graph_error(&body, "Authorization_RequestDenied");
}

#[tokio::test]
async fn refusals_are_graph_errors() {
    let server = server_with_data().await;
    // No token: 401 before routing, for known and unknown paths alike.
    for path in [
        "/insights/v1/signIns/summary",
        "/insights/v1/meta",
        "/insights/v1/nothing/summary",
        "/Insights/v2",
        "/beta/reports/getAzureADApplicationSignInSummary(period='D7')",
    ] {
        let (status, headers, body) = server.get_as(None, path).await;
        assert_eq!(status, 401, "{path}: {body}");
        assert!(headers.contains_key("www-authenticate"), "{path}");
        assert_graph_error(&body, "InvalidAuthenticationToken");
    }
    // A reader of audits may not read attribute audits; a Free tenant has no sign-in logs.
    let reader = server.user_token(TENANT, "rr@contoso.com", &[DirectoryRole::ReportsReader]);
    let (status, _, body) = server
        .get_as(
            Some(&reader),
            "/insights/v1/customSecurityAttributeAudits/summary",
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_graph_error(&body, "Authorization_RequestDenied");
    let (status, _, body) = server
        .get_as(
            Some(&server.admin_token(FREE)),
            "/insights/v1/signIns/summary",
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, _, body) = server
        .get_as(
            Some(&server.admin_token(FREE)),
            "/insights/v1/directoryAudits/summary?groupBy=category",
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(rows(&body).is_empty());

    // Bad parameters name themselves.
    for (query, name) in [
        ("interval=month", "interval"),
        ("groupBy=category", "groupBy"),
        ("groupBy=app&top=0", "top"),
        ("groupBy=app&top=101", "top"),
        ("groupBy=app&top=three", "top"),
        ("top=3", "top"),
        ("$filter=nonsense%20eq%201", "$filter"),
        ("$filter=status%2FerrorCode%20eq", "$filter"),
        ("$orderby=createdDateTime", "$orderby"),
    ] {
        let (status, _, body) = server
            .get(&format!("/insights/v1/signIns/summary?{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_graph_error(&body, "BadRequest");
        assert_eq!(body["error"]["details"][0]["target"], name, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(name.trim_start_matches('$')),
            "{body}"
        );
    }
    // Unknown logs and resources are 404s.
    for path in [
        "/insights/v1/riskDetections/summary",
        "/insights/v1/signIns/totals",
        "/beta/reports/getCredentialUsageSummary(period='D7')",
        "/v1.0/reports/getAzureADApplicationSignInSummary(period='D7')",
    ] {
        let (status, _, body) = server.get(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_graph_error(&body, "BadRequest");
    }
    let (status, _, body) = server
        .get("/beta/reports/getAzureADApplicationSignInSummary(period='D8')")
        .await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn tenants_only_see_their_own_counts() {
    let server = server_with_data().await;
    let other = server.admin_token(OTHER_TENANT);
    let theirs = summary_as(&server, &other, "/insights/v1/signIns/summary?groupBy=app").await;
    assert_eq!(
        shape(&theirs),
        vec![row(None, Some(GRAPH_EXPLORER), [7, 7, 0, 0])]
    );
    let audits = summary_as(&server, &other, "/insights/v1/directoryAudits/summary").await;
    assert_eq!(total(&audits), 1);
    let ours = summary(&server, "/insights/v1/directoryAudits/summary").await;
    assert_eq!(total(&ours), 4);
    // A tenant with no data at all has no rows.
    let empty = summary_as(
        &server,
        &other,
        "/insights/v1/provisioning/summary?interval=day",
    )
    .await;
    assert!(rows(&empty).is_empty());
}

#[tokio::test]
async fn summaries_are_in_the_read_audit() {
    let server = server_with_data().await;
    let path = "/insights/v1/signIns/summary?interval=day";
    let (status, headers, body) = server.get(path).await;
    assert_eq!(status, 200, "{body}");
    let request_id = headers["request-id"].to_str().unwrap().to_owned();
    let (status, _, _) = server
        .get("/insights/v1/signIns/summary?interval=year")
        .await;
    assert_eq!(status, 400);
    let (_, _, audit) = server.get("/admin/v1/readAudit?$top=3").await;
    let entries = audit["value"].as_array().unwrap();
    // Newest first: the admin's own read of the audit is not in its own answer.
    assert_eq!(entries[0]["status"], 400, "{audit}");
    assert_eq!(entries[0]["log"], "signIns");
    assert_eq!(entries[1]["pathAndQuery"], path);
    assert_eq!(entries[1]["status"], 200);
    assert_eq!(entries[1]["resultCount"], 4);
    assert_eq!(entries[1]["requestId"], request_id);
    // meta reads no log and is not recorded.
    let (status, _, meta) = server.get("/insights/v1/meta").await;
    assert_eq!(status, 200, "{meta}");
    let (_, _, after) = server.get("/admin/v1/readAudit?$top=1").await;
    assert_ne!(after["value"][0]["pathAndQuery"], "/insights/v1/meta");
}

#[tokio::test]
async fn meta_documents_the_outcome_rules() {
    let server = TestServer::start().await;
    let (status, _, meta) = server.get("/insights/v1/meta").await;
    assert_eq!(status, 200, "{meta}");
    assert_eq!(meta["intervals"], json!(["day", "week"]));
    assert_eq!(meta["maxTop"], 100);
    let codes = meta["interruptedSignInErrorCodes"].as_array().unwrap();
    assert!(codes.contains(&json!(50140)) && codes.contains(&json!(50074)));
    assert!(!codes.contains(&json!(0)) && !codes.contains(&json!(50126)));
    assert_eq!(
        meta["interruptedProvisioningStatuses"],
        json!(["skipped", "warning"])
    );
    assert_eq!(meta["groupBy"]["signIns"].as_array().unwrap().len(), 13);
    assert_eq!(
        meta["groupBy"]["customSecurityAttributeAudits"],
        json!(["activity", "result", "service"])
    );
    assert_eq!(
        meta["statusFilters"]["signIns"]["success"],
        "status/errorCode eq 0"
    );
}

#[tokio::test]
async fn graphs_application_sign_in_summary_comes_from_the_same_aggregation() {
    let server = server_with_data().await;
    // The clock is 2026-01-03: the last 7 days hold s3, s4 (Graph Explorer) and s5 (EXO).
    let (status, _, week) = server
        .get("/beta/reports/getAzureADApplicationSignInSummary(period='D7')")
        .await;
    assert_eq!(status, 200, "{week}");
    assert_eq!(
        week["@odata.context"],
        "https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.applicationSignInSummary)"
    );
    assert_eq!(
        week["value"],
        json!([
            {"id": GRAPH_EXPLORER, "appDisplayName": "Graph Explorer", "successfulSignInCount": 1, "failedSignInCount": 1, "successPercentage": 50},
            {"id": EXCHANGE, "appDisplayName": "Office 365 Exchange Online", "successfulSignInCount": 1, "failedSignInCount": 0, "successPercentage": 100}
        ])
    );
    let (status, _, month) = server
        .get("/BETA/Reports/getazureADApplicationSignInSummary(period='d30')")
        .await;
    assert_eq!(status, 200, "{month}");
    let exo = &month["value"][1];
    assert_eq!(exo["id"], EXCHANGE);
    assert_eq!(exo["successfulSignInCount"], 1);
    assert_eq!(exo["failedSignInCount"], 1);
    assert_eq!(exo["successPercentage"], 50);
    let (status, _, day) = server
        .get("/beta/reports/getAzureADApplicationSignInSummary(period='D1')")
        .await;
    assert_eq!(status, 200, "{day}");
    assert_eq!(day["value"], json!([]));
}
