#include "query/binder/static_types.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "common/ascii.h"
#include "query/binder/semantic_error.h"

namespace actorgraph::query {

const char* TypeKindName(TypeKind k) {
  switch (k) {
    case TypeKind::kAny:
      return "any value";
    case TypeKind::kNull:
      return "null";
    case TypeKind::kBool:
      return "boolean";
    case TypeKind::kInt:
      return "integer";
    case TypeKind::kFloat:
      return "float";
    case TypeKind::kString:
      return "string";
    case TypeKind::kList:
      return "list";
    case TypeKind::kMap:
      return "map";
    case TypeKind::kNode:
      return "node";
    case TypeKind::kRel:
      return "relationship";
    case TypeKind::kPath:
      return "path";
  }
  return "value";
}

namespace {

using TK = TypeKind;

bool In(TK k, std::initializer_list<TK> set) {
  return std::find(set.begin(), set.end(), k) != set.end();
}

// kAny and kNull fit everywhere: the value may turn out right, and null
// propagates.
bool Fits(TK k, std::initializer_list<TK> allowed) {
  return k == TK::kAny || k == TK::kNull || In(k, allowed);
}

bool IsNumber(TK k) {
  return k == TK::kInt || k == TK::kFloat;
}

// The type two values share, for list elements and CASE branches.
TK Join(TK a, TK b) {
  if (a == TK::kNull) return b;
  if (b == TK::kNull) return a;
  return a == b ? a : TK::kAny;
}

class Typer {
 public:
  Typer(const TypeScope& scope, std::string_view text) : scope_(scope), text_(text) {}

  Result<StaticType> Type(const Expr& e) {
    return std::visit([&](const auto& n) { return Node(e, n); }, e.node);
  }

 private:
  Status Wrong(const Expr& operand, const std::string& what, TK got) {
    const std::string name = TypeKindName(got);
    const bool vowel = std::string("aeiou").find(name[0]) != std::string::npos;
    return SemanticError(
        text_, operand.pos,
        what + ", not " + (vowel ? "an " : "a ") + name + " (InvalidArgumentType)");
  }

  // Types `e` and checks it is one of `allowed` (or unknown, or null).
  Result<StaticType> Expect(const Expr& e, std::initializer_list<TK> allowed,
                            const std::string& what) {
    AG_ASSIGN_OR_RETURN(StaticType t, Type(e));
    if (!Fits(t.kind, allowed)) return Wrong(e, what, t.kind);
    return t;
  }

  Result<StaticType> Node(const Expr&, const Literal& n) {
    switch (n.value.kind()) {
      case Value::Kind::kNull:
        return StaticType::Of(TK::kNull);
      case Value::Kind::kBool:
        return StaticType::Of(TK::kBool);
      case Value::Kind::kInt:
        return StaticType::Of(TK::kInt);
      case Value::Kind::kFloat:
        return StaticType::Of(TK::kFloat);
      case Value::Kind::kString:
        return StaticType::Of(TK::kString);
      default:
        return StaticType{};
    }
  }
  Result<StaticType> Node(const Expr&, const Parameter&) { return StaticType{}; }
  Result<StaticType> Node(const Expr&, const Variable& n) {
    auto it = scope_.find(n.name);
    return it == scope_.end() ? StaticType{} : it->second;
  }
  Result<StaticType> Node(const Expr&, const PropertyAccess& n) {
    AG_RETURN_IF_ERROR(Expect(*n.object, {TK::kMap, TK::kNode, TK::kRel},
                              "property access needs a map, a node or a relationship")
                           .status());
    return StaticType{};
  }
  Result<StaticType> Node(const Expr&, const Subscript& n) {
    AG_ASSIGN_OR_RETURN(StaticType obj, Type(*n.object));
    AG_RETURN_IF_ERROR(Type(*n.index).status());
    if (obj.kind == TK::kList) return StaticType::Of(obj.elem);
    return StaticType{};
  }
  Result<StaticType> Node(const Expr&, const Slice& n) {
    AG_ASSIGN_OR_RETURN(StaticType obj, Type(*n.object));
    if (n.from) AG_RETURN_IF_ERROR(Type(*n.from).status());
    if (n.to) AG_RETURN_IF_ERROR(Type(*n.to).status());
    return obj.kind == TK::kList ? obj : StaticType{};
  }
  Result<StaticType> Node(const Expr&, const LabelCheck& n) {
    AG_RETURN_IF_ERROR(Type(*n.subject).status());
    return StaticType::Of(TK::kBool);
  }
  Result<StaticType> Node(const Expr&, const Unary& n) {
    if (n.op == UnaryOp::kNot) {
      AG_RETURN_IF_ERROR(Expect(*n.operand, {TK::kBool}, "NOT needs a boolean").status());
      return StaticType::Of(TK::kBool);
    }
    AG_ASSIGN_OR_RETURN(StaticType t, Type(*n.operand));
    if (!Fits(t.kind, {TK::kInt, TK::kFloat}))
      return Wrong(
          *n.operand,
          std::string("unary ") + (n.op == UnaryOp::kMinus ? "-" : "+") + " needs a number",
          t.kind);
    return t;
  }
  Result<StaticType> Node(const Expr&, const Binary& n) {
    const std::string op = BinaryOpText(n.op);
    switch (n.op) {
      case BinaryOp::kAnd:
      case BinaryOp::kOr:
      case BinaryOp::kXor:
        AG_RETURN_IF_ERROR(Expect(*n.lhs, {TK::kBool}, op + " needs booleans").status());
        AG_RETURN_IF_ERROR(Expect(*n.rhs, {TK::kBool}, op + " needs booleans").status());
        return StaticType::Of(TK::kBool);
      case BinaryOp::kIn:
        AG_RETURN_IF_ERROR(Type(*n.lhs).status());
        AG_RETURN_IF_ERROR(Expect(*n.rhs, {TK::kList}, "IN needs a list on its right").status());
        return StaticType::Of(TK::kBool);
      case BinaryOp::kSub:
      case BinaryOp::kMul:
      case BinaryOp::kDiv:
      case BinaryOp::kMod:
      case BinaryOp::kPow: {
        // Numbers only, besides temporal values and durations, which the
        // binder never knows statically (they come from functions: kAny).
        const std::string what = "'" + op + "' needs numbers";
        AG_ASSIGN_OR_RETURN(StaticType l, Expect(*n.lhs, {TK::kInt, TK::kFloat}, what));
        AG_ASSIGN_OR_RETURN(StaticType r, Expect(*n.rhs, {TK::kInt, TK::kFloat}, what));
        if (n.op == BinaryOp::kPow && IsNumber(l.kind) && IsNumber(r.kind))
          return StaticType::Of(TK::kFloat);
        if (IsNumber(l.kind) && IsNumber(r.kind))
          return StaticType::Of(l.kind == TK::kFloat || r.kind == TK::kFloat ? TK::kFloat
                                                                             : TK::kInt);
        return StaticType{};
      }
      case BinaryOp::kAdd: {
        AG_ASSIGN_OR_RETURN(StaticType l, Type(*n.lhs));
        AG_ASSIGN_OR_RETURN(StaticType r, Type(*n.rhs));
        if (l.kind == TK::kList || r.kind == TK::kList) return StaticType::Of(TK::kList);
        if (l.kind == TK::kString && r.kind == TK::kString) return l;
        if (IsNumber(l.kind) && IsNumber(r.kind))
          return StaticType::Of(l.kind == TK::kFloat || r.kind == TK::kFloat ? TK::kFloat
                                                                             : TK::kInt);
        return StaticType{};
      }
      default:  // comparisons and string predicates accept any value
        AG_RETURN_IF_ERROR(Type(*n.lhs).status());
        AG_RETURN_IF_ERROR(Type(*n.rhs).status());
        return StaticType::Of(TK::kBool);
    }
  }
  Result<StaticType> Node(const Expr&, const ComparisonChain& n) {
    for (const auto& o : n.operands)
      AG_RETURN_IF_ERROR(Type(*o).status());
    return StaticType::Of(TK::kBool);
  }
  Result<StaticType> Node(const Expr&, const IsNull& n) {
    AG_RETURN_IF_ERROR(Type(*n.operand).status());
    return StaticType::Of(TK::kBool);
  }
  Result<StaticType> Node(const Expr&, const ListLiteral& n) {
    TK elem = TK::kNull;
    for (const auto& item : n.items) {
      AG_ASSIGN_OR_RETURN(StaticType t, Type(*item));
      elem = Join(elem, t.kind);
    }
    return StaticType::ListOf(n.items.empty() ? TK::kAny : elem);
  }
  Result<StaticType> Node(const Expr&, const MapLiteral& n) {
    for (const auto& entry : n.entries)
      AG_RETURN_IF_ERROR(Type(*entry.value).status());
    return StaticType::Of(TK::kMap);
  }
  Result<StaticType> Node(const Expr&, const MapProjection& n) {
    for (const auto& item : n.items)
      if (item.value) AG_RETURN_IF_ERROR(Type(*item.value).status());
    return StaticType::Of(TK::kMap);
  }
  Result<StaticType> Node(const Expr&, const FunctionCall& n) {
    std::vector<StaticType> args;
    for (const auto& a : n.args) {
      AG_ASSIGN_OR_RETURN(StaticType t, Type(*a));
      args.push_back(t);
    }
    const std::string name = LowerAscii(n.name);
    if (args.size() != 1) return StaticType{};
    const Expr& arg = *n.args[0];
    const TK k = args[0].kind;
    // The graph functions whose argument kind is fixed.
    if (name == "type") {
      if (!Fits(k, {TK::kRel})) return Wrong(arg, "type() needs a relationship", k);
      return StaticType::Of(TK::kString);
    }
    if (name == "labels") {
      if (!Fits(k, {TK::kNode})) return Wrong(arg, "labels() needs a node", k);
      return StaticType::ListOf(TK::kString);
    }
    if (name == "length") {
      if (In(k, {TK::kNode, TK::kRel, TK::kBool, TK::kInt, TK::kFloat, TK::kMap}))
        return Wrong(arg, "length() needs a path", k);
      return StaticType::Of(TK::kInt);
    }
    if (name == "size") {
      if (In(k, {TK::kNode, TK::kRel, TK::kPath, TK::kBool, TK::kInt, TK::kFloat}))
        return Wrong(arg, "size() needs a list, a string or a map", k);
      return StaticType::Of(TK::kInt);
    }
    if (name == "properties") {
      if (!Fits(k, {TK::kNode, TK::kRel, TK::kMap}))
        return Wrong(arg, "properties() needs a node, a relationship or a map", k);
      return StaticType::Of(TK::kMap);
    }
    return StaticType{};
  }
  Result<StaticType> Node(const Expr&, const CountStar&) { return StaticType::Of(TK::kInt); }
  Result<StaticType> Node(const Expr&, const CaseExpr& n) {
    if (n.subject) AG_RETURN_IF_ERROR(Type(*n.subject).status());
    TK result = TK::kNull;
    for (const auto& a : n.alternatives) {
      AG_RETURN_IF_ERROR(Type(*a.when).status());
      AG_ASSIGN_OR_RETURN(StaticType t, Type(*a.then));
      result = Join(result, t.kind);
    }
    if (n.otherwise) {
      AG_ASSIGN_OR_RETURN(StaticType t, Type(*n.otherwise));
      result = Join(result, t.kind);
    }
    return StaticType::Of(result == TK::kList ? TK::kAny : result);
  }

  // Runs fn with `name` bound to `type`, then restores the outer binding.
  template <typename F>
  auto Scoped(const std::string& name, StaticType type, F fn) -> decltype(fn()) {
    TypeScope saved = scope_;
    scope_[name] = type;
    auto r = fn();
    scope_ = std::move(saved);
    return r;
  }

  Result<StaticType> Node(const Expr&, const ListComprehension& n) {
    AG_ASSIGN_OR_RETURN(StaticType list, Type(*n.list));
    return Scoped(n.variable.name, StaticType::Of(list.elem), [&]() -> Result<StaticType> {
      if (n.where) AG_RETURN_IF_ERROR(Predicate(*n.where, "a list comprehension's WHERE"));
      if (!n.projection) return list;
      AG_ASSIGN_OR_RETURN(StaticType p, Type(*n.projection));
      return StaticType::ListOf(p.kind);
    });
  }
  Result<StaticType> Node(const Expr&, const Quantifier& n) {
    AG_ASSIGN_OR_RETURN(StaticType list, Type(*n.list));
    return Scoped(n.variable.name, StaticType::Of(list.elem), [&]() -> Result<StaticType> {
      if (n.where) AG_RETURN_IF_ERROR(Predicate(*n.where, "a quantifier's WHERE"));
      return StaticType::Of(TK::kBool);
    });
  }
  Result<StaticType> Node(const Expr&, const Reduce& n) {
    AG_RETURN_IF_ERROR(Type(*n.init).status());
    AG_ASSIGN_OR_RETURN(StaticType list, Type(*n.list));
    return Scoped(n.variable.name, StaticType::Of(list.elem), [&]() -> Result<StaticType> {
      // The accumulator's type may change from step to step.
      return Scoped(n.accumulator.name, StaticType{}, [&]() -> Result<StaticType> {
        AG_RETURN_IF_ERROR(Type(*n.expression).status());
        return StaticType{};
      });
    });
  }
  Result<StaticType> Node(const Expr&, const PatternPredicate&) {
    return StaticType::Of(TK::kBool);
  }
  Result<StaticType> Node(const Expr&, const PatternComprehension& n) {
    // Pattern variables are nodes and relationships whatever they were.
    TypeScope saved = scope_;
    for (const auto& node : n.pattern.nodes)
      if (!node.variable.empty()) scope_[node.variable.name] = StaticType::Of(TK::kNode);
    for (const auto& r : n.pattern.rels)
      if (!r.variable.empty())
        scope_[r.variable.name] =
            r.length ? StaticType::ListOf(TK::kRel) : StaticType::Of(TK::kRel);
    if (!n.pattern.variable.empty()) scope_[n.pattern.variable.name] = StaticType::Of(TK::kPath);
    Result<StaticType> r = [&]() -> Result<StaticType> {
      if (n.where) AG_RETURN_IF_ERROR(Predicate(*n.where, "a pattern comprehension's WHERE"));
      AG_ASSIGN_OR_RETURN(StaticType p, Type(*n.projection));
      return StaticType::ListOf(p.kind);
    }();
    scope_ = std::move(saved);
    return r;
  }
  Result<StaticType> Node(const Expr&, const ExistsSubquery&) { return StaticType::Of(TK::kBool); }

 public:
  Status Predicate(const Expr& e, const char* where) {
    return Expect(e, {TK::kBool}, std::string(where) + " needs a boolean").status();
  }

 private:
  TypeScope scope_;
  std::string_view text_;
};

}  // namespace

Result<StaticType> InferType(const Expr& e, const TypeScope& scope, std::string_view text) {
  return Typer(scope, text).Type(e);
}

Status CheckPredicate(const Expr& e, const TypeScope& scope, std::string_view text,
                      const char* where) {
  return Typer(scope, text).Predicate(e, where);
}

}  // namespace actorgraph::query
