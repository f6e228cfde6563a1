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
    return Bind(**stmt, text, ontology_);
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
  EXPECT_NE(s.message().find("semantic error at line 1, column 10"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("did you mean 'PrivateMilitaryCompany'"), std::string::npos);
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

}  // namespace
}  // namespace actorgraph::query
