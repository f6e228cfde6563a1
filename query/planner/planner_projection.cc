// WITH, RETURN (grouping, aggregation, ORDER BY, SKIP, LIMIT) and UNWIND.

#include "common/ascii.h"
#include "query/executor/functions.h"
#include "query/planner/planner_internal.h"

namespace actorgraph::query::planning {

namespace {

// An unaliased column is named by its text as written (openCypher keeps
// `cOuNt( * )` and `(n:Foo)`). An expression's span starts inside its
// opening parenthesis when it begins with one (`(list[1]).x`), so the span
// grows over the parentheses it leaves unmatched and, since a projection
// item is preceded only by RETURN, WITH, DISTINCT or a comma, over any
// parentheses around it. Without source text, the printed form.
std::string SourceColumnText(std::string_view text, const Expr& e) {
  if (e.end <= e.pos.offset || e.end > text.size()) return ToString(e);
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  size_t start = e.pos.offset, end = e.end;
  int depth = 0, lowest = 0;
  for (size_t i = start; i < end; ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') lowest = std::min(lowest, --depth);
  }
  // Pull in the '(' the span closes, then the ')' it opens.
  for (int need = -lowest; need > 0 && start > 0;) {
    --start;
    if (text[start] == '(')
      --need;
    else if (!space(text[start]))
      return ToString(e);
  }
  for (int need = depth - lowest; need > 0 && end < text.size(); ++end) {
    if (text[end] == ')')
      --need;
    else if (!space(text[end]))
      return ToString(e);
  }
  // Parentheses around the whole item.
  for (;;) {
    size_t b = start, a = end;
    while (b > 0 && space(text[b - 1]))
      --b;
    while (a < text.size() && space(text[a]))
      ++a;
    if (b == 0 || a >= text.size() || text[b - 1] != '(' || text[a] != ')') break;
    start = b - 1;
    end = a + 1;
  }
  return std::string(text.substr(start, end - start));
}

// True when `e` reads exactly one variable, *var, and is a pure function of
// it: literals, parameters, property reads, operators and deterministic
// functions over that variable. Then two rows with the same value in *var
// give `e` the same value within a read-only statement.
bool PureFunctionOfOneVariable(const Expr& e, std::string* var) {
  if (e.As<Literal>() || e.As<Parameter>()) return true;
  if (auto* v = e.As<Variable>()) {
    if (!var->empty() && *var != v->name) return false;
    *var = v->name;
    return true;
  }
  if (auto* f = e.As<FunctionCall>()) {
    if (f->distinct || !fn::IsDeterministic(f->name)) return false;
  } else if (!e.As<PropertyAccess>() && !e.As<Unary>() && !e.As<Binary>()) {
    return false;
  }
  bool ok = true;
  ForEachChild(e, [&](const Expr& c) {
    if (ok) ok = PureFunctionOfOneVariable(c, var);
  });
  return ok;
}

}  // namespace

std::string Planner::ColumnText(const Expr& e) const {
  return SourceColumnText(text_, e);
}

std::optional<AggregateTop> Planner::AggregateTopFor(
    const Projection& p, const std::vector<std::pair<const Expr*, std::string>>& items,
    const std::vector<std::pair<SlotId, ExprFn>>& keys, const std::vector<AggregateSpec>& aggs,
    const std::map<const Expr*, SlotId>& agg_slots, const std::map<std::string, SlotId>& by_text) {
  // DISTINCT would sit between the aggregation and the Sort; a writing
  // statement keeps its plans as they were.
  if (!p.limit || p.order_by.empty() || p.distinct || writes_ || keys.empty()) return std::nullopt;
  auto is_aggregate_call = [](const Expr& e) {
    const FunctionCall* f = e.As<FunctionCall>();
    return e.As<CountStar>() || (f && IsAggregateFunction(f->name));
  };
  // The groups dropped must raise no error the emitted rows would have: so
  // the projection after the aggregation only copies (every aggregating
  // item is one aggregate call), and every sort key reads a column.
  for (const auto& [e, name] : items)
    if (ContainsAggregate(*e) && !is_aggregate_call(*e)) return std::nullopt;
  // The slot a sort key reads, as PlanProjection compiles it: an item's
  // text, a column's name, or a grouping key's or aggregate's text.
  auto slot_of = [&](const Expr& e) -> std::optional<SlotId> {
    const std::string text = ToString(e);
    std::optional<size_t> item;
    for (size_t i = 0; i < items.size(); ++i)
      if (ToString(*items[i].first) == text) item = i;
    if (!item)
      if (auto* v = e.As<Variable>())
        for (size_t i = 0; i < items.size(); ++i)
          if (items[i].second == v->name) item = i;
    if (item) {
      const Expr& ie = *items[*item].first;
      if (!ContainsAggregate(ie)) {
        // Keys are the non-aggregating items, in order.
        size_t j = 0;
        for (size_t i = 0; i < *item; ++i)
          j += !ContainsAggregate(*items[i].first);
        return keys[j].first;
      }
      auto f = agg_slots.find(&ie);
      if (f == agg_slots.end()) return std::nullopt;
      return f->second;
    }
    if (!e.As<FunctionCall>() && !e.As<CountStar>() && !e.As<PropertyAccess>()) return std::nullopt;
    auto f = by_text.find(text);
    if (f == by_text.end()) return std::nullopt;
    return f->second;
  };
  for (const auto& si : p.order_by)
    if (!slot_of(*si.expr)) return std::nullopt;
  const SortItem& first = p.order_by.front();
  const SlotId s = *slot_of(*first.expr);
  AggregateTop top;
  top.descending = first.descending;
  top.description = ToString(*first.expr) + (first.descending ? " DESC" : "");
  bool found = false;
  for (size_t j = 0; j < keys.size() && !found; ++j)
    if (keys[j].first == s) found = true, top.is_key = true, top.index = j;
  for (size_t a = 0; a < aggs.size() && !found; ++a)
    if (aggs[a].out == s) found = true, top.index = a;
  if (!found) return std::nullopt;
  // A percentile fails for a bad argument in any group: every group is
  // emitted (the aggregation checks sum()'s overflow itself).
  for (const AggregateSpec& a : aggs)
    if (a.function.rfind("percentile", 0) == 0) return std::nullopt;
  // The aggregation reads SKIP and LIMIT again: only values that cannot
  // change between two reads (not rand()).
  auto constant = [](const Expr& e) { return e.As<Literal>() || e.As<Parameter>(); };
  if (!constant(*p.limit) || (p.skip && !constant(*p.skip))) return std::nullopt;
  Scope empty;
  auto limit = Compile(*p.limit, &empty);
  if (!limit.ok()) return std::nullopt;
  top.limit = std::move(limit).value();
  if (p.skip) {
    auto skip = Compile(*p.skip, &empty);
    if (!skip.ok()) return std::nullopt;
    top.skip = std::move(skip).value();
  }
  return top;
}

// WITH and RETURN. On return, *scope holds only the projected names.
Status Planner::PlanProjection(const Projection& p, const Expr* where, Scope* scope, OpPtr* op,
                               std::vector<std::string>* columns, std::vector<SlotId>* slots,
                               bool is_return) {
  struct Item {
    const Expr* expr;
    std::string name;
    SourcePos pos;
    std::unique_ptr<Expr> owned;  // for '*' items
  };
  std::vector<Item> items;
  // (The binder has rejected `RETURN *` with nothing in scope.)
  if (p.star) {
    for (const auto& [name, info] : *scope)
      if (name.rfind("  ", 0) != 0) {
        auto v = std::make_unique<Expr>(SourcePos{}, 0, ExprNode{Variable{name}});
        items.push_back({v.get(), name, {}, std::move(v)});
      }
  }
  for (const auto& it : p.items) {
    std::string name = it.alias.empty() ? ColumnText(*it.expr) : it.alias.name;
    if (!is_return && it.alias.empty() && !it.expr->As<Variable>())
      return Err(it.expr->pos, "expression in WITH must be aliased (use AS)");
    items.push_back({it.expr.get(), name, it.expr->pos, nullptr});
  }
  // A star item keeps its variable's kind; the others have the binder's.
  auto kind_of = [&](const Item& it) {
    return it.owned ? scope->at(it.name).kind : ProjectedKind(*it.expr);
  };
  // Column names are the planner's (the binder names variables, not columns).
  for (size_t i = 0; i < items.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (items[i].name == items[j].name)
        return Err(items[i].pos, "column name '" + items[i].name + "' is used twice");

  bool aggregating = false;
  for (const auto& it : items)
    aggregating |= ContainsAggregate(*it.expr);

  Scope out_scope;
  std::vector<SlotId> out_slots;
  // After aggregation: the grouping-key expressions and aggregate calls, by
  // their text, so that an expression repeating them (`me.age +
  // count(you.age)`, also in ORDER BY) reads their slots.
  std::map<std::string, SlotId> by_text;
  auto by_text_lookup = [&by_text](const Expr* e) -> std::optional<SlotId> {
    if (!e->As<FunctionCall>() && !e->As<CountStar>() && !e->As<PropertyAccess>())
      return std::nullopt;
    auto f = by_text.find(ToString(*e));
    if (f == by_text.end()) return std::nullopt;
    return f->second;
  };
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
      by_text[ToString(*it.expr)] = s;
      const VarKind kind = kind_of(it);
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
          spec.function = LowerAscii(f->name);
          spec.distinct = f->distinct;
          const bool percentile = spec.function.rfind("percentile", 0) == 0;
          if (f->args.size() != (percentile ? 2u : 1u))
            return Err(e.pos, f->name + "() takes " + (percentile ? "2" : "1") + " argument(s)");
          for (const auto& a : f->args)
            if (ContainsAggregate(*a)) return Err(a->pos, "aggregate functions cannot be nested");
          AG_ASSIGN_OR_RETURN(spec.arg, Compile(*f->args[0], scope));
          if (auto* v = f->args[0]->As<Variable>())
            if (auto found = scope->find(v->name); found != scope->end())
              spec.arg_slot = found->second.slot;
          if (percentile) {
            AG_ASSIGN_OR_RETURN(spec.extra, Compile(*f->args[1], scope));
          }
        }
        agg_slots[&e] = spec.out;
        by_text.emplace(ToString(e), spec.out);
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
    for (const auto& it : items)
      desc += (desc.empty() ? "" : ", ") + it.name;
    // Every grouping key a pure function of one node variable: the
    // aggregation may find groups by the node's id.
    std::optional<SlotId> key_node;
    std::string key_var;
    bool one_var = !keys.empty();
    for (const auto& it : items)
      if (one_var && !ContainsAggregate(*it.expr))
        one_var = PureFunctionOfOneVariable(*it.expr, &key_var);
    if (one_var && !key_var.empty())
      if (auto f = scope->find(key_var); f != scope->end() && f->second.kind == VarKind::kNode)
        key_node = f->second.slot;
    bool key_node_is_key = false;
    for (const auto& it : items)
      if (auto* v = it.expr->As<Variable>(); v && key_node && v->name == key_var)
        key_node_is_key = true;
    std::vector<std::pair<const Expr*, std::string>> named;
    for (const auto& it : items)
      named.emplace_back(it.expr, it.name);
    std::optional<AggregateTop> top = AggregateTopFor(p, named, keys, aggs, agg_slots, by_text);
    *op = MakeAggregate(std::move(*op), std::move(keys), std::move(aggs), 0, desc, key_node,
                        key_node_is_key, std::move(top));
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
      auto lookup = [&agg_slots, &by_text_lookup](const Expr* e) -> std::optional<SlotId> {
        auto f = agg_slots.find(e);
        if (f == agg_slots.end()) return by_text_lookup(e);
        return f->second;
      };
      auto compiled = Compile(*it.expr, &s2, lookup);
      if (!compiled.ok())
        return Err(it.pos, "in '" + it.name +
                               "': an aggregating expression may only use grouping keys "
                               "and aggregates (" +
                               compiled.status().message().substr(
                                   0, compiled.status().message().find('\n')) +
                               ")");
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
      const VarKind kind = kind_of(it);
      SlotId s = NewSlot();
      proj.emplace_back(s, std::move(f));
      out_scope[it.name] = {s, kind};
      out_slots.push_back(s);
    }
    std::string desc;
    for (const auto& it : items)
      desc += (desc.empty() ? "" : ", ") + it.name;
    *op = MakeProject(std::move(*op), std::move(proj), desc);
  }
  if (p.distinct) {
    *op = MakeDistinct(std::move(*op), out_slots);
    // As after an aggregation, WHERE and ORDER BY may repeat a projected
    // expression: `WITH DISTINCT a.name AS n WHERE a.name = 'B'` reads n.
    if (!aggregating)
      for (size_t i = 0; i < items.size(); ++i)
        by_text.emplace(ToString(*items[i].expr), out_slots[i]);
  }

  if (!p.order_by.empty()) {
    // ORDER BY sees the projected names and, unless the projection
    // aggregated or was DISTINCT, the earlier variables too. The binder
    // resolves ORDER BY against both; after an aggregation or DISTINCT this
    // planner admits only expressions that were projected (matched by their
    // text), so "unknown variable" can still come from here: an aggregation
    // rule, not a scoping one.
    Scope sort_scope = (aggregating || p.distinct) ? Scope() : *scope;
    for (const auto& [n, info] : out_scope)
      sort_scope[n] = info;
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
        auto compiled = (aggregating || p.distinct) ? Compile(*si.expr, &sort_scope, by_text_lookup)
                                                    : Compile(*si.expr, &sort_scope);
        if (!compiled.ok() && aggregating)
          return Err(si.expr->pos,
                     "after aggregation, ORDER BY may only use the projected columns");
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
  // Writes are eager: every row is written even when SKIP/LIMIT keep few.
  if (writes_ && (p.skip || p.limit)) *op = MakeEager(std::move(*op));
  Scope empty;
  if (p.skip) {
    AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*p.skip, &empty));
    *op = MakeSkip(std::move(*op), std::move(f));
  }
  if (p.limit) {
    AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*p.limit, &empty));
    *op = MakeLimit(std::move(*op), std::move(f));
  }
  // WITH … WHERE also sees the variables from before the WITH (their slots
  // still hold the row's values) unless the projection grouped rows.
  Scope where_scope = (aggregating || p.distinct) ? Scope() : *scope;
  for (const auto& [n, info] : out_scope)
    where_scope[n] = info;
  *scope = out_scope;
  if (where) {
    auto compiled = (aggregating || p.distinct) ? Compile(*where, &where_scope, by_text_lookup)
                                                : Compile(*where, &where_scope);
    if (!compiled.ok() && (aggregating || p.distinct) &&
        compiled.status().message().find("unknown variable") != std::string::npos)
      return Err(where->pos, std::string("after ") + (aggregating ? "aggregation" : "DISTINCT") +
                                 ", WHERE may only use the projected columns or repeat their "
                                 "expressions");
    AG_RETURN_IF_ERROR(compiled.status());
    *op = MakeFilter(std::move(*op), std::move(compiled).value(), ToString(*where));
  }
  if (columns) {
    columns->clear();
    for (const auto& it : items)
      columns->push_back(it.name);
    *slots = out_slots;
  }
  return Status::OK();
}

Status Planner::PlanUnwind(const UnwindClause& u, Scope* scope, OpPtr* op) {
  AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*u.list, scope));
  SlotId s = NewSlot();
  (*scope)[u.variable.name] = {s, VarKind::kValue};
  *op = MakeUnwind(std::move(*op), std::move(f), s, ToString(*u.list) + " AS " + u.variable.name);
  return Status::OK();
}

}  // namespace actorgraph::query::planning
