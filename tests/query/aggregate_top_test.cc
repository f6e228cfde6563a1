// ORDER BY … [SKIP s] LIMIT l over a grouped aggregation whose first sort key
// is a grouping key or an aggregate: the aggregation emits only the groups at
// least as good as the (s + l)-th best value of that key (AggregateTop). The
// rows must be those of the full, stable order (ties at the cut, nulls, mixed
// kinds, either direction), the plan must say when it applies and keep every
// group when it does not, and a dropped group must still raise its error.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/query/query_fixture.h"

namespace actorgraph::testing {
namespace {

class AggregateTopTest : public QueryFixture {
 protected:
  void SetUp() override { Open(); }
  std::string Plan(const std::string& q) {
    std::string plan;
    const std::string rows = Run("EXPLAIN " + q, {}, &plan);
    EXPECT_EQ(rows.rfind("error", 0), std::string::npos) << q << ": " << rows;
    return plan;
  }
  // The rows of `q` + " [SKIP s] LIMIT l" are rows s .. s+l of `q` alone.
  void ExpectPrefixes(const std::string& q) {
    const std::vector<std::string> full = Lines(Run(q));
    ASSERT_FALSE(full.empty()) << q;
    ASSERT_NE(full[0].rfind("error", 0), 0u) << q << ": " << full[0];
    for (int skip : {-1, 0, 2, 7}) {
      for (int k : {0, 1, 2, 3, 5, 9, 14, 15, 16, 36, 37, 100}) {
        const std::string page =
            (skip >= 0 ? " SKIP " + std::to_string(skip) : "") + " LIMIT " + std::to_string(k);
        const size_t from = std::min<size_t>(std::max(skip, 0), full.size());
        const size_t to = std::min<size_t>(from + k, full.size());
        const std::vector<std::string> want(full.begin() + from, full.begin() + to);
        EXPECT_EQ(Lines(Run(q + page)), want) << q << page;
      }
    }
  }
  // Rows the GroupAggregate emitted, from PROFILE.
  uint64_t GroupsEmitted(const std::string& q) {
    std::string plan;
    Run("PROFILE " + q, {}, &plan);
    for (const std::string& line : Lines(plan))
      if (line.find("GroupAggregate") != std::string::npos) {
        const size_t at = line.find("[rows ");
        if (at != std::string::npos) return std::stoull(line.substr(at + 6));
      }
    ADD_FAILURE() << "no GroupAggregate in\n" << plan;
    return 0;
  }
};

// 200 rows in 37 groups: groups 1..15 have 6 rows, the others 5 (ties).
const char* kRows = "UNWIND range(1, 200) AS x WITH x, x % 37 AS g ";

TEST_F(AggregateTopTest, PlanSaysWhenTheAggregationKeepsOnlyTheBestGroups) {
  const std::string q = std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n DESC, g LIMIT 3";
  EXPECT_NE(Plan(q).find("emits the best groups by n DESC"), std::string::npos) << Plan(q);
  // A grouping key first, SKIP, an aggregate by its text, a parameter limit.
  EXPECT_NE(Plan(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY g SKIP 2 LIMIT 3")
                .find("emits the best groups by g"),
            std::string::npos);
  EXPECT_NE(Plan(std::string(kRows) + "RETURN g, max(x) AS m ORDER BY max(x) LIMIT 3")
                .find("emits the best groups by max(x)"),
            std::string::npos);
  EXPECT_NE(Plan(std::string(kRows) + "WITH g, sum(x) AS s ORDER BY s DESC LIMIT $k RETURN g")
                .find("emits the best groups by s DESC"),
            std::string::npos);
}

TEST_F(AggregateTopTest, PlanKeepsEveryGroupWhereItDoesNotApply) {
  for (const std::string tail : {
           "RETURN g, count(*) AS n ORDER BY n DESC",              // no LIMIT
           "RETURN g, count(*) AS n LIMIT 3",                      // no ORDER BY
           "RETURN g, count(*) AS n ORDER BY n * 2 DESC LIMIT 3",  // not a column
           "RETURN g, count(*) AS n ORDER BY g % 5, n LIMIT 3",    // first key an expression
           "RETURN g, count(*) AS n ORDER BY n, g % 5 LIMIT 3",    // a later key an expression
           "RETURN g, count(*) + 1 AS n ORDER BY g LIMIT 3",       // an item computed
           "RETURN DISTINCT g, count(*) AS n ORDER BY n LIMIT 3",  // DISTINCT in between
           "RETURN g, percentileDisc(x, 0.5) AS p ORDER BY g LIMIT 3",
           "RETURN count(*) AS n ORDER BY n LIMIT 1",  // no grouping key
           // A LIMIT that could change between two reads.
           "RETURN g, count(*) AS n ORDER BY n LIMIT toInteger(rand() * 3) + 1",
       }) {
    const std::string plan = Plan(std::string(kRows) + tail);
    EXPECT_EQ(plan.find("emits the best"), std::string::npos) << tail << "\n" << plan;
  }
}

TEST_F(AggregateTopTest, OnlyTheGroupsAtLeastAsGoodAsTheCutAreEmitted) {
  // LIMIT 3 by n DESC: the 3rd best count is 6, shared by groups 1..15.
  EXPECT_EQ(
      GroupsEmitted(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n DESC, g DESC LIMIT 3"),
      15u);
  // The 16th best is 5: every group.
  EXPECT_EQ(GroupsEmitted(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n DESC LIMIT 16"),
            37u);
  // By the key, ascending, after SKIP 2: groups 0..4.
  EXPECT_EQ(GroupsEmitted(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY g SKIP 2 LIMIT 3"),
            5u);
  // Ascending counts: the 22 groups of 5.
  EXPECT_EQ(GroupsEmitted(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n LIMIT 1"), 22u);
  EXPECT_EQ(GroupsEmitted(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n LIMIT 0"), 0u);
  EXPECT_EQ(Run(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n DESC, g LIMIT 3"),
            "1 | 6\n2 | 6\n3 | 6\n");
}

TEST_F(AggregateTopTest, LimitGivesThePrefixOfTheFullOrder) {
  for (const std::string tail : {
           "RETURN g, count(*) AS n ORDER BY n DESC, g",
           "RETURN g, count(*) AS n ORDER BY n, g DESC",
           "RETURN g, count(*) AS n ORDER BY n DESC",  // ties left to the input's order
           "RETURN g, count(*) AS n ORDER BY g DESC",
           "RETURN g, count(DISTINCT x % 4) AS d ORDER BY d, g",
           "RETURN g, sum(x) AS s, avg(x) AS a ORDER BY s DESC",
           "RETURN g, avg(x) AS a ORDER BY a",
           "RETURN g, sum(x * 0.5) AS s ORDER BY s DESC",
           "RETURN g, stdev(x) AS sd ORDER BY sd DESC, g",
           "RETURN g, collect(x) AS xs ORDER BY xs DESC",
           "RETURN g, max(x % 11) AS m, count(*) AS n ORDER BY m DESC, n",
           "RETURN g, count(*) AS n ORDER BY count(*) DESC, g",
           "RETURN g % 7 AS h, g, count(*) AS n ORDER BY n DESC, h, g DESC",
           // Nulls: whole groups of null values, and a null key.
           "RETURN g, min(CASE WHEN g < 5 THEN null ELSE x END) AS m ORDER BY m DESC, g",
           "RETURN g, min(CASE WHEN g < 5 THEN null ELSE x END) AS m ORDER BY m, g DESC",
           "WITH CASE WHEN g < 3 THEN null ELSE g END AS g, x RETURN g, count(*) AS n ORDER BY g "
           "DESC",
           "WITH CASE WHEN g < 3 THEN null ELSE g END AS g, x RETURN g, count(*) AS n ORDER BY g",
           // Keys of mixed kinds (strings after numbers).
           "WITH CASE WHEN g % 3 = 0 THEN toString(g) ELSE g END AS g, x "
           "RETURN g, count(*) AS n ORDER BY g DESC",
       }) {
    ExpectPrefixes(std::string(kRows) + tail);
  }
}

TEST_F(AggregateTopTest, WithAndAWhereAfterThePage) {
  const std::string head = std::string(kRows) + "WITH g, count(*) AS n ORDER BY n DESC, g ";
  for (const std::string page : {"LIMIT 5", "SKIP 3 LIMIT 4"}) {
    const std::string with_page = head + page + " WHERE g % 2 = 0 RETURN g, n";
    EXPECT_NE(Plan(with_page).find("emits the best"), std::string::npos);
    EXPECT_EQ(Run(with_page), Run(head + "WITH g, n " + page + " WHERE g % 2 = 0 RETURN g, n"))
        << page;
    EXPECT_FALSE(Run(with_page).empty());
  }
}

TEST_F(AggregateTopTest, GroupsByNodeLikeQ9) {
  adjacency_cache_ = AdjacencyCacheMode::kEager;  // the node-keyed paths
  Open();
  std::string create = "CREATE ";
  for (int i = 0; i < 30; ++i)
    create += (i ? ", " : "") + std::string("(p") + std::to_string(i) + ":Person {id: 'p" +
              std::to_string(i) + "'})";
  for (int i = 0; i < 20; ++i)
    create += ", (c" + std::to_string(i) + ":Company {id: '" + std::to_string(i % 17) + "'})";
  for (int k = 0; k < 150; ++k)
    create += ", (p" + std::to_string((k * 7) % 30) + ")-[:DIRECTS]->(c" +
              std::to_string((k * k + 3 * k) % 20) + ")";
  ASSERT_EQ(Run(create), "");
  const std::string q =
      "MATCH (p:Person)-[:DIRECTS]->(c:Company) WITH p, count(DISTINCT c) AS k WHERE k > 1 "
      "MATCH (p)-[:DIRECTS]->(c:Company) RETURN toInteger(c.id) AS company, count(DISTINCT p) AS "
      "shared ORDER BY shared DESC, company";
  EXPECT_NE(Plan(q + " LIMIT 10").find("emits the best groups by shared DESC"), std::string::npos);
  ExpectPrefixes(q);
  ExpectPrefixes(
      "MATCH (p:Person)-[:DIRECTS]->(c:Company) RETURN c, count(*) AS n ORDER BY n, c.id DESC");
}

TEST_F(AggregateTopTest, ADroppedGroupStillRaisesItsError) {
  // Group 3's sum overflows; it has the fewest rows, so LIMIT 1 by count
  // DESC would not keep it, but emitting it raises the error.
  const std::string q =
      "UNWIND range(1, 20) AS x WITH x, CASE WHEN x <= 2 THEN 3 ELSE x % 3 END AS g "
      "RETURN g, count(*) AS n, sum(CASE WHEN g = 3 THEN 9223372036854775807 ELSE x END) AS s "
      "ORDER BY n DESC";
  EXPECT_NE(Run(q).find("overflow"), std::string::npos) << Run(q);
  EXPECT_NE(Run(q + " LIMIT 1").find("overflow"), std::string::npos) << Run(q + " LIMIT 1");
  // A bad LIMIT is reported as without the cut.
  EXPECT_NE(Run(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n LIMIT $k",
                {{"k", Value(int64_t{-1})}})
                .find("LIMIT"),
            std::string::npos);
  EXPECT_EQ(Lines(Run(std::string(kRows) + "RETURN g, count(*) AS n ORDER BY n DESC, g LIMIT $k",
                      {{"k", Value(int64_t{2})}})),
            (std::vector<std::string>{"1 | 6", "2 | 6"}));
}

}  // namespace
}  // namespace actorgraph::testing
