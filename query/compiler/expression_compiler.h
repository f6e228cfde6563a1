// The expression compiler: turns an AST expression into a closure (ExprFn)
// that reads variables from row slots. It runs at planning time; the closures
// it builds run in the executor and call the executor's value semantics
// (query/executor/expression.h). Evaluation follows openCypher: null
// propagates, comparisons and boolean logic are three-valued, and run-time
// errors name the expression (and its line and column) that caused them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "query/binder/bound_statement.h"
#include "query/executor/expression.h"
#include "query/executor/operator.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

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
  // The binder's resolution of the statement's function calls. When set,
  // every call compiled must be in it; when null (an expression outside a
  // statement, e.g. a query option), calls are resolved here.
  const BoundStatement* bound = nullptr;
};

// Compiles `e`; name errors (unknown variable, function, arity) are semantic
// errors placed at the expression.
Result<ExprFn> CompileExpr(const Expr& e, const ExprEnv& env);

// True when `e` contains an aggregate call outside nested subqueries.
bool ContainsAggregate(const Expr& e);

}  // namespace actorgraph::query
