#!/usr/bin/env bash
# Regenerates the pictures in docs/ from the bundled Sahel dataset:
#   docs/moura.svg (+ .png)       link chart of the Moura killings: the event, its
#                                 participants, its place and the sources that report it
#   docs/wagner-timeline.svg      Wagner Group's relationships and events over time
# Uses build/tools/cli/actorgraph (building it when missing; AG_BIN overrides) and a
# throw-away database, so the default database is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ag=${AG_BIN:-build/tools/cli/actorgraph}
[ -x "$ag" ] || bash scripts/build.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=(--quiet --db "$tmp/db")
"$ag" "${db[@]}" init --sahel

# The Moura event, who took part, where, and the reports and statements about it.
moura_ids=moura-killings-2022,moura
moura_ids+=,fama,wagner-group,jihadist-groups-mali,human-rights-watch,minusma
moura_ids+=,doc-nyt-2022-moura,doc-hrw-2022-04-05,doc-us-state-dept-2022-04
moura_ids+=,doc-fama-2022-04-04,doc-konfourou-2022-04-07,doc-minusma-wane-2022-04-07
title="The Moura killings (March 2022): participants, place and sources"
for ext in svg png; do
  "$ag" "${db[@]}" draw --ids "$moura_ids" --title "$title" -o "docs/moura.$ext"
done

"$ag" "${db[@]}" timeline wagner-group -o docs/wagner-timeline.svg
echo "wrote docs/moura.svg docs/moura.png docs/wagner-timeline.svg"
