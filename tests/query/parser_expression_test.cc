// Parser: expressions — precedence, literals and every expression form.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "query/parser/parser.h"
#include "query/parser/printer.h"

namespace actorgraph::query {
namespace {

ExprPtr MustParseExpr(std::string_view text) {
  auto r = ParseExpression(text);
  EXPECT_TRUE(r.ok()) << text << "\n" << r.status().message();
  if (!r.ok()) return nullptr;
  return std::move(r).value();
}

// How the parser grouped `text`: every operator application in parentheses.
std::string Grouping(std::string_view text) {
  ExprPtr e = MustParseExpr(text);
  return e ? ToStringFullyParenthesized(*e) : "<error>";
}

// The minimal printed form; it must parse back to the same tree.
std::string Printed(std::string_view text) {
  ExprPtr e = MustParseExpr(text);
  if (!e) return "<error>";
  const std::string printed = ToString(*e);
  ExprPtr again = MustParseExpr(printed);
  if (again) {
    EXPECT_EQ(ToStringFullyParenthesized(*again), ToStringFullyParenthesized(*e)) << printed;
  }
  return printed;
}

Value LiteralValue(std::string_view text) {
  ExprPtr e = MustParseExpr(text);
  if (!e || !e->As<Literal>()) {
    ADD_FAILURE() << text << " is not a literal";
    return Value();
  }
  return e->As<Literal>()->value;
}

TEST(ParserExpressionTest, BooleanPrecedence) {
  EXPECT_EQ(Grouping("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(Grouping("a AND b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Grouping("a XOR b OR c"), "((a XOR b) OR c)");
  EXPECT_EQ(Grouping("a OR b XOR c"), "(a OR (b XOR c))");
  EXPECT_EQ(Grouping("a AND b XOR c AND d"), "((a AND b) XOR (c AND d))");
  EXPECT_EQ(Grouping("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(Grouping("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(Grouping("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(Grouping("a OR b OR c"), "((a OR b) OR c)");
}

TEST(ParserExpressionTest, ArithmeticPrecedence) {
  EXPECT_EQ(Grouping("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(Grouping("1 * 2 + 3"), "((1 * 2) + 3)");
  EXPECT_EQ(Grouping("1 - 2 - 3"), "((1 - 2) - 3)");
  EXPECT_EQ(Grouping("8 / 4 % 3 * 2"), "(((8 / 4) % 3) * 2)");
  EXPECT_EQ(Grouping("2 * 3 ^ 2"), "(2 * (3^2))");
  EXPECT_EQ(Grouping("2 ^ 3 ^ 2"), "((2^3)^2)");  // left-associative in openCypher
  EXPECT_EQ(Grouping("-a ^ 2"), "((-a)^2)");      // unary minus binds tighter than ^
  EXPECT_EQ(Grouping("2 ^ -a"), "(2^(-a))");
  EXPECT_EQ(Grouping("a * -b"), "(a * (-b))");
  EXPECT_EQ(Grouping("-a.b"), "(-a.b)");
  EXPECT_EQ(Grouping("+a - -b"), "((+a) - (-b))");
  EXPECT_EQ(Grouping("(1 + 2) * 3"), "((1 + 2) * 3)");
}

TEST(ParserExpressionTest, ComparisonAndPredicatePrecedence) {
  EXPECT_EQ(Grouping("1 + 2 < 3 * 4"), "((1 + 2) < (3 * 4))");
  EXPECT_EQ(Grouping("a = b AND c <> d"), "((a = b) AND (c <> d))");
  EXPECT_EQ(Grouping("a + b IN list"), "((a + b) IN list)");
  EXPECT_EQ(Grouping("a IN list = true"), "((a IN list) = true)");
  EXPECT_EQ(Grouping("a IN b IN c"), "((a IN b) IN c)");
  EXPECT_EQ(Grouping("s STARTS WITH 'a' + 'b'"), "(s STARTS WITH ('a' + 'b'))");
  EXPECT_EQ(Grouping("s ENDS WITH x OR s CONTAINS y"), "((s ENDS WITH x) OR (s CONTAINS y))");
  EXPECT_EQ(Grouping("s =~ 'a.*' AND t"), "((s =~ 'a.*') AND t)");
  EXPECT_EQ(Grouping("x IS NULL OR y IS NOT NULL"), "((x IS NULL) OR (y IS NOT NULL))");
  EXPECT_EQ(Grouping("x IS NULL = false"), "((x IS NULL) = false)");
  EXPECT_EQ(Grouping("a.b IS NULL"), "(a.b IS NULL)");
  EXPECT_EQ(Grouping("n:Person AND n.age > 1"), "((n:Person) AND (n.age > 1))");
  EXPECT_EQ(Grouping("a <> b"), "(a <> b)");
  EXPECT_EQ(Grouping("a != b"), "(a <> b)");
}

TEST(ParserExpressionTest, ChainedComparisons) {
  ExprPtr e = MustParseExpr("a < b <= c");
  const auto* chain = e->As<ComparisonChain>();
  ASSERT_NE(chain, nullptr);
  ASSERT_EQ(chain->operands.size(), 3u);
  EXPECT_EQ(chain->ops, (std::vector<BinaryOp>{BinaryOp::kLt, BinaryOp::kLe}));
  EXPECT_EQ(ToString(*chain->operands[1]), "b");
  EXPECT_EQ(Printed("a < b <= c"), "a < b <= c");
  EXPECT_EQ(Grouping("1 < x + 1 < 3 AND y"), "((1 < (x + 1) < 3) AND y)");
  EXPECT_EQ(Grouping("a = b = c"), "(a = b = c)");
  // A single comparison stays a Binary; parentheses break a chain.
  EXPECT_NE(MustParseExpr("a < b")->As<Binary>(), nullptr);
  EXPECT_EQ(Printed("(a < b) < c"), "(a < b) < c");
  EXPECT_NE(MustParseExpr("(a < b) < c")->As<Binary>(), nullptr);
}

TEST(ParserExpressionTest, PrinterAddsOnlyNeededParentheses) {
  EXPECT_EQ(Printed("(a OR b) AND c"), "(a OR b) AND c");
  EXPECT_EQ(Printed("a OR (b AND c)"), "a OR b AND c");
  EXPECT_EQ(Printed("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(Printed("(a - b) - c"), "a - b - c");
  EXPECT_EQ(Printed("2 ^ (3 ^ 2)"), "2^(3^2)");
  EXPECT_EQ(Printed("NOT (a AND b)"), "NOT (a AND b)");
  EXPECT_EQ(Printed("a = (NOT b)"), "a = (NOT b)");
  EXPECT_EQ(Printed("- (-a)"), "-(-a)");
  EXPECT_EQ(Printed("(-1).x"), "(-1).x");
  EXPECT_EQ(Printed("(a + b).c"), "(a + b).c");
  EXPECT_EQ(Printed("(a IN b) IN c"), "a IN b IN c");
  EXPECT_EQ(Printed("a IN (b IN c)"), "a IN (b IN c)");
}

TEST(ParserExpressionTest, IntegerLiterals) {
  EXPECT_EQ(LiteralValue("0"), Value(0));
  EXPECT_EQ(LiteralValue("42"), Value(42));
  EXPECT_EQ(LiteralValue("0x1F"), Value(31));
  EXPECT_EQ(LiteralValue("0XfF"), Value(255));
  EXPECT_EQ(LiteralValue("0o17"), Value(15));
  EXPECT_EQ(LiteralValue("-7"), Value(-7));
  EXPECT_EQ(LiteralValue("9223372036854775807"), Value(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(LiteralValue("-9223372036854775808"), Value(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(LiteralValue("0x7FFFFFFFFFFFFFFF"), Value(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(LiteralValue("-0x8000000000000000"), Value(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(LiteralValue("-7").kind(), Value::Kind::kInt);
}

TEST(ParserExpressionTest, FloatLiterals) {
  EXPECT_EQ(LiteralValue("1.5"), Value(1.5));
  EXPECT_EQ(LiteralValue("1e3"), Value(1000.0));
  EXPECT_EQ(LiteralValue("1e3").kind(), Value::Kind::kFloat);
  EXPECT_EQ(LiteralValue(".5"), Value(0.5));
  EXPECT_EQ(LiteralValue("1E-3"), Value(0.001));
  EXPECT_EQ(LiteralValue("1.5e+10"), Value(1.5e10));
  EXPECT_EQ(LiteralValue("-2.5"), Value(-2.5));
  EXPECT_EQ(LiteralValue("1e-400"), Value(0.0));  // underflow rounds to zero
  EXPECT_EQ(Printed("0.1 + 1e300"), "0.1 + 1e+300");
  EXPECT_EQ(Printed("3.0"), "3.0");
}

TEST(ParserExpressionTest, StringLiterals) {
  EXPECT_EQ(LiteralValue("'single'"), Value("single"));
  EXPECT_EQ(LiteralValue("\"double\""), Value("double"));
  EXPECT_EQ(LiteralValue(R"('a\nb\tc\\d\'e\"f')"), Value("a\nb\tc\\d'e\"f"));
  EXPECT_EQ(LiteralValue(R"("it's")"), Value("it's"));
  EXPECT_EQ(LiteralValue(R"('\u00e9\u4e2d')"), Value("\xC3\xA9\xE4\xB8\xAD"));
  EXPECT_EQ(LiteralValue(R"('\uD83D\uDE00')"), Value("\xF0\x9F\x98\x80"));  // surrogate pair
  EXPECT_EQ(LiteralValue(R"('\U0001F600')"), Value("\xF0\x9F\x98\x80"));
  EXPECT_EQ(LiteralValue("'multi\nline'"), Value("multi\nline"));
  EXPECT_EQ(LiteralValue("''"), Value(""));
  EXPECT_EQ(Printed(R"("say \"hi\"\n")"), R"('say "hi"\n')");
  EXPECT_EQ(Printed(R"('back\\slash \'q\'')"), R"('back\\slash \'q\'')");
}

TEST(ParserExpressionTest, OtherLiteralsAndParameters) {
  EXPECT_EQ(LiteralValue("true"), Value(true));
  EXPECT_EQ(LiteralValue("FALSE"), Value(false));
  EXPECT_TRUE(LiteralValue("Null").is_null());
  EXPECT_EQ(MustParseExpr("$name")->As<Parameter>()->name, "name");
  EXPECT_EQ(MustParseExpr("$0")->As<Parameter>()->name, "0");
  EXPECT_EQ(MustParseExpr("$`odd name`")->As<Parameter>()->name, "odd name");
  EXPECT_EQ(Printed("$`odd name` + $0 + $p"), "$`odd name` + $0 + $p");
}

TEST(ParserExpressionTest, PropertiesSubscriptsAndSlices) {
  EXPECT_EQ(Printed("a.b.c"), "a.b.c");
  EXPECT_EQ(Printed("l[0]"), "l[0]");
  EXPECT_EQ(Printed("m['k'].x[1 + 1]"), "m['k'].x[1 + 1]");
  EXPECT_EQ(Printed("l[1..3]"), "l[1..3]");
  EXPECT_EQ(Printed("l[..b]"), "l[..b]");
  EXPECT_EQ(Printed("l[a..]"), "l[a..]");
  EXPECT_EQ(Printed("l[..]"), "l[..]");
  ExprPtr e = MustParseExpr("l[a..]");
  const auto* s = e->As<Slice>();
  ASSERT_NE(s, nullptr);
  EXPECT_NE(s->from, nullptr);
  EXPECT_EQ(s->to, nullptr);
  ExprPtr p = MustParseExpr("a.b.c");
  EXPECT_EQ(p->As<PropertyAccess>()->key, "c");
  EXPECT_EQ(p->As<PropertyAccess>()->object->As<PropertyAccess>()->key, "b");
}

TEST(ParserExpressionTest, ListsAndMaps) {
  EXPECT_EQ(Printed("[]"), "[]");
  EXPECT_EQ(Printed("[1, 'a', [true, null], {k: 1}]"), "[1, 'a', [true, null], {k: 1}]");
  EXPECT_EQ(Printed("{}"), "{}");
  EXPECT_EQ(Printed("{a: 1, `b c`: [2], end: x.y}"), "{a: 1, `b c`: [2], end: x.y}");
  ExprPtr m = MustParseExpr("{b: 1, a: 2}");
  const auto* map = m->As<MapLiteral>();
  ASSERT_NE(map, nullptr);
  ASSERT_EQ(map->entries.size(), 2u);
  EXPECT_EQ(map->entries[0].key.name, "b");  // written order is kept
}

TEST(ParserExpressionTest, ListComprehensions) {
  EXPECT_EQ(Printed("[x IN range(1, 10) WHERE x % 2 = 0 | x ^ 2]"),
            "[x IN range(1, 10) WHERE x % 2 = 0 | x^2]");
  EXPECT_EQ(Printed("[x IN l WHERE x > 1]"), "[x IN l WHERE x > 1]");
  EXPECT_EQ(Printed("[x IN l | x.name]"), "[x IN l | x.name]");
  EXPECT_EQ(Printed("[x IN l]"), "[x IN l]");
  ExprPtr e = MustParseExpr("[x IN l WHERE x > 1 | x * 2]");
  const auto* c = e->As<ListComprehension>();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->variable.name, "x");
  EXPECT_EQ(ToString(*c->where), "x > 1");
  EXPECT_EQ(ToString(*c->projection), "x * 2");
  // A list of one boolean IN test needs parentheses to stay a list literal.
  EXPECT_NE(MustParseExpr("[(x IN l)]")->As<ListLiteral>(), nullptr);
}

TEST(ParserExpressionTest, PatternComprehensionsAndPredicates) {
  EXPECT_EQ(Printed("[(a)-[:T]->(b) WHERE b.x > 1 | b.name]"),
            "[(a)-[:T]->(b) WHERE b.x > 1 | b.name]");
  EXPECT_EQ(Printed("[p = (a)-->(b) | length(p)]"), "[p = (a)-->(b) | length(p)]");
  ExprPtr pc = MustParseExpr("[p = (a)-->(b) | p]");
  ASSERT_NE(pc->As<PatternComprehension>(), nullptr);
  EXPECT_EQ(pc->As<PatternComprehension>()->pattern.variable.name, "p");

  ExprPtr pred = MustParseExpr("(a)-[:T]->(b) AND NOT (a)<--(:X)");
  EXPECT_EQ(ToStringFullyParenthesized(*pred), "((a)-[:T]->(b) AND (NOT (a)<--(:X)))");
  EXPECT_NE(pred->As<Binary>()->lhs->As<PatternPredicate>(), nullptr);
  // Parenthesized expressions are not patterns.
  EXPECT_NE(MustParseExpr("(a) - 1")->As<Binary>(), nullptr);
  EXPECT_NE(MustParseExpr("(a:Person)")->As<LabelCheck>(), nullptr);
  EXPECT_EQ(Grouping("(a) < -1"), "(a < -1)");
}

TEST(ParserExpressionTest, Case) {
  EXPECT_EQ(Printed("CASE a.x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END"),
            "CASE a.x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END");
  EXPECT_EQ(Printed("case when a > 1 then true end"), "CASE WHEN a > 1 THEN true END");
  ExprPtr e = MustParseExpr("CASE WHEN a THEN 1 WHEN b THEN 2 END");
  const auto* c = e->As<CaseExpr>();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->subject, nullptr);
  EXPECT_EQ(c->alternatives.size(), 2u);
  EXPECT_EQ(c->otherwise, nullptr);
}

TEST(ParserExpressionTest, FunctionCalls) {
  EXPECT_EQ(Printed("count(*)"), "count(*)");
  EXPECT_NE(MustParseExpr("COUNT(*)")->As<CountStar>(), nullptr);
  EXPECT_EQ(Printed("count(DISTINCT n.x)"), "count(DISTINCT n.x)");
  EXPECT_EQ(Printed("rand()"), "rand()");
  EXPECT_EQ(Printed("apoc.text.join(l, ',')"), "apoc.text.join(l, ',')");
  EXPECT_EQ(Printed("toUpper(trim(s))"), "toUpper(trim(s))");
  EXPECT_EQ(Printed("exists(n.prop)"), "exists(n.prop)");
  ExprPtr e = MustParseExpr("count(DISTINCT n)");
  const auto* f = e->As<FunctionCall>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name, "count");
  EXPECT_TRUE(f->distinct);
  ASSERT_EQ(f->args.size(), 1u);
  EXPECT_EQ(MustParseExpr("a.b.f(1)")->As<FunctionCall>()->name, "a.b.f");
  EXPECT_EQ(MustParseExpr("exists(n.prop)")->As<FunctionCall>()->name, "exists");
}

TEST(ParserExpressionTest, QuantifiersAndReduce) {
  EXPECT_EQ(Printed("all(x IN l WHERE x > 0)"), "all(x IN l WHERE x > 0)");
  EXPECT_EQ(Printed("ANY(x IN l WHERE x IS NULL)"), "any(x IN l WHERE x IS NULL)");
  EXPECT_EQ(Printed("none(x IN l WHERE x = 1) OR single(y IN m WHERE y)"),
            "none(x IN l WHERE x = 1) OR single(y IN m WHERE y)");
  EXPECT_EQ(MustParseExpr("single(x IN l WHERE x)")->As<Quantifier>()->kind,
            Quantifier::Kind::kSingle);
  EXPECT_EQ(Printed("reduce(s = 0, x IN l | s + x)"), "reduce(s = 0, x IN l | s + x)");
  ExprPtr e = MustParseExpr("reduce(acc = '', x IN l | acc + x)");
  const auto* r = e->As<Reduce>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->accumulator.name, "acc");
  EXPECT_EQ(r->variable.name, "x");
}

TEST(ParserExpressionTest, ExistsSubqueries) {
  EXPECT_EQ(Printed("EXISTS { MATCH (a)-->(b) WHERE b.x > 1 }"),
            "EXISTS { MATCH (a)-->(b) WHERE b.x > 1 }");
  // The short form becomes a one-clause MATCH query.
  EXPECT_EQ(Printed("exists { (a)-[:T]->(b) }"), "EXISTS { MATCH (a)-[:T]->(b) }");
  EXPECT_EQ(Printed("EXISTS { (a)-->(b) WHERE b:X }"), "EXISTS { MATCH (a)-->(b) WHERE b:X }");
  EXPECT_EQ(Printed("EXISTS { MATCH (a)-->(b) WITH b WHERE b.x RETURN b }"),
            "EXISTS { MATCH (a)-->(b) WITH b WHERE b.x RETURN b }");
  ExprPtr e = MustParseExpr("EXISTS { (a)-->(b), (b)-->(c) WHERE c.ok }");
  const auto* x = e->As<ExistsSubquery>();
  ASSERT_NE(x, nullptr);
  const auto* m = x->body->parts[0].clauses[0].As<MatchClause>();
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->patterns.size(), 2u);
  EXPECT_NE(m->where, nullptr);
}

TEST(ParserExpressionTest, MapProjection) {
  EXPECT_EQ(Printed("n {.name, .*, total: n.a + 1, other}"),
            "n {.name, .*, total: n.a + 1, other}");
  ExprPtr e = MustParseExpr("n {.name, k: 1}");
  const auto* m = e->As<MapProjection>();
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->variable.name, "n");
  ASSERT_EQ(m->items.size(), 2u);
  EXPECT_EQ(m->items[0].kind, MapProjection::ItemKind::kProperty);
  EXPECT_EQ(m->items[1].kind, MapProjection::ItemKind::kLiteral);
}

TEST(ParserExpressionTest, LabelChecks) {
  ExprPtr e = MustParseExpr("n:A:B");
  const auto* l = e->As<LabelCheck>();
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->labels.size(), 2u);
  EXPECT_EQ(l->labels[1].name, "B");
  EXPECT_EQ(Printed("NOT n:A"), "NOT n:A");
}

TEST(ParserExpressionTest, ColumnNamesReadLikeTheQuery) {
  EXPECT_EQ(Printed("count( n )"), "count(n)");
  EXPECT_EQ(Printed("n.name"), "n.name");
  EXPECT_EQ(Printed("a+b*c"), "a + b * c");
  EXPECT_EQ(Printed("size( (a)-->() )"), "size((a)-->())");
  EXPECT_EQ(Printed("`my var`.x"), "`my var`.x");
  EXPECT_EQ(Printed("`match`"), "`match`");
  EXPECT_EQ(FormatName("ok_name1"), "ok_name1");
  EXPECT_EQ(FormatName("1st"), "`1st`");
  EXPECT_EQ(FormatName("Where"), "`Where`");
}

}  // namespace
}  // namespace actorgraph::query
