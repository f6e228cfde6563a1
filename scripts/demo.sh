#!/usr/bin/env bash
# The main job: installs what is missing, builds, and shows an analyst the
# default database (the bundled Sahel dataset, created on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
ag=build/tools/cli/actorgraph
echo
echo "== actorgraph stats"
"$ag" stats
echo
echo "== actorgraph show \"Wagner Group\""
"$ag" show "Wagner Group"
if "$ag" help query >/dev/null 2>&1; then
  echo
  echo "== Who is said to have perpetrated the Moura killings, and who denies it?"
  "$ag" query "MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:Event)
               WHERE e.name STARTS WITH 'Moura' AND r.role = 'perpetrator'
               RETURN a.name AS actor, contested(r) AS contested,
                      [c IN claims(r) WHERE c.stance = 'denies' | c.claimant] AS denied_by"
fi
