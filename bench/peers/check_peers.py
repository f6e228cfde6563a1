#!/usr/bin/env python3
"""ctest bench_peers_check: ag_bench_peers against SQLite on a tiny dataset.

Generates the peers benchmark's data (../shared/peers/gen.py) at a small scale
factor, runs ag_bench_peers on it (bulk load, then Q1-Q10 once), and runs
every query's own SQL (queries.json) on the same CSVs in SQLite through
Python's sqlite3 module, loaded as ../shared/peers/sqlite_run.mjs loads them.
Each query must give the same row count and the same order-independent
checksum (common.mjs's: sorted tab-joined rows, SHA-256, 16 hex digits) on
both sides. Exits 77 (ctest: skipped) when the peers folder is absent.

usage: check_peers.py RUNNER PEERS_DIR [SF]
"""
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

SKIP = 77


def canon(v):
    """common.mjs's canon(): NULL -> '', numbers in decimal, text as it is."""
    if v is None:
        return ''
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # JavaScript's String(3.0) is "3"
    return str(v)


def checksum(rows):
    lines = sorted('\t'.join(canon(v) for v in r) for r in rows)
    return hashlib.sha256('\n'.join(lines).encode()).hexdigest()[:16]


def sqlite_db(data):
    """The generated CSVs in an in-memory SQLite database, laid out as
    sqlite_run.mjs lays them out: a table per label, one edge table."""
    with open(os.path.join(data, 'schema.json')) as f:
        schema = json.load(f)
    db = sqlite3.connect(':memory:')
    db.execute('CREATE TABLE edge(type TEXT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL,'
               ' valid_from TEXT, valid_to TEXT, share REAL, role TEXT)')
    sql_type = {'INT64': 'INTEGER', 'DOUBLE': 'REAL', 'STRING': 'TEXT', 'DATE': 'TEXT'}

    def rows(csv, columns):
        conv = [int if t == 'INT64' else float if t == 'DOUBLE' else str for _, t in columns]
        with open(os.path.join(data, csv), encoding='utf-8') as f:
            next(f)
            for line in f:
                line = line.rstrip('\n')
                if line:
                    yield [None if v == '' else c(v) for v, c in zip(line.split(','), conv)]

    for n in schema['nodes']:
        defs = [f"{c} {sql_type[t] if i else 'INTEGER PRIMARY KEY'}"
                for i, (c, t) in enumerate(n['columns'])]
        db.execute(f"CREATE TABLE {n['label']}({', '.join(defs)})")
        db.executemany(f"INSERT INTO {n['label']} VALUES ({', '.join('?' * len(n['columns']))})",
                       rows(n['file'], n['columns']))
    for r in schema['rels']:
        names = [c for c, _ in r['columns']]
        db.executemany(f"INSERT INTO edge(type, {', '.join(names)}) "
                       f"VALUES ('{r['type']}', {', '.join('?' * len(names))})",
                       rows(r['file'], r['columns']))
    return db


def sqlite_answers(data):
    with open(os.path.join(data, 'queries.json')) as f:
        queries = json.load(f)['queries']
    db = sqlite_db(data)
    out = {}
    for q in queries:
        got = db.execute(q['sql'], q['params']).fetchall()
        out[q['id']] = (len(got), checksum(got))
    return out


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    runner, peers = sys.argv[1], sys.argv[2]
    sf = sys.argv[3] if len(sys.argv) > 3 else '0.02'
    if not os.path.isfile(os.path.join(peers, 'gen.py')):
        print(f'skipped: no peers benchmark at {peers} (../shared/peers)')
        return SKIP
    with tempfile.TemporaryDirectory(prefix='ag-peers-') as tmp:
        data = os.path.join(tmp, 'data')
        subprocess.run([sys.executable, os.path.join(peers, 'gen.py'), '--sf', sf, '--seed', '42',
                        '--out', data], check=True, stdout=subprocess.DEVNULL)
        ran = subprocess.run([runner, data, os.path.join(tmp, 'db'), '1'], check=True,
                             stdout=subprocess.PIPE, text=True)
        ours = {}
        metrics = set()
        for line in ran.stdout.splitlines():
            j = json.loads(line)
            if 'metric' in j:
                metrics.add(j['metric'])
            elif 'query' in j:
                ours[j['query']] = j
        want = sqlite_answers(data)
    failures = []
    if not {'load_ms', 'db_bytes'} <= metrics:
        failures.append(f'missing load metrics: {sorted(metrics)}')
    for qid, (rows, sum_) in want.items():
        j = ours.get(qid)
        if j is None:
            failures.append(f'{qid}: no line from ag_bench_peers')
        elif j.get('rows') != rows or j.get('checksum') != sum_:
            failures.append(f"{qid}: actorgraph {j.get('rows')} rows {j.get('checksum')} "
                            f"{j.get('error', '')}; sqlite {rows} rows {sum_}")
        elif 'error' in j and rows:
            failures.append(f"{qid}: {j['error']}")
        else:
            print(f'{qid}: {rows} rows, checksum {sum_}: same as SQLite')
    if all(r == 0 for r, _ in want.values()):
        failures.append('every query is empty: the check proves nothing')
    for f in failures:
        print('FAIL', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
