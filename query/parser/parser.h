// Parser: query text -> AST (query/parser/ast.h). A hand-written
// recursive-descent parser for clauses and patterns with Pratt parsing for
// expressions, following openCypher syntax plus actorgraph's query options:
//
//   [EXPLAIN | PROFILE]
//   [FOR VALID_TIME AS OF t | FOR VALID_TIME FROM a TO b]   -- each at most once,
//   [FOR SYSTEM_TIME AS OF t]                                -- in any order
//   [WITH MIN GRADE 'B2']
//   MATCH ... RETURN ... [;]
//
// Errors are Status::InvalidArgument with line, column, the source line and a
// caret (see syntax_error.h). No input crashes the parser: nesting deeper than
// ParseOptions::max_depth is an error, as is invalid UTF-8 or an integer
// literal outside int64.
//
// Thread-safety: pure functions; the result owns all its data (nothing points
// into `text`).
#pragma once

#include <memory>
#include <string_view>

#include "common/status.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

struct ParseOptions {
  // Nesting of expressions, patterns and subqueries, counting each operator
  // application (a pattern counts 3, an EXISTS subquery 5): bounds the stack
  // of the parser and of every later walk over the tree. At 500 the parser
  // needs under 0.6 MB of stack in an optimized build (1.6 MB unoptimized,
  // 3.5 MB with AddressSanitizer).
  int max_depth = 500;
  // Longer text is refused before lexing (positions are 32-bit).
  size_t max_length = 64u << 20;
};

// A whole statement, ending at an optional ';'.
Result<std::unique_ptr<Statement>> Parse(std::string_view text, const ParseOptions& options = {});

// A lone expression such as "a.x + 1" (tests, tools, stored defaults).
Result<ExprPtr> ParseExpression(std::string_view text, const ParseOptions& options = {});

}  // namespace actorgraph::query
