#!/usr/bin/env bash
# ctest report.browser_demo: the report a user gets. `zicht demo` runs the whole job on a
# small simulated world, and report_browser_test.mjs opens its index.html from file:// in
# headless Chromium: every chart drawn, no console error, no request off the page, the
# overlap of sources readable at 1280 and 800 px; the English page shows the English markers
# of english_markers.txt and the Dutch page none of them. The screenshot stays in the
# artefacts folder.
#
#   run_demo_report_test.sh <zicht> <web dir> <artefacts dir>
set -euo pipefail
zicht=$1 web=$2 artefacts=$3
here=$(cd "$(dirname "$0")" && pwd)

. "$here/browser_prerequisites.sh"

mkdir -p "$artefacts"
for lang in en nl; do
  out="$artefacts/demo_$lang"
  markers=--english
  [ "$lang" = nl ] && markers=--no-english
  rm -rf "$out"  # this test's own output of an earlier run: zicht demo never replaces it
  "$zicht" demo --out "$out" --scale 0.3 --seed 7 --lang "$lang" > "$out.log"
  ZICHT_WEB_MODULES="$web/node_modules" node "$here/report_browser_test.mjs" \
    "$out/report/index.html" "$artefacts/report_demo_$lang.png" 8 "$markers" "$here/english_markers.txt"
done
