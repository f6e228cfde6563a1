// SyntaxError: formats a positioned error for people, with the offending
// source line and a caret under the column:
//
//   syntax error at line 2, column 14: expected ')' but found 'WHERE'
//     MATCH (a:Actor WHERE a.name = 'x'
//                    ^
//
// Shared by the lexer and the parser; the binder may use it for name errors.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "query/parser/source_pos.h"

namespace actorgraph::query {

// Returns Status::InvalidArgument. `text` is the whole query; `pos` must
// point into it (an offset past the end is clamped).
Status SyntaxError(std::string_view text, SourcePos pos, std::string_view message);

// The source line containing `pos`, and beneath it a caret under the column,
// each indented by two spaces. Long lines are cut to a window around `pos`.
std::string CaretSnippet(std::string_view text, SourcePos pos);

}  // namespace actorgraph::query
