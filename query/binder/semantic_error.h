// Positioned errors for the stages after parsing: "semantic error at line 1,
// column 8: unknown label 'Actr'; did you mean 'Actor'?" with the caret
// excerpt under it, like the parser's syntax errors.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "query/parser/source_pos.h"
#include "query/parser/syntax_error.h"

namespace actorgraph::query {

inline Status SemanticError(std::string_view text, SourcePos pos, const std::string& message) {
  return Status::InvalidArgument("semantic error at line " + std::to_string(pos.line) +
                                 ", column " + std::to_string(pos.column) + ": " + message + "\n" +
                                 CaretSnippet(text, pos));
}

}  // namespace actorgraph::query
