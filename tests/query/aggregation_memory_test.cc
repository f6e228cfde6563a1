// What an aggregation keeps (group states, DISTINCT sets, collect() lists,
// values for percentiles, the ids of count(DISTINCT node)) counts against the
// query's memory budget, so a client cannot make a server hold unbounded
// memory through one aggregate; small aggregations still run.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

// The other builders of large values count against it too, before they
// build: each of these queries took the machine's memory (bad_alloc at 6 GB
// of address space) or ran for minutes with a 512 MiB budget.
TEST_F(AggregationMemoryTest, ComprehensionsSplitAndReplaceStayWithinTheBudget) {
  ASSERT_EQ(Run("CREATE (h:H) WITH h UNWIND range(1, 64) AS i CREATE (h)-[:R]->(:P)"), "");
  // s: a string of 2^16 bytes (64 KiB), built within the budget.
  const std::string s = "WITH reduce(s = 'a', x IN range(1, 16) | s + s) AS s ";
  // Each of these builds more than 1 MiB and less than 64.
  const std::vector<std::pair<std::string, std::string>> cases = {
      // 64 copies of s: 4 MiB.
      {s + "RETURN size([x IN range(1, 64) | s]) AS n", "64\n"},
      {s + "MATCH (h:H) RETURN size([(h)-->(p) | s]) AS n", "64\n"},
      // Each step copies every string gathered so far.
      {s + "RETURN size(reduce(acc = [], x IN range(1, 64) | acc + [s])) AS n", "64\n"},
      // 65,536 pieces of one character (or none): a Value each.
      {s + "RETURN size(split(s, '')) AS n", "65536\n"},
      {s + "RETURN size(split(s, 'a')) AS n", "65537\n"},
      // 20 bytes before each of the 65,536 characters and at the end.
      {s + "RETURN size(replace(s, '', '01234567890123456789')) AS n", "1376276\n"},
      // 100,000 integers: a Value each.
      {"RETURN size(range(1, 100000)) AS n", "100000\n"},
  };
  for (const auto& [q, answer] : cases) {
    const std::string refused = RunWithin(1, q);
    EXPECT_TRUE(OverBudget(refused)) << q << "\n" << refused;
    EXPECT_EQ(RunWithin(64, q), answer) << q;
  }
  // s with each of its characters replaced by s would take 4 GiB: refused
  // before any of it is built.
  const std::string squared = RunWithin(64, s + "RETURN size(replace(s, 'a', s)) AS n");
  EXPECT_NE(squared.find("replace() would build a string of 4096 MiB, more than the query's memory "
                         "limit of 64 MiB"),
            std::string::npos)
      << squared;
  EXPECT_EQ(RunWithin(1, "RETURN replace('a-b-c', '-', '--') AS r, split('a,b', ',') AS l"),
            "'a--b--c' | ['a', 'b']\n");
}

}  // namespace
}  // namespace actorgraph::testing
