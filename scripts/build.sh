#!/usr/bin/env bash
# Configures and builds actorgraph into build/ (or $1), two jobs at a time.
# Extra arguments go to CMake (e.g. -DAG_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAG_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"${AG_JOBS:-2}"
