#!/usr/bin/env bash
# ctest report.browser_demo: the report a user gets. `zicht demo` runs the whole job on a
# small simulated world, and report_browser_test.mjs opens its index.html from file:// in
# headless Chromium: every chart drawn, no console error, no request off the page. The
# screenshot stays in the artefacts folder.
#
#   run_demo_report_test.sh <zicht> <web dir> <artefacts dir>
set -euo pipefail
zicht=$1 web=$2 artefacts=$3
here=$(cd "$(dirname "$0")" && pwd)

command -v node >/dev/null || { echo "run_demo_report_test: node is not installed (make deps installs nodejs)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "run_demo_report_test: /usr/bin/chromium is missing (make deps installs Debian's chromium)" >&2; exit 1; }
[ -d "$web/node_modules/playwright-core" ] || { echo "run_demo_report_test: $web/node_modules has no playwright-core: run \`npm ci --prefix web\` (make deps does it)" >&2; exit 1; }

mkdir -p "$artefacts"
for lang in en nl; do
  out="$artefacts/demo_$lang"
  "$zicht" demo --out "$out" --scale 0.3 --seed 7 --lang "$lang" > "$out.log"
  ZICHT_WEB_MODULES="$web/node_modules" node "$here/report_browser_test.mjs" \
    "$out/report/index.html" "$artefacts/report_demo_$lang.png" 8
done
