#include "query/binder/variable_scopes.h"

#include <map>
#include <set>
#include <string>

#include "query/binder/semantic_error.h"
#include "query/executor/expression.h"
#include "query/parser/ast_walk.h"

namespace actorgraph::query {
namespace {

using VK = VariableKind;

// The names visible at a point of the query, with the variables they name.
using Names = std::map<std::string, int>;

bool HasAggregate(const Expr& e) {
  if (e.As<CountStar>()) return true;
  if (const auto* f = e.As<FunctionCall>(); f && IsAggregateFunction(f->name)) return true;
  if (e.As<PatternPredicate>() || e.As<ExistsSubquery>() || e.As<PatternComprehension>())
    return false;
  bool found = false;
  ForEachChild(e, [&](const Expr& c) { found = found || HasAggregate(c); });
  return found;
}

// `WITH a, b` (or `WITH *`) opening a CALL { } body: plain variables only.
bool IsImportingWith(const WithClause& w) {
  for (const auto& it : w.projection.items) {
    const auto* v = it.expr->As<Variable>();
    if (!v || (!it.alias.empty() && it.alias.name != v->name)) return false;
  }
  return true;
}

class Scoper {
 public:
  Scoper(std::string_view text, BoundStatement* out) : text_(text), out_(out) {}

  Status Statement(const Query& q) {
    for (const auto& part : q.parts) {
      Names scope;
      unknown_ = false;
      for (const auto& c : part.clauses)
        AG_RETURN_IF_ERROR(Clause(c, &scope));
    }
    return Status::OK();
  }

 private:
  Status Err(SourcePos pos, const std::string& msg) const { return SemanticError(text_, pos, msg); }

  int Declare(const std::string& name, VK kind, SourcePos pos) {
    const int id = static_cast<int>(out_->variables.size());
    out_->variables.push_back({id, name, kind, pos});
    return id;
  }

  VK KindOfId(int id) const { return out_->variables[id].kind; }

  // What a projected expression is known to hold, for type conflicts caught
  // before running (`WITH true AS n MATCH (n)`).
  VK KindOf(const Expr& e, const Names& scope) const {
    if (const auto* v = e.As<Variable>()) {
      auto it = scope.find(v->name);
      return it == scope.end() ? VK::kValue : KindOfId(it->second);
    }
    if (const auto* l = e.As<Literal>()) return l->value.is_null() ? VK::kValue : VK::kScalar;
    if (e.As<ListLiteral>() || e.As<MapLiteral>() || e.As<Binary>() || e.As<Unary>() ||
        e.As<ComparisonChain>() || e.As<IsNull>() || e.As<LabelCheck>() || e.As<MapProjection>() ||
        e.As<ListComprehension>() || e.As<Quantifier>() || e.As<PatternPredicate>() ||
        e.As<ExistsSubquery>() || e.As<CountStar>())
      return VK::kScalar;
    return VK::kValue;
  }

  // A name read by a map projection: resolved, or an undefined variable.
  Status Use(const Symbol& s, const Names& scope) {
    auto it = scope.find(s.name);
    if (it != scope.end()) {
      out_->symbols[&s] = it->second;
      return Status::OK();
    }
    if (unknown_) return Status::OK();
    return Err(s.pos, "unknown variable '" + s.name + "'");
  }

  Status Opt(const ExprPtr& e, const Names& scope) {
    return e ? Expression(*e, scope) : Status::OK();
  }

  Status Expression(const Expr& e, const Names& scope) {
    if (const auto* v = e.As<Variable>()) {
      auto it = scope.find(v->name);
      if (it != scope.end()) {
        out_->references[v] = it->second;
        return Status::OK();
      }
      if (unknown_) return Status::OK();
      return Err(e.pos, "unknown variable '" + v->name + "'");
    }
    if (const auto* mp = e.As<MapProjection>()) {
      AG_RETURN_IF_ERROR(Use(mp->variable, scope));
      for (const auto& it : mp->items) {
        if (it.kind == MapProjection::ItemKind::kVariable) AG_RETURN_IF_ERROR(Use(it.key, scope));
        AG_RETURN_IF_ERROR(Opt(it.value, scope));
      }
      return Status::OK();
    }
    if (const auto* lc = e.As<ListComprehension>()) {
      AG_RETURN_IF_ERROR(Expression(*lc->list, scope));
      Names inner = scope;
      Local(lc->variable, &inner);
      AG_RETURN_IF_ERROR(Opt(lc->where, inner));
      return Opt(lc->projection, inner);
    }
    if (const auto* q = e.As<Quantifier>()) {
      AG_RETURN_IF_ERROR(Expression(*q->list, scope));
      Names inner = scope;
      Local(q->variable, &inner);
      return Opt(q->where, inner);
    }
    if (const auto* r = e.As<Reduce>()) {
      AG_RETURN_IF_ERROR(Expression(*r->init, scope));
      AG_RETURN_IF_ERROR(Expression(*r->list, scope));
      Names inner = scope;
      Local(r->variable, &inner);
      Local(r->accumulator, &inner);
      return Expression(*r->expression, inner);
    }
    if (const auto* pp = e.As<PatternPredicate>()) {
      // A predicate tests, it does not bind: the binder's first pass rejects
      // new names here; the bound ones are resolved.
      Names inner = scope;
      AG_RETURN_IF_ERROR(Patterns({&pp->pattern}, &inner));
      return Status::OK();
    }
    if (const auto* pc = e.As<PatternComprehension>()) {
      Names inner = scope;
      AG_RETURN_IF_ERROR(Patterns({&pc->pattern}, &inner));
      AG_RETURN_IF_ERROR(Opt(pc->where, inner));
      return Opt(pc->projection, inner);
    }
    if (const auto* ex = e.As<ExistsSubquery>()) {
      // EXISTS { } and COUNT { }: the outer names are visible, the body's own
      // stay inside. The planner plans the first part only.
      Names inner = scope;
      for (const auto& c : ex->body->parts.at(0).clauses) {
        if (c.As<MatchClause>() || c.As<WithClause>() || c.As<ReturnClause>() ||
            c.As<UnwindClause>())
          AG_RETURN_IF_ERROR(Clause(c, &inner));
      }
      return Status::OK();
    }
    Status st;
    ForEachChild(e, [&](const Expr& c) {
      if (st.ok()) st = Expression(c, scope);
    });
    return st;
  }

  // A comprehension's, quantifier's or reduce's own variable: shadows an
  // outer one of the same name inside the body.
  void Local(const Symbol& s, Names* scope) {
    const int id = Declare(s.name, VK::kValue, s.pos);
    out_->symbols[&s] = id;
    (*scope)[s.name] = id;
  }

  // A pattern variable: declared, or the earlier variable of that name when
  // its kind allows.
  Result<int> PatternVariable(const Symbol& s, VK kind, Names* scope) {
    auto it = scope->find(s.name);
    if (it != scope->end()) {
      const VK had = KindOfId(it->second);
      if (had != kind && had != VK::kValue)
        return Err(s.pos, "variable '" + s.name + "' is already bound to " + VariableKindName(had) +
                              "; it cannot be used as " + VariableKindName(kind) +
                              " here (VariableTypeConflict)");
      out_->symbols[&s] = it->second;
      return it->second;
    }
    const int id = Declare(s.name, kind, s.pos);
    out_->symbols[&s] = id;
    (*scope)[s.name] = id;
    return id;
  }

  // The patterns of one MATCH, MERGE, pattern predicate or comprehension.
  Status Patterns(const std::vector<const PathPattern*>& patterns, Names* scope) {
    const Names before = *scope;
    std::set<std::string> fresh, rel_names;
    for (const PathPattern* pp : patterns) {
      for (const auto& np : pp->nodes)
        if (!np.variable.empty() && !before.count(np.variable.name)) fresh.insert(np.variable.name);
      for (const auto& rp : pp->rels) {
        if (rp.variable.empty() || before.count(rp.variable.name)) continue;
        fresh.insert(rp.variable.name);
        if (!rel_names.insert(rp.variable.name).second)
          return Err(rp.variable.pos,
                     "relationship variable '" + rp.variable.name +
                         "' is used twice in one MATCH; a relationship can be matched "
                         "only once per pattern (RelationshipUniquenessViolation)");
      }
    }
    std::set<std::string> path_names;
    for (const PathPattern* pp : patterns) {
      if (pp->variable.empty()) continue;
      const std::string& name = pp->variable.name;
      if (before.count(name) || fresh.count(name) || !path_names.insert(name).second)
        return Err(pp->variable.pos, "variable '" + name +
                                         "' is already bound; a path variable needs a new name "
                                         "(VariableAlreadyBound)");
    }
    for (const PathPattern* pp : patterns) {
      for (const auto& np : pp->nodes)
        if (!np.variable.empty())
          AG_RETURN_IF_ERROR(PatternVariable(np.variable, VK::kNode, scope).status());
      for (const auto& rp : pp->rels) {
        if (rp.variable.empty()) continue;
        const bool list = rp.length || pp->function != PathFunction::kNone;
        const bool was_bound = scope->count(rp.variable.name) > 0;
        AG_RETURN_IF_ERROR(
            PatternVariable(rp.variable, list ? VK::kRelList : VK::kRel, scope).status());
        if (rp.length && pp->function == PathFunction::kNone && was_bound)
          return Err(rp.variable.pos,
                     "variable-length relationship '" + rp.variable.name + "' is already bound");
      }
      if (!pp->variable.empty()) {
        const int id = Declare(pp->variable.name, VK::kPath, pp->variable.pos);
        out_->symbols[&pp->variable] = id;
        (*scope)[pp->variable.name] = id;
      }
    }
    // Property maps may read any variable of the patterns.
    for (const PathPattern* pp : patterns) {
      for (const auto& np : pp->nodes)
        AG_RETURN_IF_ERROR(Opt(np.properties, *scope));
      for (const auto& rp : pp->rels)
        AG_RETURN_IF_ERROR(Opt(rp.properties, *scope));
    }
    return Status::OK();
  }

  // WITH and RETURN: on return, *scope holds the projected names.
  // `WITH *` with nothing in scope passes the rows on (openCypher); `RETURN *`
  // would return rows without columns, so it is refused.
  Status Projection(const query::Projection& p, const Expr* where, Names* scope, bool is_return) {
    if (is_return && p.star && scope->empty() && p.items.empty() && !unknown_)
      return Err(SourcePos{}, "RETURN * needs at least one variable in scope");
    bool aggregating = false;
    for (const auto& it : p.items) {
      AG_RETURN_IF_ERROR(Expression(*it.expr, *scope));
      aggregating |= HasAggregate(*it.expr);
    }
    Names out = p.star ? *scope : Names{};
    for (const auto& it : p.items) {
      const auto* v = it.expr->As<Variable>();
      if (it.alias.empty() && !v) continue;  // a RETURN column, not a variable
      const Symbol* name_symbol = it.alias.empty() ? nullptr : &it.alias;
      const std::string& name = name_symbol ? name_symbol->name : v->name;
      const VK kind = HasAggregate(*it.expr) ? VK::kValue : KindOf(*it.expr, *scope);
      const int id = Declare(name, kind, name_symbol ? name_symbol->pos : it.expr->pos);
      if (name_symbol) out_->symbols[name_symbol] = id;
      out_->projected[it.expr.get()] = id;
      out[name] = id;
    }
    Names sort_scope = *scope;
    for (const auto& [n, id] : out)
      sort_scope[n] = id;
    for (const auto& s : p.order_by)
      AG_RETURN_IF_ERROR(Expression(*s.expr, sort_scope));
    AG_RETURN_IF_ERROR(Opt(p.skip, Names{}));
    AG_RETURN_IF_ERROR(Opt(p.limit, Names{}));
    // WHERE, like ORDER BY, may repeat a projected expression after DISTINCT
    // or an aggregation (`WITH DISTINCT a.x AS x WHERE a.x = 1`); the
    // planner admits only those there.
    Names where_scope = std::move(sort_scope);
    *scope = std::move(out);
    if (where) AG_RETURN_IF_ERROR(Expression(*where, where_scope));
    return Status::OK();
  }

  Status Set(const SetItem& it, const Names& scope) {
    if (it.kind == SetItem::Kind::kProperty) {
      const auto* pa = it.target ? it.target->As<PropertyAccess>() : nullptr;
      const auto* var = pa ? pa->object->As<Variable>() : nullptr;
      if (var) {
        auto found = scope.find(var->name);
        if (found == scope.end()) {
          if (!unknown_) return Err(it.target->pos, "unknown variable '" + var->name + "'");
        } else {
          out_->references[var] = found->second;
        }
      } else if (pa) {  // SET (expression).property
        AG_RETURN_IF_ERROR(Expression(*pa->object, scope));
      }
    } else {
      AG_RETURN_IF_ERROR(Use(it.variable, scope));
    }
    return Opt(it.value, scope);
  }

  Status Create(const CreateClause& cr, Names* scope) {
    for (const auto& pp : cr.patterns) {
      for (const auto& np : pp.nodes) {
        if (np.variable.empty()) {
          AG_RETURN_IF_ERROR(Opt(np.properties, *scope));
          continue;
        }
        auto it = scope->find(np.variable.name);
        if (it != scope->end()) {
          if (!np.labels.empty() || np.properties)
            return Err(np.pos,
                       "variable '" + np.variable.name +
                           "' is already bound; CREATE cannot add labels or properties to it");
          // `MATCH (a) CREATE (a)` would create nothing: a lone node pattern
          // must be new.
          if (pp.nodes.size() == 1)
            return Err(np.variable.pos, "variable '" + np.variable.name +
                                            "' is already bound; CREATE of a lone node needs a "
                                            "new variable (VariableAlreadyBound)");
          const VK had = KindOfId(it->second);
          if (had != VK::kNode && had != VK::kValue)
            return Err(np.variable.pos, "variable '" + np.variable.name + "' is " +
                                            VariableKindName(had) +
                                            ", not a node (VariableTypeConflict)");
          out_->symbols[&np.variable] = it->second;
          continue;
        }
        const int id = Declare(np.variable.name, VK::kNode, np.variable.pos);
        out_->symbols[&np.variable] = id;
        (*scope)[np.variable.name] = id;
        AG_RETURN_IF_ERROR(Opt(np.properties, *scope));
      }
      for (const auto& rp : pp.rels) {
        if (!rp.variable.empty()) {
          if (scope->count(rp.variable.name))
            return Err(rp.variable.pos, "variable '" + rp.variable.name + "' is already bound");
          const int id = Declare(rp.variable.name, VK::kRel, rp.variable.pos);
          out_->symbols[&rp.variable] = id;
          (*scope)[rp.variable.name] = id;
        }
        AG_RETURN_IF_ERROR(Opt(rp.properties, *scope));
      }
      if (!pp.variable.empty()) {
        const int id = Declare(pp.variable.name, VK::kPath, pp.variable.pos);
        out_->symbols[&pp.variable] = id;
        (*scope)[pp.variable.name] = id;
      }
    }
    return Status::OK();
  }

  Status Call(const CallClause& c, Names* scope) {
    for (const auto& a : c.args)
      AG_RETURN_IF_ERROR(Expression(*a, *scope));
    // Without YIELD (or with YIELD *) the procedure's fields come in, which
    // only the planner knows; such a CALL is a whole statement.
    if (c.yields.empty()) unknown_ = true;
    for (const auto& y : c.yields) {
      const Symbol& s = y.alias.empty() ? y.field : y.alias;
      if (scope->count(s.name))
        return Err(y.field.pos, "variable '" + s.name + "' is already bound");
      const int id = Declare(s.name, VK::kValue, s.pos);
      out_->symbols[&s] = id;
      (*scope)[s.name] = id;
    }
    return Opt(c.where, *scope);
  }

  // CALL { }: each part sees only what its leading WITH imports; the names
  // its RETURN projects join the outer scope.
  Status CallSubquery(const CallSubqueryClause& c, SourcePos pos, Names* scope) {
    const query::Query& q = *c.body;
    Names returned;
    for (const SingleQuery& part : q.parts) {
      Names inner;
      size_t first = 0;
      const query::Clause& head = part.clauses[0];
      if (const auto* w = head.As<WithClause>(); w && IsImportingWith(*w)) {
        if (w->projection.star) inner = *scope;
        for (const auto& it : w->projection.items) {
          const auto* v = it.expr->As<Variable>();
          auto found = scope->find(v->name);
          if (found == scope->end()) {
            if (unknown_) continue;
            return Err(it.expr->pos, "variable '" + v->name +
                                         "' is not defined in the query around CALL { … } "
                                         "(UndefinedVariable)");
          }
          out_->references[v] = found->second;
          inner[v->name] = found->second;
        }
        const query::Projection& p = w->projection;
        if (w->where || p.distinct || !p.order_by.empty() || p.skip || p.limit)
          AG_RETURN_IF_ERROR(Projection(p, w->where.get(), &inner, /*is_return=*/false));
        Record(head, inner);
        first = 1;
      } else if (const auto* w = head.As<WithClause>()) {
        // Outer variables come in only by name; computing from them needs a
        // second WITH after the import.
        for (const auto& it : w->projection.items) {
          std::set<std::string> vars;
          CollectVariables(*it.expr, &vars);
          for (const auto& v : vars)
            if (scope->count(v))
              return Err(it.expr->pos,
                         "an importing WITH may only name outer variables: write WITH " + v +
                             " and compute from it in a second WITH");
        }
      }
      for (size_t i = first; i < part.clauses.size(); ++i)
        AG_RETURN_IF_ERROR(Clause(part.clauses[i], &inner));
      if (&part == &q.parts[0] && part.clauses.back().As<ReturnClause>()) returned = inner;
    }
    // The returned names join the outer scope; one already there is an error.
    const auto* ret = q.parts[0].clauses.back().As<ReturnClause>();
    if (!ret) return Status::OK();
    for (const auto& it : ret->projection.items) {
      const auto* v = it.expr->As<Variable>();
      const std::string name = !it.alias.empty() ? it.alias.name : v ? v->name : "";
      if (!name.empty() && scope->count(name))
        return Err(it.alias.empty() ? it.expr->pos : it.alias.pos,
                   "variable '" + name +
                       "' is already bound outside CALL { … } "
                       "(VariableAlreadyBound)");
    }
    for (const auto& [name, id] : returned) {
      if (scope->count(name))
        return Err(pos, "variable '" + name +
                            "' is already bound outside CALL { … } (VariableAlreadyBound)");
      // A UNION body's column may come from any part: its kind is unknown.
      (*scope)[name] =
          q.parts.size() == 1 ? id : Declare(name, VK::kValue, out_->variables[id].declared);
    }
    return Status::OK();
  }

  void Record(const query::Clause& c, const Names& scope) {
    std::vector<int>& ids = out_->scopes[&c];
    ids.clear();
    for (const auto& [name, id] : scope)
      ids.push_back(id);
  }

  Status Clause(const query::Clause& c, Names* scope) {
    AG_RETURN_IF_ERROR(ClauseBody(c, scope));
    Record(c, *scope);
    return Status::OK();
  }

  Status ClauseBody(const query::Clause& c, Names* scope) {
    if (const auto* m = c.As<MatchClause>()) {
      std::vector<const PathPattern*> pats;
      for (const auto& p : m->patterns)
        pats.push_back(&p);
      AG_RETURN_IF_ERROR(Patterns(pats, scope));
      return Opt(m->where, *scope);
    }
    if (const auto* u = c.As<UnwindClause>()) {
      AG_RETURN_IF_ERROR(Expression(*u->list, *scope));
      const int id = Declare(u->variable.name, VK::kValue, u->variable.pos);
      out_->symbols[&u->variable] = id;
      (*scope)[u->variable.name] = id;
      return Status::OK();
    }
    if (const auto* w = c.As<WithClause>())
      return Projection(w->projection, w->where.get(), scope, /*is_return=*/false);
    if (const auto* r = c.As<ReturnClause>())
      return Projection(r->projection, nullptr, scope, /*is_return=*/true);
    if (const auto* call = c.As<CallClause>()) return Call(*call, scope);
    if (const auto* sub = c.As<CallSubqueryClause>()) return CallSubquery(*sub, c.pos, scope);
    if (const auto* cr = c.As<CreateClause>()) return Create(*cr, scope);
    if (const auto* mg = c.As<MergeClause>()) {
      AG_RETURN_IF_ERROR(Patterns({&mg->pattern}, scope));
      for (const auto* items : {&mg->on_match, &mg->on_create})
        for (const auto& it : *items)
          AG_RETURN_IF_ERROR(Set(it, *scope));
      return Status::OK();
    }
    if (const auto* st = c.As<SetClause>()) {
      for (const auto& it : st->items)
        AG_RETURN_IF_ERROR(Set(it, *scope));
      return Status::OK();
    }
    if (const auto* rm = c.As<RemoveClause>()) {
      for (const auto& it : rm->items) {
        if (it.kind == RemoveItem::Kind::kProperty) {
          const auto* pa = it.target->As<PropertyAccess>();
          const auto* var = pa ? pa->object->As<Variable>() : nullptr;
          auto found = var ? scope->find(var->name) : scope->end();
          if (found == scope->end()) {
            if (!unknown_) return Err(it.pos, "REMOVE needs a bound variable.property");
            continue;
          }
          out_->references[var] = found->second;
        } else {
          AG_RETURN_IF_ERROR(Use(it.variable, *scope));
        }
      }
      return Status::OK();
    }
    if (const auto* d = c.As<DeleteClause>()) {
      for (const auto& t : d->targets)
        AG_RETURN_IF_ERROR(Expression(*t, *scope));
      return Status::OK();
    }
    return Status::OK();
  }

  std::string_view text_;
  BoundStatement* out_;
  bool unknown_ = false;  // names in scope that only the planner can list (a CALL's fields)
};

}  // namespace

Status ResolveVariables(const Query& query, std::string_view text, BoundStatement* out) {
  return Scoper(text, out).Statement(query);
}

}  // namespace actorgraph::query
