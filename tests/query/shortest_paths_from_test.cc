// Single-source shortest paths (ShortestPathsFromSource): one search from the
// bound end must give exactly the rows and paths that one search per pair
// (both ends bound, ShortestPath) gives, in ascending node-id order, with and
// without the adjacency cache, in both directions and under a time filter.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "engine/adjacency_cache.h"
#include "engine/database.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

using Rows = std::vector<std::string>;

class ShortestPathsFromTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    OpenOptions o;
    // Eager: the searches read the cache from their first step.
    o.adjacency_cache = GetParam() ? AdjacencyCacheMode::kEager : AdjacencyCacheMode::kOff;
    db_ = std::move(Database::Open(dir_.path(), o)).value();
    engine_ = std::make_unique<QueryEngine>(db_.get());
    // A random graph of armed groups and companies (all Actors), with
    // alliances valid in 2010-2015 or from 2016 on.
    std::mt19937 rng(7);
    std::string create = "CREATE ";
    const int n = 60;
    for (int i = 0; i < n; ++i) {
      create += (i ? ", " : "") + std::string("(n") + std::to_string(i) +
                (i % 3 == 0 ? ":Company" : ":ArmedGroup") + " {id: 'n" + std::to_string(i) +
                "', name: 'N" + std::to_string(i) + "'})";
    }
    for (int k = 0; k < 110; ++k) {
      const int a = static_cast<int>(rng() % n), b = static_cast<int>(rng() % n);
      if (a == b) continue;
      create += ", (n" + std::to_string(a) + ")-[:ALLIED_WITH {valid_from: '" +
                (k % 2 ? "2010', valid_to: '2015'" : "2016'") + "}]->(n" + std::to_string(b) + ")";
    }
    auto r = engine_->Run(create);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // Rows as text, in the order the query gives them.
  Rows Run(const std::string& q, std::string* plan = nullptr) {
    auto c = engine_->Run(q);
    EXPECT_TRUE(c.ok()) << q << ": " << c.status().ToString();
    if (!c.ok()) return {};
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*c)->Next(1000, &rows);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
    }
    Rows out;
    for (const auto& row : rows) {
      std::string line;
      for (const auto& v : row)
        line += v.ToString() + " | ";
      out.push_back(line);
    }
    if (plan) *plan = Explain(q);
    return out;
  }
  std::string Explain(const std::string& q) {
    auto c = engine_->Run("EXPLAIN " + q);
    return c.ok() ? (*c)->PlanText() : c.status().ToString();
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_P(ShortestPathsFromTest, SameRowsAndPathsAsOneSearchPerPair) {
  const std::string ret = " RETURN o.id AS o, length(p) AS hops, [x IN nodes(p) | x.id] AS via";
  for (const std::string src : {"n0", "n1", "n7"}) {
    std::string plan;
    Rows single = Run("MATCH (c {id: '" + src +
                          "'}) MATCH p = shortestPath((c)-[:ALLIED_WITH*1..4]-(o:Company))" + ret,
                      &plan);
    ASSERT_NE(plan.find("ShortestPathsFromSource"), std::string::npos) << plan;
    Rows pairwise =
        Run("MATCH (c {id: '" + src +
                "'}), (o:Company) MATCH p = shortestPath((c)-[:ALLIED_WITH*1..4]-(o))" + ret,
            &plan);
    ASSERT_EQ(plan.find("FromSource"), std::string::npos) << plan;
    ASSERT_FALSE(single.empty()) << src;
    Rows sorted = pairwise;
    std::sort(sorted.begin(), sorted.end());
    Rows single_sorted = single;
    std::sort(single_sorted.begin(), single_sorted.end());
    EXPECT_EQ(single_sorted, sorted) << src;
  }
}

TEST_P(ShortestPathsFromTest, TargetsComeInNodeIdOrder) {
  Rows ids = Run("MATCH (c {id: 'n0'}) MATCH p = shortestPath((c)-[*]-(o)) RETURN id(o) AS i");
  ASSERT_GT(ids.size(), 5u);
  std::vector<int64_t> v;
  for (const auto& r : ids)
    v.push_back(std::stoll(r));
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  // The source itself is not a target (a path of length 0 is not a shortest path).
  Rows self = Run("MATCH (c {id: 'n0'}) MATCH p = shortestPath((c)-[*]-(o)) WHERE o = c RETURN o");
  EXPECT_TRUE(self.empty());
}

TEST_P(ShortestPathsFromTest, DirectedFromEitherEnd) {
  const std::string ret =
      " RETURN o.id AS o, [x IN nodes(p) | x.id] AS via, [r IN relationships(p) | id(r)] AS rels";
  // The bound end on the right: the search runs against the arrows, the
  // path still reads from o to c.
  std::string plan;
  Rows single =
      Run("MATCH (c {id: 'n3'}) MATCH p = shortestPath((o:ArmedGroup)-[*..5]->(c))" + ret, &plan);
  ASSERT_NE(plan.find("ShortestPathsFromSource"), std::string::npos) << plan;
  Rows pairwise =
      Run("MATCH (c {id: 'n3'}), (o:ArmedGroup) MATCH p = shortestPath((o)-[*..5]->(c))" + ret);
  std::sort(single.begin(), single.end());
  std::sort(pairwise.begin(), pairwise.end());
  EXPECT_EQ(single, pairwise);
  ASSERT_FALSE(single.empty());
  for (const auto& row : single)
    EXPECT_NE(row.find("'n3']"), std::string::npos) << row;  // ends at c
}

TEST_P(ShortestPathsFromTest, AllShortestPathsMatchesPairwise) {
  const std::string ret = " RETURN o.id AS o, [x IN nodes(p) | x.id] AS via";
  std::string plan;
  Rows single =
      Run("MATCH (c {id: 'n1'}) MATCH p = allShortestPaths((c)-[*..3]-(o:Company))" + ret, &plan);
  ASSERT_NE(plan.find("AllShortestPathsFromSource"), std::string::npos) << plan;
  Rows pairwise =
      Run("MATCH (c {id: 'n1'}), (o:Company) MATCH p = allShortestPaths((c)-[*..3]-(o))" + ret);
  std::sort(single.begin(), single.end());
  std::sort(pairwise.begin(), pairwise.end());
  EXPECT_EQ(single, pairwise);
  // Some target has more than one shortest path on this graph.
  Rows distinct = Run(
      "MATCH (c {id: 'n1'}) MATCH p = allShortestPaths((c)-[*..3]-(o:Company)) RETURN DISTINCT o");
  EXPECT_LT(distinct.size(), single.size());
}

TEST_P(ShortestPathsFromTest, TimeFilterAppliesToTheSearch) {
  const std::string body =
      "MATCH p = shortestPath((c)-[*..6]-(o)) RETURN o.id AS o, length(p) AS hops";
  Rows single = Run("FOR VALID_TIME AS OF '2012-01-01' MATCH (c {id: 'n0'}) " + body);
  Rows pairwise = Run("FOR VALID_TIME AS OF '2012-01-01' MATCH (c {id: 'n0'}), (o) " + body);
  std::sort(single.begin(), single.end());
  std::sort(pairwise.begin(), pairwise.end());
  EXPECT_EQ(single, pairwise);
  Rows unfiltered = Run("MATCH (c {id: 'n0'}) " + body);
  EXPECT_LT(single.size(), unfiltered.size());
}

TEST_P(ShortestPathsFromTest, ShortestKeywordSpellingMeansShortestPath) {
  Rows a = Run(
      "MATCH p = (c {id: 'n2'})-[:ALLIED_WITH* SHORTEST 1..4]-(o:Company) RETURN o.id, length(p)");
  Rows b =
      Run("MATCH p = shortestPath((c {id: 'n2'})-[:ALLIED_WITH*1..4]-(o:Company)) RETURN o.id, "
          "length(p)");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  Rows all_a =
      Run("MATCH p = (c {id: 'n2'})-[* ALL SHORTEST ..3]-(o:Company) RETURN o.id, length(p)");
  Rows all_b =
      Run("MATCH p = allShortestPaths((c {id: 'n2'})-[*..3]-(o:Company)) RETURN o.id, length(p)");
  EXPECT_EQ(all_a, all_b);
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutAdjacencyCache, ShortestPathsFromTest, ::testing::Bool());

}  // namespace
}  // namespace actorgraph::query
