#include "common/words.h"

#include <gtest/gtest.h>

namespace actorgraph {
namespace {

using Words = std::vector<std::string>;

TEST(WordsTest, SplitsAtSpacesDroppingEmptyPieces) {
  EXPECT_EQ(SplitWords("al qaida"), (Words{"al", "qaida"}));
  EXPECT_EQ(SplitWords("  al   qaida  "), (Words{"al", "qaida"}));
  EXPECT_EQ(SplitWords("one"), (Words{"one"}));
  EXPECT_TRUE(SplitWords("").empty());
  EXPECT_TRUE(SplitWords("   ").empty());
}

TEST(WordsTest, SplitNonEmptyTakesTheSeparator) {
  EXPECT_EQ(SplitNonEmpty("a\n\nb c\n", '\n'), (Words{"a", "b c"}));
  EXPECT_TRUE(SplitNonEmpty("\n", '\n').empty());
}

TEST(WordsTest, OnlySpaceSeparates) {
  EXPECT_EQ(SplitWords("a\tb c-d"), (Words{"a\tb", "c-d"}));
}

TEST(WordsTest, ForEachWordVisitsWhatSplitWordsReturns) {
  for (const char* s : {"al qaida", "  al   qaida  ", "one", "", "   ", "a\tb c-d", " x"}) {
    Words seen;
    ForEachWord(s, [&](std::string_view w) { seen.emplace_back(w); });
    EXPECT_EQ(seen, SplitWords(s)) << '"' << s << '"';
  }
}

}  // namespace
}  // namespace actorgraph
