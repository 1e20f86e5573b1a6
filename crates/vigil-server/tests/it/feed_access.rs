//! Who may read the change feed, and what its cursors refuse: a caller gets a category's
//! feed exactly when Graph would let it read the category's log (403s in Graph's shape,
//! own-sign-ins callers confined to their own records — the full role × log × license
//! matrix is in `authz_matrix.rs`); tampered, truncated, other categories' and other
//! tenants' cursors are 400s; another tenant's feed never shows a record of ours; bad
//! categories and parameters are 400s; every feed read is in the read audit.

use serde_json::{Value, json};
use uuid::Uuid;
use vigil_auth::{DirectoryRole, Permission};
use vigil_model::LicenseTier;

use crate::errors::assert_graph_error;
use crate::feed::{feed_path, ingest_ok, page_ids, record_id, typed_sign_in, walk_feed};
use crate::harness::{
    OTHER_TENANT, Options, TENANT, TestServer, at_minute, attribute_audit, directory_audit,
    sign_in_of,
};

const FREE: &str = "00000000-0000-4000-8000-00000000f4ee";
const UNKNOWN: &str = "00000000-0000-4000-8000-0000000000ff";
const ANN: &str = "ann@contoso.com";
const BOB: &str = "bob@contoso.com";

async fn status_of(server: &TestServer, token: &str, category: &str) -> (u16, Value) {
    let (status, _, body) = server
        .get_as(Some(token), &feed_path(category, "format=graph"))
        .await;
    (status, body)
}

async fn assert_denied(server: &TestServer, token: &str, category: &str, code: &str) {
    let (status, body) = status_of(server, token, category).await;
    assert_eq!(status, 403, "{category}: {body}");
    assert_graph_error(&body, code);
}

async fn assert_allowed(server: &TestServer, token: &str, category: &str) -> Vec<String> {
    let (status, body) = status_of(server, token, category).await;
    assert_eq!(status, 200, "{category}: {body}");
    page_ids(&body)
}

#[tokio::test]
async fn callers_who_may_not_read_a_log_get_graphs_403_for_its_feed() {
    let server = TestServer::start_opts(Options {
        tenants: vec![(FREE.to_owned(), LicenseTier::Free)],
        ..Options::default()
    })
    .await;
    for tenant in [TENANT, FREE] {
        ingest_ok(
            &server,
            tenant,
            "customSecurityAttributeAudits",
            &[attribute_audit("csa", &at_minute(1))],
        )
        .await;
        ingest_ok(
            &server,
            tenant,
            "directoryAudits",
            &[directory_audit(
                "audit",
                &at_minute(1),
                "Add member to group",
                "u",
            )],
        )
        .await;
    }
    const DENIED: &str = "Authorization_RequestDenied";

    // Reports Reader reads audits but not attribute audits.
    let reader = server.user_token(TENANT, "rr@contoso.com", &[DirectoryRole::ReportsReader]);
    assert_eq!(
        assert_allowed(&server, &reader, "AuditLogs").await,
        ["audit"]
    );
    assert_denied(&server, &reader, "CustomSecurityAttributeAuditLogs", DENIED).await;
    // A Global Administrator alone does not read attribute audits either; the attribute
    // log reader does.
    let admin = server.user_token(
        TENANT,
        "ga@contoso.com",
        &[DirectoryRole::GlobalAdministrator],
    );
    assert_denied(&server, &admin, "CustomSecurityAttributeAuditLogs", DENIED).await;
    let attributes = server.user_token(
        TENANT,
        "alr@contoso.com",
        &[DirectoryRole::AttributeLogReader],
    );
    assert_eq!(
        assert_allowed(&server, &attributes, "CustomSecurityAttributeAuditLogs").await,
        ["csa"]
    );
    // A user without a role: no audits, no provisioning, own sign-ins only.
    let user = server.user_token(TENANT, ANN, &[]);
    assert_denied(&server, &user, "AuditLogs", DENIED).await;
    assert_denied(&server, &user, "ProvisioningLogs", DENIED).await;
    assert_allowed(&server, &user, "SignInLogs").await;
    // Apps need the log's permission.
    let app = Uuid::from_u128(0xfeed);
    let audit_app = server.app_token(TENANT, app, &[Permission::AuditLogReadAll]);
    assert_allowed(&server, &audit_app, "ManagedIdentitySignInLogs").await;
    assert_denied(
        &server,
        &audit_app,
        "CustomSecurityAttributeAuditLogs",
        DENIED,
    )
    .await;
    let csa_app = server.app_token(
        TENANT,
        app,
        &[Permission::CustomSecAttributeAuditLogsReadAll],
    );
    assert_denied(&server, &csa_app, "AuditLogs", DENIED).await;
    assert_eq!(
        assert_allowed(&server, &csa_app, "CustomSecurityAttributeAuditLogs").await,
        ["csa"]
    );
    // A Free tenant has no sign-in or provisioning logs, but audits.
    let free_admin = server.admin_token(FREE);
    for category in [
        "SignInLogs",
        "NonInteractiveUserSignInLogs",
        "ServicePrincipalSignInLogs",
        "ManagedIdentitySignInLogs",
        "ProvisioningLogs",
    ] {
        assert_denied(
            &server,
            &free_admin,
            category,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
        )
        .await;
    }
    assert_eq!(
        assert_allowed(&server, &free_admin, "AuditLogs").await,
        ["audit"]
    );
    // A genuine token of a tenant Vigil does not know.
    let stranger = server.admin_token(UNKNOWN);
    assert_denied(&server, &stranger, "AuditLogs", DENIED).await;
    // No token at all.
    let (status, headers, body) = server.get_as(None, &feed_path("AuditLogs", "")).await;
    assert_eq!(status, 401, "{body}");
    assert_graph_error(&body, "InvalidAuthenticationToken");
    assert_eq!(headers["www-authenticate"], "Bearer");
    server.stop().await;
}

#[tokio::test]
async fn own_sign_ins_callers_get_only_their_own_records() {
    let server = TestServer::start().await;
    let ann_id = TestServer::object_id(TENANT, ANN);
    let bob_id = TestServer::object_id(TENANT, BOB);
    let mut records = Vec::new();
    for i in 0..3 {
        records.push(sign_in_of(&format!("ann-{i}"), &at_minute(i), &ann_id));
        records.push(sign_in_of(&format!("bob-{i}"), &at_minute(i), &bob_id));
    }
    let mut background = sign_in_of("ann-ni", &at_minute(5), &ann_id);
    background["signInEventTypes"] = json!(["nonInteractiveUser"]);
    background["isInteractive"] = json!(false);
    records.push(background);
    ingest_ok(&server, TENANT, "signIns", &records).await;
    let ann = server.user_token(TENANT, ANN, &[]);
    let bob = server.user_token(TENANT, BOB, &[]);
    let ids = |records: Vec<Value>| records.iter().map(record_id).collect::<Vec<_>>();
    let (got, ann_cursor) = walk_feed(&server, &ann, &feed_path("SignInLogs", "limit=1")).await;
    assert_eq!(ids(got), ["ann-0", "ann-1", "ann-2"]);
    let (got, _) = walk_feed(
        &server,
        &ann,
        &feed_path("NonInteractiveUserSignInLogs", ""),
    )
    .await;
    assert_eq!(ids(got), ["ann-ni"]);
    let (got, _) = walk_feed(&server, &bob, &feed_path("SignInLogs", "")).await;
    assert_eq!(ids(got), ["bob-0", "bob-1", "bob-2"]);
    // A cursor is a position, not a grant: Bob continuing from Ann's still sees only his.
    ingest_ok(
        &server,
        TENANT,
        "signIns",
        &[
            sign_in_of("ann-3", &at_minute(7), &ann_id),
            sign_in_of("bob-3", &at_minute(7), &bob_id),
        ],
    )
    .await;
    let (got, _) = walk_feed(
        &server,
        &bob,
        &feed_path("SignInLogs", &format!("cursor={ann_cursor}")),
    )
    .await;
    assert_eq!(ids(got), ["bob-3"]);
    server.stop().await;
}

#[tokio::test]
async fn tampered_and_foreign_cursors_are_400() {
    let server = TestServer::start().await;
    ingest_ok(
        &server,
        TENANT,
        "signIns",
        &[
            typed_sign_in("a", 1, "interactiveUser"),
            typed_sign_in("b", 2, "interactiveUser"),
        ],
    )
    .await;
    let (_, _, page) = server.get(&feed_path("SignInLogs", "limit=1")).await;
    assert_eq!(page_ids(&page), ["a"]);
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    let bad = |body: &Value| {
        assert_graph_error(body, "BadRequest");
        body["error"]["message"].as_str().unwrap().to_owned()
    };
    // Every single-character change, a truncation, an extension, and junk.
    let mut variants: Vec<String> = (0..cursor.len())
        .map(|i| {
            let mut bytes = cursor.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            String::from_utf8(bytes).unwrap()
        })
        .collect();
    variants.extend([
        cursor[..cursor.len() - 1].to_owned(),
        format!("{cursor}A"),
        "0".to_owned(),
        String::new(),
    ]);
    // A page token of the same store is not a cursor.
    let (_, _, list) = server.get("/beta/auditLogs/signIns?$top=1").await;
    let next = list["@odata.nextLink"].as_str().unwrap();
    let skiptoken = next.split("$skiptoken=").nth(1).unwrap().to_owned();
    variants.push(skiptoken);
    for variant in &variants {
        let path = feed_path("SignInLogs", &format!("cursor={variant}"));
        let (status, _, body) = server.get(&path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(bad(&body).contains("cursor"), "{body}");
    }
    // Another category's feed names the cursor's own.
    let (status, _, body) = server
        .get(&feed_path(
            "NonInteractiveUserSignInLogs",
            &format!("cursor={cursor}"),
        ))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(bad(&body).contains("SignInLogs feed"), "{body}");
    // Another tenant's caller, even an administrator, cannot use it.
    let other = server.admin_token(OTHER_TENANT);
    let (status, _, body) = server
        .get_as(
            Some(&other),
            &feed_path("SignInLogs", &format!("cursor={cursor}")),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    bad(&body);
    // The genuine cursor still works.
    let (status, _, body) = server
        .get(&feed_path("SignInLogs", &format!("cursor={cursor}")))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(page_ids(&body), ["b"]);
    server.stop().await;
}

#[tokio::test]
async fn another_tenants_feed_never_shows_our_records() {
    let server = TestServer::start().await;
    let mine: Vec<Value> = (0..20)
        .map(|i| typed_sign_in(&format!("mine-{i}"), i, "interactiveUser"))
        .collect();
    ingest_ok(&server, TENANT, "signIns", &mine[..10]).await;
    ingest_ok(
        &server,
        OTHER_TENANT,
        "signIns",
        &[typed_sign_in("theirs", 3, "interactiveUser")],
    )
    .await;
    ingest_ok(&server, TENANT, "signIns", &mine[10..]).await;
    ingest_ok(
        &server,
        TENANT,
        "directoryAudits",
        &[directory_audit(
            "audit",
            &at_minute(1),
            "Add member to group",
            "u",
        )],
    )
    .await;
    let other = server.admin_token(OTHER_TENANT);
    for category in vigil_export::Category::ALL {
        let (records, _) =
            walk_feed(&server, &other, &feed_path(category.as_str(), "limit=3")).await;
        let ids: Vec<String> = records.iter().map(record_id).collect();
        let expected: Vec<&str> = if category == vigil_export::Category::SignInLogs {
            vec!["theirs"]
        } else {
            vec![]
        };
        assert_eq!(ids, expected, "{category}");
        for record in &records {
            assert_eq!(record["tenantId"], json!(OTHER_TENANT));
        }
    }
    let (records, _) = walk_feed(&server, &server.token, &feed_path("SignInLogs", "")).await;
    assert_eq!(records.len(), 20);
    assert!(records.iter().all(|r| record_id(r).starts_with("mine-")));
    server.stop().await;
}

#[tokio::test]
async fn unknown_categories_and_bad_parameters_are_400() {
    let server = TestServer::start().await;
    for category in [
        "signinlogs",
        "SigninLogs",
        "signIns",
        "Nope",
        "AuditLogs%20",
    ] {
        let (status, _, body) = server.get(&feed_path(category, "")).await;
        assert_eq!(status, 400, "{category}: {body}");
        assert_graph_error(&body, "BadRequest");
        let message = body["error"]["message"].as_str().unwrap();
        for name in vigil_export::Category::ALL {
            assert!(message.contains(name.as_str()), "{message}");
        }
    }
    for query in [
        "limit=0",
        "limit=1001",
        "limit=abc",
        "wait=61",
        "wait=-1",
        "format=xml",
        "limit=5&limit=6",
    ] {
        let (status, _, body) = server.get(&feed_path("AuditLogs", query)).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_graph_error(&body, "BadRequest");
    }
    let (status, _, body) = server
        .send(
            server.http.post(server.url(&feed_path("AuditLogs", ""))),
            Some(&server.token),
        )
        .await;
    assert_eq!(status, 405, "{body}");
    let (status, _, _) = server.get("/export/v1/feed").await;
    assert_eq!(status, 404);
    server.stop().await;
}

#[tokio::test]
async fn feed_reads_are_recorded_in_the_read_audit() {
    let server = TestServer::start().await;
    ingest_ok(
        &server,
        TENANT,
        "directoryAudits",
        &[directory_audit(
            "audit",
            &at_minute(1),
            "Add member to group",
            "u",
        )],
    )
    .await;
    let reader = server.user_token(TENANT, "rr@contoso.com", &[DirectoryRole::ReportsReader]);
    let reads = [
        ("AuditLogs", "limit=10", 200, 1),
        ("CustomSecurityAttributeAuditLogs", "", 403, 0),
        ("AuditLogs", "limit=0", 400, 0),
    ];
    for (category, query, status, _) in reads {
        let (got, _, body) = server
            .get_as(Some(&reader), &feed_path(category, query))
            .await;
        assert_eq!(got, status, "{body}");
    }
    let (status, _, page) = server.get("/admin/v1/readAudit").await;
    assert_eq!(status, 200, "{page}");
    let entries = page["value"].as_array().unwrap();
    let logs = [
        "directoryAudits",
        "customSecurityAttributeAudits",
        "directoryAudits",
    ];
    // Newest first.
    for (entry, ((category, query, status, count), log)) in
        entries.iter().zip(reads.iter().zip(logs).rev())
    {
        assert_eq!(entry["pathAndQuery"], json!(feed_path(category, query)));
        assert_eq!(entry["status"], json!(status));
        assert_eq!(entry["resultCount"], json!(count));
        assert_eq!(entry["log"], json!(log));
    }
    server.stop().await;
}
