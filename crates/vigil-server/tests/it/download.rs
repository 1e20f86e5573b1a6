//! Downloads (`$format=csv|json` on the list URLs, or `Accept: text/csv`) over real HTTP,
//! their formats: the same records as paging the list, parsed with a real CSV parser;
//! default and `$select`ed columns, nested paths, escaping and the formula guard; JSON equal
//! to the list's records; every log; `Accept: text/csv`. Who gets what, limits and errors
//! are in `download_access.rs`.

use reqwest::header::HeaderMap;
use serde_json::{Value, json};

use crate::errors::{assert_graph_error, url_encode};
use crate::harness::{
    TENANT, TestServer, at_minute, attribute_audit, directory_audit, provisioning, sign_in,
};

pub async fn fetch(
    server: &TestServer,
    token: &str,
    path: &str,
    accept: Option<&str>,
) -> (u16, HeaderMap, Vec<u8>) {
    let mut request = server.http.get(server.url(path)).bearer_auth(token);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// A CSV body's header row and rows, read by the `csv` crate (which also checks that every
/// row has as many cells as the header).
pub fn parse_csv(body: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte order mark");
    let mut reader = csv::Reader::from_reader(body);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// Downloads a CSV as the administrator and parses it.
pub async fn csv_as(
    server: &TestServer,
    token: &str,
    path: &str,
) -> (HeaderMap, Vec<String>, Vec<Vec<String>>) {
    let (status, headers, body) = fetch(server, token, path, None).await;
    assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
    let (header, rows) = parse_csv(&body);
    (headers, header, rows)
}

pub fn column(header: &[String], rows: &[Vec<String>], name: &str) -> Vec<String> {
    let index = header.iter().position(|h| h == name).unwrap();
    rows.iter().map(|r| r[index].clone()).collect()
}

pub fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// 2,400 sign-ins, two per minute (so times tie): every third failed, every seventh
/// non-interactive (which downloads without a `signInEventTypes` filter leave out, as the
/// list does).
async fn many_sign_ins(server: &TestServer) {
    let records: Vec<Value> = (0..2_400)
        .map(|i| {
            let event = if i % 7 == 0 {
                "nonInteractiveUser"
            } else {
                "interactiveUser"
            };
            let code = if i % 3 == 0 { 50126 } else { 0 };
            sign_in(
                &format!("s{i:04}"),
                &at_minute(i / 2),
                &format!("user{}@contoso.com", i % 5),
                event,
                code,
            )
        })
        .collect();
    let (status, body) = server.ingest(TENANT, "signIns", &records).await;
    assert_eq!(status, 200, "{body}");
}
#[tokio::test]
async fn csv_has_the_rows_of_the_paged_list_with_default_columns_and_headers() {
    let server = TestServer::start().await;
    many_sign_ins(&server).await;
    let token = server.token.clone();
    for filter in [
        None,
        Some("status/errorCode eq 50126"),
        Some("userPrincipalName eq 'user3@contoso.com'"),
    ] {
        let query = filter.map_or(String::new(), |f| format!("&$filter={}", url_encode(f)));
        let listed = server
            .walk(&format!("/v1.0/auditLogs/signIns?$top=1000{query}"))
            .await;
        let (headers, header, rows) = csv_as(
            &server,
            &token,
            &format!("/v1.0/auditLogs/signIns?$format=csv{query}"),
        )
        .await;
        assert!(listed.len() > 1_000 || filter.is_some(), "crosses pages");
        assert_eq!(rows.len(), listed.len(), "{filter:?}");
        assert_eq!(column(&header, &rows, "id"), ids(&listed), "{filter:?}");
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            headers["content-disposition"],
            "attachment; filename=\"signIns_2026-01-03.csv\""
        );
        assert_eq!(headers["vigil-download-limit"], "250000");
        assert!(headers.contains_key("request-id"));
    }
    let (_, header, rows) = csv_as(&server, &token, "/beta/auditLogs/signIns?$format=csv").await;
    assert_eq!(
        header,
        [
            "createdDateTime",
            "id",
            "userDisplayName",
            "userPrincipalName",
            "appDisplayName",
            "status/errorCode",
            "status/failureReason",
            "ipAddress",
            "location/city",
            "location/countryOrRegion",
            "clientAppUsed",
            "conditionalAccessStatus",
            "riskState",
            "correlationId",
        ]
    );
    // Newest first: s2399 (interactive, succeeded), as the list's first record.
    let (_, _, first) = server.get("/beta/auditLogs/signIns?$top=1").await;
    let first = &first["value"][0];
    assert_eq!(
        rows[0][..6],
        [
            first["createdDateTime"].as_str().unwrap(),
            "s2399",
            "user4",
            "user4@contoso.com",
            "Graph Explorer",
            "0"
        ]
    );
    assert_eq!(rows[0][6], "", "null is an empty cell");
    assert_eq!(rows[0][8], "Redmond");
    // `$orderby` ascending reverses the walk.
    let (_, id_only, ascending) = csv_as(
        &server,
        &token,
        "/v1.0/auditLogs/signIns?$format=csv&$orderby=createdDateTime%20asc&$select=id",
    )
    .await;
    let mut reversed = column(&id_only, &ascending, "id");
    reversed.reverse();
    assert_eq!(reversed, column(&header, &rows, "id"));
    server.stop().await;
}
#[tokio::test]
async fn select_picks_columns_in_order_with_nested_paths() {
    let server = TestServer::start().await;
    let mut record = sign_in(
        "n1",
        &at_minute(1),
        "ann@contoso.com",
        "interactiveUser",
        50126,
    );
    record["deviceDetail"]["browserId"] = json!("b-1");
    let (status, _) = server.ingest(TENANT, "signIns", &[record]).await;
    assert_eq!(status, 200);
    let token = server.token.clone();
    let (_, header, rows) = csv_as(
        &server,
        &token,
        "/v1.0/auditLogs/signIns?$format=csv&$select=Status/ErrorCode,id,location/city,location/geoCoordinates,appliedConditionalAccessPolicies,isInteractive,location/city",
    )
    .await;
    assert_eq!(
        header,
        [
            "status/errorCode",
            "id",
            "location/city",
            "location/geoCoordinates",
            "appliedConditionalAccessPolicies",
            "isInteractive",
        ]
    );
    assert_eq!(
        rows,
        [[
            "50126",
            "n1",
            "Redmond",
            r#"{"altitude":null,"latitude":47.68,"longitude":-122.12}"#,
            "[]",
            "true",
        ]]
    );
    // Beta-only nested properties exist on beta only.
    let (_, header, rows) = csv_as(
        &server,
        &token,
        "/beta/auditLogs/signIns?$format=csv&$select=deviceDetail/browserId",
    )
    .await;
    assert_eq!(
        (header, rows),
        (
            vec!["deviceDetail/browserId".to_owned()],
            vec![vec!["b-1".to_owned()]]
        )
    );
    let (status, _, body) = fetch(
        &server,
        &token,
        "/v1.0/auditLogs/signIns?$format=csv&$select=deviceDetail/browserId",
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert_graph_error(&serde_json::from_slice(&body).unwrap(), "BadRequest");
    // The JSON list keeps Graph's top-level-only `$select`.
    let (status, _, body) = server
        .get("/v1.0/auditLogs/signIns?$select=status/errorCode")
        .await;
    assert_eq!(status, 400, "{body}");
    server.stop().await;
}
#[tokio::test]
async fn cells_are_escaped_and_formulas_defused() {
    let server = TestServer::start().await;
    let mut record = sign_in(
        "e1",
        &at_minute(1),
        "eve@contoso.com",
        "interactiveUser",
        50126,
    );
    let name = "Doe, \"Jane\"\r\nsecond line";
    record["userDisplayName"] = json!(name);
    record["appDisplayName"] = json!("=HYPERLINK(\"http://evil.example\",\"click\")");
    record["userAgent"] = json!("+SUM(1,2)");
    record["status"]["failureReason"] = json!("-2+3");
    record["clientAppUsed"] = json!("@cmd");
    record["correlationId"] = json!("\tTAB");
    let (status, _) = server.ingest(TENANT, "signIns", &[record]).await;
    assert_eq!(status, 200);
    let path = "/beta/auditLogs/signIns?$format=csv&$select=userDisplayName,appDisplayName,userAgent,status/failureReason,clientAppUsed,correlationId,location/geoCoordinates/longitude";
    let (status, _, body) = fetch(&server, &server.token, path, None).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(
        text.contains("\"Doe, \"\"Jane\"\"\r\nsecond line\""),
        "RFC 4180 quoting: {text}"
    );
    assert!(text.ends_with("\r\n"), "CRLF row ends");
    let (_, rows) = parse_csv(&body);
    assert_eq!(
        rows,
        [[
            name,
            "'=HYPERLINK(\"http://evil.example\",\"click\")",
            "'+SUM(1,2)",
            "'-2+3",
            "'@cmd",
            "'\tTAB",
            // Numbers are never prefixed.
            "-122.12",
        ]]
    );
    server.stop().await;
}
#[tokio::test]
async fn json_downloads_equal_the_lists_records() {
    let server = TestServer::start().await;
    many_sign_ins(&server).await;
    for (path, query) in [
        ("/beta/auditLogs/signIns", ""),
        (
            "/v1.0/auditLogs/signIns",
            "&$filter=status/errorCode%20eq%2050126",
        ),
        (
            "/beta/auditLogs/signIns",
            "&$filter=signInEventTypes/any(t:%20t%20eq%20'nonInteractiveUser')",
        ),
        (
            "/v1.0/auditLogs/signIns",
            "&$select=id,userId&$orderby=createdDateTime%20asc",
        ),
    ] {
        let listed = server.walk(&format!("{path}?$top=1000{query}")).await;
        let (status, headers, body) = fetch(
            &server,
            &server.token,
            &format!("{path}?$format=json{query}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(
            headers["content-disposition"],
            "attachment; filename=\"signIns_2026-01-03.json\""
        );
        let downloaded: Vec<Value> = serde_json::from_slice(&body).unwrap();
        assert!(!listed.is_empty());
        assert_eq!(downloaded, listed, "{path}{query}");
    }
    // Nested `$select` paths give nested objects.
    let (_, _, body) = fetch(
        &server,
        &server.token,
        "/v1.0/auditLogs/signIns?$format=json&$top=1&$select=id,status/errorCode,location/city",
        None,
    )
    .await;
    let one: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        one,
        json!([{"id": "s2399", "status": {"errorCode": 0}, "location": {"city": "Redmond"}}])
    );
    // Empty results are still valid JSON and CSV.
    let none = "&$filter=userPrincipalName%20eq%20'nobody@contoso.com'";
    let (_, _, body) = fetch(
        &server,
        &server.token,
        &format!("/v1.0/auditLogs/signIns?$format=json{none}"),
        None,
    )
    .await;
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), json!([]));
    let (_, header, rows) = csv_as(
        &server,
        &server.token,
        &format!("/v1.0/auditLogs/signIns?$format=csv{none}"),
    )
    .await;
    assert_eq!((header.len(), rows.len()), (14, 0));
    server.stop().await;
}
#[tokio::test]
async fn every_log_downloads_and_accept_text_csv_works() {
    let server = TestServer::start().await;
    for (collection, record) in [
        (
            "directoryAudits",
            directory_audit("d1", &at_minute(1), "Add member to group", "u1"),
        ),
        ("provisioning", provisioning("p1", &at_minute(1))),
        (
            "customSecurityAttributeAudits",
            attribute_audit("c1", &at_minute(1)),
        ),
        (
            "signIns",
            sign_in("s1", &at_minute(1), "a@contoso.com", "interactiveUser", 0),
        ),
    ] {
        let (status, body) = server.ingest(TENANT, collection, &[record]).await;
        assert_eq!(status, 200, "{body}");
    }
    let token = server.token.clone();
    let (_, header, rows) = csv_as(
        &server,
        &token,
        "/v1.0/auditLogs/directoryAudits?$format=csv",
    )
    .await;
    assert_eq!(
        header[..4],
        ["activityDateTime", "id", "category", "activityDisplayName"]
    );
    assert_eq!(
        column(&header, &rows, "initiatedBy/user/userPrincipalName"),
        ["audry@contoso.com"]
    );
    let targets: Value =
        serde_json::from_str(&column(&header, &rows, "targetResources")[0]).unwrap();
    assert_eq!(targets[0]["displayName"], "Finance");
    let (_, header, rows) =
        csv_as(&server, &token, "/v1.0/auditLogs/provisioning?$format=csv").await;
    assert_eq!(
        column(&header, &rows, "provisioningStatusInfo/status"),
        ["success"]
    );
    assert_eq!(
        column(&header, &rows, "targetSystem/displayName"),
        ["Amazon Web Services (AWS)"]
    );
    let (headers, header, rows) = csv_as(
        &server,
        &token,
        "/beta/auditLogs/customSecurityAttributeAudits?$format=csv",
    )
    .await;
    assert_eq!(column(&header, &rows, "id"), ["c1"]);
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"customSecurityAttributeAudits_2026-01-03.csv\""
    );
    // `Accept: text/csv` without `$format` downloads CSV; SDKs' `Accept` keeps the list.
    let (status, headers, body) = fetch(
        &server,
        &token,
        "/beta/auditLogs/signIns?$select=id",
        Some("text/csv"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(parse_csv(&body).1, [["s1"]]);
    let (status, headers, body) = fetch(
        &server,
        &token,
        "/beta/auditLogs/signIns",
        Some("application/json"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json;odata")
    );
    assert!(serde_json::from_slice::<Value>(&body).unwrap()["value"].is_array());
    server.stop().await;
}
