// Value::ToString for floats: what the table, CSV and toString() show.
#include "common/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

namespace actorgraph {
namespace {

TEST(ValueTextTest, FloatsShowTheFewestDigitsThatReadBack) {
  EXPECT_EQ(Value(0.1 + 0.2).ToString(), "0.30000000000000004");
  EXPECT_EQ(Value(1.0 / 3).ToString(), "0.3333333333333333");
  EXPECT_EQ(Value(123456789.123456789).ToString(), "123456789.12345679");
  EXPECT_EQ(Value(0.3).ToString(), "0.3");
  EXPECT_EQ(Value(2.0).ToString(), "2.0");
  EXPECT_EQ(Value(100000.0).ToString(), "100000.0");
  EXPECT_EQ(Value(-0.0).ToString(), "-0.0");
  EXPECT_EQ(Value(1e22).ToString(), "1e+22");
  EXPECT_EQ(Value(std::nan("")).ToString(), "NaN");
  EXPECT_EQ(Value(-std::numeric_limits<double>::infinity()).ToString(), "-Infinity");
}

TEST(ValueTextTest, EveryFiniteFloatReadsBackExactly) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100000; ++i) {
    const uint64_t bits = rng();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    const std::string text = Value(x).ToString();
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), x) << text;
  }
}

}  // namespace
}  // namespace actorgraph
