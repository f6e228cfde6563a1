// Binder: the stage between parser and planner. It checks a parsed statement
// against the ontology: labels, relationship types and property names must
// exist ("did you mean" otherwise), and property keys are checked wherever the
// binder knows the value is a node or a relationship; operands of a known
// wrong type are rejected (static_types.h); every function call is resolved
// (bound_statement.h); and every variable is scoped (variable_scopes.h): its
// declarations, kinds and references, the scope after each clause, and the
// scoping errors (UndefinedVariable, VariableAlreadyBound,
// VariableTypeConflict, ...). The planner consumes the BoundStatement: it
// takes variable kinds from it and only maps the visible names to row slots.
#pragma once

#include <string_view>

#include "engine/ontology.h"
#include "query/binder/bound_statement.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

// The fields every node or relationship has besides its declared properties.
bool IsBuiltinField(std::string_view key);

// The statement, checked and with its function calls resolved; `statement`
// must outlive the result.
Result<BoundStatement> Bind(const Statement& statement, std::string_view text,
                            const Ontology& ontology);

}  // namespace actorgraph::query
