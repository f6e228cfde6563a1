#include "query/binder/binder.h"

#include <set>

#include "common/ascii.h"
#include "common/text_match.h"
#include "query/binder/semantic_error.h"
#include "query/binder/static_types.h"
#include "query/binder/variable_scopes.h"
#include "query/executor/expression.h"
#include "query/executor/functions.h"
#include "query/parser/ast_walk.h"

namespace actorgraph::query {

bool IsBuiltinField(std::string_view key) {
  return key == "name" || key == "id" || key == "aliases" || key == "valid_from" ||
         key == "valid_to";
}

namespace {

class Binder {
 public:
  Binder(std::string_view text, const Ontology& o) : text_(text), ontology_(o) {
    for (const auto& p : o.AllPropertyNames())
      known_props_.push_back(p);
    for (const char* b : {"name", "id", "aliases", "valid_from", "valid_to"})
      known_props_.push_back(b);
  }

  Status Run(const Query& q) {
    for (const auto& part : q.parts) {
      entities_.clear();
      types_.clear();
      unknown_scope_ = false;
      for (const auto& c : part.clauses)
        AG_RETURN_IF_ERROR(Clause(c));
    }
    return Status::OK();
  }

 private:
  Status CheckKey(const std::string& key, SourcePos pos) {
    if (ontology_.open() || IsBuiltinField(key) || ontology_.IsKnownPropertyName(key))
      return Status::OK();
    std::string hint = DidYouMean(key, known_props_);
    return SemanticError(
        text_, pos,
        "unknown property '" + key + "' (not in the ontology)" + (hint.empty() ? "" : "; " + hint));
  }

  Status MapKeys(const Expr* props) {
    if (!props) return Status::OK();
    if (auto* m = props->As<MapLiteral>())
      for (const auto& e : m->entries)
        AG_RETURN_IF_ERROR(CheckKey(e.key.name, e.key.pos));
    return Expression(*props);
  }

  Status Pattern(const PathPattern& p) {
    if (!p.variable.empty()) types_[p.variable.name] = StaticType::Of(TypeKind::kPath);
    for (const auto& n : p.nodes) {
      if (!n.variable.empty()) {
        entities_.insert(n.variable.name);
        types_[n.variable.name] = StaticType::Of(TypeKind::kNode);
      }
      for (const auto& l : n.labels)
        if (!ontology_.open() && !ontology_.HasLabel(l.name)) {
          std::string hint = DidYouMean(l.name, ontology_.LabelNames());
          return SemanticError(
              text_, l.pos, "unknown label '" + l.name + "'" + (hint.empty() ? "" : "; " + hint));
        }
      AG_RETURN_IF_ERROR(MapKeys(n.properties.get()));
    }
    for (const auto& r : p.rels) {
      if (!r.variable.empty() && !r.length) entities_.insert(r.variable.name);
      if (!r.variable.empty())
        types_[r.variable.name] =
            r.length ? StaticType::ListOf(TypeKind::kRel) : StaticType::Of(TypeKind::kRel);
      for (const auto& t : r.types)
        if (!ontology_.open() && !ontology_.HasRelType(t.name)) {
          std::string hint = DidYouMean(t.name, ontology_.RelTypeNames());
          return SemanticError(
              text_, t.pos,
              "unknown relationship type '" + t.name + "'" + (hint.empty() ? "" : "; " + hint));
        }
      AG_RETURN_IF_ERROR(MapKeys(r.properties.get()));
    }
    return Status::OK();
  }

  // A pattern used as a predicate may only name variables already in scope
  // (openCypher's UndefinedVariable): it tests, it does not bind.
  Status NoNewVariables(const PathPattern& p) {
    auto check = [&](const Symbol& v) -> Status {
      if (v.empty() || unknown_scope_ || types_.count(v.name)) return Status::OK();
      return SemanticError(text_, v.pos,
                           "a pattern predicate cannot introduce the variable '" + v.name +
                               "' (UndefinedVariable); use EXISTS { MATCH … } to bind new ones");
    };
    for (const auto& n : p.nodes)
      AG_RETURN_IF_ERROR(check(n.variable));
    for (const auto& r : p.rels)
      AG_RETURN_IF_ERROR(check(r.variable));
    return Status::OK();
  }

  // A pattern inside an expression: its new variables stay inside.
  Status LocalPattern(const PathPattern& p) {
    auto saved_entities = entities_;
    auto saved_types = types_;
    Status st = Pattern(p);
    entities_ = std::move(saved_entities);
    types_ = std::move(saved_types);
    return st;
  }

  // Names checked against the ontology, then static types.
  Status Expression(const Expr& e) {
    AG_RETURN_IF_ERROR(PatternsAsPredicatesOnly(e, false));
    AG_RETURN_IF_ERROR(Names(e));
    return InferType(e, types_, text_).status();
  }

  Status Predicate(const Expr& e, const char* where) {
    AG_RETURN_IF_ERROR(PatternsAsPredicatesOnly(e, true));
    AG_RETURN_IF_ERROR(Names(e));
    return CheckPredicate(e, types_, text_, where);
  }

  // The parts of `e` evaluated once per list element.
  static std::vector<const Expr*> IterationBodies(const Expr& e) {
    std::vector<const Expr*> out;
    auto add = [&](const ExprPtr& p) {
      if (p) out.push_back(p.get());
    };
    if (const auto* lc = e.As<ListComprehension>()) add(lc->where), add(lc->projection);
    if (const auto* q = e.As<Quantifier>()) add(q->where);
    if (const auto* r = e.As<Reduce>()) add(r->expression);
    return out;
  }

  // A bare pattern `(a)-->(b)` is a test, allowed where a predicate is
  // expected (WHERE, under NOT/AND/OR/XOR, exists()), not a value: as in
  // openCypher and Neo4j 5, elsewhere it is a syntax error.
  Status PatternsAsPredicatesOnly(const Expr& e, bool predicate) {
    if (e.As<PatternPredicate>() && !predicate)
      return SyntaxError(text_, e.pos,
                         "a pattern can only be a predicate (in WHERE or exists()); use "
                         "EXISTS { … }, COUNT { … } or a pattern comprehension [(a)-->(b) | b] "
                         "for a value (UnexpectedSyntax)");
    bool logical = false;  // children in predicate position if e is
    if (const auto* u = e.As<Unary>()) logical = u->op == UnaryOp::kNot;
    if (const auto* b = e.As<Binary>())
      logical = b->op == BinaryOp::kAnd || b->op == BinaryOp::kOr || b->op == BinaryOp::kXor;
    const auto* call = e.As<FunctionCall>();
    const bool exists_call = call && EqualsIgnoreAsciiCase(call->name, "exists");
    const Expr* where = nullptr;  // a comprehension's or quantifier's filter
    if (const auto* lc = e.As<ListComprehension>()) where = lc->where.get();
    if (const auto* q = e.As<Quantifier>()) where = q->where.get();
    if (const auto* pc = e.As<PatternComprehension>()) where = pc->where.get();
    Status st;
    ForEachChild(e, [&](const Expr& c) {
      const bool child_predicate = (logical && predicate) || exists_call || &c == where;
      if (st.ok()) st = PatternsAsPredicatesOnly(c, child_predicate);
    });
    return st;
  }

  Status Names(const Expr& e) {
    if (auto* pa = e.As<PropertyAccess>()) {
      if (auto* v = pa->object->As<Variable>(); v && entities_.count(v->name))
        AG_RETURN_IF_ERROR(CheckKey(pa->key, e.pos));
    }
    if (auto* lc = e.As<LabelCheck>())
      for (const auto& l : lc->labels)
        if (!ontology_.open() && !ontology_.HasLabel(l.name) && !ontology_.HasRelType(l.name)) {
          std::string hint = DidYouMean(l.name, ontology_.LabelNames());
          return SemanticError(
              text_, l.pos, "unknown label '" + l.name + "'" + (hint.empty() ? "" : "; " + hint));
        }
    if (auto* pp = e.As<PatternPredicate>()) {
      AG_RETURN_IF_ERROR(NoNewVariables(pp->pattern));
      AG_RETURN_IF_ERROR(LocalPattern(pp->pattern));
    }
    // An aggregate cannot run per element of a list (openCypher).
    for (const Expr* part : IterationBodies(e))
      if (const Expr* agg = FindAggregate(*part))
        return SyntaxError(text_, agg->pos,
                           "an aggregate function cannot be used inside a list comprehension, "
                           "quantifier or reduce() (InvalidAggregation)");
    // An aggregate of values that change on every call (rand(), the realtime
    // clocks) is not a defined result (openCypher).
    if (const auto* f = e.As<FunctionCall>(); f && IsAggregateFunction(f->name)) {
      auto per_call = [](const Expr& x) {
        const auto* call = x.As<FunctionCall>();
        return call && !fn::IsDeterministic(call->name) &&
               fn::LookupScalar(call->name, call->args.size()).ok();
      };
      for (const auto& a : f->args)
        if (const Expr* r = FindOutsideSubqueries(*a, per_call))
          return SyntaxError(text_, r->pos,
                             r->As<FunctionCall>()->name +
                                 "() gives a new value on every call and cannot be used inside "
                                 "an aggregate function (NonConstantExpression)");
    }
    // Comprehensions bring variables into scope for their bodies only.
    std::vector<std::string> locals;
    if (auto* lc = e.As<ListComprehension>()) locals.push_back(lc->variable.name);
    if (auto* q = e.As<Quantifier>()) locals.push_back(q->variable.name);
    if (auto* r = e.As<Reduce>()) locals = {r->variable.name, r->accumulator.name};
    auto* pc = e.As<PatternComprehension>();
    if (!locals.empty() || pc) {
      auto saved_entities = entities_;
      auto saved_types = types_;
      Status st = pc ? Pattern(pc->pattern) : Status::OK();
      for (const auto& v : locals)
        types_[v] = StaticType{};
      ForEachChild(e, [&](const Expr& c) {
        if (st.ok()) st = Names(c);
      });
      entities_ = std::move(saved_entities);
      types_ = std::move(saved_types);
      return st;
    }
    if (auto* ex = e.As<ExistsSubquery>()) {
      // The subquery sees the outer variables; its own do not leak out.
      auto saved_entities = entities_;
      auto saved_types = types_;
      Status st;
      for (const auto& part : ex->body->parts)
        for (const auto& c : part.clauses)
          if (st.ok()) st = Clause(c);
      entities_ = std::move(saved_entities);
      types_ = std::move(saved_types);
      AG_RETURN_IF_ERROR(st);
    }
    Status st;
    ForEachChild(e, [&](const Expr& c) {
      if (st.ok()) st = Names(c);
    });
    return st;
  }

  Status Projection(const query::Projection& p) {
    std::set<std::string> next;
    TypeScope next_types;
    for (const auto& it : p.items) {
      AG_RETURN_IF_ERROR(PatternsAsPredicatesOnly(*it.expr, false));
      AG_RETURN_IF_ERROR(Names(*it.expr));
      AG_ASSIGN_OR_RETURN(StaticType t, InferType(*it.expr, types_, text_));
      auto* v = it.expr->As<Variable>();
      if (v && entities_.count(v->name)) next.insert(it.alias.empty() ? v->name : it.alias.name);
      if (!it.alias.empty())
        next_types[it.alias.name] = t;
      else if (v)
        next_types[v->name] = t;
    }
    // ORDER BY sees the projected names and, before any aggregation, the
    // names in scope before the projection.
    TypeScope merged = p.star ? types_ : TypeScope{};
    for (const auto& [name, t] : next_types)
      merged[name] = t;
    TypeScope sort_types = types_;
    for (const auto& [name, t] : next_types)
      sort_types[name] = t;
    types_.swap(sort_types);
    for (const auto& s : p.order_by)
      AG_RETURN_IF_ERROR(Expression(*s.expr));
    types_ = std::move(merged);
    if (!p.star)
      entities_ = next;
    else
      entities_.insert(next.begin(), next.end());
    return Status::OK();
  }

  Status Clause(const query::Clause& c) {
    if (auto* m = c.As<MatchClause>()) {
      for (const auto& p : m->patterns)
        AG_RETURN_IF_ERROR(Pattern(p));
      if (m->where) AG_RETURN_IF_ERROR(Predicate(*m->where, "WHERE"));
    } else if (auto* w = c.As<WithClause>()) {
      TypeScope before = types_;
      AG_RETURN_IF_ERROR(Projection(w->projection));
      if (w->where) {
        // WHERE may also read the variables from before the WITH.
        TypeScope after = types_;
        for (const auto& [name, t] : after)
          before[name] = t;
        types_.swap(before);
        Status st = Predicate(*w->where, "WHERE");
        types_ = std::move(after);
        AG_RETURN_IF_ERROR(st);
      }
    } else if (auto* r = c.As<ReturnClause>()) {
      AG_RETURN_IF_ERROR(Projection(r->projection));
    } else if (auto* u = c.As<UnwindClause>()) {
      AG_RETURN_IF_ERROR(PatternsAsPredicatesOnly(*u->list, false));
      AG_RETURN_IF_ERROR(Names(*u->list));
      AG_ASSIGN_OR_RETURN(StaticType t, InferType(*u->list, types_, text_));
      types_[u->variable.name] = t.kind == TypeKind::kList ? StaticType::Of(t.elem) : StaticType{};
    } else if (auto* cr = c.As<CreateClause>()) {
      for (const auto& p : cr->patterns)
        AG_RETURN_IF_ERROR(Pattern(p));
    } else if (auto* mg = c.As<MergeClause>()) {
      AG_RETURN_IF_ERROR(Pattern(mg->pattern));
      for (const auto* items : {&mg->on_create, &mg->on_match})
        for (const auto& it : *items)
          AG_RETURN_IF_ERROR(SetItemCheck(it));
    } else if (auto* st = c.As<SetClause>()) {
      for (const auto& it : st->items)
        AG_RETURN_IF_ERROR(SetItemCheck(it));
    } else if (auto* call = c.As<CallClause>()) {
      for (const auto& a : call->args)
        AG_RETURN_IF_ERROR(Expression(*a));
      for (const auto& y : call->yields)
        types_[y.alias.empty() ? y.field.name : y.alias.name] = StaticType{};
      if (call->yield_star) unknown_scope_ = true;  // the procedure's fields: unknown here
    } else if (auto* d = c.As<DeleteClause>()) {
      for (const auto& t : d->targets) {
        if (t->As<LabelCheck>())
          return SyntaxError(text_, t->pos,
                             "DELETE removes nodes, relationships and paths; to take a label "
                             "off a node, use REMOVE n:Label (InvalidDelete)");
        AG_RETURN_IF_ERROR(Expression(*t));
        AG_ASSIGN_OR_RETURN(StaticType type, InferType(*t, types_, text_));
        switch (type.kind) {
          case TypeKind::kBool:
          case TypeKind::kInt:
          case TypeKind::kFloat:
          case TypeKind::kString:
          case TypeKind::kMap:
            return SyntaxError(text_, t->pos,
                               std::string("DELETE takes nodes, relationships and paths, not ") +
                                   TypeKindName(type.kind) + " (InvalidArgumentType)");
          default:
            break;
        }
      }
    } else if (auto* sub = c.As<CallSubqueryClause>()) {
      AG_RETURN_IF_ERROR(Subquery(*sub->body));
    }
    return Status::OK();
  }

  // CALL { … }: the body is typed with the outer names visible (the import
  // rules are variable_scopes.cc's); its RETURN names join the outer scope.
  Status Subquery(const query::Query& body) {
    const auto saved_entities = entities_;
    const auto saved_types = types_;
    std::set<std::string> out_entities;
    TypeScope out_types;
    for (const auto& part : body.parts) {
      entities_ = saved_entities;
      types_ = saved_types;
      for (const auto& c : part.clauses)
        AG_RETURN_IF_ERROR(Clause(c));
      if (part.clauses.back().As<ReturnClause>()) {
        for (const auto& [name, t] : types_)
          if (!saved_types.count(name)) out_types[name] = t;
        for (const auto& e : entities_)
          if (!saved_entities.count(e)) out_entities.insert(e);
      }
    }
    entities_ = saved_entities;
    types_ = saved_types;
    for (const auto& [name, t] : out_types)
      types_[name] = body.parts.size() == 1 ? t : StaticType{};
    entities_.insert(out_entities.begin(), out_entities.end());
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
  TypeScope types_;             // every variable in scope, with its static type
  bool unknown_scope_ = false;  // after YIELD *: names in scope the binder cannot list
  std::vector<std::string> known_props_;
};

}  // namespace

Result<BoundStatement> Bind(const Statement& statement, std::string_view text,
                            const Ontology& ontology) {
  AG_RETURN_IF_ERROR(Binder(text, ontology).Run(statement.query));
  BoundStatement bound;
  bound.statement = &statement;
  AG_RETURN_IF_ERROR(ResolveFunctions(statement.query, text, &bound));
  AG_RETURN_IF_ERROR(ResolveVariables(statement.query, text, &bound));
  return bound;
}

}  // namespace actorgraph::query
