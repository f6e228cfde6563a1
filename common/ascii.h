// ASCII case mapping, independent of the C locale.
//
// For fixed vocabularies written in ASCII: query keywords and function
// names, file extensions, header names, "male"/"female", month names. Only
// 'A'-'Z' and 'a'-'z' change; every other byte (UTF-8 included) is kept, so
// "Février" lowers to "février". Names of people, groups and places are
// matched with FoldName (common/text_match.h) instead, which is Unicode-aware
// and also drops diacritics and punctuation: the two are different concepts,
// one for machine vocabulary, one for human names.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace actorgraph {

inline char LowerAsciiChar(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline char UpperAsciiChar(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// True when every byte of `s` is below 0x80 (plain ASCII, no UTF-8 sequence).
bool IsAscii(std::string_view s);

// "Jan" -> "jan"; bytes outside A-Z are kept.
std::string LowerAscii(std::string_view s);
// "approximately" -> "APPROXIMATELY"; bytes outside a-z are kept.
std::string UpperAscii(std::string_view s);
// True when `a` and `b` are equal but for ASCII case ("Match" and "MATCH").
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

}  // namespace actorgraph
