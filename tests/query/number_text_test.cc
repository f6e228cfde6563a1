// Text read as a number by toFloat() and toInteger(): Java's grammar, as in
// Neo4j (query/executor/number_text.h).
#include "query/executor/number_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace actorgraph::query::fn {
namespace {

TEST(NumberTextTest, ReadsWhatJavaParseDoubleReads) {
  EXPECT_EQ(ParseFloatText("2.5"), 2.5);
  EXPECT_EQ(ParseFloatText(" \t2.5\n"), 2.5);  // trimmed
  EXPECT_EQ(ParseFloatText("-.5e1"), -5.0);
  EXPECT_EQ(ParseFloatText("+1."), 1.0);
  EXPECT_EQ(ParseFloatText("1e-3"), 0.001);
  EXPECT_EQ(ParseFloatText("1.5d"), 1.5);
  EXPECT_EQ(ParseFloatText("7F"), 7.0);
  EXPECT_EQ(ParseFloatText("0x1.8p1"), 3.0);
  EXPECT_EQ(ParseFloatText("0X10P-4d"), 1.0);
  EXPECT_EQ(ParseFloatText("-Infinity"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloatText("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloatText("1e-400"), 0.0);
  ASSERT_TRUE(ParseFloatText("NaN").has_value());
  EXPECT_TRUE(std::isnan(*ParseFloatText("NaN")));
}

TEST(NumberTextTest, RefusesWhatStrtodAloneWouldRead) {
  for (const char* s : {"0x10", "0x1e3", "inf", "infinity", "nan", "nan(1)", "INFINITY", "NaNd",
                        "",     " ",     ".",   "e5",       "1e",  "1e+",    "0x",       "0xp1",
                        "0x1p", "1.5dd", "1 5", "1_000",    "--1", "+-1",    "1,5",      "١٢"})
    EXPECT_FALSE(ParseFloatText(s).has_value()) << "'" << s << "'";
}

TEST(NumberTextTest, IntegerTextExactlyOrNotAtAll) {
  bool is_integer = false;
  EXPECT_EQ(ParseIntegerText(" +42 ", &is_integer), 42);
  EXPECT_TRUE(is_integer);
  EXPECT_EQ(ParseIntegerText("-9223372036854775808", &is_integer),
            std::numeric_limits<int64_t>::min());
  // Beyond the integers: integer text, but no value.
  EXPECT_FALSE(ParseIntegerText("9223372036854775808", &is_integer).has_value());
  EXPECT_TRUE(is_integer);
  for (const char* s : {"4.0", "1e3", "0x10", "", "+", "-"}) {
    EXPECT_FALSE(ParseIntegerText(s, &is_integer).has_value()) << s;
    EXPECT_FALSE(is_integer) << s;
  }
}

}  // namespace
}  // namespace actorgraph::query::fn
