#include "query/executor/regex_matcher.h"

// The matcher's own stack, in 4 KiB blocks: Boost's default of 1024 (4 MiB)
// ran out on a repeated group over 50,000 characters; 4096 (16 MiB at most,
// taken as a match needs it) covers about 100,000. Only this file
// instantiates Boost's matcher.
#define BOOST_REGEX_MAX_BLOCKS 4096
#include <boost/regex/icu.hpp>

#include <stdexcept>
#include <string_view>

namespace actorgraph::query {

namespace {

// Java reads \p{L} (and \pL) as the general category Letter; Boost reads
// the one-letter names as its own classes (L: lower case, U: upper, S:
// space) or not at all (N, P, Z, M), so 'Tombouctou' =~ '\p{L}+' was false.
// And inside brackets Boost's u32regex misreads any \p{...} ('[\p{Lu}]' did
// not match 'T'), where its POSIX form [:Lu:] works. So: the seven
// one-letter categories are spelled out, and a property inside brackets
// becomes [:Name:] ([:^Name:] for \P). Everything else, and the inside of
// \Q...\E, stays as written.
std::string JavaCategoryNames(const std::string& p) {
  auto long_name = [](std::string_view n) -> std::string_view {
    if (n.size() != 1) return n;
    switch (n[0]) {
      case 'L':
        return "Letter";
      case 'M':
        return "Mark";
      case 'N':
        return "Number";
      case 'P':
        return "Punctuation";
      case 'S':
        return "Symbol";
      case 'Z':
        return "Separator";
      case 'C':
        return "Other";
      default:
        return n;
    }
  };
  std::string out;
  out.reserve(p.size() + 16);
  bool in_class = false;
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c != '\\' || i + 1 >= p.size()) {
      if (!in_class && c == '[') {
        // A class: a ']' first (after an optional '^') is one of its characters.
        in_class = true;
        size_t j = i + 1;
        if (j < p.size() && p[j] == '^') ++j;
        if (j < p.size() && p[j] == ']') ++j;
        out.append(p, i, j - i);
        i = j;
      } else if (in_class && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
        const size_t close = p.find(":]", i + 2);  // a POSIX class, kept whole
        const size_t stop = close == std::string::npos ? p.size() : close + 2;
        out.append(p, i, stop - i);
        i = stop;
      } else {
        if (in_class && c == ']') in_class = false;
        out += c;
        ++i;
      }
      continue;
    }
    const char e = p[i + 1];
    if (e == 'Q') {  // quoted up to \E (or the end)
      const size_t close = p.find("\\E", i + 2);
      const size_t stop = close == std::string::npos ? p.size() : close + 2;
      out.append(p, i, stop - i);
      i = stop;
      continue;
    }
    if (e == 'p' || e == 'P') {
      std::string_view name;
      size_t len = 0;  // of the escape
      if (i + 2 < p.size() && p[i + 2] == '{') {
        const size_t close = p.find('}', i + 3);
        if (close != std::string::npos) {
          name = std::string_view(p).substr(i + 3, close - i - 3);
          len = close + 1 - i;
        }
      } else if (i + 2 < p.size()) {
        name = std::string_view(p).substr(i + 2, 1);
        len = 3;
      }
      if (len > 0) {
        name = long_name(name);
        if (in_class)
          out.append("[:").append(e == 'P' ? "^" : "").append(name).append(":]");
        else
          out.append(1, '\\').append(1, e).append("{").append(name).append("}");
        i += len;
        continue;
      }
    }
    out.append(p, i, 2);  // any other escape, kept whole
    i += 2;
  }
  return out;
}

}  // namespace

struct RegexMatcher::Compiled {
  boost::u32regex re;
};

Result<RegexMatcher> RegexMatcher::Compile(const std::string& pattern) {
  try {
    auto c = std::make_shared<Compiled>();
    c->re = boost::make_u32regex(JavaCategoryNames(pattern), boost::regex::perl);
    return RegexMatcher(pattern, std::move(c));
  } catch (const std::exception& e) {  // boost::regex_error, or a pattern that is not UTF-8
    return Status::InvalidArgument(std::string("bad regular expression: ") + e.what());
  }
}

Result<bool> RegexMatcher::FullMatch(const std::string& text) const {
  try {
    return boost::u32regex_match(text, re_->re);
  } catch (const std::out_of_range&) {  // the UTF-8 iterator's
    return Status::InvalidArgument("the string matched against '" + pattern_ +
                                   "' is not valid UTF-8");
  } catch (const std::runtime_error& e) {
    // Past Boost's bounds, on memory ("Ran out of stack space") or on
    // backtracking: an error, not an answer. (Boost throws a plain
    // runtime_error for these, so only its text tells them apart.)
    const std::string head = "the regular expression '" + pattern_ + "' on this string of " +
                             std::to_string(text.size()) + " bytes ";
    if (std::string_view(e.what()).find("stack space") != std::string_view::npos)
      return Status::InvalidArgument(head +
                                     "needs more memory than one match may take (16 MiB): "
                                     "repeat a character class, not a group ('[ab]*', not "
                                     "'(a|b)*')");
    return Status::InvalidArgument(head +
                                   "backtracks past the bound: make each repetition "
                                   "unambiguous (e.g. '(a*)*b' as 'a*b')");
  }
}

}  // namespace actorgraph::query
