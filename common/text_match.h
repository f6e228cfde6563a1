// Text helpers for names: folding for the name index (case- and
// diacritic-insensitive matching) and "did you mean" suggestions.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace actorgraph {

// Folds a name for matching: Unicode compatibility decomposition, marks
// removed, case folded, punctuation to spaces, spaces collapsed.
// "Dembélé" -> "dembele", "Jama'at  Nusrat" -> "jama at nusrat".
std::string FoldName(std::string_view name);

// Levenshtein distance over bytes, capped: returns > cap as cap + 1.
int EditDistance(std::string_view a, std::string_view b, int cap);

// Up to `max` candidates closest to `word` (case-insensitive edit distance,
// prefix and substring matches first), for "did you mean".
std::vector<std::string> ClosestMatches(std::string_view word,
                                        const std::vector<std::string>& candidates, size_t max = 3);

// "did you mean 'A', 'B' or 'C'?" or "" when there is nothing close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace actorgraph
