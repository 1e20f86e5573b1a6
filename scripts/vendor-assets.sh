#!/usr/bin/env bash
# Checks (or, with --update, refreshes) the portal's vendored third-party assets against the
# npm registry's tarballs: the files committed under crates/vigil-portal/assets/vendor must
# be byte-identical to the published package. Needs npm; not part of the build.
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=crates/vigil-portal/assets/vendor
CHARTJS_VERSION=4.6.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "chart.js@$CHARTJS_VERSION" >/dev/null && tar xzf chart.js-*.tgz)
if [ "${1:-}" = "--update" ]; then
  cp "$work/package/dist/chart.umd.min.js" "$VENDOR/chart.umd.min.js"
  cp "$work/package/LICENSE.md" "$VENDOR/chart.js-LICENSE.md"
  echo "updated Chart.js $CHARTJS_VERSION"
fi
cmp "$work/package/dist/chart.umd.min.js" "$VENDOR/chart.umd.min.js"
cmp "$work/package/LICENSE.md" "$VENDOR/chart.js-LICENSE.md"
echo "vendored Chart.js $CHARTJS_VERSION matches npm"
