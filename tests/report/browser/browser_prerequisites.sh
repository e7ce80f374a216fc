# Sourced by the browser tests: fails (never skips) when node, Debian's Chromium or the
# pinned node modules are missing, saying what to install. Needs $web set to web/.
command -v node >/dev/null || { echo "$(basename "$0"): node is not installed (make deps installs nodejs)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "$(basename "$0"): /usr/bin/chromium is missing (make deps installs Debian's chromium)" >&2; exit 1; }
[ -d "$web/node_modules/playwright-core" ] || { echo "$(basename "$0"): $web/node_modules has no playwright-core: run \`npm ci --prefix web\` (make deps does it)" >&2; exit 1; }
