// Variable scoping, the binder's second pass: walks the statement clause by
// clause, declares every variable (BoundVariable), resolves every reference
// to its declaration, records the scope after each clause, and reports the
// scoping errors openCypher defines at compile time: UndefinedVariable,
// VariableAlreadyBound, VariableTypeConflict, RelationshipUniquenessViolation
// (one relationship variable twice in one MATCH), `RETURN *` with nothing in
// scope, and the CALL { } import rules.
//
// The rules follow the planner's row layout: WITH/RETURN hide every name they
// do not project; WITH … WHERE also sees the names from before the WITH,
// unless the projection aggregated or was DISTINCT; ORDER BY sees the
// projected names and the earlier ones (after an aggregation or DISTINCT the
// planner then admits only expressions that were projected: an aggregation
// rule it checks by matching the projected expressions); SKIP and LIMIT see
// nothing; EXISTS { } and pattern comprehensions see the enclosing scope and
// keep their own names inside; a CALL { } body sees only what its leading
// WITH imports.
#pragma once

#include <string_view>

#include "query/binder/bound_statement.h"

namespace actorgraph::query {

// Fills out->variables, references, symbols, projected and scopes for
// `query`; the first scoping error is a positioned semantic error.
Status ResolveVariables(const Query& query, std::string_view text, BoundStatement* out);

}  // namespace actorgraph::query
