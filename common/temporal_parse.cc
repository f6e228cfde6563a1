#include "common/temporal_parse.h"

#include <cctype>
#include <cmath>
#include <optional>

#include "common/time_zone.h"

namespace actorgraph {

namespace {

bool Digit(char c) {
  return c >= '0' && c <= '9';
}

// A cursor over the text.
struct In {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek(size_t k = 0) const { return i + k < s.size() ? s[i + k] : '\0'; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  size_t digits() const {  // how many digits follow
    size_t n = 0;
    while (Digit(peek(n)))
      ++n;
    return n;
  }
  int64_t take(size_t n) {
    int64_t v = 0;
    for (size_t k = 0; k < n; ++k)
      v = v * 10 + (s[i++] - '0');
    return v;
  }
};

Status Bad(std::string_view text, const std::string& why) {
  return Status::InvalidArgument("cannot read '" + std::string(text) +
                                 "' as a temporal value: " + why);
}

// The date part; `in` stops at 'T' or the end.
Result<int64_t> ParseDate(In& in, std::string_view text) {
  int64_t year;
  if (in.peek() == '+' || in.peek() == '-') {
    const bool neg = in.peek() == '-';
    ++in.i;
    const size_t n = in.digits();
    if (n < 4 || n > 9) return Bad(text, "a signed year needs 4 to 9 digits");
    year = in.take(n);
    if (neg) year = -year;
  } else {
    if (in.digits() < 4) return Bad(text, "a date starts with a 4-digit year");
    year = in.take(4);
  }
  const bool ext = in.accept('-');
  auto range = [&](int64_t v, int64_t lo, int64_t hi, const char* what) -> Status {
    if (v < lo || v > hi) return Bad(text, std::string(what) + " out of range");
    return Status::OK();
  };
  if (in.accept('W')) {
    if (in.digits() < 2) return Bad(text, "a week needs 2 digits");
    const int64_t week = in.take(2);
    int64_t dow = 1;
    if ((ext && in.accept('-')) || (!ext && in.digits() == 1)) {
      if (in.digits() != 1) return Bad(text, "a day of the week needs 1 digit");
      dow = in.take(1);
    }
    AG_RETURN_IF_ERROR(range(dow, 1, 7, "day of week"));
    auto monday1 = [](int64_t y) {
      const int64_t jan4 = CivilToDays(y, 1, 4);
      const int64_t wd = ((jan4 + 3) % 7 + 7) % 7;  // Monday 0
      return jan4 - wd;
    };
    const int64_t weeks = (monday1(year + 1) - monday1(year)) / 7;
    AG_RETURN_IF_ERROR(range(week, 1, weeks, "week"));
    return monday1(year) + (week - 1) * 7 + (dow - 1);
  }
  const size_t n = in.digits();
  if (n == 0) {
    if (ext) return Bad(text, "a month or a day is missing after '-'");
    return CivilToDays(year, 1, 1);
  }
  if (n == 3 || (!ext && n == 3)) {
    const int64_t ord = in.take(3);
    AG_RETURN_IF_ERROR(range(ord, 1, IsLeapYear(year) ? 366 : 365, "ordinal day"));
    return CivilToDays(year, 1, 1) + ord - 1;
  }
  if (n < 2) return Bad(text, "a month needs 2 digits");
  const int64_t month = in.take(2);
  AG_RETURN_IF_ERROR(range(month, 1, 12, "month"));
  int64_t day = 1;
  if ((ext && in.accept('-')) || (!ext && in.digits() == 2)) {
    if (in.digits() != 2) return Bad(text, "a day needs 2 digits");
    day = in.take(2);
    AG_RETURN_IF_ERROR(range(day, 1, MonthLength(year, static_cast<int>(month)), "day"));
  }
  return CivilToDays(year, static_cast<int>(month), static_cast<int>(day));
}

// The time of day in nanoseconds; `in` stops at an offset, a zone or the end.
Result<int64_t> ParseTime(In& in, std::string_view text) {
  if (in.digits() < 2) return Bad(text, "a time starts with a 2-digit hour");
  const int64_t h = in.take(2);
  int64_t m = 0, s = 0, frac = 0;
  const bool ext = in.accept(':');
  if (ext || in.digits() >= 2) {
    if (in.digits() < 2) return Bad(text, "minutes need 2 digits");
    m = in.take(2);
    if ((ext && in.accept(':')) || (!ext && in.digits() >= 2)) {
      if (in.digits() < 2) return Bad(text, "seconds need 2 digits");
      s = in.take(2);
      if (in.accept('.') || in.accept(',')) {
        const size_t n = in.digits();
        if (n == 0 || n > 9) return Bad(text, "a fraction of a second needs 1 to 9 digits");
        frac = in.take(n);
        for (size_t k = n; k < 9; ++k)
          frac *= 10;
      }
    }
  }
  if (h > 23 || m > 59 || s > 59) return Bad(text, "time out of range");
  return ((h * 60 + m) * 60 + s) * kNanosPerSecond + frac;
}

struct Zone {
  std::optional<int32_t> offset;
  std::string name;
};

Result<Zone> ParseZone(In& in, std::string_view text) {
  Zone z;
  if (in.accept('Z')) {
    z.offset = 0;
  } else if (in.peek() == '+' || in.peek() == '-') {
    const int sign = in.peek() == '-' ? -1 : 1;
    ++in.i;
    if (in.digits() < 2) return Bad(text, "an offset needs 2-digit hours");
    int64_t h = in.take(2), m = 0, s = 0;
    const bool ext = in.accept(':');
    if (ext || in.digits() >= 2) {
      if (in.digits() < 2) return Bad(text, "offset minutes need 2 digits");
      m = in.take(2);
      if (ext && in.accept(':')) {
        if (in.digits() < 2) return Bad(text, "offset seconds need 2 digits");
        s = in.take(2);
      }
    }
    if (h > 18 || m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600)
      return Bad(text, "offset out of range (-18:00 to +18:00)");
    z.offset = static_cast<int32_t>(sign * (h * 3600 + m * 60 + s));
  }
  if (in.accept('[')) {
    const size_t end = in.s.find(']', in.i);
    if (end == std::string_view::npos) return Bad(text, "a zone name needs a closing ']'");
    z.name = std::string(in.s.substr(in.i, end - in.i));
    in.i = end + 1;
    if (!TimeZone::Find(z.name)) return Bad(text, "unknown time zone '" + z.name + "'");
  }
  return z;
}

// A decimal number with an optional sign and fraction, as duration parts.
std::optional<long double> Number(In& in) {
  const size_t start = in.i;
  if (in.peek() == '-' || in.peek() == '+') ++in.i;
  if (in.digits() == 0) {
    in.i = start;
    return std::nullopt;
  }
  in.take(in.digits());
  if (in.peek() == '.' || in.peek() == ',') {
    ++in.i;
    in.take(in.digits());
  }
  std::string num(in.s.substr(start, in.i - start));
  for (char& c : num)
    if (c == ',') c = '.';
  return std::strtold(num.c_str(), nullptr);
}

Result<Temporal> ParseDuration(std::string_view text) {
  In in{text};
  int sign = 1;
  if (in.accept('-'))
    sign = -1;
  else
    in.accept('+');
  if (!in.accept('P')) return Bad(text, "a duration starts with 'P'");
  // The alternative form P2012-02-02T14:37:21.545.
  if (in.digits() == 4 && in.peek(4) == '-') {
    const int64_t y = in.take(4);
    in.accept('-');
    if (in.digits() != 2) return Bad(text, "months need 2 digits");
    const int64_t mo = in.take(2);
    if (!in.accept('-') || in.digits() != 2) return Bad(text, "days need 2 digits");
    const int64_t d = in.take(2);
    int64_t nanos = 0;
    if (in.accept('T')) {
      AG_ASSIGN_OR_RETURN(nanos, ParseTime(in, text));
    }
    if (!in.done()) return Bad(text, "unexpected text at the end");
    return ExactDuration(sign * (y * 12 + mo), sign * d, 0, sign * nanos);  // 4-digit years
  }
  long double months = 0, days = 0, seconds = 0;
  bool time = false, any = false;
  while (!in.done()) {
    if (!time && in.accept('T')) {
      time = true;
      continue;
    }
    auto n = Number(in);
    if (!n) return Bad(text, "a number is missing");
    const char unit = in.peek();
    ++in.i;
    any = true;
    if (!time && unit == 'Y')
      months += *n * 12;
    else if (!time && unit == 'M')
      months += *n;
    else if (!time && unit == 'W')
      days += *n * 7;
    else if (!time && unit == 'D')
      days += *n;
    else if (time && unit == 'H')
      seconds += *n * 3600;
    else if (time && unit == 'M')
      seconds += *n * 60;
    else if (time && unit == 'S')
      seconds += *n;
    else
      return Bad(text, "unknown unit");
  }
  if (!any) return Bad(text, "a duration needs at least one part");
  const std::optional<Temporal> d = MakeDuration(sign * months, sign * days, sign * seconds, 0);
  if (!d) return Bad(text, "a part is beyond 64 bits");
  return *d;
}

}  // namespace

Result<Temporal> ParseTemporal(TemporalType type, std::string_view text) {
  if (type == TemporalType::kDuration) return ParseDuration(text);
  In in{text};
  Temporal t;
  t.type = type;
  if (t.has_date()) {
    AG_ASSIGN_OR_RETURN(t.day, ParseDate(in, text));
    if (type == TemporalType::kDate) {
      if (!in.done()) return Bad(text, "unexpected text after the date");
      return t;
    }
    if (in.accept('T')) {
      AG_ASSIGN_OR_RETURN(t.nano, ParseTime(in, text));
    }
  } else {
    in.accept('T');
    AG_ASSIGN_OR_RETURN(t.nano, ParseTime(in, text));
  }
  AG_ASSIGN_OR_RETURN(Zone z, ParseZone(in, text));
  if (!in.done()) return Bad(text, "unexpected text at the end");
  if (!t.has_offset()) return t;  // a local type ignores a given offset
  if (type == TemporalType::kTime) {
    t.offset = z.offset.value_or(0);
    return t;
  }
  t.zone = z.name;
  t.offset = z.offset.value_or(0);
  if (!t.zone.empty()) ResolveZone(&t, z.offset);
  return t;
}

Result<Temporal> ParseTemporalAny(std::string_view text) {
  if (text.find('P') != std::string_view::npos) return ParseDuration(text);
  const size_t tpos = text.find('T');
  const std::string_view time = tpos == std::string_view::npos ? text : text.substr(tpos + 1);
  const bool zoned = time.find_first_of("Z+-[") != std::string_view::npos;
  if (tpos == std::string_view::npos || tpos == 0) {
    if (text.find(':') == std::string_view::npos) return ParseTemporal(TemporalType::kDate, text);
    return ParseTemporal(zoned ? TemporalType::kTime : TemporalType::kLocalTime, text);
  }
  return ParseTemporal(zoned ? TemporalType::kDateTime : TemporalType::kLocalDateTime, text);
}

}  // namespace actorgraph
