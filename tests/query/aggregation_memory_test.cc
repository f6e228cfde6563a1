// What an aggregation keeps (group states, DISTINCT sets, collect() lists,
// values for percentiles, the ids of count(DISTINCT node)) counts against the
// query's memory budget, so a client cannot make a server hold unbounded
// memory through one aggregate; small aggregations still run.
#include <gtest/gtest.h>

#include <string>

#include "tests/query/query_fixture.h"

namespace actorgraph::testing {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

class AggregationMemoryTest : public QueryFixture {
 protected:
  void SetUp() override { Open(); }
  // The query's result under a budget of `mib` MiB.
  std::string RunWithin(uint64_t mib, const std::string& text) {
    memory_limit_ = mib * kMiB;
    std::string out = Run(text);
    memory_limit_ = 0;
    return out;
  }
  static bool OverBudget(const std::string& out) {
    return out.find("memory limit of 1 MiB") != std::string::npos;
  }
};

TEST_F(AggregationMemoryTest, CollectOfManyValuesIsRefusedOverTheBudget) {
  const std::string q = "UNWIND range(1, 200000) AS x RETURN size(collect(x)) AS n";
  EXPECT_TRUE(OverBudget(RunWithin(1, q))) << RunWithin(1, q);
  EXPECT_EQ(RunWithin(64, q), "200000\n");
  EXPECT_EQ(RunWithin(1, "UNWIND range(1, 1000) AS x RETURN size(collect(x)) AS n"), "1000\n");
}

TEST_F(AggregationMemoryTest, DistinctValuesAndPercentilesCountAgainstTheBudget) {
  const std::string distinct = "UNWIND range(1, 200000) AS x RETURN count(DISTINCT x) AS n";
  EXPECT_TRUE(OverBudget(RunWithin(1, distinct))) << RunWithin(1, distinct);
  EXPECT_EQ(RunWithin(64, distinct), "200000\n");
  const std::string pct =
      "UNWIND range(1, 200000) AS x RETURN percentileDisc(toFloat(x), 0.5) AS p";
  EXPECT_TRUE(OverBudget(RunWithin(1, pct))) << RunWithin(1, pct);
  EXPECT_EQ(RunWithin(64, pct), "100000.0\n");
}

TEST_F(AggregationMemoryTest, ManyGroupsAreRefusedOverTheBudget) {
  const std::string q = "UNWIND range(1, 100000) AS x RETURN x % 50000 AS g, count(*) AS c";
  EXPECT_TRUE(OverBudget(RunWithin(1, q))) << RunWithin(1, q).substr(0, 200);
  EXPECT_EQ(RunWithin(64,
                      "UNWIND range(1, 100000) AS x WITH x % 50000 AS g, count(*) AS c "
                      "RETURN count(*) AS groups, min(c) AS least"),
            "50000 | 2\n");
}

TEST_F(AggregationMemoryTest, DistinctNodesPerGroupCountAgainstTheBudget) {
  ASSERT_EQ(Run("UNWIND range(1, 200000) AS i CREATE (:P {i: i})"), "");
  // One group (no key) with 200,000 distinct nodes: their ids take ~1.6 MB.
  const std::string q = "MATCH (n:P) RETURN count(DISTINCT n) AS n";
  EXPECT_TRUE(OverBudget(RunWithin(1, q))) << RunWithin(1, q);
  EXPECT_EQ(RunWithin(64, q), "200000\n");
  // Grouped by node: the same answer through the per-node group array.
  EXPECT_EQ(RunWithin(64, "MATCH (n:P) WITH n, count(DISTINCT n) AS k RETURN sum(k) AS s"),
            "200000\n");
}

TEST_F(AggregationMemoryTest, DistinctNodesOverAnExpansionCountAgainstTheBudget) {
  ASSERT_EQ(Run("CREATE (h:H) WITH h UNWIND range(1, 200000) AS i CREATE (h)-[:R]->(:Q)"), "");
  // The aggregation takes the expansion's ids in batches (edge_source.h):
  // the (group, node) pairs it keeps are charged as on the row path.
  for (const std::string q : {"MATCH (h:H)-[:R]->(q) RETURN count(DISTINCT q) AS n",
                              "MATCH (h:H)-[:R]->(q) WITH h, count(DISTINCT q) AS k RETURN k"}) {
    EXPECT_TRUE(OverBudget(RunWithin(1, q))) << RunWithin(1, q);
    EXPECT_EQ(RunWithin(64, q), "200000\n");
  }
}

// A string or list that + builds counts against the same budget: doubling a
// string in reduce() otherwise took the machine's memory (2^28 bytes: 9 GB).
TEST_F(AggregationMemoryTest, StringsAndListsBuiltWithPlusStayWithinTheBudget) {
  const std::string strings = "RETURN size(reduce(s = 'a', x IN range(1, 22) | s + s)) AS n";
  EXPECT_TRUE(OverBudget(RunWithin(1, strings))) << RunWithin(1, strings);
  EXPECT_NE(RunWithin(1, strings).find("the string would take 2 MiB"), std::string::npos)
      << RunWithin(1, strings);
  EXPECT_EQ(RunWithin(8, strings), "4194304\n");
  const std::string lists = "RETURN size(reduce(l = [0], x IN range(1, 17) | l + l)) AS n";
  EXPECT_TRUE(OverBudget(RunWithin(1, lists))) << RunWithin(1, lists);
  EXPECT_EQ(RunWithin(64, lists), "131072\n");
  // Without a budget (the command line's default) there is no bound.
  EXPECT_EQ(Run("RETURN size('ab' + 'c') AS n, [1] + 2 + [3] AS l"), "3 | [1, 2, 3]\n");
}

}  // namespace
}  // namespace actorgraph::testing
