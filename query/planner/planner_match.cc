// Patterns and MATCH: start choice, expansion, WHERE conjunct placement.
#include "common/ascii.h"
#include "query/planner/planner_internal.h"

#include <algorithm>

namespace actorgraph::query::planning {

// Label groups for a node pattern: each written label with its descendants.
Result<NodeCheckSpec> Planner::NodeSpec(const NodePattern& np, Scope* scope, bool with_props) {
  NodeCheckSpec spec;
  for (const auto& l : np.labels) {
    if (!ontology_.open() && !ontology_.HasLabel(l.name)) {
      std::string hint = DidYouMean(l.name, ontology_.LabelNames());
      return Err(l.pos, "unknown label '" + l.name + "'" + (hint.empty() ? "" : "; " + hint));
    }
    spec.label_groups.push_back(ontology_.SelfAndDescendants(l.name));
  }
  if (with_props && np.properties) {
    AG_ASSIGN_OR_RETURN(spec.properties, PropertyChecks(*np.properties, scope));
  }
  return spec;
}

Result<std::vector<std::pair<std::string, ExprFn>>> Planner::PropertyChecks(const Expr& props,
                                                                            Scope* scope) {
  std::vector<std::pair<std::string, ExprFn>> out;
  if (auto* m = props.As<MapLiteral>()) {
    for (const auto& e : m->entries) {
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*e.value, scope));
      out.emplace_back(e.key.name, std::move(f));
    }
    return out;
  }
  return Err(props.pos, "a pattern's properties must be a map literal");
}

bool Planner::ExprBoundBy(const Expr& e, const Scope& scope) {
  std::set<std::string> vars;
  CollectVariables(e, &vars);
  for (const auto& v : vars)
    if (!IsBound(v, scope)) return false;
  return true;
}

Planner::StartChoice Planner::ChooseStart(const NodeInfo& n, const std::vector<Conjunct>& conjuncts,
                                          const Scope& scope) {
  StartChoice best;
  if (n.bound) {
    best.cost = 0;
    return best;
  }
  auto consider_eq = [&](const std::string& key, const Expr* value, const std::string& how) {
    if (!ExprBoundBy(*value, scope)) return;
    const bool builtin = ontology_.IsBuiltinField(key);  // else an ordinary property
    if (key == "id" && builtin && best.cost > 1) {
      best = {1, SeekKind::kExternalId, "", value, "id = " + ToString(*value)};
    } else if (key == "name" && builtin && best.cost > 2) {
      // The name index is folded: it finds candidates, the filter checks the exact name.
      best = {2, SeekKind::kName, "", value, "name ~ " + ToString(*value) + how};
    } else if (key != "name" && key != "aliases" && key != "valid_from" && key != "valid_to" &&
               ontology_.IsKnownPropertyName(key) && ontology_.IsIndexed(key) && best.cost > 3) {
      best = {3, SeekKind::kProperty, key, value, key + " = " + ToString(*value) + how};
    }
  };
  if (n.pattern->properties)
    if (auto* m = n.pattern->properties->As<MapLiteral>())
      for (const auto& e : m->entries)
        consider_eq(e.key.name, e.value.get(), "");
  for (const auto& c : conjuncts) {
    auto* b = c.expr->As<Binary>();
    if (!b || (b->op != BinaryOp::kEq && b->op != BinaryOp::kIn)) continue;
    for (int side = 0; side < 2; ++side) {
      const Expr* lhs = side ? b->rhs.get() : b->lhs.get();
      const Expr* rhs = side ? b->lhs.get() : b->rhs.get();
      if (b->op == BinaryOp::kIn && side) break;
      if (auto* pa = lhs->As<PropertyAccess>()) {
        auto* v = pa->object->As<Variable>();
        if (v && v->name == n.name) consider_eq(pa->key, rhs, "");
      }
      if (auto* f = lhs->As<FunctionCall>()) {
        const std::string fname = LowerAscii(f->name);
        if (fname == "id" && f->args.size() == 1 && f->args[0]->As<Variable>() &&
            f->args[0]->As<Variable>()->name == n.name && ExprBoundBy(*rhs, scope) && best.cost > 1)
          best = {1, SeekKind::kInternalId, "", rhs, "id(" + n.name + ") = " + ToString(*rhs)};
      }
    }
  }
  if (best.cost < 100) return best;
  if (!n.pattern->labels.empty()) {
    // Prefer the label with the fewest descendants: usually the smallest.
    size_t fewest = SIZE_MAX;
    for (const auto& l : n.pattern->labels)
      fewest = std::min(fewest, ontology_.SelfAndDescendants(l.name).size());
    best.cost = kScanCost + static_cast<int>(fewest);
    return best;
  }
  best.cost = 50;
  return best;
}

// Applies every pending conjunct whose variables are now in scope.
Status Planner::ApplyReady(std::vector<Conjunct>* conjuncts, Scope* scope, OpPtr* op, bool all) {
  for (auto& c : *conjuncts) {
    if (c.applied) continue;
    bool ready = true;
    for (const auto& v : c.vars)
      if (!IsBound(v, *scope)) ready = false;
    if (!ready && !all) continue;
    AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*c.expr, scope));
    *op = MakeFilter(std::move(*op), std::move(f), ToString(*c.expr));
    c.applied = true;
  }
  return Status::OK();
}

// A row passes when the variable holds a node; null matches nothing; any
// other value is a type error, as in openCypher.
OpPtr Planner::MakeIsNodeCheck(OpPtr input, const NodeInfo& n) {
  const SlotId slot = n.slot;
  const std::string name = n.name;
  const SourcePos pos = n.pattern->variable.pos;
  const std::string text(text_);
  return MakeFilter(
      std::move(input),
      [slot, name, pos, text](Row& row, ExecContext&, Value* out) -> Status {
        const Value& v = row[slot];
        if (v.kind() == Value::Kind::kNode || v.is_null()) {
          *out = Value(!v.is_null());
          return Status::OK();
        }
        return Status::InvalidArgument("type error at line " + std::to_string(pos.line) +
                                       ", column " + std::to_string(pos.column) + ": variable '" +
                                       name + "' holds a " + Value::KindName(v.kind()) +
                                       ", not a node\n" + CaretSnippet(text, pos));
      },
      name + " is a node");
}

// Declares a pattern variable, or returns the bound one's slot; the binder
// has reported kind conflicts (VariableTypeConflict).
Result<SlotId> Planner::Declare(const Symbol& var, VarKind kind, Scope* scope, bool* bound) {
  *bound = false;
  if (var.empty()) return NewSlot();
  auto it = scope->find(var.name);
  if (it != scope->end()) {
    *bound = true;
    return it->second.slot;
  }
  SlotId s = NewSlot();
  (*scope)[var.name] = {s, kind};
  return s;
}

Result<std::vector<std::string>> Planner::RelTypes(const RelPattern& rp) {
  std::vector<std::string> types;
  for (const auto& t : rp.types) {
    if (!ontology_.open() && !ontology_.HasRelType(t.name)) {
      std::string hint = DidYouMean(t.name, ontology_.RelTypeNames());
      return Err(t.pos,
                 "unknown relationship type '" + t.name + "'" + (hint.empty() ? "" : "; " + hint));
    }
    types.push_back(t.name);
  }
  return types;
}

// Plans the patterns of one MATCH (or a pattern predicate) on top of *op.
Status Planner::PlanPatterns(const std::vector<const PathPattern*>& patterns, const Expr* where,
                             Scope* scope, OpPtr* op,
                             std::vector<std::vector<PathPart>>* parts_out) {
  std::vector<Conjunct> conjuncts;
  if (where) {
    std::vector<const Expr*> parts;
    SplitAnd(*where, &parts);
    for (const Expr* p : parts) {
      Conjunct c{p, {}, false};
      CollectVariables(*p, &c.vars);
      conjuncts.push_back(std::move(c));
    }
  }
  std::vector<SlotId> rel_slots_in_match, rel_list_slots_in_match;
  // Variables this MATCH introduces, until the plan gives them a value. (The
  // binder has rejected a relationship variable used twice and a path
  // variable that is not new.)
  std::set<std::string> pending;
  for (const PathPattern* pp : patterns) {
    for (const auto& np : pp->nodes)
      if (!np.variable.empty() && !scope->count(np.variable.name)) pending.insert(np.variable.name);
    for (const auto& rp : pp->rels)
      if (!rp.variable.empty() && !scope->count(rp.variable.name)) pending.insert(rp.variable.name);
  }
  std::set<std::string>* saved_pending = pending_;
  pending_ = &pending;
  struct Restore {
    std::set<std::string>** slot;
    std::set<std::string>* value;
    ~Restore() { *slot = value; }
  } restore{&pending_, saved_pending};
  AG_RETURN_IF_ERROR(ApplyReady(&conjuncts, scope, op));
  for (const PathPattern* pp : patterns) {
    // Declare node variables first so that start choice can see bound ones.
    std::vector<NodeInfo> nodes;
    for (const auto& np : pp->nodes) {
      bool bound = false;
      AG_ASSIGN_OR_RETURN(SlotId s, Declare(np.variable, VarKind::kNode, scope, &bound));
      // A variable this MATCH introduces has no value until the plan places
      // one of its occurrences (placing it marks every occurrence bound), even
      // when an earlier occurrence in this pattern already declared its slot.
      if (bound && pending.count(np.variable.name)) bound = false;
      const bool unknown_kind = bound && scope->at(np.variable.name).kind == VarKind::kValue;
      nodes.push_back({&np, s, bound, np.variable.name, unknown_kind});
    }
    std::vector<bool> placed(nodes.size(), false);
    std::vector<SlotId> rel_slots(pp->rels.size()), seg_slots(pp->rels.size());
    std::vector<bool> is_var(pp->rels.size(), false);

    auto place_node = [&](size_t i) -> Status {
      NodeInfo& n = nodes[i];
      if (n.bound) {
        if (n.needs_node_check) {
          *op = MakeIsNodeCheck(std::move(*op), n);
          n.needs_node_check = false;
        }
        // Already bound: still check this pattern's labels and properties.
        AG_ASSIGN_OR_RETURN(NodeCheckSpec spec, NodeSpec(*n.pattern, scope));
        spec.temporal = false;
        if (!spec.label_groups.empty() || !spec.properties.empty())
          *op = MakeNodeCheck(std::move(*op), n.slot, std::move(spec), n.name);
        placed[i] = true;
        return Status::OK();
      }
      StartChoice c = ChooseStart(n, conjuncts, *scope);
      AG_ASSIGN_OR_RETURN(NodeCheckSpec spec, NodeSpec(*n.pattern, scope));
      std::string label = n.name.empty() ? "(anonymous)" : n.name;
      if (c.value) {
        AG_ASSIGN_OR_RETURN(ExprFn v, Compile(*c.value, scope));
        *op = MakeNodeSeek(std::move(*op), n.slot, c.seek, c.property, std::move(v),
                           label + ": " + c.description);
      } else if (!n.pattern->labels.empty()) {
        // Scan the label with the fewest descendants; check the rest.
        size_t best = 0;
        for (size_t k = 1; k < spec.label_groups.size(); ++k)
          if (spec.label_groups[k].size() < spec.label_groups[best].size()) best = k;
        *op = MakeLabelScan(std::move(*op), n.slot, spec.label_groups[best]);
        spec.label_groups.erase(spec.label_groups.begin() + best);
      } else {
        *op = MakeAllNodesScan(std::move(*op), n.slot);
      }
      *op = MakeNodeCheck(std::move(*op), n.slot, std::move(spec), label);
      n.bound = true;
      placed[i] = true;
      pending.erase(n.name);
      // Later uses of the same variable in this pattern are bound now.
      for (auto& other : nodes)
        if (!other.name.empty() && other.name == n.name) other.bound = true;
      return ApplyReady(&conjuncts, scope, op);
    };

    // shortestPath / allShortestPaths. When one end is bound (or can be
    // sought) and the other could only be scanned, one search from the
    // bound end finds them all (ShortestPathsFrom); otherwise both ends
    // first, then one search per pair.
    if (pp->function != PathFunction::kNone) {
      if (pp->rels.size() != 1)
        return Err(pp->pos, "shortestPath needs a pattern with exactly one relationship");
      size_t first = 0;
      if (!nodes[0].bound && nodes[1].bound) {
        first = 1;
      } else if (!nodes[0].bound && !nodes[1].bound &&
                 ChooseStart(nodes[1], conjuncts, *scope).cost <
                     ChooseStart(nodes[0], conjuncts, *scope).cost) {
        first = 1;
      }
      AG_RETURN_IF_ERROR(place_node(first));
      const size_t second = 1 - first;
      const bool single_source =
          !nodes[second].bound && ChooseStart(nodes[second], conjuncts, *scope).cost >= kScanCost;
      if (!single_source) AG_RETURN_IF_ERROR(place_node(second));
      const RelPattern& rp = pp->rels[0];
      ExpandSpec spec;
      AG_ASSIGN_OR_RETURN(spec.types, RelTypes(rp));
      spec.dir = Dir(rp.direction, false);
      int64_t lo = 1, hi = 15;
      if (rp.length) {
        lo = rp.length->min.value_or(1);
        hi = rp.length->max.value_or(15);
      } else {
        hi = 1;
      }
      if (lo > 1) return Err(rp.pos, "shortestPath takes a minimum length of 0 or 1");
      bool b = false;
      AG_ASSIGN_OR_RETURN(SlotId rels, Declare(rp.variable, VarKind::kRelList, scope, &b));
      SlotId path = NewSlot();
      if (!pp->variable.empty()) (*scope)[pp->variable.name] = {path, VarKind::kPath};
      pending.erase(rp.variable.name);
      const bool all = pp->function == PathFunction::kAllShortestPaths;
      if (single_source) {
        NodeInfo& target = nodes[second];
        AG_ASSIGN_OR_RETURN(NodeCheckSpec check, NodeSpec(*target.pattern, scope));
        *op = MakeShortestPathsFrom(std::move(*op), nodes[first].slot, target.slot, path, rels, lo,
                                    hi, spec, std::move(check), all, /*reversed=*/first == 1,
                                    ToString(*pp) + " from " + nodes[first].name);
        target.bound = true;
        placed[second] = true;
        pending.erase(target.name);
      } else {
        *op = MakeShortestPath(std::move(*op), nodes[0].slot, nodes[1].slot, path, rels, lo, hi,
                               spec, all, ToString(*pp));
      }
      AG_RETURN_IF_ERROR(ApplyReady(&conjuncts, scope, op));
      continue;
    }

    // Start at the cheapest node, then walk right, then left.
    size_t start = 0;
    int best_cost = INT32_MAX;
    for (size_t i = 0; i < nodes.size(); ++i) {
      int cost = ChooseStart(nodes[i], conjuncts, *scope).cost;
      if (cost < best_cost) {
        best_cost = cost;
        start = i;
      }
    }
    AG_RETURN_IF_ERROR(place_node(start));
    auto expand = [&](size_t rel_index, bool rightward) -> Status {
      const RelPattern& rp = pp->rels[rel_index];
      const size_t from = rightward ? rel_index : rel_index + 1;
      const size_t to = rightward ? rel_index + 1 : rel_index;
      ExpandSpec spec;
      AG_ASSIGN_OR_RETURN(spec.types, RelTypes(rp));
      spec.dir = Dir(rp.direction, !rightward);
      spec.distinct_from = rel_slots_in_match;
      spec.distinct_from_lists = rel_list_slots_in_match;
      NodeInfo& target = nodes[to];
      const bool to_bound = target.bound;
      if (to_bound && target.needs_node_check) {
        *op = MakeIsNodeCheck(std::move(*op), target);
        target.needs_node_check = false;
      }
      NodeCheckSpec to_check;
      if (!to_bound) {
        AG_ASSIGN_OR_RETURN(to_check, NodeSpec(*target.pattern, scope));
      }
      std::vector<std::pair<std::string, ExprFn>> rel_props;
      if (rp.properties) {
        AG_ASSIGN_OR_RETURN(rel_props, PropertyChecks(*rp.properties, scope));
      }
      std::string desc = "(" + nodes[from].name + ")" + (spec.dir == Direction::kIn ? "<-" : "-") +
                         "[" + rp.variable.name;
      for (size_t k = 0; k < spec.types.size(); ++k)
        desc += (k ? "|" : ":") + spec.types[k];
      desc +=
          std::string("]") + (spec.dir == Direction::kOut ? "->" : "-") + "(" + target.name + ")";
      if (rp.length) {
        is_var[rel_index] = true;
        bool b = false;
        AG_ASSIGN_OR_RETURN(SlotId rels, Declare(rp.variable, VarKind::kRelList, scope, &b));
        // The binder rejects a bound variable-length relationship; expanding
        // over a bound list is not planned.
        if (b)
          return Status::Internal("variable-length relationship '" + rp.variable.name +
                                  "' is bound (the binder should have said so)");
        SlotId seg = NewSlot();
        const int64_t lo = rp.length->min.value_or(1);
        const int64_t hi = rp.length->max.value_or(INT32_MAX);
        if (lo < 0) return Err(rp.pos, "bad variable-length bounds");
        if (hi < lo)  // an empty range (*2..1, *..0): no row reaches the expansion
          *op = MakeFilter(
              std::move(*op),
              [](Row&, ExecContext&, Value* out) {
                *out = Value(false);
                return Status::OK();
              },
              "empty length range");
        *op = MakeVarExpand(std::move(*op), nodes[from].slot, rels, target.slot, seg, to_bound, lo,
                            hi, spec, std::move(to_check), std::move(rel_props),
                            /*reversed=*/!rightward, desc);
        rel_slots[rel_index] = rels;
        seg_slots[rel_index] = seg;
        rel_list_slots_in_match.push_back(rels);
      } else {
        bool b = false;
        AG_ASSIGN_OR_RETURN(SlotId rel, Declare(rp.variable, VarKind::kRel, scope, &b));
        if (b) {
          // A relationship variable bound earlier: expand and check it is the same.
          SlotId fresh = NewSlot();
          *op = MakeExpand(std::move(*op), nodes[from].slot, fresh, target.slot, to_bound, spec,
                           std::move(to_check), std::move(rel_props), desc);
          const SlotId want = rel;
          *op = MakeFilter(
              std::move(*op),
              [fresh, want](Row& row, ExecContext&, Value* out) {
                *out = Value(row[fresh] == row[want]);
                return Status::OK();
              },
              rp.variable.name + " is the bound relationship");
          // It is still one of this pattern's relationships: the ones
          // expanded after it must differ from it (TCK Match4 [7]).
          if (std::find(rel_slots_in_match.begin(), rel_slots_in_match.end(), want) ==
              rel_slots_in_match.end())
            rel_slots_in_match.push_back(want);
        } else {
          *op = MakeExpand(std::move(*op), nodes[from].slot, rel, target.slot, to_bound, spec,
                           std::move(to_check), std::move(rel_props), desc);
          rel_slots_in_match.push_back(rel);
        }
        rel_slots[rel_index] = rel;
      }
      pending.erase(rp.variable.name);
      if (!to_bound) {
        target.bound = true;
        pending.erase(target.name);
        for (auto& other : nodes)
          if (!other.name.empty() && other.name == target.name) other.bound = true;
      } else if (to_bound) {
        // A bound target: still check its pattern's labels.
        AG_ASSIGN_OR_RETURN(NodeCheckSpec spec2, NodeSpec(*target.pattern, scope));
        spec2.temporal = false;
        if (!spec2.label_groups.empty() || !spec2.properties.empty())
          *op = MakeNodeCheck(std::move(*op), target.slot, std::move(spec2), target.name);
      }
      placed[to] = true;
      return ApplyReady(&conjuncts, scope, op);
    };
    for (size_t r = start; r < pp->rels.size(); ++r)
      AG_RETURN_IF_ERROR(expand(r, true));
    for (size_t r = start; r-- > 0;)
      AG_RETURN_IF_ERROR(expand(r, false));

    std::vector<PathPart> parts;
    for (size_t i = 0; i < nodes.size(); ++i) {
      PathPart part{nodes[i].slot, std::nullopt, std::nullopt};
      if (i > 0) {
        if (is_var[i - 1])
          part.segment = seg_slots[i - 1];
        else
          part.rel = rel_slots[i - 1];
      }
      parts.push_back(part);
    }
    if (parts_out) parts_out->push_back(parts);
    if (!pp->variable.empty()) {
      SlotId path = NewSlot();
      (*scope)[pp->variable.name] = {path, VarKind::kPath};
      *op = MakeBuildPath(std::move(*op), path, std::move(parts));
      AG_RETURN_IF_ERROR(ApplyReady(&conjuncts, scope, op));
    }
  }
  // Anything left (e.g. conjuncts naming unknown variables) is applied now,
  // so that its errors surface.
  return ApplyReady(&conjuncts, scope, op, /*all=*/true);
}

Status Planner::PlanMatch(const MatchClause& m, Scope* scope, OpPtr* op) {
  std::vector<const PathPattern*> pats;
  for (const auto& p : m.patterns)
    pats.push_back(&p);
  if (!m.optional) return PlanPatterns(pats, m.where.get(), scope, op);
  Scope before = *scope;
  OpPtr inner = MakeArgument();
  AG_RETURN_IF_ERROR(PlanPatterns(pats, m.where.get(), scope, &inner));
  std::vector<SlotId> nulls;
  for (const auto& [name, info] : *scope)
    if (!before.count(name)) nulls.push_back(info.slot);
  *op = MakeApply(std::move(*op), std::move(inner), true, std::move(nulls), "OPTIONAL MATCH");
  return Status::OK();
}

}  // namespace actorgraph::query::planning
