// DerivedRelXid: the id a relationship stated without one gets. Databases
// hold these ids, and a re-import finds a relationship again by them, so the
// derivation must not change when the way values are shown does.
#include <gtest/gtest.h>

#include "engine/write_rules.h"

namespace actorgraph {
namespace {

TEST(DerivedRelXid, FloatsEnterWithFifteenDigitsAsBefore) {
  // Derived by the release before floats were shown exactly (a native load
  // of OWNS a -> b {percentage: 33.333333333333336}).
  const ValueMap exact = {{"percentage", Value(33.333333333333336)}};
  EXPECT_EQ(DerivedRelXid("OWNS", "a", "b", {}, exact), "OWNS:a:b:770d5153");
  // So two floats that differ only past 15 digits still name one relationship,
  // as they did.
  const ValueMap rounded = {{"percentage", Value(33.3333333333333)}};
  EXPECT_EQ(DerivedRelXid("OWNS", "a", "b", {}, rounded), "OWNS:a:b:770d5153");
  const ValueMap other = {{"percentage", Value(33.3333333333334)}};
  EXPECT_NE(DerivedRelXid("OWNS", "a", "b", {}, other), "OWNS:a:b:770d5153");
  const ValueMap nested = {{"shares", Value(ValueList{Value(0.1 + 0.2)})}};
  const ValueMap nested_rounded = {{"shares", Value(ValueList{Value(0.3)})}};
  EXPECT_EQ(DerivedRelXid("OWNS", "a", "b", {}, nested),
            DerivedRelXid("OWNS", "a", "b", {}, nested_rounded));
}

}  // namespace
}  // namespace actorgraph
