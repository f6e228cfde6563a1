// What the function registry says about each function's determinism, and
// the places that read it: the binder (no aggregate of per-call values) and
// the planner (a grouping key computed once per node only when it is
// deterministic).
#include "query/executor/functions.h"

#include <gtest/gtest.h>

#include "tests/query/query_fixture.h"

namespace actorgraph::query {
namespace {

using actorgraph::testing::QueryFixture;

TEST(FunctionRegistryTest, OnlyPerCallFunctionsAreNotDeterministic) {
  EXPECT_FALSE(fn::IsDeterministic("rand"));
  EXPECT_FALSE(fn::IsDeterministic("RAND"));
  EXPECT_FALSE(fn::IsDeterministic("datetime.realtime"));
  EXPECT_FALSE(fn::IsDeterministic("localtime.realtime"));
  EXPECT_FALSE(fn::IsDeterministic("no_such_function"));
  for (const char* name : {"toUpper", "toInteger", "id", "labels", "keys", "claims", "date",
                           "datetime", "datetime.statement", "datetime.transaction", "valid_at"})
    EXPECT_TRUE(fn::IsDeterministic(name)) << name;
  // Every registered function answers, and the per-call ones are few.
  size_t per_call = 0;
  for (const std::string& name : fn::ScalarFunctionNames())
    per_call += fn::IsDeterministic(name) ? 0 : 1;
  EXPECT_EQ(per_call, 1u + 5u);  // rand() and the five *.realtime() clocks
}

class DeterminismQueryTest : public QueryFixture {
 protected:
  void SetUp() override {
    // With the adjacency built, grouping by a node takes the per-node path.
    adjacency_cache_ = AdjacencyCacheMode::kEager;
    Open();
    ASSERT_EQ(Run("UNWIND range(1, 3) AS i CREATE (a:Actor {id: 'a' + toString(i)}) "
                  "WITH a UNWIND range(1, 4) AS j CREATE (a)-[:LINKED]->(:Actor {n: j})"),
              "");
  }
};

// date() reads the statement's clock, as datetime() does: one value per
// statement, equal to date.statement().
TEST_F(DeterminismQueryTest, DateWithoutArgumentsIsTheStatementsDate) {
  EXPECT_EQ(Run("UNWIND range(1, 2000) AS i WITH date() AS d "
                "RETURN count(DISTINCT d) AS days, min(d) = date.statement() AS same"),
            "1 | true\n");
}

// A key with rand() is not a function of the node: each row keeps its own
// group, where a per-node key would have folded a node's four rows into one.
TEST_F(DeterminismQueryTest, PerCallKeysAreComputedPerRow) {
  EXPECT_EQ(Run("MATCH (a:Actor)-[:LINKED]->(b) "
                "WITH a.id + ':' + toString(rand()) AS k, count(*) AS c RETURN max(c) AS m, "
                "count(*) AS groups"),
            "1 | 12\n");
  // A deterministic registry function of the node groups per node.
  EXPECT_EQ(Run("MATCH (a:Actor)-[:LINKED]->(b) "
                "WITH keys(a) AS k, a.id AS id, count(*) AS c RETURN max(c) AS m, "
                "count(*) AS groups"),
            "4 | 3\n");
}

TEST_F(DeterminismQueryTest, AggregatesRefusePerCallArguments) {
  for (const char* q : {"UNWIND [1, 2] AS x RETURN collect(datetime.realtime()) AS l",
                        "UNWIND [1, 2] AS x RETURN sum(x * rand()) AS s"}) {
    const std::string out = Run(q);
    EXPECT_NE(out.find("gives a new value on every call"), std::string::npos) << q << out;
    EXPECT_NE(out.find("(NonConstantExpression)"), std::string::npos) << q << out;
  }
  EXPECT_EQ(Run("UNWIND [1, 2] AS x RETURN count(datetime.statement()) AS c"), "2\n");
}

}  // namespace
}  // namespace actorgraph::query
