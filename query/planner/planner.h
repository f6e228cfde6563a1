// Planner: turns a bound statement into a tree of physical operators.
//
// Each pattern starts from its most selective node (a bound variable, an
// external-id or property-index seek, a name-index seek, a label scan, and
// only then all nodes), expands along its relationships, and WHERE
// conjuncts are applied as soon as their variables are bound.
//
// Thread-safety: one planner per statement.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ontology.h"
#include "query/binder/bound_statement.h"
#include "query/executor/operators.h"
#include "query/parser/ast.h"
#include "query/procedure.h"

namespace actorgraph::query {

struct Plan {
  OpPtr root;
  std::vector<std::string> columns;
  std::vector<SlotId> column_slots;
  size_t width = 0;     // slots per row
  bool writes = false;  // the statement creates, changes or deletes
};

// Plans `bound.statement`'s query; its expressions call the functions the
// binder resolved. `bound` and its statement must outlive the plan.
Result<Plan> PlanQuery(const BoundStatement& bound, std::string_view text,
                       const Ontology& ontology, const ProcedureRegistry& procedures);

}  // namespace actorgraph::query
