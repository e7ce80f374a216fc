#!/usr/bin/env bash
# A small coverage run (label `slow`): bench/coverage on six simulated worlds of the
# `independent` scenario, whose lists meet every assumption of the default method (the
# AIC-weighted average of log-linear models). The truth is each world's own number of
# victims (world.json), never the program's output. Bounds, from the 100-world run in
# docs/methods.md (coverage 0.99, median estimate / truth 1.00, RMSE / truth 0.09):
# - at least 4 of the 6 intervals hold the truth: with an honest 95% interval, 3 or fewer
#   happen with probability 0.002;
# - the median of estimate / truth lies within 0.85 to 1.15: the median of six ratios
#   whose spread is 0.09 has a standard error near 0.05, so this is three standard errors.
# Usage: coverage_small_test.sh ZICHT_BINARY BENCH_COVERAGE_SCRIPT
set -euo pipefail
zicht=$1
coverage=$2
out=$(COVARIATE_BOOTSTRAP=50 bash "$coverage" "$zicht" 6 2019 independent)
echo "$out"
line=$(grep -E '^average \(AIC\) ' <<< "$out") || { echo "FAIL: no row for the default method"; exit 1; }
read -r estimates median coverage <<< "$(awk '{print $3, $4, $7}' <<< "$line")"
python3 - "$estimates" "$median" "$coverage" <<'PY'
import sys
estimates, median, coverage = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
failures = []
if estimates != 6:
    failures.append(f"{estimates} of 6 worlds gave an estimate")
if round(coverage * estimates) < 4:
    failures.append(f"the interval held the truth in {round(coverage * estimates)} of 6 worlds")
if not 0.85 <= median <= 1.15:
    failures.append(f"median estimate / truth {median:.3f} outside 0.85 to 1.15")
for failure in failures:
    print("FAIL:", failure)
sys.exit(1 if failures else 0)
PY
echo "PASS: the default covers and is unbiased on independent lists"
