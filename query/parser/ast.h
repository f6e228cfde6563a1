// The abstract syntax tree of a query, as the parser produces it: names are
// still strings, nothing is resolved or type-checked (that is the binder's
// job). Every node records where it starts in the query text, so later stages
// can point at it in their error messages.
//
// Ownership: a tree owns its children through std::unique_ptr or by value;
// the root is a Statement. Nodes are move-only.
// Thread-safety: plain data; a finished tree may be read from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/value.h"
#include "query/parser/source_pos.h"

namespace actorgraph::query {

struct Expr;
struct Query;
using ExprPtr = std::unique_ptr<Expr>;

// A name as written (backticks removed) and where it was written: variables,
// labels, relationship types, aliases, procedure names.
struct Symbol {
  std::string name;  // empty when absent (e.g. an anonymous node)
  SourcePos pos;
  bool empty() const { return name.empty(); }
};

// ---------------------------------------------------------------- patterns

// (a:Label:Other {k: v})
struct NodePattern {
  SourcePos pos;  // the '('
  Symbol variable;
  std::vector<Symbol> labels;
  ExprPtr properties;  // a MapLiteral or a Parameter; null when absent
};

// -->, <--, and -- (which also stands for <-->: openCypher treats both as
// "either direction").
enum class RelDirection : uint8_t { kRight, kLeft, kBoth };

// *, *2, *1..3, *..3, *2..: absent bounds are nullopt; *2 sets both to 2.
struct VarLength {
  std::optional<int64_t> min;
  std::optional<int64_t> max;
};

// -[r:TYPE|OTHER*1..3 {k: v}]->
struct RelPattern {
  SourcePos pos;  // the first character of the arrow
  Symbol variable;
  std::vector<Symbol> types;  // alternatives
  RelDirection direction = RelDirection::kBoth;
  std::optional<VarLength> length;  // set only for variable-length relationships
  ExprPtr properties;               // a MapLiteral or a Parameter; null when absent
};

enum class PathFunction : uint8_t { kNone, kShortestPath, kAllShortestPaths };

// p = (a)-[r]->(b)<-[s]-(c), possibly inside shortestPath(...).
// Invariant: nodes.size() == rels.size() + 1; rels[i] joins nodes[i], nodes[i+1].
struct PathPattern {
  SourcePos pos;
  Symbol variable;  // the path variable, empty when absent
  PathFunction function = PathFunction::kNone;
  std::vector<NodePattern> nodes;
  std::vector<RelPattern> rels;
};

// ------------------------------------------------------------- expressions

enum class UnaryOp : uint8_t { kNot, kMinus, kPlus };

enum class BinaryOp : uint8_t {
  kOr,
  kXor,
  kAnd,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kStartsWith,
  kEndsWith,
  kContains,
  kRegexMatch,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
};

// null, true/false, integers, floats and strings.
struct Literal {
  Value value;
};
struct Parameter {
  std::string name;  // $name -> "name"; $0 -> "0"
};
struct Variable {
  std::string name;
};
// object.key
struct PropertyAccess {
  ExprPtr object;
  std::string key;
};
// list[index] (also map[key])
struct Subscript {
  ExprPtr object;
  ExprPtr index;
};
// list[from..to]; either bound may be null.
struct Slice {
  ExprPtr object;
  ExprPtr from;
  ExprPtr to;
};
// n:Label:Other, true when n has all the labels.
struct LabelCheck {
  ExprPtr subject;
  std::vector<Symbol> labels;
};
struct Unary {
  UnaryOp op;
  ExprPtr operand;
};
struct Binary {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};
// a < b <= c, meaning a < b AND b <= c with b evaluated once. Only for two or
// more comparison operators in a row; a single comparison is a Binary.
// Invariant: ops.size() == operands.size() - 1, every op a comparison.
struct ComparisonChain {
  std::vector<ExprPtr> operands;
  std::vector<BinaryOp> ops;
};
// x IS NULL, x IS NOT NULL
struct IsNull {
  ExprPtr operand;
  bool negated = false;
};
struct ListLiteral {
  std::vector<ExprPtr> items;
};
struct MapEntry {
  Symbol key;
  ExprPtr value;
};
// {k: v, ...}; keys are kept in the written order (duplicates are the binder's to reject).
struct MapLiteral {
  std::vector<MapEntry> entries;
};
// n {.name, .*, alias: expr, other}
struct MapProjection {
  enum class ItemKind : uint8_t { kProperty, kAllProperties, kLiteral, kVariable };
  struct Item {
    ItemKind kind;
    Symbol key;     // the property, the entry key, or the variable
    ExprPtr value;  // kLiteral only
  };
  Symbol variable;
  std::vector<Item> items;
};
// f(args), f(DISTINCT x), ns.f(args). The name is kept as written; function
// names are case-insensitive, so compare them folded.
struct FunctionCall {
  std::string name;  // namespaced names joined with '.', e.g. "apoc.text.join"
  bool distinct = false;
  std::vector<ExprPtr> args;
};
// count(*)
struct CountStar {};
// CASE [subject] WHEN w THEN t ... [ELSE e] END
struct CaseExpr {
  struct Alternative {
    ExprPtr when;
    ExprPtr then;
  };
  ExprPtr subject;  // null for the generic form
  std::vector<Alternative> alternatives;
  ExprPtr otherwise;  // null when there is no ELSE
};
// [x IN list WHERE pred | expr]; where and projection may be null.
struct ListComprehension {
  Symbol variable;
  ExprPtr list;
  ExprPtr where;
  ExprPtr projection;
};
// all/any/none/single(x IN list WHERE pred); where may be null.
struct Quantifier {
  enum class Kind : uint8_t { kAll, kAny, kNone, kSingle };
  Kind kind;
  Symbol variable;
  ExprPtr list;
  ExprPtr where;
};
// reduce(acc = init, x IN list | expr)
struct Reduce {
  Symbol accumulator;
  ExprPtr init;
  Symbol variable;
  ExprPtr list;
  ExprPtr expression;
};
// (a)-[:T]->(b) used as a boolean: true when the pattern has a match.
struct PatternPredicate {
  PathPattern pattern;
};
// [p = (a)-->(b) WHERE pred | expr]; where may be null.
struct PatternComprehension {
  PathPattern pattern;
  ExprPtr where;
  ExprPtr projection;
};
// EXISTS { MATCH ... WHERE ... }. The short form EXISTS { (a)-->(b) WHERE p }
// is stored as a query with one MATCH clause.
struct ExistsSubquery {
  std::unique_ptr<Query> body;
};

using ExprNode =
    std::variant<Literal, Parameter, Variable, PropertyAccess, Subscript, Slice, LabelCheck, Unary,
                 Binary, ComparisonChain, IsNull, ListLiteral, MapLiteral, MapProjection,
                 FunctionCall, CountStar, CaseExpr, ListComprehension, Quantifier, Reduce,
                 PatternPredicate, PatternComprehension, ExistsSubquery>;

struct Expr {
  // `n` is one of ExprNode's alternatives, moved straight into place.
  template <typename T>
  Expr(SourcePos p, uint32_t end_offset, T&& n)
      : pos(p), end(end_offset), node(std::forward<T>(n)) {}
  ~Expr();
  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;

  template <typename T>
  const T* As() const {
    return std::get_if<T>(&node);
  }
  template <typename T>
  T* As() {
    return std::get_if<T>(&node);
  }

  SourcePos pos;     // where the expression's text starts
  uint32_t end = 0;  // byte offset just past its text: text[pos.offset, end) is the source
  ExprNode node;
};

// ----------------------------------------------------------------- clauses

struct ProjectionItem {
  ExprPtr expr;
  Symbol alias;  // empty when no AS
};
struct SortItem {
  ExprPtr expr;
  bool descending = false;
};
// The body shared by WITH and RETURN.
struct Projection {
  bool distinct = false;
  bool star = false;  // '*', possibly followed by more items
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order_by;
  ExprPtr skip;   // null when absent
  ExprPtr limit;  // null when absent
};

struct MatchClause {
  bool optional = false;
  std::vector<PathPattern> patterns;
  ExprPtr where;
};
struct UnwindClause {
  ExprPtr list;
  Symbol variable;
};
struct WithClause {
  Projection projection;
  ExprPtr where;
};
struct ReturnClause {
  Projection projection;
};
struct YieldItem {
  Symbol field;
  Symbol alias;  // empty when no AS
};
// CALL ns.proc(args) YIELD a, b AS c WHERE pred
struct CallClause {
  Symbol procedure;            // namespaced name joined with '.'
  bool has_arguments = false;  // false for "CALL ns.proc" without parentheses
  std::vector<ExprPtr> args;
  bool yield_star = false;        // YIELD *
  std::vector<YieldItem> yields;  // empty (and !yield_star) when there is no YIELD
  ExprPtr where;
};
// CALL { [WITH imports] ... [RETURN ...] }: runs the body once per input row.
// A leading WITH of plain variables imports them; without it the body sees no
// outer variables. Without RETURN (a unit subquery) each input row passes once.
struct CallSubqueryClause {
  std::unique_ptr<Query> body;
};
struct CreateClause {
  std::vector<PathPattern> patterns;
};
// SET n.p = e | n = {map} | n += {map} | n:Label
struct SetItem {
  enum class Kind : uint8_t { kProperty, kReplace, kMerge, kLabels };
  Kind kind;
  SourcePos pos;
  ExprPtr target;   // kProperty: a PropertyAccess
  Symbol variable;  // the other kinds
  ExprPtr value;    // all but kLabels
  std::vector<Symbol> labels;
};
struct MergeClause {
  PathPattern pattern;
  std::vector<SetItem> on_create;  // all ON CREATE SET items, in order
  std::vector<SetItem> on_match;
};
struct SetClause {
  std::vector<SetItem> items;
};
// REMOVE n.p | n:Label
struct RemoveItem {
  enum class Kind : uint8_t { kProperty, kLabels };
  Kind kind;
  SourcePos pos;
  ExprPtr target;   // kProperty: a PropertyAccess
  Symbol variable;  // kLabels
  std::vector<Symbol> labels;
};
struct RemoveClause {
  std::vector<RemoveItem> items;
};
struct DeleteClause {
  bool detach = false;
  std::vector<ExprPtr> targets;
};

using ClauseNode =
    std::variant<MatchClause, UnwindClause, WithClause, ReturnClause, CallClause, CreateClause,
                 MergeClause, SetClause, RemoveClause, DeleteClause, CallSubqueryClause>;

struct Clause {
  SourcePos pos;  // the clause keyword
  ClauseNode node;

  template <typename T>
  const T* As() const {
    return std::get_if<T>(&node);
  }
  template <typename T>
  T* As() {
    return std::get_if<T>(&node);
  }
};

// --------------------------------------------------------------- statements

struct SingleQuery {
  SourcePos pos;
  std::vector<Clause> clauses;  // never empty
};

// Single queries joined by UNION, or all by UNION ALL (mixing is an error).
struct Query {
  SourcePos pos;
  std::vector<SingleQuery> parts;  // never empty
  bool union_all = false;
};

// FOR VALID_TIME AS OF t | FOR VALID_TIME FROM a TO b (closed-open [a, b)).
struct ValidTimeOption {
  SourcePos pos;
  ExprPtr as_of;  // set for AS OF
  ExprPtr from;   // set with `to` for FROM ... TO
  ExprPtr to;
};
// FOR SYSTEM_TIME AS OF t: a transaction number, or a timestamp or date.
struct SystemTimeOption {
  SourcePos pos;
  ExprPtr as_of;
};
// WITH MIN GRADE 'B2': Admiralty code, reliability A-F then credibility 1-6.
struct MinGradeOption {
  SourcePos pos;
  std::string code;  // validated, upper case, e.g. "B2"
};

struct QueryOptions {
  std::optional<ValidTimeOption> valid_time;
  std::optional<SystemTimeOption> system_time;
  std::optional<MinGradeOption> min_grade;
};

struct Statement {
  enum class Mode : uint8_t { kRun, kExplain, kProfile };
  Mode mode = Mode::kRun;
  QueryOptions options;
  Query query;
};

// "OR", "=", "STARTS WITH", "^", ...
const char* BinaryOpText(BinaryOp op);
bool IsComparison(BinaryOp op);

}  // namespace actorgraph::query
