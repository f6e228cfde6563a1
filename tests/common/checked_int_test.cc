#include "common/checked_int.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/temporal.h"

namespace actorgraph {
namespace {

TEST(TruncToInt64, TakesTheIntegerPartOfWhatFits) {
  EXPECT_EQ(TruncToInt64(2.9L), 2);
  EXPECT_EQ(TruncToInt64(-2.9L), -2);
  EXPECT_EQ(TruncToInt64(-9223372036854775808.0L), INT64_MIN);
  EXPECT_EQ(TruncToInt64(9223372036854775807.0L), INT64_MAX);  // exact in long double
  EXPECT_EQ(TruncToInt64(9223372036854775807.5L), INT64_MAX);
  EXPECT_EQ(TruncToInt64(-9223372036854775808.5L), INT64_MIN);
}

TEST(TruncToInt64, RefusesWhatDoesNot) {
  EXPECT_FALSE(TruncToInt64(9223372036854775808.0L));  // 2^63
  EXPECT_FALSE(TruncToInt64(-9223372036854775809.0L));
  EXPECT_FALSE(TruncToInt64(1e30L));
  EXPECT_FALSE(TruncToInt64(-1e30L));
  EXPECT_FALSE(TruncToInt64(std::numeric_limits<long double>::infinity()));
  EXPECT_FALSE(TruncToInt64(-std::numeric_limits<long double>::infinity()));
  EXPECT_FALSE(TruncToInt64(std::nanl("")));
  // A double's 2^63 (what 9223372036854775807.0 rounds to) does not fit.
  EXPECT_FALSE(TruncToInt64(static_cast<double>(INT64_MAX)));
}

TEST(DurationLimits, PartsBeyond64BitsHaveNoDuration) {
  EXPECT_FALSE(MakeDuration(1e19L, 0, 0, 0));
  EXPECT_FALSE(MakeDuration(0, -1e19L, 0, 0));
  // Seconds that fit, plus nanoseconds whose whole seconds carry past the limit.
  EXPECT_FALSE(MakeDuration(0, 0, 9223372036854775807.0L, 9223372036854775807.0L));
  const auto d = MakeDuration(0, 0, 9223372036854775806.0L, 1.5e9L);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, INT64_MAX);
  EXPECT_EQ(d->nanos, 500'000'000);
  const auto neg = MakeDuration(0, 0, -1, -1);  // -1 s - 1 ns = -2 s + 999,999,999 ns
  ASSERT_TRUE(neg);
  EXPECT_EQ(neg->seconds, -2);
  EXPECT_EQ(neg->nanos, 999'999'999);

  const Temporal big = ExactDuration(INT64_MAX - 1, 0, 0, 0);
  EXPECT_FALSE(AddDurations(big, ExactDuration(2, 0, 0, 0), 1));
  EXPECT_TRUE(AddDurations(big, ExactDuration(1, 0, 0, 0), 1));
  EXPECT_FALSE(AddDurations(ExactDuration(0, 0, 0, 0), ExactDuration(INT64_MIN, 0, 0, 0), -1));
  // The nanoseconds' carry into seconds at the limit.
  EXPECT_FALSE(AddDurations(ExactDuration(0, 0, INT64_MAX - 1, 600'000'000),
                            ExactDuration(0, 0, 1, 600'000'000), 1));
  EXPECT_FALSE(ScaleDuration(ExactDuration(12, 0, 0, 0), 1e18L));
}

TEST(DurationLimits, DatesStayWithinTheirYears) {
  Temporal last;
  last.type = TemporalType::kDate;
  last.day = CivilToDays(kMaxYear, 12, 30);
  const auto ok = AddDuration(last, ExactDuration(0, 1, 0, 0), 1);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->day, CivilToDays(kMaxYear, 12, 31));
  EXPECT_FALSE(AddDuration(last, ExactDuration(0, 2, 0, 0), 1));
  EXPECT_FALSE(AddDuration(last, ExactDuration(INT64_MAX, 0, 0, 0), 1));
  EXPECT_FALSE(AddDuration(last, ExactDuration(0, INT64_MIN, 0, 0), -1));
  EXPECT_FALSE(AddDuration(last, ExactDuration(0, 0, INT64_MAX, 0), 1));
  // Times of day wrap around midnight, whatever the duration.
  Temporal noon;
  noon.type = TemporalType::kLocalTime;
  noon.nano = int64_t{12} * 3600 * 1'000'000'000;
  const auto t = AddDuration(noon, ExactDuration(0, 0, INT64_MAX, 0), 1);
  ASSERT_TRUE(t);
  EXPECT_GE(t->nano, 0);
}

}  // namespace
}  // namespace actorgraph
