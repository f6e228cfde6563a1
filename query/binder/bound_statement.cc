#include "query/binder/bound_statement.h"

#include <cctype>
#include <string>

#include "common/ascii.h"
#include "query/binder/semantic_error.h"
#include "query/executor/expression.h"
#include "query/parser/ast_walk.h"

namespace actorgraph::query {

const Expr* FindOutsideSubqueries(const Expr& e, bool (*matches)(const Expr&)) {
  if (matches(e)) return &e;
  if (e.As<PatternPredicate>() || e.As<ExistsSubquery>() || e.As<PatternComprehension>())
    return nullptr;
  const Expr* found = nullptr;
  ForEachChild(e, [&](const Expr& c) {
    if (!found) found = FindOutsideSubqueries(c, matches);
  });
  return found;
}

const Expr* FindAggregate(const Expr& e) {
  return FindOutsideSubqueries(e, [](const Expr& x) {
    if (x.As<CountStar>()) return true;
    const auto* f = x.As<FunctionCall>();
    return f && IsAggregateFunction(f->name);
  });
}

namespace {

bool NameIs(std::string_view name, std::string_view lower) {
  return EqualsIgnoreAsciiCase(name, lower);
}

// Visits every expression of a query, nested subqueries and pattern property
// maps included.
class FunctionResolver {
 public:
  FunctionResolver(std::string_view text, BoundStatement* out) : text_(text), out_(out) {}

  Status Query(const query::Query& q) {
    for (const auto& part : q.parts)
      for (const auto& c : part.clauses)
        AG_RETURN_IF_ERROR(Clause(c));
    return Status::OK();
  }

 private:
  Status Opt(const ExprPtr& e) { return e ? Expression(*e) : Status::OK(); }

  Status Expression(const Expr& e) {
    if (const auto* f = e.As<FunctionCall>(); f && !IsAggregateFunction(f->name)) {
      auto bound = ResolveFunction(*f);
      if (!bound.ok()) return SemanticError(text_, e.pos, bound.status().message());
      out_->functions[f] = std::move(bound).value();
    }
    if (const auto* pp = e.As<PatternPredicate>()) AG_RETURN_IF_ERROR(Pattern(pp->pattern));
    if (const auto* pc = e.As<PatternComprehension>()) AG_RETURN_IF_ERROR(Pattern(pc->pattern));
    if (const auto* ex = e.As<ExistsSubquery>()) AG_RETURN_IF_ERROR(Query(*ex->body));
    Status st;
    ForEachChild(e, [&](const Expr& c) {
      if (st.ok()) st = Expression(c);
    });
    return st;
  }

  Status Pattern(const PathPattern& p) {
    for (const auto& n : p.nodes)
      AG_RETURN_IF_ERROR(Opt(n.properties));
    for (const auto& r : p.rels)
      AG_RETURN_IF_ERROR(Opt(r.properties));
    return Status::OK();
  }

  Status Projection(const query::Projection& p) {
    for (const auto& it : p.items)
      AG_RETURN_IF_ERROR(Expression(*it.expr));
    for (const auto& s : p.order_by)
      AG_RETURN_IF_ERROR(Expression(*s.expr));
    AG_RETURN_IF_ERROR(Opt(p.skip));
    return Opt(p.limit);
  }

  Status Set(const SetItem& it) {
    AG_RETURN_IF_ERROR(Opt(it.target));
    return Opt(it.value);
  }

  Status Clause(const query::Clause& c) {
    if (const auto* m = c.As<MatchClause>()) {
      for (const auto& p : m->patterns)
        AG_RETURN_IF_ERROR(Pattern(p));
      return Opt(m->where);
    }
    if (const auto* u = c.As<UnwindClause>()) return Opt(u->list);
    if (const auto* w = c.As<WithClause>()) {
      AG_RETURN_IF_ERROR(Projection(w->projection));
      return Opt(w->where);
    }
    if (const auto* r = c.As<ReturnClause>()) return Projection(r->projection);
    if (const auto* call = c.As<CallClause>()) {
      for (const auto& a : call->args)
        AG_RETURN_IF_ERROR(Opt(a));
      return Opt(call->where);
    }
    if (const auto* sub = c.As<CallSubqueryClause>()) return Query(*sub->body);
    if (const auto* cr = c.As<CreateClause>()) {
      for (const auto& p : cr->patterns)
        AG_RETURN_IF_ERROR(Pattern(p));
      return Status::OK();
    }
    if (const auto* mg = c.As<MergeClause>()) {
      AG_RETURN_IF_ERROR(Pattern(mg->pattern));
      for (const auto* items : {&mg->on_create, &mg->on_match})
        for (const auto& it : *items)
          AG_RETURN_IF_ERROR(Set(it));
      return Status::OK();
    }
    if (const auto* s = c.As<SetClause>()) {
      for (const auto& it : s->items)
        AG_RETURN_IF_ERROR(Set(it));
      return Status::OK();
    }
    if (const auto* rm = c.As<RemoveClause>()) {
      for (const auto& it : rm->items)
        AG_RETURN_IF_ERROR(Opt(it.target));
      return Status::OK();
    }
    if (const auto* d = c.As<DeleteClause>()) {
      for (const auto& t : d->targets)
        AG_RETURN_IF_ERROR(Opt(t));
      return Status::OK();
    }
    return Status::OK();
  }

  std::string_view text_;
  BoundStatement* out_;
};

}  // namespace

const char* VariableKindName(VariableKind k) {
  switch (k) {
    case VariableKind::kNode:
      return "a node";
    case VariableKind::kRel:
      return "a relationship";
    case VariableKind::kRelList:
      return "a list of relationships";
    case VariableKind::kPath:
      return "a path";
    case VariableKind::kScalar:
      return "a value that is not a node";
    case VariableKind::kValue:
      return "a value";
  }
  return "a value";
}

Result<BoundFunction> ResolveFunction(const FunctionCall& call) {
  BoundFunction b;
  // exists((a)-[:T]-()) asks whether the pattern matches; its argument is a
  // boolean, never null, so the exists() of a value would always be true.
  if (NameIs(call.name, "exists") && call.args.size() == 1 &&
      (call.args[0]->As<PatternPredicate>() || call.args[0]->As<ExistsSubquery>())) {
    b.form = BoundFunction::Form::kPatternTest;
    return b;
  }
  size_t arity = call.args.size();
  // claims(n.p) and contested(n.p) speak of the property, not of its value.
  if ((NameIs(call.name, "claims") || NameIs(call.name, "contested")) && arity == 1 &&
      call.args[0]->As<PropertyAccess>()) {
    b.form = BoundFunction::Form::kPropertyArgument;
    arity = 2;
  }
  AG_ASSIGN_OR_RETURN(b.impl, fn::LookupScalar(call.name, arity));
  return b;
}

Status ResolveFunctions(const Query& query, std::string_view text, BoundStatement* out) {
  return FunctionResolver(text, out).Query(query);
}

}  // namespace actorgraph::query
