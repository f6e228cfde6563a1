#!/usr/bin/env bash
# The differential test of the pattern-matching core (tests/query/
# differential_test.cc) with many more random graphs than CI runs.
#   bench/differential/run.sh [CASES] [BUILD_DIR]     (defaults: 5000, build)
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=${1:-5000}
build=${2:-build}
cmake --build "$build" -j2 --target query_tests >/dev/null
time AG_DIFF_CASES="$cases" "$build/tests/query_tests" --gtest_filter='DifferentialTest.*'
