// Splitting text into its non-empty pieces, and a folded name into its words.
//
// FoldName (common/text_match.h) leaves words separated by single spaces;
// the name index, the mention matcher and the name normaliser all split that
// form the same way, here.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace actorgraph {

// The pieces of `s` between `sep`s, empty pieces dropped:
// ("a\n\nb\n", '\n') -> {"a", "b"}.
std::vector<std::string> SplitNonEmpty(std::string_view s, char sep);

// The words of `s`, split at spaces, empty pieces dropped:
// " al  qaida " -> {"al", "qaida"}. Only ' ' separates (not tabs): the input
// is a folded or latinised name.
inline std::vector<std::string> SplitWords(std::string_view s) {
  return SplitNonEmpty(s, ' ');
}

// Calls fn(word) for each word SplitWords would return, in order, without
// copying them (views into `s`).
template <typename Fn>
void ForEachWord(std::string_view s, Fn&& fn) {
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) fn(s.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace actorgraph
