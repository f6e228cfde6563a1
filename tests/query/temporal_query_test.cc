// Cypher's temporal types (datetime, localdatetime, time, localtime,
// duration) on an open-schema database: construction, formatting, accessors,
// arithmetic, duration.between, truncation, ordering, and storage as
// properties read back after a reopen.
#include <gtest/gtest.h>

#include "common/temporal_parse.h"
#include "engine/coding.h"
#include "engine/database.h"
#include "engine/value_json.h"
#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

class TemporalQueryTest : public testing::QueryFixture {
 protected:
  void SetUp() override { Open(); }
};

TEST_F(TemporalQueryTest, ParsesAndFormatsEachType) {
  EXPECT_EQ(Run("RETURN localtime('214032.142'), time('2140-02'), localdatetime('2015-W30T2140')"),
            "21:40:32.142 | 21:40-02:00 | 2015-07-20T21:40\n");
  EXPECT_EQ(Run("RETURN datetime('2015-07-21T21:40:32.142[Europe/London]')"),
            "2015-07-21T21:40:32.142+01:00[Europe/London]\n");
  EXPECT_EQ(Run("RETURN duration('P0.75M'), duration('P2012-02-02T14:37:21.545')"),
            "P22DT19H51M49.5S | P2012Y2M2DT14H37M21.545S\n");
  EXPECT_EQ(Run("RETURN duration({seconds: -60, milliseconds: -1}), duration({days: 1, "
                "milliseconds: -1})"),
            "PT-1M-0.001S | P1DT-0.001S\n");
  // The engine's partial dates stay partial; week dates are new.
  EXPECT_EQ(Run("RETURN date('2022-03'), date('2015-W30-2')"), "2022-03 | 2015-07-21\n");
  EXPECT_EQ(Run("RETURN time('25:00')").rfind("error:", 0), 0u);
}

TEST_F(TemporalQueryTest, MapsSelectFromOtherTemporals) {
  EXPECT_EQ(Run("WITH date({year: 1984, month: 11, day: 11}) AS d "
                "RETURN date({date: d, quarter: 3}), date({date: d, week: 1})"),
            "1984-08-11 | 1984-01-08\n");
  EXPECT_EQ(Run("WITH time({hour: 12, minute: 31, timezone: '+01:00'}) AS t "
                "RETURN time({time: t, second: 42, timezone: '+05:00'})"),
            "16:31:42+05:00\n");
  EXPECT_EQ(Run("RETURN datetime({year: 1984, month: 10, day: 11, hour: 12, timezone: "
                "'Europe/Stockholm'}).offset"),
            "'+01:00'\n");
}

TEST_F(TemporalQueryTest, Accessors) {
  EXPECT_EQ(Run("WITH datetime({year: 1984, month: 11, day: 11, hour: 12, minute: 31, second: "
                "14, nanosecond: 645876123, timezone: 'Europe/Stockholm'}) AS d "
                "RETURN d.week, d.timezone, d.offsetMinutes, d.epochSeconds, d.epochMillis"),
            "45 | 'Europe/Stockholm' | 60 | 469020674 | 469020674645\n");
  EXPECT_EQ(Run("WITH duration({years: 1, months: 4, days: 10, hours: 1, minutes: 1, seconds: 1, "
                "nanoseconds: 111111111}) AS d "
                "RETURN d.quarters, d.minutes, d.minutesOfHour, d.millisecondsOfSecond"),
            "5 | 61 | 1 | 111\n");
}

TEST_F(TemporalQueryTest, Arithmetic) {
  EXPECT_EQ(Run("WITH duration({years: 12.5, months: 5.5, days: 14.5, hours: 16.5, minutes: "
                "12.5, seconds: 70.5, nanoseconds: 3}) AS d "
                "RETURN date('1984-10-11') + d, localtime('12:31:14.000000001') - d"),
            "1997-10-11 | 02:33:00.499999998\n");
  EXPECT_EQ(Run("RETURN duration('P12Y5M14DT16H13M10.000000001S') * 0.5, "
                "duration('PT1H') + duration('P1D'), duration('PT70S') = duration('PT1M10S')"),
            "P6Y2M22DT13H21M8S | P1DT1H | true\n");
  // Across the end of summer time, a day later is 25 hours later.
  EXPECT_EQ(Run("WITH datetime('2017-10-28T12:00[Europe/Stockholm]') AS d "
                "RETURN d + duration('P1D'), duration.inSeconds(d, d + duration('P1D'))"),
            "2017-10-29T12:00+01:00[Europe/Stockholm] | PT25H\n");
}

TEST_F(TemporalQueryTest, DurationBetween) {
  EXPECT_EQ(Run("RETURN duration.between(datetime('2014-07-21T21:40:36.143+0200'), "
                "datetime('2015-07-21T21:40:32.142+0100'))"),
            "P1YT59M55.999S\n");
  EXPECT_EQ(Run("RETURN duration.between(localdatetime('2018-01-02T10:00:00.1'), "
                "localdatetime('2018-01-01T10:00:00.2'))"),
            "PT-23H-59M-59.9S\n");
  EXPECT_EQ(Run("RETURN duration.inMonths(date('2018-03-11'), date('2016-06-24')), "
                "duration.inDays(time('14:30'), date('2015-06-24'))"),
            "P-1Y-8M | PT0S\n");
}

TEST_F(TemporalQueryTest, Truncate) {
  EXPECT_EQ(Run("WITH datetime({year: 2017, month: 10, day: 11, hour: 12, minute: 31, second: "
                "14, nanosecond: 645876123, timezone: '+01:00'}) AS d "
                "RETURN date.truncate('millennium', d, {day: 2}), "
                "datetime.truncate('millisecond', d, {nanosecond: 2}), "
                "localdatetime.truncate('week', d, {dayOfWeek: 2})"),
            "2000-01-02 | 2017-10-11T12:31:14.645000002+01:00 | 2017-10-10T00:00\n");
}

TEST_F(TemporalQueryTest, ComparesAndOrders) {
  EXPECT_EQ(Run("RETURN time('12:00+01:00') = time('11:00Z'), "
                "localtime('10:00') < localtime('10:00:01'), duration('P1D') < duration('P2D'), "
                "datetime('2015-01-01T00:00Z') < localdatetime('2015-01-01T00:00')"),
            "true | true | null | null\n");
  EXPECT_EQ(Run("UNWIND [localtime('12:31'), localtime('10:35'), localtime('12:30:14')] AS t "
                "RETURN t ORDER BY t"),
            "10:35\n12:30:14\n12:31\n");
}

TEST_F(TemporalQueryTest, StoredAsPropertiesAndReadBack) {
  EXPECT_EQ(Run("CREATE (:Val {dt: datetime('2017-08-08T12:31:14.645876123+02:00[Europe/"
                "Stockholm]'), t: time('12:00-01:30'), lt: localtime('01:02:03.5'), "
                "ldt: localdatetime('1984-10-11T12:31'), d: duration('P1Y-2DT-0.5S'), "
                "l: [duration('PT1S'), duration('PT2S')]})"),
            "");
  Open();  // from storage, not from a cache
  EXPECT_EQ(Run("MATCH (v:Val) RETURN v.dt, v.t, v.lt, v.ldt, v.d, v.l"),
            "2017-08-08T12:31:14.645876123+02:00[Europe/Stockholm] | 12:00-01:30 | "
            "01:02:03.500 | 1984-10-11T12:31 | P1Y-2DT-0.5S | [PT1S, PT2S]\n");
  EXPECT_EQ(Run("MATCH (v:Val) WHERE v.ldt < localdatetime('1990-01-01T00:00') RETURN v.d.days"),
            "-2\n");
}

TEST(TemporalCoding, ValueAndJsonRoundTrip) {
  for (const char* text : {"2015-07-21T21:40:32.142+01:00[Europe/London]", "12:00-01:30",
                           "23:59:59.999999999", "-0001-01-01T00:00", "PT-1M-0.001S"}) {
    auto t = ParseTemporalAny(text);
    ASSERT_TRUE(t.ok()) << text << ": " << t.status().ToString();
    const Value v(*t);
    std::string bytes;
    coding::PutValue(&bytes, v);
    std::string_view in = bytes;
    Value back;
    ASSERT_TRUE(coding::GetValue(&in, &back)) << text;
    EXPECT_EQ(back, v) << text;
    EXPECT_EQ(back.ToString(), text);
    auto from_json = ValueFromJson(ValueToJson(v, /*dates_as_strings=*/false));
    ASSERT_TRUE(from_json.ok()) << from_json.status().ToString();
    EXPECT_EQ(*from_json, v) << text;
  }
  std::string_view truncated = std::string_view("\x09\x05\x01", 3);
  Value v;
  EXPECT_FALSE(coding::GetValue(&truncated, &v));
}

}  // namespace
}  // namespace actorgraph
