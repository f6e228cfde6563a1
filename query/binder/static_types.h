// Static types: what the binder knows of an expression's type before the
// query runs. openCypher requires a compile-time error (InvalidArgumentType)
// when an operand's type is known to be wrong for its operator: `123 AND
// true`, `NOT 'a'`, `x % 2` over a list of strings, `WHERE (n)` on a node.
// The inference is conservative: whatever it cannot tell is kAny, and kAny
// and kNull are accepted everywhere, so a query that might be right is never
// rejected here (the executor still checks every value at run time).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/status.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

enum class TypeKind : uint8_t {
  kAny,
  kNull,
  kBool,
  kInt,
  kFloat,
  kString,
  kList,
  kMap,
  kNode,
  kRel,
  kPath,
};

struct StaticType {
  TypeKind kind = TypeKind::kAny;
  TypeKind elem = TypeKind::kAny;  // lists only: the type every element has

  static StaticType Of(TypeKind k) { return {k, TypeKind::kAny}; }
  static StaticType ListOf(TypeKind e) { return {TypeKind::kList, e}; }
};

const char* TypeKindName(TypeKind k);

// The static types of the variables in scope; a variable not listed is kAny.
using TypeScope = std::map<std::string, StaticType>;

// Infers e's type under `scope` and rejects an operand of a known wrong type
// with a positioned semantic error. Subqueries (EXISTS { … }) are typed by
// their own clauses, not here: they are kBool.
Result<StaticType> InferType(const Expr& e, const TypeScope& scope, std::string_view text);

// A predicate (WHERE, a quantifier's condition) must be a boolean.
Status CheckPredicate(const Expr& e, const TypeScope& scope, std::string_view text,
                      const char* where);

}  // namespace actorgraph::query
