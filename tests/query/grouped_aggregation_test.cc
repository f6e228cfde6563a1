// Grouping by a node (the Aggregate finds a row's group by the node id and
// evaluates the keys once per node) and count(DISTINCT …) over sorted
// (group, id) pairs must give what the general path gives. Each question is
// asked twice: as written, and spelled so that the fast paths do not apply
// (keys inside CASE, which the planner does not treat as a pure function of
// one node; size(collect(DISTINCT x)) instead of count(DISTINCT x)).
#include <gtest/gtest.h>

#include <atomic>
#include <random>

#include "engine/database.h"
#include "query/executor/edge_source.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

class GroupedAggregationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Eager: the adjacency is built on the first request, so these small
    // graphs take the per-node paths (by default they wait for a heavy one).
    OpenOptions o;
    o.adjacency_cache = AdjacencyCacheMode::kEager;
    db_ = std::move(Database::Open(dir_.path(), o)).value();
    engine_ = std::make_unique<QueryEngine>(db_.get());
    std::mt19937 rng(17);
    std::string create = "CREATE ";
    for (int i = 0; i < 40; ++i)
      create += (i ? ", " : "") + std::string("(p") + std::to_string(i) + ":Person {id: '" +
                std::to_string(100 + i) + "', name: 'P" + std::to_string(i) + "'})";
    for (int i = 0; i < 15; ++i)
      // '00', '01', '02' and '0', '1', '2': distinct ids, equal toInteger keys.
      create += ", (c" + std::to_string(i) + ":Company {id: '" +
                (i < 12 ? std::to_string(i) : "0" + std::to_string(i - 12)) + "', name: 'C" +
                std::to_string(i) + "'})";
    for (int i = 0; i < 4; ++i)
      create += ", (o" + std::to_string(i) + ":Organization {id: 'o" + std::to_string(i) +
                "', name: 'O" + std::to_string(i) + "'})";
    for (int k = 0; k < 120; ++k) {
      const int p = static_cast<int>(rng() % 40), c = static_cast<int>(rng() % 15);
      const std::string when = k % 4 == 0   ? " {valid_from: '2010', valid_to: '2014'}"
                               : k % 4 == 1 ? " {valid_from: '2016'}"
                                            : "";
      create += ", (p" + std::to_string(p) + ")-[:DIRECTS" + when + "]->(c" + std::to_string(c) +
                ")";  // some pairs twice: parallel relationships
      if (k % 5 == 0)
        create += ", (p" + std::to_string(p) + ")-[:DIRECTS]->(o" + std::to_string(k % 4) + ")";
      if (k % 3 == 0)
        create +=
            ", (p" + std::to_string(p) + ")-[:EMPLOYS]->(p" + std::to_string(rng() % 40) + ")";
    }
    ASSERT_TRUE(engine_->Run(create).ok());
  }
  std::vector<std::string> Run(const std::string& q) {
    auto c = engine_->Run(q);
    EXPECT_TRUE(c.ok()) << q << ": " << c.status().ToString();
    if (!c.ok()) return {};
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*c)->Next(100, &rows);
      EXPECT_TRUE(more.ok()) << q;
      if (!more.ok() || !*more) break;
    }
    std::vector<std::string> out;
    for (const auto& r : rows) {
      std::string s;
      for (const auto& v : r)
        s += v.ToString() + "|";
      out.push_back(s);
    }
    return out;
  }
  // Both spellings give the same rows (and, for `nonempty`, some rows).
  void ExpectSame(const std::string& fast, const std::string& general, bool nonempty = true) {
    auto a = Run(fast), b = Run(general);
    EXPECT_EQ(a, b) << fast;
    if (nonempty) {
      EXPECT_FALSE(a.empty()) << fast;
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(GroupedAggregationTest, SharedDirectorsLikeQ9) {
  const std::string q =
      "MATCH (p:Person)-[:DIRECTS]->(c:Company) WITH p, count(DISTINCT c) AS k WHERE k > 1 "
      "MATCH (p)-[:DIRECTS]->(c:Company) RETURN toInteger(c.id) AS company, count(DISTINCT p) AS "
      "shared ORDER BY shared DESC, company";
  const std::string g =
      "MATCH (p:Person)-[:DIRECTS]->(c:Company) WITH CASE WHEN true THEN p END AS p, "
      "size(collect(DISTINCT c)) AS k WHERE k > 1 MATCH (p)-[:DIRECTS]->(c:Company) "
      "RETURN CASE WHEN true THEN toInteger(c.id) END AS company, size(collect(DISTINCT p)) AS "
      "shared ORDER BY shared DESC, company";
  ExpectSame(q, g);
  // Companies 0-2 share a key with companies 12-14: their groups merge.
  auto rows = Run(
      "MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN toInteger(c.id) AS id, count(DISTINCT c) "
      "AS cs ORDER BY id");
  bool merged = false;
  for (const auto& r : rows)
    merged |= r.rfind("0|2|", 0) == 0 || r.rfind("1|2|", 0) == 0 || r.rfind("2|2|", 0) == 0;
  EXPECT_TRUE(merged);
}

TEST_F(GroupedAggregationTest, KeysOfOneNodeAndOtherAggregates) {
  ExpectSame(
      "MATCH (p:Person)-[r:DIRECTS]->(c) RETURN c, c.name AS name, count(*) AS n, count(DISTINCT "
      "p) AS ps, count(DISTINCT r) AS rs, collect(DISTINCT p.id) AS ids, min(p.id) AS lo, "
      "max(p.id) AS hi ORDER BY name",
      "MATCH (p:Person)-[r:DIRECTS]->(c) RETURN CASE WHEN true THEN c END AS c, CASE WHEN true "
      "THEN c.name END AS name, count(*) AS n, size(collect(DISTINCT p)) AS ps, "
      "size(collect(DISTINCT r)) AS rs, collect(DISTINCT p.id) AS ids, min(p.id) AS lo, "
      "max(p.id) AS hi ORDER BY name");
  // Without grouping keys: one group, counted by pairs too.
  ExpectSame(
      "MATCH (p:Person)-[:DIRECTS]->(c) RETURN count(DISTINCT c) AS n, count(DISTINCT p) AS m",
      "MATCH (p:Person)-[:DIRECTS]->(c) RETURN size(collect(DISTINCT c)) AS n, "
      "size(collect(DISTINCT p)) AS m");
}

TEST_F(GroupedAggregationTest, BothDirectionsAndSeveralLabels) {
  // (a:Actor) is every Person, Company and Organization: a label group of many names.
  ExpectSame(
      "MATCH (a:Actor)-[r]-(b:Actor) RETURN b, count(DISTINCT a) AS n, count(DISTINCT r) AS m "
      "ORDER BY b.name",
      "MATCH (a:Actor)-[r]-(b:Actor) RETURN CASE WHEN true THEN b END AS b, size(collect(DISTINCT "
      "a)) AS n, size(collect(DISTINCT r)) AS m ORDER BY b.name");
  ExpectSame(
      "MATCH (c)<-[:DIRECTS]-(p) RETURN toLower(c.name) AS c, count(DISTINCT p) AS n ORDER BY c",
      "MATCH (c)<-[:DIRECTS]-(p) RETURN CASE WHEN true THEN toLower(c.name) END AS c, "
      "size(collect(DISTINCT p)) AS n ORDER BY c");
}

TEST_F(GroupedAggregationTest, EmptyInputAndNullKeys) {
  EXPECT_TRUE(
      Run("MATCH (p:Person)-[:DIRECTS]->(c:Vessel) RETURN c, count(DISTINCT p) AS n").empty());
  EXPECT_EQ(Run("MATCH (p:Person)-[:DIRECTS]->(c:Vessel) RETURN count(DISTINCT p) AS n"),
            std::vector<std::string>{"0|"});
  // OPTIONAL MATCH: people who direct nothing group under a null company.
  ExpectSame(
      "MATCH (p:Person) OPTIONAL MATCH (p)-[:DIRECTS]->(c:Company) RETURN c.id AS c, "
      "count(DISTINCT p) AS n, count(DISTINCT c) AS m ORDER BY c",
      "MATCH (p:Person) OPTIONAL MATCH (p)-[:DIRECTS]->(c:Company) RETURN CASE WHEN true THEN "
      "c.id END AS c, size(collect(DISTINCT p)) AS n, size(collect(DISTINCT c)) AS m ORDER BY c");
}

TEST_F(GroupedAggregationTest, TimeWindows) {
  for (const char* window : {"FOR VALID_TIME AS OF '2012-06-01' ", "FOR VALID_TIME AS OF '2020' ",
                             "FOR VALID_TIME FROM '2013' TO '2017' "}) {
    const std::string w = window;
    ExpectSame(w + "MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN toInteger(c.id) AS c, "
                   "count(DISTINCT p) AS n ORDER BY c",
               w + "MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN CASE WHEN true THEN "
                   "toInteger(c.id) END AS c, size(collect(DISTINCT p)) AS n ORDER BY c");
  }
  // A historical view (no adjacency snapshot): the hash path, same answer.
  ExpectSame(
      "FOR SYSTEM_TIME AS OF 1 MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN c.id AS c, "
      "count(DISTINCT p) AS n ORDER BY c",
      "FOR SYSTEM_TIME AS OF 1 MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN CASE WHEN "
      "true THEN c.id END AS c, size(collect(DISTINCT p)) AS n ORDER BY c",
      /*nonempty=*/false);
}

TEST_F(GroupedAggregationTest, WritesBetweenRowsOfOneNodeAreSeen) {
  // Each row of a company lengthens its name before the key is read, so a
  // company with d directorships gives d keys: a key read once per node
  // would be wrong here (the statement writes, so the rule is off).
  auto count_rows = [&](const std::string& key) {
    Run("MATCH (c:Company) SET c.name = 'C'");
    return Run("MATCH (p:Person)-[:DIRECTS]->(c:Company) SET c.name = c.name + '+' WITH " + key +
               " AS k, count(*) AS n RETURN k, n ORDER BY k");
  };
  auto fast = count_rows("c.name");
  auto general = count_rows("CASE WHEN true THEN c.name END");
  EXPECT_EQ(fast, general);
  EXPECT_GT(fast.size(), 1u);
}

// An aggregation straight over an expansion takes the expansion's output as
// batches of ids (edge_source.h) when every aggregate reads a plain
// variable. The general spelling puts a filter that keeps every row between
// the two (`WHERE id(x) >= 0`), so the aggregation reads Rows.
TEST_F(GroupedAggregationTest, BatchedExpansionLikeQ9) {
  ExpectSame(
      "MATCH (p:Person)-[:DIRECTS]->(c:Company) WITH p, count(DISTINCT c) AS k WHERE k > 1 "
      "MATCH (p)-[:DIRECTS]->(c:Company) RETURN toInteger(c.id) AS company, count(DISTINCT p) AS "
      "shared ORDER BY shared DESC, company",
      "MATCH (p:Person)-[:DIRECTS]->(c:Company) WHERE id(c) >= 0 WITH p, count(DISTINCT c) AS k "
      "WHERE k > 1 MATCH (p)-[:DIRECTS]->(c:Company) WHERE id(c) >= 0 RETURN toInteger(c.id) AS "
      "company, count(DISTINCT p) AS shared ORDER BY shared DESC, company");
}

TEST_F(GroupedAggregationTest, BatchedExpansionEveryKindOfArgument) {
  // Arguments from the relationship, the node reached, the input row (the
  // start node and a value bound before); collect() keeps the row order.
  ExpectSame(
      "MATCH (p:Person) WITH p, size(p.name) AS len MATCH (p)-[r]->(c) RETURN c, count(*) AS n, "
      "count(r) AS nr, count(DISTINCT r) AS dr, count(DISTINCT p) AS dp, collect(p) AS ps, "
      "collect(r) AS rs, sum(len) AS total, min(len) AS lo, count(DISTINCT len) AS dl "
      "ORDER BY c.name, n",
      "MATCH (p:Person) WITH p, size(p.name) AS len MATCH (p)-[r]->(c) WHERE id(c) >= 0 RETURN c, "
      "count(*) AS n, count(r) AS nr, count(DISTINCT r) AS dr, count(DISTINCT p) AS dp, "
      "collect(p) AS ps, collect(r) AS rs, sum(len) AS total, min(len) AS lo, count(DISTINCT len) "
      "AS dl ORDER BY c.name, n");
  // Grouped by the start node, and by a node of the input row that is
  // neither end of the expansion.
  ExpectSame(
      "MATCH (p:Person)-[:DIRECTS]->(c:Company)<-[:DIRECTS]-(q) RETURN p, count(DISTINCT q) AS n, "
      "count(*) AS m ORDER BY p.name",
      "MATCH (p:Person)-[:DIRECTS]->(c:Company)<-[:DIRECTS]-(q) WHERE id(q) >= 0 RETURN p, "
      "count(DISTINCT q) AS n, count(*) AS m ORDER BY p.name");
  // No grouping key: one group.
  ExpectSame(
      "MATCH (p:Person)-[r:DIRECTS|EMPLOYS]->(c) RETURN count(DISTINCT c) AS n, count(*) AS m, "
      "count(DISTINCT r) AS k, collect(DISTINCT c.name) AS names",
      "MATCH (p:Person)-[r:DIRECTS|EMPLOYS]->(c) WHERE id(c) >= 0 RETURN count(DISTINCT c) AS n, "
      "count(*) AS m, count(DISTINCT r) AS k, collect(DISTINCT c.name) AS names");
}

TEST_F(GroupedAggregationTest, BatchedExpansionDirectionsLabelsAndNulls) {
  for (const char* pattern : {"(c:Company)<-[:DIRECTS]-(p)", "(c)-[:DIRECTS]-(p)",
                              "(c:Actor)-[]-(p:Actor)", "(c:Person)-[:EMPLOYS]-(p:Person)",
                              "(c:Person)-[:DIRECTS]->(p:Vessel)", "(c:Company)-[:DIRECTS]->(p)"}) {
    const std::string m = std::string("MATCH ") + pattern;
    ExpectSame(m + " RETURN c.id AS c, count(DISTINCT p) AS n, count(*) AS m ORDER BY c",
               m + " WHERE id(p) >= 0 RETURN c.id AS c, count(DISTINCT p) AS n, count(*) AS m "
                   "ORDER BY c",
               /*nonempty=*/false);
    ExpectSame(m + " RETURN p, count(DISTINCT c) AS n ORDER BY p.name, n",
               m + " WHERE id(p) >= 0 RETURN p, count(DISTINCT c) AS n ORDER BY p.name, n",
               /*nonempty=*/false);
  }
  // The key node and a counted value null in the input row: the rows go
  // through the general path one by one.
  ExpectSame(
      "OPTIONAL MATCH (o:Organization {id: 'none'}) WITH o MATCH (p:Person)-[:DIRECTS]->(c) "
      "RETURN o, count(DISTINCT o) AS n, count(c) AS m, count(DISTINCT c) AS k",
      "OPTIONAL MATCH (o:Organization {id: 'none'}) WITH o MATCH (p:Person)-[:DIRECTS]->(c) "
      "WHERE id(c) >= 0 RETURN o, count(DISTINCT o) AS n, count(c) AS m, count(DISTINCT c) AS k");
}

TEST_F(GroupedAggregationTest, BatchedExpansionTimeWindowsAndHistory) {
  for (const char* window : {"FOR VALID_TIME AS OF '2012-06-01' ", "FOR VALID_TIME AS OF '2020' ",
                             "FOR VALID_TIME FROM '2013' TO '2017' ", "FOR SYSTEM_TIME AS OF 1 ",
                             "WITH MIN GRADE 'B2' "}) {
    const std::string w = window;
    ExpectSame(w + "MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN toInteger(c.id) AS c, "
                   "count(DISTINCT p) AS n, count(*) AS m ORDER BY c",
               w + "MATCH (p:Person)-[:DIRECTS]->(c:Company) WHERE id(p) >= 0 RETURN "
                   "toInteger(c.id) AS c, count(DISTINCT p) AS n, count(*) AS m ORDER BY c",
               /*nonempty=*/false);
    ExpectSame(w + "MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN count(DISTINCT c) AS n",
               w + "MATCH (p:Person)-[:DIRECTS]->(c:Company) WHERE id(p) >= 0 RETURN "
                   "count(DISTINCT c) AS n");
  }
}

TEST_F(GroupedAggregationTest, BatchedExpansionSeesTheStatementsOwnWrites) {
  // A writing statement: the aggregation reads Rows (the batches are off),
  // and the relationships it created are counted.
  const std::string create =
      "MATCH (p:Person {id: '100'}), (c:Company {id: '5'}) CREATE (p)-[:DIRECTS]->(c) WITH "
      "count(*) AS made ";
  auto a = Run(create +
               "MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN c.id AS c, count(DISTINCT p) AS "
               "n, count(*) AS m ORDER BY c");
  auto after =
      Run("MATCH (p:Person)-[:DIRECTS]->(c:Company) WHERE id(p) >= 0 RETURN c.id AS c, "
          "count(DISTINCT p) AS n, count(*) AS m ORDER BY c");
  EXPECT_EQ(a, after);
  EXPECT_FALSE(a.empty());
}

TEST_F(GroupedAggregationTest, BatchedExpansionOfABigNodeComesInBatchesThatCheckCancellation) {
  // One node with more relationships than kMaxEdgeBatch (three batches):
  // every relationship counted, whether the group is the big node or the
  // node reached.
  Run("CREATE (h:Person {id: 'hub', name: 'Hub'}) WITH h UNWIND range(1, 2500) AS i "
      "CREATE (h)-[:DIRECTS]->(:Company {id: 'x' + toString(i), name: 'X' + toString(i)})");
  ASSERT_GT(2500u, 2 * kMaxEdgeBatch);
  const std::string m = "MATCH (h:Person {id: 'hub'})-[:DIRECTS]->(l) ";
  const std::string q = m + "RETURN count(DISTINCT l) AS n, count(*) AS m";
  EXPECT_EQ(Run(q), std::vector<std::string>{"2500|2500|"});
  EXPECT_EQ(Run(m + "WITH h, count(DISTINCT l) AS n RETURN n"),
            std::vector<std::string>{"2500|"});
  EXPECT_EQ(Run(m + "WITH l, count(*) AS n RETURN count(*), sum(n)"),
            std::vector<std::string>{"2500|2500|"});
  // Cancelled before it starts: the expansion checks per relationship (as
  // its row path does), so the one big node does not run to its end
  // unchecked (ExecContext::Check looks every 1024 calls).
  std::atomic<bool> cancel{true};
  RunOptions ro;
  ro.cancel = &cancel;
  auto c = engine_->Run(q, ro);
  Status st = c.status();
  if (c.ok()) {
    std::vector<std::vector<Value>> rows;
    while (st.ok()) {
      auto more = (*c)->Next(100, &rows);
      st = more.status();
      if (st.ok() && !*more) break;
    }
  }
  EXPECT_NE(st.message().find("cancelled"), std::string::npos) << st.ToString();
}

TEST_F(GroupedAggregationTest, BatchedExpansionKeysLookedUpAheadWithinABatch) {
  // Grouped through the hash index by a key of the node reached: the keys of
  // a batch's nodes without a group are evaluated ahead of the rows. A hub
  // reaches 2,400 companies whose notes repeat every 300 (keys shared between
  // nodes of one batch) and some of them twice (parallel relationships).
  Run("CREATE (h:Person {id: 'hub2', name: 'Hub2'}) WITH h UNWIND range(1, 2400) AS i "
      "CREATE (h)-[:DIRECTS]->(:Company {id: 'y' + toString(i), notes: toString(i % 300), name: "
      "'Y' + toString(i)})");
  Run("MATCH (h:Person {id: 'hub2'})-[:DIRECTS]->(c:Company) "
      "WHERE toInteger(substring(c.name, 1)) % 7 = 0 CREATE (h)-[:DIRECTS]->(c)");
  const std::string m = "MATCH (h:Person {id: 'hub2'})-[r:DIRECTS]->(c:Company) ";
  for (const char* key : {"toInteger(c.notes)", "c.notes", "c.name", "toInteger(c.notes) % 11"}) {
    const std::string k = key;
    ExpectSame(m + "RETURN " + k +
                   " AS k, count(*) AS n, count(DISTINCT c) AS d, count(r) AS rs "
                   "ORDER BY k",
               m + "WHERE id(c) >= 0 RETURN " + k +
                   " AS k, count(*) AS n, count(DISTINCT c) "
                   "AS d, count(r) AS rs ORDER BY k");
  }
  // Key 0: the companies 300, 600, …, 2400, of which 2100 twice (i % 7 = 0).
  EXPECT_EQ(
      Run(m + "RETURN toInteger(c.notes) AS k, count(*) AS n, count(DISTINCT c) AS d ORDER BY "
              "k LIMIT 1"),
      std::vector<std::string>{"0|9|8|"});
  // A key that fails for one node part-way through a batch: the error, as
  // on the row path.
  auto error = [&](const std::string& q) {
    auto c = engine_->Run(q);
    Status st = c.status();
    if (c.ok()) {
      std::vector<std::vector<Value>> out;
      while (st.ok()) {
        auto more = (*c)->Next(100, &out);
        st = more.status();
        if (st.ok() && !*more) break;
      }
    }
    return st.message();
  };
  const std::string e = error(m + "RETURN 10 / (toInteger(c.notes) - 150) AS k, count(*) AS n");
  EXPECT_NE(e.find("division by zero"), std::string::npos) << e;
  const std::string g =
      error(m + "WHERE id(c) >= 0 RETURN 10 / (toInteger(c.notes) - 150) AS k, count(*) AS n");
  EXPECT_NE(g.find("division by zero"), std::string::npos) << g;
}

}  // namespace
}  // namespace actorgraph::query
