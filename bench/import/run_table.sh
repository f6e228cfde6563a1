#!/bin/sh
# Runs import_bench once per format and size, each in its own process (so the
# peak RSS is that format's), and prints one markdown table.
#   bench/import/run_table.sh [BUILD_DIR] [SIZES] [FORMATS]
# e.g. bench/import/run_table.sh build "200000 1000000" "jsonl acled bulk"
set -e
build=${1:-build}
# AG_BLOCK_CACHE_MB caps RocksDB's block cache (import_bench --block-cache-mb; default 512).
sizes=${2:-"200000 1000000"}
formats=${3:-"jsonl acled bulk"}
echo "| format | records | seconds | records/s | CPU s | spills | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|"
for n in $sizes; do
  for f in $formats; do
    "$build/bench/import/import_bench" --records "$n" --formats "$f" --dir "${TMPDIR:-/tmp}/import-bench.$$" ${AG_BLOCK_CACHE_MB:+--block-cache-mb "$AG_BLOCK_CACHE_MB"} |
      awk -v f="$f" '$1 == f { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $7, $8 }'
  done
done
