//! `/me/v1/…`: a user reports their own sign-in ("this wasn't me") and lists their reports;
//! another user's sign-in is answered like one that does not exist; app-only tokens are
//! refused; a report is one directory audit however often it is sent.

use serde_json::Value;
use uuid::Uuid;
use vigil_auth::Permission;

use crate::harness::{TENANT, TestServer, sign_in_of};

#[tokio::test]
async fn users_report_their_own_sign_ins_once() {
    let server = TestServer::start().await;
    let adele = TestServer::object_id(TENANT, "adele@contoso.com");
    let other = TestServer::object_id(TENANT, "megan@contoso.com");
    let now = vigil_model::datetime::format_datetime(vigil_model::clock::Clock::now(
        &vigil_model::clock::SystemClock,
    ));
    let records = [
        sign_in_of("mine", &now, &adele),
        sign_in_of("theirs", &now, &other),
    ];
    assert_eq!(server.ingest(TENANT, "signIns", &records).await.0, 200);
    let token = server.user_token(TENANT, "adele@contoso.com", &[]);
    let report = |id: &str| {
        server.send(
            server
                .http
                .post(server.url(&format!("/me/v1/signIns/{id}/reportNotMe"))),
            Some(&token),
        )
    };

    let (status, _, first) = report("mine").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["signInId"], "mine");
    let (status, _, again) = report("mine").await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        again["id"], first["id"],
        "the same report, not a second one"
    );

    let (status, _, body) = report("theirs").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "Request_ResourceNotFound");
    let (status, _, _) = report("nothing-like-this").await;
    assert_eq!(status, 404);

    let (status, _, listed) = server.get_as(Some(&token), "/me/v1/signIns/reports").await;
    assert_eq!(status, 200, "{listed}");
    let ids: Vec<&str> = listed["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["signInId"].as_str())
        .collect();
    assert_eq!(ids, ["mine"]);

    // One directory audit, naming the user and the sign-in.
    let audits = server
        .walk("/beta/auditLogs/directoryAudits?$filter=activityDisplayName%20eq%20'User%20reported%20unfamiliar%20sign-in'")
        .await;
    assert_eq!(audits.len(), 1, "{audits:?}");
    assert_eq!(audits[0]["initiatedBy"]["user"]["id"], Value::String(adele));
    assert_eq!(audits[0]["targetResources"][0]["id"], "mine");

    let app = server.app_token(TENANT, Uuid::from_u128(9), &[Permission::AuditLogReadAll]);
    let (status, _, _) = server
        .send(
            server
                .http
                .post(server.url("/me/v1/signIns/mine/reportNotMe")),
            Some(&app),
        )
        .await;
    assert_eq!(status, 403, "app-only tokens have no sign-ins of their own");
    let (status, _, _) = server
        .send(
            server
                .http
                .post(server.url("/me/v1/signIns/mine/reportNotMe")),
            None,
        )
        .await;
    assert_eq!(status, 401);
    server.stop().await;
}
