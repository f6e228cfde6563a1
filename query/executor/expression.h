// Compiled expressions: the planner turns AST expressions into closures that
// read variables from row slots. Evaluation follows openCypher: null
// propagates, comparisons and boolean logic are three-valued, and type errors
// name the expression that caused them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "query/executor/exec_context.h"
#include "query/executor/row.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

class Operator;

using ExprFn = std::function<Status(Row&, ExecContext&, Value*)>;

// What the compiler needs from the planner.
struct ExprEnv {
  std::string_view text;  // the whole query text, for error positions
  // The slot of a visible variable, or nullopt.
  std::function<std::optional<SlotId>(const std::string&)> resolve;
  // A fresh slot for a comprehension or quantifier variable.
  std::function<SlotId()> new_slot;
  // Binds `name` to `slot` while compiling a nested expression.
  std::function<void(const std::string&, std::optional<SlotId>)> bind;
  // Plans a pattern predicate, pattern comprehension or EXISTS subquery
  // against the current scope; the plan starts from an Argument leaf.
  std::function<Result<std::unique_ptr<Operator>>(const Expr&)> plan_subquery;
  // For pattern comprehensions: the slot holding the projection after the subplan.
  std::function<Result<std::pair<std::unique_ptr<Operator>, ExprFn>>(const PatternComprehension&)>
      plan_pattern_comprehension;
  // Slots of aggregate results, set while compiling a projection over an
  // aggregation: the call (by address) reads its slot.
  std::function<std::optional<SlotId>(const Expr*)> aggregate_slot;
};

Result<ExprFn> CompileExpr(const Expr& e, const ExprEnv& env);

// Cypher's three-valued helpers, shared with operators.
// Returns null for incomparable values.
Value CypherEquals(const Value& a, const Value& b);
// <0, 0, >0, or nullopt when a and b cannot be ordered against each other.
std::optional<int> CypherCompare(const Value& a, const Value& b);
// true, false or null -> Truth; other kinds are a type error.
bool IsTrue(const Value& v);

bool IsAggregateFunction(std::string_view name);
// True when `e` contains an aggregate call outside nested subqueries.
bool ContainsAggregate(const Expr& e);

// A property of a node or relationship, including the built-in fields
// (name, id, aliases). Null when absent.
Result<Value> EntityProperty(ExecContext& ctx, const Value& entity, const std::string& key);

}  // namespace actorgraph::query
