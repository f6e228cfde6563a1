// The binder's static types: an operand whose type is known to be wrong is a
// compile-time error (openCypher's InvalidArgumentType); anything it cannot
// tell is left to the executor.
#include <gtest/gtest.h>

#include "query/binder/binder.h"
#include "query/binder/static_types.h"
#include "query/parser/parser.h"

namespace actorgraph::query {
namespace {

class StaticTypesTest : public ::testing::Test {
 protected:
  Status Check(const std::string& text) {
    auto stmt = Parse(text);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    if (!stmt.ok()) return stmt.status();
    return Bind(**stmt, text, ontology_).status();
  }
  // Fails with a semantic error whose caret is at `column`.
  void ExpectRejectedAt(const std::string& text, int column, const std::string& fragment) {
    Status s = Check(text);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_NE(s.message().find("semantic error at line 1, column " + std::to_string(column) + ":"),
              std::string::npos)
        << s.message();
    EXPECT_NE(s.message().find(fragment), std::string::npos) << s.message();
  }
  Ontology ontology_ = *Ontology::Parse(Ontology::DefaultText(), "default");
};

TEST_F(StaticTypesTest, BooleanOperatorsNeedBooleans) {
  ExpectRejectedAt("RETURN 123 AND true", 8, "AND needs booleans, not an integer");
  ExpectRejectedAt("RETURN true OR [false]", 16, "not a list");
  ExpectRejectedAt("RETURN {} XOR null", 8, "not a map");
  ExpectRejectedAt("RETURN NOT 'a'", 12, "NOT needs a boolean, not a string");
  EXPECT_TRUE(Check("RETURN null AND true, NOT null, $p OR false").ok());
}

TEST_F(StaticTypesTest, TypesFlowThroughWithUnwindAndComprehensions) {
  ExpectRejectedAt("WITH 'x' AS s RETURN NOT s", 26, "not a string");
  ExpectRejectedAt("UNWIND [1, 2] AS x RETURN x AND true", 27, "not an integer");
  ExpectRejectedAt("RETURN none(x IN ['a', 'b'] WHERE x % 2 = 0)", 35, "'%' needs numbers");
  // A mixed list says nothing about one element.
  EXPECT_TRUE(Check("RETURN any(x IN [1, 'a', true] WHERE x)").ok());
  // The comprehension variable does not outlive the comprehension.
  EXPECT_TRUE(Check("WITH true AS x RETURN [x IN [1] | x] AS l, NOT x").ok());
}

TEST_F(StaticTypesTest, GraphFunctionsAndPredicatesCheckTheirArguments) {
  ExpectRejectedAt("MATCH (n) RETURN type(n)", 23, "type() needs a relationship, not a node");
  ExpectRejectedAt("MATCH p = (a) RETURN labels(p)", 29, "not a path");
  ExpectRejectedAt("MATCH ()-[r]->() RETURN length(r)", 32, "length() needs a path");
  ExpectRejectedAt("RETURN properties(1)", 19, "not an integer");
  ExpectRejectedAt("MATCH p = ()-->() RETURN size(p)", 31, "size() needs a list");
  EXPECT_TRUE(Check("RETURN size({a: 1}), size('ab'), length([1])").ok());
  ExpectRejectedAt("RETURN 1 IN 'foo'", 13, "IN needs a list on its right");
  ExpectRejectedAt("MATCH (n) WHERE (n) RETURN n", 18, "WHERE needs a boolean, not a node");
  ExpectRejectedAt("WITH 42.5 AS v RETURN v.num", 23, "property access");
  // Unknown at bind time: a parameter, a function result, a property.
  Status s = Check("MATCH (n) RETURN type($r), n.name AND true, toString(1) - 1");
  EXPECT_TRUE(s.ok()) << s.message();
}

TEST_F(StaticTypesTest, APatternPredicateCannotIntroduceVariables) {
  ExpectRejectedAt("MATCH (n) WHERE (n)-[r]->() RETURN n", 22, "UndefinedVariable");
  ExpectRejectedAt("MATCH (n) WHERE (n)-->(a) RETURN n", 24, "'a'");
  EXPECT_TRUE(Check("MATCH (n), (a) WHERE (n)-->(a) RETURN n").ok());
  EXPECT_TRUE(Check("MATCH (n) RETURN [(n)-[r]->(a) | a] AS l").ok());
  EXPECT_TRUE(Check("MATCH (n) WHERE any(x IN [n] WHERE (x)-->()) RETURN n").ok());
  EXPECT_TRUE(Check("MATCH (n) WHERE EXISTS { MATCH (n)-[r]->(a) WHERE (a)-->(n) } RETURN n").ok());
}

TEST(StaticTypeInference, InfersLiteralsAndArithmetic) {
  auto type_of = [](const std::string& expr) {
    const std::string text = "RETURN " + expr;
    auto stmt = Parse(text);
    EXPECT_TRUE(stmt.ok());
    const auto& ret = *(*stmt)->query.parts[0].clauses[0].As<ReturnClause>();
    auto t = InferType(*ret.projection.items[0].expr, {}, text);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : StaticType{};
  };
  EXPECT_EQ(type_of("1 + 2").kind, TypeKind::kInt);
  EXPECT_EQ(type_of("1 + 2.0").kind, TypeKind::kFloat);
  EXPECT_EQ(type_of("'a' + 'b'").kind, TypeKind::kString);
  EXPECT_EQ(type_of("[1, null, 2]").elem, TypeKind::kInt);
  EXPECT_EQ(type_of("[1, 'a']").elem, TypeKind::kAny);
  EXPECT_EQ(type_of("toString(1)").kind, TypeKind::kAny);
  EXPECT_EQ(type_of("1 < 2").kind, TypeKind::kBool);
}

}  // namespace
}  // namespace actorgraph::query
