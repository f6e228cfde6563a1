// SourcePos: where a token or an AST node starts in the query text, so that
// later stages (binder, runtime) can point at the exact place of an error.
//
// Thread-safety: a value type.
#pragma once

#include <cstdint>

namespace actorgraph::query {

struct SourcePos {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, counted in code points (not bytes)
  uint32_t offset = 0;  // 0-based byte offset into the query text
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

}  // namespace actorgraph::query
