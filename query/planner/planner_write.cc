// The writing clauses' specs: CREATE and MERGE patterns, SET items.
#include "query/planner/planner_internal.h"

namespace actorgraph::query::planning {

Result<std::pair<std::vector<CreateNodeSpec>, std::vector<CreateRelSpec>>> Planner::CreateSpecs(
    const std::vector<const PathPattern*>& patterns, Scope* scope, bool merge,
    std::vector<std::vector<PathPart>>* parts_out) {
  std::vector<CreateNodeSpec> nodes;
  std::vector<CreateRelSpec> rels;
  for (const PathPattern* pp : patterns) {
    std::vector<SlotId> slots;
    for (const auto& np : pp->nodes) {
      CreateNodeSpec spec;
      auto it = np.variable.empty() ? scope->end() : scope->find(np.variable.name);
      if (it != scope->end()) {
        // For CREATE the binder reports these first; MERGE's create side
        // (whose rules are MERGE's own) still relies on them.
        if (!np.labels.empty() || np.properties)
          return Err(np.pos,
                     "variable '" + np.variable.name +
                         "' is already bound; CREATE cannot add labels or properties to it");
        // `MATCH (a) CREATE (a)` would create nothing: a lone node pattern
        // must be new (openCypher: VariableAlreadyBound).
        if (pp->nodes.size() == 1)
          return Err(np.variable.pos,
                     "variable '" + np.variable.name +
                         "' is already bound; CREATE of a lone node needs a new variable "
                         "(VariableAlreadyBound)");
        if (it->second.kind != VarKind::kNode && it->second.kind != VarKind::kValue)
          return Err(np.variable.pos, "variable '" + np.variable.name + "' is " +
                                          KindName(it->second.kind) +
                                          ", not a node (VariableTypeConflict)");
        spec.slot = it->second.slot;
        spec.bound = true;
      } else {
        spec.slot = NewSlot();
        if (!np.variable.empty()) (*scope)[np.variable.name] = {spec.slot, VarKind::kNode};
        if (np.labels.empty() && !ontology_.open())
          return Err(np.pos, "CREATE needs at least one label for a new node");
        AG_ASSIGN_OR_RETURN(NodeCheckSpec check, NodeSpec(np, scope, false));
        (void)check;
        for (const auto& l : np.labels)
          spec.labels.push_back(l.name);
        if (np.properties) {
          AG_ASSIGN_OR_RETURN(spec.properties, Compile(*np.properties, scope));
        }
      }
      slots.push_back(spec.slot);
      nodes.push_back(std::move(spec));
    }
    for (size_t i = 0; i < pp->rels.size(); ++i) {
      const RelPattern& rp = pp->rels[i];
      if (rp.types.size() != 1) return Err(rp.pos, "CREATE needs exactly one relationship type");
      // MERGE (a)-[:R]-(b) matches either direction and creates a -> b.
      if (rp.direction == RelDirection::kBoth && !merge)
        return Err(rp.pos, "CREATE needs a direction (-> or <-)");
      if (rp.length) return Err(rp.pos, "CREATE cannot create variable-length relationships");
      AG_ASSIGN_OR_RETURN(auto types, RelTypes(rp));
      CreateRelSpec spec;
      spec.type = types[0];
      spec.slot = NewSlot();
      if (!rp.variable.empty()) {
        if (scope->count(rp.variable.name))
          return Err(rp.variable.pos, "variable '" + rp.variable.name + "' is already bound");
        (*scope)[rp.variable.name] = {spec.slot, VarKind::kRel};
      }
      const bool right = rp.direction != RelDirection::kLeft;
      spec.src = right ? slots[i] : slots[i + 1];
      spec.dst = right ? slots[i + 1] : slots[i];
      if (rp.properties) {
        AG_ASSIGN_OR_RETURN(spec.properties, Compile(*rp.properties, scope));
      }
      rels.push_back(std::move(spec));
    }
    if (parts_out) {
      std::vector<PathPart> parts;
      for (size_t i = 0; i < slots.size(); ++i)
        parts.push_back({slots[i],
                         i ? std::optional<SlotId>(rels[rels.size() - pp->rels.size() + i - 1].slot)
                           : std::nullopt,
                         std::nullopt});
      parts_out->push_back(std::move(parts));
    }
  }
  return std::make_pair(std::move(nodes), std::move(rels));
}

Result<std::vector<SetSpec>> Planner::SetSpecs(const std::vector<SetItem>& items, Scope* scope,
                                               std::vector<std::pair<SlotId, ExprFn>>* targets) {
  std::vector<SetSpec> out;
  for (const auto& it : items) {
    SetSpec s;
    s.text = std::string(text_.substr(it.pos.offset, 40));
    // The binder reports unknown SET targets first; these remain for a
    // target the binder could not list (after a CALL without YIELD).
    if (it.kind == SetItem::Kind::kProperty) {
      auto* pa = it.target->As<PropertyAccess>();
      if (!pa) return Err(it.pos, "SET needs variable.property = value");
      s.kind = SetSpec::Kind::kProperty;
      s.key = pa->key;
      if (auto* var = pa->object->As<Variable>()) {
        auto sv = scope->find(var->name);
        if (sv == scope->end()) return Err(it.target->pos, "unknown variable '" + var->name + "'");
        s.target = sv->second.slot;
      } else {
        if (!targets) return Err(it.pos, "ON CREATE and ON MATCH need variable.property = value");
        AG_ASSIGN_OR_RETURN(ExprFn object, Compile(*pa->object, scope));
        s.target = NewSlot();
        targets->emplace_back(s.target, std::move(object));
      }
    } else {
      auto sv = scope->find(it.variable.name);
      if (sv == scope->end())
        return Err(it.variable.pos, "unknown variable '" + it.variable.name + "'");
      s.target = sv->second.slot;
      s.kind = it.kind == SetItem::Kind::kReplace ? SetSpec::Kind::kReplace
               : it.kind == SetItem::Kind::kMerge ? SetSpec::Kind::kMerge
                                                  : SetSpec::Kind::kAddLabels;
      for (const auto& l : it.labels) {
        if (!ontology_.open() && !ontology_.HasLabel(l.name)) {
          std::string hint = DidYouMean(l.name, ontology_.LabelNames());
          return Err(l.pos, "unknown label '" + l.name + "'" + (hint.empty() ? "" : "; " + hint));
        }
        s.labels.push_back(l.name);
      }
    }
    if (it.value) {
      AG_ASSIGN_OR_RETURN(s.value, Compile(*it.value, scope));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace actorgraph::query::planning
