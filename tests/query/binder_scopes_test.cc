// The binder's variable scoping (query/binder/variable_scopes.h): the
// declarations, kinds and references of a bound statement, the scope after
// each clause, and the scoping errors with their positions.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "query/binder/binder.h"
#include "query/parser/parser.h"

namespace actorgraph::query {
namespace {

using VK = VariableKind;

class BinderScopesTest : public ::testing::Test {
 protected:
  // Parses and binds `text`; the statement stays alive with the fixture.
  const BoundStatement& Bind(const std::string& text) {
    text_ = text;
    auto stmt = Parse(text_);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    stmt_ = std::move(stmt).value();
    auto bound = query::Bind(*stmt_, text_, ontology_);
    EXPECT_TRUE(bound.ok()) << bound.status().ToString();
    bound_ = std::move(bound).value();
    return bound_;
  }

  Status BindError(const std::string& text) {
    text_ = text;
    auto stmt = Parse(text_);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    if (!stmt.ok()) return stmt.status();
    stmt_ = std::move(stmt).value();
    return query::Bind(*stmt_, text_, ontology_).status();
  }

  void ExpectError(const std::string& text, const std::string& where, const std::string& what) {
    Status s = BindError(text);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_NE(s.message().find(where), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
  }

  const Clause& ClauseAt(size_t i, size_t part = 0) const {
    return stmt_->query.parts[part].clauses[i];
  }

  // The names visible after clause i.
  std::vector<std::string> ScopeNames(const Clause& c) const {
    std::vector<std::string> names;
    const std::vector<int>* ids = bound_.ScopeAfter(&c);
    EXPECT_NE(ids, nullptr);
    if (!ids) return names;
    for (int id : *ids)
      names.push_back(bound_.variables[id].name);
    return names;
  }

  const BoundVariable* Declaration(const std::string& name, int nth = 0) const {
    for (const auto& v : bound_.variables)
      if (v.name == name && nth-- == 0) return &v;
    return nullptr;
  }

  std::string text_;
  std::unique_ptr<Statement> stmt_;
  BoundStatement bound_;
  Ontology ontology_ = *Ontology::Parse(Ontology::DefaultText(), "default");
};

TEST_F(BinderScopesTest, DeclaresPatternVariablesWithTheirKinds) {
  const auto& b = Bind("MATCH p = (a)-[r]->(c), q = (a)-[rs*1..2]->(d) RETURN p, q, r, rs, c, d");
  ASSERT_NE(Declaration("a"), nullptr);
  EXPECT_EQ(Declaration("a")->kind, VK::kNode);
  EXPECT_EQ(Declaration("a", 1), nullptr);  // the second (a) is the same variable
  EXPECT_EQ(Declaration("r")->kind, VK::kRel);
  EXPECT_EQ(Declaration("rs")->kind, VK::kRelList);
  EXPECT_EQ(Declaration("p")->kind, VK::kPath);
  // Ids are indexes; the second (a) re-uses the first declaration.
  for (size_t i = 0; i < b.variables.size(); ++i)
    EXPECT_EQ(b.variables[i].id, static_cast<int>(i));
  const auto& pats = ClauseAt(0).As<MatchClause>()->patterns;
  const BoundVariable* first_a = b.Declared(&pats[0].nodes[0].variable);
  const BoundVariable* second_a = b.Declared(&pats[1].nodes[0].variable);
  ASSERT_NE(first_a, nullptr);
  EXPECT_EQ(first_a, second_a);
  EXPECT_EQ(first_a->declared.column, 12u);
}

TEST_F(BinderScopesTest, ProjectionsDeclareNewVariablesAndCarryKinds) {
  const auto& b = Bind(
      "MATCH (a)-[r]->(c) WITH a, r AS rel, 1 AS one, null AS nothing "
      "UNWIND [1] AS x RETURN a, rel, one, x");
  const auto* with = ClauseAt(1).As<WithClause>();
  const BoundVariable* a2 = b.Projected(with->projection.items[0].expr.get());
  const BoundVariable* rel = b.Projected(with->projection.items[1].expr.get());
  const BoundVariable* one = b.Projected(with->projection.items[2].expr.get());
  const BoundVariable* nothing = b.Projected(with->projection.items[3].expr.get());
  ASSERT_TRUE(a2 && rel && one && nothing);
  EXPECT_EQ(a2->name, "a");
  EXPECT_EQ(a2->kind, VK::kNode);
  EXPECT_NE(a2, Declaration("a"));  // WITH a declares anew
  EXPECT_EQ(rel->kind, VK::kRel);
  EXPECT_EQ(one->kind, VK::kScalar);
  EXPECT_EQ(nothing->kind, VK::kValue);
  const auto* unwind = ClauseAt(2).As<UnwindClause>();
  EXPECT_EQ(b.Declared(&unwind->variable)->kind, VK::kValue);
  // RETURN's a reads the WITH's a, not the MATCH's.
  const auto* ret = ClauseAt(3).As<ReturnClause>();
  EXPECT_EQ(b.Reference(ret->projection.items[0].expr->As<Variable>()), a2);
  // The scope after WITH: exactly what it projected.
  EXPECT_EQ(ScopeNames(ClauseAt(1)), (std::vector<std::string>{"a", "nothing", "one", "rel"}));
  EXPECT_EQ(ScopeNames(ClauseAt(2)), (std::vector<std::string>{"a", "nothing", "one", "rel", "x"}));
}

TEST_F(BinderScopesTest, ComprehensionVariablesShadowInsideOnly) {
  const auto& b = Bind(
      "WITH 1 AS x RETURN [x IN [2, 3] WHERE x > 1 | x * 10] AS l, x, "
      "reduce(acc = 0, x IN [4] | acc + x) AS s, any(x IN [5] WHERE x = 5) AS q");
  const auto* with = ClauseAt(0).As<WithClause>();
  const BoundVariable* outer = b.Projected(with->projection.items[0].expr.get());
  const auto& items = ClauseAt(1).As<ReturnClause>()->projection.items;
  const auto* lc = items[0].expr->As<ListComprehension>();
  const BoundVariable* inner = b.Declared(&lc->variable);
  ASSERT_TRUE(outer && inner);
  EXPECT_NE(inner, outer);
  EXPECT_EQ(inner->kind, VK::kValue);
  // `x > 1` and `x * 10` read the comprehension's x; the item `x` the WITH's.
  const auto* where = lc->where->As<Binary>();
  EXPECT_EQ(b.Reference(where->lhs->As<Variable>()), inner);
  EXPECT_EQ(b.Reference(lc->projection->As<Binary>()->lhs->As<Variable>()), inner);
  EXPECT_EQ(b.Reference(items[1].expr->As<Variable>()), outer);
  const auto* red = items[2].expr->As<Reduce>();
  const auto* sum = red->expression->As<Binary>();
  EXPECT_EQ(b.Reference(sum->lhs->As<Variable>()), b.Declared(&red->accumulator));
  EXPECT_EQ(b.Reference(sum->rhs->As<Variable>()), b.Declared(&red->variable));
  const auto* any = items[3].expr->As<Quantifier>();
  EXPECT_EQ(b.Reference(any->where->As<Binary>()->lhs->As<Variable>()), b.Declared(&any->variable));
}

TEST_F(BinderScopesTest, ExistsSubquerySeesOuterNamesAndKeepsItsOwn) {
  const auto& b = Bind(
      "MATCH (a) WHERE EXISTS { MATCH (a)-[r]->(z) WHERE z.name = a.name } "
      "RETURN a");
  const auto* m = ClauseAt(0).As<MatchClause>();
  const BoundVariable* a = b.Declared(&m->patterns[0].nodes[0].variable);
  const auto* ex = m->where->As<ExistsSubquery>();
  const Clause& inner = ex->body->parts[0].clauses[0];
  const auto* im = inner.As<MatchClause>();
  EXPECT_EQ(b.Declared(&im->patterns[0].nodes[0].variable), a);  // the outer a
  const BoundVariable* z = b.Declared(&im->patterns[0].nodes[1].variable);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->kind, VK::kNode);
  EXPECT_EQ(ScopeNames(inner), (std::vector<std::string>{"a", "r", "z"}));
  EXPECT_EQ(ScopeNames(ClauseAt(0)), (std::vector<std::string>{"a"}));
}

TEST_F(BinderScopesTest, CallSubqueryImportsByNameAndReturnsIntoTheOuterScope) {
  const auto& b =
      Bind("WITH 1 AS x, 2 AS y CALL { WITH x MATCH (n) RETURN n, x + 1 AS z } RETURN x, n, z");
  const BoundVariable* x =
      b.Projected(ClauseAt(0).As<WithClause>()->projection.items[0].expr.get());
  const auto* sub = ClauseAt(1).As<CallSubqueryClause>();
  const auto& body = sub->body->parts[0].clauses;
  // The import reads the outer x; y is not visible inside.
  EXPECT_EQ(b.Reference(body[0].As<WithClause>()->projection.items[0].expr->As<Variable>()), x);
  EXPECT_EQ(ScopeNames(body[0]), (std::vector<std::string>{"x"}));
  EXPECT_EQ(ScopeNames(body[1]), (std::vector<std::string>{"n", "x"}));
  // n and z join the outer scope with the body's declarations.
  EXPECT_EQ(ScopeNames(ClauseAt(1)), (std::vector<std::string>{"n", "x", "y", "z"}));
  const auto& ret = ClauseAt(2).As<ReturnClause>()->projection.items;
  const BoundVariable* n = b.Reference(ret[1].expr->As<Variable>());
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->kind, VK::kNode);
  EXPECT_EQ(b.Reference(ret[2].expr->As<Variable>())->kind, VK::kScalar);

  // Without an importing WITH, a body name is a new variable.
  const auto& b2 = Bind("MATCH (n) CALL { MATCH (n) RETURN count(n) AS c } RETURN n, c");
  const auto* body2 = ClauseAt(1).As<CallSubqueryClause>()->body.get();
  const auto* inner_n =
      b2.Declared(&body2->parts[0].clauses[0].As<MatchClause>()->patterns[0].nodes[0].variable);
  const auto* outer_n = b2.Declared(&ClauseAt(0).As<MatchClause>()->patterns[0].nodes[0].variable);
  ASSERT_TRUE(inner_n && outer_n);
  EXPECT_NE(inner_n, outer_n);
}

TEST_F(BinderScopesTest, WhereAndOrderBySeeTheNamesBeforeTheProjection) {
  Bind("MATCH (a) WITH a.name AS n WHERE a.id = '1' RETURN n ORDER BY n");
  Bind("MATCH (a) RETURN a.name AS n ORDER BY a.id");
  // After DISTINCT or an aggregation, WITH … WHERE (like ORDER BY) may
  // repeat a projected expression, so the binder resolves earlier names; the
  // planner admits only the repeated expressions (match.scenario).
  Bind("MATCH (a) WITH DISTINCT a.name AS n WHERE a.name = 'x' RETURN n");
  ExpectError("MATCH (a) WITH count(*) AS c WHERE zz = '1' RETURN c", "line 1, column 36",
              "unknown variable 'zz'");
  // A WITH hides what it does not project.
  ExpectError("MATCH (a), (b) WITH a RETURN b", "line 1, column 30", "unknown variable 'b'");
  // SKIP and LIMIT see no variables.
  ExpectError("MATCH (a) RETURN a SKIP a.id", "line 1, column 25", "unknown variable 'a'");
}

TEST_F(BinderScopesTest, ReportsScopingErrorsAtTheirPositions) {
  ExpectError("MATCH (a) RETURN b", "line 1, column 18", "unknown variable 'b'");
  ExpectError("WITH true AS n MATCH (n) RETURN n", "line 1, column 23", "(VariableTypeConflict)");
  ExpectError("MATCH (a)-[r]->(b) MATCH (r) RETURN r", "line 1, column 27",
              "already bound to a relationship");
  ExpectError("MATCH (a)-[r]->(b)-[r]->(c) RETURN a", "line 1, column 21",
              "(RelationshipUniquenessViolation)");
  ExpectError("MATCH p = (a) MATCH p = (b) RETURN p", "line 1, column 21",
              "(VariableAlreadyBound)");
  ExpectError("MATCH (a) CREATE (a) RETURN a", "line 1, column 19", "(VariableAlreadyBound)");
  ExpectError("MATCH ()-[r]->() CREATE (x)-[r:MEMBER_OF]->(y) RETURN r", "line 1, column 30",
              "variable 'r' is already bound");
  ExpectError("WITH 1 AS x CALL { WITH y RETURN y } RETURN x", "line 1, column 25",
              "(UndefinedVariable)");
  ExpectError("WITH 1 AS x CALL { RETURN 2 AS x } RETURN x", "line 1, column 32",
              "(VariableAlreadyBound)");
  ExpectError("WITH 1 AS x CALL { WITH x + 1 AS y RETURN y } RETURN y", "line 1, column 25",
              "an importing WITH may only name outer variables");
  ExpectError("MATCH () RETURN *", "", "RETURN * needs at least one variable");
  // A bare pattern is a predicate, not a value (openCypher's UnexpectedSyntax).
  ExpectError("MATCH (n) RETURN (n)-->()", "line 1, column 18", "(UnexpectedSyntax)");
  ExpectError("MATCH (n) WITH (n)-->() AS x RETURN x", "line 1, column 16", "(UnexpectedSyntax)");
  ExpectError("MATCH (n) SET n.name = head(nodes(head((n)-->())))", "line 1, column 40",
              "(UnexpectedSyntax)");
  ExpectError("MATCH (a) SET b.name = 'x'", "line 1, column 15", "unknown variable 'b'");
  ExpectError("MATCH (a) RETURN [x IN [1] | y] AS l", "line 1, column 30", "unknown variable 'y'");
  // A comprehension's variable does not leak out of it.
  ExpectError("RETURN [x IN [1] | x] AS l, x", "line 1, column 29", "unknown variable 'x'");
  // Nor does an EXISTS body's.
  ExpectError("MATCH (a) WHERE EXISTS { MATCH (a)-->(z) } RETURN z", "line 1, column 51",
              "unknown variable 'z'");
}

TEST_F(BinderScopesTest, PatternsArePredicatesWhereAPredicateIsExpected) {
  // WHERE, under NOT/AND/OR/XOR, exists() and comprehension filters.
  for (const char* q : {"MATCH (n) WHERE (n)-->() RETURN n",
                        "MATCH (n) WHERE NOT (n)-->() AND ((n)<--() OR (n)--()) RETURN n",
                        "MATCH (n) RETURN exists((n)-->()) AS linked",
                        "MATCH (n) RETURN [m IN [n] WHERE (m)-->() | m] AS l",
                        "MATCH (n) RETURN any(m IN [n] WHERE (m)-->()) AS b"})
    EXPECT_TRUE(BindError(q).ok()) << q;
  // An arithmetic or comparison operand is a value, even inside WHERE.
  ExpectError("MATCH (n) WHERE (n)-->() = true RETURN n", "line 1, column 17",
              "(UnexpectedSyntax)");
}

TEST_F(BinderScopesTest, WithStarNeedsNoVariables) {
  // `WITH *` passes the rows on even when nothing is named (openCypher).
  EXPECT_TRUE(BindError("MATCH () CREATE () WITH * CREATE ()").ok());
}

}  // namespace
}  // namespace actorgraph::query
