#!/bin/sh
# Resolve on N synthetic entities: generate, load, resolve (timed), score.
# usage: bench/resolve/run.sh [N] [ACTORGRAPH]   (defaults: 100000, build/tools/cli/actorgraph)
set -e
N=${1:-100000}
AG=${2:-build/tools/cli/actorgraph}
DIR=$(mktemp -d /tmp/resolve-bench.XXXXXX)
HERE=$(dirname "$0")
python3 "$HERE/gen.py" "$N" "$DIR/data.jsonl" "$DIR/truth.tsv"
"$AG" --db "$DIR/db" load "$DIR/data.jsonl" >/dev/null
/usr/bin/time -f "resolve: %e s wall, %M KB peak RSS" \
  "$AG" --db "$DIR/db" resolve --limit 0 --stats --format json >"$DIR/proposals.jsonl"
python3 "$HERE/score.py" "$DIR/truth.tsv" "$DIR/proposals.jsonl"
rm -rf "$DIR"
