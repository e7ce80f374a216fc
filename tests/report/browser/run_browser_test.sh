#!/usr/bin/env bash
# ctest report.browser_sample: report_sample writes a page with one chart of every kind into
# the build tree, and report_browser_test.mjs opens it in headless Chromium.
#
#   run_browser_test.sh <report_sample> <web dir> <artefacts dir>
#
# A missing node, Chromium or web/node_modules fails the test (it does not skip): CI must
# have them, and `make deps` installs them.
set -euo pipefail
sample=$1 web=$2 artefacts=$3
here=$(cd "$(dirname "$0")" && pwd)

command -v node >/dev/null || { echo "run_browser_test: node is not installed (make deps installs nodejs)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "run_browser_test: /usr/bin/chromium is missing (make deps installs Debian's chromium)" >&2; exit 1; }
[ -d "$web/node_modules/playwright-core" ] || { echo "run_browser_test: $web/node_modules has no playwright-core: run \`npm ci --prefix web\` (make deps does it)" >&2; exit 1; }

mkdir -p "$artefacts"
"$sample" "$artefacts/report_sample.html"
ZICHT_WEB_MODULES="$web/node_modules" node "$here/report_browser_test.mjs" \
  "$artefacts/report_sample.html" "$artefacts/report_sample.png" 8
