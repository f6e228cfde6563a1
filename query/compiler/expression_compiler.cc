#include "query/compiler/expression_compiler.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>

#include "query/binder/semantic_error.h"
#include "query/executor/functions.h"
#include "query/executor/operator.h"
#include "query/executor/regex_matcher.h"
#include "query/parser/ast_walk.h"
#include "query/parser/printer.h"
#include "query/parser/syntax_error.h"

namespace actorgraph::query {

bool ContainsAggregate(const Expr& e) {
  return FindAggregate(e) != nullptr;
}

namespace {

using K = Value::Kind;

// Where an expression is, to place its run-time errors.
struct ErrorSite {
  SourcePos pos;
  std::string caret;  // the source line with a caret under the expression

  // "type error in 'x': ..." -> "type error at line 1, column 8 in 'x': ..."
  // and the caret; errors already placed, and other kinds, pass unchanged.
  Status Locate(const Status& s) const {
    if (s.code() != Status::Code::kInvalidArgument) return s;
    std::string m = s.message();
    size_t at = 0;
    for (const char* kind : {"type error", "runtime error"})
      if (m.rfind(kind, 0) == 0) at = std::char_traits<char>::length(kind);
    if (at == 0 || m.compare(at, 9, " at line ") == 0) return s;
    m.insert(at, " at line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column));
    return Status::InvalidArgument(m + "\n" + caret);
  }
};

// Expressions whose own evaluation can fail (not only their operands').
bool CanFailItself(const Expr& e) {
  if (e.As<Literal>() || e.As<Variable>() || e.As<Parameter>() || e.As<IsNull>() ||
      e.As<ListLiteral>() || e.As<MapLiteral>() || e.As<CaseExpr>() || e.As<ComparisonChain>())
    return false;
  if (const auto* b = e.As<Binary>()) {
    // Comparisons and string predicates answer null on mismatched types.
    return !(IsComparison(b->op) || b->op == BinaryOp::kStartsWith ||
             b->op == BinaryOp::kEndsWith || b->op == BinaryOp::kContains);
  }
  return true;
}

class Compiler {
 public:
  explicit Compiler(const ExprEnv& env) : env_(env) {}

  Result<ExprFn> Compile(const Expr& e) {
    if (auto slot = env_.aggregate_slot ? env_.aggregate_slot(&e) : std::nullopt) {
      SlotId s = *slot;
      return ExprFn([s](Row& row, ExecContext&, Value* out) {
        *out = row[s];
        return Status::OK();
      });
    }
    AG_ASSIGN_OR_RETURN(ExprFn f,
                        std::visit([&](const auto& n) { return CompileNode(e, n); }, e.node));
    if (!CanFailItself(e)) return f;
    // Run-time errors point at the expression that failed, like compile-time
    // errors: the innermost failing expression gives its line and column.
    auto site = std::make_shared<const ErrorSite>(ErrorSite{e.pos, CaretSnippet(env_.text, e.pos)});
    return ExprFn([f, site](Row& row, ExecContext& ctx, Value* out) {
      Status s = f(row, ctx, out);
      if (s.ok()) [[likely]]
        return s;
      return site->Locate(s);
    });
  }

 private:
  Result<std::vector<ExprFn>> CompileAll(const std::vector<ExprPtr>& exprs) {
    std::vector<ExprFn> fns;
    fns.reserve(exprs.size());
    for (const auto& e : exprs) {
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*e));
      fns.push_back(std::move(f));
    }
    return fns;
  }
  Result<ExprFn> CompileNode(const Expr&, const Literal& n) {
    Value v = n.value;
    return ExprFn([v](Row&, ExecContext&, Value* out) {
      *out = v;
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const Parameter& n) {
    std::string name = n.name;
    std::string text = ToString(e);
    return ExprFn([name, text](Row&, ExecContext& ctx, Value* out) {
      const Value* v = ctx.Param(name);
      if (!v)
        return Status::InvalidArgument("missing parameter $" + name + " (give it with --param " +
                                       name + "=VALUE)");
      *out = *v;
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const Variable& n) {
    auto slot = env_.resolve(n.name);
    if (!slot) return Status::InvalidArgument("unknown variable '" + n.name + "'");
    SlotId s = *slot;
    return ExprFn([s](Row& row, ExecContext&, Value* out) {
      *out = row[s];
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const PropertyAccess& n) {
    AG_ASSIGN_OR_RETURN(ExprFn obj, Compile(*n.object));
    std::string key = n.key;
    return ExprFn([obj, key](Row& row, ExecContext& ctx, Value* out) {
      Value o;
      AG_RETURN_IF_ERROR(obj(row, ctx, &o));
      AG_ASSIGN_OR_RETURN(*out, EntityProperty(ctx, o, key));
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const Subscript& n) {
    AG_ASSIGN_OR_RETURN(ExprFn obj, Compile(*n.object));
    AG_ASSIGN_OR_RETURN(ExprFn idx, Compile(*n.index));
    std::string text = ToString(e);
    return ExprFn([obj, idx, text](Row& row, ExecContext& ctx, Value* out) {
      Value o, i;
      AG_RETURN_IF_ERROR(obj(row, ctx, &o));
      AG_RETURN_IF_ERROR(idx(row, ctx, &i));
      if (o.is_null() || i.is_null()) {
        *out = Value();
        return Status::OK();
      }
      if (o.kind() == K::kList) {
        if (i.kind() != K::kInt) return ExprTypeError(text, "a list index must be an integer");
        const auto& l = o.as_list();
        int64_t k = i.as_int();
        if (k < 0) k += static_cast<int64_t>(l.size());
        *out = (k >= 0 && k < static_cast<int64_t>(l.size())) ? l[k] : Value();
        return Status::OK();
      }
      if (i.kind() == K::kString &&
          (o.kind() == K::kMap || o.kind() == K::kNode || o.kind() == K::kRel)) {
        AG_ASSIGN_OR_RETURN(*out, EntityProperty(ctx, o, i.as_string()));
        return Status::OK();
      }
      return ExprTypeError(text, std::string("cannot index a ") + Value::KindName(o.kind()) +
                                     " with a " + Value::KindName(i.kind()));
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const Slice& n) {
    AG_ASSIGN_OR_RETURN(ExprFn obj, Compile(*n.object));
    ExprFn from, to;
    if (n.from) {
      AG_ASSIGN_OR_RETURN(from, Compile(*n.from));
    }
    if (n.to) {
      AG_ASSIGN_OR_RETURN(to, Compile(*n.to));
    }
    std::string text = ToString(e);
    return ExprFn([obj, from, to, text](Row& row, ExecContext& ctx, Value* out) {
      Value o, f, t;
      AG_RETURN_IF_ERROR(obj(row, ctx, &o));
      if (from) AG_RETURN_IF_ERROR(from(row, ctx, &f));
      if (to) AG_RETURN_IF_ERROR(to(row, ctx, &t));
      if (o.is_null() || (from && f.is_null()) || (to && t.is_null())) {
        *out = Value();
        return Status::OK();
      }
      if (o.kind() != K::kList) return ExprTypeError(text, "only lists can be sliced");
      if ((from && f.kind() != K::kInt) || (to && t.kind() != K::kInt))
        return ExprTypeError(text, "slice bounds must be integers");
      const auto& l = o.as_list();
      const int64_t size = static_cast<int64_t>(l.size());
      auto norm = [&](int64_t k) { return std::clamp<int64_t>(k < 0 ? k + size : k, 0, size); };
      const int64_t a = from ? norm(f.as_int()) : 0, b = to ? norm(t.as_int()) : size;
      ValueList r;
      for (int64_t k = a; k < b; ++k)
        r.push_back(l[k]);
      *out = Value(std::move(r));
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const LabelCheck& n) {
    AG_ASSIGN_OR_RETURN(ExprFn subj, Compile(*n.subject));
    std::vector<std::string> labels;
    for (const auto& l : n.labels)
      labels.push_back(l.name);
    return ExprFn([subj, labels](Row& row, ExecContext& ctx, Value* out) {
      Value s;
      AG_RETURN_IF_ERROR(subj(row, ctx, &s));
      if (s.is_null()) {
        *out = Value();
        return Status::OK();
      }
      if (s.kind() == K::kRel) {
        // r:T tests the relationship's type (GQL; openCypher TCK Graph5):
        // true when every name given is its type.
        AG_ASSIGN_OR_RETURN(const Relationship* rel, ctx.GetRel(s.as_rel()));
        bool all = true;
        for (const auto& want : labels)
          all &= want == rel->type;
        *out = Value(all);
        return Status::OK();
      }
      if (s.kind() != K::kNode)
        return Status::InvalidArgument(
            "type error: label check on a value that is neither a "
            "node nor a relationship");
      AG_ASSIGN_OR_RETURN(const Node* node, ctx.GetNode(s.as_node()));
      bool all = true;
      for (const auto& want : labels) {
        bool any = false;
        for (const auto& have : node->labels)
          any |= ctx.ontology().IsA(have, want);
        all &= any;
      }
      *out = Value(all);
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const Unary& n) {
    AG_ASSIGN_OR_RETURN(ExprFn a, Compile(*n.operand));
    std::string text = ToString(e);
    UnaryOp op = n.op;
    return ExprFn([a, op, text](Row& row, ExecContext& ctx, Value* out) {
      Value v;
      AG_RETURN_IF_ERROR(a(row, ctx, &v));
      if (v.is_null()) {
        *out = Value();
        return Status::OK();
      }
      if (op == UnaryOp::kNot) {
        if (v.kind() != K::kBool) return ExprTypeError(text, "NOT needs a boolean");
        *out = Value(!v.as_bool());
      } else if (op == UnaryOp::kMinus) {
        if (v.kind() == K::kInt) {
          if (v.as_int() == INT64_MIN) return ExprTypeError(text, "integer overflow");
          *out = Value(-v.as_int());
        } else if (v.kind() == K::kFloat) {
          *out = Value(-v.as_float());
        } else {
          return ExprTypeError(text, "unary minus needs a number");
        }
      } else {
        if (!v.is_number()) return ExprTypeError(text, "unary plus needs a number");
        *out = v;
      }
      return Status::OK();
    });
  }

  Result<ExprFn> CompileNode(const Expr& e, const Binary& n) {
    AG_ASSIGN_OR_RETURN(ExprFn l, Compile(*n.lhs));
    AG_ASSIGN_OR_RETURN(ExprFn r, Compile(*n.rhs));
    const std::string text = ToString(e);
    const BinaryOp op = n.op;
    switch (op) {
      case BinaryOp::kAnd:
      case BinaryOp::kOr:
      case BinaryOp::kXor:
        return ExprFn([l, r, op, text](Row& row, ExecContext& ctx, Value* out) {
          Value a, b;
          AG_RETURN_IF_ERROR(l(row, ctx, &a));
          if (!a.is_null() && a.kind() != K::kBool)
            return ExprTypeError(text, std::string(BinaryOpText(op)) + " needs booleans");
          // Short-circuit where the answer is already known.
          if (op == BinaryOp::kAnd && a.kind() == K::kBool && !a.as_bool()) {
            *out = Value(false);
            return Status::OK();
          }
          if (op == BinaryOp::kOr && a.kind() == K::kBool && a.as_bool()) {
            *out = Value(true);
            return Status::OK();
          }
          AG_RETURN_IF_ERROR(r(row, ctx, &b));
          if (!b.is_null() && b.kind() != K::kBool)
            return ExprTypeError(text, std::string(BinaryOpText(op)) + " needs booleans");
          if (op == BinaryOp::kAnd) {
            if (b.kind() == K::kBool && !b.as_bool())
              *out = Value(false);
            else if (a.is_null() || b.is_null())
              *out = Value();
            else
              *out = Value(true);
          } else if (op == BinaryOp::kOr) {
            if (b.kind() == K::kBool && b.as_bool())
              *out = Value(true);
            else if (a.is_null() || b.is_null())
              *out = Value();
            else
              *out = Value(false);
          } else {
            *out = (a.is_null() || b.is_null()) ? Value() : Value(a.as_bool() != b.as_bool());
          }
          return Status::OK();
        });
      case BinaryOp::kEq:
      case BinaryOp::kNe:
      case BinaryOp::kLt:
      case BinaryOp::kLe:
      case BinaryOp::kGt:
      case BinaryOp::kGe:
        return ExprFn([l, r, op](Row& row, ExecContext& ctx, Value* out) {
          Value a, b;
          AG_RETURN_IF_ERROR(l(row, ctx, &a));
          AG_RETURN_IF_ERROR(r(row, ctx, &b));
          AG_ASSIGN_OR_RETURN(*out, EvalComparison(op, a, b));
          return Status::OK();
        });
      case BinaryOp::kIn:
        return ExprFn([l, r, text](Row& row, ExecContext& ctx, Value* out) {
          Value a, b;
          AG_RETURN_IF_ERROR(l(row, ctx, &a));
          AG_RETURN_IF_ERROR(r(row, ctx, &b));
          if (b.is_null()) {
            *out = Value();
            return Status::OK();
          }
          if (b.kind() != K::kList) return ExprTypeError(text, "IN needs a list on the right");
          bool unknown = false;
          for (const auto& x : b.as_list()) {
            Value eq = CypherEquals(a, x);
            if (eq.is_null())
              unknown = true;
            else if (eq.as_bool()) {
              *out = Value(true);
              return Status::OK();
            }
          }
          *out = unknown ? Value() : Value(false);
          return Status::OK();
        });
      case BinaryOp::kStartsWith:
      case BinaryOp::kEndsWith:
      case BinaryOp::kContains:
        return ExprFn([l, r, op](Row& row, ExecContext& ctx, Value* out) {
          Value a, b;
          AG_RETURN_IF_ERROR(l(row, ctx, &a));
          AG_RETURN_IF_ERROR(r(row, ctx, &b));
          if (a.kind() != K::kString || b.kind() != K::kString) {
            *out = Value();
            return Status::OK();
          }
          const std::string &x = a.as_string(), &y = b.as_string();
          if (op == BinaryOp::kStartsWith)
            *out = Value(x.rfind(y, 0) == 0);
          else if (op == BinaryOp::kEndsWith)
            *out = Value(x.size() >= y.size() && x.compare(x.size() - y.size(), y.size(), y) == 0);
          else
            *out = Value(x.find(y) != std::string::npos);
          return Status::OK();
        });
      case BinaryOp::kRegexMatch: {
        // The pattern compiled once while it stays the same (a literal:
        // always); another on a later row replaces it.
        auto cache = std::make_shared<std::optional<RegexMatcher>>();
        return ExprFn([l, r, text, cache](Row& row, ExecContext& ctx, Value* out) {
          Value a, b;
          AG_RETURN_IF_ERROR(l(row, ctx, &a));
          AG_RETURN_IF_ERROR(r(row, ctx, &b));
          if (a.kind() != K::kString || b.kind() != K::kString) {
            *out = Value();
            return Status::OK();
          }
          if (!*cache || (*cache)->pattern() != b.as_string()) {
            Result<RegexMatcher> m = RegexMatcher::Compile(b.as_string());
            if (!m.ok())
              return Status::InvalidArgument("runtime error in '" + text +
                                             "': " + m.status().message());
            *cache = std::move(m).value();
          }
          Result<bool> matched = (*cache)->FullMatch(a.as_string());
          if (!matched.ok())
            return Status::InvalidArgument("runtime error in '" + text +
                                           "': " + matched.status().message());
          *out = Value(*matched);
          return Status::OK();
        });
      }
      default:
        return ExprFn([l, r, op, text](Row& row, ExecContext& ctx, Value* out) {
          Value a, b;
          AG_RETURN_IF_ERROR(l(row, ctx, &a));
          AG_RETURN_IF_ERROR(r(row, ctx, &b));
          AG_ASSIGN_OR_RETURN(*out, EvalArithmetic(op, a, b, text, ctx.memory_limit()));
          return Status::OK();
        });
    }
  }
  Result<ExprFn> CompileNode(const Expr& e, const ComparisonChain& n) {
    AG_ASSIGN_OR_RETURN(std::vector<ExprFn> ops, CompileAll(n.operands));
    std::vector<BinaryOp> cmp = n.ops;
    return ExprFn([ops, cmp](Row& row, ExecContext& ctx, Value* out) {
      Value prev, cur;
      AG_RETURN_IF_ERROR(ops[0](row, ctx, &prev));
      bool unknown = false;
      for (size_t i = 0; i < cmp.size(); ++i) {
        AG_RETURN_IF_ERROR(ops[i + 1](row, ctx, &cur));
        AG_ASSIGN_OR_RETURN(Value r, EvalComparison(cmp[i], prev, cur));
        if (r.is_null())
          unknown = true;
        else if (!r.as_bool()) {
          *out = Value(false);
          return Status::OK();
        }
        prev = cur;
      }
      *out = unknown ? Value() : Value(true);
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const IsNull& n) {
    AG_ASSIGN_OR_RETURN(ExprFn a, Compile(*n.operand));
    bool neg = n.negated;
    return ExprFn([a, neg](Row& row, ExecContext& ctx, Value* out) {
      Value v;
      AG_RETURN_IF_ERROR(a(row, ctx, &v));
      *out = Value(v.is_null() != neg);
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const ListLiteral& n) {
    AG_ASSIGN_OR_RETURN(std::vector<ExprFn> items, CompileAll(n.items));
    return ExprFn([items](Row& row, ExecContext& ctx, Value* out) {
      ValueList l(items.size());
      for (size_t i = 0; i < items.size(); ++i)
        AG_RETURN_IF_ERROR(items[i](row, ctx, &l[i]));
      *out = Value(std::move(l));
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const MapLiteral& n) {
    std::vector<std::pair<std::string, ExprFn>> entries;
    for (const auto& en : n.entries) {
      for (const auto& prev : entries)
        if (prev.first == en.key.name)
          return Status::InvalidArgument("duplicate key '" + en.key.name + "' in a map");
      AG_ASSIGN_OR_RETURN(ExprFn f, Compile(*en.value));
      entries.emplace_back(en.key.name, std::move(f));
    }
    return ExprFn([entries](Row& row, ExecContext& ctx, Value* out) {
      ValueMap m;
      for (const auto& [k, f] : entries) {
        Value v;
        AG_RETURN_IF_ERROR(f(row, ctx, &v));
        m.emplace_back(k, std::move(v));
      }
      *out = Value::Map(std::move(m));
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const MapProjection& n) {
    auto slot = env_.resolve(n.variable.name);
    if (!slot) return Status::InvalidArgument("unknown variable '" + n.variable.name + "'");
    struct Item {
      MapProjection::ItemKind kind;
      std::string key;
      ExprFn value;
    };
    std::vector<Item> items;
    for (const auto& it : n.items) {
      Item item{it.kind, it.key.name, nullptr};
      if (it.kind == MapProjection::ItemKind::kLiteral) {
        AG_ASSIGN_OR_RETURN(item.value, Compile(*it.value));
      } else if (it.kind == MapProjection::ItemKind::kVariable) {
        auto vs = env_.resolve(it.key.name);
        if (!vs) return Status::InvalidArgument("unknown variable '" + it.key.name + "'");
        SlotId s2 = *vs;
        item.value = [s2](Row& row, ExecContext&, Value* out) {
          *out = row[s2];
          return Status::OK();
        };
      }
      items.push_back(std::move(item));
    }
    SlotId s = *slot;
    return ExprFn([s, items](Row& row, ExecContext& ctx, Value* out) {
      const Value& subject = row[s];
      if (subject.is_null()) {
        *out = Value();
        return Status::OK();
      }
      std::map<std::string, Value> m;
      for (const auto& it : items) {
        switch (it.kind) {
          case MapProjection::ItemKind::kProperty: {
            AG_ASSIGN_OR_RETURN(m[it.key], EntityProperty(ctx, subject, it.key));
            break;
          }
          case MapProjection::ItemKind::kAllProperties: {
            AG_ASSIGN_OR_RETURN(Value all, fn::Properties(ctx, subject));
            if (all.kind() == K::kMap)
              for (const auto& [k, v] : all.as_map())
                m[k] = v;
            break;
          }
          default: {
            Value v;
            AG_RETURN_IF_ERROR(it.value(row, ctx, &v));
            m[it.key] = std::move(v);
          }
        }
      }
      *out = Value::Map(ValueMap(m.begin(), m.end()));
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const FunctionCall& n) {
    if (IsAggregateFunction(n.name))
      return Status::InvalidArgument("aggregate function " + n.name +
                                     "() is only allowed in RETURN or WITH");
    BoundFunction bound;
    if (env_.bound) {
      const BoundFunction* b = env_.bound->Function(&n);
      if (!b) return Status::Internal("the binder did not resolve " + n.name + "()");
      bound = *b;
    } else {
      AG_ASSIGN_OR_RETURN(bound, ResolveFunction(n));
    }
    if (bound.form == BoundFunction::Form::kPatternTest) return Compile(*n.args[0]);
    std::vector<ExprFn> args;
    if (bound.form == BoundFunction::Form::kPropertyArgument) {
      const auto* pa = n.args[0]->As<PropertyAccess>();
      AG_ASSIGN_OR_RETURN(ExprFn obj, Compile(*pa->object));
      args.push_back(std::move(obj));
      Value key(pa->key);
      args.push_back([key](Row&, ExecContext&, Value* out) {
        *out = key;
        return Status::OK();
      });
    } else {
      AG_ASSIGN_OR_RETURN(args, CompileAll(n.args));
    }
    fn::ScalarFn impl = bound.impl;
    const std::string text = ToString(e);
    // `vals` is kept from call to call (no allocation per row): a compiled
    // expression belongs to one statement and is evaluated by one thread,
    // and a call never re-enters itself (its arguments are other closures).
    std::vector<Value> vals(args.size());
    ExprFn general([args, impl, text, vals](Row& row, ExecContext& ctx, Value* out) mutable {
      for (size_t i = 0; i < args.size(); ++i)
        AG_RETURN_IF_ERROR(args[i](row, ctx, &vals[i]));
      auto r = impl(ctx, vals);
      for (Value& v : vals)
        v = Value();  // keep no list or string alive past the call
      if (!r.ok()) {
        std::string m = r.status().message();
        if (m.rfind("type error", 0) == 0 || m.rfind("runtime error", 0) == 0)
          return Status::InvalidArgument(m.insert(m.find(':'), " in '" + text + "'"));
        return r.status();
      }
      *out = std::move(r).value();
      return Status::OK();
    });
    // toInteger(v.id) of a node variable: the id parsed from the adjacency
    // snapshot's bytes, with no string Value built and dropped per row (a
    // grouping key, peers Q9); anything else takes the general path.
    if (const std::optional<SlotId> slot = ToIntegerOfIdSlot(n, bound)) {
      const SlotId s = *slot;
      return ExprFn([s, general](Row& row, ExecContext& ctx, Value* out) {
        const Value& v = row[s];
        if (v.kind() == Value::Kind::kNode) {
          if (std::string_view xid = SnapshotNodeXid(ctx, v.as_node()); !xid.empty()) {
            *out = fn::ToIntegerText(xid);
            return Status::OK();
          }
        }
        return general(row, ctx, out);
      });
    }
    return general;
  }
  // The slot of `v` when `n` is toInteger(v.id) with `v` a variable.
  std::optional<SlotId> ToIntegerOfIdSlot(const FunctionCall& n, const BoundFunction& bound) {
    if (bound.form != BoundFunction::Form::kCall || n.distinct || n.args.size() != 1) return {};
    std::string name = n.name;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (name != "tointeger") return {};
    const auto* pa = n.args[0]->As<PropertyAccess>();
    if (!pa || pa->key != "id") return {};
    const auto* var = pa->object->As<Variable>();
    if (!var) return {};
    return env_.resolve(var->name);
  }
  Result<ExprFn> CompileNode(const Expr& e, const CountStar&) {
    return Status::InvalidArgument("count(*) is only allowed in RETURN or WITH");
  }
  Result<ExprFn> CompileNode(const Expr& e, const CaseExpr& n) {
    ExprFn subject, otherwise;
    if (n.subject) {
      AG_ASSIGN_OR_RETURN(subject, Compile(*n.subject));
    }
    if (n.otherwise) {
      AG_ASSIGN_OR_RETURN(otherwise, Compile(*n.otherwise));
    }
    std::vector<std::pair<ExprFn, ExprFn>> alts;
    for (const auto& a : n.alternatives) {
      AG_ASSIGN_OR_RETURN(ExprFn w, Compile(*a.when));
      AG_ASSIGN_OR_RETURN(ExprFn t, Compile(*a.then));
      alts.emplace_back(std::move(w), std::move(t));
    }
    return ExprFn([subject, otherwise, alts](Row& row, ExecContext& ctx, Value* out) {
      Value s;
      if (subject) AG_RETURN_IF_ERROR(subject(row, ctx, &s));
      for (const auto& [w, t] : alts) {
        Value wv;
        AG_RETURN_IF_ERROR(w(row, ctx, &wv));
        const bool hit = subject ? IsTrue(CypherEquals(s, wv)) : IsTrue(wv);
        if (hit) return t(row, ctx, out);
      }
      if (otherwise) return otherwise(row, ctx, out);
      *out = Value();
      return Status::OK();
    });
  }

  // Compiles `body` with `var` bound to a fresh slot; returns the slot.
  template <typename F>
  Result<SlotId> WithVariable(const std::string& var, F&& body) {
    SlotId slot = env_.new_slot();
    auto previous = env_.resolve(var);
    env_.bind(var, slot);
    Status s = body();
    env_.bind(var, previous);
    if (!s.ok()) return s;
    return slot;
  }

  Result<ExprFn> CompileNode(const Expr& e, const ListComprehension& n) {
    AG_ASSIGN_OR_RETURN(ExprFn list, Compile(*n.list));
    ExprFn where, proj;
    AG_ASSIGN_OR_RETURN(SlotId slot, WithVariable(n.variable.name, [&]() -> Status {
                          if (n.where) {
                            AG_ASSIGN_OR_RETURN(where, Compile(*n.where));
                          }
                          if (n.projection) {
                            AG_ASSIGN_OR_RETURN(proj, Compile(*n.projection));
                          }
                          return Status::OK();
                        }));
    std::string text = ToString(e);
    return ExprFn([list, where, proj, slot, text](Row& row, ExecContext& ctx, Value* out) {
      Value l;
      AG_RETURN_IF_ERROR(list(row, ctx, &l));
      if (l.is_null()) {
        *out = Value();
        return Status::OK();
      }
      if (l.kind() != K::kList) return ExprTypeError(text, "expected a list");
      ValueList r;
      uint64_t bytes = 0;  // what r holds, against the memory limit
      for (const auto& x : l.as_list()) {
        AG_RETURN_IF_ERROR(ctx.Check());  // the time limit holds inside one expression too
        row[slot] = x;
        if (where) {
          Value w;
          AG_RETURN_IF_ERROR(where(row, ctx, &w));
          if (!IsTrue(w)) continue;
        }
        if (proj) {
          Value p;
          AG_RETURN_IF_ERROR(proj(row, ctx, &p));
          r.push_back(std::move(p));
        } else {
          r.push_back(x);
        }
        bytes += CopyBytes(r.back());
        AG_RETURN_IF_ERROR(CheckValueSize(ctx.memory_limit(), text, "list", bytes));
      }
      *out = Value(std::move(r));
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const Quantifier& n) {
    AG_ASSIGN_OR_RETURN(ExprFn list, Compile(*n.list));
    ExprFn where;
    AG_ASSIGN_OR_RETURN(SlotId slot, WithVariable(n.variable.name, [&]() -> Status {
                          if (n.where) {
                            AG_ASSIGN_OR_RETURN(where, Compile(*n.where));
                          }
                          return Status::OK();
                        }));
    const Quantifier::Kind kind = n.kind;
    std::string text = ToString(e);
    return ExprFn([list, where, slot, kind, text](Row& row, ExecContext& ctx, Value* out) {
      Value l;
      AG_RETURN_IF_ERROR(list(row, ctx, &l));
      if (l.is_null()) {
        *out = Value();
        return Status::OK();
      }
      if (l.kind() != K::kList) return ExprTypeError(text, "expected a list");
      int64_t yes = 0, unknown = 0;
      for (const auto& x : l.as_list()) {
        AG_RETURN_IF_ERROR(ctx.Check());
        row[slot] = x;
        Value w(true);
        if (where) AG_RETURN_IF_ERROR(where(row, ctx, &w));
        if (w.is_null())
          ++unknown;
        else if (IsTrue(w))
          ++yes;
      }
      const int64_t n = static_cast<int64_t>(l.as_list().size());
      const int64_t no = n - yes - unknown;
      switch (kind) {
        case Quantifier::Kind::kAll:
          *out = no > 0 ? Value(false) : unknown ? Value() : Value(true);
          break;
        case Quantifier::Kind::kAny:
          *out = yes > 0 ? Value(true) : unknown ? Value() : Value(false);
          break;
        case Quantifier::Kind::kNone:
          *out = yes > 0 ? Value(false) : unknown ? Value() : Value(true);
          break;
        case Quantifier::Kind::kSingle:
          *out = yes > 1 ? Value(false) : unknown ? Value() : Value(yes == 1);
          break;
      }
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const Reduce& n) {
    AG_ASSIGN_OR_RETURN(ExprFn init, Compile(*n.init));
    AG_ASSIGN_OR_RETURN(ExprFn list, Compile(*n.list));
    ExprFn body;
    SlotId acc = 0;
    AG_ASSIGN_OR_RETURN(SlotId var, WithVariable(n.variable.name, [&]() -> Status {
                          AG_ASSIGN_OR_RETURN(acc,
                                              WithVariable(n.accumulator.name, [&]() -> Status {
                                                AG_ASSIGN_OR_RETURN(body, Compile(*n.expression));
                                                return Status::OK();
                                              }));
                          return Status::OK();
                        }));
    std::string text = ToString(e);
    return ExprFn([init, list, body, var, acc, text](Row& row, ExecContext& ctx, Value* out) {
      Value l;
      AG_RETURN_IF_ERROR(init(row, ctx, &row[acc]));
      AG_RETURN_IF_ERROR(list(row, ctx, &l));
      if (l.is_null()) {
        *out = Value();
        return Status::OK();
      }
      if (l.kind() != K::kList) return ExprTypeError(text, "expected a list");
      for (const auto& x : l.as_list()) {
        AG_RETURN_IF_ERROR(ctx.Check());
        row[var] = x;
        Value next;
        AG_RETURN_IF_ERROR(body(row, ctx, &next));
        row[acc] = std::move(next);
      }
      *out = row[acc];
      return Status::OK();
    });
  }
  Result<ExprFn> SubqueryExists(const Expr& e) {
    if (!env_.plan_subquery) return Status::Unsupported("subqueries are not available here");
    AG_ASSIGN_OR_RETURN(std::unique_ptr<Operator> plan, env_.plan_subquery(e));
    std::shared_ptr<Operator> shared(std::move(plan));
    return ExprFn([shared](Row& row, ExecContext& ctx, Value* out) {
      AG_RETURN_IF_ERROR(shared->Open(ctx, row));
      Row scratch(row.slots.size());
      scratch = row;
      AG_ASSIGN_OR_RETURN(bool any, shared->Next(ctx, &scratch));
      *out = Value(any);
      return Status::OK();
    });
  }
  Result<ExprFn> CompileNode(const Expr& e, const PatternPredicate&) { return SubqueryExists(e); }
  Result<ExprFn> CompileNode(const Expr& e, const ExistsSubquery&) { return SubqueryExists(e); }
  Result<ExprFn> CompileNode(const Expr& e, const PatternComprehension& n) {
    if (!env_.plan_pattern_comprehension)
      return Status::Unsupported("pattern comprehensions are not available here");
    AG_ASSIGN_OR_RETURN(auto planned, env_.plan_pattern_comprehension(n));
    std::shared_ptr<Operator> plan(std::move(planned.first));
    ExprFn proj = planned.second;
    std::string text = ToString(e);
    return ExprFn([plan, proj, text](Row& row, ExecContext& ctx, Value* out) {
      AG_RETURN_IF_ERROR(plan->Open(ctx, row));
      ValueList items;
      uint64_t bytes = 0;  // what items holds, against the memory limit
      Row r = row;
      while (true) {
        AG_RETURN_IF_ERROR(ctx.Check());
        AG_ASSIGN_OR_RETURN(bool more, plan->Next(ctx, &r));
        if (!more) break;
        Value v;
        AG_RETURN_IF_ERROR(proj(r, ctx, &v));
        bytes += CopyBytes(v);
        AG_RETURN_IF_ERROR(CheckValueSize(ctx.memory_limit(), text, "list", bytes));
        items.push_back(std::move(v));
      }
      *out = Value(std::move(items));
      return Status::OK();
    });
  }

  const ExprEnv& env_;
};

}  // namespace

Result<ExprFn> CompileExpr(const Expr& e, const ExprEnv& env) {
  Compiler c(env);
  auto r = c.Compile(e);
  if (!r.ok()) {
    const std::string& m = r.status().message();
    // Name errors without a position get the expression's position.
    if (m.find("line ") == std::string::npos && m.rfind("type error", 0) != 0)
      return SemanticError(env.text, e.pos, m);
  }
  return r;
}

}  // namespace actorgraph::query