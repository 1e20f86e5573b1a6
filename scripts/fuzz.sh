#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a short, fixed time and fails if any finds a
# crash (panic, failed assertion), a timeout or an out-of-memory input.
# Works on the stable toolchain: cargo-fuzz is installed (pinned) into the cache when missing.
# Without a sanitizer (the default) cargo-fuzz passes only stable `-C` flags; with one it passes
# `-Zsanitizer=...`, which stable rustc takes only under RUSTC_BOOTSTRAP=1, so that is set then.
#   VIGIL_FUZZ_SECONDS    seconds per target (default 20)
#   VIGIL_FUZZ_SANITIZER  none (default: the crates forbid unsafe code, so speed wins) or address
#   VIGIL_FUZZ_TARGETS    space-separated subset of targets (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${VIGIL_CACHE:-$HOME/.cache/vigil}
CARGO_FUZZ_VERSION=0.13.2
CARGO_FUZZ_ROOT=$CACHE/cargo-fuzz
SECONDS_PER_TARGET=${VIGIL_FUZZ_SECONDS:-20}
SANITIZER=${VIGIL_FUZZ_SANITIZER:-none}
# Outside the checkout, and apart from the main target dir (fuzz builds use other rustc
# flags); one per sanitizer so switching does not throw away the other build.
FUZZ_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}-fuzz
if [ "$SANITIZER" != none ]; then FUZZ_TARGET_DIR=$FUZZ_TARGET_DIR-$SANITIZER; fi
# The corpus libFuzzer grows lives in the cache; fuzz/corpus/<target>/ holds only the seeds.
WORK_CORPUS=$CACHE/fuzz-corpus
TARGETS=${VIGIL_FUZZ_TARGETS:-filter_parser ingest_decode page_token}
export PATH=$CARGO_FUZZ_ROOT/bin:$PATH
if [ "$SANITIZER" != none ]; then export RUSTC_BOOTSTRAP=1; fi
export RUST_BACKTRACE=1 RUST_LIB_BACKTRACE=0 # backtraces for panics, not for cargo-fuzz's errors
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "installing cargo-fuzz $CARGO_FUZZ_VERSION into $CARGO_FUZZ_ROOT"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force \
    --root "$CARGO_FUZZ_ROOT"
fi

echo "checking the seed corpora (cargo test in fuzz/)"
cargo test --quiet --manifest-path "$ROOT/fuzz/Cargo.toml" --target-dir "$FUZZ_TARGET_DIR" --lib

FUZZ_FLAGS=(--sanitizer "$SANITIZER" --target-dir "$FUZZ_TARGET_DIR")
echo "building fuzz targets (sanitizer: $SANITIZER, target dir: $FUZZ_TARGET_DIR)"
(cd "$ROOT/fuzz" && cargo fuzz build "${FUZZ_FLAGS[@]}")

LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
failed=()
for target in $TARGETS; do
  echo "fuzzing $target for ${SECONDS_PER_TARGET}s"
  mkdir -p "$WORK_CORPUS/$target" "$ROOT/fuzz/artifacts/$target"
  touch "$LOGS/$target.start"
  started=$SECONDS
  log=$LOGS/$target.log
  if (cd "$ROOT/fuzz" && cargo fuzz run "${FUZZ_FLAGS[@]}" "$target" \
      "$WORK_CORPUS/$target" "$ROOT/fuzz/corpus/$target" -- \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1) > "$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "  ok: ${runs:-?} executions, ${rate:-?} exec/s, corpus $(ls "$WORK_CORPUS/$target" | wc -l) entries, $((SECONDS - started))s"
  else
    failed+=("$target")
    echo "  FAILED: $target — fuzzer output from the first error:"
    first=$(grep -n -m1 -E 'panicked at|ERROR: libFuzzer|==[0-9]+==ERROR|^error' "$log" | cut -d: -f1 || true)
    tail -n +"${first:-1}" "$log" | head -n 150 | sed 's/^/    /'
    found=$(find "$ROOT/fuzz/artifacts/$target" -type f -newer "$LOGS/$target.start")
    if [ -z "$found" ]; then
      echo "  (no artifact written: the build or the fuzzer itself failed)"
    fi
    for artifact in $found; do
      echo "  artifact: $artifact"
      echo "  input (base64): $(base64 -w0 "$artifact")"
      echo "  reproduce: (cd fuzz && cargo fuzz run ${FUZZ_FLAGS[*]} $target $artifact)"
    done
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}"
  exit 1
fi
echo "fuzz targets ran clean: $TARGETS"
