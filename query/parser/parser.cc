// Statements, query options and clauses. Patterns are in parse_pattern.cc,
// expressions in parse_expression.cc.
#include "query/parser/parser.h"

#include <algorithm>
#include <iterator>

#include "common/ascii.h"
#include "query/parser/parser_impl.h"
#include "query/parser/precedence.h"
#include "query/parser/syntax_error.h"

namespace actorgraph::query {
namespace internal {
namespace {

constexpr std::string_view kClauseExpected = "a clause such as MATCH, CREATE or RETURN";

bool IsUpdatingClause(const Clause& c) {
  return c.As<CreateClause>() || c.As<MergeClause>() || c.As<SetClause>() || c.As<RemoveClause>() ||
         c.As<DeleteClause>();
}
bool IsReadingClause(const Clause& c) {
  return c.As<MatchClause>() || c.As<UnwindClause>() || c.As<CallClause>();
}

const char* ClauseName(const Clause& c) {
  static constexpr const char* kNames[] = {"MATCH", "UNWIND", "WITH",   "RETURN", "CALL", "CREATE",
                                           "MERGE", "SET",    "REMOVE", "DELETE", "CALL"};
  static_assert(std::size(kNames) == std::variant_size_v<ClauseNode>);
  if (const auto* m = c.As<MatchClause>(); m && m->optional) return "OPTIONAL MATCH";
  return kNames[c.node.index()];
}

}  // namespace

Parser::Parser(std::string_view text, const ParseOptions& options)
    : text_(text), options_(options), tokens_(Lex(text)) {
  // Match parentheses once so that telling a pattern from a parenthesized
  // expression is a constant-time look-ahead.
  close_paren_.assign(tokens_.size(), tokens_.size() - 1);
  std::vector<size_t> open;
  for (size_t k = 0; k < tokens_.size(); ++k) {
    if (tokens_[k].kind == TokenKind::kLParen) {
      open.push_back(k);
    } else if (tokens_[k].kind == TokenKind::kRParen && !open.empty()) {
      close_paren_[open.back()] = k;
      open.pop_back();
    }
  }
}

// ------------------------------------------------------------------ tokens

const Token& Parser::Peek(size_t ahead) const {
  return tokens_[std::min(i_ + ahead, tokens_.size() - 1)];
}

const Token& Parser::Next() {
  const Token& t = tokens_[i_];
  if (i_ + 1 < tokens_.size()) {
    ++i_;
    prev_end_ = t.pos.offset + t.length;
  }
  return t;
}

bool Parser::Accept(TokenKind kind) {
  if (!At(kind)) return false;
  Next();
  return true;
}

bool Parser::AcceptKeyword(std::string_view upper) {
  if (!AtKeyword(upper)) return false;
  Next();
  return true;
}

Status Parser::Expect(TokenKind kind, std::string_view what) {
  if (Accept(kind)) return Status::OK();
  return Unexpected(what);
}

Status Parser::ExpectKeyword(std::string_view upper) {
  if (AcceptKeyword(upper)) return Status::OK();
  return Unexpected(upper);
}

Status Parser::Unexpected(std::string_view what) const {
  const Token& t = Peek();
  // A lexical error is reported as itself, not as an unexpected token.
  if (t.kind == TokenKind::kError) return ErrorAt(t.pos, t.text);
  return ErrorAt(t.pos, "expected " + std::string(what) + " but found " + DescribeToken(t));
}

Status Parser::ErrorAt(SourcePos pos, std::string_view message) const {
  return SyntaxError(text_, pos, message);
}

Status Parser::Enter(int levels) {
  if (depth_ + levels > options_.max_depth) {
    return ErrorAt(Peek().pos, "query nested too deeply (the limit is " +
                                   std::to_string(options_.max_depth) + " levels)");
  }
  depth_ += levels;
  return Status::OK();
}

bool Parser::AtReservedWord(size_t ahead) const {
  return At(TokenKind::kIdent, ahead) && IsReservedWord(Peek(ahead).text);
}

Result<Symbol> Parser::ParseName(std::string_view what) {
  if (!AtName()) return Unexpected(what);
  const Token& t = Next();
  return Symbol{t.text, t.pos};
}

Result<Symbol> Parser::ParseVariable(std::string_view what) {
  if (AtReservedWord()) {
    const Token& t = Peek();
    return ErrorAt(t.pos, "expected " + std::string(what) + " but found reserved word '" + t.text +
                              "' (write `" + t.text + "` to use it as a name)");
  }
  return ParseName(what);
}

// --------------------------------------------------------------- statements

Result<std::unique_ptr<Statement>> Parser::ParseStatement() {
  auto stmt = std::make_unique<Statement>();
  if (AcceptKeyword("EXPLAIN")) {
    stmt->mode = Statement::Mode::kExplain;
  } else if (AcceptKeyword("PROFILE")) {
    stmt->mode = Statement::Mode::kProfile;
  }
  AG_RETURN_IF_ERROR(ParseQueryOptions(&stmt->options));
  AG_ASSIGN_OR_RETURN(stmt->query, ParseQuery(/*top_level=*/true));
  AG_RETURN_IF_ERROR(RefuseLeftoverInlinePredicates());
  Accept(TokenKind::kSemicolon);
  if (!At(TokenKind::kEnd)) return Unexpected("end of input after ';'");
  return stmt;
}

Result<ExprPtr> Parser::ParseLoneExpression() {
  AG_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
  if (!At(TokenKind::kEnd)) return Unexpected("an operator or end of input");
  return e;
}

Status Parser::ParseQueryOptions(QueryOptions* options) {
  while (true) {
    const SourcePos pos = Peek().pos;
    if (AtKeyword("FOR")) {
      Next();
      if (AcceptKeyword("VALID_TIME")) {
        if (options->valid_time) return ErrorAt(pos, "FOR VALID_TIME given more than once");
        ValidTimeOption vt{pos, nullptr, nullptr, nullptr};
        if (AcceptKeyword("AS")) {
          AG_RETURN_IF_ERROR(ExpectKeyword("OF"));
          AG_ASSIGN_OR_RETURN(vt.as_of, ParseExpr());
        } else if (AcceptKeyword("FROM")) {
          AG_ASSIGN_OR_RETURN(vt.from, ParseExpr());
          AG_RETURN_IF_ERROR(ExpectKeyword("TO"));
          AG_ASSIGN_OR_RETURN(vt.to, ParseExpr());
        } else {
          return Unexpected("AS OF or FROM");
        }
        options->valid_time = std::move(vt);
      } else if (AcceptKeyword("SYSTEM_TIME")) {
        if (options->system_time) return ErrorAt(pos, "FOR SYSTEM_TIME given more than once");
        AG_RETURN_IF_ERROR(ExpectKeyword("AS"));
        AG_RETURN_IF_ERROR(ExpectKeyword("OF"));
        AG_ASSIGN_OR_RETURN(ExprPtr as_of, ParseExpr());
        options->system_time = SystemTimeOption{pos, std::move(as_of)};
      } else {
        return Unexpected("VALID_TIME or SYSTEM_TIME");
      }
    } else if (AtKeyword("WITH") && AtKeyword("MIN", 1) && AtKeyword("GRADE", 2)) {
      // Told apart from a WITH clause by MIN GRADE: "WITH min grade" is no valid projection.
      Next(), Next(), Next();
      if (options->min_grade) return ErrorAt(pos, "WITH MIN GRADE given more than once");
      if (!At(TokenKind::kString)) return Unexpected("a grade such as 'B2'");
      const Token& t = Next();
      std::string code = t.text;
      if (code.size() == 2) code[0] = UpperAsciiChar(code[0]);
      if (code.size() != 2 || code[0] < 'A' || code[0] > 'F' || code[1] < '1' || code[1] > '6') {
        return ErrorAt(t.pos, "invalid grade '" + t.text +
                                  "': expected a source reliability A-F followed by an "
                                  "information credibility 1-6, e.g. 'B2'");
      }
      options->min_grade = MinGradeOption{pos, std::move(code)};
    } else {
      return Status::OK();
    }
  }
}

Result<Query> Parser::ParseQuery(bool top_level) {
  Query q;
  q.pos = Peek().pos;
  AG_ASSIGN_OR_RETURN(SingleQuery first, ParseSingleQuery(top_level));
  q.parts.push_back(std::move(first));
  while (AtKeyword("UNION")) {
    const SourcePos union_pos = Next().pos;
    const bool all = AcceptKeyword("ALL");
    if (q.parts.size() == 1) {
      q.union_all = all;
    } else if (q.union_all != all) {
      return ErrorAt(union_pos, "UNION and UNION ALL cannot be mixed in one query");
    }
    AG_ASSIGN_OR_RETURN(SingleQuery part, ParseSingleQuery(top_level));
    q.parts.push_back(std::move(part));
  }
  return q;
}

bool Parser::AtClauseStart() const {
  for (std::string_view kw : {"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL", "CREATE",
                              "MERGE", "SET", "REMOVE", "DELETE", "DETACH"}) {
    if (AtKeyword(kw)) return true;
  }
  return false;
}

Result<SingleQuery> Parser::ParseSingleQuery(bool top_level) {
  SingleQuery sq;
  sq.pos = Peek().pos;
  const char* last_update = nullptr;  // the last updating clause since the last WITH
  while (AtClauseStart()) {
    AG_ASSIGN_OR_RETURN(Clause c, ParseClause());
    // openCypher's grammar: reading after writing needs a WITH in between.
    if (last_update && IsReadingClause(c)) {
      return ErrorAt(
          c.pos, std::string("WITH is required between ") + last_update + " and " + ClauseName(c));
    }
    if (IsUpdatingClause(c)) last_update = ClauseName(c);
    if (c.As<WithClause>()) last_update = nullptr;
    const bool is_return = c.As<ReturnClause>() != nullptr;
    sq.clauses.push_back(std::move(c));
    if (is_return) break;
  }
  if (sq.clauses.empty()) return Unexpected(kClauseExpected);

  const bool at_end = At(TokenKind::kEnd) || At(TokenKind::kSemicolon) || AtKeyword("UNION") ||
                      (!top_level && At(TokenKind::kRBrace));
  if (!at_end) {
    if (sq.clauses.back().As<ReturnClause>()) {
      return Unexpected(top_level ? "UNION, ';' or end of input" : "UNION or '}'");
    }
    return Unexpected(kClauseExpected);
  }
  const Clause& last = sq.clauses.back();
  if (top_level && !last.As<ReturnClause>() && !IsUpdatingClause(last) && !last.As<CallClause>() &&
      !last.As<CallSubqueryClause>()) {
    return ErrorAt(Peek().pos, std::string("a query cannot end with ") + ClauseName(last) +
                                   ": finish it with RETURN or an updating clause");
  }
  return sq;
}

// ------------------------------------------------------------------ clauses

Result<Clause> Parser::ParseClause() {
  if (AtKeyword("MATCH") || AtKeyword("OPTIONAL")) return ParseMatch();
  if (AtKeyword("UNWIND")) return ParseUnwind();
  if (AtKeyword("WITH")) return ParseWith();
  if (AtKeyword("RETURN")) return ParseReturn();
  if (AtKeyword("CALL")) return ParseCall();
  if (AtKeyword("CREATE")) return ParseCreate();
  if (AtKeyword("MERGE")) return ParseMerge();
  if (AtKeyword("SET")) return ParseSet();
  if (AtKeyword("REMOVE")) return ParseRemove();
  return ParseDelete();
}

Result<ExprPtr> Parser::ParseWhere() {
  if (!AcceptKeyword("WHERE")) return ExprPtr();
  return ParseExpr();
}

Result<Clause> Parser::ParseMatch() {
  const SourcePos pos = Peek().pos;
  MatchClause m;
  m.optional = AcceptKeyword("OPTIONAL");
  AG_RETURN_IF_ERROR(ExpectKeyword("MATCH"));
  const size_t mark = inline_predicates_.size();
  AG_ASSIGN_OR_RETURN(m.patterns, ParsePatternList());
  ExprPtr inline_where = TakeInlinePredicates(mark);
  AG_ASSIGN_OR_RETURN(m.where, ParseWhere());
  m.where = AndPredicates(std::move(inline_where), std::move(m.where));
  return Clause{pos, std::move(m)};
}

Result<Clause> Parser::ParseUnwind() {
  const SourcePos pos = Next().pos;
  UnwindClause u;
  AG_ASSIGN_OR_RETURN(u.list, ParseExpr());
  AG_RETURN_IF_ERROR(ExpectKeyword("AS"));
  AG_ASSIGN_OR_RETURN(u.variable, ParseVariable("a variable name"));
  return Clause{pos, std::move(u)};
}

Result<Clause> Parser::ParseWith() {
  const SourcePos pos = Next().pos;
  WithClause w;
  AG_ASSIGN_OR_RETURN(w.projection, ParseProjection(/*is_with=*/true));
  AG_ASSIGN_OR_RETURN(w.where, ParseWhere());
  return Clause{pos, std::move(w)};
}

Result<Clause> Parser::ParseReturn() {
  const SourcePos pos = Next().pos;
  ReturnClause r;
  AG_ASSIGN_OR_RETURN(r.projection, ParseProjection(/*is_with=*/false));
  return Clause{pos, std::move(r)};
}

Result<Projection> Parser::ParseProjection(bool is_with) {
  Projection p;
  p.distinct = AcceptKeyword("DISTINCT");
  bool need_item = true;
  if (Accept(TokenKind::kStar)) {
    p.star = true;
    need_item = Accept(TokenKind::kComma);
  }
  while (need_item) {
    ProjectionItem item;
    AG_ASSIGN_OR_RETURN(item.expr, ParseExpr());
    if (AcceptKeyword("AS")) {
      AG_ASSIGN_OR_RETURN(item.alias, ParseVariable("an alias"));
    } else if (is_with && !item.expr->As<Variable>()) {
      // WITH introduces the only names visible after it, so each needs one.
      return ErrorAt(item.expr->pos, "an expression in WITH must be aliased (use AS)");
    }
    p.items.push_back(std::move(item));
    need_item = Accept(TokenKind::kComma);
  }
  if (AcceptKeyword("ORDER")) {
    AG_RETURN_IF_ERROR(ExpectKeyword("BY"));
    do {
      SortItem s;
      AG_ASSIGN_OR_RETURN(s.expr, ParseExpr());
      if (AcceptKeyword("DESC") || AcceptKeyword("DESCENDING")) {
        s.descending = true;
      } else if (!AcceptKeyword("ASC")) {
        AcceptKeyword("ASCENDING");
      }
      p.order_by.push_back(std::move(s));
    } while (Accept(TokenKind::kComma));
  }
  if (AcceptKeyword("SKIP")) {
    AG_ASSIGN_OR_RETURN(p.skip, ParseExpr());
  }
  if (AcceptKeyword("LIMIT")) {
    AG_ASSIGN_OR_RETURN(p.limit, ParseExpr());
  }
  return p;
}

Result<Clause> Parser::ParseCall() {
  const SourcePos pos = Next().pos;
  CallClause c;
  if (Accept(TokenKind::kLBrace)) {
    AG_RETURN_IF_ERROR(Enter(1));
    CallSubqueryClause sub;
    AG_ASSIGN_OR_RETURN(Query body, ParseQuery(/*top_level=*/false));
    sub.body = std::make_unique<Query>(std::move(body));
    AG_RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "'}'"));
    Leave();
    if (AtKeyword("IN"))
      return ErrorAt(Peek().pos, "CALL { ... } IN TRANSACTIONS is not supported");
    return Clause{pos, std::move(sub)};
  }
  AG_ASSIGN_OR_RETURN(c.procedure, ParseName("a procedure name"));
  while (Accept(TokenKind::kDot)) {
    AG_ASSIGN_OR_RETURN(Symbol part, ParseName("a procedure name"));
    c.procedure.name += "." + part.name;
  }
  if (Accept(TokenKind::kLParen)) {
    c.has_arguments = true;
    if (!Accept(TokenKind::kRParen)) {
      do {
        AG_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
        c.args.push_back(std::move(arg));
      } while (Accept(TokenKind::kComma));
      AG_RETURN_IF_ERROR(Expect(TokenKind::kRParen, "',' or ')'"));
    }
  }
  if (AcceptKeyword("YIELD")) {
    if (Accept(TokenKind::kStar)) {
      c.yield_star = true;
    } else {
      do {
        YieldItem y;
        AG_ASSIGN_OR_RETURN(y.field, ParseName("a procedure result field"));
        if (AcceptKeyword("AS")) {
          AG_ASSIGN_OR_RETURN(y.alias, ParseVariable("an alias"));
        }
        c.yields.push_back(std::move(y));
      } while (Accept(TokenKind::kComma));
      AG_ASSIGN_OR_RETURN(c.where, ParseWhere());
    }
  }
  return Clause{pos, std::move(c)};
}

Result<Clause> Parser::ParseCreate() {
  const SourcePos pos = Next().pos;
  CreateClause c;
  AG_ASSIGN_OR_RETURN(c.patterns, ParsePatternList());
  return Clause{pos, std::move(c)};
}

Result<Clause> Parser::ParseMerge() {
  const SourcePos pos = Next().pos;
  MergeClause m;
  AG_RETURN_IF_ERROR(ParsePathPattern(&m.pattern));
  while (AcceptKeyword("ON")) {
    std::vector<SetItem>* items;
    if (AcceptKeyword("CREATE")) {
      items = &m.on_create;
    } else if (AcceptKeyword("MATCH")) {
      items = &m.on_match;
    } else {
      return Unexpected("CREATE or MATCH after ON");
    }
    AG_RETURN_IF_ERROR(ExpectKeyword("SET"));
    do {
      AG_ASSIGN_OR_RETURN(SetItem item, ParseSetItem());
      items->push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
  }
  return Clause{pos, std::move(m)};
}

Result<Clause> Parser::ParseSet() {
  const SourcePos pos = Next().pos;
  SetClause s;
  do {
    AG_ASSIGN_OR_RETURN(SetItem item, ParseSetItem());
    s.items.push_back(std::move(item));
  } while (Accept(TokenKind::kComma));
  return Clause{pos, std::move(s)};
}

Result<SetItem> Parser::ParseSetItem() {
  SetItem item{SetItem::Kind::kProperty, Peek().pos, nullptr, {}, nullptr, {}};
  if (At(TokenKind::kLParen)) {
    // SET (expression).property = value (openCypher's PropertyExpression).
    AG_ASSIGN_OR_RETURN(item.target, ParseExpr(prec::kUnary));
    if (!item.target->As<PropertyAccess>())
      return ErrorAt(item.pos, "SET (expression) needs a property: (expression).name = value");
    AG_RETURN_IF_ERROR(Expect(TokenKind::kEq, "'='"));
    AG_ASSIGN_OR_RETURN(item.value, ParseExpr());
    return item;
  }
  AG_ASSIGN_OR_RETURN(item.variable, ParseVariable("a variable"));
  if (At(TokenKind::kDot)) {
    ExprPtr target = Make(item.pos, Variable{item.variable.name});
    while (Accept(TokenKind::kDot)) {
      AG_ASSIGN_OR_RETURN(Symbol key, ParseName("a property name"));
      target = Make(item.pos, PropertyAccess{std::move(target), key.name});
    }
    item.target = std::move(target);
    item.variable = Symbol{};
    AG_RETURN_IF_ERROR(Expect(TokenKind::kEq, "'='"));
  } else if (Accept(TokenKind::kEq)) {
    item.kind = SetItem::Kind::kReplace;
  } else if (Accept(TokenKind::kPlusEq)) {
    item.kind = SetItem::Kind::kMerge;
  } else if (At(TokenKind::kColon)) {
    item.kind = SetItem::Kind::kLabels;
    AG_ASSIGN_OR_RETURN(item.labels, ParseLabels());
    return item;
  } else {
    return Unexpected("'.', '=', '+=' or ':'");
  }
  AG_ASSIGN_OR_RETURN(item.value, ParseExpr());
  return item;
}

Result<Clause> Parser::ParseRemove() {
  const SourcePos pos = Next().pos;
  RemoveClause r;
  do {
    RemoveItem item{RemoveItem::Kind::kProperty, Peek().pos, nullptr, {}, {}};
    AG_ASSIGN_OR_RETURN(item.variable, ParseVariable("a variable"));
    if (At(TokenKind::kDot)) {
      ExprPtr target = Make(item.pos, Variable{item.variable.name});
      while (Accept(TokenKind::kDot)) {
        AG_ASSIGN_OR_RETURN(Symbol key, ParseName("a property name"));
        target = Make(item.pos, PropertyAccess{std::move(target), key.name});
      }
      item.target = std::move(target);
      item.variable = Symbol{};
    } else if (At(TokenKind::kColon)) {
      item.kind = RemoveItem::Kind::kLabels;
      AG_ASSIGN_OR_RETURN(item.labels, ParseLabels());
    } else {
      return Unexpected("'.' or ':'");
    }
    r.items.push_back(std::move(item));
  } while (Accept(TokenKind::kComma));
  return Clause{pos, std::move(r)};
}

Result<Clause> Parser::ParseDelete() {
  const SourcePos pos = Peek().pos;
  DeleteClause d;
  d.detach = AcceptKeyword("DETACH");
  AG_RETURN_IF_ERROR(ExpectKeyword("DELETE"));
  do {
    AG_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
    d.targets.push_back(std::move(e));
  } while (Accept(TokenKind::kComma));
  return Clause{pos, std::move(d)};
}

}  // namespace internal

Result<std::unique_ptr<Statement>> Parse(std::string_view text, const ParseOptions& options) {
  if (text.size() > std::min<size_t>(options.max_length, UINT32_MAX - 1)) {
    return Status::InvalidArgument("query text too long: " + std::to_string(text.size()) +
                                   " bytes (the limit is " + std::to_string(options.max_length) +
                                   ")");
  }
  return internal::Parser(text, options).ParseStatement();
}

Result<ExprPtr> ParseExpression(std::string_view text, const ParseOptions& options) {
  if (text.size() > std::min<size_t>(options.max_length, UINT32_MAX - 1)) {
    return Status::InvalidArgument("expression text too long: " + std::to_string(text.size()) +
                                   " bytes");
  }
  return internal::Parser(text, options).ParseLoneExpression();
}

}  // namespace actorgraph::query
