// Printer: the AST back as Cypher text. Used for column names (RETURN
// count(n) names its column "count(n)"), for error messages that quote an
// expression, and by tests, which compare the canonical form of a query.
//
// The output re-parses to the same tree: keywords upper case, names in
// backticks where needed, parentheses only where precedence needs them.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "query/parser/ast.h"

namespace actorgraph::query {

std::string ToString(const Expr& e);
// Every operator application in parentheses, to show how the parser grouped:
// "a OR b AND c" -> "(a OR (b AND c))".
std::string ToStringFullyParenthesized(const Expr& e);
std::string ToString(const PathPattern& p);
std::string ToString(const Clause& c);
std::string ToString(const Query& q);
// The whole statement on one line: prefix, query options, then the clauses.
std::string DebugString(const Statement& s);

// A variable name as Cypher needs it written: plain, or in backticks when it
// is a reserved word or contains other characters than letters, digits, '_'.
std::string FormatName(std::string_view name);

}  // namespace actorgraph::query
