#include "common/ascii.h"

#include <gtest/gtest.h>

namespace actorgraph {
namespace {

TEST(AsciiTest, LowerChangesOnlyAsciiLetters) {
  EXPECT_EQ(LowerAscii("Jan 2O24 MATCH_x"), "jan 2o24 match_x");
  // UTF-8 bytes (É is C3 89) are kept as they are.
  EXPECT_EQ(LowerAscii("FÉVRIER"), "fÉvrier");
  EXPECT_EQ(LowerAscii(""), "");
}

TEST(AsciiTest, UpperChangesOnlyAsciiLetters) {
  EXPECT_EQ(UpperAscii("approx. dé"), "APPROX. Dé");
  EXPECT_EQ(UpperAsciiChar('z'), 'Z');
  EXPECT_EQ(UpperAsciiChar('{'), '{');
  EXPECT_EQ(LowerAsciiChar('@'), '@');
  EXPECT_EQ(LowerAsciiChar('['), '[');
}

TEST(AsciiTest, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreAsciiCase("Match", "MATCH"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("Match", "MATCHES"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("é", "É"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("[", "{"));
}

}  // namespace
}  // namespace actorgraph
