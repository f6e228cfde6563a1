// openCypher semantics of MERGE and DELETE details: an undirected MERGE
// matches either direction and creates left to right; DELETE of a path
// inside a list frees the nodes of their relationships first; type(r) of a
// relationship the statement deleted, while its properties are an error.
#include <gtest/gtest.h>

#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

class WriteSemanticsTest : public testing::QueryFixture {
 protected:
  void SetUp() override { Open(true); }
};

TEST_F(WriteSemanticsTest, UndirectedMergeCreatesLeftToRight) {
  EXPECT_EQ(Run("CREATE (a {k: 2}), (b {k: 1}) MERGE (a)-[r:KNOWS]-(b) "
                "RETURN startNode(r).k, endNode(r).k"),
            "2 | 1\n");
}

TEST_F(WriteSemanticsTest, UndirectedMergeMatchesEitherDirection) {
  ASSERT_EQ(Run("CREATE (a {k: 1}), (b {k: 2}) CREATE (a)-[:KNOWS]->(b)"), "");
  EXPECT_EQ(Run("MATCH (a {k: 2}), (b {k: 1}) MERGE (a)-[r:KNOWS]-(b) RETURN type(r)"),
            "'KNOWS'\n");
  EXPECT_EQ(Run("MATCH ()-[r:KNOWS]->() RETURN count(r)"), "1\n");
}

TEST_F(WriteSemanticsTest, CreateStillNeedsADirection) {
  const std::string r = Run("CREATE (a)-[:R]-(b)");
  EXPECT_NE(r.find("error"), std::string::npos) << r;
}

TEST_F(WriteSemanticsTest, DeleteOfPathsInAListRemovesRelationshipsFirst) {
  ASSERT_EQ(Run("CREATE (a:U), (b:U) CREATE (a)-[:R]->(b) CREATE (b)-[:R]->(a)"), "");
  EXPECT_EQ(Run("MATCH p = (:U)-[r]->(:U) WITH collect(p) AS ps DELETE ps[0], ps[1]"), "");
  EXPECT_EQ(Run("MATCH (n) RETURN count(n)"), "0\n");
}

TEST_F(WriteSemanticsTest, TypeOfADeletedRelationshipButNotItsProperties) {
  ASSERT_EQ(Run("CREATE ()-[:T {num: 0}]->()"), "");
  EXPECT_EQ(Run("MATCH ()-[r]->() DELETE r RETURN type(r)"), "'T'\n");
  ASSERT_EQ(Run("CREATE ()-[:T {num: 0}]->()"), "");
  const std::string r = Run("MATCH ()-[r]->() DELETE r RETURN r.num");
  EXPECT_NE(r.find("error"), std::string::npos) << r;
}

TEST_F(WriteSemanticsTest, MergeDoesNotMatchNodesDeletedByEarlierClauses) {
  ASSERT_EQ(Run("CREATE (:A {num: 1}), (:A {num: 2})"), "");
  EXPECT_EQ(Run("MATCH (a:A) DELETE a MERGE (a2:A) RETURN a2.num"), "null\nnull\n");
  EXPECT_EQ(Run("MATCH (a:A) RETURN count(a)"), "1\n");
}

TEST_F(WriteSemanticsTest, MergeWithANullPropertyIsASemanticError) {
  std::string r = Run("MERGE ({num: null})");
  EXPECT_NE(r.find("MergeReadOwnWrites"), std::string::npos) << r;
  r = Run("CREATE (a), (b) MERGE (a)-[:X {num: null}]->(b)");
  EXPECT_NE(r.find("MergeReadOwnWrites"), std::string::npos) << r;
  EXPECT_EQ(Run("MATCH (n) RETURN count(n)"), "0\n");
}

}  // namespace
}  // namespace actorgraph
