// The binder checks names against the ontology before any planning.
#include "query/binder/binder.h"

#include <gtest/gtest.h>

#include "query/parser/parser.h"

namespace actorgraph::query {
namespace {

class BinderTest : public ::testing::Test {
 protected:
  Status Check(const std::string& text) {
    auto stmt = Parse(text);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    if (!stmt.ok()) return stmt.status();
    return Bind(**stmt, text, ontology_).status();
  }
  Ontology ontology_ = *Ontology::Parse(Ontology::DefaultText(), "default");
};

TEST_F(BinderTest, AcceptsKnownNamesAndInheritedProperties) {
  EXPECT_TRUE(Check("MATCH (g:ArmedGroup)-[r:MEMBER_OF]->(x) WHERE g.country = 'ML' AND "
                    "g.ideology = 'x' AND r.role = 'y' RETURN g.name, g.id, g.valid_from")
                  .ok());
}

TEST_F(BinderTest, UnknownLabelNamesItsPositionAndSuggests) {
  Status s = Check("MATCH (a:PrivateMilitaryCompnay) RETURN a");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("semantic error at line 1, column 10"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("did you mean 'PrivateMilitaryCompany'"), std::string::npos);
}

// The binder resolves every function call, wherever it is, and the planner
// compiles calls from that resolution.
TEST_F(BinderTest, ResolvesFunctionCallsEverywhere) {
  const std::string text =
      "MATCH (a {name: toUpper('x')}) WHERE EXISTS { MATCH (a)-->(b) WHERE size(b.name) > 1 } "
      "WITH a, count(*) AS c ORDER BY toLower(a.name) SKIP abs(-1) "
      "RETURN claims(a.name), exists((a)-->()), [x IN range(1, 2) | toString(x)] AS l";
  auto stmt = Parse(text);
  ASSERT_TRUE(stmt.ok()) << stmt.status().ToString();
  auto bound = Bind(**stmt, text, ontology_);
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  // toUpper, size, toLower, abs, claims, exists, range, toString; not count.
  EXPECT_EQ(bound->functions.size(), 8u);
  size_t property_args = 0, pattern_tests = 0;
  for (const auto& [call, f] : bound->functions) {
    EXPECT_NE(call->name, "count");
    if (f.form == BoundFunction::Form::kPropertyArgument) ++property_args;
    if (f.form == BoundFunction::Form::kPatternTest) ++pattern_tests;
    if (f.form != BoundFunction::Form::kPatternTest) {
      EXPECT_TRUE(f.impl) << call->name;
    }
  }
  EXPECT_EQ(property_args, 1u);  // claims(a.name) passes a and "name"
  EXPECT_EQ(pattern_tests, 1u);  // exists((a)-->())
}

TEST_F(BinderTest, UnknownFunctionIsPlacedAtTheCall) {
  Status s = Check("MATCH (a) WITH a SKIP 1 RETURN a ORDER BY 1 + toUpperr(a.name)");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("semantic error at line 1, column 47"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("unknown function 'toUpperr'"), std::string::npos) << s.message();
  Status arity = Check("MATCH (a) RETURN a LIMIT size()");
  ASSERT_FALSE(arity.ok());
  EXPECT_NE(arity.message().find("size() takes 1 argument(s), not 0"), std::string::npos)
      << arity.message();
}

TEST_F(BinderTest, UnknownTypeInsideExistsIsFound) {
  Status s = Check("MATCH (a) WHERE EXISTS { MATCH (a)-[:FUNDS]->() } RETURN a");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown relationship type 'FUNDS'"), std::string::npos);
}

TEST_F(BinderTest, PropertyKeysAreCheckedOnlyOnNodesAndRelationships) {
  // c is a map from claims(): its keys are not ontology properties.
  EXPECT_TRUE(Check("MATCH (n) UNWIND claims(n) AS c RETURN c.source, c.stance").ok());
  Status s = Check("MATCH (n) RETURN n.sorce");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown property 'sorce'"), std::string::npos) << s.message();
  // Through WITH the variable keeps being a node.
  EXPECT_FALSE(Check("MATCH (n) WITH n AS m RETURN m.nope").ok());
}

TEST_F(BinderTest, PatternMapKeysAreChecked) {
  EXPECT_FALSE(Check("MATCH (n:Person {nationalty: 'ML'}) RETURN n").ok());
  EXPECT_FALSE(Check("CREATE (n:Person {id: 'x', name: 'X', bogus: 1})").ok());
}

// DELETE takes entities; a label is taken off with REMOVE.
TEST_F(BinderTest, DeleteOfALabelIsASyntaxError) {
  for (const char* q :
       {"MATCH (n:Actor) DELETE n:Actor", "MATCH ()-[r:MEMBER_OF]->() DELETE r:MEMBER_OF"}) {
    Status s = Check(q);
    ASSERT_FALSE(s.ok()) << q;
    EXPECT_NE(s.message().find("syntax error"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("(InvalidDelete)"), std::string::npos) << s.message();
  }
  EXPECT_TRUE(Check("MATCH (n:Actor) DETACH DELETE n").ok());
  Status s = Check("MATCH (n:Actor) DELETE 1 + 1");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("(InvalidArgumentType)"), std::string::npos) << s.message();
  EXPECT_TRUE(Check("MATCH p = (n:Actor)-->() DELETE p").ok());
}

// An aggregate cannot run once per list element.
TEST_F(BinderTest, AggregateInsideAnIterationIsRejectedWhereItIs) {
  Status s = Check("MATCH (n) RETURN [x IN [1, 2] | count(*)] AS l");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 1, column 33"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("(InvalidAggregation)"), std::string::npos) << s.message();
  EXPECT_FALSE(Check("RETURN any(x IN [1] WHERE sum(x) > 0) AS b").ok());
  EXPECT_FALSE(Check("RETURN reduce(a = 0, x IN [1] | a + max(x)) AS b").ok());
  // Around a comprehension, or over a pattern comprehension, it is fine.
  EXPECT_TRUE(Check("MATCH (n) RETURN count([x IN [1] | x]) AS c").ok());
  EXPECT_TRUE(Check("MATCH (n) RETURN [x IN [1] | size([(n)-->(m) | m])] AS l").ok());
}

// An aggregate over random values has no defined result.
TEST_F(BinderTest, RandInsideAnAggregateIsRejected) {
  Status s = Check("UNWIND [1, 2] AS x RETURN sum(x * rand()) AS s");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 1, column 35"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("(NonConstantExpression)"), std::string::npos) << s.message();
  EXPECT_TRUE(Check("UNWIND [1, 2] AS x RETURN sum(x) * rand() AS s").ok());
}

}  // namespace
}  // namespace actorgraph::query
