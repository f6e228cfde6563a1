// Unicode case mapping of text, for Cypher's toUpper() and toLower().
//
// Full mappings in the root locale, as Java's String.toUpperCase and
// toLowerCase (Neo4j's) give outside the Turkish, Azeri and Lithuanian
// locales: "Forces Armées" -> "FORCES ARMÉES", "ß" -> "SS", "ΣΟΦΊΑ" ->
// "σοφία" (final sigma by context). Machine vocabularies (keywords, file
// extensions) use common/ascii.h instead; names are matched with FoldName
// (common/text_match.h).
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace actorgraph {

// `s` must be UTF-8; an invalid sequence becomes U+FFFD. ICU indexes its
// strings with int32_t, so text is mapped in pieces of at most
// `piece_bytes` that end on a code point (tests pass a small one).
constexpr size_t kCasePieceBytes = size_t{1} << 28;
std::string UpperText(std::string_view s, size_t piece_bytes = kCasePieceBytes);
std::string LowerText(std::string_view s, size_t piece_bytes = kCasePieceBytes);

}  // namespace actorgraph
