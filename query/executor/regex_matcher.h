// RegexMatcher: Cypher's `=~`, a match of the whole string, in Perl syntax
// (what Neo4j's Java regular expressions also read: inline flags such as
// (?i), \p{L}, lookarounds), over code points rather than bytes.
//
// Boost.Regex (its ICU-aware u32regex) rather than std::regex, because
// libstdc++'s std::regex
//   - recurses once per character: `=~ '(a|b)*'` on a 300,000-character
//     string overflowed the stack and killed the process (a server with it);
//   - has no bound on backtracking: '(a*)*b' against 36 a's ran for minutes
//     and held a server worker that no query timeout could stop;
//   - reads no inline flags: '(?i)wagner', the usual Cypher idiom for a
//     case-insensitive match, was a syntax error.
// Boost's matcher keeps its own stack and throws once backtracking passes a
// bound; FullMatch turns that into a query error.
//
// Thread-safety: a compiled matcher is immutable; copies share it.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace actorgraph::query {

class RegexMatcher {
 public:
  // An error for a pattern that does not parse (the message points at where).
  static Result<RegexMatcher> Compile(const std::string& pattern);

  // Whether the whole of `text` matches. An error when the match backtracks
  // past the bound, or when `text` is not UTF-8.
  Result<bool> FullMatch(const std::string& text) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Compiled;
  RegexMatcher(std::string pattern, std::shared_ptr<const Compiled> re)
      : pattern_(std::move(pattern)), re_(std::move(re)) {}
  std::string pattern_;
  std::shared_ptr<const Compiled> re_;
};

}  // namespace actorgraph::query
