// A writing statement reads its own writes (openCypher): MERGE sees what
// earlier rows and clauses created, MATCH after CREATE finds it, deleted
// relationships disappear from expansions; and reads of earlier clauses do
// not see what later clauses wrote for earlier rows.
#include <gtest/gtest.h>

#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

class OwnWritesTest : public testing::QueryFixture {
 protected:
  void SetUp() override { Open(true); }
  std::string Count(const std::string& pattern) {
    return Run("MATCH " + pattern + " RETURN count(*)");
  }
};

TEST_F(OwnWritesTest, MergeSeesNodesOfEarlierRows) {
  EXPECT_EQ(Run("UNWIND [1, 1, 2] AS x MERGE (n:N {v: x})"), "");
  EXPECT_EQ(Count("(n:N)"), "2\n");
  // Without a label: the all-nodes scan sees them too.
  EXPECT_EQ(Run("UNWIND ['a', 'a', 'b'] AS x MERGE ({w: x})"), "");
  EXPECT_EQ(Count("(n) WHERE n.w IS NOT NULL"), "2\n");
}

TEST_F(OwnWritesTest, MergeSeesNodesOfEarlierClauses) {
  EXPECT_EQ(Run("CREATE (:X) CREATE (:X) MERGE (:X)"), "");
  EXPECT_EQ(Count("(n:X)"), "2\n");
  EXPECT_EQ(Run("CREATE (a:Y {k: 1}) WITH a MERGE (b:Y {k: 1}) RETURN a = b"), "true\n");
}

TEST_F(OwnWritesTest, MergeOfARelationshipSeesOneCreatedByAnEarlierRow) {
  EXPECT_EQ(Run("UNWIND ['Keanu', 'Hugo', 'Keanu'] AS actor "
                "MERGE (m:Movie {name: 'Matrix'}) MERGE (p:Person {name: actor}) "
                "MERGE (p)-[:ACTED_IN]->(m)"),
            "");
  EXPECT_EQ(Count("(m:Movie)"), "1\n");
  EXPECT_EQ(Count("(p:Person)"), "2\n");
  EXPECT_EQ(Count("(:Person)-[r:ACTED_IN]->(:Movie)"), "2\n");
}

TEST_F(OwnWritesTest, MergeSeesLabelsAndPropertiesSetEarlier) {
  ASSERT_EQ(Run("CREATE (:P {v: 1}), (:P {v: 2})"), "");
  // The first row sets k on both; the MERGE of each row then finds them.
  EXPECT_EQ(Run("MATCH (p:P) SET p:Q, p.k = 7 WITH p MERGE (q:Q {k: 7}) RETURN count(*)"), "4\n");
  EXPECT_EQ(Count("(q:Q)"), "2\n");
}

TEST_F(OwnWritesTest, MatchAfterCreateFindsTheCreatedPattern) {
  EXPECT_EQ(Run("CREATE (:A {i: 1})-[:R]->(:B) WITH 1 AS one "
                "MATCH (a:A)-[:R]->(b:B) RETURN a.i"),
            "1\n");
}

TEST_F(OwnWritesTest, DeletedRelationshipsAndNodesDisappearFromLaterReads) {
  ASSERT_EQ(Run("CREATE (:A)-[:R]->(:B), (:A)-[:R]->(:B)"), "");
  EXPECT_EQ(Run("MATCH (a:A)-[r:R]->() WITH r LIMIT 1 DELETE r "
                "WITH 1 AS one MATCH (:A)-[s:R]->() RETURN count(s)"),
            "1\n");
  EXPECT_EQ(Run("MATCH (b:B) DETACH DELETE b WITH count(*) AS c "
                "MATCH (x) RETURN count(x)"),
            "2\n");
}

TEST_F(OwnWritesTest, EarlierClausesDoNotSeeLaterWritesOfEarlierRows) {
  ASSERT_EQ(Run("CREATE (:A), (:A)"), "");
  // The second MATCH runs once per a; it must find the two original nodes
  // each time, not the ones CREATE made for the first a.
  EXPECT_EQ(Run("MATCH (a:A) MATCH (b:A) CREATE (:A) RETURN count(*)"), "4\n");
  EXPECT_EQ(Count("(n:A)"), "6\n");
}

TEST_F(OwnWritesTest, CallSubqueryRunsSeeWritesOfEarlierRows) {
  // Each run creates a node only when none exists yet: the second run sees
  // the first run's node.
  EXPECT_EQ(Run("UNWIND [1, 2] AS i CALL { MATCH (c:C) WITH count(c) AS n WHERE n = 0 "
                "CREATE (:C) }"),
            "");
  EXPECT_EQ(Count("(c:C)"), "1\n");
  EXPECT_EQ(Run("UNWIND [1, 2, 3] AS i CALL { WITH i MERGE (d:D {v: i % 2}) RETURN d } "
                "RETURN count(DISTINCT d)"),
            "2\n");
}

TEST_F(OwnWritesTest, OuterReadsDoNotSeeSubqueryWritesOfEarlierRows) {
  ASSERT_EQ(Run("CREATE (:E), (:E)"), "");
  EXPECT_EQ(Run("MATCH (a:E) MATCH (b:E) CALL { CREATE (:E) } RETURN count(*)"), "4\n");
}

}  // namespace
}  // namespace actorgraph
