// Expressions: compiled to closures with the scope's slots; the pattern
// predicates, EXISTS { … } and pattern comprehensions inside them are planned
// as subplans.
#include "query/planner/planner_internal.h"

namespace actorgraph::query::planning {

ExprEnv Planner::MakeEnv(Scope* scope) {
  ExprEnv env;
  env.text = text_;
  env.bound = &bound_;
  env.resolve = [scope](const std::string& n) -> std::optional<SlotId> {
    auto it = scope->find(n);
    if (it == scope->end()) return std::nullopt;
    return it->second.slot;
  };
  env.new_slot = [this] { return NewSlot(); };
  env.bind = [scope](const std::string& n, std::optional<SlotId> s) {
    if (s)
      (*scope)[n] = {*s, VarKind::kValue};
    else
      scope->erase(n);
  };
  env.plan_subquery = [this, scope](const Expr& e) -> Result<OpPtr> {
    Scope inner = *scope;
    if (auto* pp = e.As<PatternPredicate>()) {
      OpPtr op = MakeArgument();
      std::vector<const PathPattern*> pats{&pp->pattern};
      AG_RETURN_IF_ERROR(PlanPatterns(pats, nullptr, &inner, &op));
      return op;
    }
    const auto* ex = e.As<ExistsSubquery>();
    OpPtr op = MakeArgument();
    const SingleQuery& sq = ex->body->parts.at(0);
    for (const auto& c : sq.clauses) {
      if (const auto* m = c.As<MatchClause>()) {
        std::vector<const PathPattern*> pats;
        for (const auto& p : m->patterns)
          pats.push_back(&p);
        AG_RETURN_IF_ERROR(PlanPatterns(pats, m->where.get(), &inner, &op));
        continue;
      }
      // Reading clauses plan as in a query; the subquery only asks whether a
      // row comes out, so RETURN's columns are not read.
      if (c.As<WithClause>() || c.As<ReturnClause>() || c.As<UnwindClause>()) {
        std::vector<std::string> columns;
        std::vector<SlotId> slots;
        AG_RETURN_IF_ERROR(PlanClause(c, false, &inner, &op, &columns, &slots, false));
        continue;
      }
      return Err(c.pos,
                 "EXISTS { … } may only contain reading clauses (MATCH, WITH, UNWIND, RETURN)");
    }
    return op;
  };
  env.plan_pattern_comprehension =
      [this, scope](const PatternComprehension& pc) -> Result<std::pair<OpPtr, ExprFn>> {
    auto inner = std::make_shared<Scope>(*scope);
    OpPtr op = MakeArgument();
    std::vector<const PathPattern*> pats{&pc.pattern};
    AG_RETURN_IF_ERROR(PlanPatterns(pats, pc.where.get(), inner.get(), &op));
    AG_ASSIGN_OR_RETURN(ExprFn proj, Compile(*pc.projection, inner.get()));
    return std::make_pair(std::move(op), proj);
  };
  return env;
}

Result<ExprFn> Planner::Compile(const Expr& e, Scope* scope,
                                std::function<std::optional<SlotId>(const Expr*)> aggs) {
  ExprEnv env = MakeEnv(scope);
  env.aggregate_slot = std::move(aggs);
  return CompileExpr(e, env);
}

}  // namespace actorgraph::query::planning
