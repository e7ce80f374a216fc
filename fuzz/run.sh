#!/usr/bin/env bash
# Runs each fuzzer for SECONDS seconds on a copy of its seed corpus in a temporary folder
# (the repository is never written to). Fails if any fuzzer finds a crash, a leak, a
# timeout or a broken invariant; the input that did it is kept in BUILD_DIR/fuzz-findings/.
#
#   fuzz/run.sh BUILD_DIR SECONDS [FUZZER...]     e.g. fuzz/run.sh build/fuzz 60
#
# FUZZER names a subset (csv_reader, mapping); all of them by default.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [FUZZER...]" >&2
  exit 64
fi
build_dir=$(cd "$1" && pwd)
seconds=$2
shift 2
fuzzers=("$@")
if [[ ${#fuzzers[@]} -eq 0 ]]; then fuzzers=(csv_reader mapping); fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
findings="$build_dir/fuzz-findings"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=()
for name in "${fuzzers[@]}"; do
  binary=""
  for candidate in "$build_dir/fuzz/fuzz_$name" "$build_dir/fuzz_$name"; do
    if [[ -x $candidate ]]; then binary=$candidate; break; fi
  done
  if [[ -z $binary ]]; then
    echo "fuzz_$name: not built in $build_dir (cmake --build $build_dir --target fuzz_$name)" >&2
    failed+=("$name")
    continue
  fi
  corpus="$work/$name/corpus"
  artifacts="$work/$name/artifacts"
  mkdir -p "$corpus" "$artifacts"
  cp -R "$here/corpus/$name/." "$corpus/"
  dict=()
  if [[ -f $here/$name.dict ]]; then dict=(-dict="$here/$name.dict"); fi

  echo "== fuzz_$name for ${seconds}s"
  status=0
  "$binary" "$corpus" "${dict[@]}" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$work/$name/log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$work/$name/log" || true
  if [[ $status -ne 0 ]] || compgen -G "$artifacts/*" >/dev/null; then
    mkdir -p "$findings/$name"
    cp -R "$artifacts/." "$findings/$name/" 2>/dev/null || true
    cp "$work/$name/log" "$findings/$name/log"
    echo "fuzz_$name FAILED (exit $status); log and inputs in $findings/$name/" >&2
    grep -E -A 12 '^==[0-9]+==ERROR|invariant broken|^SUMMARY' "$work/$name/log" | head -40 >&2 || true
    failed+=("$name")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzers failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzers passed: ${fuzzers[*]}"
