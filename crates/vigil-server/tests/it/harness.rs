//! Boots a real server (SQLite store in a temporary directory) on port 0 and gives tests a
//! base URL and an HTTP client.

use std::sync::Arc;

use serde_json::{Value, json};
use vigil_ingest::IngestLimits;
use vigil_model::clock::SystemClock;
use vigil_server::{Server, ServerConfig};
use vigil_store::TenantId;
use vigil_store_sqlite::StoreOptions;

pub const TENANT: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
pub const OTHER_TENANT: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(IngestLimits::default()).await
    }

    pub async fn start_with(limits: IngestLimits) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let config = ServerConfig {
            data_dir: dir.path().to_path_buf(),
            default_tenant: TenantId::parse(TENANT).unwrap(),
            public_url: None,
            // fsync on every commit is what production does; keep it on in tests too.
            store: StoreOptions {
                durable: true,
                cache_mib: 16,
                scan_budget: 200_000,
            },
            ingest: limits,
        };
        let server = Server::open(&config, Arc::new(SystemClock)).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server
                .serve(listener, async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        TestServer {
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
            shutdown: Some(tx),
            task: Some(task),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// POSTs a batch and returns (status, body).
    pub async fn ingest(&self, tenant: &str, collection: &str, records: &[Value]) -> (u16, Value) {
        let body = serde_json::to_vec(records).unwrap();
        self.ingest_raw(tenant, collection, body, None).await
    }

    pub async fn ingest_raw(
        &self,
        tenant: &str,
        collection: &str,
        body: Vec<u8>,
        encoding: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .post(self.url(&format!("/ingest/v1/tenants/{tenant}/{collection}")))
            .body(body);
        if let Some(encoding) = encoding {
            request = request.header("content-encoding", encoding);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// GETs a path (with query) and returns (status, headers, body).
    pub async fn get(&self, path_and_query: &str) -> (u16, reqwest::header::HeaderMap, Value) {
        let response = self
            .http
            .get(self.url(path_and_query))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (
            status,
            headers,
            response.json().await.unwrap_or(Value::Null),
        )
    }

    /// GETs an absolute URL (a nextLink).
    pub async fn get_url(&self, url: &str) -> Value {
        let response = self.http.get(url).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "GET {url}");
        response.json().await.unwrap()
    }

    /// Follows nextLinks from `path` and returns every record.
    pub async fn walk(&self, path: &str) -> Vec<Value> {
        let (status, _, mut page) = self.get(path).await;
        assert_eq!(status, 200, "{page}");
        let mut out = Vec::new();
        loop {
            out.extend(page["value"].as_array().unwrap().iter().cloned());
            match page["@odata.nextLink"].as_str() {
                Some(next) => page = self.get_url(next).await,
                None => return out,
            }
        }
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }
}

/// A minimal valid beta sign-in.
pub fn sign_in(id: &str, created: &str, upn: &str, event_type: &str, error_code: i64) -> Value {
    json!({
        "id": id,
        "createdDateTime": created,
        "userDisplayName": upn.split('@').next().unwrap_or(upn),
        "userPrincipalName": upn,
        "userId": format!("00000000-0000-0000-0000-{:012}", upn.len()),
        "appId": "de8bc8b5-d9f9-48b1-a8ad-b748da725064",
        "appDisplayName": "Graph Explorer",
        "ipAddress": "131.107.159.37",
        "clientAppUsed": "Browser",
        "correlationId": "d79f5bee-5860-4832-928f-3133e22ae912",
        "conditionalAccessStatus": "notApplied",
        "isInteractive": event_type == "interactiveUser",
        "signInEventTypes": [event_type],
        "riskDetail": "none",
        "riskLevelAggregated": "none",
        "riskLevelDuringSignIn": "none",
        "riskState": "none",
        "resourceDisplayName": "Microsoft Graph",
        "resourceId": "00000003-0000-0000-c000-000000000000",
        "status": {"errorCode": error_code, "failureReason": if error_code == 0 { Value::Null } else { json!("Invalid username or password.") }, "additionalDetails": null},
        "deviceDetail": {"deviceId": "", "displayName": null, "operatingSystem": "Windows 10", "browser": "Edge 80.0.361", "isCompliant": null, "isManaged": null, "trustType": null},
        "location": {"city": "Redmond", "state": "Washington", "countryOrRegion": "US", "geoCoordinates": {"altitude": null, "latitude": 47.68, "longitude": -122.12}},
        "appliedConditionalAccessPolicies": []
    })
}

/// A minimal valid directory audit.
pub fn directory_audit(id: &str, at: &str, activity: &str, initiator: &str) -> Value {
    json!({
        "id": id,
        "category": "GroupManagement",
        "correlationId": "da159bfb-54fa-4092-8a38-6e1fa7870e30",
        "result": "success",
        "resultReason": "",
        "activityDisplayName": activity,
        "activityDateTime": at,
        "loggedByService": "Core Directory",
        "operationType": "Add",
        "initiatedBy": {"user": {"id": initiator, "displayName": "Audry Oliver", "userPrincipalName": "audry@contoso.com", "ipAddress": "127.0.0.1"}, "app": null},
        "targetResources": [{"id": "ef7e527d-6c92-4234-8c6d-cf6fdfb57f95", "displayName": "Finance", "type": "Group", "modifiedProperties": [], "groupType": "unifiedGroups", "userPrincipalName": null}],
        "additionalDetails": []
    })
}

/// `2026-01-01T00:00:00Z` plus `minutes`.
pub fn at_minute(minutes: i64) -> String {
    let base = time::macros::datetime!(2026-01-01 00:00:00 UTC);
    vigil_model::datetime::format_datetime(base + time::Duration::minutes(minutes))
}
