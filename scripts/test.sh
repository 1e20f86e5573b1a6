#!/usr/bin/env bash
# The one test command: formatting, lints, every Rust test (unit, integration, property,
# tidy), a short run of every fuzz target, and the official Microsoft Graph SDK against a
# real Vigil server.
# Works on a brand-new machine: it installs what it needs (Python venvs with msgraph-sdk,
# kafka-python, azure-storage-blob and Selenium, cargo-fuzz, the tansu broker, Azurite,
# Chromium and ChromeDriver, oidc-provider, ESLint), starts
# services on 127.0.0.1 only (scripts/services.sh), and stops them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${VIGIL_CACHE:-$HOME/.cache/vigil}
# The cargo target dir lives outside the checkout so fresh clones reuse earlier builds.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
mkdir -p "$CACHE"

step() { printf '\n==> %s\n' "$*"; }

# A target dir reused by many runs only grows: every changed test binary (~300 MB with debug
# info) and incremental session is kept. One such dir reached 55 GB and filled the disk.
# Drop test binaries and incremental state no run has written for two days; cargo rebuilds
# anything it still needs.
if [ -d "$CARGO_TARGET_DIR/debug" ]; then
  find "$CARGO_TARGET_DIR/debug/incremental" -mindepth 1 -maxdepth 1 -mtime +2 \
    -exec rm -rf {} + 2>/dev/null || true
  find "$CARGO_TARGET_DIR/debug/deps" -maxdepth 1 -type f -perm -u+x ! -name '*.so' \
    -mtime +2 -delete 2>/dev/null || true
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "portal scripts (ESLint)"
"$ROOT/scripts/lint-portal.sh"

step "cargo test (workspace, with a Kafka broker and the Azure Blob emulator on 127.0.0.1)"
"$ROOT/scripts/services.sh" cargo test --workspace --locked

step "fuzz targets (${VIGIL_FUZZ_SECONDS:-20}s each; see fuzz/README.md)"
"$ROOT/scripts/fuzz.sh"

step "Graph SDK compatibility (msgraph-sdk against a real server)"
"$ROOT/scripts/sdk-tests.sh"

echo
echo "all test suites passed"
