#!/bin/sh
# Before/after check of the import path (issue 17): exports and queries of the
# Sahel demo DB and of a jsonl and an ACLED import (inputs from gen.py in $GEN),
# then a re-import that must change nothing. Compare two OUTDIRs with cmp.
set -e
BIN=$1; OUT=$2; W=$OUT/work
rm -rf $OUT; mkdir -p $W
$BIN --db $W/sahel init --sahel > /dev/null
$BIN --db $W/sahel export -o $OUT/sahel.export.jsonl
$BIN --db $W/sahel query "MATCH (n) RETURN n.id, labels(n), n.name ORDER BY n.id" > $OUT/sahel.q1.txt
$BIN --db $W/sahel query "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id ORDER BY a.id, type(r), b.id" > $OUT/sahel.q2.txt
for f in jsonl acled; do
  $BIN --db $W/$f init --empty > /dev/null
  $BIN --db $W/$f import --format $f $GEN/$f.in > $OUT/$f.import.txt 2>&1
  $BIN --db $W/$f export -o $OUT/$f.export.jsonl
  $BIN --db $W/$f stats > $OUT/$f.stats.txt
  $BIN --db $W/$f query "MATCH (n) WHERE n.name CONTAINS '1234' RETURN n.id, n.name ORDER BY n.id" > $OUT/$f.q1.txt
  $BIN --db $W/$f import --format $f $GEN/$f.in > $OUT/$f.reimport.txt 2>&1
  $BIN --db $W/$f export -o $OUT/$f.export2.jsonl
  cmp $OUT/$f.export.jsonl $OUT/$f.export2.jsonl && echo "$f: re-import changed nothing"
done
