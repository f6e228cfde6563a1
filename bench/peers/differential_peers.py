#!/usr/bin/env python3
"""ctest peers_differential: random statements, actorgraph against SQLite.

Generates the peers benchmark's network at a small scale factor
(../shared/peers/gen.py), bulk-loads it with ag_bench_peers under a tiny sort
budget (so that the loader spills and merges runs, as at sf 10), and runs
random statements from twenty shapes (counts over labels, types, directions
and valid time; grouped top-k; two-hop counts with relationship uniqueness;
EXISTS; UNION; OPTIONAL MATCH; ownership trails; shortest paths; ORDER BY with
nulls; date parts; property predicates) through `actorgraph shell`, each
against the same question in SQL over the same CSVs. Every statement also
runs a second time in the same shell (the plan cache answers it), once with
the adjacency cache off, and once on the same network exported as native JSON
lines and loaded again in staged batches (the import path). Then three
writes change that copy (relationships deleted, a property set, nodes
detach-deleted), made in SQLite too: the copy must answer as the changed
SQLite now, and as the original as of transaction 1 (--txn 1, transaction
time). All six must agree with SQLite. These are the
paths the speed work added (count store, top-k in the aggregation, node-group
arrays, the adjacency snapshot, the plan cache, toInteger(v.id) from the
snapshot), where a wrong answer would not show in the fixed Q1-Q10.

The engine's intervals are closed-open: the loader stores the benchmark's
inclusive valid_to as the day after, so `r.valid_to > d` here is SQL's
`valid_to >= d`.

Exits 77 (ctest: skipped) when the peers folder is absent.

usage: differential_peers.py CLI RUNNER PEERS_DIR [STATEMENTS [SEED [SF]]]
(defaults 300, 1, 0.05; the seed picks the network and the statements)
"""
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_peers import SKIP, sqlite_db  # noqa: E402

DATES = ['2012-06-01', '2015-01-01', '2018-03-15', '2020-12-31', '2023-07-01', '2025-01-01']


class Shapes:
    """Random (Cypher, SQL, ordered) triples over one generated network."""

    def __init__(self, db, schema, rng):
        self.db, self.rng = db, rng
        self.columns = {n['label']: dict(n['columns']) for n in schema['nodes']}
        self.labels = sorted(self.columns)
        self.triples = sorted({(r['type'], r['from'], r['to']) for r in schema['rels']})
        self.types = sorted({t for t, _, _ in self.triples})
        self.ids = {l: [r[0] for r in db.execute(f'SELECT id FROM {l} ORDER BY id')] for l in self.labels}
        self.shapes = [getattr(self, m) for m in sorted(dir(self)) if m.startswith('shape_')]

    def one(self):
        while True:
            made = self.rng.choice(self.shapes)()
            if made:
                return made

    def pick(self, seq):
        return self.rng.choice(seq)

    def shape_count_labels_types_valid_time(self):
        t, l1, l2 = self.pick(self.triples)
        la, lb, d = self.pick([l1, '']), self.pick([l2, '']), self.pick(DATES)
        filt = self.pick(['', f"r.valid_from >= date('{d}')", 'r.valid_to IS NULL',
                          f"r.valid_from <= date('{d}') AND (r.valid_to IS NULL OR r.valid_to > date('{d}'))"])
        sfilt = (filt.replace('r.', 'e.').replace(f"date('{d}')", f"'{d}'")
                 .replace("e.valid_to > '", "e.valid_to >= '"))
        a, b = f"(a{':' + la if la else ''})", f"(b{':' + lb if lb else ''})"
        pattern = self.pick([f'{a}-[r:{t}]->{b}', f'{b}<-[r:{t}]-{a}'])
        cy = f'MATCH {pattern}' + (f' WHERE {filt}' if filt else '') + ' RETURN count(*) AS c'
        sql = (f"SELECT count(*) FROM (SELECT e.src AS a, e.dst AS b FROM edge e WHERE e.type = '{t}'" +
               (f' AND {sfilt}' if sfilt else '') + ') x ' +
               (f'JOIN {la} la ON la.id = x.a ' if la else '') + (f'JOIN {lb} lb ON lb.id = x.b' if lb else ''))
        return cy, sql, False

    def shape_grouped_top_k(self):
        t, l1, _ = self.pick(self.triples)
        agg, sagg = self.pick([('count(*)', 'count(*)'), ('count(DISTINCT b)', 'count(DISTINCT e.dst)'),
                               ('min(r.valid_from)', 'min(e.valid_from)'), ('max(r.valid_from)', 'max(e.valid_from)'),
                               ('size(collect(b.id))', 'count(*)')])
        order = self.pick(['c DESC, id', 'c, id', 'id DESC', 'id', 'c DESC, id DESC'])
        limit, skip = self.pick([1, 3, 10, 50]), self.pick([0, 0, 2])
        cy = (f'MATCH (a:{l1})-[r:{t}]->(b) RETURN a.id AS id, {agg} AS c ORDER BY {order}' +
              (f' SKIP {skip}' if skip else '') + f' LIMIT {limit}')
        sql = (f"SELECT CAST(x.id AS TEXT) AS id, x.c AS c FROM (SELECT e.src AS id, {sagg} AS c FROM edge e "
               f"JOIN {l1} a ON a.id = e.src WHERE e.type = '{t}' GROUP BY e.src) x "
               f"ORDER BY {order.replace('id', 'CAST(x.id AS TEXT)')} LIMIT {limit} OFFSET {skip}")
        return cy, sql, True

    def shape_two_hops(self):
        t, l1, _ = self.pick(self.triples)
        x, t2 = self.pick(self.ids[l1]), self.pick(self.types)
        hop1 = (f"SELECT dst AS m, rowid AS rid FROM edge WHERE src = {x} AND type = '{t}' "
                f"UNION ALL SELECT src, rowid FROM edge WHERE dst = {x} AND type = '{t}'")
        hop2 = (f"SELECT e.dst AS y, e.rowid AS r2, n1.rid AS r1 FROM n1 JOIN edge e ON e.src = n1.m AND e.type = '{t2}' "
                f"UNION ALL SELECT e.src, e.rowid, n1.rid FROM n1 JOIN edge e ON e.dst = n1.m AND e.type = '{t2}'")
        if self.rng.random() < 0.5:
            cy = f"MATCH (a:{l1} {{id: '{x}'}})-[:{t}]-()-[:{t2}]-(y) WHERE y <> a RETURN count(DISTINCT y) AS n"
            sql = f'WITH n1 AS ({hop1}) SELECT count(DISTINCT y) FROM ({hop2}) WHERE y <> {x}'
        else:  # relationship uniqueness: r1 and r2 differ
            cy = f"MATCH (a:{l1} {{id: '{x}'}})-[r1:{t}]-(m)-[r2:{t2}]-(y) RETURN count(*) AS n"
            sql = f'WITH n1 AS ({hop1}) SELECT count(*) FROM ({hop2}) WHERE r1 <> r2'
        return cy, sql, False

    def shape_property_aggregates(self):
        f = self.pick([0, 1, 5, 20])
        cy = (f'MATCH (e:Event) WHERE e.fatalities >= {f} RETURN e.event_type AS t, count(*) AS c, '
              f'sum(e.fatalities) AS s, min(e.date) AS d0, max(e.date) AS d1 ORDER BY t')
        sql = (f'SELECT event_type, count(*), sum(fatalities), min(date), max(date) FROM Event '
               f'WHERE fatalities >= {f} GROUP BY event_type ORDER BY event_type')
        return cy, sql, True

    def shape_events_by_year_and_type(self):
        lab = self.pick(['ArmedGroup', 'ArmedForce'])
        g = self.pick(self.ids[lab])
        cy = (f"MATCH (g:{lab} {{id: '{g}'}})-[p:PARTICIPATED_IN]->(e:Event) WHERE p.role = 'perpetrator' "
              f'RETURN e.date.year AS y, e.event_type AS t, count(*) AS c, sum(e.fatalities) AS s')
        sql = (f"SELECT CAST(substr(e.date, 1, 4) AS INTEGER), e.event_type, count(*), sum(e.fatalities) FROM edge p "
               f"JOIN Event e ON e.id = p.dst WHERE p.src = {g} AND p.type = 'PARTICIPATED_IN' "
               f"AND p.role = 'perpetrator' GROUP BY 1, 2")
        return cy, sql, False

    def shape_neighbourhood_at_a_date(self):
        _, l1, _ = self.pick(self.triples)
        x, d = self.pick(self.ids[l1]), self.pick(DATES)
        if self.rng.random() < 0.5:
            cy = f"FOR VALID_TIME AS OF '{d}' MATCH (a:{l1} {{id: '{x}'}})-[r]-(n) RETURN DISTINCT type(r) AS t, n.id AS n"
        else:
            cy = (f"MATCH (a:{l1} {{id: '{x}'}})-[r]-(n) WHERE r.valid_from <= date('{d}') AND "
                  f"(r.valid_to IS NULL OR r.valid_to > date('{d}')) RETURN DISTINCT type(r) AS t, n.id AS n")
        at = f"valid_from <= '{d}' AND (valid_to IS NULL OR valid_to >= '{d}')"
        sql = (f'SELECT type, CAST(dst AS TEXT) FROM edge WHERE src = {x} AND {at} '
               f'UNION SELECT type, CAST(src AS TEXT) FROM edge WHERE dst = {x} AND {at}')
        return cy, sql, False

    def shape_optional_match(self):
        t, l1, _ = self.pick(self.triples)
        xs = self.rng.sample(self.ids[l1], min(5, len(self.ids[l1])))
        cy = (f"MATCH (a:{l1}) WHERE a.id IN [{', '.join(repr(str(v)) for v in xs)}] "
              f'OPTIONAL MATCH (a)-[r:{t}]->(b) RETURN a.id AS id, count(b) AS c')
        sql = (f"SELECT CAST(a.id AS TEXT), count(e.dst) FROM {l1} a LEFT JOIN edge e ON e.src = a.id "
               f"AND e.type = '{t}' WHERE a.id IN ({', '.join(str(v) for v in xs)}) GROUP BY a.id")
        return cy, sql, False

    def shape_upstream_owners(self):
        c, h = self.pick(self.ids['Company']), self.pick([1, 2, 3, 4])
        cy = f"MATCH p = (c:Company {{id: '{c}'}})<-[:OWNS*1..{h}]-(o) RETURN o.id AS o, min(length(p)) AS d"
        sql = (f"WITH RECURSIVE up(n, d) AS (SELECT {c}, 0 UNION SELECT e.src, up.d + 1 FROM up JOIN edge e "
               f"ON e.dst = up.n AND e.type = 'OWNS' WHERE up.d < {h}) "
               f'SELECT CAST(n AS TEXT), min(d) FROM up WHERE d > 0 GROUP BY n')
        return cy, sql, False

    def shape_to_integer_of_ids(self):
        m, lab = self.pick([3, 7, 100]), self.pick(['Company', 'Organization', 'ArmedGroup'])
        cy = (f'MATCH (p:Person)-[:DIRECTS]->(c:{lab}) RETURN toInteger(c.id) % {m} AS g, count(*) AS n, '
              f'count(DISTINCT p) AS d ORDER BY n DESC, g LIMIT 5')
        sql = (f'SELECT e.dst % {m} AS g, count(*) AS n, count(DISTINCT e.src) FROM edge e '
               f"JOIN {lab} c ON c.id = e.dst JOIN Person p ON p.id = e.src WHERE e.type = 'DIRECTS' "
               f'GROUP BY g ORDER BY n DESC, g LIMIT 5')
        return cy, sql, True

    def shape_count_store(self):
        t, l1, l2 = self.pick(self.triples)
        form = self.pick(['MATCH ()-[r:{t}]->() RETURN count(r) AS c', 'MATCH ()-[r:{t}]->() RETURN count(*) AS c',
                          'MATCH (a)-[r:{t}]->(b) WHERE id(r) >= 0 RETURN count(*) AS c',
                          'MATCH ()<-[r:{t}]-() RETURN count(*) AS c', 'MATCH (:{l1})-[r:{t}]->() RETURN count(*) AS c',
                          'MATCH ()-[r:{t}]->(:{l2}) RETURN count(*) AS c', 'MATCH ()-[r:{t}]-() RETURN count(*) AS c'])
        sql = f"SELECT count(*) FROM edge e WHERE type = '{t}'"
        if '(:{l1})' in form:
            sql += f' AND src IN (SELECT id FROM {l1})'
        if '(:{l2})' in form:
            sql += f' AND dst IN (SELECT id FROM {l2})'
        if '->' not in form and '<-' not in form:  # either direction: each relationship twice
            sql = f'SELECT 2 * ({sql})'
        return form.format(t=t, l1=l1, l2=l2), sql, False

    def shape_grouped_by_node_then_regrouped(self):
        t, l1, _ = self.pick(self.triples)
        cy = f'MATCH (a:{l1})-[:{t}]->(b) WITH a, count(*) AS c RETURN c, count(*) AS n ORDER BY c'
        sql = (f'SELECT c, count(*) FROM (SELECT e.src, count(*) AS c FROM edge e JOIN {l1} a ON a.id = e.src '
               f"WHERE e.type = '{t}' GROUP BY e.src) GROUP BY c ORDER BY c")
        return cy, sql, True

    def shape_degrees(self):
        l1 = self.pick(self.labels)
        xs = self.rng.sample(self.ids[l1], min(3, len(self.ids[l1])))
        cy = (f"UNWIND [{', '.join(repr(str(v)) for v in xs)}] AS x MATCH (a:{l1} {{id: x}}) "
              f'RETURN a.id AS id, size([(a)--() | 1]) AS deg, COUNT {{ (a)-->() }} AS outd')
        sql = (f'SELECT CAST(a.id AS TEXT), (SELECT count(*) FROM edge WHERE src = a.id) + '
               f'(SELECT count(*) FROM edge WHERE dst = a.id), (SELECT count(*) FROM edge WHERE src = a.id) '
               f"FROM {l1} a WHERE a.id IN ({', '.join(str(v) for v in xs)})")
        return cy, sql, False

    def shape_property_predicates(self):
        label = self.pick(self.labels)
        cols = [c for c in self.columns[label] if c != 'id']
        if not cols:
            return None
        c = self.pick(cols)
        kind = self.columns[label][c]
        vals = [r[0] for r in self.db.execute(
            f'SELECT {c} FROM {label} WHERE {c} IS NOT NULL ORDER BY {c} LIMIT 3 OFFSET '
            f'{self.rng.randrange(max(1, len(self.ids[label]) - 3))}')]
        if not vals:
            return None
        number = kind in ('INT64', 'DOUBLE')

        def cy_lit(v):
            if number:
                return repr(v)
            text = "'" + str(v).replace('\\', '\\\\').replace("'", "\\'") + "'"
            return f'date({text})' if kind == 'DATE' else text

        def sql_lit(v):
            return repr(v) if number else "'" + str(v).replace("'", "''") + "'"

        form = self.rng.randrange(4)
        if form == 0:
            cw, sw = f'a.{c} = {cy_lit(vals[0])}', f'{c} = {sql_lit(vals[0])}'
        elif form == 1:
            cw, sw = f'a.{c} >= {cy_lit(vals[0])}', f'{c} >= {sql_lit(vals[0])}'
        elif form == 2 and kind == 'STRING':
            pre = str(vals[0])[:2]
            cw, sw = f'a.{c} STARTS WITH {cy_lit(pre)}', f'substr({c}, 1, {len(pre)}) = {sql_lit(pre)}'
        else:
            cw = f"a.{c} IN [{', '.join(cy_lit(v) for v in vals)}]"
            sw = f"{c} IN ({', '.join(sql_lit(v) for v in vals)})"
        return f'MATCH (a:{label}) WHERE {cw} RETURN count(*) AS c', f'SELECT count(*) FROM {label} WHERE {sw}', False

    def shape_ownership_trails(self):
        owners = [r[0] for r in self.db.execute("SELECT DISTINCT src FROM edge WHERE type = 'OWNS' ORDER BY src")]
        c, h = self.pick(owners), self.pick([1, 2, 3])
        cy = f"MATCH (a {{id: '{c}'}})-[:OWNS*1..{h}]->(b) RETURN count(*) AS n, count(DISTINCT b) AS d"
        sql = (f"WITH RECURSIVE w(n, d, used) AS (SELECT {c}, 0, ',' UNION ALL SELECT e.dst, w.d + 1, "
               f"w.used || e.rowid || ',' FROM w JOIN edge e ON e.src = w.n AND e.type = 'OWNS' "
               f"WHERE w.d < {h} AND instr(w.used, ',' || e.rowid || ',') = 0) "
               f'SELECT count(*), count(DISTINCT n) FROM w WHERE d > 0')
        return cy, sql, False

    def shape_exists(self):
        t, l1, _ = self.pick(self.triples)
        t2, neg = self.pick([x for x in self.types if x != t]), self.pick(['', 'NOT '])
        cy = f'MATCH (a:{l1})-[:{t}]->(b) WHERE {neg}EXISTS {{ MATCH (a)-[:{t2}]-() }} RETURN count(*) AS c'
        sql = (f"SELECT count(*) FROM edge e JOIN {l1} a ON a.id = e.src WHERE e.type = '{t}' AND {neg}("
               f"EXISTS (SELECT 1 FROM edge f WHERE f.src = a.id AND f.type = '{t2}') OR "
               f"EXISTS (SELECT 1 FROM edge f WHERE f.dst = a.id AND f.type = '{t2}'))")
        return cy, sql, False

    def shape_union(self):
        l1 = self.pick(self.labels)
        x, u = self.pick(self.ids[l1]), self.pick(['UNION', 'UNION ALL'])
        cy = f"MATCH (a:{l1} {{id: '{x}'}})-->(b) RETURN b.id AS x {u} MATCH (a:{l1} {{id: '{x}'}})<--(b) RETURN b.id AS x"
        sql = f'SELECT CAST(dst AS TEXT) FROM edge WHERE src = {x} {u} SELECT CAST(src AS TEXT) FROM edge WHERE dst = {x}'
        return cy, sql, False

    def shape_limit_then_expand(self):
        t, l1, _ = self.pick(self.triples)
        n = self.pick([1, 5, 20])
        cy = f'MATCH (a:{l1}) WITH a ORDER BY a.id DESC LIMIT {n} MATCH (a)-[:{t}]->(b) RETURN a.id AS a, count(*) AS c'
        sql = (f'SELECT CAST(x.id AS TEXT), count(*) FROM (SELECT id FROM {l1} ORDER BY CAST(id AS TEXT) DESC '
               f"LIMIT {n}) x JOIN edge e ON e.src = x.id AND e.type = '{t}' GROUP BY x.id")
        return cy, sql, False

    def shape_shortest_path(self):
        l1 = self.pick(self.labels)
        a = self.pick(self.ids[l1])
        near = [r[0] for r in self.db.execute(
            f'SELECT dst FROM edge WHERE src IN (SELECT dst FROM edge WHERE src = {a}) AND dst <> {a} ORDER BY dst')]
        b = self.pick(near) if near and self.rng.random() < 0.7 else self.pick(self.ids[self.pick(self.labels)])
        if a == b:
            return None
        cy = f"MATCH (a {{id: '{a}'}}), (b {{id: '{b}'}}) MATCH p = shortestPath((a)-[*1..3]-(b)) RETURN length(p) AS n"
        sql = (f'WITH RECURSIVE bfs(n, d) AS (SELECT {a}, 0 UNION SELECT e.dst, bfs.d + 1 FROM bfs JOIN edge e '
               f'ON e.src = bfs.n WHERE bfs.d < 3 UNION SELECT e.src, bfs.d + 1 FROM bfs JOIN edge e ON e.dst = bfs.n '
               f'WHERE bfs.d < 3) SELECT min(d) FROM bfs WHERE n = {b} AND d > 0 HAVING min(d) IS NOT NULL')
        return cy, sql, False

    def shape_order_by_with_nulls(self):
        t, l1, _ = self.pick(self.triples)
        n, desc = self.pick([3, 10]), self.pick(['', ' DESC'])
        cy = f'MATCH (a:{l1})-[r:{t}]->(b) RETURN a.id AS a, b.id AS b, r.valid_to AS t ORDER BY t{desc}, a, b LIMIT {n}'
        # Cypher orders null above every value; the stored end is the day after.
        sql = (f"SELECT CAST(e.src AS TEXT) AS a, CAST(e.dst AS TEXT) AS b, date(e.valid_to, '+1 day') AS t "
               f"FROM edge e JOIN {l1} x ON x.id = e.src WHERE e.type = '{t}' "
               f"ORDER BY (t IS NULL){desc}, t{desc}, a, b LIMIT {n}")
        return cy, sql, True

    def shape_date_parts_and_avg(self):
        part = self.pick(['year', 'month', 'quarter'])
        spart = {'year': 'CAST(substr(date, 1, 4) AS INTEGER)', 'month': 'CAST(substr(date, 6, 2) AS INTEGER)',
                 'quarter': '(CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3'}[part]
        cy = f'MATCH (e:Event) RETURN e.date.{part} AS p, avg(e.fatalities) AS a, count(*) AS c ORDER BY p'
        sql = f'SELECT {spart} AS p, avg(fatalities), count(*) FROM Event GROUP BY p ORDER BY p'
        return cy, sql, True

    def shape_two_types(self):
        t, l1, _ = self.pick(self.triples)
        t2 = self.pick(self.types)
        cy = f'MATCH (a:{l1})-[r:{t}|{t2}]->(b) RETURN type(r) AS t, count(*) AS c'
        sql = (f"SELECT e.type, count(*) FROM edge e JOIN {l1} a ON a.id = e.src "
               f"WHERE e.type IN ('{t}', '{t2}') GROUP BY e.type")
        return cy, sql, False


# Writes after the load, each one transaction, and the same in SQL.
CHANGES = [
    ("MATCH (a)-[r:OWNS]->() WHERE toInteger(a.id) % 3 = 0 DELETE r",
     "DELETE FROM edge WHERE type = 'OWNS' AND src % 3 = 0;"),
    ("MATCH (e:Event) WHERE e.fatalities > 10 SET e.fatalities = e.fatalities + 1",
     "UPDATE Event SET fatalities = fatalities + 1 WHERE fatalities > 10;"),
    ("MATCH (p:Phone) WHERE toInteger(p.id) % 5 = 0 DETACH DELETE p",
     "DELETE FROM edge WHERE src IN (SELECT id FROM Phone WHERE id % 5 = 0) "
     "OR dst IN (SELECT id FROM Phone WHERE id % 5 = 0); DELETE FROM Phone WHERE id % 5 = 0;"),
]


def canon(v):
    if isinstance(v, float):
        return repr(round(v, 6)) if not v.is_integer() else str(int(v))
    return 'null' if v is None else str(v)


def answer(conn, sql):
    return [tuple(canon(v) for v in r) for r in conn.execute(sql).fetchall()]


def run_shell(cli, db, statements, extra, shell_options=()):
    """Each statement's rows (JSON objects, columns in their order) or its error."""
    text = ''.join(f"{s};\nRETURN 'done {i}' AS marker;\n" for i, s in enumerate(statements))
    ran = subprocess.run([cli, '--db', db, '--quiet'] + extra + ['shell', '--format', 'json'] +
                         list(shell_options),
                         input=text, capture_output=True, text=True, timeout=900)
    rows = [[] for _ in statements]
    i, stray = 0, ''
    for line in ran.stdout.splitlines():
        try:
            row = json.loads(line, object_pairs_hook=list)
        except ValueError:
            stray += line + '\n'  # only JSON rows belong on stdout
            continue
        if len(row) == 1 and row[0][0] == 'marker':
            i = int(row[0][1].split()[1]) + 1
        elif i < len(statements):
            rows[i].append(tuple(canon(v) for _, v in row))
    # Errors go to stderr (unordered with stdout): every statement here is
    # valid, so any text there is a failure.
    return rows, ran.stderr + (f'not JSON on stdout:\n{stray}' if stray else '')


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    cli, runner, peers = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    sf = sys.argv[6] if len(sys.argv) > 6 else '0.05'
    if not os.path.isfile(os.path.join(peers, 'gen.py')):
        print(f'skipped: no peers benchmark at {peers} (../shared/peers)')
        return SKIP
    with tempfile.TemporaryDirectory(prefix='ag-diff-') as tmp:
        data, agdb = os.path.join(tmp, 'data'), os.path.join(tmp, 'db')
        subprocess.run([sys.executable, os.path.join(peers, 'gen.py'), '--sf', sf, '--seed', str(seed),
                        '--out', data], check=True, stdout=subprocess.DEVNULL)
        # A 1 MiB sort budget: the loader spills runs and merges them.
        load = subprocess.run([runner, data, agdb, '1'], capture_output=True, text=True,
                              env=dict(os.environ, AG_BULK_MEMORY_MB='1', AG_BENCH_ONLY='Q10'))
        if load.returncode != 0 or ' runs of ' not in load.stderr or ' 0 runs ' in load.stderr:
            print(f'FAIL the bulk load (it must spill runs):\n{load.stderr}')
            return 1
        # The same network through the import path: exported as native JSON
        # lines and loaded into a database of the same ontology, in staged
        # batches of 2,000 entities (the write path imports take).
        loaded = os.path.join(tmp, 'loaded')
        for args in (['--db', agdb, 'export', '-o', os.path.join(tmp, 'export.jsonl')],
                     ['--db', loaded, 'init', '--empty', '--ontology', os.path.join(agdb, 'ontology.ag')],
                     ['--db', loaded, '--import-spill', '2000', 'load', os.path.join(tmp, 'export.jsonl')]):
            step = subprocess.run([cli, '--quiet'] + args, capture_output=True, text=True)
            if step.returncode != 0:
                print(f"FAIL actorgraph {' '.join(args)}:\n{step.stderr}")
                return 1
        db = sqlite_db(data)
        db.execute('CREATE INDEX edge_src ON edge(src, type)')
        db.execute('CREATE INDEX edge_dst ON edge(dst, type)')
        with open(os.path.join(data, 'schema.json')) as f:
            shapes = Shapes(db, json.load(f), random.Random(seed))
        cases = [shapes.one() for _ in range(count)]
        statements = [c for c, _, _ in cases]
        first, errors = run_shell(cli, agdb, statements + statements, [])
        off, errors_off = run_shell(cli, agdb, statements, ['--adj-cache', 'off'])
        via_load, errors_load = run_shell(cli, loaded, statements, [])
        # Transaction time: three writes after the load (transaction 1), made
        # in SQLite too; now the loaded database must answer as the changed
        # SQLite does, and as of transaction 1 as the original does.
        changed = sqlite3.connect(':memory:')
        db.commit()  # a backup waits for the source's open transaction
        db.backup(changed)
        for cypher, sql in CHANGES:
            step = subprocess.run([cli, '--quiet', '--db', loaded, 'query', cypher], capture_output=True, text=True)
            if step.returncode != 0:
                print(f'FAIL {cypher}:\n{step.stderr}')
                return 1
            changed.executescript(sql)
        now, errors_now = run_shell(cli, loaded, statements, [])
        then, errors_then = run_shell(cli, loaded, statements, [], ['--txn', '1'])
    failures, nonempty, altered = [], 0, 0
    for i, (cy, sql, ordered) in enumerate(cases):
        want, want_now = answer(db, sql), answer(changed, sql)
        nonempty += any(v not in ('0', 'null') for r in want for v in r)
        altered += sorted(want) != sorted(want_now)

        def same(got, expected):
            return got == expected if ordered else sorted(got) == sorted(expected)
        for name, got, expected in (
                ('', first[i], want), (' (plan cache, second run)', first[i + count], want),
                (' (adjacency cache off)', off[i], want),
                (' (exported, then loaded in staged batches)', via_load[i], want),
                (' (after the changes)', now[i], want_now),
                (' (as of transaction 1, before the changes)', then[i], want)):
            if not same(got, expected):
                failures.append(f'{cy}{name}\n  actorgraph {got[:6]} ({len(got)} rows)\n'
                                f'  sqlite     {expected[:6]} ({len(expected)} rows)')
    errors += errors_off + errors_load + errors_now + errors_then
    if errors:
        failures.append('errors from actorgraph shell:\n' + errors[:4000])
    for f in failures:
        print('FAIL', f)
    print(f'{count} statements (seed {seed}, sf {sf}), {len(failures)} differences; '
          f'{nonempty} with a non-empty, non-zero answer, {altered} whose answer the writes changed')
    if nonempty < count // 2 or altered < count // 10:
        print('FAIL too few statements with an answer: the check proves little')
        return 1
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
