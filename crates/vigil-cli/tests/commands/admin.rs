//! The admin commands — `token`, `tenant`, `ingest-key`, `retention` — run as the real
//! binary, checked against the libraries that read what they wrote.

use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use vigil_auth::{DirectoryRole, Permission, Tenants, Validator, VigilIssuer};
use vigil_model::clock::SystemClock;
use vigil_store::TenantId;
use vigil_tenancy::{ControlError, ControlStore, SqliteControlStore};

use super::{TENANT, audits, vigil};

const OTHER: &str = "11111111-2222-3333-4444-555555555555";
const APP: &str = "2c5c7f5e-0b5a-4c0e-9f3a-1d2e3f4a5b6c";

fn ok(args: &[&str], data: &Path) -> String {
    let (success, stdout, stderr) = vigil(args, data);
    assert!(success, "vigil {args:?} failed: {stderr}");
    stdout
}

fn fails(args: &[&str], data: &Path) -> String {
    let (success, stdout, stderr) = vigil(args, data);
    assert!(!success, "vigil {args:?} should fail; stdout: {stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn decode(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The token's header and claims, after checking it is exactly one three-part JWT line.
fn split_token(stdout: &str) -> (String, Value, Value) {
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let token = stdout.trim().to_owned();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    let (header, claims) = (decode(parts[0]), decode(parts[1]));
    (token, header, claims)
}

fn issuer(data: &Path, iss: &str) -> VigilIssuer {
    VigilIssuer::open(&data.join("auth"), iss, Arc::new(SystemClock)).unwrap()
}

fn control(data: &Path) -> SqliteControlStore {
    SqliteControlStore::open(data, Arc::new(SystemClock)).unwrap()
}

fn tenant() -> TenantId {
    TenantId::parse(TENANT).unwrap()
}

#[test]
fn user_token_carries_tenant_user_roles_and_scopes_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let stdout = ok(
        &[
            "token",
            "--tenant",
            TENANT,
            "--user",
            "adele@contoso.com",
            "--role",
            "reports reader",
            "--role",
            "9c99539d-8186-4804-835f-fd51ef9e2dcd",
        ],
        &data,
    );
    let (token, header, claims) = split_token(&stdout);
    let vigil_issuer = issuer(&data, "http://127.0.0.1:8080");
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["kid"], vigil_issuer.key_id());
    assert_eq!(claims["iss"], "http://127.0.0.1:8080");
    assert_eq!(claims["tid"], TENANT);
    assert_eq!(claims["upn"], "adele@contoso.com");
    assert_eq!(claims["idtyp"], "user");
    assert_eq!(
        claims["wids"],
        serde_json::json!([
            DirectoryRole::ReportsReader.template_id().to_string(),
            DirectoryRole::AttributeLogReader.template_id().to_string()
        ])
    );
    assert_eq!(
        claims["scp"],
        "AuditLog.Read.All Directory.Read.All CustomSecAttributeAuditLogs.Read.All"
    );
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 3600);

    // The server's own validator accepts it.
    let validator = Validator::new(
        vec![vigil_issuer.trusted_issuer(Tenants::Any)],
        Arc::new(SystemClock),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let principal = runtime.block_on(validator.validate(&token)).unwrap();
    assert_eq!(principal.tenant_id.to_string(), TENANT);
    assert!(principal.has_permission(Permission::CustomSecAttributeAuditLogsReadAll));
    assert_eq!(principal.directory_roles.len(), 2);

    // Plain scopes without Attribute Log roles; explicit scopes replace the default.
    let (_, _, claims) = split_token(&ok(
        &["token", "--tenant", TENANT, "--user", "megan@contoso.com"],
        &data,
    ));
    assert_eq!(claims["scp"], "AuditLog.Read.All Directory.Read.All");
    assert!(claims.get("wids").is_none(), "{claims}");
    let (_, _, claims) = split_token(&ok(
        &[
            "token",
            "--tenant",
            TENANT,
            "--user",
            "m@contoso.com",
            "--scope",
            "auditlog.read.all",
            "--lifetime",
            "10m",
        ],
        &data,
    ));
    assert_eq!(claims["scp"], "AuditLog.Read.All");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        600
    );
}

#[test]
fn token_issuer_comes_from_the_flag_then_the_issuer_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("auth")).unwrap();
    std::fs::write(data.join("auth/issuer"), "https://vigil.example.com/\n").unwrap();
    let user = ["token", "--tenant", TENANT, "--user", "a@contoso.com"];
    let (_, _, claims) = split_token(&ok(&user, &data));
    assert_eq!(claims["iss"], "https://vigil.example.com");
    let mut flagged = user.to_vec();
    flagged.extend(["--issuer", "http://10.0.0.1:9000"]);
    let (_, _, claims) = split_token(&ok(&flagged, &data));
    assert_eq!(claims["iss"], "http://10.0.0.1:9000");
}

#[test]
fn app_token_carries_application_roles() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (_, header, claims) = split_token(&ok(&["token", "--tenant", TENANT, "--app", APP], &data));
    assert_eq!(header["kid"], issuer(&data, "x").key_id());
    assert_eq!(claims["idtyp"], "app");
    assert_eq!(claims["appid"], APP);
    assert_eq!(claims["tid"], TENANT);
    assert_eq!(claims["roles"], serde_json::json!(["AuditLog.Read.All"]));
    assert!(claims.get("scp").is_none() && claims.get("upn").is_none());
    let (_, _, claims) = split_token(&ok(
        &[
            "token",
            "--tenant",
            TENANT,
            "--app",
            APP,
            "--permission",
            "CustomSecAttributeAuditLogs.Read.All",
            "--permission",
            "AuditLog.Read.All",
        ],
        &data,
    ));
    assert_eq!(
        claims["roles"],
        serde_json::json!(["CustomSecAttributeAuditLogs.Read.All", "AuditLog.Read.All"])
    );

    let json: Value = serde_json::from_str(&ok(
        &["token", "--tenant", TENANT, "--app", APP, "--json"],
        &data,
    ))
    .unwrap();
    assert_eq!(json["token_type"], "Bearer");
    assert_eq!(json["expires_in"], 3600);
    assert_eq!(json["claims"]["idtyp"], "app");
    assert_eq!(json["access_token"].as_str().unwrap().split('.').count(), 3);
}

#[test]
fn token_flag_errors_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let user = ["token", "--tenant", TENANT, "--user", "a@contoso.com"];
    let stderr = fails(&[&user[..], &["--role", "Report Reader"]].concat(), &data);
    assert!(
        stderr.contains("unknown role 'Report Reader'")
            && stderr.contains("\"Reports Reader\"")
            && stderr.contains("\"Global Administrator\"")
            && stderr.contains("\"Attribute Log Reader\""),
        "{stderr}"
    );
    let stderr = fails(&[&user[..], &["--scope", "AuditLog.Read"]].concat(), &data);
    assert!(
        stderr.contains("valid permissions: AuditLog.Read.All"),
        "{stderr}"
    );
    let stderr = fails(&["token", "--tenant", "contoso", "--user", "a@b.c"], &data);
    assert!(stderr.contains("not a tenant GUID"), "{stderr}");
    let stderr = fails(&[&user[..], &["--app", APP]].concat(), &data);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let app = ["token", "--tenant", TENANT, "--app", APP];
    let stderr = fails(&[&app[..], &["--role", "Reports Reader"]].concat(), &data);
    assert!(stderr.contains("--role"), "{stderr}");
    let stderr = fails(&[&user[..], &["--lifetime", "2y"]].concat(), &data);
    assert!(stderr.contains("invalid lifetime"), "{stderr}");
    fails(&["token", "--tenant", TENANT], &data);
}

#[test]
fn tenants_create_list_set_license_show() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let stderr = fails(&["tenant", "list"], &data);
    assert!(stderr.contains("no control database"), "{stderr}");
    assert!(!data.exists(), "listing must not create the data directory");

    let stdout = ok(
        &["tenant", "create", "--tenant", TENANT, "--name", "Contoso"],
        &data,
    );
    assert!(stdout.contains("license p2"), "{stdout}");
    ok(
        &[
            "tenant",
            "create",
            "--tenant",
            OTHER,
            "--name",
            " Fabrikam ",
            "--license",
            "free",
        ],
        &data,
    );
    let stderr = fails(
        &[
            "tenant",
            "create",
            "--tenant",
            &TENANT.to_uppercase(),
            "--name",
            "Again",
        ],
        &data,
    );
    assert!(
        stderr.contains(&format!("tenant {TENANT} already exists")),
        "{stderr}"
    );

    let table = ok(&["tenant", "list"], &data);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("CREATED"),
        "{table}"
    );
    assert!(
        lines[1].starts_with(TENANT) && lines[1].contains("Contoso") && lines[1].contains("p2")
    );
    assert!(
        lines[2].starts_with(OTHER) && lines[2].contains("Fabrikam") && lines[2].contains("free")
    );
    let json: Value = serde_json::from_str(&ok(&["tenant", "list", "--json"], &data)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["displayName"], "Fabrikam");
    assert_eq!(json[1]["license"], "free");

    let stdout = ok(
        &[
            "tenant",
            "set-license",
            "--tenant",
            OTHER,
            "--license",
            "P1",
        ],
        &data,
    );
    assert!(stdout.contains("free -> p1"), "{stdout}");
    let stderr = fails(
        &[
            "tenant",
            "set-license",
            "--tenant",
            "99999999-2222-3333-4444-555555555555",
            "--license",
            "p2",
        ],
        &data,
    );
    assert!(
        stderr.contains("is not registered") && stderr.contains("vigil tenant create"),
        "{stderr}"
    );
    let stderr = fails(
        &[
            "tenant",
            "set-license",
            "--tenant",
            OTHER,
            "--license",
            "p3",
        ],
        &data,
    );
    assert!(stderr.contains("expected free, p1 or p2"), "{stderr}");

    let show = ok(&["tenant", "show", "--tenant", OTHER], &data);
    assert!(
        show.contains("Fabrikam") && show.contains("license:  p1"),
        "{show}"
    );
    for log in [
        "signIns",
        "directoryAudits",
        "provisioning",
        "customSecurityAttributeAudits",
    ] {
        assert!(
            show.lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == [log, "30", "default", "30"]),
            "{log}: {show}"
        );
    }
    let json: Value =
        serde_json::from_str(&ok(&["tenant", "show", "--tenant", OTHER, "--json"], &data)).unwrap();
    assert_eq!(json["license"], "p1");
    assert_eq!(json["retention"].as_array().unwrap().len(), 4);
    let store = control(&data);
    assert_eq!(
        store
            .tenant(&TenantId::parse(OTHER).unwrap())
            .unwrap()
            .unwrap()
            .license,
        vigil_model::LicenseTier::P1
    );
}

#[test]
fn ingest_keys_are_shown_once_verify_and_stop_after_revoke() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(
        &["tenant", "create", "--tenant", TENANT, "--name", "Contoso"],
        &data,
    );
    let stderr = fails(
        &["ingest-key", "create", "--tenant", OTHER, "--name", "x"],
        &data,
    );
    assert!(stderr.contains("is not registered"), "{stderr}");

    let (success, stdout, stderr) = vigil(
        &[
            "ingest-key",
            "create",
            "--tenant",
            TENANT,
            "--name",
            "siem-forwarder",
        ],
        &data,
    );
    assert!(success, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let secret = stdout.trim();
    assert!(secret.starts_with("vgk_"), "{secret}");
    let id = &secret[4..20];
    assert!(
        stderr.contains(id) && stderr.contains("siem-forwarder"),
        "{stderr}"
    );
    assert!(!stderr.contains(secret), "the secret goes to stdout only");

    let store = control(&data);
    assert_eq!(
        store.verify_ingest_key(&tenant(), secret).unwrap().as_str(),
        id
    );
    let list = ok(&["ingest-key", "list", "--tenant", TENANT], &data);
    assert!(
        list.contains(id) && list.contains("siem-forwarder") && list.contains("active"),
        "{list}"
    );
    assert!(!list.contains(secret), "{list}");

    let stdout = ok(
        &["ingest-key", "revoke", "--tenant", TENANT, "--id", id],
        &data,
    );
    assert!(stdout.contains("revoked"), "{stdout}");
    assert!(matches!(
        store.verify_ingest_key(&tenant(), secret),
        Err(ControlError::IngestKeyRejected)
    ));
    let json: Value = serde_json::from_str(&ok(
        &["ingest-key", "list", "--tenant", TENANT, "--json"],
        &data,
    ))
    .unwrap();
    assert_eq!(json[0]["active"], false);
    assert!(json[0]["revoked"].is_string());

    let stderr = fails(
        &[
            "ingest-key",
            "revoke",
            "--tenant",
            TENANT,
            "--id",
            "0123456789abcdef",
        ],
        &data,
    );
    assert!(
        stderr.contains("has no ingest key 0123456789abcdef"),
        "{stderr}"
    );
    let stderr = fails(
        &["ingest-key", "revoke", "--tenant", TENANT, "--id", "nope"],
        &data,
    );
    assert!(stderr.contains("not an ingest key id"), "{stderr}");
}

#[test]
fn retention_overrides_show_and_clear() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(
        &[
            "tenant",
            "create",
            "--tenant",
            TENANT,
            "--name",
            "Contoso",
            "--license",
            "free",
        ],
        &data,
    );
    let set = ["retention", "set", "--tenant", TENANT, "--log", "signIns"];
    let stdout = ok(&[&set[..], &["--days", "400"]].concat(), &data);
    assert!(stdout.contains("400 days (override"), "{stdout}");
    let row = |text: &str, log: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .find(|cells| cells.first().is_some_and(|c| c == log))
            .unwrap_or_default()
    };
    let show = ok(&["retention", "show", "--tenant", TENANT], &data);
    assert_eq!(
        row(&show, "signIns"),
        ["signIns", "400", "override", "7"],
        "{show}"
    );
    assert_eq!(
        row(&show, "directoryAudits"),
        ["directoryAudits", "7", "default", "7"]
    );
    let show = ok(&["tenant", "show", "--tenant", TENANT], &data);
    assert_eq!(
        row(&show, "signIns"),
        ["signIns", "400", "override", "7"],
        "{show}"
    );

    let stderr = fails(&[&set[..], &["--days", "0"]].concat(), &data);
    assert!(stderr.contains("out of range"), "{stderr}");
    fails(&[&set[..], &["--days", "5", "--clear"]].concat(), &data);
    fails(&set, &data);

    ok(&[&set[..], &["--clear"]].concat(), &data);
    let json: Value = serde_json::from_str(&ok(
        &["retention", "show", "--tenant", TENANT, "--json"],
        &data,
    ))
    .unwrap();
    assert_eq!(json["logs"][0]["log"], "signIns");
    assert_eq!(json["logs"][0]["days"], 7);
    assert_eq!(json["logs"][0]["source"], "default");
    assert_eq!(json["logs"][0]["overrideDays"], Value::Null);
    assert_eq!(json["exportHoldDays"], Value::Null);

    // Every change above is in the tenant's audit log, as the admin API would have written.
    let written = audits(&data);
    assert!(
        written.iter().any(|(a, m)| a == "Update retention"
            && m.contains("signIns retention override")
            && m.contains("\"400\"")),
        "{written:?}"
    );

    let hold = ["retention", "export-hold", "--tenant", TENANT];
    let said = ok(&[&hold[..], &["--days", "14"]].concat(), &data);
    assert!(said.contains("14 days after their retention"), "{said}");
    let show = ok(&["retention", "show", "--tenant", TENANT], &data);
    assert!(show.contains("export hold: 14 days"), "{show}");
    fails(&[&hold[..], &["--days", "36501"]].concat(), &data);
    fails(&hold, &data);
    ok(&[&hold[..], &["--clear"]].concat(), &data);
    let json: Value = serde_json::from_str(&ok(
        &["retention", "show", "--tenant", TENANT, "--json"],
        &data,
    ))
    .unwrap();
    assert_eq!(json["exportHoldDays"], Value::Null);
    let written = audits(&data);
    assert!(
        written
            .iter()
            .any(|(_, m)| m.contains("export hold") && m.contains("\"14\"")),
        "{written:?}"
    );
}

#[test]
fn demo_registers_the_demo_tenant_as_p2_and_keeps_the_servers_issuer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("auth")).unwrap();
    std::fs::write(data.join("auth/issuer"), "https://vigil.example.com\n").unwrap();
    ok(&["demo", "--days", "1", "--seed", "2"], &data);
    let tenant = control(&data).tenant(&tenant()).unwrap().unwrap();
    assert_eq!(tenant.license, vigil_model::LicenseTier::P2);
    assert_eq!(tenant.display_name, vigil_server::DEMO_TENANT_NAME);
    let issuer = std::fs::read_to_string(data.join("auth/issuer")).unwrap();
    assert_eq!(issuer.trim(), "https://vigil.example.com");
}
