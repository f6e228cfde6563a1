"""Tests of clients/python/actorgraph_client.py against a running server on
the Sahel dataset (run by run_with_server.py, which sets ACTORGRAPH_URL)."""
import datetime
import math
import os
import unittest

from actorgraph_client import (ActorgraphError, Client, Claim, Node, PartialDate, Path,
                               Relationship, Temporal)

URL = os.environ.get("ACTORGRAPH_URL")


@unittest.skipUnless(URL, "needs ACTORGRAPH_URL (run through run_with_server.py)")
class ClientTest(unittest.TestCase):
    def setUp(self):
        self.ag = Client(URL)

    def test_rows_are_dicts_with_typed_values(self):
        res = self.ag.query("MATCH (n {id: $id}) RETURN n, n.name AS name, 1 + 1 AS two",
                            id="wagner-group")
        self.assertEqual(res.columns, ["n", "name", "two"])
        self.assertEqual(len(res), 1)
        row = res[0]
        self.assertIsInstance(row["n"], Node)
        self.assertEqual(row["n"].id, "wagner-group")
        self.assertIn("PrivateMilitaryCompany", row["n"].labels)
        self.assertEqual(row["name"], row["n"].name)
        self.assertEqual(row["two"], 2)
        self.assertEqual(res.stats["rows"], 1)

    def test_dates_partial_and_full_and_special_floats(self):
        row = self.ag.query("RETURN date('2022-03') AS m, date('2022-03-27') AS d, "
                            "0.0/0.0 AS nan, 1.0/0.0 AS inf")[0]
        self.assertEqual(row["m"], PartialDate(2022, 3))
        self.assertEqual(str(row["m"]), "2022-03")
        self.assertEqual(row["d"], datetime.date(2022, 3, 27))
        self.assertTrue(math.isnan(row["nan"]))
        self.assertEqual(row["inf"], math.inf)

    def test_temporal_values(self):
        row = self.ag.query("RETURN datetime('2015-07-21T21:40:32.142+01:00') AS dt, "
                            "localtime('12:31:14') AS t, duration('P1DT2H') AS d")[0]
        self.assertIsInstance(row["dt"], Temporal)
        self.assertEqual(row["dt"].type, "datetime")
        self.assertEqual(row["dt"].to_python(), datetime.datetime(
            2015, 7, 21, 21, 40, 32, 142000,
            tzinfo=datetime.timezone(datetime.timedelta(hours=1))))
        self.assertEqual(row["t"].to_python(), datetime.time(12, 31, 14))
        self.assertEqual(row["d"], Temporal("duration", "P1DT2H"))

    def test_params_round_trip_typed(self):
        row = self.ag.query("RETURN $d AS d, $p AS p, $l AS l",
                            d=datetime.date(2022, 3, 27), p=PartialDate(2022), l=[1, "x"])[0]
        self.assertEqual(row["d"], datetime.date(2022, 3, 27))
        self.assertEqual(row["p"], PartialDate(2022))
        self.assertEqual(row["l"], [1, "x"])

    def test_relationships_carry_interval_grade_and_contested(self):
        res = self.ag.query("MATCH (a)-[r]->(b) RETURN r")
        rels = [r["r"] for r in res]
        self.assertTrue(rels)
        self.assertTrue(all(isinstance(r, Relationship) for r in rels))
        self.assertTrue(any(r.grade for r in rels))
        self.assertTrue(any(r.contested for r in rels), "the Sahel data has contested facts")
        self.assertTrue(any(r.valid.valid_from is not None for r in rels))

    def test_paths(self):
        res = self.ag.query("MATCH p = (a {id: 'wagner-group'})-[*1..1]-() RETURN p LIMIT 3")
        self.assertTrue(res.rows)
        p = res[0]["p"]
        self.assertIsInstance(p, Path)
        self.assertEqual(len(p.nodes), len(p.relationships) + 1)
        self.assertEqual(p.nodes[0].id, "wagner-group")

    def test_options_valid_at_and_min_grade_filter(self):
        q = "MATCH (a {id: 'wagner-group'})-[r]-() RETURN count(r) AS n"
        every = self.ag.query(q)[0]["n"]
        at = self.ag.query(q, valid_at="2014-01")[0]["n"]
        graded = self.ag.query(q, min_grade="A1")[0]["n"]
        self.assertGreater(every, 0)
        self.assertLess(at, every)
        self.assertLessEqual(graded, every)

    def test_errors_carry_kind_line_and_column(self):
        with self.assertRaises(ActorgraphError) as cm:
            self.ag.query("MATCH (n)\nRETURN n.name AS\n")
        e = cm.exception
        self.assertEqual(e.status, 400)
        self.assertEqual(e.kind, "syntax")
        self.assertEqual(e.line, 3)
        self.assertGreater(e.column, 0)
        with self.assertRaises(ActorgraphError) as cm:
            self.ag.query("RETURN nosuch")
        self.assertEqual(cm.exception.kind, "semantic")

    def test_stream_yields_the_same_rows(self):
        q = "MATCH (n) RETURN n.id AS id ORDER BY id"
        streamed = [r["id"] for r in self.ag.stream(q)]
        whole = self.ag.query(q).values("id")
        self.assertEqual(streamed, whole)
        self.assertGreater(len(streamed), 50)

    def test_entity_card_has_claims(self):
        card = self.ag.entity("wagner-group")
        self.assertEqual(card["id"], "wagner-group")
        self.assertTrue(card["relationships"])
        claims = [c for r in card["relationships"] for c in r.claims]
        self.assertTrue(claims)
        self.assertTrue(all(isinstance(c, Claim) for c in claims))
        self.assertTrue(any(c.quote for c in claims))
        self.assertTrue(any(c.source for c in claims))
        self.assertIn(card["style"]["kind"], ("PrivateMilitaryCompany",))
        with self.assertRaises(ActorgraphError) as cm:
            self.ag.entity("no-such-entity-xyz")
        self.assertEqual(cm.exception.status, 404)

    def test_history_and_schema(self):
        h = self.ag.history("wagner-group")
        self.assertEqual(h["id"], "wagner-group")
        self.assertTrue(h["transactions"])
        s = self.ag.schema()
        names = {l["name"]: l for l in s["labels"]}
        self.assertIn("ArmedGroup", names)
        self.assertTrue(names["ArmedGroup"]["style"]["fill"].startswith("#"))

    def test_import_then_query(self):
        line = ('{"kind": "node", "id": "py-client-test-actor", "labels": ["ArmedGroup"], '
                '"name": "Python Client Test Group"}\n')
        report = self.ag.import_data(line, "jsonl", name="one.jsonl")
        self.assertEqual(report["imported"], 1)
        res = self.ag.query("MATCH (n {id: 'py-client-test-actor'}) RETURN n.name AS name")
        self.assertEqual(res.values("name"), ["Python Client Test Group"])

    def test_to_pandas(self):
        import pandas  # noqa: F401  (installed by scripts/setup.sh: these tests run in CI)

        df = self.ag.query("MATCH (n:ArmedGroup) RETURN n.id AS id, n.name AS name").to_pandas()
        self.assertEqual(list(df.columns), ["id", "name"])
        self.assertGreater(len(df), 2)
        self.assertIn("wagner-group", set(
            self.ag.query("MATCH (n) RETURN n.id AS id").to_pandas()["id"]))

    def test_to_networkx(self):
        import networkx  # noqa: F401

        g = self.ag.query("MATCH (a {id: 'wagner-group'})-[r]-(b) RETURN a, r, b").to_networkx()
        self.assertIn("wagner-group", g)
        self.assertGreater(g.number_of_edges(), 0)
        self.assertEqual(g.nodes["wagner-group"]["name"], self.ag.entity("wagner-group")["name"])
        _, _, data = next(iter(g.edges(data=True)))
        self.assertIn("type", data)
        self.assertIn("contested", data)


if __name__ == "__main__":
    unittest.main()
