#include "query/parser/ast_walk.h"

namespace actorgraph::query {

void ForEachChild(const Expr& e, const std::function<void(const Expr&)>& fn) {
  auto visit = [&](const ExprPtr& c) {
    if (c) fn(*c);
  };
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, PropertyAccess>)
          visit(n.object);
        else if constexpr (std::is_same_v<T, Subscript>) {
          visit(n.object);
          visit(n.index);
        } else if constexpr (std::is_same_v<T, Slice>) {
          visit(n.object);
          visit(n.from);
          visit(n.to);
        } else if constexpr (std::is_same_v<T, LabelCheck>)
          visit(n.subject);
        else if constexpr (std::is_same_v<T, Unary>)
          visit(n.operand);
        else if constexpr (std::is_same_v<T, Binary>) {
          visit(n.lhs);
          visit(n.rhs);
        } else if constexpr (std::is_same_v<T, ComparisonChain>) {
          for (const auto& o : n.operands)
            visit(o);
        } else if constexpr (std::is_same_v<T, IsNull>)
          visit(n.operand);
        else if constexpr (std::is_same_v<T, ListLiteral>) {
          for (const auto& o : n.items)
            visit(o);
        } else if constexpr (std::is_same_v<T, MapLiteral>) {
          for (const auto& o : n.entries)
            visit(o.value);
        } else if constexpr (std::is_same_v<T, MapProjection>) {
          for (const auto& o : n.items)
            visit(o.value);
        } else if constexpr (std::is_same_v<T, FunctionCall>) {
          for (const auto& o : n.args)
            visit(o);
        } else if constexpr (std::is_same_v<T, CaseExpr>) {
          visit(n.subject);
          for (const auto& a : n.alternatives) {
            visit(a.when);
            visit(a.then);
          }
          visit(n.otherwise);
        } else if constexpr (std::is_same_v<T, ListComprehension>) {
          visit(n.list);
          visit(n.where);
          visit(n.projection);
        } else if constexpr (std::is_same_v<T, Quantifier>) {
          visit(n.list);
          visit(n.where);
        } else if constexpr (std::is_same_v<T, Reduce>) {
          visit(n.init);
          visit(n.list);
          visit(n.expression);
        } else if constexpr (std::is_same_v<T, PatternComprehension>) {
          visit(n.where);
          visit(n.projection);
        }
      },
      e.node);
}

void CollectPatternVariables(const PathPattern& p, std::set<std::string>* out) {
  if (!p.variable.empty()) out->insert(p.variable.name);
  for (const auto& n : p.nodes) {
    if (!n.variable.empty()) out->insert(n.variable.name);
    if (n.properties) CollectVariables(*n.properties, out);
  }
  for (const auto& r : p.rels) {
    if (!r.variable.empty()) out->insert(r.variable.name);
    if (r.properties) CollectVariables(*r.properties, out);
  }
}

static void CollectQueryVariables(const Query& q, std::set<std::string>* out) {
  for (const auto& part : q.parts)
    for (const auto& c : part.clauses)
      if (auto* m = c.As<MatchClause>()) {
        for (const auto& p : m->patterns)
          CollectPatternVariables(p, out);
        if (m->where) CollectVariables(*m->where, out);
      }
}

void CollectVariables(const Expr& e, std::set<std::string>* out) {
  if (auto* v = e.As<Variable>()) {
    out->insert(v->name);
    return;
  }
  if (auto* mp = e.As<MapProjection>()) out->insert(mp->variable.name);
  if (auto* pp = e.As<PatternPredicate>()) CollectPatternVariables(pp->pattern, out);
  if (auto* pc = e.As<PatternComprehension>()) CollectPatternVariables(pc->pattern, out);
  if (auto* ex = e.As<ExistsSubquery>()) CollectQueryVariables(*ex->body, out);
  // Comprehension variables are local: collect the body, then drop them.
  std::string local, local2;
  if (auto* lc = e.As<ListComprehension>()) local = lc->variable.name;
  if (auto* q = e.As<Quantifier>()) local = q->variable.name;
  if (auto* r = e.As<Reduce>()) {
    local = r->variable.name;
    local2 = r->accumulator.name;
  }
  std::set<std::string> inner;
  ForEachChild(e, [&](const Expr& c) { CollectVariables(c, &inner); });
  if (!local.empty() && !out->count(local)) inner.erase(local);
  if (!local2.empty() && !out->count(local2)) inner.erase(local2);
  out->insert(inner.begin(), inner.end());
}

}  // namespace actorgraph::query
