// Small UTF-8 helpers shared by the lexer, the printer and error formatting.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace actorgraph::query {

// Decodes the code point starting at s[i]. Returns its length in bytes, or 0
// when the bytes there are not valid UTF-8 (overlong forms and surrogates are
// invalid too). Precondition: i < s.size().
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* code_point);

// Appends the UTF-8 encoding of a valid code point (not a surrogate).
void AppendUtf8(uint32_t code_point, std::string* out);

// Unicode spaces that openCypher treats as whitespace (no-break space, the
// typographic spaces, line/paragraph separators, the byte order mark).
inline bool IsUnicodeSpace(uint32_t cp) {
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// True for the bytes that do not start a code point (10xxxxxx).
inline bool IsUtf8Continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

}  // namespace actorgraph::query
