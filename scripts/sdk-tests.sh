#!/usr/bin/env bash
# Runs the official Microsoft Graph Python SDK (msgraph-sdk) against a real Vigil server
# loaded with demo data. Installs the SDK into a cached virtualenv on first use, starts the
# server on a free 127.0.0.1 port with a throwaway data directory, and stops it on exit.
# Every read needs a bearer token: once the server is up (it writes its issuer string to
# <data-dir>/auth/issuer), `vigil token` mints them from the same data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${VIGIL_CACHE:-$HOME/.cache/vigil}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}
VENV=$CACHE/venv-sdk
REQS=$ROOT/tests/clients/requirements.txt
STAMP=$VENV/.requirements.sha

want=$(sha256sum "$REQS" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "installing Python test clients into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQS"
  echo "$want" > "$STAMP"
fi

cargo build --locked --bin vigil
VIGIL=$CARGO_TARGET_DIR/debug/vigil

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

TENANT=4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f   # the demo tenant (vigil demo's default)
PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$VIGIL" demo --days 7 --seed 7 --data-dir "$WORK/data" > "$WORK/demo.log"
"$VIGIL" serve --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# Tokens from Vigil's built-in issuer; `vigil token` prints only the JWT on stdout.
VIGIL_TOKEN=$("$VIGIL" token --data-dir "$WORK/data" --tenant "$TENANT" \
  --user admin@contoso.com --role "Global Administrator" --role "Attribute Log Reader")
VIGIL_TOKEN_NO_ROLE=$("$VIGIL" token --data-dir "$WORK/data" --tenant "$TENANT" \
  --user nobody@contoso.com)
export VIGIL_TOKEN VIGIL_TOKEN_NO_ROLE
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VIGIL_TOKEN" \
  "http://127.0.0.1:$PORT/v1.0/auditLogs/signIns?\$top=1")
[ "$status" = 200 ] || { echo "the admin token was refused ($status)"; tail -50 "$WORK/server.log"; exit 1; }

VIGIL_URL="http://127.0.0.1:$PORT" "$VENV/bin/python" -m pytest -q "$ROOT/tests/clients" || {
  echo "--- server log ---"; tail -50 "$WORK/server.log"; exit 1; }
