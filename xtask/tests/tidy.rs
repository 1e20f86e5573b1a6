//! Repository tidiness, checked as part of `cargo test`: module docs, file length, no
//! leftover debugging macros, and an ARCHITECTURE.md that names every crate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    manifest_dir()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "target" && name != "fuzz" && !name.to_string_lossy().starts_with('.') {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    rust_files(&root().join("xtask"), &mut files);
    files.sort();
    files
}

#[test]
fn every_file_starts_with_a_module_doc() {
    let missing: Vec<_> = sources()
        .into_iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap_or_default()
                .trim_start()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` module doc: {missing:#?}"
    );
}

#[test]
fn no_file_is_longer_than_600_lines() {
    let long: Vec<_> = sources()
        .into_iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(&f)
                .unwrap_or_default()
                .lines()
                .count();
            (lines > 600).then_some((f, lines))
        })
        .collect();
    assert!(long.is_empty(), "split these files by concern: {long:#?}");
}

#[test]
fn no_debugging_leftovers() {
    let needles = [
        concat!("todo", "!("),
        concat!("dbg", "!("),
        concat!("unimplemented", "!("),
    ];
    let found: Vec<_> = sources()
        .into_iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            needles.iter().any(|n| text.contains(n))
        })
        .collect();
    assert!(
        found.is_empty(),
        "remove todo!/dbg!/unimplemented! from: {found:#?}"
    );
}

#[test]
fn architecture_names_every_crate() {
    let architecture = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
    let mut missing = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root().join("crates")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !architecture.contains(&format!("`{name}`")) {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's code map lacks: {missing:?}"
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
