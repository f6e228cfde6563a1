// What the binder hands the planner: the parsed statement with its function
// calls resolved to the functions the executor runs. The AST stays owned by
// the caller and must outlive the bound statement (entries are keyed by
// address).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "query/executor/functions.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

// One function call, resolved.
struct BoundFunction {
  enum class Form : uint8_t {
    kCall,              // impl(argument values)
    kPropertyArgument,  // claims(n.p), contested(n.p): impl(n, "p"), about the property itself
    kPatternTest,       // exists((a)-->()), exists(EXISTS {…}): the argument is the test
  };
  Form form = Form::kCall;
  fn::ScalarFn impl;  // empty for kPatternTest
};

// Resolves one call by name (case-insensitive) and arity; "did you mean" when
// unknown. Aggregate functions are not resolved here: the planner turns them
// into Aggregate operators.
Result<BoundFunction> ResolveFunction(const FunctionCall& call);

struct BoundStatement {
  const Statement* statement = nullptr;
  // Every scalar function call in the statement (subqueries and pattern
  // property maps included), by address.
  std::unordered_map<const FunctionCall*, BoundFunction> functions;

  // The resolution of `call`, or null when the binder did not see it.
  const BoundFunction* Function(const FunctionCall* call) const {
    auto it = functions.find(call);
    return it == functions.end() ? nullptr : &it->second;
  }
};

// Resolves every scalar function call of `query` into `out->functions`; the
// first unknown function or wrong arity is a semantic error at the call.
Status ResolveFunctions(const Query& query, std::string_view text, BoundStatement* out);

}  // namespace actorgraph::query
