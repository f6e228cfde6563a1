// Expressions as the executor sees them: compiled closures (ExprFn, built by
// query/compiler from the AST) and the openCypher value semantics those
// closures call at run time: null propagates, comparisons and boolean logic
// are three-valued, and type errors name the expression that caused them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "query/executor/exec_context.h"
#include "query/executor/row.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

// A compiled expression: evaluates into *out over a row.
using ExprFn = std::function<Status(Row&, ExecContext&, Value*)>;

// Cypher's three-valued helpers, shared with operators.
// Returns null for incomparable values.
Value CypherEquals(const Value& a, const Value& b);
// <0, 0, >0, or nullopt when a and b cannot be ordered against each other.
std::optional<int> CypherCompare(const Value& a, const Value& b);
// true, false or null -> Truth; other kinds are a type error.
bool IsTrue(const Value& v);

// The aggregate functions the Aggregate operator implements (by name,
// case-insensitive).
bool IsAggregateFunction(std::string_view name);

// The external id of `node` (`n.id`) from the adjacency snapshot, without
// the node record, when the statement may read it there
// (ExecContext::NodeIdFromSnapshot); empty otherwise.
std::string_view SnapshotNodeXid(ExecContext& ctx, NodeId node);

// A property of a node or relationship, including the built-in fields
// (name, id, aliases). Null when absent.
Result<Value> EntityProperty(ExecContext& ctx, const Value& entity, const std::string& key);

// "type error in '<expr_text>': <what>" (the closure's caller adds the line
// and column).
Status ExprTypeError(const std::string& expr_text, const std::string& what);

// a + b, a - b, a * b, a / b, a % b, a ^ b over numbers, strings, lists and
// temporal values; `expr_text` names the expression in errors. With
// `max_bytes` (the query's memory limit; 0: none), a string or list that `+`
// would make larger is an error, before it is built: doubling a string in a
// reduce() otherwise took the machine's memory (2^28 bytes took 9 GB).
Result<Value> EvalArithmetic(BinaryOp op, const Value& a, const Value& b,
                             const std::string& expr_text, uint64_t max_bytes = 0);

// What a list, string or map an expression builds is checked against before
// it is built (the query's memory limit; 0: none), so that one expression
// cannot take the machine's memory: `limit` and `bytes` as in the message
// "the <what> would take N MiB, more than the query's memory limit of M MiB".
Status ValueTooLarge(const std::string& expr_text, const char* what, uint64_t bytes,
                     uint64_t limit);
// ValueTooLarge when `limit` is set (not 0) and `bytes` is over it.
Status CheckValueSize(uint64_t limit, const std::string& expr_text, const char* what,
                      uint64_t bytes);
// "N MiB", rounded up (so that a size over a limit never reads as equal to it).
std::string MiBText(uint64_t bytes);

// Bytes a copy of v adds to a list being built: the Value itself, and the
// text of a string (strings are held by value; lists, maps and paths are
// shared, not copied).
inline uint64_t CopyBytes(const Value& v) {
  return sizeof(Value) + (v.kind() == Value::Kind::kString ? v.as_string().size() : 0);
}
uint64_t CopyBytes(const ValueList& l);

// =, <>, <, <=, >, >= with openCypher's null and NaN rules.
Result<Value> EvalComparison(BinaryOp op, const Value& a, const Value& b);

}  // namespace actorgraph::query
