#!/usr/bin/env bash
# Runs a command with the external services Vigil's export tests talk to, then stops them:
#
#   scripts/services.sh <command> [args...]
#
# - a Kafka-protocol broker: tansu 0.6.0 (built with its `dynostore` storage feature),
#   on 127.0.0.1:${VIGIL_TANSU_PORT:-19092}, in-memory storage;
# - an Azure Blob emulator: Azurite 3.35.0 (the newest that runs on Node 20), on
#   127.0.0.1:${VIGIL_AZURITE_PORT:-11000}, in-memory (${VIGIL_AZURITE_MEMORY_MB:-512} MB of blob data at most), telemetry off;
# - an S3-protocol server: moto 5.2.5's `moto_server` (PyPI, in the virtualenv below), on
#   127.0.0.1:${VIGIL_S3_PORT:-11002}, in-memory (it accepts any credentials);
# - Debian's Chromium and ChromeDriver for the portal's browser test (apt, when missing), and
#   panva's oidc-provider 9.13.3 (npm) as the OpenID Connect provider the portal signs in
#   with (the test starts it itself: VIGIL_TEST_OIDC_PROVIDER names its install);
# - Python clients for reading back what Vigil wrote (kafka-python, azure-storage-blob,
#   boto3) and Selenium for driving Chromium, in a cached virtualenv named after the hash of tests/services/requirements.txt
#   (so checkouts with different requirements never rebuild each other's).
#
# Everything is installed on first use into ${VIGIL_CACHE:-~/.cache/vigil}/tools (tansu's
# build takes about ten minutes on a cold 2-core machine; later runs reuse the binary).
# The command sees where the services are through VIGIL_TEST_KAFKA, VIGIL_TEST_AZURITE,
# VIGIL_TEST_S3 and VIGIL_TEST_PYTHON, and VIGIL_REQUIRE_SERVICES=1 tells the tests that a
# missing service is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${VIGIL_CACHE:-$HOME/.cache/vigil}
TOOLS=$CACHE/tools
mkdir -p "$TOOLS"
TANSU_PORT=${VIGIL_TANSU_PORT:-19092}
AZURITE_PORT=${VIGIL_AZURITE_PORT:-11000}
S3_PORT=${VIGIL_S3_PORT:-11002}

# ---- install ---------------------------------------------------------------------------
if ! "$TOOLS/bin/tansu" --version 2>/dev/null | grep -q '0\.6\.0'; then
  echo "building tansu 0.6.0 (dynostore) into $TOOLS (about 10 minutes the first time)"
  CARGO_TARGET_DIR=$CACHE/target-tansu cargo install tansu --version 0.6.0 --locked \
    --features dynostore --root "$TOOLS" --quiet
fi
AZURITE=$TOOLS/azurite/node_modules/.bin/azurite-blob
if [ ! -x "$AZURITE" ]; then
  command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
  echo "installing azurite 3.35.0 into $TOOLS/azurite"
  npm install --prefix "$TOOLS/azurite" --no-audit --no-fund --silent azurite@3.35.0
fi
OIDC_PROVIDER=$TOOLS/oidc-provider
if [ ! -f "$OIDC_PROVIDER/node_modules/oidc-provider/package.json" ]; then
  echo "installing oidc-provider 9.13.3 into $OIDC_PROVIDER"
  npm install --prefix "$OIDC_PROVIDER" --no-audit --no-fund --silent oidc-provider@9.13.3
fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "installing Debian's chromium and chromium-driver"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
REQS=$ROOT/tests/services/requirements.txt
want=$(sha256sum "$REQS" | cut -d' ' -f1)
VENV=$CACHE/venv-services-${want:0:12}
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.requirements.sha" 2>/dev/null)" != "$want" ]; then
  echo "installing Python service clients into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQS"
  echo "$want" > "$VENV/.requirements.sha"
fi

# ---- start -----------------------------------------------------------------------------
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port 127.0.0.1:$1 never opened; log follows" >&2
  cat "$2" >&2
  return 1
}

"$TOOLS/bin/tansu" broker --listener-url "tcp://127.0.0.1:$TANSU_PORT" \
  --advertised-listener-url "tcp://127.0.0.1:$TANSU_PORT" \
  --storage-engine memory://tansu/ --silent > "$WORK/tansu.log" 2>&1 &
PIDS+=($!)
# Azurite 3.35 refuses --location together with --inMemoryPersistence; run it in $WORK so
# nothing it might write lands in the checkout.
(cd "$WORK" && exec "$AZURITE" --blobHost 127.0.0.1 --blobPort "$AZURITE_PORT" \
  --inMemoryPersistence --extentMemoryLimit "${VIGIL_AZURITE_MEMORY_MB:-512}" --disableTelemetry --skipApiVersionCheck \
  --silent) > "$WORK/azurite.log" 2>&1 &
PIDS+=($!)
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" > "$WORK/moto.log" 2>&1 &
PIDS+=($!)
wait_port "$TANSU_PORT" "$WORK/tansu.log"
wait_port "$AZURITE_PORT" "$WORK/azurite.log"
wait_port "$S3_PORT" "$WORK/moto.log"

export VIGIL_TEST_KAFKA=127.0.0.1:$TANSU_PORT
export VIGIL_TEST_AZURITE=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1
export VIGIL_TEST_S3=http://127.0.0.1:$S3_PORT
export VIGIL_TEST_PYTHON=$VENV/bin/python
export VIGIL_TEST_TANSU=$TOOLS/bin/tansu
export VIGIL_TEST_OIDC_PROVIDER=$OIDC_PROVIDER
export VIGIL_TEST_CHROMIUM=$(command -v chromium)
export VIGIL_TEST_CHROMEDRIVER=$(command -v chromedriver)
export VIGIL_REQUIRE_SERVICES=1
"$@"
