// Expression semantics and operators, below the query text.
#include <gtest/gtest.h>

#include "query/compiler/expression_compiler.h"
#include "query/parser/parser.h"

namespace actorgraph::query {
namespace {

TEST(CypherEquality, NullsAndNumbers) {
  EXPECT_TRUE(CypherEquals(Value(), Value()).is_null());
  EXPECT_TRUE(CypherEquals(Value(1), Value()).is_null());
  EXPECT_TRUE(IsTrue(CypherEquals(Value(1), Value(1.0))));
  EXPECT_FALSE(IsTrue(CypherEquals(Value(1), Value("1"))));
  // A list with a null inside is unknown, unless another element differs.
  EXPECT_TRUE(CypherEquals(Value(ValueList{Value(1), Value()}), Value(ValueList{Value(1), Value(2)})).is_null());
  EXPECT_FALSE(IsTrue(CypherEquals(Value(ValueList{Value(3), Value()}), Value(ValueList{Value(1), Value(2)}))));
}

TEST(CypherComparison, IncomparableValuesGiveNoOrder) {
  EXPECT_EQ(CypherCompare(Value(1), Value(2.5)), -1);
  EXPECT_EQ(CypherCompare(Value("b"), Value("a")), 1);
  EXPECT_FALSE(CypherCompare(Value(1), Value("a")).has_value());
  EXPECT_FALSE(CypherCompare(Value(), Value(1)).has_value());
  auto d1 = *PartialDate::Parse("2022"), d2 = *PartialDate::Parse("2022-03");
  EXPECT_EQ(CypherCompare(Value(d1), Value(d2)), -1);
}

TEST(Aggregates, DetectedThroughNesting) {
  auto e = ParseExpression("1 + toString(count(x))");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(ContainsAggregate(**e));
  auto f = ParseExpression("[y IN list | y + 1]");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(ContainsAggregate(**f));
  EXPECT_TRUE(IsAggregateFunction("COLLECT"));
  EXPECT_FALSE(IsAggregateFunction("size"));
}

TEST(CompiledExpressions, ReadSlotsAndReportTypeErrors) {
  auto e = ParseExpression("x * 2 + y");
  ASSERT_TRUE(e.ok());
  ExprEnv env;
  env.text = "x * 2 + y";
  env.resolve = [](const std::string& n) -> std::optional<SlotId> {
    if (n == "x") return 0;
    if (n == "y") return 1;
    return std::nullopt;
  };
  env.new_slot = [] { return SlotId{2}; };
  env.bind = [](const std::string&, std::optional<SlotId>) {};
  auto f = CompileExpr(**e, env);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ExecContext ctx(nullptr, nullptr, nullptr, nullptr, nullptr);
  Row row(3);
  row[0] = Value(int64_t{20});
  row[1] = Value(int64_t{2});
  Value out;
  ASSERT_TRUE((*f)(row, ctx, &out).ok());
  EXPECT_EQ(out, Value(int64_t{42}));
  row[1] = Value(true);
  Status s = (*f)(row, ctx, &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("type error at line 1, column"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("in 'x * 2 + y'"), std::string::npos) << s.message();
  auto unknown = ParseExpression("z + 1");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(CompileExpr(**unknown, env).ok());
}

}  // namespace
}  // namespace actorgraph::query
