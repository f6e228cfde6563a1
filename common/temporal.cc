#include "common/temporal.h"

#include "common/checked_int.h"

#include <cmath>
#include <cstdio>

#include "common/time_zone.h"

namespace actorgraph {

namespace {

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

std::string Pad(int64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  return buf;
}

std::string DateText(int64_t days) {
  int64_t y;
  int m, d;
  DaysToCivil(days, &y, &m, &d);
  std::string year = y < 0 ? "-" + Pad(-y, 4) : y > 9999 ? "+" + Pad(y, 4) : Pad(y, 4);
  return year + "-" + Pad(m, 2) + "-" + Pad(d, 2);
}

// Java's LocalTime form: HH:MM, then :SS and a fraction of 3, 6 or 9 digits.
std::string TimeText(int64_t nano) {
  const int64_t s = nano / kNanosPerSecond, frac = nano % kNanosPerSecond;
  std::string out = Pad(s / 3600, 2) + ":" + Pad(s / 60 % 60, 2);
  if (s % 60 == 0 && frac == 0) return out;
  out += ":" + Pad(s % 60, 2);
  if (frac == 0) return out;
  if (frac % 1'000'000 == 0) return out + "." + Pad(frac / 1'000'000, 3);
  if (frac % 1'000 == 0) return out + "." + Pad(frac / 1'000, 6);
  return out + "." + Pad(frac, 9);
}

std::string OffsetText(int32_t off) {
  if (off == 0) return "Z";
  const int32_t a = off < 0 ? -off : off;
  std::string out = std::string(off < 0 ? "-" : "+") + Pad(a / 3600, 2) + ":" + Pad(a / 60 % 60, 2);
  if (a % 60) out += ":" + Pad(a % 60, 2);
  return out;
}

std::string DurationText(const Temporal& t) {
  std::string out = "P";
  const int64_t years = t.months / 12, months = t.months % 12;
  if (years) out += std::to_string(years) + "Y";
  if (months) out += std::to_string(months) + "M";
  if (t.days) out += std::to_string(t.days) + "D";
  int64_t s = t.seconds, n = t.nanos;
  const bool negative = s < 0;
  if (negative && n) {  // -1.5 s is kept as -2 s + 0.5e9 ns
    ++s;
    n = kNanosPerSecond - n;
  }
  const int64_t h = s / 3600, m = s % 3600 / 60;
  s %= 60;
  std::string time;
  if (h) time += std::to_string(h) + "H";
  if (m) time += std::to_string(m) + "M";
  if (s || n) {
    if (negative && s == 0) time += "-";
    time += std::to_string(s);
    if (n) {
      std::string f = Pad(n, 9);
      while (f.back() == '0')
        f.pop_back();
      time += "." + f;
    }
    time += "S";
  }
  if (!time.empty()) out += "T" + time;
  return out == "P" ? "PT0S" : out;
}

// The local date `months` later, with its day clamped to the month's length.
int64_t PlusMonths(int64_t day, int64_t months) {
  if (months == 0) return day;
  int64_t y;
  int m, d;
  DaysToCivil(day, &y, &m, &d);
  const int64_t total = y * 12 + (m - 1) + months;
  const int64_t ny = FloorDiv(total, 12);
  const int nm = static_cast<int>(FloorMod(total, 12)) + 1;
  return CivilToDays(ny, nm, std::min(d, MonthLength(ny, nm)));
}

}  // namespace

bool IsLeapYear(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int MonthLength(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t CivilToDays(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void DaysToCivil(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

const char* Temporal::TypeName(TemporalType t) {
  switch (t) {
    case TemporalType::kDate:
      return "date";
    case TemporalType::kLocalTime:
      return "localtime";
    case TemporalType::kTime:
      return "time";
    case TemporalType::kLocalDateTime:
      return "localdatetime";
    case TemporalType::kDateTime:
      return "datetime";
    case TemporalType::kDuration:
      return "duration";
  }
  return "?";
}

std::string Temporal::ToString() const {
  switch (type) {
    case TemporalType::kDate:
      return DateText(day);
    case TemporalType::kLocalTime:
      return TimeText(nano);
    case TemporalType::kTime:
      return TimeText(nano) + OffsetText(offset);
    case TemporalType::kLocalDateTime:
      return DateText(day) + "T" + TimeText(nano);
    case TemporalType::kDateTime:
      return DateText(day) + "T" + TimeText(nano) + OffsetText(offset) +
             (zone.empty() ? "" : "[" + zone + "]");
    case TemporalType::kDuration:
      return DurationText(*this);
  }
  return "?";
}

Temporal ExactDuration(int64_t months, int64_t days, int64_t seconds, int64_t nanos) {
  Temporal t;
  t.type = TemporalType::kDuration;
  t.months = months;
  t.days = days;
  t.seconds = seconds + FloorDiv(nanos, kNanosPerSecond);
  t.nanos = static_cast<int32_t>(FloorMod(nanos, kNanosPerSecond));
  return t;
}

std::optional<Temporal> MakeDuration(long double months, long double days, long double seconds,
                                     long double nanos) {
  const long double m = std::trunc(months);
  const long double all_days = days + (months - m) * 2629746.0L / 86400.0L;
  const long double d = std::trunc(all_days);
  const long double all_seconds = seconds + (all_days - d) * 86400.0L;
  const long double s = std::trunc(all_seconds);
  const long double n = std::round(nanos + (all_seconds - s) * 1e9L);
  // Whole seconds of the nanoseconds join the seconds: that sum must fit.
  const long double carry = std::floor(n / 1e9L);
  const std::optional<int64_t> im = TruncToInt64(m), id = TruncToInt64(d),
                               is = TruncToInt64(s + carry);
  if (!im || !id || !is) return std::nullopt;
  Temporal t;
  t.type = TemporalType::kDuration;
  t.months = *im;
  t.days = *id;
  t.seconds = *is;
  t.nanos = static_cast<int32_t>(n - carry * 1e9L);  // 0 .. 999'999'999
  return t;
}

int CompareTemporal(const Temporal& a, const Temporal& b) {
  if (a.type != b.type) return Cmp(a.type, b.type);
  switch (a.type) {
    case TemporalType::kDate:
    case TemporalType::kLocalDateTime:
    case TemporalType::kLocalTime:
      return Cmp(a.LocalNanos(), b.LocalNanos());
    case TemporalType::kTime:
    case TemporalType::kDateTime:
      if (int c = Cmp(a.UtcNanos(), b.UtcNanos())) return c;
      if (int c = Cmp(a.offset, b.offset)) return c;
      return Cmp(a.zone, b.zone);
    case TemporalType::kDuration:
      if (int c = Cmp(a.months, b.months)) return c;
      if (int c = Cmp(a.days, b.days)) return c;
      if (int c = Cmp(a.seconds, b.seconds)) return c;
      return Cmp(a.nanos, b.nanos);
  }
  return 0;
}

bool TemporalEquals(const Temporal& a, const Temporal& b) {
  if (a.type != b.type) return false;
  if (a.has_offset()) return a.UtcNanos() == b.UtcNanos();
  return CompareTemporal(a, b) == 0;
}

Temporal DateTimeAtInstant(__int128 utc_nanos, const std::string& zone, int32_t offset) {
  Temporal t;
  t.type = TemporalType::kDateTime;
  t.zone = zone;
  t.offset = offset;
  if (!zone.empty())
    if (const TimeZone* tz = TimeZone::Find(zone))
      t.offset = tz->OffsetAt(static_cast<int64_t>(FloorDiv128(utc_nanos, kNanosPerSecond)));
  const __int128 local = utc_nanos + static_cast<__int128>(t.offset) * kNanosPerSecond;
  t.day = static_cast<int64_t>(FloorDiv128(local, kNanosPerDay));
  t.nano = static_cast<int64_t>(local - static_cast<__int128>(t.day) * kNanosPerDay);
  return t;
}

bool ResolveZone(Temporal* t, std::optional<int32_t> prefer) {
  const TimeZone* tz = TimeZone::Find(t->zone);
  if (!tz) return false;
  const int64_t local_s = static_cast<int64_t>(FloorDiv128(t->LocalNanos(), kNanosPerSecond));
  const int32_t off = tz->OffsetForLocal(local_s, prefer);
  *t = DateTimeAtInstant(t->LocalNanos() - static_cast<__int128>(off) * kNanosPerSecond, t->zone,
                         off);
  return true;
}

// AddDuration once the duration is known not to overflow the sums.
static Temporal AddDurationInRange(const Temporal& t, const Temporal& d, int sign) {
  Temporal r = t;
  const __int128 span =
      sign * (static_cast<__int128>(d.seconds) * kNanosPerSecond + static_cast<__int128>(d.nanos));
  if (!t.has_date()) {  // times wrap around midnight
    const __int128 n =
        (static_cast<__int128>(t.nano) + span % kNanosPerDay + kNanosPerDay) % kNanosPerDay;
    r.nano = static_cast<int64_t>(n);
    return r;
  }
  r.day = PlusMonths(t.day, sign * d.months) + sign * d.days;
  if (t.type == TemporalType::kDate) {
    r.day += static_cast<int64_t>(span / kNanosPerDay);  // whole days, toward zero
    return r;
  }
  if (t.type == TemporalType::kDateTime && !t.zone.empty()) {
    ResolveZone(&r, t.offset);
    return DateTimeAtInstant(r.UtcNanos() + span, r.zone, r.offset);
  }
  const __int128 local = r.LocalNanos() + span;
  r.day = static_cast<int64_t>(FloorDiv128(local, kNanosPerDay));
  r.nano = static_cast<int64_t>(local - static_cast<__int128>(r.day) * kNanosPerDay);
  return r;
}

std::optional<Temporal> AddDuration(const Temporal& t, const Temporal& d, int sign) {
  // Far beyond any two dates in range apart (2e9 years): also keeps
  // AddDurationInRange's sums from overflowing.
  constexpr int64_t kMonths = 24 * (kMaxYear + 1), kDays = 366 * 2 * (kMaxYear + 1);
  if (t.has_date() && (d.months > kMonths || d.months < -kMonths || d.days > kDays ||
                       d.days < -kDays || d.seconds / 86400 > kDays || d.seconds / 86400 < -kDays))
    return std::nullopt;
  const Temporal r = AddDurationInRange(t, d, sign);
  if (r.has_date()) {
    static const int64_t kFirstDay = CivilToDays(-kMaxYear, 1, 1),
                         kLastDay = CivilToDays(kMaxYear, 12, 31);
    if (r.day < kFirstDay || r.day > kLastDay) return std::nullopt;
  }
  return r;
}

std::optional<Temporal> AddDurations(const Temporal& a, const Temporal& b, int sign) {
  // sign * b.x overflows only for INT64_MIN; the seconds get one more for a
  // carry of the nanoseconds (each below 10^9, their sum below 2 * 10^9).
  int64_t months, days, seconds;
  if (__builtin_mul_overflow(sign, b.months, &months) ||
      __builtin_add_overflow(a.months, months, &months) ||
      __builtin_mul_overflow(sign, b.days, &days) || __builtin_add_overflow(a.days, days, &days) ||
      __builtin_mul_overflow(sign, b.seconds, &seconds) ||
      __builtin_add_overflow(a.seconds, seconds, &seconds) || seconds == INT64_MAX ||
      seconds == INT64_MIN)
    return std::nullopt;
  return ExactDuration(months, days, seconds, int64_t{a.nanos} + sign * int64_t{b.nanos});
}

std::optional<Temporal> ScaleDuration(const Temporal& a, long double factor) {
  return MakeDuration(a.months * factor, a.days * factor, a.seconds * factor, a.nanos * factor);
}

}  // namespace actorgraph
