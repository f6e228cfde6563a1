#include "common/interval.h"
#include "common/partial_date.h"

#include <gtest/gtest.h>

namespace actorgraph {
namespace {

TEST(PartialDate, ParsesEachPrecision) {
  auto y = PartialDate::Parse("2022");
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->precision(), DatePrecision::kYear);
  EXPECT_EQ(y->ToString(), "2022");
  auto m = PartialDate::Parse("2022-03");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->precision(), DatePrecision::kMonth);
  EXPECT_EQ(m->month(), 3);
  auto d = PartialDate::Parse("2022-03-27");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->precision(), DatePrecision::kDay);
  EXPECT_EQ(d->ToString(), "2022-03-27");
}

TEST(PartialDate, RejectsMalformedDates) {
  for (const char* bad : {"", "22", "2022-13", "2022-02-30", "2022/03/01", "abcd", "2022-3-1"}) {
    auto r = PartialDate::Parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("bad date"), std::string::npos);
  }
  EXPECT_TRUE(PartialDate::Parse("2024-02-29").ok());
  EXPECT_FALSE(PartialDate::Parse("2023-02-29").ok());
}

TEST(PartialDate, DayRangesFollowPrecision) {
  auto m = *PartialDate::Parse("2022-02");
  EXPECT_EQ(PartialDate::FromDayNumber(m.first_day()).ToString(), "2022-02-01");
  EXPECT_EQ(PartialDate::FromDayNumber(m.last_day()).ToString(), "2022-02-28");
  auto y = *PartialDate::Parse("2020");
  EXPECT_EQ(y.last_day() - y.first_day(), 365);  // leap year
  EXPECT_EQ(PartialDate::Parse("1970-01-01")->first_day(), 0);
}

TEST(PartialDate, OrdersCoarserFirstAndPacksInOrder) {
  auto a = *PartialDate::Parse("2022"), b = *PartialDate::Parse("2022-01"),
       c = *PartialDate::Parse("2022-01-01"), d = *PartialDate::Parse("2021-12-31");
  EXPECT_LT(d, a);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(a.Pack(), b.Pack());
  EXPECT_EQ(PartialDate::Unpack(c.Pack()), c);
  auto old = *PartialDate::Parse("0800-05-01");
  EXPECT_EQ(PartialDate::Unpack(old.Pack()).ToString(), "0800-05-01");
}

ValidInterval Iv(const char* from, const char* to) {
  ValidInterval iv;
  if (from) iv.from = *PartialDate::Parse(from);
  if (to) iv.to = *PartialDate::Parse(to);
  return iv;
}

TEST(ValidInterval, PartialStartIsNotKnownInsideItsMonth) {
  ValidInterval iv = Iv("2022-03", nullptr);
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2022-03-05")), Truth::kUnknown);
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2022-04-10")), Truth::kTrue);
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2022-02-10")), Truth::kFalse);
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2022-03-31")), Truth::kTrue);
}

TEST(ValidInterval, EndIsExclusiveAndPartialEndsAreFuzzy) {
  ValidInterval day = Iv("2022-03-27", "2022-04-01");
  EXPECT_EQ(day.HoldsAt(*PartialDate::Parse("2022-03-31")), Truth::kTrue);
  EXPECT_EQ(day.HoldsAt(*PartialDate::Parse("2022-04-01")), Truth::kFalse);
  ValidInterval fuzzy_end = Iv("2013", "2022-06");
  EXPECT_EQ(fuzzy_end.HoldsAt(*PartialDate::Parse("2022-05-31")), Truth::kTrue);
  EXPECT_EQ(fuzzy_end.HoldsAt(*PartialDate::Parse("2022-06-15")), Truth::kUnknown);
  EXPECT_EQ(fuzzy_end.HoldsAt(*PartialDate::Parse("2022-07-01")), Truth::kFalse);
  // A partial query date holds only if the fact covers all of it.
  EXPECT_EQ(day.HoldsAt(*PartialDate::Parse("2022-03")), Truth::kUnknown);
  EXPECT_EQ(Iv(nullptr, nullptr).HoldsAt(*PartialDate::Parse("1900")), Truth::kTrue);
}

TEST(ValidInterval, OverlapsPeriods) {
  ValidInterval iv = Iv("2021-12", "2023");
  EXPECT_EQ(iv.Overlaps(*PartialDate::Parse("2022-01-01"), *PartialDate::Parse("2022-02-01")),
            Truth::kTrue);
  EXPECT_EQ(iv.Overlaps(*PartialDate::Parse("2024-01-01"), std::nullopt), Truth::kFalse);
  EXPECT_EQ(iv.Overlaps(*PartialDate::Parse("2021-11-01"), *PartialDate::Parse("2021-12-05")),
            Truth::kUnknown);
  EXPECT_EQ(iv.Overlaps(std::nullopt, std::nullopt), Truth::kTrue);
}

TEST(ValidInterval, ValidateRejectsBackwardIntervals) {
  EXPECT_FALSE(Iv("2023", "2022").Validate().ok());
  EXPECT_TRUE(Iv("2022", "2023").Validate().ok());
  EXPECT_EQ(Iv("2022-03", nullptr).ToString(), "[2022-03, …)");
}

TEST(ValidInterval, AnEndKnownOnlyBetweenTwoDatesIsUnknownInBetween) {
  // Listed on 2019-02-04; in the 2021-08-18 version, gone from the 2022-09-29 one.
  ValidInterval iv = Iv("2019-02-04", "2021-08-19");
  iv.to_latest = *PartialDate::Parse("2022-09-29");
  EXPECT_TRUE(iv.Validate().ok());
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2021-08-18")), Truth::kTrue);
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2022-01-10")), Truth::kUnknown);
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2022-09-28")), Truth::kUnknown);
  // The newer version no longer shows it: certainly ended by then.
  EXPECT_EQ(iv.HoldsAt(*PartialDate::Parse("2022-09-29")), Truth::kFalse);
  EXPECT_EQ(iv.Overlaps(*PartialDate::Parse("2022-01-01"), *PartialDate::Parse("2022-02-01")), Truth::kUnknown);
  EXPECT_EQ(iv.ToString(), "[2019-02-04, 2021-08-19…2022-09-29)");
  ValidInterval backwards = iv;
  backwards.to_latest = *PartialDate::Parse("2020");
  EXPECT_FALSE(backwards.Validate().ok());
  ValidInterval no_end;
  no_end.to_latest = *PartialDate::Parse("2020");
  EXPECT_FALSE(no_end.Validate().ok());
}

}  // namespace
}  // namespace actorgraph
