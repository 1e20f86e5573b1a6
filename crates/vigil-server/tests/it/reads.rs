//! The read endpoints: envelopes, versions, event types, $select, $orderby, $count, get.

use serde_json::Value;

use crate::harness::{TENANT, TestServer, at_minute, directory_audit, sign_in};

async fn seeded() -> TestServer {
    let server = TestServer::start().await;
    let sign_ins = vec![
        sign_in("s1", &at_minute(1), "ann@contoso.com", "interactiveUser", 0),
        sign_in(
            "s2",
            &at_minute(2),
            "bob@contoso.com",
            "nonInteractiveUser",
            0,
        ),
        sign_in(
            "s3",
            &at_minute(3),
            "ann@contoso.com",
            "interactiveUser",
            50126,
        ),
        sign_in(
            "s4",
            &at_minute(4),
            "svc@contoso.com",
            "servicePrincipal",
            0,
        ),
        sign_in("s5", &at_minute(5), "mi@contoso.com", "managedIdentity", 0),
    ];
    let (status, body) = server.ingest(TENANT, "signIns", &sign_ins).await;
    assert_eq!(status, 200, "{body}");
    let audits = vec![
        directory_audit(
            "d1",
            &at_minute(1),
            "Add member to group",
            "11111111-1111-1111-1111-111111111111",
        ),
        directory_audit(
            "d2",
            &at_minute(2),
            "Reset user password",
            "22222222-2222-2222-2222-222222222222",
        ),
    ];
    let (status, body) = server.ingest(TENANT, "directoryAudits", &audits).await;
    assert_eq!(status, 200, "{body}");
    server
}

fn ids(page: &Value) -> Vec<&str> {
    page["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn sign_in_lists_default_to_interactive_newest_first() {
    let server = seeded().await;
    let (status, _, page) = server.get("/v1.0/auditLogs/signIns").await;
    assert_eq!(status, 200);
    assert!(
        page["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/v1.0/$metadata#auditLogs/signIns")
    );
    assert_eq!(ids(&page), vec!["s3", "s1"]);
    assert!(page.get("@odata.nextLink").is_none());
    let (_, _, beta) = server.get("/beta/auditLogs/signIns").await;
    assert_eq!(ids(&beta), vec!["s3", "s1"]);
    let (_, _, non) = server
        .get(
            "/beta/auditLogs/signIns?$filter=signInEventTypes/any(t:%20t%20ne%20'interactiveUser')",
        )
        .await;
    assert_eq!(ids(&non), vec!["s5", "s4", "s2"]);
    server.stop().await;
}

#[tokio::test]
async fn v1_serves_the_v1_property_set_and_beta_the_superset() {
    let server = seeded().await;
    let (_, _, v1) = server.get("/v1.0/auditLogs/signIns/s1").await;
    let (_, _, beta) = server.get("/beta/auditLogs/signIns/s1").await;
    assert!(
        v1["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/v1.0/$metadata#auditLogs/signIns/$entity")
    );
    assert!(
        v1.get("signInEventTypes").is_none(),
        "beta-only property on v1.0: {v1}"
    );
    assert_eq!(beta["signInEventTypes"][0], "interactiveUser");
    for key in [
        "id",
        "createdDateTime",
        "userPrincipalName",
        "status",
        "location",
        "deviceDetail",
        "appliedConditionalAccessPolicies",
        "riskEventTypes",
    ] {
        assert!(v1.get(key).is_some(), "v1.0 lacks {key}: {v1}");
    }
    assert_eq!(v1["status"]["errorCode"], 0);
    server.stop().await;
}

#[tokio::test]
async fn select_orderby_count_and_top() {
    let server = seeded().await;
    let (status, _, page) = server.get("/v1.0/auditLogs/signIns?$select=id,createdDateTime&$orderby=createdDateTime%20asc&$count=true&$top=1").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("#auditLogs/signIns(id,createdDateTime)"),
        "{page}"
    );
    assert_eq!(page["@odata.count"], 2);
    let first = &page["value"][0];
    assert_eq!(first["id"], "s1");
    assert_eq!(first.as_object().unwrap().len(), 2, "{first}");
    let next = page["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.contains("$select=") && next.contains("$orderby=") && next.contains("$skiptoken="),
        "{next}"
    );
    let second = server.get_url(next).await;
    assert_eq!(ids(&second), vec!["s3"]);
    server.stop().await;
}

#[tokio::test]
async fn directory_audits_filter_by_initiator_and_activity() {
    let server = seeded().await;
    let (_, _, page) = server.get("/v1.0/auditLogs/directoryAudits?$filter=initiatedBy/user/id%20eq%20'22222222-2222-2222-2222-222222222222'").await;
    assert_eq!(ids(&page), vec!["d2"]);
    let (_, _, page) = server
        .get("/v1.0/auditLogs/directoryAudits?$filter=startswith(activityDisplayName,'add')")
        .await;
    assert_eq!(
        ids(&page),
        vec!["d1"],
        "startswith is case-insensitive on directory audits"
    );
    let (_, _, page) = server.get("/beta/auditLogs/directoryAudits?$filter=targetResources/any(t:%20t/displayName%20eq%20'Finance')").await;
    assert_eq!(ids(&page), vec!["d2", "d1"]);
    server.stop().await;
}

#[tokio::test]
async fn paths_are_case_insensitive() {
    let server = seeded().await;
    let (status, _, page) = server.get("/v1.0/auditlogs/signins?$top=1").await;
    assert_eq!(status, 200);
    assert_eq!(ids(&page), vec!["s3"]);
    let (status, _, _) = server.get("/V1.0/AUDITLOGS/DIRECTORYAUDITS/d1").await;
    assert_eq!(status, 200);
    server.stop().await;
}
