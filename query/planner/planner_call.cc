// CALL of a registered procedure, standalone or in a query.
#include "query/planner/planner_internal.h"

namespace actorgraph::query::planning {

Status Planner::PlanCall(const CallClause& c, Scope* scope, OpPtr* op, bool standalone,
                         std::vector<std::string>* columns, std::vector<SlotId>* slots) {
  const Procedure* proc = procs_.Find(c.procedure.name);
  if (!proc) {
    std::vector<std::string> names;
    for (const Procedure* p : procs_.List())
      names.push_back(p->signature().name);
    std::string hint = DidYouMean(c.procedure.name, names);
    return Err(c.procedure.pos, "unknown procedure '" + c.procedure.name + "'" +
                                    (hint.empty() ? "; see CALL db.procedures()" : "; " + hint));
  }
  const auto& sig = proc->signature();
  std::vector<ExprFn> args;
  if (!c.has_arguments && !sig.params.empty()) {
    // "CALL ns.proc" without parentheses takes its arguments from the query
    // parameters of the same names, and only as a whole statement.
    if (!standalone)
      return Err(c.procedure.pos, sig.name +
                                      " takes arguments: inside a query, give them in "
                                      "parentheses (implicit arguments are for a standalone CALL)");
    for (const auto& param : sig.params) {
      Expr implicit(c.procedure.pos, c.procedure.pos.offset, Parameter{param.name});
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(implicit, scope));
      args.push_back(std::move(f));
    }
  } else {
    if (c.args.size() > sig.params.size())
      return Err(c.procedure.pos,
                 sig.name + " takes at most " + std::to_string(sig.params.size()) + " argument(s)");
    for (size_t i = c.args.size(); i < sig.params.size(); ++i)
      if (!sig.params[i].default_value)
        return Err(c.procedure.pos, sig.name + ": missing argument '" + sig.params[i].name + "'");
    for (size_t i = 0; i < c.args.size(); ++i) {
      const Expr& a = *c.args[i];
      if (ContainsAggregate(a)) return Err(a.pos, "an aggregate cannot be a procedure argument");
      if (const Literal* lit = a.As<Literal>();
          lit && !ParamTypeAccepts(sig.params[i].type, lit->value))
        return Err(a.pos, sig.name + ": argument '" + sig.params[i].name + "' must be of type " +
                              sig.params[i].type + ", not " + ToString(a));
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(a, scope));
      args.push_back(std::move(f));
    }
  }
  if (!standalone && c.yield_star)
    return Err(c.procedure.pos, "YIELD * is only allowed in a standalone CALL");
  std::vector<std::pair<size_t, SlotId>> yields;
  std::vector<std::string> names;
  auto output_index = [&](const Symbol& field) -> Result<size_t> {
    for (size_t i = 0; i < sig.outputs.size(); ++i)
      if (sig.outputs[i] == field.name) return i;
    std::string hint = DidYouMean(field.name, sig.outputs);
    return Err(field.pos,
               sig.name + " yields no '" + field.name + "'" + (hint.empty() ? "" : "; " + hint));
  };
  if (c.yields.empty()) {
    if (!standalone && !c.yield_star && !sig.outputs.empty())
      return Err(
          c.procedure.pos, "CALL inside a query needs YIELD (" + sig.name + " yields " + [&] {
            std::string s;
            for (const auto& o : sig.outputs)
              s += (s.empty() ? "" : ", ") + o;
            return s;
          }() + ")");
    for (size_t i = 0; i < sig.outputs.size(); ++i) {
      SlotId s = NewSlot();
      yields.emplace_back(i, s);
      (*scope)[sig.outputs[i]] = {s, VarKind::kValue};
      names.push_back(sig.outputs[i]);
    }
  } else {
    for (const auto& y : c.yields) {
      AG_ASSIGN_OR_RETURN(size_t idx, output_index(y.field));
      const std::string& name = y.alias.empty() ? y.field.name : y.alias.name;
      // (The binder has rejected a YIELD name already bound.)
      SlotId s = NewSlot();
      yields.emplace_back(idx, s);
      // Procedures that yield nodes: the names say so (node, owner, …) but
      // kinds are dynamic; property access works on any value.
      (*scope)[name] = {s, VarKind::kValue};
      names.push_back(name);
    }
  }
  *op = MakeProcedureCall(std::move(*op), proc, std::move(args), yields, sig.name);
  if (c.where) {
    AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*c.where, scope));
    *op = MakeFilter(std::move(*op), std::move(f), ToString(*c.where));
  }
  if (standalone && columns) {
    *columns = names;
    slots->clear();
    for (const auto& y : yields)
      slots->push_back(y.second);
  }
  return Status::OK();
}

}  // namespace actorgraph::query::planning
