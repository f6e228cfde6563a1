// count(DISTINCT x) of nodes counts (group, node) pairs in a buffer sorted
// and made unique when it fills (DistinctPairs). Rows clustered by the node
// counted (an expansion from it) are kept with the node in the leading half
// and sorted by insertion; others are radix sorted. Every way must count what
// size(collect(DISTINCT x)) counts, across several fills of the buffer
// (65,536 pairs) and with duplicate pairs.
#include <gtest/gtest.h>

#include <string>

#include "tests/query/query_fixture.h"

namespace actorgraph::testing {
namespace {

class DistinctPairsTest : public QueryFixture {
 protected:
  void SetUp() override {
    Open();
    ASSERT_EQ(Run("UNWIND range(0, 999) AS i CREATE (:Thing {id: 't' + toString(i)})"), "");
  }
  // 200,000 rows; `node` picks the node from i (ns in id order), `group`
  // the group.
  void ExpectSameCounts(const std::string& node, const std::string& group) {
    const std::string head =
        "MATCH (n:Thing) WITH collect(n) AS ns "
        "UNWIND range(0, 199999) AS i WITH ns[" +
        node + "] AS v, " + group + " AS g RETURN g, ";
    const std::string fast = Run(head + "count(DISTINCT v) AS n ORDER BY g");
    const std::string slow = Run(head + "size(collect(DISTINCT v)) AS n ORDER BY g");
    EXPECT_EQ(fast, slow) << node << " / " << group;
    EXPECT_NE(fast.rfind("error", 0), 0u) << fast;
    EXPECT_GT(fast.size(), 100u);
  }
};

TEST_F(DistinctPairsTest, RowsClusteredByTheNodeCounted) {
  // Runs of 200 rows per node, nodes in order; within a run the groups
  // repeat (duplicate pairs) and go down as well as up.
  ExpectSameCounts("i / 200", "(i * 37 + (i % 7) % 3) % 101");
  // Runs of 5, the nodes wrapping around 40 times: not sorted overall.
  ExpectSameCounts("(i / 5) % 1000", "(i / 5 * 13 + i % 2) % 97");
}

TEST_F(DistinctPairsTest, RowsClusteredByGroupAndScattered) {
  ExpectSameCounts("(i * 7919) % 1000", "i / 2000");
  ExpectSameCounts("(i * 7919) % 1000", "(i * 31) % 89");
}

}  // namespace
}  // namespace actorgraph::testing
