// Walking expression trees: the direct child expressions of an expression,
// and the variables an expression reads (for binding and filter pushdown).
#pragma once

#include <functional>
#include <set>
#include <string>

#include "query/parser/ast.h"

namespace actorgraph::query {

// Calls fn on each direct child expression (not into patterns or subqueries).
void ForEachChild(const Expr& e, const std::function<void(const Expr&)>& fn);

// Names of variables the expression reads, including those used inside
// pattern predicates and subqueries (an over-approximation: variables local
// to comprehensions are excluded, pattern variables are included).
void CollectVariables(const Expr& e, std::set<std::string>* out);
void CollectPatternVariables(const PathPattern& p, std::set<std::string>* out);

}  // namespace actorgraph::query
