#include "query/planner/planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "query/parser/ast_walk.h"
#include "query/executor/errors.h"
#include "common/text_match.h"
#include "query/parser/printer.h"

namespace actorgraph::query {

namespace {

// kScalar: a value known at planning time not to be a node, relationship or
// path (a literal, a list or map literal, an arithmetic or comparison result);
// kValue: anything, known only at run time.
enum class VarKind { kNode, kRel, kRelList, kPath, kScalar, kValue };

struct VarInfo {
  SlotId slot;
  VarKind kind;
};

// Variables visible at a point of the query, mapped to their slots.
using Scope = std::map<std::string, VarInfo>;

// A WHERE conjunct waiting until its variables are bound.
struct Conjunct {
  const Expr* expr;
  std::set<std::string> vars;
  bool applied = false;
};

void SplitAnd(const Expr& e, std::vector<const Expr*>* out) {
  if (auto* b = e.As<Binary>(); b && b->op == BinaryOp::kAnd) {
    SplitAnd(*b->lhs, out);
    SplitAnd(*b->rhs, out);
    return;
  }
  out->push_back(&e);
}

const char* KindName(VarKind k) {
  switch (k) {
    case VarKind::kNode: return "a node";
    case VarKind::kRel: return "a relationship";
    case VarKind::kRelList: return "a list of relationships";
    case VarKind::kPath: return "a path";
    case VarKind::kScalar: return "a value that is not a node";
    case VarKind::kValue: return "a value";
  }
  return "a value";
}

class Planner {
 public:
  Planner(std::string_view text, const Ontology& ontology, const ProcedureRegistry& procs)
      : text_(text), ontology_(ontology), procs_(procs) {}

  Result<Plan> PlanTop(const Query& q) {
    Plan plan;
    AG_ASSIGN_OR_RETURN(plan.root, PlanUnion(q, &plan.columns, &plan.column_slots));
    plan.width = next_slot_;
    plan.writes = writes_;
    return plan;
  }

 private:
  SlotId NewSlot() { return next_slot_++; }

  Status Err(SourcePos pos, const std::string& msg) const { return SemanticError(text_, pos, msg); }

  // ---------------------------------------------------------------- expressions

  ExprEnv MakeEnv(Scope* scope) {
    ExprEnv env;
    env.text = text_;
    env.resolve = [scope](const std::string& n) -> std::optional<SlotId> {
      auto it = scope->find(n);
      if (it == scope->end()) return std::nullopt;
      return it->second.slot;
    };
    env.new_slot = [this] { return NewSlot(); };
    env.bind = [scope](const std::string& n, std::optional<SlotId> s) {
      if (s) (*scope)[n] = {*s, VarKind::kValue};
      else scope->erase(n);
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
        const auto* m = c.As<MatchClause>();
        if (!m) return Err(c.pos, "EXISTS { … } may only contain MATCH and WHERE");
        std::vector<const PathPattern*> pats;
        for (const auto& p : m->patterns) pats.push_back(&p);
        AG_RETURN_IF_ERROR(PlanPatterns(pats, m->where.get(), &inner, &op));
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

  Result<ExprFn> Compile(const Expr& e, Scope* scope,
                         std::function<std::optional<SlotId>(const Expr*)> aggs = nullptr) {
    ExprEnv env = MakeEnv(scope);
    env.aggregate_slot = std::move(aggs);
    return CompileExpr(e, env);
  }

  // ---------------------------------------------------------------- patterns

  struct NodeInfo {
    const NodePattern* pattern;
    SlotId slot;
    bool bound;  // bound before this MATCH
    std::string name;
    // A variable bound earlier to a value of unknown kind (UNWIND, a function
    // result): checked to be a node when the pattern reads it.
    bool needs_node_check = false;
  };

  // Label groups for a node pattern: each written label with its descendants.
  Result<NodeCheckSpec> NodeSpec(const NodePattern& np, Scope* scope, bool with_props = true) {
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

  Result<std::vector<std::pair<std::string, ExprFn>>> PropertyChecks(const Expr& props, Scope* scope) {
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

  // How selective is a start at this node? Lower is better; from kScanCost
  // on, the node can only be found by scanning a label or every node.
  static constexpr int kScanCost = 10;
  struct StartChoice {
    int cost = 100;
    SeekKind seek = SeekKind::kExternalId;
    std::string property;
    const Expr* value = nullptr;
    std::string description;
  };

  // Bound: in scope and not a variable of the pattern being placed that has
  // no value yet.
  bool IsBound(const std::string& v, const Scope& scope) const {
    return scope.count(v) && !(pending_ && pending_->count(v));
  }

  bool ExprBoundBy(const Expr& e, const Scope& scope) {
    std::set<std::string> vars;
    CollectVariables(e, &vars);
    for (const auto& v : vars)
      if (!IsBound(v, scope)) return false;
    return true;
  }

  StartChoice ChooseStart(const NodeInfo& n, const std::vector<Conjunct>& conjuncts, const Scope& scope) {
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
                 ontology_.IsKnownPropertyName(key) && best.cost > 3) {
        best = {3, SeekKind::kProperty, key, value, key + " = " + ToString(*value) + how};
      }
    };
    if (n.pattern->properties)
      if (auto* m = n.pattern->properties->As<MapLiteral>())
        for (const auto& e : m->entries) consider_eq(e.key.name, e.value.get(), "");
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
          std::string fname = f->name;
          for (char& ch : fname) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
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
  Status ApplyReady(std::vector<Conjunct>* conjuncts, Scope* scope, OpPtr* op, bool all = false) {
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

  // What a projected expression is known to hold, for type conflicts caught
  // before running (`WITH true AS n MATCH (n)`).
  static VarKind KindOf(const Expr& e, const Scope& scope) {
    if (auto* v = e.As<Variable>()) {
      auto it = scope.find(v->name);
      return it == scope.end() ? VarKind::kValue : it->second.kind;
    }
    if (auto* l = e.As<Literal>()) return l->value.is_null() ? VarKind::kValue : VarKind::kScalar;
    if (e.As<ListLiteral>() || e.As<MapLiteral>() || e.As<Binary>() || e.As<Unary>() ||
        e.As<ComparisonChain>() || e.As<IsNull>() || e.As<LabelCheck>() || e.As<MapProjection>() ||
        e.As<ListComprehension>() || e.As<Quantifier>() || e.As<PatternPredicate>() ||
        e.As<ExistsSubquery>() || e.As<CountStar>())
      return VarKind::kScalar;
    return VarKind::kValue;
  }

  // A row passes when the variable holds a node; null matches nothing; any
  // other value is a type error, as in openCypher.
  OpPtr MakeIsNodeCheck(OpPtr input, const NodeInfo& n) {
    const SlotId slot = n.slot;
    const std::string name = n.name;
    const SourcePos pos = n.pattern->variable.pos;
    const std::string text(text_);
    return MakeFilter(std::move(input), [slot, name, pos, text](Row& row, ExecContext&, Value* out) -> Status {
      const Value& v = row[slot];
      if (v.kind() == Value::Kind::kNode || v.is_null()) {
        *out = Value(!v.is_null());
        return Status::OK();
      }
      return Status::InvalidArgument("type error at line " + std::to_string(pos.line) + ", column " +
                                     std::to_string(pos.column) + ": variable '" + name + "' holds a " +
                                     Value::KindName(v.kind()) + ", not a node\n" + CaretSnippet(text, pos));
    }, name + " is a node");
  }

  // Declares a pattern variable (or checks it against an earlier binding).
  Result<SlotId> Declare(const Symbol& var, VarKind kind, Scope* scope, bool* bound) {
    *bound = false;
    if (var.empty()) return NewSlot();
    auto it = scope->find(var.name);
    if (it != scope->end()) {
      if (it->second.kind != kind && it->second.kind != VarKind::kValue)
        return Err(var.pos, "variable '" + var.name + "' is already bound to " + KindName(it->second.kind) +
                                "; it cannot be used as " + KindName(kind) + " here (VariableTypeConflict)");
      *bound = true;
      return it->second.slot;
    }
    SlotId s = NewSlot();
    (*scope)[var.name] = {s, kind};
    return s;
  }

  Result<std::vector<std::string>> RelTypes(const RelPattern& rp) {
    std::vector<std::string> types;
    for (const auto& t : rp.types) {
      if (!ontology_.open() && !ontology_.HasRelType(t.name)) {
        std::string hint = DidYouMean(t.name, ontology_.RelTypeNames());
        return Err(t.pos, "unknown relationship type '" + t.name + "'" + (hint.empty() ? "" : "; " + hint));
      }
      types.push_back(t.name);
    }
    return types;
  }

  static Direction Dir(RelDirection d, bool reversed) {
    if (d == RelDirection::kBoth) return Direction::kBoth;
    const bool out = (d == RelDirection::kRight) != reversed;
    return out ? Direction::kOut : Direction::kIn;
  }

  // Plans the patterns of one MATCH (or a pattern predicate) on top of *op.
  Status PlanPatterns(const std::vector<const PathPattern*>& patterns, const Expr* where, Scope* scope,
                      OpPtr* op) {
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
    // Variables this MATCH introduces, until the plan gives them a value.
    std::set<std::string> pending;
    std::set<std::string> rel_names;
    for (const PathPattern* pp : patterns) {
      for (const auto& np : pp->nodes)
        if (!np.variable.empty() && !scope->count(np.variable.name)) pending.insert(np.variable.name);
      for (const auto& rp : pp->rels) {
        if (rp.variable.empty() || scope->count(rp.variable.name)) continue;
        // One MATCH never binds two of its relationships to the same one.
        pending.insert(rp.variable.name);
        if (!rel_names.insert(rp.variable.name).second)
          return Err(rp.variable.pos, "relationship variable '" + rp.variable.name +
                                          "' is used twice in one MATCH; a relationship can be matched "
                                          "only once per pattern (RelationshipUniquenessViolation)");
      }
    }
    // A path variable names a new path: never one bound before, nor a node or
    // relationship of this MATCH.
    std::set<std::string> path_names;
    for (const PathPattern* pp : patterns) {
      if (pp->variable.empty()) continue;
      const std::string& name = pp->variable.name;
      if (scope->count(name) || pending.count(name) || !path_names.insert(name).second)
        return Err(pp->variable.pos,
                   "variable '" + name + "' is already bound; a path variable needs a new name (VariableAlreadyBound)");
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
          *op = MakeNodeSeek(std::move(*op), n.slot, c.seek, c.property, std::move(v), label + ": " + c.description);
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
          *op = MakeShortestPathsFrom(std::move(*op), nodes[first].slot, target.slot, path, rels,
                                      lo, hi, spec, std::move(check), all, /*reversed=*/first == 1,
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
        std::string desc = "(" + nodes[from].name + ")" + (spec.dir == Direction::kIn ? "<-" : "-") + "[" +
                           rp.variable.name;
        for (size_t k = 0; k < spec.types.size(); ++k) desc += (k ? "|" : ":") + spec.types[k];
        desc += std::string("]") + (spec.dir == Direction::kOut ? "->" : "-") + "(" + target.name + ")";
        if (rp.length) {
          is_var[rel_index] = true;
          bool b = false;
          AG_ASSIGN_OR_RETURN(SlotId rels, Declare(rp.variable, VarKind::kRelList, scope, &b));
          if (b) return Err(rp.variable.pos, "variable-length relationship '" + rp.variable.name + "' is already bound");
          SlotId seg = NewSlot();
          const int64_t lo = rp.length->min.value_or(1);
          const int64_t hi = rp.length->max.value_or(INT32_MAX);
          if (lo < 0 || hi < lo) return Err(rp.pos, "bad variable-length bounds");
          *op = MakeVarExpand(std::move(*op), nodes[from].slot, rels, target.slot, seg, to_bound, lo, hi,
                              spec, std::move(to_check), std::move(rel_props), /*reversed=*/!rightward,
                              desc);
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
            *op = MakeFilter(std::move(*op), [fresh, want](Row& row, ExecContext&, Value* out) {
              *out = Value(row[fresh] == row[want]);
              return Status::OK();
            }, rp.variable.name + " is the bound relationship");
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
      for (size_t r = start; r < pp->rels.size(); ++r) AG_RETURN_IF_ERROR(expand(r, true));
      for (size_t r = start; r-- > 0;) AG_RETURN_IF_ERROR(expand(r, false));

      if (!pp->variable.empty()) {
        std::vector<PathPart> parts;
        for (size_t i = 0; i < nodes.size(); ++i) {
          PathPart part{nodes[i].slot, std::nullopt, std::nullopt};
          if (i > 0) {
            if (is_var[i - 1]) part.segment = seg_slots[i - 1];
            else part.rel = rel_slots[i - 1];
          }
          parts.push_back(part);
        }
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

  // ---------------------------------------------------------------- clauses

  Status PlanMatch(const MatchClause& m, Scope* scope, OpPtr* op) {
    std::vector<const PathPattern*> pats;
    for (const auto& p : m.patterns) pats.push_back(&p);
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

  // WITH and RETURN. On return, *scope holds only the projected names.
  Status PlanProjection(const Projection& p, const Expr* where, Scope* scope, OpPtr* op,
                        std::vector<std::string>* columns, std::vector<SlotId>* slots, bool is_return) {
    struct Item {
      const Expr* expr;
      std::string name;
      SourcePos pos;
      std::unique_ptr<Expr> owned;  // for '*' items
    };
    std::vector<Item> items;
    if (p.star) {
      for (const auto& [name, info] : *scope)
        if (name.rfind("  ", 0) != 0) {
          auto v = std::make_unique<Expr>(SourcePos{}, 0, ExprNode{Variable{name}});
          items.push_back({v.get(), name, {}, std::move(v)});
        }
      if (items.empty() && p.items.empty())
        return Err(SourcePos{}, "RETURN * needs at least one variable in scope");
    }
    for (const auto& it : p.items) {
      std::string name = it.alias.empty() ? ToString(*it.expr) : it.alias.name;
      if (!is_return && it.alias.empty() && !it.expr->As<Variable>())
        return Err(it.expr->pos, "expression in WITH must be aliased (use AS)");
      items.push_back({it.expr.get(), name, it.expr->pos, nullptr});
    }
    for (size_t i = 0; i < items.size(); ++i)
      for (size_t j = 0; j < i; ++j)
        if (items[i].name == items[j].name)
          return Err(items[i].pos, "column name '" + items[i].name + "' is used twice");

    bool aggregating = false;
    for (const auto& it : items) aggregating |= ContainsAggregate(*it.expr);

    Scope out_scope;
    std::vector<SlotId> out_slots;
    if (aggregating) {
      std::vector<std::pair<SlotId, ExprFn>> keys;
      std::vector<AggregateSpec> aggs;
      std::map<const Expr*, SlotId> agg_slots;
      Scope key_scope;  // names readable after the aggregation
      // Grouping keys first.
      for (const auto& it : items) {
        if (ContainsAggregate(*it.expr)) continue;
        AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*it.expr, scope));
        SlotId s = NewSlot();
        keys.emplace_back(s, std::move(f));
        const VarKind kind = KindOf(*it.expr, *scope);
        key_scope[it.name] = {s, kind};
        if (auto* v = it.expr->As<Variable>()) key_scope[v->name] = {s, kind};
      }
      // Then every aggregate call inside the aggregate items.
      std::function<Status(const Expr&)> collect = [&](const Expr& e) -> Status {
        const FunctionCall* f = e.As<FunctionCall>();
        if (e.As<CountStar>() || (f && IsAggregateFunction(f->name))) {
          AggregateSpec spec;
          spec.out = NewSlot();
          if (e.As<CountStar>()) {
            spec.function = "count";
            spec.star = true;
          } else {
            spec.function = f->name;
            for (char& c : spec.function) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            spec.distinct = f->distinct;
            const bool percentile = spec.function.rfind("percentile", 0) == 0;
            if (f->args.size() != (percentile ? 2u : 1u))
              return Err(e.pos, f->name + "() takes " + (percentile ? "2" : "1") + " argument(s)");
            for (const auto& a : f->args)
              if (ContainsAggregate(*a)) return Err(a->pos, "aggregate functions cannot be nested");
            AG_ASSIGN_OR_RETURN(spec.arg, Compile(*f->args[0], scope));
            if (percentile) {
 AG_ASSIGN_OR_RETURN(spec.extra, Compile(*f->args[1], scope));
}
          }
          agg_slots[&e] = spec.out;
          aggs.push_back(std::move(spec));
          return Status::OK();
        }
        Status st;
        ForEachChild(e, [&](const Expr& c) {
          if (st.ok()) st = collect(c);
        });
        return st;
      };
      for (const auto& it : items)
        if (ContainsAggregate(*it.expr)) AG_RETURN_IF_ERROR(collect(*it.expr));
      std::string desc;
      for (const auto& it : items) desc += (desc.empty() ? "" : ", ") + it.name;
      *op = MakeAggregate(std::move(*op), std::move(keys), std::move(aggs), 0, desc);
      // Final values: keys are already in their slots; aggregate items are
      // computed from the aggregate slots and the keys.
      std::vector<std::pair<SlotId, ExprFn>> finals;
      for (const auto& it : items) {
        if (!ContainsAggregate(*it.expr)) {
          out_scope[it.name] = key_scope[it.name];
          out_slots.push_back(key_scope[it.name].slot);
          continue;
        }
        Scope s2 = key_scope;
        auto lookup = [&agg_slots](const Expr* e) -> std::optional<SlotId> {
          auto f = agg_slots.find(e);
          if (f == agg_slots.end()) return std::nullopt;
          return f->second;
        };
        auto compiled = Compile(*it.expr, &s2, lookup);
        if (!compiled.ok())
          return Err(it.pos, "in '" + it.name + "': an aggregating expression may only use grouping keys "
                             "and aggregates (" + compiled.status().message().substr(0, compiled.status().message().find('\n')) + ")");
        SlotId s = NewSlot();
        finals.emplace_back(s, std::move(compiled).value());
        out_scope[it.name] = {s, VarKind::kValue};
        out_slots.push_back(s);
      }
      if (!finals.empty()) *op = MakeProject(std::move(*op), std::move(finals), "aggregate results");
    } else {
      std::vector<std::pair<SlotId, ExprFn>> proj;
      for (const auto& it : items) {
        AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*it.expr, scope));
        const VarKind kind = KindOf(*it.expr, *scope);
        SlotId s = NewSlot();
        proj.emplace_back(s, std::move(f));
        out_scope[it.name] = {s, kind};
        out_slots.push_back(s);
      }
      std::string desc;
      for (const auto& it : items) desc += (desc.empty() ? "" : ", ") + it.name;
      *op = MakeProject(std::move(*op), std::move(proj), desc);
    }
    if (p.distinct) *op = MakeDistinct(std::move(*op), out_slots);

    if (!p.order_by.empty()) {
      // ORDER BY sees the projected names and, unless the projection
      // aggregated or was DISTINCT, the earlier variables too.
      Scope sort_scope = (aggregating || p.distinct) ? Scope() : *scope;
      for (const auto& [n, info] : out_scope) sort_scope[n] = info;
      std::vector<SortKey> keys;
      std::string desc;
      for (const auto& si : p.order_by) {
        // ORDER BY an expression that is also projected reads its slot.
        std::optional<SlotId> same;
        for (size_t i = 0; i < items.size(); ++i)
          if (ToString(*items[i].expr) == ToString(*si.expr)) same = out_slots[i];
        ExprFn f;
        if (same) {
          SlotId s = *same;
          f = [s](Row& row, ExecContext&, Value* out) {
            *out = row[s];
            return Status::OK();
          };
        } else {
          auto compiled = Compile(*si.expr, &sort_scope);
          if (!compiled.ok() && aggregating)
            return Err(si.expr->pos, "after aggregation, ORDER BY may only use the projected columns");
          AG_RETURN_IF_ERROR(compiled.status());
          f = std::move(compiled).value();
        }
        keys.push_back({std::move(f), si.descending});
        desc += (desc.empty() ? "" : ", ") + ToString(*si.expr) + (si.descending ? " DESC" : "");
      }
      std::optional<int64_t> top;
      if (p.limit && !p.skip)
        if (auto* lit = p.limit->As<Literal>(); lit && lit->value.kind() == Value::Kind::kInt)
          top = lit->value.as_int();
      *op = MakeSort(std::move(*op), std::move(keys), top, desc);
    }
    Scope empty;
    if (p.skip) {
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*p.skip, &empty));
      *op = MakeSkip(std::move(*op), std::move(f));
    }
    if (p.limit) {
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*p.limit, &empty));
      *op = MakeLimit(std::move(*op), std::move(f));
    }
    *scope = out_scope;
    if (where) {
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*where, scope));
      *op = MakeFilter(std::move(*op), std::move(f), ToString(*where));
    }
    if (columns) {
      columns->clear();
      for (const auto& it : items) columns->push_back(it.name);
      *slots = out_slots;
    }
    return Status::OK();
  }

  Status PlanUnwind(const UnwindClause& u, Scope* scope, OpPtr* op) {
    AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*u.list, scope));
    SlotId s = NewSlot();
    (*scope)[u.variable.name] = {s, VarKind::kValue};
    *op = MakeUnwind(std::move(*op), std::move(f), s, ToString(*u.list) + " AS " + u.variable.name);
    return Status::OK();
  }

  Status PlanCall(const CallClause& c, Scope* scope, OpPtr* op, bool standalone,
                  std::vector<std::string>* columns, std::vector<SlotId>* slots) {
    const Procedure* proc = procs_.Find(c.procedure.name);
    if (!proc) {
      std::vector<std::string> names;
      for (const Procedure* p : procs_.List()) names.push_back(p->signature().name);
      std::string hint = DidYouMean(c.procedure.name, names);
      return Err(c.procedure.pos, "unknown procedure '" + c.procedure.name + "'" +
                                      (hint.empty() ? "; see CALL db.procedures()" : "; " + hint));
    }
    const auto& sig = proc->signature();
    if (c.args.size() > sig.params.size())
      return Err(c.procedure.pos, sig.name + " takes at most " + std::to_string(sig.params.size()) + " argument(s)");
    for (size_t i = c.args.size(); i < sig.params.size(); ++i)
      if (!sig.params[i].default_value)
        return Err(c.procedure.pos, sig.name + ": missing argument '" + sig.params[i].name + "'");
    std::vector<ExprFn> args;
    for (const auto& a : c.args) {
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*a, scope));
      args.push_back(std::move(f));
    }
    std::vector<std::pair<size_t, SlotId>> yields;
    std::vector<std::string> names;
    auto output_index = [&](const Symbol& field) -> Result<size_t> {
      for (size_t i = 0; i < sig.outputs.size(); ++i)
        if (sig.outputs[i] == field.name) return i;
      std::string hint = DidYouMean(field.name, sig.outputs);
      return Err(field.pos, sig.name + " yields no '" + field.name + "'" + (hint.empty() ? "" : "; " + hint));
    };
    if (c.yields.empty()) {
      if (!standalone && !c.yield_star && !sig.outputs.empty())
        return Err(c.procedure.pos, "CALL inside a query needs YIELD (" + sig.name + " yields " +
                              [&] {
                                std::string s;
                                for (const auto& o : sig.outputs) s += (s.empty() ? "" : ", ") + o;
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
        if (scope->count(name)) return Err(y.field.pos, "variable '" + name + "' is already bound");
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
      for (const auto& y : yields) slots->push_back(y.second);
    }
    return Status::OK();
  }

  Result<std::pair<std::vector<CreateNodeSpec>, std::vector<CreateRelSpec>>> CreateSpecs(
      const std::vector<const PathPattern*>& patterns, Scope* scope) {
    std::vector<CreateNodeSpec> nodes;
    std::vector<CreateRelSpec> rels;
    for (const PathPattern* pp : patterns) {
      std::vector<SlotId> slots;
      for (const auto& np : pp->nodes) {
        CreateNodeSpec spec;
        auto it = np.variable.empty() ? scope->end() : scope->find(np.variable.name);
        if (it != scope->end()) {
          if (!np.labels.empty() || np.properties)
            return Err(np.pos, "variable '" + np.variable.name + "' is already bound; CREATE cannot add labels or properties to it");
          // `MATCH (a) CREATE (a)` would create nothing: a lone node pattern
          // must be new (openCypher: VariableAlreadyBound).
          if (pp->nodes.size() == 1)
            return Err(np.variable.pos, "variable '" + np.variable.name +
                                            "' is already bound; CREATE of a lone node needs a new variable "
                                            "(VariableAlreadyBound)");
          if (it->second.kind != VarKind::kNode && it->second.kind != VarKind::kValue)
            return Err(np.variable.pos, "variable '" + np.variable.name + "' is " + KindName(it->second.kind) +
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
          for (const auto& l : np.labels) spec.labels.push_back(l.name);
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
        if (rp.direction == RelDirection::kBoth) return Err(rp.pos, "CREATE needs a direction (-> or <-)");
        if (rp.length) return Err(rp.pos, "CREATE cannot create variable-length relationships");
        AG_ASSIGN_OR_RETURN(auto types, RelTypes(rp));
        CreateRelSpec spec;
        spec.type = types[0];
        spec.slot = NewSlot();
        if (!rp.variable.empty()) {
          if (scope->count(rp.variable.name)) return Err(rp.variable.pos, "variable '" + rp.variable.name + "' is already bound");
          (*scope)[rp.variable.name] = {spec.slot, VarKind::kRel};
        }
        const bool right = rp.direction == RelDirection::kRight;
        spec.src = right ? slots[i] : slots[i + 1];
        spec.dst = right ? slots[i + 1] : slots[i];
        if (rp.properties) {
 AG_ASSIGN_OR_RETURN(spec.properties, Compile(*rp.properties, scope));
}
        rels.push_back(std::move(spec));
      }
      if (!pp->variable.empty()) {
        std::vector<PathPart> parts;
        for (size_t i = 0; i < slots.size(); ++i)
          parts.push_back({slots[i], i ? std::optional<SlotId>(rels[rels.size() - pp->rels.size() + i - 1].slot) : std::nullopt, std::nullopt});
        (void)parts;  // paths of CREATE are built by the caller
      }
    }
    return std::make_pair(std::move(nodes), std::move(rels));
  }

  Result<std::vector<SetSpec>> SetSpecs(const std::vector<SetItem>& items, Scope* scope) {
    std::vector<SetSpec> out;
    for (const auto& it : items) {
      SetSpec s;
      s.text = std::string(text_.substr(it.pos.offset, 40));
      if (it.kind == SetItem::Kind::kProperty) {
        auto* pa = it.target->As<PropertyAccess>();
        auto* var = pa ? pa->object->As<Variable>() : nullptr;
        if (!var) return Err(it.pos, "SET needs variable.property = value");
        auto sv = scope->find(var->name);
        if (sv == scope->end()) return Err(it.target->pos, "unknown variable '" + var->name + "'");
        s.kind = SetSpec::Kind::kProperty;
        s.target = sv->second.slot;
        s.key = pa->key;
      } else {
        auto sv = scope->find(it.variable.name);
        if (sv == scope->end()) return Err(it.variable.pos, "unknown variable '" + it.variable.name + "'");
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

  Status PlanClause(const Clause& c, bool last, Scope* scope, OpPtr* op, std::vector<std::string>* columns,
                    std::vector<SlotId>* slots, bool only_clause) {
    if (auto* m = c.As<MatchClause>()) return PlanMatch(*m, scope, op);
    if (auto* u = c.As<UnwindClause>()) return PlanUnwind(*u, scope, op);
    if (auto* w = c.As<WithClause>())
      return PlanProjection(w->projection, w->where.get(), scope, op, nullptr, nullptr, false);
    if (auto* r = c.As<ReturnClause>())
      return PlanProjection(r->projection, nullptr, scope, op, columns, slots, true);
    if (auto* call = c.As<CallClause>()) return PlanCall(*call, scope, op, only_clause, columns, slots);
    writes_ = true;
    if (auto* cr = c.As<CreateClause>()) {
      std::vector<const PathPattern*> pats;
      for (const auto& p : cr->patterns) pats.push_back(&p);
      AG_ASSIGN_OR_RETURN(auto specs, CreateSpecs(pats, scope));
      *op = MakeCreate(std::move(*op), std::move(specs.first), std::move(specs.second));
      return Status::OK();
    }
    if (auto* mg = c.As<MergeClause>()) {
      Scope match_scope = *scope;
      OpPtr match = MakeArgument();
      std::vector<const PathPattern*> pats{&mg->pattern};
      AG_RETURN_IF_ERROR(PlanPatterns(pats, nullptr, &match_scope, &match));
      // The create side must write into the same slots the match binds.
      Scope create_scope = *scope;
      SlotId saved = next_slot_;
      (void)saved;
      AG_ASSIGN_OR_RETURN(auto specs, CreateSpecs(pats, &create_scope));
      for (auto& n : specs.first)
        for (const auto& np : mg->pattern.nodes)
          if (!np.variable.empty() && create_scope.count(np.variable.name) &&
              create_scope[np.variable.name].slot == n.slot && match_scope.count(np.variable.name))
            n.slot = match_scope[np.variable.name].slot;
      for (size_t i = 0; i < specs.second.size(); ++i) {
        const RelPattern& rp = mg->pattern.rels[i];
        auto remap = [&](SlotId s) {
          for (const auto& [name, info] : create_scope)
            if (info.slot == s && match_scope.count(name)) return match_scope[name].slot;
          return s;
        };
        specs.second[i].src = remap(specs.second[i].src);
        specs.second[i].dst = remap(specs.second[i].dst);
        if (!rp.variable.empty() && match_scope.count(rp.variable.name))
          specs.second[i].slot = match_scope[rp.variable.name].slot;
      }
      // Anonymous nodes of the pattern: the create writes slots the match
      // would have bound, which no later clause reads.
      OpPtr create = MakeCreate(MakeArgument(), std::move(specs.first), std::move(specs.second));
      *scope = match_scope;
      AG_ASSIGN_OR_RETURN(auto on_match, SetSpecs(mg->on_match, scope));
      AG_ASSIGN_OR_RETURN(auto on_create, SetSpecs(mg->on_create, scope));
      *op = MakeMerge(std::move(*op), std::move(match), std::move(create), std::move(on_match),
                      std::move(on_create), ToString(mg->pattern));
      return Status::OK();
    }
    if (auto* st = c.As<SetClause>()) {
      AG_ASSIGN_OR_RETURN(auto specs, SetSpecs(st->items, scope));
      *op = MakeSet(std::move(*op), std::move(specs));
      return Status::OK();
    }
    if (auto* rm = c.As<RemoveClause>()) {
      std::vector<SetSpec> specs;
      for (const auto& it : rm->items) {
        SetSpec s;
        s.text = std::string(text_.substr(it.pos.offset, 40));
        if (it.kind == RemoveItem::Kind::kProperty) {
          auto* pa = it.target->As<PropertyAccess>();
          auto* var = pa ? pa->object->As<Variable>() : nullptr;
          if (!var || !scope->count(var->name)) return Err(it.pos, "REMOVE needs a bound variable.property");
          s.kind = SetSpec::Kind::kRemoveProperty;
          s.target = (*scope)[var->name].slot;
          s.key = pa->key;
        } else {
          if (!scope->count(it.variable.name)) return Err(it.variable.pos, "unknown variable '" + it.variable.name + "'");
          s.kind = SetSpec::Kind::kRemoveLabels;
          s.target = (*scope)[it.variable.name].slot;
          for (const auto& l : it.labels) s.labels.push_back(l.name);
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

  Result<OpPtr> PlanSingle(const SingleQuery& q, std::vector<std::string>* columns, std::vector<SlotId>* slots) {
    Scope scope;
    OpPtr op = MakeArgument();
    for (size_t i = 0; i < q.clauses.size(); ++i) {
      const bool last = i + 1 == q.clauses.size();
      const Clause& c = q.clauses[i];
      if (!last && c.As<ReturnClause>()) return Err(c.pos, "RETURN must be the last clause");
      AG_RETURN_IF_ERROR(PlanClause(c, last, &scope, &op, columns, slots, q.clauses.size() == 1));
    }
    const Clause& last = q.clauses.back();
    const bool ends_ok = last.As<ReturnClause>() || (q.clauses.size() == 1 && last.As<CallClause>()) ||
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

  // MATCH ()-[r:T1|T2]->() RETURN type(r), count(*): nothing filters the
  // relationships (no labels, properties or WHERE), so the per-type counts
  // the engine keeps answer it (RelationshipCountFromStore).
  struct RelationshipCountRule {
    std::optional<size_t> type_column;
    size_t count_column = 0;
    std::vector<std::string> types;
  };
  std::optional<RelationshipCountRule> MatchRelationshipCount(const SingleQuery& q) {
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
      std::string fname = f ? f->name : "";
      for (char& ch : fname)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
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

  Result<OpPtr> PlanUnion(const Query& q, std::vector<std::string>* columns, std::vector<SlotId>* slots) {
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
    for (size_t i = 0; i < columns->size(); ++i) final_slots.push_back(NewSlot());
    *slots = final_slots;
    return MakeUnion(std::move(branches), std::move(outputs), final_slots, !q.union_all, 0);
  }

  std::string_view text_;
  const Ontology& ontology_;
  const ProcedureRegistry& procs_;
  SlotId next_slot_ = 0;
  bool writes_ = false;
  std::set<std::string>* pending_ = nullptr;
};

}  // namespace

Result<Plan> PlanQuery(const Query& query, std::string_view text, const Ontology& ontology,
                       const ProcedureRegistry& procedures) {
  Planner p(text, ontology, procedures);
  return p.PlanTop(query);
}

}  // namespace actorgraph::query
