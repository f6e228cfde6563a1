// Scalar functions of the query language (toUpper, size, date, claims, …).
// Aggregate functions live in the Aggregate operator.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "query/executor/exec_context.h"

namespace actorgraph::query::fn {

using ScalarFn = std::function<Result<Value>(ExecContext&, const std::vector<Value>&)>;

// The function `name` (case-insensitive) taking `arity` arguments; an error
// with "did you mean" when unknown or called with the wrong arity.
Result<ScalarFn> LookupScalar(const std::string& name, size_t arity);
std::vector<std::string> ScalarFunctionNames();

// True when the function `name` (case-insensitive) gives the same value for
// the same arguments throughout one statement: every function but rand() and
// the *.realtime() clocks (graph reads see the statement's fixed view, the
// other clocks the statement's time). False for unknown names.
bool IsDeterministic(const std::string& name);

// toInteger of a string: a decimal integer, or a number truncated; null
// when the text is not a number.
Value ToIntegerText(std::string_view s);

// properties(x) for nodes, relationships and maps.
Result<Value> Properties(ExecContext& ctx, const Value& v);

}  // namespace actorgraph::query::fn
