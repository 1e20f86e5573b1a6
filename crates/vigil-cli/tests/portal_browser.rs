//! The portal in a real browser: `vigil serve --demo` (the real binary) and headless
//! Chromium driven through ChromeDriver by Selenium (`tests/browser/portal_walk.py`): signing
//! in, each log, two filters, columns, a detail tab, a CSV download checked row by row
//! against the API, usage & insights, Identity Protection, My sign-ins with "this wasn't
//! me", a narrow window, and no console errors. Screenshots land in
//! `$VIGIL_ARTIFACTS_DIR/portal` (default: this crate's target tmp dir).
//!
//! Needs `scripts/services.sh` (it installs Chromium, ChromeDriver and Selenium and sets
//! `VIGIL_TEST_PYTHON`); without it the test is skipped unless `VIGIL_REQUIRE_SERVICES=1`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

#[path = "support/process.rs"]
#[allow(dead_code)] // reason: shared with the crash tests, which use all of it
mod process;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use process::{free_port, start};

/// Whether `GET /healthz` answers 200 (the port is bound before the demo data is loaded,
/// so a connection alone proves nothing).
fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}

fn python() -> Option<String> {
    match std::env::var("VIGIL_TEST_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            assert!(
                std::env::var("VIGIL_REQUIRE_SERVICES").as_deref() != Ok("1"),
                "VIGIL_REQUIRE_SERVICES=1 but VIGIL_TEST_PYTHON is not set"
            );
            None
        }
    }
}

/// A child process killed when dropped, so a failed assertion leaves nothing running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `vigil serve --demo` on `port` with `extra` flags over `dir`, once it answers.
fn demo_server_on(dir: &Path, port: u16, extra: &[&str]) -> Running {
    let mut flags = vec!["--demo"];
    flags.extend_from_slice(extra);
    let mut server = Running(start(dir, port, &flags));
    let deadline = Instant::now() + Duration::from_secs(600);
    while !healthy(port) {
        assert!(
            Instant::now() < deadline,
            "vigil serve --demo never became ready"
        );
        assert!(
            server.0.try_wait().unwrap().is_none(),
            "vigil serve --demo exited early"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    server
}

/// Where the screenshots of `name` go (emptied first).
fn artifacts(name: &str) -> PathBuf {
    let dir = std::env::var_os("VIGIL_ARTIFACTS_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")), PathBuf::from)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn browser_dir() -> PathBuf {
    manifest_dir().join("../../tests/browser")
}

/// Runs `tests/browser/<script>` against `port`; asserts it printed `ok_line`.
fn walk(python: &str, script: &str, port: u16, out: &Path, ok_line: &str) {
    let output = Command::new(python)
        .arg(browser_dir().join(script))
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success() && stdout.contains(ok_line),
        "{script} failed (screenshots in {}):\n{stdout}\n{}",
        out.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_portal_works_in_headless_chromium() {
    let Some(python) = python() else {
        eprintln!("skipping: run under scripts/services.sh for the browser test");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _server = demo_server_on(dir.path(), port, &[]);
    let out = artifacts("portal");
    walk(
        &python,
        "portal_walk.py",
        port,
        &out,
        "ok: portal walk passed",
    );
}

/// Signing in through a real OpenID Connect provider (authorization code + PKCE, which the
/// provider requires of the portal's public client), then reading a log with its token.
#[test]
fn the_portal_signs_in_with_openid_connect() {
    let Some(python) = python() else {
        eprintln!("skipping: run under scripts/services.sh for the browser test");
        return;
    };
    let Some(provider_dir) = std::env::var_os("VIGIL_TEST_OIDC_PROVIDER") else {
        panic!("VIGIL_TEST_OIDC_PROVIDER is not set (scripts/services.sh sets it)");
    };
    let tenant = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    let idp_port = free_port();
    let vigil_port = free_port();
    let issuer = format!("http://127.0.0.1:{idp_port}");
    let _provider = Running(
        Command::new("node")
            .arg(browser_dir().join("oidc_provider.mjs"))
            .arg(idp_port.to_string())
            .arg(tenant)
            .arg(format!(
                "http://127.0.0.1:{vigil_port}/portal/auth/callback"
            ))
            .arg("api://vigil")
            .arg(provider_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", idp_port)).is_err() {
        assert!(Instant::now() < deadline, "oidc-provider never listened");
        std::thread::sleep(Duration::from_millis(100));
    }
    let dir = tempfile::tempdir().unwrap();
    let trust = format!("{tenant}={issuer},aud=api://vigil");
    let _server = demo_server_on(
        dir.path(),
        vigil_port,
        &[
            "--trust-issuer",
            &trust,
            "--portal-issuer",
            &issuer,
            "--portal-client-id",
            "vigil-portal",
            "--portal-scopes",
            "AuditLog.Read.All",
        ],
    );
    let out = artifacts("portal-oidc");
    walk(
        &python,
        "oidc_walk.py",
        vigil_port,
        &out,
        "ok: oidc sign-in passed",
    );
}

/// This package's directory. Cargo sets `CARGO_MANIFEST_DIR` when it runs a test; the
/// compile-time value can name another checkout when a shared target directory is reused.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        std::path::PathBuf::from,
    )
}
