#include "engine/value_json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace actorgraph {
namespace {

// JSON has no NaN or infinity: nlohmann would write them as null, and a
// reader would take a number for a missing value.
TEST(ValueJson, NonFiniteFloatsAreNamedNotNull) {
  const double nan = std::nan(""), inf = HUGE_VAL;
  EXPECT_EQ(ValueToJson(Value(nan), true), nlohmann::json("NaN"));
  EXPECT_EQ(ValueToJson(Value(inf), true), nlohmann::json("Infinity"));
  EXPECT_EQ(ValueToJson(Value(-inf), true), nlohmann::json("-Infinity"));
  EXPECT_EQ(ValueToJson(Value(nan)).dump(), R"({"$float":"NaN"})");
  EXPECT_EQ(ValueToJson(Value(ValueList{Value(-inf)})).dump(), R"([{"$float":"-Infinity"}])");
  EXPECT_EQ(ValueToJson(Value(1.5)).dump(), "1.5");
  EXPECT_EQ(Value(nan).ToString(), "NaN");
  EXPECT_EQ(Value(-inf).ToString(), "-Infinity");
}

TEST(ValueJson, TaggedFloatsReadBack) {
  for (double d : {std::nan(""), HUGE_VAL, -HUGE_VAL, 2.5}) {
    auto back = ValueFromJson(ValueToJson(Value(d)));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ASSERT_EQ(back->kind(), Value::Kind::kFloat);
    if (std::isnan(d)) EXPECT_TRUE(std::isnan(back->as_float()));
    else EXPECT_EQ(back->as_float(), d);
  }
  EXPECT_FALSE(ValueFromJson(nlohmann::json::parse(R"({"$float": "nan"})")).ok());
}

}  // namespace
}  // namespace actorgraph
