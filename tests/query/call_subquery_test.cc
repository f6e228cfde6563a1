// CALL { … } subqueries: correlated (importing WITH) and uncorrelated bodies,
// aggregation inside, the inner join on zero rows, unit subqueries that only
// write, UNION bodies, and the scoping errors.
#include <gtest/gtest.h>

#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

class CallSubqueryTest : public testing::QueryFixture {
 protected:
  void SetUp() override {
    Open(true);
    // a1 -> b1, a1 -> b2, a2 (no relationships).
    ASSERT_EQ(Run("CREATE (:A {name: 'a1'})-[:R]->(:B {name: 'b1'}), "
                  "(:A {name: 'a2'})"),
              "");
    ASSERT_EQ(Run("MATCH (a:A {name: 'a1'}) CREATE (a)-[:R]->(:B {name: 'b2'})"), "");
  }
};

TEST_F(CallSubqueryTest, CorrelatedSubqueryAggregatesPerOuterRow) {
  EXPECT_EQ(Run("MATCH (a:A) CALL { WITH a MATCH (a)-->(b) RETURN count(b) AS n } "
                "RETURN a.name, n ORDER BY a.name"),
            "'a1' | 2\n'a2' | 0\n");
}

TEST_F(CallSubqueryTest, CorrelatedRowsJoinAndZeroRowsDropTheOuterRow) {
  // a2 has no neighbours: the inner join removes it.
  EXPECT_EQ(Run("MATCH (a:A) CALL { WITH a MATCH (a)-->(b) RETURN b.name AS bn } "
                "RETURN a.name, bn ORDER BY bn"),
            "'a1' | 'b1'\n'a1' | 'b2'\n");
  EXPECT_EQ(Run("MATCH (a:A) CALL { WITH a MATCH (a)-->(b) WHERE b.name = 'none' "
                "RETURN b AS x } RETURN a.name"),
            "");
}

TEST_F(CallSubqueryTest, UncorrelatedSubqueryRunsOncePerRow) {
  EXPECT_EQ(Run("CALL { MATCH (x) RETURN count(x) AS c } RETURN c"), "4\n");
  // The outer `a` is not visible inside without an importing WITH.
  EXPECT_EQ(Run("MATCH (a:A) CALL { MATCH (a:B) RETURN count(a) AS c } RETURN c"), "2\n2\n");
  std::string r = Run("MATCH (a:A) CALL { MATCH (a) RETURN count(a) AS c } RETURN c");
  EXPECT_EQ(r, "4\n4\n");  // a is the inner query's own variable: every node
  r = Run("MATCH (a:A) CALL { RETURN a.name AS n } RETURN n");
  EXPECT_NE(r.find("error"), std::string::npos) << r;
}

TEST_F(CallSubqueryTest, UnitSubqueryKeepsEachRowOnceAndWrites) {
  EXPECT_EQ(Run("MATCH (a:A) CALL { WITH a CREATE (a)-[:T]->(:C) CREATE (:C) } "
                "RETURN a.name ORDER BY a.name"),
            "'a1'\n'a2'\n");
  EXPECT_EQ(Run("MATCH (c:C) RETURN count(c)"), "4\n");
  EXPECT_EQ(Run("MATCH (:A)-[:T]->(c:C) RETURN count(c)"), "2\n");
  // A query may end with a unit subquery.
  EXPECT_EQ(Run("UNWIND [1, 2] AS i CALL { WITH i CREATE (:D {i: i}) }"), "");
  EXPECT_EQ(Run("MATCH (d:D) RETURN d.i ORDER BY d.i"), "1\n2\n");
}

TEST_F(CallSubqueryTest, UnionInsideTheBody) {
  EXPECT_EQ(Run("MATCH (a:A {name: 'a1'}) CALL { WITH a MATCH (a)-->(b) RETURN b.name AS x "
                "UNION RETURN 'z' AS x } RETURN x ORDER BY x"),
            "'b1'\n'b2'\n'z'\n");
}

TEST_F(CallSubqueryTest, ReturnedNodesNestingAndFilteredImports) {
  // A returned node can anchor a later pattern.
  EXPECT_EQ(Run("CALL { MATCH (b:B) RETURN b } MATCH (a)-->(b) RETURN a.name, b.name "
                "ORDER BY b.name"),
            "'a1' | 'b1'\n'a1' | 'b2'\n");
  // Subqueries nest; an importing WITH may filter.
  EXPECT_EQ(Run("MATCH (a:A) CALL { WITH a WHERE a.name = 'a1' CALL { WITH a MATCH (a)-->(b) "
                "RETURN collect(b.name) AS names } RETURN size(names) AS k } RETURN a.name, k"),
            "'a1' | 2\n");
  std::string r = Run("EXPLAIN MATCH (a:A) CALL { WITH a RETURN 1 AS one } RETURN one");
  EXPECT_EQ(r.find("error"), std::string::npos) << r;
}

TEST_F(CallSubqueryTest, ScopingErrors) {
  std::string r = Run("MATCH (a:A) CALL { WITH a MATCH (a)-->(b) RETURN b AS a } RETURN a");
  EXPECT_NE(r.find("already bound"), std::string::npos) << r;
  EXPECT_NE(r.find("VariableAlreadyBound"), std::string::npos) << r;
  r = Run("MATCH (a:A) CALL { WITH a RETURN a.name } RETURN 1");
  EXPECT_NE(r.find("must be aliased"), std::string::npos) << r;
  r = Run("MATCH (a:A) CALL { WITH nope RETURN 1 AS x } RETURN x");
  EXPECT_NE(r.find("nope"), std::string::npos) << r;
  r = Run("MATCH (a:A) CALL { WITH a.name AS n RETURN n AS m } RETURN m");
  EXPECT_NE(r.find("importing WITH"), std::string::npos) << r;
  r = Run("MATCH (a:A) CALL { WITH a RETURN a.name AS m } IN TRANSACTIONS RETURN m");
  EXPECT_NE(r.find("IN TRANSACTIONS is not supported"), std::string::npos) << r;
  r = Run("MATCH (a:A) CALL { WITH a RETURN a.name AS m }");
  EXPECT_NE(r.find("must end with RETURN"), std::string::npos) << r;
  r = Run("CALL { MATCH (x) RETURN x AS y } RETURN x");
  EXPECT_NE(r.find("error"), std::string::npos) << r;
}

}  // namespace
}  // namespace actorgraph
