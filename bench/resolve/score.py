#!/usr/bin/env python3
"""Precision and recall of `resolve --format json` output against gen.py's truth.

usage: score.py TRUTH.tsv PROPOSALS.jsonl
A proposal is right when it is a truth pair; recall is over the truth pairs.
"""
import json
import sys

truth = set()
for line in open(sys.argv[1]):
    a, b = line.split()
    truth.add(frozenset((a, b)))
proposed = right = 0
for line in open(sys.argv[2]):
    p = json.loads(line)
    proposed += 1
    right += frozenset((p["a"]["id"], p["b"]["id"])) in truth
print("%d truth pairs, %d proposed, %d right: precision %.3f, recall %.3f" %
      (len(truth), proposed, right, right / max(1, proposed), right / max(1, len(truth))))
