// Cypher on an open-schema database: undeclared names, label-less nodes, and
// id and name as ordinary properties; the same statements on an ontology
// database keep today's checks.
#include <gtest/gtest.h>

#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

using OpenSchemaQueryTest = testing::QueryFixture;

TEST_F(OpenSchemaQueryTest, IdAndNameAreOrdinaryProperties) {
  Open(true);
  EXPECT_EQ(Run("CREATE ({name: 1}), (:A {id: 0, name: 'x'}), (:B {name: 'x'})"), "");
  EXPECT_EQ(Run("MATCH (n {name: 1}) RETURN n.name, n.id"), "1 | null\n");
  EXPECT_EQ(Run("MATCH (n) WHERE n.id = 0 RETURN n.name"), "'x'\n");
  EXPECT_EQ(Run("MATCH (n:B) RETURN n.id, keys(n)"), "null | ['name']\n");
  EXPECT_EQ(Run("MATCH (n {name: 'x'}) RETURN count(*)"), "2\n");
  EXPECT_EQ(Run("MATCH (n:A) SET n.id = 'seven', n.name = null RETURN n.id, n.name"),
            "'seven' | null\n");
}

TEST_F(OpenSchemaQueryTest, UndeclaredLabelsTypesAndLabelLessNodes) {
  Open(true);
  EXPECT_EQ(Run("CREATE (a:Never)-[:SEEN {w: 2}]->(b)"), "");
  EXPECT_EQ(Run("MATCH (a:Never)-[r:SEEN]->(b) RETURN labels(a), labels(b), r.w"),
            "['Never'] | [] | 2\n");
  EXPECT_EQ(Run("MATCH (a:Never) REMOVE a:Never RETURN labels(a)"), "[]\n");
  EXPECT_EQ(Run("MATCH (n:Missing) RETURN n"), "");
}

TEST_F(OpenSchemaQueryTest, OntologyDatabaseKeepsItsChecks) {
  Open(false);
  EXPECT_NE(Run("CREATE ({name: 'x'})").find("at least one label"), std::string::npos);
  EXPECT_NE(Run("CREATE (:Never)").find("unknown label"), std::string::npos);
  EXPECT_NE(Run("CREATE (:Person {shoe: 1})").find("unknown property"), std::string::npos);
  // name and id are the engine's fields there.
  EXPECT_EQ(Run("CREATE (:Person {id: 'p1', name: 'Ann'})"), "");
  EXPECT_EQ(Run("MATCH (p:Person {id: 'p1'}) RETURN p.name, keys(p)"), "'Ann' | []\n");
  EXPECT_NE(Run("CREATE (:Person {name: 1})").find("name must be a non-empty string"),
            std::string::npos);
}

TEST_F(OpenSchemaQueryTest, BuiltinLineKeepsIdAndNameInAnOpenSchema) {
  Open(true, "builtin id, name\nlabel Person { born: date }\n");
  EXPECT_EQ(Run("CREATE (:Person {id: 'p1', name: 'Ann', born: '1970'}), (:Boat {length: 9})"), "");
  EXPECT_EQ(Run("MATCH (p:Person {id: 'p1'}) RETURN p.name, keys(p)"), "'Ann' | ['born']\n");
  EXPECT_NE(Run("CREATE (:Person {born: 'soon'})").find("born"), std::string::npos);
}

}  // namespace
}  // namespace actorgraph
