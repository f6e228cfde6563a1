#include "query/parser/printer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <type_traits>

#include "query/parser/lexer.h"
#include "query/parser/precedence.h"
#include "query/parser/utf8.h"

namespace actorgraph::query {
namespace {

// Letters, digits, '_' and non-space non-ASCII, not starting with a digit:
// what the lexer reads as one word.
bool IsPlainWord(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      ++i;
      continue;
    }
    uint32_t cp;
    const size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0 || cp < 0x80 || IsUnicodeSpace(cp)) return false;
    i += len;
  }
  return true;
}

std::string Backticked(std::string_view s) {
  std::string out = "`";
  for (char c : s) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + "`";
}

// Labels, types and keys may be reserved words: only odd characters need quoting.
std::string FormatKey(std::string_view name) {
  return IsPlainWord(name) ? std::string(name) : Backticked(name);
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "'";
}

std::string FormatLiteral(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return QuoteString(v.as_string());
    case Value::Kind::kFloat: {
      // The shortest text that reads back as the same double.
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, v.as_float());
      std::string s(buf, r.ptr);
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      return s;
    }
    default:
      return v.ToString();
  }
}

bool IsNegativeNumber(const Literal& l) {
  return (l.value.kind() == Value::Kind::kInt && l.value.as_int() < 0) ||
         (l.value.kind() == Value::Kind::kFloat && std::signbit(l.value.as_float()));
}

// How tightly the printed form of `e` holds together (see precedence.h).
int PrecedenceOf(const Expr& e) {
  if (const auto* b = e.As<Binary>()) return prec::Of(b->op);
  if (e.As<ComparisonChain>()) return prec::kComparison;
  if (e.As<IsNull>()) return prec::kPredicate;
  if (const auto* u = e.As<Unary>()) return u->op == UnaryOp::kNot ? prec::kNot : prec::kUnary;
  if (const auto* l = e.As<Literal>(); l && IsNegativeNumber(*l)) return prec::kUnary;
  return prec::kPostfix;
}

bool IsOperator(const Expr& e) {
  return e.As<Binary>() || e.As<ComparisonChain>() || e.As<IsNull>() || e.As<Unary>() ||
         e.As<LabelCheck>();
}

class Printer {
 public:
  explicit Printer(bool fully_parenthesized) : full_(fully_parenthesized) {}

  std::string out;

  // Prints `e`, in parentheses when it binds looser than `min_precedence`.
  void Print(const Expr& e, int min_precedence = prec::kLowest) {
    const bool parens = full_ ? IsOperator(e) : PrecedenceOf(e) < min_precedence;
    if (parens) out += '(';
    std::visit([this](const auto& node) { Node(node); }, e.node);
    if (parens) out += ')';
  }

  void Node(const Literal& n) { out += FormatLiteral(n.value); }
  void Node(const Parameter& n) {
    const bool digits = n.name.find_first_not_of("0123456789") == std::string::npos;
    out += "$" + (digits || IsPlainWord(n.name) ? n.name : Backticked(n.name));
  }
  void Node(const Variable& n) { out += FormatName(n.name); }
  void Node(const PropertyAccess& n) {
    Print(*n.object, prec::kPostfix);
    out += "." + FormatKey(n.key);
  }
  void Node(const Subscript& n) {
    Print(*n.object, prec::kPostfix);
    out += '[';
    Print(*n.index);
    out += ']';
  }
  void Node(const Slice& n) {
    Print(*n.object, prec::kPostfix);
    out += '[';
    if (n.from) Print(*n.from);
    out += "..";
    if (n.to) Print(*n.to);
    out += ']';
  }
  void Node(const LabelCheck& n) {
    Print(*n.subject, prec::kPostfix);
    Labels(n.labels);
  }
  void Node(const Unary& n) {
    if (n.op == UnaryOp::kNot) {
      out += "NOT ";
      Print(*n.operand, prec::kNot);
    } else {
      out += n.op == UnaryOp::kMinus ? "-" : "+";
      Print(*n.operand, prec::kUnary + 1);  // "-(-x)" rather than "--x"
    }
  }
  void Node(const Binary& n) {
    const int p = prec::Of(n.op);
    // Comparisons do not associate: (a < b) < c must keep its parentheses.
    Print(*n.lhs, IsComparison(n.op) ? p + 1 : p);
    out += n.op == BinaryOp::kPow ? "^" : std::string(" ") + BinaryOpText(n.op) + " ";
    Print(*n.rhs, p + 1);
  }
  void Node(const ComparisonChain& n) {
    for (size_t k = 0; k < n.operands.size(); ++k) {
      if (k > 0) out += std::string(" ") + BinaryOpText(n.ops[k - 1]) + " ";
      Print(*n.operands[k], prec::kComparison + 1);
    }
  }
  void Node(const IsNull& n) {
    Print(*n.operand, prec::kPredicate);
    out += n.negated ? " IS NOT NULL" : " IS NULL";
  }
  void Node(const ListLiteral& n) {
    out += '[';
    List(n.items);
    out += ']';
  }
  void Node(const MapLiteral& n) {
    out += '{';
    for (size_t k = 0; k < n.entries.size(); ++k) {
      if (k > 0) out += ", ";
      out += FormatKey(n.entries[k].key.name) + ": ";
      Print(*n.entries[k].value);
    }
    out += '}';
  }
  void Node(const MapProjection& n) {
    out += FormatName(n.variable.name) + " {";
    for (size_t k = 0; k < n.items.size(); ++k) {
      const MapProjection::Item& item = n.items[k];
      if (k > 0) out += ", ";
      switch (item.kind) {
        case MapProjection::ItemKind::kProperty:
          out += "." + FormatKey(item.key.name);
          break;
        case MapProjection::ItemKind::kAllProperties:
          out += ".*";
          break;
        case MapProjection::ItemKind::kVariable:
          out += FormatName(item.key.name);
          break;
        case MapProjection::ItemKind::kLiteral:
          out += FormatKey(item.key.name) + ": ";
          Print(*item.value);
          break;
      }
    }
    out += '}';
  }
  void Node(const FunctionCall& n) {
    out += n.name + "(";
    if (n.distinct) out += "DISTINCT ";
    List(n.args);
    out += ')';
  }
  void Node(const CountStar&) { out += "count(*)"; }
  void Node(const CaseExpr& n) {
    out += "CASE";
    if (n.subject) {
      out += ' ';
      Print(*n.subject);
    }
    for (const CaseExpr::Alternative& alt : n.alternatives) {
      out += " WHEN ";
      Print(*alt.when);
      out += " THEN ";
      Print(*alt.then);
    }
    if (n.otherwise) {
      out += " ELSE ";
      Print(*n.otherwise);
    }
    out += " END";
  }
  void Node(const ListComprehension& n) {
    out += "[" + FormatName(n.variable.name) + " IN ";
    Print(*n.list);
    Where(n.where);
    if (n.projection) {
      out += " | ";
      Print(*n.projection);
    }
    out += ']';
  }
  void Node(const Quantifier& n) {
    static constexpr const char* kNames[] = {"all", "any", "none", "single"};
    out +=
        std::string(kNames[static_cast<int>(n.kind)]) + "(" + FormatName(n.variable.name) + " IN ";
    Print(*n.list);
    Where(n.where);
    out += ')';
  }
  void Node(const Reduce& n) {
    out += "reduce(" + FormatName(n.accumulator.name) + " = ";
    Print(*n.init);
    out += ", " + FormatName(n.variable.name) + " IN ";
    Print(*n.list);
    out += " | ";
    Print(*n.expression);
    out += ')';
  }
  void Node(const PatternPredicate& n) { Path(n.pattern); }
  void Node(const PatternComprehension& n) {
    out += '[';
    Path(n.pattern);
    Where(n.where);
    out += " | ";
    Print(*n.projection);
    out += ']';
  }
  void Node(const ExistsSubquery& n) {
    out += "EXISTS { ";
    QueryText(*n.body);
    out += " }";
  }

  // ---- patterns

  void Labels(const std::vector<Symbol>& labels) {
    for (const Symbol& l : labels)
      out += ":" + FormatKey(l.name);
  }

  void NodeText(const NodePattern& n) {
    out += "(" + (n.variable.empty() ? "" : FormatName(n.variable.name));
    Labels(n.labels);
    if (n.properties) {
      if (!n.variable.empty() || !n.labels.empty()) out += ' ';
      Print(*n.properties);
    }
    out += ')';
  }

  void RelText(const RelPattern& r) {
    out += r.direction == RelDirection::kLeft ? "<-" : "-";
    const bool detail = !r.variable.empty() || !r.types.empty() || r.length || r.properties;
    if (detail) {
      out += "[" + (r.variable.empty() ? "" : FormatName(r.variable.name));
      for (size_t k = 0; k < r.types.size(); ++k) {
        out += (k == 0 ? ":" : "|") + FormatKey(r.types[k].name);
      }
      if (r.length) {
        const VarLength& len = *r.length;
        out += '*';
        if (len.min && len.max && *len.min == *len.max) {
          out += std::to_string(*len.min);
        } else if (len.min || len.max) {
          if (len.min) out += std::to_string(*len.min);
          out += "..";
          if (len.max) out += std::to_string(*len.max);
        }
      }
      if (r.properties) {
        if (!r.variable.empty() || !r.types.empty() || r.length) out += ' ';
        Print(*r.properties);
      }
      out += ']';
    }
    out += r.direction == RelDirection::kRight ? "->" : "-";
  }

  void Path(const PathPattern& p) {
    if (!p.variable.empty()) out += FormatName(p.variable.name) + " = ";
    if (p.function == PathFunction::kShortestPath) out += "shortestPath(";
    if (p.function == PathFunction::kAllShortestPaths) out += "allShortestPaths(";
    for (size_t k = 0; k < p.nodes.size(); ++k) {
      if (k > 0) RelText(p.rels[k - 1]);
      NodeText(p.nodes[k]);
    }
    if (p.function != PathFunction::kNone) out += ')';
  }

  void Paths(const std::vector<PathPattern>& paths) {
    for (size_t k = 0; k < paths.size(); ++k) {
      if (k > 0) out += ", ";
      Path(paths[k]);
    }
  }

  // ---- clauses

  void List(const std::vector<ExprPtr>& items) {
    for (size_t k = 0; k < items.size(); ++k) {
      if (k > 0) out += ", ";
      Print(*items[k]);
    }
  }

  void Where(const ExprPtr& where) {
    if (!where) return;
    out += " WHERE ";
    Print(*where);
  }

  void ProjectionText(const Projection& p) {
    if (p.distinct) out += "DISTINCT ";
    if (p.star) out += p.items.empty() ? "*" : "*, ";
    for (size_t k = 0; k < p.items.size(); ++k) {
      if (k > 0) out += ", ";
      Print(*p.items[k].expr);
      if (!p.items[k].alias.empty()) out += " AS " + FormatName(p.items[k].alias.name);
    }
    for (size_t k = 0; k < p.order_by.size(); ++k) {
      out += k == 0 ? " ORDER BY " : ", ";
      Print(*p.order_by[k].expr);
      if (p.order_by[k].descending) out += " DESC";
    }
    if (p.skip) {
      out += " SKIP ";
      Print(*p.skip);
    }
    if (p.limit) {
      out += " LIMIT ";
      Print(*p.limit);
    }
  }

  void SetItems(const std::vector<SetItem>& items) {
    for (size_t k = 0; k < items.size(); ++k) {
      const SetItem& s = items[k];
      if (k > 0) out += ", ";
      if (s.kind == SetItem::Kind::kProperty) {
        Print(*s.target);
      } else {
        out += FormatName(s.variable.name);
      }
      switch (s.kind) {
        case SetItem::Kind::kLabels:
          Labels(s.labels);
          continue;
        case SetItem::Kind::kMerge:
          out += " += ";
          break;
        default:
          out += " = ";
          break;
      }
      Print(*s.value);
    }
  }

  void ClauseText(const Clause& c) {
    std::visit([this](const auto& node) { ClauseNode(node); }, c.node);
  }

  void ClauseNode(const MatchClause& m) {
    out += m.optional ? "OPTIONAL MATCH " : "MATCH ";
    Paths(m.patterns);
    Where(m.where);
  }
  void ClauseNode(const UnwindClause& u) {
    out += "UNWIND ";
    Print(*u.list);
    out += " AS " + FormatName(u.variable.name);
  }
  void ClauseNode(const WithClause& w) {
    out += "WITH ";
    ProjectionText(w.projection);
    Where(w.where);
  }
  void ClauseNode(const ReturnClause& r) {
    out += "RETURN ";
    ProjectionText(r.projection);
  }
  void ClauseNode(const CallClause& c) {
    out += "CALL " + c.procedure.name;
    if (c.has_arguments) {
      out += '(';
      List(c.args);
      out += ')';
    }
    if (c.yield_star) out += " YIELD *";
    for (size_t k = 0; k < c.yields.size(); ++k) {
      out += k == 0 ? " YIELD " : ", ";
      out += FormatKey(c.yields[k].field.name);
      if (!c.yields[k].alias.empty()) out += " AS " + FormatName(c.yields[k].alias.name);
    }
    Where(c.where);
  }
  void ClauseNode(const CallSubqueryClause& c) {
    out += "CALL { ";
    QueryText(*c.body);
    out += " }";
  }
  void ClauseNode(const CreateClause& c) {
    out += "CREATE ";
    Paths(c.patterns);
  }
  void ClauseNode(const MergeClause& m) {
    out += "MERGE ";
    Path(m.pattern);
    if (!m.on_create.empty()) {
      out += " ON CREATE SET ";
      SetItems(m.on_create);
    }
    if (!m.on_match.empty()) {
      out += " ON MATCH SET ";
      SetItems(m.on_match);
    }
  }
  void ClauseNode(const SetClause& s) {
    out += "SET ";
    SetItems(s.items);
  }
  void ClauseNode(const RemoveClause& r) {
    out += "REMOVE ";
    for (size_t k = 0; k < r.items.size(); ++k) {
      if (k > 0) out += ", ";
      if (r.items[k].kind == RemoveItem::Kind::kProperty) {
        Print(*r.items[k].target);
      } else {
        out += FormatName(r.items[k].variable.name);
        Labels(r.items[k].labels);
      }
    }
  }
  void ClauseNode(const DeleteClause& d) {
    out += d.detach ? "DETACH DELETE " : "DELETE ";
    List(d.targets);
  }

  void QueryText(const Query& q) {
    for (size_t k = 0; k < q.parts.size(); ++k) {
      if (k > 0) out += q.union_all ? " UNION ALL " : " UNION ";
      const std::vector<Clause>& clauses = q.parts[k].clauses;
      for (size_t c = 0; c < clauses.size(); ++c) {
        if (c > 0) out += ' ';
        ClauseText(clauses[c]);
      }
    }
  }

 private:
  bool full_;
};

}  // namespace

std::string FormatName(std::string_view name) {
  return IsPlainWord(name) && !IsReservedWord(name) ? std::string(name) : Backticked(name);
}

std::string ToString(const Expr& e) {
  Printer p(false);
  p.Print(e);
  return std::move(p.out);
}

std::string ToStringFullyParenthesized(const Expr& e) {
  Printer p(true);
  p.Print(e);
  return std::move(p.out);
}

std::string ToString(const PathPattern& path) {
  Printer p(false);
  p.Path(path);
  return std::move(p.out);
}

std::string ToString(const Clause& c) {
  Printer p(false);
  p.ClauseText(c);
  return std::move(p.out);
}

std::string ToString(const Query& q) {
  Printer p(false);
  p.QueryText(q);
  return std::move(p.out);
}

std::string DebugString(const Statement& s) {
  Printer p(false);
  if (s.mode == Statement::Mode::kExplain) p.out += "EXPLAIN ";
  if (s.mode == Statement::Mode::kProfile) p.out += "PROFILE ";
  if (const auto& vt = s.options.valid_time) {
    p.out += "FOR VALID_TIME ";
    if (vt->as_of) {
      p.out += "AS OF ";
      p.Print(*vt->as_of);
    } else {
      p.out += "FROM ";
      p.Print(*vt->from);
      p.out += " TO ";
      p.Print(*vt->to);
    }
    p.out += ' ';
  }
  if (const auto& st = s.options.system_time) {
    p.out += "FOR SYSTEM_TIME AS OF ";
    p.Print(*st->as_of);
    p.out += ' ';
  }
  if (s.options.min_grade) p.out += "WITH MIN GRADE '" + s.options.min_grade->code + "' ";
  p.QueryText(s.query);
  return std::move(p.out);
}

}  // namespace actorgraph::query
