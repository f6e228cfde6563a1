#include "common/text_match.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>

#include "common/ascii.h"

namespace actorgraph {

namespace {
// Letters that NFKD does not split into base + mark.
UChar32 FoldSpecialLetter(UChar32 c) {
  switch (c) {
    case 0x00D8: case 0x00F8: return 'o';  // Ø ø
    case 0x0110: case 0x0111: return 'd';  // Đ đ
    case 0x0141: case 0x0142: return 'l';  // Ł ł
    case 0x0131: return 'i';               // dotless i
    case 0x00DF: return 's';               // ß (folded to "ss" below)
    case 0x00C6: case 0x00E6: return 'a';  // Æ æ (+ 'e' below)
    case 0x0152: case 0x0153: return 'o';  // Œ œ (+ 'e' below)
    case 0x02BC: case 0x02BF: case 0x02BE: case 0x2019: case 0x2018: return '\'';
    default: return c;
  }
}

// FoldName of a name in plain ASCII, without ICU: NFKD leaves ASCII as it
// is, no ASCII character is a mark or a special letter, and case folding of
// ASCII is lowering. Most names a bulk load indexes are ASCII, and ICU's
// conversions cost most of its time per node.
bool FoldAsciiName(std::string_view name, std::string* out) {
  if (!IsAscii(name)) return false;
  bool pending_space = false;
  for (char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out->empty()) out->push_back(' ');
    pending_space = false;
    out->push_back(LowerAsciiChar(c));
  }
  return true;
}

}  // namespace

std::string FoldName(std::string_view name) {
  {
    std::string ascii;
    if (FoldAsciiName(name, &ascii)) return ascii;
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(err);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()));
  icu::UnicodeString decomposed = U_SUCCESS(err) ? nfkd->normalize(in, err) : in;
  if (U_FAILURE(err)) decomposed = in;
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    const UChar32 original = c;
    c = FoldSpecialLetter(c);
    if (u_isalnum(c)) {
      if (pending_space && !out.isEmpty()) out.append(UChar32(' '));
      pending_space = false;
      out.append(u_foldCase(c, U_FOLD_CASE_DEFAULT));
      if (original == 0x00DF) out.append(UChar32('s'));
      if (original == 0x00C6 || original == 0x00E6 || original == 0x0152 || original == 0x0153)
        out.append(UChar32('e'));
    } else {
      // Apostrophes and hyphens separate words like spaces do, so that
      // "al-Islam" matches "al Islam".
      pending_space = true;
    }
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

int EditDistance(std::string_view a, std::string_view b, int cap) {
  if (static_cast<int>(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > cap)
    return cap + 1;
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], cap + 1);
}

std::vector<std::string> ClosestMatches(std::string_view word,
                                        const std::vector<std::string>& candidates, size_t max) {
  const std::string w = LowerAscii(word);
  const int cap = std::max<int>(2, static_cast<int>(w.size()) / 3);
  std::vector<std::pair<int, std::string>> scored;
  for (const std::string& c : candidates) {
    const std::string lc = LowerAscii(c);
    int score;
    if (lc == w)
      score = 0;
    else if (std::min(w.size(), lc.size()) >= 3 && (lc.rfind(w, 0) == 0 || w.rfind(lc, 0) == 0))
      score = 1;
    else if (!w.empty() && w.size() >= 3 && lc.find(w) != std::string::npos)
      score = 2;
    else {
      const int d = EditDistance(w, lc, cap);
      if (d > cap) continue;
      score = 2 + d;
    }
    scored.emplace_back(score, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [s, c] : scored) {
    if (out.size() >= max) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string> m = ClosestMatches(word, candidates, 3);
  if (m.empty()) return "";
  std::string s = "did you mean ";
  for (size_t i = 0; i < m.size(); ++i) {
    if (i > 0) s += i + 1 == m.size() ? " or " : ", ";
    s += "'" + m[i] + "'";
  }
  return s + "?";
}

}  // namespace actorgraph
