// Internal to the parser: the Parser class shared by parser.cc (statements and
// clauses), parse_pattern.cc and parse_expression.cc. Include parser.h instead.
//
// Thread-safety: one Parser per parse; not shared.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "query/parser/ast.h"
#include "query/parser/lexer.h"
#include "query/parser/parser.h"

namespace actorgraph::query::internal {

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options);

  Result<std::unique_ptr<Statement>> ParseStatement();
  Result<ExprPtr> ParseLoneExpression();

  // ---- statements and clauses (parser.cc)
  Status ParseQueryOptions(QueryOptions* options);
  Result<Query> ParseQuery(bool top_level);
  Result<SingleQuery> ParseSingleQuery(bool top_level);
  bool AtClauseStart() const;
  Result<Clause> ParseClause();
  Result<Clause> ParseMatch();
  Result<Clause> ParseUnwind();
  Result<Clause> ParseWith();
  Result<Clause> ParseReturn();
  Result<Clause> ParseCall();
  Result<Clause> ParseCreate();
  Result<Clause> ParseMerge();
  Result<Clause> ParseSet();
  Result<Clause> ParseRemove();
  Result<Clause> ParseDelete();
  Result<Projection> ParseProjection(bool is_with);
  Result<SetItem> ParseSetItem();
  Result<ExprPtr> ParseWhere();  // null when there is no WHERE

  // ---- patterns (parse_pattern.cc)
  Result<std::vector<PathPattern>> ParsePatternList();
  Status ParsePathPattern(PathPattern* out);  // with "p =" and shortestPath(...)
  Status ParsePatternChain(PathPattern* out);
  Status ParseNodePattern(NodePattern* out);
  Status ParseRelPattern(RelPattern* out);
  Status ParseVarLength(RelPattern* rel);
  // Set by ParseVarLength on "* SHORTEST" / "* ALL SHORTEST"; read by the
  // enclosing ParsePathPattern, which turns it into the pattern's function.
  PathFunction var_length_shortest_ = PathFunction::kNone;
  SourcePos shortest_pos_;
  Result<ExprPtr> ParsePatternProperties();  // null when absent
  // Label alternatives (n:A|B) and inline WHERE ((n WHERE n.x > 1),
  // [r WHERE r.w > 1]) become predicates on the pattern's variables (an
  // anonymous one gets a hidden name), collected here while a pattern is
  // parsed. A MATCH, an EXISTS/COUNT body or a pattern comprehension takes
  // those of its own patterns into its WHERE (TakeInlinePredicates); any left
  // at the end were written where only plain patterns are allowed.
  struct InlinePredicate {
    SourcePos pos;
    ExprPtr predicate;
  };
  std::vector<InlinePredicate> inline_predicates_;
  Status AddLabelAlternatives(Symbol* variable, std::vector<Symbol> labels);
  Status AddInlineWhere(Symbol* variable, SourcePos node_pos);
  // The predicates collected since `mark`, ANDed (null when none), and
  // forgets them.
  ExprPtr TakeInlinePredicates(size_t mark);
  ExprPtr AndPredicates(ExprPtr a, ExprPtr b) const;  // either may be null
  Status RefuseLeftoverInlinePredicates() const;
  bool AtRelationshipStart(size_t ahead) const;
  // A '(' at `ahead` that opens a node pattern followed by a relationship, as
  // opposed to a parenthesized expression.
  bool LooksLikePattern(size_t ahead) const;

  // ---- expressions (parse_expression.cc)
  Result<ExprPtr> ParseExpr(int min_binding_power = 0);
  Result<ExprPtr> ParsePrefix();
  Result<ExprPtr> ParsePatternPredicate();  // (a)-->(b) or shortestPath(...) in an expression
  Result<ExprPtr> ParseWordPrefix();
  Result<ExprPtr> ParseNumber(bool negate, SourcePos pos);
  Result<ExprPtr> ParseBracket();
  Result<ExprPtr> ParseListComprehension();
  Result<ExprPtr> ParsePatternComprehension();
  Result<ExprPtr> ParseMapLiteral();
  Result<ExprPtr> ParseMapProjection(ExprPtr variable);
  Result<ExprPtr> ParseCase();
  Result<ExprPtr> ParseFunctionCall();
  Result<ExprPtr> ParseQuantifier();
  Result<ExprPtr> ParseReduce();
  Result<ExprPtr> ParseExists();
  Result<ExprPtr> ParseCountSubquery();
  Result<ExprPtr> ParseSubscript(ExprPtr object);
  Result<std::vector<Symbol>> ParseLabels();  // one or more ":Name"
  Result<ExprPtr> ParseComparisonChain(ExprPtr first);

  // ---- tokens and errors (parser.cc)
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool At(TokenKind kind, size_t ahead = 0) const { return Peek(ahead).kind == kind; }
  bool AtKeyword(std::string_view upper, size_t ahead = 0) const {
    return IsKeyword(Peek(ahead), upper);
  }
  bool AtName(size_t ahead = 0) const {
    return At(TokenKind::kIdent, ahead) || At(TokenKind::kQuotedIdent, ahead);
  }
  bool Accept(TokenKind kind);
  bool AcceptKeyword(std::string_view upper);
  Status Expect(TokenKind kind, std::string_view what);
  Status ExpectKeyword(std::string_view upper);
  // "expected <what> but found <current token>", at the current token.
  Status Unexpected(std::string_view what) const;
  Status ErrorAt(SourcePos pos, std::string_view message) const;
  // Byte offset just past the last consumed token.
  uint32_t PrevEnd() const { return prev_end_; }
  // A heap node ending at the last consumed token. A template, so that only
  // the alternative (not a whole ExprNode) is built on the caller's stack.
  template <typename T>
  ExprPtr Make(SourcePos pos, T&& node) const {
    return std::make_unique<Expr>(pos, std::max(prev_end_, pos.offset), std::forward<T>(node));
  }

  // A label, type, property key or map key: any word, reserved or not.
  Result<Symbol> ParseName(std::string_view what);
  // A variable or alias: reserved words only in backticks.
  Result<Symbol> ParseVariable(std::string_view what);
  bool AtReservedWord(size_t ahead = 0) const;

  // Counts `levels` of nesting; error beyond max_depth. Patterns and
  // subqueries weigh more than one level: each of them nests several parse
  // functions, so the weight keeps the stack needed per level similar.
  static constexpr int kPatternDepth = 3;
  static constexpr int kSubqueryDepth = 5;
  Status Enter(int levels = 1);
  void Leave(int levels = 1) { depth_ -= levels; }

 private:
  std::string_view text_;
  ParseOptions options_;
  std::vector<Token> tokens_;
  size_t i_ = 0;
  uint32_t prev_end_ = 0;
  int depth_ = 0;
  // For each '(' token, the index of its matching ')' (or of the end token).
  std::vector<size_t> close_paren_;
};

// Undoes Enter() calls when a parse function returns.
class DepthScope {
 public:
  explicit DepthScope(Parser* p) : p_(p) {}
  ~DepthScope() { p_->Leave(levels_); }
  DepthScope(const DepthScope&) = delete;
  DepthScope& operator=(const DepthScope&) = delete;
  Status Enter(int levels = 1) {
    Status s = p_->Enter(levels);
    if (s.ok()) levels_ += levels;
    return s;
  }

 private:
  Parser* p_;
  int levels_ = 0;
};

}  // namespace actorgraph::query::internal
