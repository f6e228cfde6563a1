#include "query/binder/binder.h"

#include <set>

#include "common/text_match.h"
#include "query/parser/ast_walk.h"
#include "query/executor/errors.h"

namespace actorgraph::query {

bool IsBuiltinField(std::string_view key) {
  return key == "name" || key == "id" || key == "aliases" || key == "valid_from" || key == "valid_to";
}

namespace {

class Binder {
 public:
  Binder(std::string_view text, const Ontology& o) : text_(text), ontology_(o) {
    for (const auto& p : o.AllPropertyNames()) known_props_.push_back(p);
    for (const char* b : {"name", "id", "aliases", "valid_from", "valid_to"}) known_props_.push_back(b);
  }

  Status Run(const Query& q) {
    for (const auto& part : q.parts) {
      entities_.clear();
      for (const auto& c : part.clauses) AG_RETURN_IF_ERROR(Clause(c));
    }
    return Status::OK();
  }

 private:
  Status CheckKey(const std::string& key, SourcePos pos) {
    if (ontology_.open() || IsBuiltinField(key) || ontology_.IsKnownPropertyName(key))
      return Status::OK();
    std::string hint = DidYouMean(key, known_props_);
    return SemanticError(text_, pos, "unknown property '" + key + "' (not in the ontology)" +
                                         (hint.empty() ? "" : "; " + hint));
  }

  Status MapKeys(const Expr* props) {
    if (!props) return Status::OK();
    if (auto* m = props->As<MapLiteral>())
      for (const auto& e : m->entries) AG_RETURN_IF_ERROR(CheckKey(e.key.name, e.key.pos));
    return Expression(*props);
  }

  Status Pattern(const PathPattern& p) {
    for (const auto& n : p.nodes) {
      if (!n.variable.empty()) entities_.insert(n.variable.name);
      for (const auto& l : n.labels)
        if (!ontology_.open() && !ontology_.HasLabel(l.name)) {
          std::string hint = DidYouMean(l.name, ontology_.LabelNames());
          return SemanticError(text_, l.pos, "unknown label '" + l.name + "'" + (hint.empty() ? "" : "; " + hint));
        }
      AG_RETURN_IF_ERROR(MapKeys(n.properties.get()));
    }
    for (const auto& r : p.rels) {
      if (!r.variable.empty() && !r.length) entities_.insert(r.variable.name);
      for (const auto& t : r.types)
        if (!ontology_.open() && !ontology_.HasRelType(t.name)) {
          std::string hint = DidYouMean(t.name, ontology_.RelTypeNames());
          return SemanticError(text_, t.pos, "unknown relationship type '" + t.name + "'" +
                                                 (hint.empty() ? "" : "; " + hint));
        }
      AG_RETURN_IF_ERROR(MapKeys(r.properties.get()));
    }
    return Status::OK();
  }

  Status Expression(const Expr& e) {
    if (auto* pa = e.As<PropertyAccess>()) {
      if (auto* v = pa->object->As<Variable>(); v && entities_.count(v->name))
        AG_RETURN_IF_ERROR(CheckKey(pa->key, e.pos));
    }
    if (auto* lc = e.As<LabelCheck>())
      for (const auto& l : lc->labels)
        if (!ontology_.open() && !ontology_.HasLabel(l.name)) {
          std::string hint = DidYouMean(l.name, ontology_.LabelNames());
          return SemanticError(text_, l.pos, "unknown label '" + l.name + "'" + (hint.empty() ? "" : "; " + hint));
        }
    if (auto* pp = e.As<PatternPredicate>()) AG_RETURN_IF_ERROR(Pattern(pp->pattern));
    if (auto* pc = e.As<PatternComprehension>()) AG_RETURN_IF_ERROR(Pattern(pc->pattern));
    if (auto* ex = e.As<ExistsSubquery>()) {
      for (const auto& part : ex->body->parts)
        for (const auto& c : part.clauses) AG_RETURN_IF_ERROR(Clause(c));
    }
    Status st;
    ForEachChild(e, [&](const Expr& c) {
      if (st.ok()) st = Expression(c);
    });
    return st;
  }

  Status Projection(const query::Projection& p) {
    std::set<std::string> next;
    for (const auto& it : p.items) {
      AG_RETURN_IF_ERROR(Expression(*it.expr));
      auto* v = it.expr->As<Variable>();
      if (v && entities_.count(v->name)) next.insert(it.alias.empty() ? v->name : it.alias.name);
    }
    for (const auto& s : p.order_by) AG_RETURN_IF_ERROR(Expression(*s.expr));
    if (!p.star) entities_ = next;
    else entities_.insert(next.begin(), next.end());
    return Status::OK();
  }

  Status Clause(const query::Clause& c) {
    if (auto* m = c.As<MatchClause>()) {
      for (const auto& p : m->patterns) AG_RETURN_IF_ERROR(Pattern(p));
      if (m->where) AG_RETURN_IF_ERROR(Expression(*m->where));
    } else if (auto* w = c.As<WithClause>()) {
      AG_RETURN_IF_ERROR(Projection(w->projection));
      if (w->where) AG_RETURN_IF_ERROR(Expression(*w->where));
    } else if (auto* r = c.As<ReturnClause>()) {
      AG_RETURN_IF_ERROR(Projection(r->projection));
    } else if (auto* u = c.As<UnwindClause>()) {
      AG_RETURN_IF_ERROR(Expression(*u->list));
    } else if (auto* cr = c.As<CreateClause>()) {
      for (const auto& p : cr->patterns) AG_RETURN_IF_ERROR(Pattern(p));
    } else if (auto* mg = c.As<MergeClause>()) {
      AG_RETURN_IF_ERROR(Pattern(mg->pattern));
      for (const auto* items : {&mg->on_create, &mg->on_match})
        for (const auto& it : *items) AG_RETURN_IF_ERROR(SetItemCheck(it));
    } else if (auto* st = c.As<SetClause>()) {
      for (const auto& it : st->items) AG_RETURN_IF_ERROR(SetItemCheck(it));
    } else if (auto* call = c.As<CallClause>()) {
      for (const auto& a : call->args) AG_RETURN_IF_ERROR(Expression(*a));
    } else if (auto* d = c.As<DeleteClause>()) {
      for (const auto& t : d->targets) AG_RETURN_IF_ERROR(Expression(*t));
    }
    return Status::OK();
  }

  Status SetItemCheck(const SetItem& it) {
    if (it.target) AG_RETURN_IF_ERROR(Expression(*it.target));
    if (it.value) AG_RETURN_IF_ERROR(Expression(*it.value));
    return Status::OK();
  }

  std::string_view text_;
  const Ontology& ontology_;
  std::set<std::string> entities_;
  std::vector<std::string> known_props_;
};

}  // namespace

Status Bind(const Statement& statement, std::string_view text, const Ontology& ontology) {
  return Binder(text, ontology).Run(statement.query);
}

}  // namespace actorgraph::query
