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

// A node, relationship or path inside a list or map is not a property value:
// the statement fails and writes nothing (it used to store [null]).
TEST_F(OpenSchemaQueryTest, PropertiesHoldNoGraphElements) {
  Open(true);
  EXPECT_EQ(Run("CREATE (:T {k: 1})"), "");
  for (const char* q : {"MATCH (b:T) SET b.m = [b]", "MATCH (b:T) SET b.m = {x: b}",
                        "MATCH (b:T) CREATE (b)-[r:R]->(c) SET c.m = [[r]]",
                        "MATCH p = (b:T) CREATE (c {m: [p]})", "MATCH (b:T) SET b += {m: [b]}"})
    EXPECT_NE(Run(q).find("cannot hold a"), std::string::npos) << q;
  EXPECT_EQ(Run("MATCH (n) RETURN count(n), collect(n.m)"), "1 | []\n");
  EXPECT_EQ(Run("MATCH ()-[r]->() RETURN count(r)"), "0\n");
  EXPECT_EQ(Run("MATCH (b:T) SET b.m = [{x: [1, 2]}] RETURN b.m"), "[{x: [1, 2]}]\n");
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

namespace actorgraph {
namespace {

// Groups come out in key order whatever the key's kind (the sort has a fast
// path for one key of integers or nodes).
TEST_F(OpenSchemaQueryTest, GroupsComeOutInKeyOrder) {
  Open(true);
  EXPECT_EQ(Run("UNWIND [3, -1, 2, -5, 3, -9223372036854775807] AS x RETURN x, count(*)"),
            "-9223372036854775807 | 1\n-5 | 1\n-1 | 1\n2 | 1\n3 | 2\n");
  EXPECT_EQ(Run("UNWIND [2, 'a', 1.5, null, 1] AS x RETURN x, count(*)"),
            "'a' | 1\n1 | 1\n1.5 | 1\n2 | 1\nnull | 1\n");
  EXPECT_EQ(Run("CREATE (:G {k: 2}), (:G {k: 1}), (:G {k: 2})"), "");
  EXPECT_EQ(Run("MATCH (n:G) WITH n.k AS k, collect(n) AS ns RETURN k, size(ns)"),
            "1 | 1\n2 | 2\n");
  EXPECT_EQ(Run("MATCH (n:G) WITH n, count(*) AS c RETURN count(DISTINCT n), sum(c)"),
            "3 | 3\n");
}

// A length range whose minimum exceeds its maximum matches nothing (openCypher).
TEST_F(OpenSchemaQueryTest, EmptyLengthRangeMatchesNothing) {
  Open(true);
  EXPECT_EQ(Run("CREATE (:L)-[:R]->(:L)-[:R]->(:L)"), "");
  EXPECT_EQ(Run("MATCH (a)-[:R*2..1]->(b) RETURN count(*)"), "0\n");
  EXPECT_EQ(Run("MATCH (a)-[:R*..0]->(b) RETURN count(*)"), "0\n");
  EXPECT_EQ(Run("MATCH (a)-[:R*1..2]->(b) RETURN count(*)"), "3\n");
  EXPECT_EQ(Run("MATCH (a)-[:R*0..0]->(b) RETURN count(*)"), "3\n");
}

}  // namespace
}  // namespace actorgraph

namespace actorgraph {
namespace {

// Neo4j 5 pattern syntax: label alternatives, WHERE inside a pattern, COUNT { }.
TEST_F(OpenSchemaQueryTest, LabelAlternativesInlineWhereAndCountSubqueries) {
  Open(true);
  EXPECT_EQ(Run("CREATE (:A {x: 1})-[:T]->(:B {x: 2})-[:T {w: 5}]->(:C {x: 3})"), "");
  EXPECT_EQ(Run("MATCH (n:A|B) RETURN n.x ORDER BY n.x"), "1\n2\n");
  EXPECT_EQ(Run("MATCH (:A|:C) RETURN count(*)"), "2\n");
  EXPECT_EQ(Run("MATCH (n WHERE n.x >= 2) RETURN n.x ORDER BY n.x"), "2\n3\n");
  EXPECT_EQ(Run("MATCH (a)-[r:T WHERE r.w = 5]->(b:C|A WHERE b.x > 0) RETURN a.x, b.x"),
            "2 | 3\n");
  // The inline predicates and the clause's WHERE both hold.
  EXPECT_EQ(Run("MATCH (n:B|C WHERE n.x > 1) WHERE n.x < 3 RETURN n.x"), "2\n");
  EXPECT_EQ(Run("OPTIONAL MATCH (n:A WHERE n.x = 9) RETURN n"), "null\n");
  EXPECT_EQ(Run("MATCH (n) RETURN n.x, COUNT { (n)-->() } ORDER BY n.x"),
            "1 | 1\n2 | 1\n3 | 0\n");
  EXPECT_EQ(Run("MATCH (n) RETURN n.x, COUNT { MATCH (n)--(m WHERE m.x > 1) } ORDER BY n.x"),
            "1 | 1\n2 | 1\n3 | 1\n");
  EXPECT_EQ(Run("MATCH (n) WHERE EXISTS { (n)-->(:C|A) } RETURN n.x"), "2\n");
  EXPECT_EQ(Run("MATCH (a:A) RETURN [(a)-->(b WHERE b.x = 2) | b.x]"), "[2]\n");
  // The hidden name of an anonymous node does not show in RETURN *.
  EXPECT_EQ(Run("MATCH (a:A)-->(:B|C) RETURN *").find("pattern@"), std::string::npos);
}

TEST_F(OpenSchemaQueryTest, PatternPredicatesOnlyWhereTheyCanFilter) {
  Open(true);
  EXPECT_NE(Run("CREATE (n:A|B)").find("allowed in MATCH"), std::string::npos);
  EXPECT_NE(Run("MATCH (n) WHERE (n)-->(:A|B) RETURN n").find("allowed in MATCH"),
            std::string::npos);
  EXPECT_NE(Run("MATCH (n:A|B:C) RETURN n").find("may not mix"), std::string::npos);
  EXPECT_NE(Run("MATCH (n)-[r*1..2 WHERE r.w = 1]->(m) RETURN m").find("variable-length"),
            std::string::npos);
  EXPECT_NE(Run("MATCH (n) RETURN COUNT { (n)-->() RETURN 1 }").find("not supported"),
            std::string::npos);
}

}  // namespace
}  // namespace actorgraph
