// valid_from(r), valid_to(r), type(r) (and undated, valid_at) of a
// relationship an expansion produced read the facts the expansion's
// adjacency entry held (ExecContext::NoteRel) in a read-only statement. They
// must give what the relationship's record says: with partial dates and open
// ends, with and without the in-memory adjacency, at a historical view, and
// never a fact a writing statement changed after the expansion.
#include <gtest/gtest.h>

#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

class NotedRelTest : public testing::QueryFixture,
                     public ::testing::WithParamInterface<AdjacencyCacheMode> {
 protected:
  void SetUp() override {
    adjacency_cache_ = GetParam();
    Open(true);
    // a's relationships: a year-and-month interval, a day start with an
    // open end, an undated one, one with only an end (incoming), and a
    // two-hop path a -> b -> e.
    ASSERT_EQ(Run("CREATE (a:G {id: 'a'}), (b:G {id: 'b'}), (c:G {id: 'c'}), (d:G {id: 'd'}), "
                  "(e:G {id: 'e'}), "
                  "(a)-[:ALLY {valid_from: '2018', valid_to: '2021-03'}]->(b), "
                  "(a)-[:FIGHTS {valid_from: '2019-05-17'}]->(c), "
                  "(a)-[:ALLY]->(d), "
                  "(e)-[:FIGHTS {valid_to: '2020-02'}]->(a), "
                  "(b)-[:SUPPLIES {valid_from: '2015-06', valid_to: '2016'}]->(e)"),
              "");
  }
};

// The functions against the record's own fields (r.valid_from reads the
// record), for every relationship of a, in both directions.
TEST_P(NotedRelTest, FunctionsGiveTheRecordsFacts) {
  const std::string q =
      "MATCH (a:G {id: 'a'})-[r]-(n) RETURN n.id, type(r), valid_from(r), valid_to(r), "
      "undated(r), valid_at(r, '2020') ORDER BY n.id";
  // e: the year 2020 is partly before the end 2020-02, so valid_at is unknown.
  EXPECT_EQ(Run(q),
            "'b' | 'ALLY' | 2018 | 2021-03 | false | true\n"
            "'c' | 'FIGHTS' | 2019-05-17 | null | false | true\n"
            "'d' | 'ALLY' | null | null | true | true\n"
            "'e' | 'FIGHTS' | null | 2020-02 | false | null\n");
  EXPECT_EQ(Run("MATCH (a:G {id: 'a'})-[r]-(n) WITH n, r, r.valid_from AS f, r.valid_to AS t "
                "RETURN n.id, valid_from(r) = f OR (f IS NULL AND valid_from(r) IS NULL), "
                "valid_to(r) = t OR (t IS NULL AND valid_to(r) IS NULL) ORDER BY n.id"),
            "'b' | true | true\n'c' | true | true\n'd' | true | true\n'e' | true | true\n");
}

// Q1 of the peers benchmark in small: partial dates compared with a date.
TEST_P(NotedRelTest, IntervalFilterLikeThePeersQ1) {
  const std::string q =
      "MATCH (a:G {id: 'a'})-[r]-(n) "
      "WHERE valid_from(r) <= $date AND (valid_to(r) IS NULL OR valid_to(r) > $date) "
      "RETURN DISTINCT type(r) AS type, n.id AS n ORDER BY n";
  EXPECT_EQ(Run(q, {{"date", Value(*PartialDate::Parse("2020-01-10"))}}),
            "'ALLY' | 'b'\n'FIGHTS' | 'c'\n");
  EXPECT_EQ(Run(q, {{"date", Value(*PartialDate::Parse("2018-07"))}}), "'ALLY' | 'b'\n");
  EXPECT_EQ(Run(q, {{"date", Value(*PartialDate::Parse("2021-04"))}}), "'FIGHTS' | 'c'\n");
}

// Two expansions in one pattern: each relationship keeps its own facts.
TEST_P(NotedRelTest, TwoHops) {
  EXPECT_EQ(Run("MATCH (a:G {id: 'a'})-[r1]->(b)-[r2]->(e) RETURN type(r1), valid_from(r1), "
                "valid_to(r1), type(r2), valid_from(r2), valid_to(r2), valid_from(r1) < "
                "valid_from(r2)"),
            "'ALLY' | 2018 | 2021-03 | 'SUPPLIES' | 2015-06 | 2016 | false\n");
}

// A writing statement changes an interval after its expansion produced the
// relationship: later clauses see the new interval, not the adjacency
// entry's.
TEST_P(NotedRelTest, WriteThenReadInOneStatement) {
  EXPECT_EQ(Run("MATCH (a:G {id: 'a'})-[r:ALLY]->(b:G {id: 'b'}) "
                "SET r.valid_from = date('2001-02'), r.valid_to = null "
                "RETURN valid_from(r), valid_to(r), undated(r), type(r)"),
            "2001-02 | null | false | 'ALLY'\n");
  // Expanded again after the write, in the same statement.
  EXPECT_EQ(Run("MATCH (a:G {id: 'a'})-[r:FIGHTS]->(c) SET r.valid_to = date('2030') "
                "WITH a MATCH (a)-[s]->(c:G {id: 'c'}) RETURN valid_from(s), valid_to(s)"),
            "2019-05-17 | 2030\n");
  // And each row's write is seen by the reads of the same row.
  EXPECT_EQ(Run("MATCH (a:G {id: 'a'})-[r]-(n) SET r.valid_from = date('1999') "
                "RETURN n.id, valid_from(r) ORDER BY n.id"),
            "'b' | 1999\n'c' | 1999\n'd' | 1999\n'e' | 1999\n");
  // The next statement reads what was committed.
  EXPECT_EQ(Run("MATCH (a:G {id: 'a'})-[r]-(n) RETURN n.id, valid_from(r), valid_to(r) "
                "ORDER BY n.id"),
            "'b' | 1999 | null\n'c' | 1999 | 2030\n'd' | 1999 | null\n'e' | 1999 | 2020-02\n");
}

// At an earlier transaction the relationship had its earlier interval.
TEST_P(NotedRelTest, HistoricalView) {
  ASSERT_EQ(Run("MATCH (:G {id: 'a'})-[r:ALLY]->(:G {id: 'b'}) SET r.valid_from = date('2011')"),
            "");
  EXPECT_EQ(Run("MATCH (:G {id: 'a'})-[r:ALLY]->(:G {id: 'b'}) RETURN valid_from(r)"), "2011\n");
  EXPECT_EQ(Run("FOR SYSTEM_TIME AS OF 1 MATCH (:G {id: 'a'})-[r:ALLY]->(:G {id: 'b'}) "
                "RETURN valid_from(r), valid_to(r), type(r)"),
            "2018 | 2021-03 | 'ALLY'\n");
}

INSTANTIATE_TEST_SUITE_P(Cache, NotedRelTest,
                         ::testing::Values(AdjacencyCacheMode::kOff, AdjacencyCacheMode::kEager),
                         [](const auto& info) {
                           return info.param == AdjacencyCacheMode::kOff ? std::string("Off")
                                                                         : std::string("Eager");
                         });

}  // namespace
}  // namespace actorgraph
