#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest: once in a
# normal build, once under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
(cd build && ctest --output-on-failure -j2 --timeout 600)
if [ "${AG_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash scripts/build.sh build-asan -DAG_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j2 --timeout 900)
fi
