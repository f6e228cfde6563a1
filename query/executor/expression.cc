#include "query/executor/expression.h"

#include <cctype>
#include <cmath>

#include "common/ascii.h"
#include "engine/adjacency_cache.h"
#include "query/executor/date_fields.h"
#include "query/executor/temporal_functions.h"

namespace actorgraph::query {

namespace {

using K = Value::Kind;

}  // namespace

bool IsAggregateFunction(std::string_view name) {
  const std::string n = LowerAscii(name);
  return n == "count" || n == "sum" || n == "avg" || n == "min" || n == "max" || n == "collect" ||
         n == "stdev" || n == "stdevp" || n == "percentilecont" || n == "percentiledisc";
}

bool IsTrue(const Value& v) {
  return v.kind() == K::kBool && v.as_bool();
}

Value CypherEquals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.is_number() && b.is_number()) {
    if (a.kind() == K::kInt && b.kind() == K::kInt) return Value(a.as_int() == b.as_int());
    return Value(a.as_number() == b.as_number());
  }
  if (a.kind() != b.kind()) return Value(false);
  switch (a.kind()) {
    case K::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      if (x.size() != y.size()) return Value(false);
      bool unknown = false;
      for (size_t i = 0; i < x.size(); ++i) {
        Value e = CypherEquals(x[i], y[i]);
        if (e.is_null())
          unknown = true;
        else if (!e.as_bool())
          return Value(false);
      }
      return unknown ? Value() : Value(true);
    }
    case K::kMap: {
      const auto &x = a.as_map(), &y = b.as_map();
      if (x.size() != y.size()) return Value(false);
      bool unknown = false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (x[i].first != y[i].first) return Value(false);
        Value e = CypherEquals(x[i].second, y[i].second);
        if (e.is_null())
          unknown = true;
        else if (!e.as_bool())
          return Value(false);
      }
      return unknown ? Value() : Value(true);
    }
    case K::kTemporal:
      return Value(TemporalEquals(a.as_temporal(), b.as_temporal()));
    default:
      return Value(a == b);
  }
}

std::optional<int> CypherCompare(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_number() && b.is_number()) {
    if (a.kind() == K::kFloat && std::isnan(a.as_float())) return std::nullopt;
    if (b.kind() == K::kFloat && std::isnan(b.as_float())) return std::nullopt;
    return Value::OrderCompare(a, b);
  }
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case K::kString:
    case K::kBool:
    case K::kDate:
      return Value::OrderCompare(a, b);
    case K::kTemporal:  // within one type; durations do not order
      if (a.as_temporal().type != b.as_temporal().type ||
          a.as_temporal().type == TemporalType::kDuration)
        return std::nullopt;
      return CompareTemporal(a.as_temporal(), b.as_temporal());
    case K::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        auto c = CypherCompare(x[i], y[i]);
        if (!c) return std::nullopt;
        if (*c) return c;
      }
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    default:
      return std::nullopt;
  }
}

std::string_view SnapshotNodeXid(ExecContext& ctx, NodeId node) {
  if (!ctx.NodeIdFromSnapshot()) return {};
  // Counted as a light request of the adjacency cache.
  const AdjacencySnapshot* snap = ctx.AdjacencyPtr(/*heavy=*/false);
  return snap ? snap->NodeXid(node) : std::string_view();
}

Result<Value> EntityProperty(ExecContext& ctx, const Value& entity, const std::string& key) {
  if (entity.kind() == K::kNode && key == "id") {
    // The external id without the node record.
    if (std::string_view xid = SnapshotNodeXid(ctx, entity.as_node()); !xid.empty())
      return Value(std::string(xid));
  }
  const bool builtin = ctx.ontology().IsBuiltinField(key);  // else an ordinary property
  if (entity.kind() == K::kNode) {
    AG_ASSIGN_OR_RETURN(const Node* n, ctx.GetNode(entity.as_node()));
    if (const Value* v = n->Prop(key)) {
      // WITH MIN GRADE hides a property only weaker sources claim.
      if (ctx.filter().min_grade) {
        AG_ASSIGN_OR_RETURN(bool ok, ctx.PropertyPasses(TargetKind::kNode, entity.as_node(), key));
        if (!ok) return Value();
      }
      return *v;
    }
    if (!builtin) return Value();
    if (key == "name") return Value(n->name);
    if (key == "id") return Value(n->xid);
    if (key == "valid_from") return n->valid.from ? Value(*n->valid.from) : Value();
    if (key == "valid_to") return n->valid.to ? Value(*n->valid.to) : Value();
    if (key == "aliases") {
      ValueList l;
      for (const auto& a : n->aliases)
        l.push_back(Value(a.name));
      return Value(std::move(l));
    }
    return Value();
  }
  if (entity.kind() == K::kRel) {
    AG_ASSIGN_OR_RETURN(const Relationship* r, ctx.GetRel(entity.as_rel()));
    if (const Value* v = r->Prop(key)) {
      if (ctx.filter().min_grade) {
        AG_ASSIGN_OR_RETURN(bool ok, ctx.PropertyPasses(TargetKind::kRel, entity.as_rel(), key));
        if (!ok) return Value();
      }
      return *v;
    }
    if (!builtin) return Value();
    if (key == "id") return Value(r->xid);
    if (key == "valid_from") return r->valid.from ? Value(*r->valid.from) : Value();
    if (key == "valid_to") return r->valid.to ? Value(*r->valid.to) : Value();
    return Value();
  }
  if (entity.kind() == K::kMap) {
    const Value* v = entity.Find(key);
    return v ? *v : Value();
  }
  if (entity.kind() == K::kDate) return DateField(entity.as_date(), key);
  if (entity.kind() == K::kTemporal) return TemporalField(entity.as_temporal(), key);
  if (entity.is_null()) return Value();
  return Status::InvalidArgument("type error: cannot read property '" + key + "' of a " +
                                 Value::KindName(entity.kind()));
}

Status ExprTypeError(const std::string& expr_text, const std::string& what) {
  return Status::InvalidArgument("type error in '" + expr_text + "': " + what);
}

Status ValueTooLarge(const std::string& expr_text, const char* what, uint64_t bytes,
                     uint64_t limit) {
  return Status::Cancelled("runtime error in '" + expr_text + "': the " + what + " would take " +
                           MiBText(bytes) + ", more than the query's memory limit of " +
                           MiBText(limit));
}

Status CheckValueSize(uint64_t limit, const std::string& expr_text, const char* what,
                      uint64_t bytes) {
  if (limit == 0 || bytes <= limit) return Status::OK();
  return ValueTooLarge(expr_text, what, bytes, limit);
}

std::string MiBText(uint64_t bytes) {
  return std::to_string((bytes >> 20) + ((bytes & ((uint64_t{1} << 20) - 1)) != 0)) + " MiB";
}

uint64_t CopyBytes(const ValueList& l) {
  uint64_t n = 0;
  for (const Value& v : l)
    n += CopyBytes(v);
  return n;
}

Result<Value> EvalArithmetic(BinaryOp op, const Value& a, const Value& b, const std::string& text,
                             uint64_t max_bytes) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.kind() == K::kTemporal || b.kind() == K::kTemporal) {
    const char c = op == BinaryOp::kAdd   ? '+'
                   : op == BinaryOp::kSub ? '-'
                   : op == BinaryOp::kMul ? '*'
                   : op == BinaryOp::kDiv ? '/'
                                          : '?';
    if (auto r = TemporalArith(c, a, b)) return *r;
  }
  if (op == BinaryOp::kAdd) {
    if (a.kind() == K::kList || b.kind() == K::kList) {
      const size_t n = (a.kind() == K::kList ? a.as_list().size() : 1) +
                       (b.kind() == K::kList ? b.as_list().size() : 1);
      // The copy holds the strings of both sides again: acc + [s] in a
      // reduce() copies every string it has gathered at each step.
      if (max_bytes) {
        uint64_t bytes = 0;
        for (const Value* side : {&a, &b})
          bytes += side->kind() == K::kList ? CopyBytes(side->as_list()) : CopyBytes(*side);
        AG_RETURN_IF_ERROR(CheckValueSize(max_bytes, text, "list", bytes));
      }
      ValueList l;
      l.reserve(n);
      for (const Value* side : {&a, &b}) {
        if (side->kind() == K::kList)
          l.insert(l.end(), side->as_list().begin(), side->as_list().end());
        else
          l.push_back(*side);
      }
      return Value(std::move(l));
    }
    if (a.kind() == K::kString || b.kind() == K::kString) {
      if ((a.kind() == K::kString || a.is_number()) && (b.kind() == K::kString || b.is_number())) {
        // The sides by reference: copying them first tripled what a long
        // string's concatenation held.
        std::string text_a, text_b;
        const std::string& sa = a.kind() == K::kString ? a.as_string() : (text_a = a.ToString());
        const std::string& sb = b.kind() == K::kString ? b.as_string() : (text_b = b.ToString());
        AG_RETURN_IF_ERROR(CheckValueSize(max_bytes, text, "string", sa.size() + sb.size()));
        std::string r;
        r.reserve(sa.size() + sb.size());
        r.append(sa).append(sb);
        return Value(std::move(r));
      }
    }
  }
  if (!a.is_number() || !b.is_number())
    return ExprTypeError(text, std::string("cannot apply ") + BinaryOpText(op) + " to " +
                                   Value::KindName(a.kind()) + " and " + Value::KindName(b.kind()));
  if (a.kind() == K::kInt && b.kind() == K::kInt && op != BinaryOp::kPow) {
    const int64_t x = a.as_int(), y = b.as_int();
    int64_t r = 0;
    switch (op) {
      case BinaryOp::kAdd:
        if (__builtin_add_overflow(x, y, &r)) return ExprTypeError(text, "integer overflow");
        return Value(r);
      case BinaryOp::kSub:
        if (__builtin_sub_overflow(x, y, &r)) return ExprTypeError(text, "integer overflow");
        return Value(r);
      case BinaryOp::kMul:
        if (__builtin_mul_overflow(x, y, &r)) return ExprTypeError(text, "integer overflow");
        return Value(r);
      case BinaryOp::kDiv:
        if (y == 0)
          return Status::InvalidArgument("runtime error in '" + text + "': division by zero");
        if (x == INT64_MIN && y == -1) return ExprTypeError(text, "integer overflow");
        return Value(x / y);
      case BinaryOp::kMod:
        if (y == 0)
          return Status::InvalidArgument("runtime error in '" + text + "': division by zero");
        if (y == -1) return Value(int64_t{0});
        return Value(x % y);
      default:
        break;
    }
  }
  const double x = a.as_number(), y = b.as_number();
  switch (op) {
    case BinaryOp::kAdd:
      return Value(x + y);
    case BinaryOp::kSub:
      return Value(x - y);
    case BinaryOp::kMul:
      return Value(x * y);
    case BinaryOp::kDiv:
      return Value(x / y);
    case BinaryOp::kMod:
      return Value(std::fmod(x, y));
    case BinaryOp::kPow:
      return Value(std::pow(x, y));
    default:
      return Value();
  }
}

Result<Value> EvalComparison(BinaryOp op, const Value& a, const Value& b) {
  if (op == BinaryOp::kEq) return CypherEquals(a, b);
  if (op == BinaryOp::kNe) {
    Value e = CypherEquals(a, b);
    return e.is_null() ? e : Value(!e.as_bool());
  }
  // openCypher: NaN is not less, greater or equal to any number: false, not null.
  auto is_nan = [](const Value& v) { return v.kind() == K::kFloat && std::isnan(v.as_float()); };
  if (a.is_number() && b.is_number() && (is_nan(a) || is_nan(b))) return Value(false);
  auto c = CypherCompare(a, b);
  if (!c) return Value();
  switch (op) {
    case BinaryOp::kLt:
      return Value(*c < 0);
    case BinaryOp::kLe:
      return Value(*c <= 0);
    case BinaryOp::kGt:
      return Value(*c > 0);
    case BinaryOp::kGe:
      return Value(*c >= 0);
    default:
      return Value();
  }
}

}  // namespace actorgraph::query
