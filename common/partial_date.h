// PartialDate: a calendar date known to year, month or day precision, as the
// sources give them ("2022", "2022-03", "2022-03-27"). A partial date stands
// for a range of days: 2022-03 is some day from 2022-03-01 to 2022-03-31.
//
// Thread-safety: a value type.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace actorgraph {

// Days since 1970-01-01 (proleptic Gregorian), negative before.
using DayNumber = int32_t;

enum class DatePrecision : uint8_t { kYear = 1, kMonth = 2, kDay = 3 };

class PartialDate {
 public:
  PartialDate() = default;  // 1970 at year precision; prefer the factories
  static Result<PartialDate> Parse(std::string_view text);
  // Precondition: the fields form a valid date at the given precision.
  static PartialDate Year(int y) { return PartialDate(y, 0, 0); }
  static PartialDate Month(int y, int m) { return PartialDate(y, m, 0); }
  static PartialDate Day(int y, int m, int d) { return PartialDate(y, m, d); }
  static PartialDate FromDayNumber(DayNumber n);

  int year() const { return year_; }
  int month() const { return month_; }  // 0 when unknown
  int day() const { return day_; }      // 0 when unknown
  DatePrecision precision() const {
    return day_ ? DatePrecision::kDay : month_ ? DatePrecision::kMonth : DatePrecision::kYear;
  }

  // The first and the last day this date may stand for.
  DayNumber first_day() const;
  DayNumber last_day() const;

  // "2022", "2022-03" or "2022-03-27".
  std::string ToString() const;

  // Total order used for sorting and equality: by first day, then coarser
  // precision first (2022 < 2022-01 < 2022-01-01).
  friend bool operator==(const PartialDate&, const PartialDate&) = default;
  friend std::strong_ordering operator<=>(const PartialDate& a, const PartialDate& b);

  // 32 bits that sort like operator<=> (used by the key and value encodings).
  uint32_t Pack() const;
  static PartialDate Unpack(uint32_t packed);

 private:
  PartialDate(int y, int m, int d) : year_(y), month_(m), day_(d) {}
  int32_t year_ = 1970;
  int8_t month_ = 0;
  int8_t day_ = 0;
};

DayNumber DaysFromCivil(int y, int m, int d);
int DaysInMonth(int y, int m);

}  // namespace actorgraph
