#include "query/executor/temporal_functions.h"

#include <cctype>
#include <chrono>
#include <cmath>

#include "common/ascii.h"
#include "common/temporal_parse.h"
#include "common/time_zone.h"
#include "query/executor/date_fields.h"

namespace actorgraph::query {

namespace {

using K = Value::Kind;
using T = TemporalType;
using Args = std::vector<Value>;

Status Err(const std::string& fn, const std::string& why) {
  return Status::InvalidArgument("runtime error: " + fn + "(): " + why);
}
Status OutOfRange(const std::string& fn) {
  return Err(fn, "the result is out of range (years beyond ±" + std::to_string(kMaxYear) + ")");
}
Status TypeErr(const std::string& fn, const std::string& why) {
  return Status::InvalidArgument("type error: " + fn + "(): " + why);
}

// ISO weeks: Monday 1 .. Sunday 7; week 1 holds the year's first Thursday.
int IsoWeekday(int64_t day) {
  return static_cast<int>(FloorMod(day + 3, 7)) + 1;
}
int64_t FirstMonday(int64_t y) {
  const int64_t jan4 = CivilToDays(y, 1, 4);
  return jan4 - (IsoWeekday(jan4) - 1);
}
int64_t WeekYear(int64_t day) {
  int64_t y;
  int m, d;
  DaysToCivil(day - (IsoWeekday(day) - 1) + 3, &y, &m, &d);  // the week's Thursday
  return y;
}
int64_t WeekOfYear(int64_t day) {
  return (day - FirstMonday(WeekYear(day))) / 7 + 1;
}

Temporal DurationOfNanos(int64_t months, int64_t days, __int128 nanos) {
  const __int128 s = FloorDiv128(nanos, kNanosPerSecond);
  return ExactDuration(months, days, static_cast<int64_t>(s),
                       static_cast<int64_t>(nanos - s * kNanosPerSecond));
}

struct ZoneArg {
  std::string name;  // a named zone
  int32_t offset = 0;
};

Result<ZoneArg> ParseZoneArg(const std::string& fn, const Value& v) {
  if (v.kind() != K::kString) return TypeErr(fn, "timezone needs a string");
  const std::string& s = v.as_string();
  ZoneArg z;
  if (!s.empty() && (s[0] == '+' || s[0] == '-' || s == "Z")) {
    auto t = ParseTemporal(T::kTime, "00:00" + s);
    if (!t.ok()) return Err(fn, "cannot read the offset '" + s + "'");
    z.offset = t->offset;
    return z;
  }
  if (!TimeZone::Find(s)) return Err(fn, "unknown time zone '" + s + "'");
  z.name = s;
  return z;
}

// The offset of a time of day in a named zone: the zone's offset now.
int32_t CurrentOffset(const std::string& zone) {
  const TimeZone* tz = TimeZone::Find(zone);
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  return tz ? tz->OffsetAt(s) : 0;
}

Result<Value> DurationFromMap(const ValueMap& m) {
  long double months = 0, days = 0, seconds = 0, nanos = 0;
  for (const auto& [key, v] : m) {
    if (v.is_null()) return Value();
    if (!v.is_number()) return TypeErr("duration", "'" + key + "' needs a number");
    const long double x = v.kind() == K::kInt ? static_cast<long double>(v.as_int()) : v.as_float();
    const std::string k = LowerAscii(key);
    if (k == "years")
      months += x * 12;
    else if (k == "quarters")
      months += x * 3;
    else if (k == "months")
      months += x;
    else if (k == "weeks")
      days += x * 7;
    else if (k == "days")
      days += x;
    else if (k == "hours")
      seconds += x * 3600;
    else if (k == "minutes")
      seconds += x * 60;
    else if (k == "seconds")
      seconds += x;
    else if (k == "milliseconds")
      nanos += x * 1'000'000;
    else if (k == "microseconds")
      nanos += x * 1'000;
    else if (k == "nanoseconds")
      nanos += x;
    else
      return Err("duration", "unknown key '" + key + "'");
  }
  const std::optional<Temporal> d = MakeDuration(months, days, seconds, nanos);
  if (!d) return Err("duration", "a part is beyond 64 bits");
  return Value(*d);
}

// The fields a map may give to a temporal constructor.
enum F {
  kYear,
  kMonth,
  kDay,
  kWeek,
  kDow,
  kQuarter,
  kDoq,
  kOrdinal,
  kHour,
  kMinute,
  kSecond,
  kMilli,
  kMicro,
  kNano,
  kFieldCount
};
const char* const kFieldNames[] = {
    "year",       "month", "day",    "week",   "dayofweek",   "quarter",     "dayofquarter",
    "ordinalday", "hour",  "minute", "second", "millisecond", "microsecond", "nanosecond"};

Result<Value> TemporalFromMap(T type, const ValueMap& m) {
  const char* fn = Temporal::TypeName(type);
  std::optional<int64_t> f[kFieldCount];
  std::optional<Temporal> date_base, time_base, dt_base;
  std::optional<ZoneArg> zone_arg;
  for (const auto& [key, v] : m) {
    const std::string k = LowerAscii(key);
    if (k == "date" || k == "time" || k == "datetime") {
      if (v.is_null()) return Value();
      auto t = AsTemporal(v);
      if (!t || t->type == T::kDuration) return TypeErr(fn, "'" + key + "' needs a temporal value");
      if (k == "date" && !t->has_date()) return TypeErr(fn, "'date' needs a value with a date");
      if (k == "time" && !t->has_time() && t->type != T::kDate)
        return TypeErr(fn, "'time' needs a value with a time");
      (k == "date" ? date_base : k == "time" ? time_base : dt_base) = *t;
      continue;
    }
    if (k == "timezone") {
      if (v.is_null()) return Value();
      AG_ASSIGN_OR_RETURN(ZoneArg z, ParseZoneArg(fn, v));
      zone_arg = z;
      continue;
    }
    size_t i = 0;
    const std::string kk = k == "weekday" ? "dayofweek" : k;
    while (i < kFieldCount && kk != kFieldNames[i])
      ++i;
    if (i == kFieldCount) return Err(fn, "does not know the key '" + key + "'");
    if (v.is_null()) return Value();
    if (v.kind() != K::kInt) return TypeErr(fn, "'" + key + "' needs an integer");
    f[i] = v.as_int();
  }
  Temporal out;
  out.type = type;
  // The bases: datetime gives all, date the date, time the time (and offset).
  std::optional<int64_t> base_day, base_nano;
  std::optional<int32_t> base_offset;
  std::string base_zone;
  if (dt_base) {
    if (dt_base->has_date()) base_day = dt_base->day;
    if (dt_base->has_time())
      base_nano = dt_base->nano;
    else if (dt_base->type == T::kDate)
      base_nano = 0;
    if (dt_base->has_offset()) {
      base_offset = dt_base->offset;
      base_zone = dt_base->zone;
    }
  }
  if (date_base) base_day = date_base->day;
  if (time_base) {
    base_nano = time_base->has_time() ? time_base->nano : 0;
    if (time_base->has_offset()) {
      base_offset = time_base->offset;
      base_zone = time_base->zone;
    }
  }
  auto range = [&](F i, int64_t lo, int64_t hi) -> Status {
    if (f[i] && (*f[i] < lo || *f[i] > hi))
      return Err(fn, std::string(kFieldNames[i]) + " " + std::to_string(*f[i]) +
                         " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) +
                         ")");
    return Status::OK();
  };
  if (out.has_date()) {
    int64_t by = 0;
    int bm = 1, bd = 1;
    if (base_day) DaysToCivil(*base_day, &by, &bm, &bd);
    if (!f[kYear] && !base_day) return Err(fn, "needs a year");
    AG_RETURN_IF_ERROR(range(kYear, -999'999'999, 999'999'999));
    const int64_t y = f[kYear].value_or(by);
    const int systems = (f[kMonth] || f[kDay]) + (f[kWeek] || f[kDow]) + (f[kQuarter] || f[kDoq]) +
                        (f[kOrdinal] ? 1 : 0);
    if (systems > 1) return Err(fn, "mixes calendar, week, quarter and ordinal fields");
    if (f[kWeek] || f[kDow]) {
      if (!f[kWeek] && !base_day) return Err(fn, "dayOfWeek needs a week");
      const int64_t wy = f[kYear] ? *f[kYear] : base_day ? WeekYear(*base_day) : y;
      const int64_t weeks = (FirstMonday(wy + 1) - FirstMonday(wy)) / 7;
      AG_RETURN_IF_ERROR(range(kWeek, 1, weeks));
      AG_RETURN_IF_ERROR(range(kDow, 1, 7));
      const int64_t w = f[kWeek].value_or(base_day ? WeekOfYear(*base_day) : 1);
      const int64_t d = f[kDow].value_or(base_day ? IsoWeekday(*base_day) : 1);
      out.day = FirstMonday(wy) + (w - 1) * 7 + (d - 1);
    } else if (f[kQuarter] || f[kDoq]) {
      AG_RETURN_IF_ERROR(range(kQuarter, 1, 4));
      const int64_t q = f[kQuarter].value_or(base_day ? (bm - 1) / 3 + 1 : 1);
      const int first = static_cast<int>(q - 1) * 3 + 1;
      if (f[kDoq]) {
        const int64_t start = CivilToDays(y, first, 1);
        const int64_t len =
            CivilToDays(first == 10 ? y + 1 : y, first == 10 ? 1 : first + 3, 1) - start;
        AG_RETURN_IF_ERROR(range(kDoq, 1, len));
        out.day = start + *f[kDoq] - 1;
      } else {
        const int month = first + (base_day ? (bm - 1) % 3 : 0);
        out.day = CivilToDays(y, month, std::min(base_day ? bd : 1, MonthLength(y, month)));
      }
    } else if (f[kOrdinal]) {
      AG_RETURN_IF_ERROR(range(kOrdinal, 1, IsLeapYear(y) ? 366 : 365));
      out.day = CivilToDays(y, 1, 1) + *f[kOrdinal] - 1;
    } else {
      if (f[kDay] && !f[kMonth] && !base_day) return Err(fn, "day needs a month");
      AG_RETURN_IF_ERROR(range(kMonth, 1, 12));
      const int mo = static_cast<int>(f[kMonth].value_or(bm));
      AG_RETURN_IF_ERROR(range(kDay, 1, MonthLength(y, mo)));
      const int d = static_cast<int>(f[kDay].value_or(std::min(bd, MonthLength(y, mo))));
      out.day = CivilToDays(y, mo, d);
    }
  } else {
    for (int i = kYear; i <= kOrdinal; ++i)
      if (f[i]) return Err(fn, std::string("a ") + fn + " has no " + kFieldNames[i]);
  }
  if (out.has_time()) {
    const int64_t bn = base_nano.value_or(0);
    const int64_t bs = bn / kNanosPerSecond;
    AG_RETURN_IF_ERROR(range(kHour, 0, 23));
    AG_RETURN_IF_ERROR(range(kMinute, 0, 59));
    AG_RETURN_IF_ERROR(range(kSecond, 0, 59));
    if (f[kMinute] && !f[kHour] && !base_nano) return Err(fn, "minute needs an hour");
    if (f[kSecond] && !f[kMinute] && !base_nano) return Err(fn, "second needs a minute");
    const bool sub = f[kMilli] || f[kMicro] || f[kNano];
    if (sub && !f[kSecond] && !base_nano) return Err(fn, "a fraction of a second needs a second");
    AG_RETURN_IF_ERROR(range(kMilli, 0, 999));
    AG_RETURN_IF_ERROR(range(kMicro, 0, f[kMilli] ? 999 : 999'999));
    AG_RETURN_IF_ERROR(range(kNano, 0, f[kMicro] ? 999 : f[kMilli] ? 999'999 : 999'999'999));
    const int64_t h = f[kHour].value_or(bs / 3600), mi = f[kMinute].value_or(bs / 60 % 60),
                  s = f[kSecond].value_or(bs % 60);
    const int64_t frac = sub ? f[kMilli].value_or(0) * 1'000'000 + f[kMicro].value_or(0) * 1'000 +
                                   f[kNano].value_or(0)
                             : bn % kNanosPerSecond;
    out.nano = ((h * 60 + mi) * 60 + s) * kNanosPerSecond + frac;
  } else {
    for (int i = kHour; i <= kNano; ++i)
      if (f[i]) return Err(fn, std::string("a date has no ") + kFieldNames[i]);
  }
  if (type == T::kTime) {
    if (base_offset && zone_arg) {  // the same instant at another offset
      const int32_t off = zone_arg->name.empty() ? zone_arg->offset : CurrentOffset(zone_arg->name);
      out.nano = FloorMod(out.nano + (static_cast<int64_t>(off) - *base_offset) * kNanosPerSecond,
                          kNanosPerDay);
      out.offset = off;
    } else if (zone_arg) {
      out.offset = zone_arg->name.empty() ? zone_arg->offset : CurrentOffset(zone_arg->name);
    } else {
      out.offset = base_offset.value_or(0);
    }
  } else if (type == T::kDateTime) {
    if (base_offset && zone_arg) {
      out.offset = *base_offset;
      out.zone = base_zone;
      if (!out.zone.empty()) ResolveZone(&out, *base_offset);
      out = DateTimeAtInstant(out.UtcNanos(), zone_arg->name, zone_arg->offset);
    } else if (base_offset) {
      out.offset = *base_offset;
      out.zone = base_zone;
      if (!out.zone.empty()) ResolveZone(&out, *base_offset);
    } else if (zone_arg) {
      out.offset = zone_arg->offset;
      out.zone = zone_arg->name;
      if (!out.zone.empty()) ResolveZone(&out);
    }
  }
  return FromTemporal(out);
}

// The Java rule for whole units between local date-times: the end date
// moves a day toward the start when its time of day has not been reached.
int64_t EndDay(const Temporal& a, const Temporal& b) {
  int64_t end = b.day;
  if (end > a.day && b.nano < a.nano)
    --end;
  else if (end < a.day && b.nano > a.nano)
    ++end;
  return end;
}

int64_t MonthsUntil(int64_t from_day, int64_t to_day) {
  int64_t y1, y2;
  int m1, d1, m2, d2;
  DaysToCivil(from_day, &y1, &m1, &d1);
  DaysToCivil(to_day, &y2, &m2, &d2);
  const int64_t p1 = (y1 * 12 + m1 - 1) * 32 + d1, p2 = (y2 * 12 + m2 - 1) * 32 + d2;
  return (p2 - p1) / 32;
}

// `local` (a date or localdatetime, or a localtime on `on`'s date) in the
// zone of the datetime `on`.
Temporal InZoneOf(const Temporal& local, const Temporal& on) {
  Temporal t = local;
  t.type = T::kDateTime;
  if (!local.has_date()) t.day = on.day;
  if (!local.has_time()) t.nano = 0;
  t.offset = on.offset;
  t.zone = on.zone;
  if (!t.zone.empty()) ResolveZone(&t, on.offset);
  return t;
}

}  // namespace

std::optional<Temporal> AsTemporal(const Value& v) {
  if (v.kind() == K::kTemporal) return v.as_temporal();
  if (v.kind() == K::kDate) {
    Temporal t;
    t.type = T::kDate;
    t.day = v.as_date().first_day();
    return t;
  }
  return std::nullopt;
}

Value FromTemporal(Temporal t) {
  if (t.type == T::kDate) {
    if (t.day >= CivilToDays(0, 1, 1) && t.day <= CivilToDays(9999, 12, 31))
      return Value(PartialDate::FromDayNumber(static_cast<DayNumber>(t.day)));
    t.type = T::kDate;  // outside PartialDate's years: kept as a temporal date
  }
  return Value(std::move(t));
}

Result<Value> ConstructTemporal(T type, const Args& args) {
  const char* fn = Temporal::TypeName(type);
  if (args.empty()) {
    if (type == T::kDuration) return Err(fn, "needs an argument");
    return NowTemporal(type,
                       std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count(),
                       nullptr);
  }
  const Value& v = args[0];
  if (v.is_null()) return Value();
  if (v.kind() == K::kString) {
    auto t = ParseTemporal(type, v.as_string());
    if (!t.ok()) return Err(fn, t.status().message());
    return FromTemporal(*t);
  }
  if (v.kind() == K::kMap) {
    if (type == T::kDuration) return DurationFromMap(v.as_map());
    return TemporalFromMap(type, v.as_map());
  }
  if (auto t = AsTemporal(v)) {
    if (type == T::kDuration) {
      if (t->type == T::kDuration) return v;
      return TypeErr(fn,
                     "cannot make a duration from a " + std::string(Temporal::TypeName(t->type)));
    }
    if (t->type == T::kDuration) return TypeErr(fn, "cannot convert a duration");
    const char* key = type == T::kDate                              ? "date"
                      : (type == T::kTime || type == T::kLocalTime) ? "time"
                                                                    : "datetime";
    return TemporalFromMap(type, {{key, v}});
  }
  return TypeErr(fn, std::string("cannot make a ") + fn + " from a " + Value::KindName(v.kind()));
}

Result<Value> NowTemporal(T type, int64_t now_nanos, const Value* zone) {
  ZoneArg z;
  if (zone) {
    if (zone->is_null()) return Value();
    AG_ASSIGN_OR_RETURN(z, ParseZoneArg(Temporal::TypeName(type), *zone));
  }
  const Value dt(DateTimeAtInstant(now_nanos, z.name, z.offset));
  if (type == T::kDateTime) return dt;
  return ConstructTemporal(type, {dt});
}

Result<Value> TruncateTemporal(T type, const Args& args) {
  const std::string fn = std::string(Temporal::TypeName(type)) + ".truncate";
  if (args[0].is_null() || args[1].is_null()) return Value();
  if (args[0].kind() != K::kString) return TypeErr(fn, "the unit must be a string");
  const std::string unit = LowerAscii(args[0].as_string());
  auto src = AsTemporal(args[1]);
  if (!src || src->type == T::kDuration) return TypeErr(fn, "needs a temporal value to truncate");
  AG_ASSIGN_OR_RETURN(Value conv, ConstructTemporal(type, {args[1]}));
  Temporal t = *AsTemporal(conv);
  static const char* const kUnits[] = {
      "millennium", "century", "decade", "year",   "weekyear", "quarter",     "month",
      "week",       "day",     "hour",   "minute", "second",   "millisecond", "microsecond"};
  int u = 0;
  while (u < 14 && unit != kUnits[u])
    ++u;
  if (u == 14) return Err(fn, "unknown unit '" + args[0].as_string() + "'");
  if (u <= 7 && !t.has_date()) return Err(fn, "cannot truncate a time to " + unit);
  if (u >= 9 && type == T::kDate) return Err(fn, "cannot truncate a date to " + unit);
  if (u <= 8) {
    int64_t y;
    int m, d;
    DaysToCivil(t.day, &y, &m, &d);
    switch (u) {
      case 0:
        t.day = CivilToDays(FloorDiv(y, 1000) * 1000, 1, 1);
        break;
      case 1:
        t.day = CivilToDays(FloorDiv(y, 100) * 100, 1, 1);
        break;
      case 2:
        t.day = CivilToDays(FloorDiv(y, 10) * 10, 1, 1);
        break;
      case 3:
        t.day = CivilToDays(y, 1, 1);
        break;
      case 4:
        t.day = FirstMonday(WeekYear(t.day));
        break;
      case 5:
        t.day = CivilToDays(y, (m - 1) / 3 * 3 + 1, 1);
        break;
      case 6:
        t.day = CivilToDays(y, m, 1);
        break;
      case 7:
        t.day -= IsoWeekday(t.day) - 1;
        break;
      default:
        break;
    }
    t.nano = 0;
  } else {
    static const int64_t kStep[] = {3600 * kNanosPerSecond, 60 * kNanosPerSecond, kNanosPerSecond,
                                    1'000'000, 1'000};
    t.nano -= t.nano % kStep[u - 9];
  }
  // The map sets fields of the truncated value; the finer ones are zero, so
  // sub-second fields add to what the truncation kept.
  if (args.size() > 2 && !args[2].is_null()) {
    if (args[2].kind() != K::kMap) return TypeErr(fn, "the third argument must be a map");
    for (const auto& [key, v] : args[2].as_map()) {
      const std::string k = LowerAscii(key);
      if (k == "timezone") {
        AG_ASSIGN_OR_RETURN(ZoneArg z, ParseZoneArg(fn, v));
        if (type == T::kTime) {
          t.offset = z.name.empty() ? z.offset : CurrentOffset(z.name);
        } else if (type == T::kDateTime) {
          t.zone = z.name;
          t.offset = z.offset;
        } else {
          return Err(fn, "a local value has no time zone");
        }
        continue;
      }
      if (v.kind() != K::kInt) return TypeErr(fn, "'" + key + "' needs an integer");
      const int64_t x = v.as_int();
      int64_t y;
      int m, d;
      DaysToCivil(t.day, &y, &m, &d);
      const int64_t sec = t.nano / kNanosPerSecond, frac = t.nano % kNanosPerSecond;
      if (k == "year" && t.has_date())
        t.day = CivilToDays(x, m, std::min(d, MonthLength(x, m)));
      else if (k == "month" && t.has_date() && x >= 1 && x <= 12)
        t.day =
            CivilToDays(y, static_cast<int>(x), std::min(d, MonthLength(y, static_cast<int>(x))));
      else if (k == "day" && t.has_date() && x >= 1 && x <= MonthLength(y, m))
        t.day = CivilToDays(y, m, static_cast<int>(x));
      else if ((k == "dayofweek" || k == "weekday") && t.has_date() && x >= 1 && x <= 7)
        t.day += x - IsoWeekday(t.day);
      else if (k == "hour" && t.has_time() && x >= 0 && x <= 23)
        t.nano = (x * 3600 + sec % 3600) * kNanosPerSecond + frac;
      else if (k == "minute" && t.has_time() && x >= 0 && x <= 59)
        t.nano = (sec / 3600 * 3600 + x * 60 + sec % 60) * kNanosPerSecond + frac;
      else if (k == "second" && t.has_time() && x >= 0 && x <= 59)
        t.nano = (sec / 60 * 60 + x) * kNanosPerSecond + frac;
      else if (k == "millisecond" && t.has_time() && x >= 0 && x <= 999)
        t.nano += x * 1'000'000;
      else if (k == "microsecond" && t.has_time() && x >= 0 && x <= 999'999)
        t.nano += x * 1'000;
      else if (k == "nanosecond" && t.has_time() && x >= 0 && x <= 999'999'999)
        t.nano += x;
      else
        return Err(fn, "cannot set '" + key + "' to " + std::to_string(x));
    }
    t.nano = std::min(t.nano, kNanosPerDay - 1);
  }
  if (t.type == T::kDateTime && !t.zone.empty()) ResolveZone(&t, t.offset);
  return FromTemporal(t);
}

Result<Value> DateTimeFromEpoch(const Args& args, bool millis) {
  for (const auto& a : args) {
    if (a.is_null()) return Value();
    if (a.kind() != K::kInt) return TypeErr("datetime.fromepoch", "needs integers");
  }
  const __int128 n = millis ? static_cast<__int128>(args[0].as_int()) * 1'000'000
                            : static_cast<__int128>(args[0].as_int()) * kNanosPerSecond +
                                  (args.size() > 1 ? args[1].as_int() : 0);
  return Value(DateTimeAtInstant(n, "", 0));
}

Result<Value> DurationBetween(const std::string& unit, const Value& va, const Value& vb) {
  const std::string fn = "duration." + (unit.empty() ? std::string("between") : "in" + unit);
  if (va.is_null() || vb.is_null()) return Value();
  auto oa = AsTemporal(va), ob = AsTemporal(vb);
  if (!oa || !ob || oa->type == T::kDuration || ob->type == T::kDuration)
    return TypeErr(fn, "needs two temporal values other than durations");
  Temporal a = *oa, b = *ob;
  const bool a_zoned = a.type == T::kDateTime, b_zoned = b.type == T::kDateTime;
  // A local value next to a datetime is read in the datetime's zone.
  if (a_zoned && !b_zoned && b.type != T::kTime)
    b = InZoneOf(b, a);
  else if (b_zoned && !a_zoned && a.type != T::kTime)
    a = InZoneOf(a, b);
  if (a.has_date() && b.has_date()) {
    const bool zoned = a.type == T::kDateTime;
    if (zoned) b = DateTimeAtInstant(b.UtcNanos(), a.zone, a.offset);
    auto nanos_between = [&](const Temporal& x, const Temporal& y) {
      return zoned ? y.UtcNanos() - x.UtcNanos() : y.LocalNanos() - x.LocalNanos();
    };
    if (unit == "seconds") return Value(DurationOfNanos(0, 0, nanos_between(a, b)));
    if (unit == "days") return Value(ExactDuration(0, EndDay(a, b) - a.day, 0, 0));
    const int64_t months = MonthsUntil(a.day, EndDay(a, b));
    if (unit == "months") return Value(ExactDuration(months, 0, 0, 0));
    std::optional<Temporal> from = AddDuration(a, ExactDuration(months, 0, 0, 0), 1);
    if (!from) return OutOfRange("duration.between");
    const int64_t days = EndDay(*from, b) - from->day;
    from = AddDuration(*from, ExactDuration(0, days, 0, 0), 1);
    if (!from) return OutOfRange("duration.between");
    return Value(DurationOfNanos(months, days, nanos_between(*from, b)));
  }
  if (unit == "months" || unit == "days") return Value(ExactDuration(0, 0, 0, 0));
  // Times of day: with offsets on both sides, as instants.
  __int128 nanos;
  if (a.has_offset() && b.has_offset())
    nanos = (b.nano - static_cast<__int128>(b.offset) * kNanosPerSecond) -
            (a.nano - static_cast<__int128>(a.offset) * kNanosPerSecond);
  else
    nanos = static_cast<__int128>(b.nano) - a.nano;
  return Value(DurationOfNanos(0, 0, nanos));
}

Result<Value> TemporalField(const Temporal& t, const std::string& name) {
  const std::string k = LowerAscii(name);
  if (t.type == T::kDuration) {
    const int64_t m = t.months, d = t.days, s = t.seconds, n = t.nanos;
    if (k == "years") return Value(m / 12);
    if (k == "quarters") return Value(m / 3);
    if (k == "months") return Value(m);
    if (k == "weeks") return Value(d / 7);
    if (k == "days") return Value(d);
    if (k == "hours") return Value(s / 3600);
    if (k == "minutes") return Value(s / 60);
    if (k == "seconds") return Value(s);
    // s * unit + the fraction, unless that is beyond 64 bits.
    auto in_units = [&](int64_t per_second) -> Result<Value> {
      int64_t r;
      if (__builtin_mul_overflow(s, per_second, &r) ||
          __builtin_add_overflow(r, n / (kNanosPerSecond / per_second), &r))
        return Status::InvalidArgument("runtime error: the duration's " + name +
                                       " do not fit in an integer");
      return Value(r);
    };
    if (k == "milliseconds") return in_units(1'000);
    if (k == "microseconds") return in_units(1'000'000);
    if (k == "nanoseconds") return in_units(kNanosPerSecond);
    if (k == "quartersofyear") return Value(m % 12 / 3);
    if (k == "monthsofquarter") return Value(m % 3);
    if (k == "monthsofyear") return Value(m % 12);
    if (k == "daysofweek") return Value(d % 7);
    if (k == "minutesofhour") return Value(s / 60 % 60);
    if (k == "secondsofminute") return Value(s % 60);
    if (k == "millisecondsofsecond") return Value(n / 1'000'000);
    if (k == "microsecondsofsecond") return Value(n / 1'000);
    if (k == "nanosecondsofsecond") return Value(n);
    return Status::InvalidArgument("runtime error: a duration has no field '" + name + "'");
  }
  if (t.has_time()) {
    const int64_t s = t.nano / kNanosPerSecond, frac = t.nano % kNanosPerSecond;
    if (k == "hour") return Value(s / 3600);
    if (k == "minute") return Value(s / 60 % 60);
    if (k == "second") return Value(s % 60);
    if (k == "millisecond") return Value(frac / 1'000'000);
    if (k == "microsecond") return Value(frac / 1'000);
    if (k == "nanosecond") return Value(frac);
  }
  if (t.has_offset()) {
    const std::string off = Temporal{T::kTime, 0, 0, t.offset}.ToString().substr(5);
    if (k == "timezone") return Value(t.zone.empty() ? off : t.zone);
    if (k == "offset") return Value(off);
    if (k == "offsetminutes") return Value(int64_t{t.offset / 60});
    if (k == "offsetseconds") return Value(int64_t{t.offset});
  }
  if (t.type == T::kDateTime) {
    const __int128 utc = t.UtcNanos();
    if (k == "epochseconds") return Value(static_cast<int64_t>(FloorDiv128(utc, kNanosPerSecond)));
    if (k == "epochmillis") {
      const __int128 ms = FloorDiv128(utc, 1'000'000);  // beyond 64 bits past year ±292 million
      if (ms > INT64_MAX || ms < INT64_MIN)
        return Status::InvalidArgument("runtime error: the epochMillis of " + t.ToString() +
                                       " do not fit in an integer");
      return Value(static_cast<int64_t>(ms));
    }
  }
  if (t.has_date() && t.day >= CivilToDays(0, 1, 1) && t.day <= CivilToDays(9999, 12, 31))
    return DateField(PartialDate::FromDayNumber(static_cast<DayNumber>(t.day)), name);
  return Status::InvalidArgument(std::string("runtime error: a ") + Temporal::TypeName(t.type) +
                                 " has no field '" + name + "'");
}

std::optional<Result<Value>> TemporalArith(char op, const Value& a, const Value& b) {
  auto ta = AsTemporal(a), tb = AsTemporal(b);
  const bool da = ta && ta->type == T::kDuration, db = tb && tb->type == T::kDuration;
  // A result out of range is an error naming the operation, not a value
  // wrapped around the 64-bit counts.
  auto checked = [op](std::optional<Temporal> t) -> Result<Value> {
    if (!t)
      return Status::InvalidArgument(std::string("runtime error: '") + op +
                                     "' gives a temporal value out of range (years beyond ±" +
                                     std::to_string(kMaxYear) +
                                     ", or a duration part beyond 64 bits)");
    return t->type == T::kDuration ? Value(*t) : FromTemporal(*t);
  };
  if (op == '+' || op == '-') {
    const int sign = op == '+' ? 1 : -1;
    if (da && db) return checked(AddDurations(*ta, *tb, sign));
    if (ta && !da && db) return checked(AddDuration(*ta, *tb, sign));
    if (op == '+' && da && tb && !db) return checked(AddDuration(*tb, *ta, 1));
    return std::nullopt;
  }
  if (op == '*' && da && b.is_number())
    return checked(ScaleDuration(*ta, static_cast<long double>(b.as_number())));
  if (op == '*' && db && a.is_number())
    return checked(ScaleDuration(*tb, static_cast<long double>(a.as_number())));
  if (op == '/' && da && b.is_number()) {
    if (b.as_number() == 0)
      return Result<Value>(
          Status::InvalidArgument("runtime error: division of a duration by zero"));
    return checked(ScaleDuration(*ta, 1.0L / static_cast<long double>(b.as_number())));
  }
  return std::nullopt;
}

}  // namespace actorgraph::query
