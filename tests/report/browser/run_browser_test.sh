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

. "$here/browser_prerequisites.sh"

mkdir -p "$artefacts"
"$sample" "$artefacts/report_sample.html"
ZICHT_WEB_MODULES="$web/node_modules" node "$here/report_browser_test.mjs" \
  "$artefacts/report_sample.html" "$artefacts/report_sample.png" 9
