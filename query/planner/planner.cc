#include "common/ascii.h"
#include "query/planner/planner_internal.h"

#include <map>

namespace actorgraph::query {
namespace planning {

void SplitAnd(const Expr& e, std::vector<const Expr*>* out) {
  if (auto* b = e.As<Binary>(); b && b->op == BinaryOp::kAnd) {
    SplitAnd(*b->lhs, out);
    SplitAnd(*b->rhs, out);
    return;
  }
  out->push_back(&e);
}

const char* KindName(VarKind k) {
  return VariableKindName(k);
}

void Planner::ApplyBoundScope(const Clause& c, Scope* scope) const {
  const std::vector<int>* visible = bound_.ScopeAfter(&c);
  if (!visible) return;
  std::set<std::string> names;
  for (int id : *visible)
    names.insert(bound_.variables[id].name);
  for (auto it = scope->begin(); it != scope->end();)
    if (it->first.rfind("  ", 0) != 0 && !names.count(it->first))
      it = scope->erase(it);
    else
      ++it;
}

Result<Plan> Planner::PlanTop(const Query& q) {
  Plan plan;
  AG_ASSIGN_OR_RETURN(plan.root, PlanUnion(q, &plan.columns, &plan.column_slots));
  plan.width = next_slot_;
  plan.writes = writes_;
  return plan;
}

Result<OpPtr> Planner::PlanSingle(const SingleQuery& q, std::vector<std::string>* columns,
                                  std::vector<SlotId>* slots) {
  Scope scope;
  OpPtr op = MakeArgument();
  for (size_t i = 0; i < q.clauses.size(); ++i) {
    const bool last = i + 1 == q.clauses.size();
    const Clause& c = q.clauses[i];
    if (!last && c.As<ReturnClause>()) return Err(c.pos, "RETURN must be the last clause");
    AG_RETURN_IF_ERROR(PlanClause(c, last, &scope, &op, columns, slots, q.clauses.size() == 1));
    ApplyBoundScope(c, &scope);
  }
  const Clause& last = q.clauses.back();
  const auto* sub = last.As<CallSubqueryClause>();
  const bool unit_sub = sub && !sub->body->parts[0].clauses.back().As<ReturnClause>();
  const bool ends_ok = last.As<ReturnClause>() || unit_sub ||
                       (q.clauses.size() == 1 && last.As<CallClause>()) ||
                       last.As<CreateClause>() || last.As<MergeClause>() || last.As<SetClause>() ||
                       last.As<RemoveClause>() || last.As<DeleteClause>();
  if (!ends_ok) return Err(last.pos, "a query must end with RETURN (or be a writing statement)");
  if (auto rule = MatchRelationshipCount(q)) {
    std::optional<SlotId> type_slot;
    if (rule->type_column) type_slot = (*slots)[*rule->type_column];
    op = MakeRelationshipCountFromStore(std::move(op), type_slot, (*slots)[rule->count_column],
                                        std::move(rule->types));
  }
  return op;
}

std::optional<Planner::RelationshipCountRule> Planner::MatchRelationshipCount(
    const SingleQuery& q) {
  if (q.clauses.size() != 2) return std::nullopt;
  const auto* m = q.clauses[0].As<MatchClause>();
  const auto* r = q.clauses[1].As<ReturnClause>();
  if (!m || !r || m->optional || m->where || m->patterns.size() != 1) return std::nullopt;
  const PathPattern& pp = m->patterns[0];
  if (pp.function != PathFunction::kNone || !pp.variable.empty() || pp.rels.size() != 1)
    return std::nullopt;
  for (const auto& n : pp.nodes)
    if (!n.labels.empty() || n.properties) return std::nullopt;
  if (!pp.nodes[0].variable.empty() && pp.nodes[0].variable.name == pp.nodes[1].variable.name)
    return std::nullopt;  // (a)-[r]->(a): self-loops only
  const RelPattern& rp = pp.rels[0];
  if (rp.length || rp.properties || rp.direction == RelDirection::kBoth) return std::nullopt;
  const Projection& p = r->projection;
  if (p.distinct || p.star || !p.order_by.empty() || p.skip || p.limit) return std::nullopt;
  if (p.items.empty() || p.items.size() > 2) return std::nullopt;
  RelationshipCountRule rule;
  bool have_count = false;
  auto is_rel_var = [&](const ExprPtr& e) {
    const auto* v = e->As<Variable>();
    return v && !rp.variable.empty() && v->name == rp.variable.name;
  };
  for (size_t i = 0; i < p.items.size(); ++i) {
    const Expr& e = *p.items[i].expr;
    const auto* f = e.As<FunctionCall>();
    const std::string fname = f ? LowerAscii(f->name) : "";
    const bool count = e.As<CountStar>() || (f && fname == "count" && !f->distinct &&
                                             f->args.size() == 1 && is_rel_var(f->args[0]));
    const bool type =
        f && fname == "type" && !f->distinct && f->args.size() == 1 && is_rel_var(f->args[0]);
    if (count && !have_count) {
      have_count = true;
      rule.count_column = i;
    } else if (type && !rule.type_column) {
      rule.type_column = i;
    } else {
      return std::nullopt;
    }
  }
  if (!have_count) return std::nullopt;
  for (const auto& t : rp.types)
    rule.types.push_back(t.name);
  return rule;
}

Result<OpPtr> Planner::PlanUnion(const Query& q, std::vector<std::string>* columns,
                                 std::vector<SlotId>* slots) {
  if (q.parts.size() == 1) return PlanSingle(q.parts[0], columns, slots);
  std::vector<OpPtr> branches;
  std::vector<std::vector<SlotId>> outputs;
  for (const auto& part : q.parts) {
    std::vector<std::string> cols;
    std::vector<SlotId> s;
    AG_ASSIGN_OR_RETURN(OpPtr op, PlanSingle(part, &cols, &s));
    if (!columns->empty() && cols != *columns)
      return Err(part.pos, "all parts of a UNION must return the same column names");
    *columns = cols;
    branches.push_back(std::move(op));
    outputs.push_back(s);
  }
  std::vector<SlotId> final_slots;
  for (size_t i = 0; i < columns->size(); ++i)
    final_slots.push_back(NewSlot());
  *slots = final_slots;
  return MakeUnion(std::move(branches), std::move(outputs), final_slots, !q.union_all, 0);
}

Status Planner::PlanClause(const Clause& c, bool last, Scope* scope, OpPtr* op,
                           std::vector<std::string>* columns, std::vector<SlotId>* slots,
                           bool only_clause) {
  // Clause after clause, as openCypher reads: a MATCH or MERGE after a write
  // sees what the earlier clauses wrote for every row, not just earlier ones.
  if (writes_ && (c.As<MatchClause>() || c.As<MergeClause>())) *op = MakeEager(std::move(*op));
  if (auto* m = c.As<MatchClause>()) return PlanMatch(*m, scope, op);
  if (auto* u = c.As<UnwindClause>()) return PlanUnwind(*u, scope, op);
  if (auto* w = c.As<WithClause>())
    return PlanProjection(w->projection, w->where.get(), scope, op, nullptr, nullptr, false);
  if (auto* r = c.As<ReturnClause>())
    return PlanProjection(r->projection, nullptr, scope, op, columns, slots, true);
  if (auto* call = c.As<CallClause>())
    return PlanCall(*call, scope, op, only_clause, columns, slots);
  if (auto* sub = c.As<CallSubqueryClause>()) return PlanCallSubquery(*sub, scope, op);
  writes_ = true;
  if (auto* cr = c.As<CreateClause>()) {
    std::vector<const PathPattern*> pats;
    for (const auto& p : cr->patterns)
      pats.push_back(&p);
    std::vector<std::vector<PathPart>> parts;
    AG_ASSIGN_OR_RETURN(auto specs, CreateSpecs(pats, scope, /*merge=*/false, &parts));
    *op = MakeCreate(std::move(*op), std::move(specs.first), std::move(specs.second));
    // CREATE p = (…): the path of what was created (and bound).
    for (size_t i = 0; i < pats.size(); ++i) {
      if (pats[i]->variable.empty()) continue;
      const SlotId path = NewSlot();
      (*scope)[pats[i]->variable.name] = {path, VarKind::kPath};
      *op = MakeBuildPath(std::move(*op), path, std::move(parts[i]));
    }
    return Status::OK();
  }
  if (auto* mg = c.As<MergeClause>()) {
    Scope match_scope = *scope;
    OpPtr match = MakeArgument();
    std::vector<const PathPattern*> pats{&mg->pattern};
    std::vector<std::vector<PathPart>> match_parts, create_parts;
    AG_RETURN_IF_ERROR(PlanPatterns(pats, nullptr, &match_scope, &match, &match_parts));
    // The create side writes into the slots the match binds, position by
    // position (anonymous ones too: a path variable reads them all).
    Scope create_scope = *scope;
    AG_ASSIGN_OR_RETURN(auto specs,
                        CreateSpecs(pats, &create_scope, /*merge=*/true, &create_parts));
    if (match_parts.size() != 1 || create_parts.size() != 1)
      return Err(mg->pattern.pos, "MERGE needs a plain pattern (no shortestPath)");
    std::map<SlotId, SlotId> to_match;
    for (size_t i = 0; i < create_parts[0].size(); ++i) {
      const PathPart &c = create_parts[0][i], &m = match_parts[0][i];
      to_match[c.node] = m.node;
      if (c.rel && m.rel) to_match[*c.rel] = *m.rel;
    }
    auto remap = [&](SlotId s) {
      auto it = to_match.find(s);
      return it == to_match.end() ? s : it->second;
    };
    for (auto& n : specs.first)
      n.slot = remap(n.slot);
    for (auto& r : specs.second) {
      r.slot = remap(r.slot);
      r.src = remap(r.src);
      r.dst = remap(r.dst);
    }
    OpPtr create = MakeCreate(MakeArgument(), std::move(specs.first), std::move(specs.second));
    *scope = match_scope;
    AG_ASSIGN_OR_RETURN(auto on_match, SetSpecs(mg->on_match, scope));
    AG_ASSIGN_OR_RETURN(auto on_create, SetSpecs(mg->on_create, scope));
    *op = MakeMerge(std::move(*op), std::move(match), std::move(create), std::move(on_match),
                    std::move(on_create), ToString(mg->pattern));
    // MERGE p = (…): the match built the path only when it matched.
    if (!mg->pattern.variable.empty())
      *op = MakeBuildPath(std::move(*op), match_scope.at(mg->pattern.variable.name).slot,
                          std::move(match_parts[0]));
    return Status::OK();
  }
  if (auto* st = c.As<SetClause>()) {
    std::vector<std::pair<SlotId, ExprFn>> targets;
    AG_ASSIGN_OR_RETURN(auto specs, SetSpecs(st->items, scope, &targets));
    if (!targets.empty()) *op = MakeProject(std::move(*op), std::move(targets), "SET targets");
    *op = MakeSet(std::move(*op), std::move(specs));
    return Status::OK();
  }
  if (auto* rm = c.As<RemoveClause>()) {
    // As in SetSpecs, the binder reports unknown targets first.
    std::vector<SetSpec> specs;
    for (const auto& it : rm->items) {
      SetSpec s;
      s.text = std::string(text_.substr(it.pos.offset, 40));
      if (it.kind == RemoveItem::Kind::kProperty) {
        auto* pa = it.target->As<PropertyAccess>();
        auto* var = pa ? pa->object->As<Variable>() : nullptr;
        if (!var || !scope->count(var->name))
          return Err(it.pos, "REMOVE needs a bound variable.property");
        s.kind = SetSpec::Kind::kRemoveProperty;
        s.target = (*scope)[var->name].slot;
        s.key = pa->key;
      } else {
        if (!scope->count(it.variable.name))
          return Err(it.variable.pos, "unknown variable '" + it.variable.name + "'");
        s.kind = SetSpec::Kind::kRemoveLabels;
        s.target = (*scope)[it.variable.name].slot;
        for (const auto& l : it.labels)
          s.labels.push_back(l.name);
      }
      specs.push_back(std::move(s));
    }
    *op = MakeSet(std::move(*op), std::move(specs));
    return Status::OK();
  }
  if (auto* del = c.As<DeleteClause>()) {
    std::vector<ExprFn> targets;
    for (const auto& t : del->targets) {
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*t, scope));
      targets.push_back(std::move(f));
    }
    *op = MakeDelete(std::move(*op), std::move(targets), del->detach);
    return Status::OK();
  }
  return Err(c.pos, "unsupported clause");
}

}  // namespace planning

Result<Plan> PlanQuery(const BoundStatement& bound, std::string_view text, const Ontology& ontology,
                       const ProcedureRegistry& procedures) {
  planning::Planner p(text, ontology, procedures, bound);
  return p.PlanTop(bound.statement->query);
}

}  // namespace actorgraph::query
