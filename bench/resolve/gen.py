#!/usr/bin/env python3
"""Synthetic entities for the resolve benchmark (native JSONL).

Persons, organisations, places and events with names built from syllables (so
most words are rare, as in real lists) and common given names (so some are
not). A share of them get a second record written the way another source would
(surname first, a transliteration variant, a dropped middle name, a quoted form
for companies), with the same birth year: the truth file lists those pairs.

usage: gen.py N OUT.jsonl TRUTH.tsv [--seed S] [--dup 0.1]
"""
import json
import random
import sys

args = sys.argv[1:]
seed = 7
dup = 0.1
if "--seed" in args:
    i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
if "--dup" in args:
    i = args.index("--dup"); dup = float(args[i + 1]); del args[i:i + 2]
n, out_path, truth_path = int(args[0]), args[1], args[2]
rnd = random.Random(seed)

SYL = ["ka", "ri", "mo", "sa", "li", "to", "na", "bu", "de", "ha", "ma", "zo", "ku", "fa",
       "ne", "gi", "lo", "ta", "ra", "vi", "du", "se", "pa", "mi", "ko", "yu", "be", "dja",
       "ou", "ch", "sh", "kh", "al", "ib", "ra", "em", "an", "ol", "ev", "ish"]
GIVEN = ["Mohamed", "Ahmed", "Ali", "Abdul", "Hassan", "Ibrahim", "Amadou", "Moussa",
         "Ousmane", "Fatima", "Aisha", "Yevgeny", "Dmitry", "Sergei", "Olga", "Ivan",
         "John", "Maria", "Omar", "Youssef", "Kim", "Li", "Wei", "Abu", "Salim"]
GENERIC = ["Trading", "Group", "LLC", "Company", "Holding", "OOO", "Limited",
           "International", "Services"]
VARIANTS = [("ou", "u"), ("kh", "h"), ("y", "i"), ("sh", "ch"), ("ee", "i"), ("a", "e")]


def word(k=None):
    k = k or rnd.randint(2, 3)
    return "".join(rnd.choice(SYL) for _ in range(k)).capitalize()


def variant(w):
    for a, b in rnd.sample(VARIANTS, len(VARIANTS)):
        if a in w.lower():
            return w.lower().replace(a, b, 1).capitalize()
    return w


records, truth = [], []
n_person, n_org, n_place = int(n * 0.5), int(n * 0.3), int(n * 0.05)
n_event = n - n_person - n_org - n_place
i = 0
while len(records) < n_person:
    given, middle, surname = rnd.choice(GIVEN), word(), word(3)
    year = rnd.randint(1940, 2000)
    rid = "p%d" % i; i += 1
    records.append({"kind": "node", "id": rid, "labels": ["Person"],
                    "name": "%s %s %s" % (given, middle, surname),
                    "props": {"birth_date": str(year), "gender": rnd.choice(["Male", "Female"])}})
    if rnd.random() < dup:
        did = "src2:%s" % rid
        form = rnd.choice(["%s, %s %s" % (surname.upper(), given, middle),
                           "%s %s" % (given, variant(surname)),
                           "%s %s %s" % (given, variant(middle), surname)])
        records.append({"kind": "node", "id": did, "labels": ["Person"], "name": form,
                        "props": {"birth_date": "%d-01-01" % year}})
        truth.append((rid, did))
while len(records) < n_person + n_org:
    core = word(3) + (" " + word() if rnd.random() < 0.5 else "")
    rid = "o%d" % i; i += 1
    records.append({"kind": "node", "id": rid, "labels": ["Company"],
                    "name": "%s %s" % (core, rnd.choice(GENERIC))})
    if rnd.random() < dup:
        did = "src2:%s" % rid
        records.append({"kind": "node", "id": did, "labels": ["Company"],
                        "name": "%s '%s'" % (rnd.choice(GENERIC).upper(), core.upper())})
        truth.append((rid, did))
places = []
while len(records) < n_person + n_org + n_place:
    rid = "l%d" % i; i += 1
    places.append(rid)
    records.append({"kind": "node", "id": rid, "labels": ["Location"], "name": word(3),
                    "props": {"country": "Mali", "lat": rnd.uniform(10, 25),
                              "lon": rnd.uniform(-12, 4)}})
rels = []
while len(records) < n:
    rid = "e%d" % i; i += 1
    place = rnd.choice(places)
    date = "20%02d-%02d-%02d" % (rnd.randint(10, 23), rnd.randint(1, 12), rnd.randint(1, 28))
    records.append({"kind": "node", "id": rid, "labels": ["Event"],
                    "name": "Battles in %s" % place, "props": {"date": date}})
    rels.append({"kind": "rel", "type": "OCCURRED_AT", "src": rid, "dst": place})
with open(out_path, "w") as f:
    for r in records + rels:
        f.write(json.dumps(r) + "\n")
with open(truth_path, "w") as f:
    for a, b in truth:
        f.write("%s\t%s\n" % (a, b))
print("%d records, %d duplicate pairs" % (len(records), len(truth)), file=sys.stderr)
