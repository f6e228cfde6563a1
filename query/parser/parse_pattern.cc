// Patterns: (a:L {k: v})-[r:T*1..3]->(b), path variables, shortestPath.
#include <limits>

#include "query/parser/parser_impl.h"

namespace actorgraph::query::internal {

// The pattern functions fill an out-parameter instead of returning a Result:
// patterns nest (through property maps and pattern predicates), and large
// temporaries on each level would cost stack.
Result<std::vector<PathPattern>> Parser::ParsePatternList() {
  std::vector<PathPattern> patterns;
  do {
    AG_RETURN_IF_ERROR(ParsePathPattern(&patterns.emplace_back()));
  } while (Accept(TokenKind::kComma));
  return patterns;
}

Status Parser::ParsePathPattern(PathPattern* p) {
  p->pos = Peek().pos;
  if (AtName() && At(TokenKind::kEq, 1)) {
    AG_ASSIGN_OR_RETURN(p->variable, ParseVariable("a path variable"));
    Next();  // '='
  }
  // The GQL / Kuzu spelling (a)-[:T* SHORTEST 1..8]-(b) (or ALL SHORTEST)
  // means shortestPath(...) (allShortestPaths) around the whole pattern.
  const PathFunction outer_shortest = var_length_shortest_;
  var_length_shortest_ = PathFunction::kNone;
  struct RestoreShortest {
    PathFunction* slot;
    PathFunction value;
    ~RestoreShortest() { *slot = value; }
  } restore{&var_length_shortest_, outer_shortest};
  if (!(AtKeyword("SHORTESTPATH") || AtKeyword("ALLSHORTESTPATHS")) || !At(TokenKind::kLParen, 1)) {
    AG_RETURN_IF_ERROR(ParsePatternChain(p));
    if (var_length_shortest_ != PathFunction::kNone) {
      if (p->rels.size() != 1) {
        return ErrorAt(shortest_pos_,
                       "SHORTEST needs a pattern with exactly one relationship, such as "
                       "(a)-[* SHORTEST 1..5]-(b)");
      }
      p->function = var_length_shortest_;
    }
    return Status::OK();
  }
  const Token& fn = Next();
  const bool all = IsKeyword(fn, "ALLSHORTESTPATHS");
  Next();  // '('
  AG_RETURN_IF_ERROR(ParsePatternChain(p));
  AG_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
  if (var_length_shortest_ != PathFunction::kNone) {
    return ErrorAt(shortest_pos_, "SHORTEST inside " +
                                      std::string(all ? "allShortestPaths" : "shortestPath") +
                                      "(...): write one or the other");
  }
  if (p->rels.size() != 1) {
    return ErrorAt(fn.pos, std::string(all ? "allShortestPaths" : "shortestPath") +
                               " needs a pattern with exactly one relationship, such as "
                               "(a)-[*..5]-(b)");
  }
  p->function = all ? PathFunction::kAllShortestPaths : PathFunction::kShortestPath;
  return Status::OK();
}

Status Parser::ParsePatternChain(PathPattern* p) {
  AG_RETURN_IF_ERROR(ParseNodePattern(&p->nodes.emplace_back()));
  // Greedy on '-' so that "(a)-(b)" gets a message about the arrow.
  while (At(TokenKind::kMinus) || (At(TokenKind::kLt) && At(TokenKind::kMinus, 1))) {
    AG_RETURN_IF_ERROR(ParseRelPattern(&p->rels.emplace_back()));
    AG_RETURN_IF_ERROR(ParseNodePattern(&p->nodes.emplace_back()));
  }
  return Status::OK();
}

namespace {
constexpr std::string_view kMixedLabels =
    "a label expression may not mix ':' and '|'; write (n:A) WHERE n:B OR n:C";
}  // namespace

Status Parser::ParseNodePattern(NodePattern* n) {
  n->pos = Peek().pos;
  AG_RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'(' to start a node pattern"));
  if (AtName()) {
    AG_ASSIGN_OR_RETURN(n->variable, ParseVariable("a variable"));
  }
  if (At(TokenKind::kColon)) {
    AG_ASSIGN_OR_RETURN(n->labels, ParseLabels());
    if (At(TokenKind::kPipe)) {
      // :A|B|:C — any of the labels.
      if (n->labels.size() != 1) return ErrorAt(Peek().pos, kMixedLabels);
      std::vector<Symbol> any = std::move(n->labels);
      n->labels.clear();
      while (Accept(TokenKind::kPipe)) {
        Accept(TokenKind::kColon);
        AG_ASSIGN_OR_RETURN(Symbol label, ParseName("a label name"));
        any.push_back(std::move(label));
      }
      if (At(TokenKind::kColon)) return ErrorAt(Peek().pos, kMixedLabels);
      AG_RETURN_IF_ERROR(AddLabelAlternatives(&n->variable, std::move(any)));
    }
  }
  AG_ASSIGN_OR_RETURN(n->properties, ParsePatternProperties());
  if (AtKeyword("WHERE")) AG_RETURN_IF_ERROR(AddInlineWhere(&n->variable, n->pos));
  return Expect(TokenKind::kRParen, "')'");
}

namespace {
// A name no query can write (variables cannot start with spaces unquoted,
// and RETURN * skips names that start with two).
std::string HiddenName(SourcePos pos) {
  return "  pattern@" + std::to_string(pos.offset);
}
}  // namespace

Status Parser::AddLabelAlternatives(Symbol* variable, std::vector<Symbol> labels) {
  const SourcePos pos = labels.front().pos;
  if (variable->empty()) *variable = Symbol{HiddenName(pos), pos};
  ExprPtr any;
  for (Symbol& label : labels) {
    ExprPtr check = Make(label.pos, LabelCheck{Make(pos, Variable{variable->name}), {label}});
    any =
        any ? Make(pos, Binary{BinaryOp::kOr, std::move(any), std::move(check)}) : std::move(check);
  }
  inline_predicates_.push_back({pos, std::move(any)});
  return Status::OK();
}

Status Parser::AddInlineWhere(Symbol* variable, SourcePos node_pos) {
  const SourcePos pos = Next().pos;  // WHERE
  if (variable->empty()) *variable = Symbol{HiddenName(node_pos), node_pos};
  AG_ASSIGN_OR_RETURN(ExprPtr predicate, ParseExpr());
  inline_predicates_.push_back({pos, std::move(predicate)});
  return Status::OK();
}

ExprPtr Parser::AndPredicates(ExprPtr a, ExprPtr b) const {
  if (!a) return b;
  if (!b) return a;
  const SourcePos pos = a->pos;
  return Make(pos, Binary{BinaryOp::kAnd, std::move(a), std::move(b)});
}

ExprPtr Parser::TakeInlinePredicates(size_t mark) {
  ExprPtr all;
  for (size_t i = mark; i < inline_predicates_.size(); ++i)
    all = AndPredicates(std::move(all), std::move(inline_predicates_[i].predicate));
  inline_predicates_.resize(std::min(mark, inline_predicates_.size()));
  return all;
}

Status Parser::RefuseLeftoverInlinePredicates() const {
  if (inline_predicates_.empty()) return Status::OK();
  return ErrorAt(inline_predicates_.front().pos,
                 "label alternatives (:A|B) and WHERE inside a pattern are allowed in MATCH, "
                 "OPTIONAL MATCH, EXISTS { }, COUNT { } and pattern comprehensions, not here");
}

Status Parser::ParseRelPattern(RelPattern* rel) {
  RelPattern& r = *rel;
  r.pos = Peek().pos;
  const bool left = Accept(TokenKind::kLt);
  AG_RETURN_IF_ERROR(Expect(TokenKind::kMinus, "'-'"));
  if (Accept(TokenKind::kLBracket)) {
    if (AtName()) {
      AG_ASSIGN_OR_RETURN(r.variable, ParseVariable("a variable"));
    }
    if (Accept(TokenKind::kColon)) {
      do {
        Accept(TokenKind::kColon);  // the older spelling :A|:B
        AG_ASSIGN_OR_RETURN(Symbol type, ParseName("a relationship type"));
        r.types.push_back(std::move(type));
      } while (Accept(TokenKind::kPipe));
    }
    if (At(TokenKind::kStar)) AG_RETURN_IF_ERROR(ParseVarLength(&r));
    AG_ASSIGN_OR_RETURN(r.properties, ParsePatternProperties());
    if (AtKeyword("WHERE")) {
      if (r.length)
        return ErrorAt(Peek().pos,
                       "WHERE inside a variable-length relationship is not supported; use "
                       "all(x IN r WHERE …) in the MATCH's WHERE");
      AG_RETURN_IF_ERROR(AddInlineWhere(&r.variable, r.pos));
    }
    AG_RETURN_IF_ERROR(Expect(TokenKind::kRBracket, "']'"));
  } else if (!At(TokenKind::kMinus)) {
    return Unexpected("'[' or '-'");
  }
  AG_RETURN_IF_ERROR(Expect(TokenKind::kMinus, "'-'"));
  const bool right = Accept(TokenKind::kGt);
  r.direction =
      left == right ? RelDirection::kBoth : (left ? RelDirection::kLeft : RelDirection::kRight);
  return Status::OK();
}

Status Parser::ParseVarLength(RelPattern* rel) {
  Next();  // the star
  if (AtKeyword("SHORTEST") || (AtKeyword("ALL") && AtKeyword("SHORTEST", 1))) {
    shortest_pos_ = Peek().pos;
    const bool all = AtKeyword("ALL");
    Next();
    if (all) Next();
    var_length_shortest_ = all ? PathFunction::kAllShortestPaths : PathFunction::kShortestPath;
  }
  auto bound = [&](std::optional<int64_t>* out) -> Status {
    const Token& t = Next();
    if (t.overflow || t.int_value > uint64_t{std::numeric_limits<int64_t>::max()}) {
      return ErrorAt(t.pos, "integer out of range: " + t.text);
    }
    *out = static_cast<int64_t>(t.int_value);
    return Status::OK();
  };
  VarLength len;
  if (At(TokenKind::kInteger)) {
    AG_RETURN_IF_ERROR(bound(&len.min));
    if (Accept(TokenKind::kDotDot)) {
      if (At(TokenKind::kInteger)) AG_RETURN_IF_ERROR(bound(&len.max));
    } else {
      len.max = len.min;
    }
  } else if (Accept(TokenKind::kDotDot)) {
    if (At(TokenKind::kInteger)) AG_RETURN_IF_ERROR(bound(&len.max));
  }
  // A range whose minimum exceeds its maximum (*2..1, *..0) is legal and
  // matches nothing, as openCypher says; the planner plans it so.
  rel->length = len;
  return Status::OK();
}

Result<ExprPtr> Parser::ParsePatternProperties() {
  if (At(TokenKind::kLBrace)) return ParseMapLiteral();
  if (At(TokenKind::kParameter)) {
    const Token& t = Next();
    return Make(t.pos, Parameter{t.text});
  }
  return ExprPtr();
}

bool Parser::AtRelationshipStart(size_t ahead) const {
  if (At(TokenKind::kLt, ahead)) ++ahead;
  return At(TokenKind::kMinus, ahead) &&
         (At(TokenKind::kLBracket, ahead + 1) || At(TokenKind::kMinus, ahead + 1));
}

bool Parser::LooksLikePattern(size_t ahead) const {
  if (!At(TokenKind::kLParen, ahead)) return false;
  // The inside must begin like a node pattern: (), (a), (:L), (a:L), (a {..}), (a $p).
  size_t k = ahead + 1;
  if (AtName(k) && !AtReservedWord(k)) ++k;
  if (!At(TokenKind::kRParen, k) && !At(TokenKind::kColon, k) && !At(TokenKind::kLBrace, k) &&
      !At(TokenKind::kParameter, k)) {
    return false;
  }
  const size_t open = i_ + ahead;
  if (open >= tokens_.size()) return false;
  const size_t close = close_paren_[open];
  if (tokens_[close].kind != TokenKind::kRParen) return false;
  return AtRelationshipStart(close + 1 - i_);
}

}  // namespace actorgraph::query::internal
