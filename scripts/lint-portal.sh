#!/usr/bin/env bash
# Lints the portal's JavaScript with ESLint 9 (installed once from npm into the tools cache;
# the portal itself needs no Node toolchain to build or run).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${VIGIL_CACHE:-$HOME/.cache/vigil}/tools/eslint
if [ ! -x "$TOOLS/node_modules/.bin/eslint" ]; then
  command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
  echo "installing eslint 9.39.1 into $TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent eslint@9.39.1 globals@15.15.0
fi
cd crates/vigil-portal
VIGIL_ESLINT_TOOLS=$TOOLS "$TOOLS/node_modules/.bin/eslint" --max-warnings 0 assets/js
echo "portal scripts lint clean"
