// CALL { … } subqueries: each part of the body is planned on its own Argument
// leaf, importing outer variables only through a leading WITH of plain
// variables; a SubqueryApply joins the body's rows to the outer row.
#include "query/planner/planner_internal.h"

namespace actorgraph::query::planning {
namespace {

// `WITH a, b` (or `WITH *`) at the start of a body: plain variables only,
// perhaps followed by WHERE, ORDER BY, SKIP or LIMIT, which plan as usual.
bool IsImportingWith(const WithClause& w) {
  for (const auto& it : w.projection.items) {
    const auto* v = it.expr->As<Variable>();
    if (!v || (!it.alias.empty() && it.alias.name != v->name)) return false;
  }
  return true;
}

bool IsWritingClause(const Clause& c) {
  return c.As<CreateClause>() || c.As<MergeClause>() || c.As<SetClause>() || c.As<RemoveClause>() ||
         c.As<DeleteClause>() || c.As<CallSubqueryClause>();
}

}  // namespace

Status Planner::PlanCallSubquery(const CallSubqueryClause& c, Scope* scope, OpPtr* op) {
  const Query& q = *c.body;
  std::vector<OpPtr> branches;
  std::vector<std::vector<SlotId>> outputs;
  std::vector<std::string> columns;
  Scope returned;  // the body's RETURN names (one part) with their kinds
  std::optional<bool> unit;
  for (const SingleQuery& part : q.parts) {
    Scope inner;
    OpPtr sub = MakeArgument();
    size_t first = 0;
    if (const auto* w = part.clauses[0].As<WithClause>(); w && IsImportingWith(*w)) {
      if (w->projection.star) inner = *scope;
      for (const auto& it : w->projection.items) {
        const std::string& name = it.expr->As<Variable>()->name;
        // The binder has rejected imports of undefined variables.
        auto found = scope->find(name);
        if (found == scope->end())
          return Status::Internal("CALL { … } imports '" + name + "', which has no slot");
        inner[name] = found->second;
      }
      // Only a plain import needs no operator: the Argument row holds it.
      const Projection& p = w->projection;
      if (w->where || p.distinct || !p.order_by.empty() || p.skip || p.limit) {
        AG_RETURN_IF_ERROR(PlanProjection(p, w->where.get(), &inner, &sub, nullptr, nullptr,
                                          /*is_return=*/false));
      }
      first = 1;
    }
    // (A leading WITH that computes from outer variables: the binder.)
    std::vector<std::string> cols;
    std::vector<SlotId> slots;
    for (size_t i = first; i < part.clauses.size(); ++i) {
      const Clause& cl = part.clauses[i];
      const bool last = i + 1 == part.clauses.size();
      if (const auto* r = cl.As<ReturnClause>()) {
        if (!last) return Err(cl.pos, "RETURN must be the last clause of CALL { … }");
        for (const auto& it : r->projection.items)
          if (it.alias.empty() && !it.expr->As<Variable>())
            return Err(it.expr->pos,
                       "an expression returned from CALL { … } must be aliased (use AS)");
      }
      AG_RETURN_IF_ERROR(PlanClause(cl, last, &inner, &sub, &cols, &slots, false));
    }
    const Clause& last = part.clauses.back();
    const bool part_unit = !last.As<ReturnClause>();
    if (part_unit && !IsWritingClause(last))
      return Err(last.pos, "CALL { … } must end with RETURN, or with a writing clause");
    if (unit && *unit != part_unit)
      return Err(part.pos, "all parts of a UNION in CALL { … } must return, or none");
    unit = part_unit;
    if (!part_unit) {
      if (!branches.empty() && cols != columns)
        return Err(part.pos, "all parts of a UNION must return the same column names");
      columns = cols;
      if (q.parts.size() == 1)
        for (size_t i = 0; i < cols.size(); ++i) {
          auto k = inner.find(cols[i]);
          returned[cols[i]] = {slots[i], k != inner.end() ? k->second.kind : VarKind::kValue};
        }
    }
    branches.push_back(std::move(sub));
    outputs.push_back(slots);
  }

  std::vector<SlotId> final_slots;
  OpPtr body;
  if (branches.size() == 1) {
    body = std::move(branches[0]);
    final_slots = outputs[0];
  } else {
    for (size_t i = 0; i < columns.size(); ++i) {
      final_slots.push_back(NewSlot());
      returned[columns[i]] = {final_slots.back(), VarKind::kValue};
    }
    body = MakeUnion(std::move(branches), std::move(outputs), final_slots, !q.union_all, 0);
  }
  // The returned names join the outer scope (the binder has rejected one
  // already there).
  for (size_t i = 0; i < columns.size(); ++i)
    (*scope)[columns[i]] = {
        final_slots[i], returned.count(columns[i]) ? returned[columns[i]].kind : VarKind::kValue};
  *op = MakeSubqueryApply(std::move(*op), std::move(body), final_slots, *unit, "CALL { … }");
  return Status::OK();
}

}  // namespace actorgraph::query::planning
