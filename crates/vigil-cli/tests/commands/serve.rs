//! `vigil serve --demo` prints a ready-to-use admin token for the demo tenant, and the
//! server accepts it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use vigil_auth::DirectoryRole;

use super::{TENANT, vigil};

/// Kills the server when the test ends, however it ends.
struct Kill(std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_demo_prints_an_admin_token_the_server_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A small data set, so `serve --demo` finds data and skips loading the full 30 days.
    let (ok, _, stderr) = vigil(&["demo", "--days", "1", "--seed", "5"], &data);
    assert!(ok, "{stderr}");

    let mut child = Kill(
        Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(&data)
            .env("VIGIL_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = child.0.stderr.take().unwrap();
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if send.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let mut base = None;
    let mut token = None;
    while token.is_none() || !seen.iter().any(|l: &String| l.contains("vigil token")) {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no token printed; stderr so far: {seen:#?}"));
        if let Some(url) = line.strip_prefix("vigil listening on ") {
            base = Some(url.trim().to_owned());
        }
        if let Some(t) = line.strip_prefix("TOKEN=") {
            token = Some(t.trim().to_owned());
        }
        seen.push(line);
    }
    let (base, token) = (base.unwrap(), token.unwrap());
    assert!(
        seen.iter()
            .any(|l| l.contains("curl") && l.contains("Authorization: Bearer $TOKEN")),
        "{seen:#?}"
    );
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["tid"], TENANT);
    let wids: Vec<&str> = claims["wids"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for role in [
        DirectoryRole::GlobalAdministrator,
        DirectoryRole::ReportsReader,
        DirectoryRole::AttributeLogReader,
    ] {
        assert!(
            wids.contains(&role.template_id().to_string().as_str()),
            "{claims}"
        );
    }

    // `vigil token` against the same data directory mints tokens this server accepts.
    let cli_token = |args: &[&str]| {
        let (ok, stdout, stderr) =
            vigil(&[&["token", "--tenant", TENANT][..], args].concat(), &data);
        assert!(ok, "{stderr}");
        stdout.trim().to_owned()
    };
    let reader = cli_token(&["--user", "megan@contoso.com", "--role", "Reports Reader"]);
    let app = cli_token(&["--app", "2c5c7f5e-0b5a-4c0e-9f3a-1d2e3f4a5b6c"]);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let anonymous = http
            .get(format!("{base}/v1.0/auditLogs/signIns?$top=1"))
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401);
        for (who, bearer) in [("reports reader", &reader), ("app", &app)] {
            let response = http
                .get(format!("{base}/v1.0/auditLogs/directoryAudits?$top=1"))
                .bearer_auth(bearer)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                200,
                "{who}: {}",
                response.text().await.unwrap()
            );
        }
        for path in [
            "/v1.0/auditLogs/signIns?$top=5",
            "/beta/auditLogs/customSecurityAttributeAudits?$top=1",
        ] {
            let response = http
                .get(format!("{base}{path}"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            assert!(status.is_success(), "{path}: {status} {body}");
            assert!(
                !body["value"].as_array().unwrap().is_empty(),
                "{path}: {body}"
            );
        }
    });
}
