// ORDER BY … LIMIT k keeps only the best k rows in a heap (Sort::RunTop). It
// must give the first k rows of the full, stable order: ties in the input's
// order, whatever k.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/query/query_fixture.h"

namespace actorgraph::testing {
namespace {

class TopKTest : public QueryFixture {
 protected:
  void SetUp() override { Open(); }
};

TEST_F(TopKTest, LimitGivesTheFirstRowsOfTheStableOrder) {
  // Many ties (x % 5), in both directions, and a second key.
  for (const std::string order : {"g DESC", "g", "g, x DESC", "g DESC, y"}) {
    const std::string q =
        "UNWIND range(1, 60) AS x WITH x, x % 5 AS g, (x * 7) % 11 AS y "
        "RETURN g, x, y ORDER BY " +
        order;
    const std::vector<std::string> full = Lines(Run(q));
    ASSERT_EQ(full.size(), 60u) << q;
    for (int k : {0, 1, 3, 12, 59, 60, 100}) {
      const std::vector<std::string> top = Lines(Run(q + " LIMIT " + std::to_string(k)));
      const std::vector<std::string> want(full.begin(),
                                          full.begin() + std::min<size_t>(k, full.size()));
      EXPECT_EQ(top, want) << q << " LIMIT " << k;
    }
  }
}

TEST_F(TopKTest, RowsPushedOutOfTheHeapGiveBackTheirMemory) {
  // Descending order over an ascending input: every row enters the top 3
  // and pushes one out, so 200,000 rows pass through a heap of 3. Only the
  // rows held count against the budget (~25 MB were counted before rows
  // pushed out gave theirs back); the full sort still holds them all.
  memory_limit_ = uint64_t{1} << 20;
  // 1..200000 from two short ranges (one list of 200,000 would itself take
  // 8 MiB of the budget).
  const std::string q =
      "UNWIND range(0, 499) AS a UNWIND range(1, 400) AS b WITH a * 400 + b AS x "
      "RETURN x ORDER BY x DESC";
  EXPECT_EQ(Run(q + " LIMIT 3"), "200000\n199999\n199998\n");
  EXPECT_NE(Run(q).find("memory limit of 1 MiB"), std::string::npos);
  // A heap of rows larger than the budget still fails.
  EXPECT_NE(Run(q + " LIMIT 100000").find("memory limit of 1 MiB"), std::string::npos);
}

}  // namespace
}  // namespace actorgraph::testing
