//! Boots a real server (SQLite stores in a temporary directory) on port 0 and gives tests a
//! base URL, an HTTP client and credentials.
//!
//! Every server provisions [`TENANT`] and [`OTHER_TENANT`] as P2 (more with
//! [`Options::tenants`]), creates one ingest key per tenant and mints an administrator token
//! for [`TENANT`] (Global Administrator, Attribute Log Reader, Reports Reader). [`TestServer::get`]
//! and [`TestServer::ingest`] send them by default; the `_as` / `_with_key` variants take
//! explicit credentials. Throttles are effectively off unless a test sets limits.
//! All servers of a test run share one signing key, so RSA key generation runs once.
//! [`TestServer::restart`] stops a server and starts a new one on the same data directory
//! (a new port), as an operator's restart does.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde_json::{Value, json};
use uuid::Uuid;
use vigil_auth::{AppToken, DirectoryRole, KEY_FILE_NAME, Permission, UserToken, VigilIssuer};
use vigil_ingest::IngestLimits;
use vigil_model::LicenseTier;
use vigil_model::clock::{Clock, SystemClock};
use vigil_server::{DownloadLimit, Server, ServerConfig, ThrottleLimits};
use vigil_store::TenantId;
use vigil_store_sqlite::StoreOptions;
use vigil_tenancy::{ControlStore, Limit};

pub const TENANT: &str = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
pub const OTHER_TENANT: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/// The roles of the default administrator token.
pub const ADMIN_ROLES: [DirectoryRole; 3] = [
    DirectoryRole::GlobalAdministrator,
    DirectoryRole::AttributeLogReader,
    DirectoryRole::ReportsReader,
];

/// Every scope a reader of all four logs needs.
pub const ALL_SCOPES: [Permission; 3] = [
    Permission::AuditLogReadAll,
    Permission::DirectoryReadAll,
    Permission::CustomSecAttributeAuditLogsReadAll,
];

/// A running clock that starts at 2026-01-03T00:00Z when the server starts: fixture time.
#[derive(Debug)]
pub struct FixtureClock {
    started: std::time::Instant,
}

impl FixtureClock {
    pub fn new() -> FixtureClock {
        FixtureClock {
            started: std::time::Instant::now(),
        }
    }
}

impl Clock for FixtureClock {
    fn now(&self) -> time::OffsetDateTime {
        let elapsed = time::Duration::try_from(self.started.elapsed()).unwrap();
        time::macros::datetime!(2026-01-03 00:00 UTC) + elapsed
    }
}

/// How to start a server.
pub struct Options {
    pub ingest: IngestLimits,
    pub throttle: ThrottleLimits,
    /// Tenants to provision besides [`TENANT`] and [`OTHER_TENANT`] (both P2).
    pub tenants: Vec<(String, LicenseTier)>,
    pub clock: Arc<dyn Clock>,
    /// Time between retention purge passes (long by default: tests that want purges say so).
    pub retention_interval: Duration,
    /// Export timings (short backoffs so outage tests recover quickly).
    pub export: vigil_delivery::ExportOptions,
    /// The most records one download returns (the server's default unless a test sets one).
    pub download_limit: DownloadLimit,
}

impl Default for Options {
    fn default() -> Self {
        let open = Limit::per_second(1_000_000, 1_000_000).unwrap();
        Options {
            ingest: IngestLimits::default(),
            throttle: ThrottleLimits {
                reads: open,
                ingest_requests: open,
                ingest_bytes: Limit::per_second(1 << 40, 1 << 40).unwrap(),
                max_keys: 1000,
            },
            tenants: Vec::new(),
            // Fixture records are dated from 2026-01-01 (`at_minute`); the server's clock
            // starts two days later and runs, so they are inside every license's retention
            // (reads hide what is past it) whatever the wall clock says.
            clock: Arc::new(FixtureClock::new()),
            retention_interval: Duration::from_secs(3600),
            export: vigil_delivery::ExportOptions {
                min_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_millis(1000),
                reconcile_interval: Duration::from_millis(500),
                ..vigil_delivery::ExportOptions::default()
            },
            download_limit: DownloadLimit::default(),
        }
    }
}

/// What a restart needs to start the same server again.
struct Boot {
    ingest: IngestLimits,
    throttle: ThrottleLimits,
    clock: Arc<dyn Clock>,
    retention_interval: Duration,
    export: vigil_delivery::ExportOptions,
    download_limit: DownloadLimit,
}

pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    /// Administrator token for [`TENANT`].
    pub token: String,
    pub issuer: Arc<VigilIssuer>,
    pub control: Arc<dyn ControlStore>,
    keys: HashMap<String, String>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    boot: Boot,
    dir: tempfile::TempDir,
}

/// A signing key generated once per test run, PKCS#8 PEM.
fn shared_key() -> &'static [u8] {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    KEY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        VigilIssuer::open(dir.path(), "http://key.invalid", Arc::new(SystemClock)).unwrap();
        std::fs::read(dir.path().join(KEY_FILE_NAME)).unwrap()
    })
}

fn install_key(data_dir: &Path) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let auth = vigil_server::auth_dir(data_dir);
    std::fs::create_dir_all(&auth).unwrap();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(auth.join(KEY_FILE_NAME))
        .unwrap();
    file.write_all(shared_key()).unwrap();
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_opts(Options::default()).await
    }

    pub async fn start_with(limits: IngestLimits) -> TestServer {
        TestServer::start_opts(Options {
            ingest: limits,
            ..Options::default()
        })
        .await
    }

    pub async fn start_opts(options: Options) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        install_key(dir.path());
        let boot = Boot {
            ingest: options.ingest,
            throttle: options.throttle,
            clock: options.clock,
            retention_interval: options.retention_interval,
            export: options.export,
            download_limit: options.download_limit,
        };
        let (server, listener) = open(dir.path(), &boot).await;
        let control = server.control();
        let mut tenants = vec![
            (TENANT.to_owned(), LicenseTier::P2),
            (OTHER_TENANT.to_owned(), LicenseTier::P2),
        ];
        tenants.extend(options.tenants);
        let mut keys = HashMap::new();
        for (tenant, license) in &tenants {
            let id = TenantId::parse(tenant).unwrap();
            control.create_tenant(&id, tenant, *license).unwrap();
            let key = control.create_ingest_key(&id, "tests").unwrap();
            keys.insert(tenant.clone(), key.secret.expose().to_owned());
        }
        TestServer::run(server, listener, keys, boot, dir)
    }

    /// Stops the server gracefully and starts it again on the same data directory, with
    /// the same options, tenants and ingest keys, on a new port.
    pub async fn restart(mut self) -> TestServer {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
        let (server, listener) = open(self.dir.path(), &self.boot).await;
        let keys = std::mem::take(&mut self.keys);
        let TestServer { boot, dir, .. } = self;
        TestServer::run(server, listener, keys, boot, dir)
    }

    fn run(
        server: Server,
        listener: tokio::net::TcpListener,
        keys: HashMap<String, String>,
        boot: Boot,
        dir: tempfile::TempDir,
    ) -> TestServer {
        let addr = listener.local_addr().unwrap();
        let control = server.control();
        let issuer = server.issuer();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server
                .serve(listener, async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        let mut test = TestServer {
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
            token: String::new(),
            issuer,
            control,
            keys,
            shutdown: Some(tx),
            task: Some(task),
            boot,
            dir,
        };
        test.token = test.admin_token(TENANT);
        test
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// An administrator token for `tenant` (see [`ADMIN_ROLES`]).
    pub fn admin_token(&self, tenant: &str) -> String {
        self.user_token(tenant, "admin@contoso.com", &ADMIN_ROLES)
    }

    /// A delegated token with [`ALL_SCOPES`] and `roles`.
    pub fn user_token(&self, tenant: &str, upn: &str, roles: &[DirectoryRole]) -> String {
        self.mint_user(UserToken {
            scopes: ALL_SCOPES.to_vec(),
            roles: roles.to_vec(),
            ..UserToken::new(Uuid::parse_str(tenant).unwrap(), upn)
        })
    }

    pub fn mint_user(&self, token: UserToken) -> String {
        self.issuer.issue(&token.into()).unwrap()
    }

    /// An app-only token with these application permissions.
    pub fn app_token(&self, tenant: &str, app: Uuid, permissions: &[Permission]) -> String {
        self.issuer
            .issue(
                &AppToken {
                    permissions: permissions.to_vec(),
                    ..AppToken::new(Uuid::parse_str(tenant).unwrap(), app)
                }
                .into(),
            )
            .unwrap()
    }

    /// The object id the issuer gives `upn` in `tenant`.
    pub fn object_id(tenant: &str, upn: &str) -> String {
        UserToken::new(Uuid::parse_str(tenant).unwrap(), upn)
            .resolved_object_id()
            .to_string()
    }

    /// The ingest key created for `tenant`.
    pub fn ingest_key(&self, tenant: &str) -> &str {
        &self.keys[tenant]
    }

    /// POSTs a batch with the tenant's key and returns (status, body).
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
        let key = self.keys.get(tenant).cloned();
        self.ingest_with_key(tenant, collection, body, encoding, key.as_deref())
            .await
    }

    /// POSTs a body with `key` (or none) as `Authorization: Bearer`.
    pub async fn ingest_with_key(
        &self,
        tenant: &str,
        collection: &str,
        body: Vec<u8>,
        encoding: Option<&str>,
        key: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .post(self.url(&format!("/ingest/v1/tenants/{tenant}/{collection}")))
            .body(body);
        if let Some(encoding) = encoding {
            request = request.header("content-encoding", encoding);
        }
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// GETs a path (with query) as the administrator and returns (status, headers, body).
    pub async fn get(&self, path_and_query: &str) -> (u16, reqwest::header::HeaderMap, Value) {
        self.get_as(Some(&self.token), path_and_query).await
    }

    /// GETs a path with `token` (or none).
    pub async fn get_as(
        &self,
        token: Option<&str>,
        path_and_query: &str,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        self.send(self.http.get(self.url(path_and_query)), token)
            .await
    }

    /// Sends a request with `token` (or none) and returns (status, headers, body).
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
        token: Option<&str>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let request = match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (
            status,
            headers,
            response.json().await.unwrap_or(Value::Null),
        )
    }

    /// GETs an absolute URL (a nextLink) as the administrator.
    pub async fn get_url(&self, url: &str) -> Value {
        let response = self
            .http
            .get(url)
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "GET {url}");
        response.json().await.unwrap()
    }

    /// Follows nextLinks from `path` as the administrator and returns every record.
    pub async fn walk(&self, path: &str) -> Vec<Value> {
        self.walk_as(&self.token.clone(), path).await
    }

    /// Follows nextLinks from `path` with `token` and returns every record.
    pub async fn walk_as(&self, token: &str, path: &str) -> Vec<Value> {
        let (status, _, mut page) = self.get_as(Some(token), path).await;
        assert_eq!(status, 200, "{page}");
        let mut out = Vec::new();
        loop {
            out.extend(page["value"].as_array().unwrap().iter().cloned());
            match page["@odata.nextLink"].as_str() {
                Some(next) => {
                    let (status, _, next_page) = self.send(self.http.get(next), Some(token)).await;
                    assert_eq!(status, 200, "{next_page}");
                    page = next_page;
                }
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

/// Opens a server on `data_dir` and a listener on a free port.
async fn open(data_dir: &Path, boot: &Boot) -> (Server, tokio::net::TcpListener) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = ServerConfig {
        listen: listener.local_addr().unwrap(),
        // fsync on every commit is what production does; keep it on in tests too.
        store: StoreOptions {
            durable: true,
            cache_mib: 16,
            scan_budget: 200_000,
            ..Default::default()
        },
        ingest: boot.ingest,
        throttle: boot.throttle,
        retention_interval: boot.retention_interval,
        export: boot.export,
        download_limit: boot.download_limit,
        ..ServerConfig::new(data_dir)
    };
    (Server::open(&config, boot.clock.clone()).unwrap(), listener)
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

/// An interactive sign-in of the user with object id `user_id`.
pub fn sign_in_of(id: &str, created: &str, user_id: &str) -> Value {
    let mut record = sign_in(id, created, "someone@contoso.com", "interactiveUser", 0);
    record["userId"] = json!(user_id);
    record
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

/// A minimal valid provisioning record.
pub fn provisioning(id: &str, at: &str) -> Value {
    json!({
        "id": id,
        "activityDateTime": at,
        "jobId": "aws.1",
        "cycleId": "0a7b0f7b-1c1e-4b5e-9b7f-3e6c1f0a2b3c",
        "changeId": "5e0d3c1a-7b2f-4e6d-8c9a-1b2c3d4e5f60",
        "durationInMilliseconds": 812,
        "provisioningAction": "create",
        "provisioningStatusInfo": {"status": "success", "errorInformation": null},
        "sourceSystem": {"id": "e1c2", "displayName": "Azure Active Directory", "details": {}},
        "targetSystem": {"id": "a3b4", "displayName": "Amazon Web Services (AWS)", "details": {}},
        "sourceIdentity": {"id": "u-1", "displayName": "Adele Vance", "identityType": "User", "details": {}},
        "targetIdentity": {"id": "t-1", "displayName": "adele.vance", "identityType": "User", "details": {}},
        "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
        "servicePrincipal": {"id": "sp-1", "displayName": "AWS IAM Identity Center"},
        "modifiedProperties": [],
        "provisioningSteps": []
    })
}

/// A minimal valid custom security attribute audit.
pub fn attribute_audit(id: &str, at: &str) -> Value {
    let mut record = directory_audit(id, at, "Update attribute values assigned to a user", "u");
    record["category"] = json!("AttributeManagement");
    record
}

/// `2026-01-01T00:00:00Z` plus `minutes`.
pub fn at_minute(minutes: i64) -> String {
    let base = time::macros::datetime!(2026-01-01 00:00:00 UTC);
    vigil_model::datetime::format_datetime(base + time::Duration::minutes(minutes))
}
