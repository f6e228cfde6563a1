// Temporal: openCypher's temporal values other than date — datetime (with an
// offset and maybe a named zone), localdatetime, time (with an offset),
// localtime and duration — with nanosecond precision.
//
// `date` stays PartialDate (the engine's own dates, which may be partial);
// TemporalType::kDate exists only inside computations that mix dates with the
// other kinds (arithmetic, truncation, duration.between) and never in a Value.
//
// Date-times keep their local wall-clock fields (epoch day and nanosecond of
// day); with an offset, the instant is local - offset. A duration keeps
// months, days, seconds and nanoseconds apart, as Cypher does: P1M is not a
// fixed number of days, PT25H is not P1DT1H.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace actorgraph {

enum class TemporalType : uint8_t {
  kDate,
  kLocalTime,
  kTime,
  kLocalDateTime,
  kDateTime,
  kDuration
};

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr int64_t kNanosPerDay = 86'400 * kNanosPerSecond;

struct Temporal {
  TemporalType type = TemporalType::kDuration;
  // Date, date-time and time kinds.
  int64_t day = 0;     // local epoch day (days since 1970-01-01)
  int64_t nano = 0;    // local nanosecond of the day, 0 .. kNanosPerDay - 1
  int32_t offset = 0;  // seconds east of UTC (time, datetime)
  std::string zone;    // IANA zone name (datetime with a named zone), else ""
  // Duration.
  int64_t months = 0, days = 0, seconds = 0;
  int32_t nanos = 0;  // 0 .. 999'999'999; the sign lives in `seconds`

  bool has_date() const {
    return type == TemporalType::kDate || type == TemporalType::kLocalDateTime ||
           type == TemporalType::kDateTime;
  }
  bool has_time() const { return type != TemporalType::kDate && type != TemporalType::kDuration; }
  bool has_offset() const { return type == TemporalType::kTime || type == TemporalType::kDateTime; }
  // Date-times: nanoseconds since the epoch of the local wall clock / of UTC.
  __int128 LocalNanos() const { return static_cast<__int128>(day) * kNanosPerDay + nano; }
  __int128 UtcNanos() const {
    return LocalNanos() - static_cast<__int128>(offset) * kNanosPerSecond;
  }

  // "2015-07-21T21:40:32.142+01:00[Europe/Stockholm]", "P1Y2MT3.5S", ...
  std::string ToString() const;
  static const char* TypeName(TemporalType t);

  friend bool operator==(const Temporal&, const Temporal&) = default;
};

// Division rounding toward negative infinity (days before 1970, negative
// durations), and its remainder, which takes the divisor's sign.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}
inline __int128 FloorDiv128(__int128 a, __int128 b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Proleptic Gregorian calendar over 64-bit day numbers.
int64_t CivilToDays(int64_t y, int m, int d);
void DaysToCivil(int64_t days, int64_t* y, int* m, int* d);
bool IsLeapYear(int64_t y);
int MonthLength(int64_t y, int m);

// Dates and date-times have years in ±kMaxYear (as Neo4j's): arithmetic
// whose result falls outside has none (nullopt below), rather than one
// wrapped around the 64-bit day and month counts.
constexpr int64_t kMaxYear = 999'999'999;

// Makes a duration from possibly fractional parts: fractions of months
// cascade into days and seconds (a month is 2,629,746 s on average), of days
// into seconds (86,400 s), of seconds into nanoseconds. Nullopt when a part
// does not fit in 64 bits.
std::optional<Temporal> MakeDuration(long double months, long double days, long double seconds,
                                     long double nanos);
// Exact: nanoseconds normalized into 0 .. 999'999'999.
Temporal ExactDuration(int64_t months, int64_t days, int64_t seconds, int64_t nanos);

// Cypher ordering within one type (durations by their parts). <0, 0, >0.
int CompareTemporal(const Temporal& a, const Temporal& b);
// Cypher equality: times and date-times at the same instant are equal.
bool TemporalEquals(const Temporal& a, const Temporal& b);

// Sets the offset of a datetime with a named zone for its local time
// (`prefer` wins in an overlap) and moves a local time in a gap forward.
// False when the zone is unknown.
bool ResolveZone(Temporal* t, std::optional<int32_t> prefer = std::nullopt);
// A datetime at `utc_nanos` in `zone` (named) or at `offset`.
Temporal DateTimeAtInstant(__int128 utc_nanos, const std::string& zone, int32_t offset);

// t + sign * d for any non-duration t (dates move by whole days only; times
// wrap around midnight). Precondition: d is a duration. Nullopt when the
// result's year is beyond ±kMaxYear.
std::optional<Temporal> AddDuration(const Temporal& t, const Temporal& d, int sign);
// a + sign * b over durations; a * factor. Nullopt when a part overflows.
std::optional<Temporal> AddDurations(const Temporal& a, const Temporal& b, int sign);
std::optional<Temporal> ScaleDuration(const Temporal& a, long double factor);

}  // namespace actorgraph
