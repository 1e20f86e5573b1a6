//! The change feed, `GET /export/v1/feed/{category}`, over real HTTP: every category returns
//! exactly its records in ingest order (not event-time order), in the Azure Monitor envelope
//! or as Graph records; the sign-in categories split the demo tenant's sign-ins exactly as
//! `vigil_export::Category::of` does; late records (old event time) come at the feed's head
//! while records past retention never appear. Access, cursors and errors are in
//! `feed_access.rs`; long polls, concurrent ingest and restarts in `feed_live.rs`. The
//! helpers here are shared by all three.

use serde_json::{Value, json};
use vigil_export::Category;
use vigil_model::LogKind;

use crate::harness::{
    OTHER_TENANT, TENANT, TestServer, at_minute, attribute_audit, directory_audit, provisioning,
    sign_in,
};

/// The feed's path with a query (`""` for none).
pub fn feed_path(category: &str, query: &str) -> String {
    if query.is_empty() {
        format!("/export/v1/feed/{category}")
    } else {
        format!("/export/v1/feed/{category}?{query}")
    }
}

/// A record's id, whichever format it is in.
pub fn record_id(record: &Value) -> String {
    let id = if record.get("properties").is_some() && record.get("resourceId").is_some() {
        &record["properties"]["id"]
    } else {
        &record["id"]
    };
    id.as_str()
        .unwrap_or_else(|| panic!("no id: {record}"))
        .to_owned()
}

/// The ids of a page's records.
pub fn page_ids(page: &Value) -> Vec<String> {
    page["records"]
        .as_array()
        .unwrap_or_else(|| panic!("no records: {page}"))
        .iter()
        .map(record_id)
        .collect()
}

/// Follows `@vigil.nextLink` from `path` with `token` until a page comes back empty; returns
/// every record and the last cursor.
pub async fn walk_feed(server: &TestServer, token: &str, path: &str) -> (Vec<Value>, String) {
    let (status, _, mut page) = server.get_as(Some(token), path).await;
    assert_eq!(status, 200, "{path}: {page}");
    let mut records = Vec::new();
    loop {
        let batch = page["records"].as_array().unwrap().clone();
        let cursor = page["cursor"].as_str().unwrap().to_owned();
        if batch.is_empty() {
            return (records, cursor);
        }
        records.extend(batch);
        let next = page["@vigil.nextLink"].as_str().unwrap().to_owned();
        assert!(next.contains(&format!("cursor={cursor}")), "{next}");
        let (status, _, next_page) = server.send(server.http.get(&next), Some(token)).await;
        assert_eq!(status, 200, "{next}: {next_page}");
        page = next_page;
    }
}

/// Ingests one batch and asserts it was accepted.
pub async fn ingest_ok(server: &TestServer, tenant: &str, collection: &str, records: &[Value]) {
    let (status, body) = server.ingest(tenant, collection, records).await;
    assert_eq!(status, 200, "{collection}: {body}");
}

/// A sign-in of `event_type` (interactiveUser, nonInteractiveUser, ...).
pub fn typed_sign_in(id: &str, minute: i64, event_type: &str) -> Value {
    sign_in(id, &at_minute(minute), "adele@contoso.com", event_type, 0)
}

/// Ingests, in one tenant, sign-ins of every event type, directory audits, provisioning
/// and attribute audits, in several batches whose event times run backwards, interleaved
/// with another tenant's; returns the expected ids per category, in ingest order.
async fn seed(server: &TestServer) -> Vec<(Category, Vec<String>)> {
    let types = [
        (Category::SignInLogs, "interactiveUser"),
        (Category::NonInteractiveUserSignInLogs, "nonInteractiveUser"),
        (Category::ServicePrincipalSignInLogs, "servicePrincipal"),
        (Category::ManagedIdentitySignInLogs, "managedIdentity"),
    ];
    let mut expected: Vec<(Category, Vec<String>)> =
        Category::ALL.iter().map(|c| (*c, Vec::new())).collect();
    let mut push = |category: Category, id: &str| {
        for (c, ids) in expected.iter_mut() {
            if *c == category {
                ids.push(id.to_owned());
            }
        }
    };
    for batch in 0..3i64 {
        // Later batches carry older events: the feed follows ingest, not event time.
        let minute = 300 - batch * 100;
        let mut sign_ins = Vec::new();
        for (n, (category, event_type)) in types.iter().enumerate() {
            for k in 0..2i64 {
                let id = format!("{}-{batch}-{k}", category.as_str());
                sign_ins.push(typed_sign_in(&id, minute - k - n as i64, event_type));
                push(*category, &id);
            }
        }
        ingest_ok(server, TENANT, "signIns", &sign_ins).await;
        let audit = format!("audit-{batch}");
        let prov = format!("prov-{batch}");
        let csa = format!("csa-{batch}");
        let at = at_minute(minute);
        ingest_ok(
            server,
            TENANT,
            "directoryAudits",
            &[directory_audit(&audit, &at, "Add member to group", "u")],
        )
        .await;
        ingest_ok(server, TENANT, "provisioning", &[provisioning(&prov, &at)]).await;
        ingest_ok(
            server,
            TENANT,
            "customSecurityAttributeAudits",
            &[attribute_audit(&csa, &at)],
        )
        .await;
        push(Category::AuditLogs, &audit);
        push(Category::ProvisioningLogs, &prov);
        push(Category::CustomSecurityAttributeAuditLogs, &csa);
        // The other tenant's rows sit between ours in every table.
        let other = format!("other-{batch}");
        ingest_ok(
            server,
            OTHER_TENANT,
            "signIns",
            &[typed_sign_in(&other, minute, "interactiveUser")],
        )
        .await;
        ingest_ok(
            server,
            OTHER_TENANT,
            "directoryAudits",
            &[directory_audit(&other, &at, "Add member to group", "u")],
        )
        .await;
    }
    expected
}

#[tokio::test]
async fn every_category_returns_exactly_its_records_in_ingest_order() {
    let server = TestServer::start().await;
    let expected = seed(&server).await;
    let token = server.token.clone();
    for (category, ids) in &expected {
        for limit in [1, 4, 1000] {
            let path = feed_path(category.as_str(), &format!("limit={limit}"));
            let (records, _) = walk_feed(&server, &token, &path).await;
            let got: Vec<String> = records.iter().map(record_id).collect();
            assert_eq!(&got, ids, "{path}");
            for record in &records {
                // The Azure Monitor envelope by default.
                assert_eq!(record["category"], json!(category.as_str()), "{record}");
                assert_eq!(record["tenantId"], json!(TENANT));
                assert_eq!(
                    record["resourceId"],
                    json!(format!("/tenants/{TENANT}/providers/Microsoft.aadiam"))
                );
                assert_eq!(record["Level"], json!(4));
            }
        }
        // Graph records with format=graph, the beta shape.
        let path = feed_path(category.as_str(), "format=graph&limit=3");
        let (records, _) = walk_feed(&server, &token, &path).await;
        let got: Vec<String> = records.iter().map(record_id).collect();
        assert_eq!(&got, ids, "{path}");
        for record in &records {
            assert!(record.get("properties").is_none(), "{record}");
            if category.is_sign_in() {
                assert_eq!(
                    Category::of(LogKind::SignIn, record),
                    Some(*category),
                    "{record}"
                );
            }
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn pages_carry_category_cursor_and_a_next_link_repeating_the_query() {
    let server = TestServer::start().await;
    let (status, _, page) = server
        .get(&feed_path("AuditLogs", "format=graph&limit=5&wait=0"))
        .await;
    assert_eq!(status, 200, "{page}");
    let keys: Vec<&str> = page
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["category", "records", "cursor", "@vigil.nextLink"]);
    assert_eq!(page["category"], "AuditLogs");
    assert_eq!(page["records"], json!([]));
    let cursor = page["cursor"].as_str().unwrap();
    assert_eq!(cursor.len(), 35, "{cursor}");
    assert_eq!(
        page["@vigil.nextLink"],
        json!(format!(
            "{}/export/v1/feed/AuditLogs?cursor={cursor}&limit=5&format=graph",
            server.base
        ))
    );
    // Following an empty feed's cursor stays where it is.
    let (_, _, again) = server
        .get(&feed_path("AuditLogs", &format!("cursor={cursor}")))
        .await;
    assert_eq!(again["cursor"], json!(cursor));
    server.stop().await;
}

#[tokio::test]
async fn sign_in_categories_split_the_demo_sign_ins_as_category_of_does() {
    let server = TestServer::start().await;
    let mut config =
        vigil_demo::DemoConfig::new(3, 1, time::macros::datetime!(2026-01-03 00:00 UTC));
    config.tenant_id = TENANT.to_owned();
    let data = vigil_demo::generate(&config);
    ingest_ok(&server, TENANT, "signIns", &data.sign_ins).await;
    let token = server.token.clone();
    let mut total = 0;
    for category in Category::ALL.into_iter().filter(|c| c.is_sign_in()) {
        let wanted: Vec<String> = data
            .sign_ins
            .iter()
            .filter(|r| Category::of(LogKind::SignIn, r) == Some(category))
            .map(record_id)
            .collect();
        assert!(!wanted.is_empty(), "{category}: the demo has some");
        let path = feed_path(category.as_str(), "format=graph&limit=1000");
        let (records, _) = walk_feed(&server, &token, &path).await;
        let got: Vec<String> = records.iter().map(record_id).collect();
        assert_eq!(got, wanted, "{category}");
        for record in &records {
            assert_eq!(Category::of(LogKind::SignIn, record), Some(category));
        }
        total += got.len();
    }
    assert_eq!(
        total,
        data.sign_ins.len(),
        "every sign-in is in one category"
    );
    server.stop().await;
}

#[tokio::test]
async fn late_records_come_at_the_head_and_expired_ones_never() {
    let server = TestServer::start().await;
    let token = server.token.clone();
    ingest_ok(
        &server,
        TENANT,
        "provisioning",
        &[
            provisioning("p1", &at_minute(10)),
            provisioning("p2", &at_minute(20)),
        ],
    )
    .await;
    let (first, cursor) = walk_feed(&server, &token, &feed_path("ProvisioningLogs", "")).await;
    assert_eq!(
        first.iter().map(record_id).collect::<Vec<_>>(),
        ["p1", "p2"]
    );
    // The server's clock reads 2026-01-03: a P2 tenant keeps 30 days.
    let late = "2025-12-20T08:00:00Z";
    let expired = "2025-11-01T08:00:00Z";
    ingest_ok(
        &server,
        TENANT,
        "provisioning",
        &[
            provisioning("late", late),
            provisioning("expired", expired),
            provisioning("p3", &at_minute(30)),
        ],
    )
    .await;
    let (rest, _) = walk_feed(
        &server,
        &token,
        &feed_path("ProvisioningLogs", &format!("cursor={cursor}")),
    )
    .await;
    assert_eq!(
        rest.iter().map(record_id).collect::<Vec<_>>(),
        ["late", "p3"]
    );
    // From the start the feed is in ingest order, and still without the expired record.
    let (all, _) = walk_feed(&server, &token, &feed_path("ProvisioningLogs", "limit=2")).await;
    assert_eq!(
        all.iter().map(record_id).collect::<Vec<_>>(),
        ["p1", "p2", "late", "p3"]
    );
    server.stop().await;
}
