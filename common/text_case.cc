#include "common/text_case.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "common/ascii.h"

namespace actorgraph {

namespace {

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

// Each piece ends before a UTF-8 lead byte.
template <typename Map>
std::string MapText(std::string_view s, size_t piece_bytes, Map map) {
  std::string out;
  while (!s.empty()) {
    size_t n = std::min(s.size(), std::max<size_t>(piece_bytes, 4));
    while (n > 1 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
      --n;
    icu::UnicodeString u = FromUtf8(s.substr(0, n));
    map(u);
    u.toUTF8String(out);
    s.remove_prefix(n);
  }
  return out;
}

}  // namespace

// ASCII maps to ASCII in the root locale, so plain text skips ICU.
std::string UpperText(std::string_view s, size_t piece_bytes) {
  if (IsAscii(s)) return UpperAscii(s);
  return MapText(s, piece_bytes, [](icu::UnicodeString& u) { u.toUpper(icu::Locale::getRoot()); });
}

std::string LowerText(std::string_view s, size_t piece_bytes) {
  if (IsAscii(s)) return LowerAscii(s);
  return MapText(s, piece_bytes, [](icu::UnicodeString& u) { u.toLower(icu::Locale::getRoot()); });
}

}  // namespace actorgraph
