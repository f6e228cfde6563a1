// Expressions: a Pratt parser. ParseExpr(min) parses a prefix form, then keeps
// applying infix and postfix operators that bind tighter than `min`; binding
// powers are in precedence.h.
#include <limits>
#include <optional>

#include "query/parser/parser_impl.h"
#include "query/parser/precedence.h"

namespace actorgraph::query::internal {
namespace {

enum class Infix : uint8_t {
  kNone,
  kBinary,         // lhs op rhs, left-associative
  kComparison,     // = <> < <= > >=, collected into a chain
  kIsNull,         // IS [NOT] NULL
  kProperty,       // .key
  kSubscript,      // [i] or [a..b]
  kLabel,          // :Label
  kMapProjection,  // variable {.key, ...}
};

struct InfixOp {
  Infix kind = Infix::kNone;
  int power = 0;
  BinaryOp op = BinaryOp::kOr;
};

std::optional<BinaryOp> ComparisonAt(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEq:
      return BinaryOp::kEq;
    case TokenKind::kNeq:
      return BinaryOp::kNe;
    case TokenKind::kLt:
      return BinaryOp::kLt;
    case TokenKind::kLe:
      return BinaryOp::kLe;
    case TokenKind::kGt:
      return BinaryOp::kGt;
    case TokenKind::kGe:
      return BinaryOp::kGe;
    default:
      return std::nullopt;
  }
}

InfixOp PeekInfix(const Parser& p, const Expr& lhs) {
  const Token& t = p.Peek();
  auto binary = [](BinaryOp op) { return InfixOp{Infix::kBinary, prec::Of(op), op}; };
  if (ComparisonAt(t)) return InfixOp{Infix::kComparison, prec::kComparison};
  switch (t.kind) {
    case TokenKind::kRegexMatch:
      return binary(BinaryOp::kRegexMatch);
    case TokenKind::kPlus:
      return binary(BinaryOp::kAdd);
    case TokenKind::kMinus:
      return binary(BinaryOp::kSub);
    case TokenKind::kStar:
      return binary(BinaryOp::kMul);
    case TokenKind::kSlash:
      return binary(BinaryOp::kDiv);
    case TokenKind::kPercent:
      return binary(BinaryOp::kMod);
    case TokenKind::kCaret:
      return binary(BinaryOp::kPow);
    case TokenKind::kDot:
      return InfixOp{Infix::kProperty, prec::kPostfix};
    case TokenKind::kLBracket:
      return InfixOp{Infix::kSubscript, prec::kPostfix};
    case TokenKind::kColon:
      return InfixOp{Infix::kLabel, prec::kPostfix};
    case TokenKind::kLBrace:
      // Only a variable can be projected; elsewhere '{' ends the expression.
      if (lhs.As<Variable>()) return InfixOp{Infix::kMapProjection, prec::kPostfix};
      return {};
    case TokenKind::kIdent:
      break;
    default:
      return {};
  }
  if (IsKeyword(t, "OR")) return binary(BinaryOp::kOr);
  if (IsKeyword(t, "XOR")) return binary(BinaryOp::kXor);
  if (IsKeyword(t, "AND")) return binary(BinaryOp::kAnd);
  if (IsKeyword(t, "IN")) return binary(BinaryOp::kIn);
  if (IsKeyword(t, "STARTS")) return binary(BinaryOp::kStartsWith);
  if (IsKeyword(t, "ENDS")) return binary(BinaryOp::kEndsWith);
  if (IsKeyword(t, "CONTAINS")) return binary(BinaryOp::kContains);
  if (IsKeyword(t, "IS")) return InfixOp{Infix::kIsNull, prec::kPredicate};
  return {};
}

}  // namespace

Result<ExprPtr> Parser::ParseExpr(int min_power) {
  DepthScope depth(this);
  AG_RETURN_IF_ERROR(depth.Enter());
  AG_ASSIGN_OR_RETURN(ExprPtr lhs, ParsePrefix());
  while (true) {
    const InfixOp op = PeekInfix(*this, *lhs);
    if (op.kind == Infix::kNone || op.power <= min_power) break;
    // Every application deepens the tree, even in a flat "1+1+...+1".
    AG_RETURN_IF_ERROR(depth.Enter());
    const SourcePos pos = lhs->pos;
    switch (op.kind) {
      case Infix::kNone:
        break;
      case Infix::kBinary: {
        Next();
        if (op.op == BinaryOp::kStartsWith || op.op == BinaryOp::kEndsWith) {
          AG_RETURN_IF_ERROR(ExpectKeyword("WITH"));
        }
        AG_ASSIGN_OR_RETURN(ExprPtr rhs, ParseExpr(op.power));
        lhs = Make(pos, Binary{op.op, std::move(lhs), std::move(rhs)});
        break;
      }
      case Infix::kComparison: {
        AG_ASSIGN_OR_RETURN(lhs, ParseComparisonChain(std::move(lhs)));
        break;
      }
      case Infix::kIsNull: {
        Next();
        const bool negated = AcceptKeyword("NOT");
        AG_RETURN_IF_ERROR(ExpectKeyword("NULL"));
        lhs = Make(pos, IsNull{std::move(lhs), negated});
        break;
      }
      case Infix::kProperty: {
        Next();
        AG_ASSIGN_OR_RETURN(Symbol key, ParseName("a property name"));
        lhs = Make(pos, PropertyAccess{std::move(lhs), std::move(key.name)});
        break;
      }
      case Infix::kSubscript: {
        AG_ASSIGN_OR_RETURN(lhs, ParseSubscript(std::move(lhs)));
        break;
      }
      case Infix::kLabel: {
        AG_ASSIGN_OR_RETURN(std::vector<Symbol> labels, ParseLabels());
        lhs = Make(pos, LabelCheck{std::move(lhs), std::move(labels)});
        break;
      }
      case Infix::kMapProjection: {
        AG_ASSIGN_OR_RETURN(lhs, ParseMapProjection(std::move(lhs)));
        break;
      }
    }
  }
  return lhs;
}

[[gnu::noinline]] Result<ExprPtr> Parser::ParseComparisonChain(ExprPtr first) {
  const SourcePos pos = first->pos;
  std::vector<ExprPtr> operands;
  std::vector<BinaryOp> ops;
  operands.push_back(std::move(first));
  while (std::optional<BinaryOp> op = ComparisonAt(Peek())) {
    Next();
    AG_ASSIGN_OR_RETURN(ExprPtr rhs, ParseExpr(prec::kComparison));
    ops.push_back(*op);
    operands.push_back(std::move(rhs));
  }
  if (ops.size() == 1) {
    return Make(pos, Binary{ops[0], std::move(operands[0]), std::move(operands[1])});
  }
  return Make(pos, ComparisonChain{std::move(operands), std::move(ops)});
}

Result<ExprPtr> Parser::ParsePrefix() {
  const Token& t = Peek();
  const SourcePos pos = t.pos;
  switch (t.kind) {
    case TokenKind::kInteger:
    case TokenKind::kFloat:
      return ParseNumber(/*negate=*/false, pos);
    case TokenKind::kString: {
      Next();
      return Make(pos, Literal{Value(t.text)});
    }
    case TokenKind::kParameter: {
      Next();
      return Make(pos, Parameter{t.text});
    }
    case TokenKind::kLParen: {
      if (LooksLikePattern(0)) return ParsePatternPredicate();
      Next();
      AG_ASSIGN_OR_RETURN(ExprPtr inner, ParseExpr());
      AG_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
      return inner;
    }
    case TokenKind::kLBracket:
      return ParseBracket();
    case TokenKind::kLBrace:
      return ParseMapLiteral();
    case TokenKind::kMinus:
    case TokenKind::kPlus: {
      const bool minus = t.kind == TokenKind::kMinus;
      Next();
      // Fold "-literal" so that -9223372036854775808 is in range.
      if (minus && (At(TokenKind::kInteger) || At(TokenKind::kFloat)) && !At(TokenKind::kDot, 1) &&
          !At(TokenKind::kLBracket, 1)) {
        return ParseNumber(/*negate=*/true, pos);
      }
      AG_ASSIGN_OR_RETURN(ExprPtr operand, ParseExpr(prec::kUnary));
      return Make(pos, Unary{minus ? UnaryOp::kMinus : UnaryOp::kPlus, std::move(operand)});
    }
    case TokenKind::kIdent:
      return ParseWordPrefix();
    case TokenKind::kQuotedIdent: {
      if (At(TokenKind::kLParen, 1)) return ParseFunctionCall();
      Next();
      return Make(pos, Variable{t.text});
    }
    default:
      return Unexpected("an expression");
  }
}

// Kept out of ParsePrefix so that its large locals stay off the stack of
// every nested expression.
[[gnu::noinline]] Result<ExprPtr> Parser::ParsePatternPredicate() {
  DepthScope depth(this);
  AG_RETURN_IF_ERROR(depth.Enter(kPatternDepth));
  const SourcePos pos = Peek().pos;
  PatternPredicate p;
  AG_RETURN_IF_ERROR(ParsePathPattern(&p.pattern));
  return Make(pos, std::move(p));
}

Result<ExprPtr> Parser::ParseNumber(bool negate, SourcePos pos) {
  const Token& t = Next();
  if (t.kind == TokenKind::kFloat)
    return Make(pos, Literal{Value(negate ? -t.float_value : t.float_value)});
  const uint64_t limit = uint64_t{std::numeric_limits<int64_t>::max()} + (negate ? 1 : 0);
  if (t.overflow || t.int_value > limit) {
    return ErrorAt(pos, "integer out of range: " + std::string(negate ? "-" : "") + t.text);
  }
  // Negating in unsigned arithmetic keeps -2^63 defined.
  const auto v = static_cast<int64_t>(negate ? 0 - t.int_value : t.int_value);
  return Make(pos, Literal{Value(v)});
}

Result<ExprPtr> Parser::ParseWordPrefix() {
  const Token& t = Peek();
  const SourcePos pos = t.pos;
  if (IsKeyword(t, "NOT")) {
    Next();
    AG_ASSIGN_OR_RETURN(ExprPtr operand, ParseExpr(prec::kNot));
    return Make(pos, Unary{UnaryOp::kNot, std::move(operand)});
  }
  if (IsKeyword(t, "TRUE") || IsKeyword(t, "FALSE")) {
    Next();
    return Make(pos, Literal{Value(IsKeyword(t, "TRUE"))});
  }
  if (IsKeyword(t, "NULL")) {
    Next();
    return Make(pos, Literal{Value()});
  }
  if (IsKeyword(t, "CASE")) return ParseCase();
  if (IsKeyword(t, "EXISTS") && At(TokenKind::kLBrace, 1)) return ParseExists();
  if (IsKeyword(t, "COUNT") && At(TokenKind::kLBrace, 1)) return ParseCountSubquery();
  const bool call = At(TokenKind::kLParen, 1);
  if (call && AtName(2) && AtKeyword("IN", 3) &&
      (IsKeyword(t, "ALL") || IsKeyword(t, "ANY") || IsKeyword(t, "NONE") ||
       IsKeyword(t, "SINGLE"))) {
    return ParseQuantifier();
  }
  if (call && IsKeyword(t, "REDUCE") && AtName(2) && At(TokenKind::kEq, 3)) return ParseReduce();
  if (call && IsKeyword(t, "COUNT") && At(TokenKind::kStar, 2) && At(TokenKind::kRParen, 3)) {
    Next(), Next(), Next(), Next();
    return Make(pos, CountStar{});
  }
  if (call && At(TokenKind::kLParen, 2) &&
      (IsKeyword(t, "SHORTESTPATH") || IsKeyword(t, "ALLSHORTESTPATHS"))) {
    return ParsePatternPredicate();
  }
  size_t k = 1;  // a namespaced name: a.b.f(
  while (At(TokenKind::kDot, k) && AtName(k + 1))
    k += 2;
  const bool reserved = AtReservedWord();
  if (At(TokenKind::kLParen, k) && (!reserved || IsKeyword(t, "EXISTS") || IsKeyword(t, "ALL"))) {
    return ParseFunctionCall();
  }
  if (reserved) return Unexpected("an expression");
  Next();
  return Make(pos, Variable{t.text});
}

Result<ExprPtr> Parser::ParseFunctionCall() {
  const SourcePos pos = Peek().pos;
  FunctionCall f;
  f.name = Next().text;
  while (Accept(TokenKind::kDot)) {
    AG_ASSIGN_OR_RETURN(Symbol part, ParseName("a function name"));
    f.name += "." + part.name;
  }
  AG_RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
  f.distinct = AcceptKeyword("DISTINCT");
  if (f.distinct || !Accept(TokenKind::kRParen)) {
    do {
      AG_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      f.args.push_back(std::move(arg));
    } while (Accept(TokenKind::kComma));
    AG_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "',' or ')'"));
  }
  return Make(pos, std::move(f));
}

Result<ExprPtr> Parser::ParseBracket() {
  if (AtName(1) && !AtReservedWord(1) && AtKeyword("IN", 2)) return ParseListComprehension();
  if ((AtName(1) && At(TokenKind::kEq, 2) && LooksLikePattern(3)) || LooksLikePattern(1)) {
    return ParsePatternComprehension();
  }
  const SourcePos pos = Next().pos;
  ListLiteral l;
  if (!Accept(TokenKind::kRBracket)) {
    do {
      AG_ASSIGN_OR_RETURN(ExprPtr item, ParseExpr());
      l.items.push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
    AG_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "',' or ']'"));
  }
  return Make(pos, std::move(l));
}

// [x IN list WHERE p | e]
[[gnu::noinline]] Result<ExprPtr> Parser::ParseListComprehension() {
  const SourcePos pos = Next().pos;
  ListComprehension c;
  AG_ASSIGN_OR_RETURN(c.variable, ParseVariable("a variable"));
  Next();  // IN
  AG_ASSIGN_OR_RETURN(c.list, ParseExpr());
  AG_ASSIGN_OR_RETURN(c.where, ParseWhere());
  if (Accept(TokenKind::kPipe)) {
    AG_ASSIGN_OR_RETURN(c.projection, ParseExpr());
  }
  AG_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
  return Make(pos, std::move(c));
}

// [p = (a)-->(b) WHERE p | e]
[[gnu::noinline]] Result<ExprPtr> Parser::ParsePatternComprehension() {
  DepthScope depth(this);
  AG_RETURN_IF_ERROR(depth.Enter(kPatternDepth));
  const SourcePos pos = Next().pos;
  PatternComprehension c;
  const size_t mark = inline_predicates_.size();
  AG_RETURN_IF_ERROR(ParsePathPattern(&c.pattern));
  ExprPtr inline_where = TakeInlinePredicates(mark);
  AG_ASSIGN_OR_RETURN(c.where, ParseWhere());
  c.where = AndPredicates(std::move(inline_where), std::move(c.where));
  AG_RETURN_IF_ERROR(Expect(TokenKind::kPipe, "'|'"));
  AG_ASSIGN_OR_RETURN(c.projection, ParseExpr());
  AG_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
  return Make(pos, std::move(c));
}

Result<ExprPtr> Parser::ParseMapLiteral() {
  const SourcePos pos = Peek().pos;
  AG_RETURN_IF_ERROR(Expect(TokenKind::kLBrace, "'{'"));
  MapLiteral m;
  if (!Accept(TokenKind::kRBrace)) {
    do {
      MapEntry e;
      AG_ASSIGN_OR_RETURN(e.key, ParseName("a map key"));
      AG_RETURN_IF_ERROR(Expect(TokenKind::kColon, "':'"));
      AG_ASSIGN_OR_RETURN(e.value, ParseExpr());
      m.entries.push_back(std::move(e));
    } while (Accept(TokenKind::kComma));
    AG_RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "',' or '}'"));
  }
  return Make(pos, std::move(m));
}

[[gnu::noinline]] Result<ExprPtr> Parser::ParseMapProjection(ExprPtr variable) {
  const SourcePos pos = variable->pos;
  MapProjection m;
  m.variable = Symbol{variable->As<Variable>()->name, pos};
  Next();  // '{'
  if (!Accept(TokenKind::kRBrace)) {
    do {
      MapProjection::Item item{MapProjection::ItemKind::kProperty, {}, nullptr};
      if (Accept(TokenKind::kDot)) {
        if (At(TokenKind::kStar)) {
          item.kind = MapProjection::ItemKind::kAllProperties;
          item.key.pos = Next().pos;
        } else {
          AG_ASSIGN_OR_RETURN(item.key, ParseName("a property name or '*'"));
        }
      } else {
        AG_ASSIGN_OR_RETURN(item.key, ParseName("'.property', 'key: value' or a variable"));
        if (Accept(TokenKind::kColon)) {
          item.kind = MapProjection::ItemKind::kLiteral;
          AG_ASSIGN_OR_RETURN(item.value, ParseExpr());
        } else {
          item.kind = MapProjection::ItemKind::kVariable;
        }
      }
      m.items.push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
    AG_RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "',' or '}'"));
  }
  return Make(pos, std::move(m));
}

Result<ExprPtr> Parser::ParseCase() {
  const SourcePos pos = Next().pos;
  CaseExpr c;
  if (!AtKeyword("WHEN")) {
    AG_ASSIGN_OR_RETURN(c.subject, ParseExpr());
  }
  while (AcceptKeyword("WHEN")) {
    CaseExpr::Alternative alt;
    AG_ASSIGN_OR_RETURN(alt.when, ParseExpr());
    AG_RETURN_IF_ERROR(ExpectKeyword("THEN"));
    AG_ASSIGN_OR_RETURN(alt.then, ParseExpr());
    c.alternatives.push_back(std::move(alt));
  }
  if (c.alternatives.empty()) return Unexpected("WHEN");
  if (AcceptKeyword("ELSE")) {
    AG_ASSIGN_OR_RETURN(c.otherwise, ParseExpr());
  }
  if (!AcceptKeyword("END")) return Unexpected(c.otherwise ? "END" : "WHEN, ELSE or END");
  return Make(pos, std::move(c));
}

Result<ExprPtr> Parser::ParseQuantifier() {
  const Token& name = Next();
  const SourcePos pos = name.pos;
  Quantifier q;
  q.kind = IsKeyword(name, "ALL")    ? Quantifier::Kind::kAll
           : IsKeyword(name, "ANY")  ? Quantifier::Kind::kAny
           : IsKeyword(name, "NONE") ? Quantifier::Kind::kNone
                                     : Quantifier::Kind::kSingle;
  Next();  // '('
  AG_ASSIGN_OR_RETURN(q.variable, ParseVariable("a variable"));
  Next();  // IN
  AG_ASSIGN_OR_RETURN(q.list, ParseExpr());
  AG_ASSIGN_OR_RETURN(q.where, ParseWhere());
  AG_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "WHERE or ')'"));
  return Make(pos, std::move(q));
}

Result<ExprPtr> Parser::ParseReduce() {
  const SourcePos pos = Next().pos;
  Next();  // '('
  Reduce r;
  AG_ASSIGN_OR_RETURN(r.accumulator, ParseVariable("an accumulator variable"));
  Next();  // '='
  AG_ASSIGN_OR_RETURN(r.init, ParseExpr());
  AG_RETURN_IF_ERROR(Expect(TokenKind::kComma, "','"));
  AG_ASSIGN_OR_RETURN(r.variable, ParseVariable("a variable"));
  AG_RETURN_IF_ERROR(ExpectKeyword("IN"));
  AG_ASSIGN_OR_RETURN(r.list, ParseExpr());
  AG_RETURN_IF_ERROR(Expect(TokenKind::kPipe, "'|'"));
  AG_ASSIGN_OR_RETURN(r.expression, ParseExpr());
  AG_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
  return Make(pos, std::move(r));
}

Result<ExprPtr> Parser::ParseExists() {
  DepthScope depth(this);
  AG_RETURN_IF_ERROR(depth.Enter(kSubqueryDepth));
  const SourcePos pos = Next().pos;
  Next();  // '{'
  auto body = std::make_unique<Query>();
  body->pos = Peek().pos;
  if (At(TokenKind::kLParen) || (AtName() && At(TokenKind::kEq, 1))) {
    // The short form: patterns and an optional WHERE.
    MatchClause m;
    const size_t mark = inline_predicates_.size();
    AG_ASSIGN_OR_RETURN(m.patterns, ParsePatternList());
    ExprPtr inline_where = TakeInlinePredicates(mark);
    AG_ASSIGN_OR_RETURN(m.where, ParseWhere());
    m.where = AndPredicates(std::move(inline_where), std::move(m.where));
    SingleQuery sq;
    sq.pos = body->pos;
    sq.clauses.push_back(Clause{body->pos, std::move(m)});
    body->parts.push_back(std::move(sq));
  } else {
    AG_ASSIGN_OR_RETURN(*body, ParseQuery(/*top_level=*/false));
  }
  AG_RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "'}'"));
  return Make(pos, ExistsSubquery{std::move(body)});
}

// COUNT { (a)-->(b) WHERE p } and COUNT { MATCH (a)-->(b) WHERE p }: the
// number of matches of one pattern, which is size([(a)-->(b) WHERE p | 1]).
// A body with several patterns or clauses (WITH, RETURN) is not supported.
Result<ExprPtr> Parser::ParseCountSubquery() {
  DepthScope depth(this);
  AG_RETURN_IF_ERROR(depth.Enter(kSubqueryDepth));
  const SourcePos pos = Next().pos;
  Next();  // '{'
  AcceptKeyword("MATCH");
  PatternComprehension c;
  const size_t mark = inline_predicates_.size();
  AG_RETURN_IF_ERROR(ParsePathPattern(&c.pattern));
  ExprPtr inline_where = TakeInlinePredicates(mark);
  if (At(TokenKind::kComma))
    return ErrorAt(Peek().pos,
                   "COUNT { } with several patterns is not supported; count one "
                   "pattern and filter with WHERE");
  AG_ASSIGN_OR_RETURN(c.where, ParseWhere());
  c.where = AndPredicates(std::move(inline_where), std::move(c.where));
  if (!At(TokenKind::kRBrace))
    return Unexpected(
        "'}' (COUNT { } takes one pattern and an optional WHERE; clauses such as "
        "WITH and RETURN inside it are not supported)");
  Next();
  c.projection = Make(pos, Literal{Value(int64_t{1})});
  FunctionCall size;
  size.name = "size";
  size.args.push_back(Make(pos, std::move(c)));
  return Make(pos, std::move(size));
}

[[gnu::noinline]] Result<ExprPtr> Parser::ParseSubscript(ExprPtr object) {
  const SourcePos pos = object->pos;
  Next();  // '['
  ExprPtr from;
  if (!At(TokenKind::kDotDot)) {
    AG_ASSIGN_OR_RETURN(from, ParseExpr());
    if (!At(TokenKind::kDotDot)) {
      AG_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "'..' or ']'"));
      return Make(pos, Subscript{std::move(object), std::move(from)});
    }
  }
  Next();  // '..'
  ExprPtr to;
  if (!At(TokenKind::kRBracket)) {
    AG_ASSIGN_OR_RETURN(to, ParseExpr());
  }
  AG_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
  return Make(pos, Slice{std::move(object), std::move(from), std::move(to)});
}

Result<std::vector<Symbol>> Parser::ParseLabels() {
  std::vector<Symbol> labels;
  while (Accept(TokenKind::kColon)) {
    AG_ASSIGN_OR_RETURN(Symbol label, ParseName("a label name"));
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace actorgraph::query::internal
