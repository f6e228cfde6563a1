#include "query/executor/regex_matcher.h"

#include <gtest/gtest.h>

#include <string>

namespace actorgraph::query {
namespace {

bool Matches(const std::string& pattern, const std::string& text) {
  auto m = RegexMatcher::Compile(pattern);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  auto r = m->FullMatch(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && *r;
}

TEST(RegexMatcher, MatchesTheWholeStringInPerlSyntax) {
  EXPECT_TRUE(Matches("J.*M", "JNIM"));
  EXPECT_FALSE(Matches("JNIM", "xJNIMx"));  // whole string, as Cypher's =~
  EXPECT_TRUE(Matches("(?i)africa corps", "Africa Corps"));
  EXPECT_TRUE(Matches("(?i)société.*", "SOCIÉTÉ GÉNÉRALE"));  // case folding beyond ASCII
  EXPECT_TRUE(Matches("\\p{L}+", "Tombouctou"));
  EXPECT_TRUE(Matches("...", "日本語"));  // code points, not bytes
  EXPECT_TRUE(Matches("Wagner(?= Group).*", "Wagner Group"));
}

// Java's one-letter general categories, which Boost reads otherwise (\p{L}
// as lower case only, \p{N} not at all).
TEST(RegexMatcher, ReadsJavasOneLetterCategories) {
  EXPECT_TRUE(Matches("\\p{L}+", "TOMBOUCTOU"));
  EXPECT_TRUE(Matches("\\pL+", "Gao"));
  EXPECT_TRUE(Matches("\\p{N}+", "2022\u0663"));  // ASCII and Arabic-Indic digits
  EXPECT_TRUE(Matches("\\p{P}", "."));
  EXPECT_TRUE(Matches("\\p{Z}", " "));
  EXPECT_TRUE(Matches("\\P{L}+", "123"));
  EXPECT_FALSE(Matches("\\P{L}", "a"));
  // Inside brackets too (where Boost misread every \p{...}).
  EXPECT_TRUE(Matches("[\\p{L}\\p{N} ]+", "FAMa 2022"));
  EXPECT_TRUE(Matches("[\\p{Lu}]", "T"));
  EXPECT_FALSE(Matches("[\\p{Lu}]", "t"));
  EXPECT_TRUE(Matches("[^\\p{L}]+", "2022"));
  EXPECT_TRUE(Matches("[\\P{L}]", "5"));
  EXPECT_FALSE(Matches("[\\P{L}]", "a"));
  EXPECT_TRUE(Matches("[]\\p{L}]+", "a]b"));  // a ']' first is a character
  EXPECT_TRUE(Matches("[[:digit:]\\p{L}]+", "a1"));
  EXPECT_TRUE(Matches("\\p{Lu}\\p{Ll}+", "Mali"));  // two-letter ones as they are
  // Quoted text and an escaped backslash stay literal.
  EXPECT_TRUE(Matches("\\Q\\p{L}\\E", "\\p{L}"));
  EXPECT_TRUE(Matches("\\\\p\\{L\\}", "\\p{L}"));
}

TEST(RegexMatcher, ABadPatternSaysWhere) {
  auto m = RegexMatcher::Compile("a(b");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("bad regular expression"), std::string::npos);
  EXPECT_NE(m.status().message().find(">>>HERE>>>"), std::string::npos) << m.status().message();
}

TEST(RegexMatcher, BacktrackingPastTheBoundIsAnError) {
  auto m = RegexMatcher::Compile("(a*)*b");
  ASSERT_TRUE(m.ok());
  auto r = m->FullMatch(std::string(40, 'a'));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("make each repetition unambiguous"), std::string::npos)
      << r.status().message();
  // The same pattern on a string it can settle is an answer.
  auto ok = m->FullMatch("aab");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
}

TEST(RegexMatcher, LongStringsNeitherCrashNorOverflow) {
  auto m = RegexMatcher::Compile("(a|b)*");
  ASSERT_TRUE(m.ok());
  auto r = m->FullMatch(std::string(100'000, 'a'));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(*r);
  // Past what the matcher's stack holds: an error, not a crash.
  auto big = m->FullMatch(std::string(1'000'000, 'a'));
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("needs more memory than one match may take"),
            std::string::npos)
      << big.status().message();
}

TEST(RegexMatcher, TextThatIsNotUtf8IsAnError) {
  auto m = RegexMatcher::Compile(".*");
  ASSERT_TRUE(m.ok());
  auto r = m->FullMatch("ab\xff\xfe");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not valid UTF-8"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace actorgraph::query
