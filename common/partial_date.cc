#include "common/partial_date.h"

#include <charconv>
#include <cstdio>

namespace actorgraph {

DayNumber DaysFromCivil(int y, int m, int d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

static bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

PartialDate PartialDate::FromDayNumber(DayNumber z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return PartialDate(y + (m <= 2), static_cast<int>(m), static_cast<int>(d));
}

static bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc();
}

Result<PartialDate> PartialDate::Parse(std::string_view text) {
  auto bad = [&](const char* why) {
    return Status::InvalidArgument("bad date '" + std::string(text) + "': " + why +
                                   " (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  };
  // Accept a trailing time part of an ISO timestamp ("2022-03-27T10:00:00Z").
  if (auto t = text.find('T'); t != std::string_view::npos && t == 10) text = text.substr(0, 10);
  int y = 0, m = 0, d = 0;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return bad("wrong length");
  if (!ParseInt(text.substr(0, 4), &y)) return bad("year is not a number");
  if (text.size() >= 7) {
    if (text[4] != '-') return bad("expected '-' after the year");
    if (!ParseInt(text.substr(5, 2), &m) || m < 1 || m > 12) return bad("month out of range");
  }
  if (text.size() == 10) {
    if (text[7] != '-') return bad("expected '-' after the month");
    if (!ParseInt(text.substr(8, 2), &d) || d < 1 || d > DaysInMonth(y, m))
      return bad("day out of range");
  }
  return PartialDate(y, m, d);
}

DayNumber PartialDate::first_day() const {
  return DaysFromCivil(year_, month_ ? month_ : 1, day_ ? day_ : 1);
}

DayNumber PartialDate::last_day() const {
  if (day_) return first_day();
  if (month_) return DaysFromCivil(year_, month_, DaysInMonth(year_, month_));
  return DaysFromCivil(year_, 12, 31);
}

std::string PartialDate::ToString() const {
  char buf[32];
  if (day_)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
  else if (month_)
    std::snprintf(buf, sizeof buf, "%04d-%02d", year_, month_);
  else
    std::snprintf(buf, sizeof buf, "%04d", year_);
  return buf;
}

std::strong_ordering operator<=>(const PartialDate& a, const PartialDate& b) {
  return a.Pack() <=> b.Pack();
}

// Layout: (year + 2^19) << 11 | month << 6 | day << 1. Month 0 / day 0 mean
// unknown and sort before any known month or day of the same period.
uint32_t PartialDate::Pack() const {
  return (static_cast<uint32_t>(year_ + (1 << 19)) << 11) | (static_cast<uint32_t>(month_) << 6) |
         (static_cast<uint32_t>(day_) << 1);
}

PartialDate PartialDate::Unpack(uint32_t p) {
  return PartialDate(static_cast<int>(p >> 11) - (1 << 19), (p >> 6) & 0x1f, (p >> 1) & 0x1f);
}

}  // namespace actorgraph
