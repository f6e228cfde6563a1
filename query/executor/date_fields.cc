#include "query/executor/date_fields.h"

#include <cctype>
#include <optional>

#include "common/ascii.h"

namespace actorgraph::query {

namespace {

// Floor modulo: the weekday of days before 1970 too.
int Mod(int64_t a, int b) {
  return static_cast<int>(((a % b) + b) % b);
}

// Monday 1 .. Sunday 7; 1970-01-01 was a Thursday.
int IsoWeekday(DayNumber n) {
  return Mod(static_cast<int64_t>(n) + 3, 7) + 1;
}

// The Monday of week 1 of ISO week year `y`: the week holding 4 January.
DayNumber FirstMonday(int y) {
  const DayNumber jan4 = DaysFromCivil(y, 1, 4);
  return jan4 - (IsoWeekday(jan4) - 1);
}

struct IsoWeek {
  int year, week;
};

IsoWeek WeekOf(DayNumber n) {
  const DayNumber thursday = n - (IsoWeekday(n) - 1) + 3;
  const int y = PartialDate::FromDayNumber(thursday).year();
  return {y, static_cast<int>((thursday - DaysFromCivil(y, 1, 1)) / 7 + 1)};
}

int WeeksIn(int y) {
  return (FirstMonday(y + 1) - FirstMonday(y)) / 7;
}

const char kFields[] =
    "year, quarter, month, week, weekYear, day, ordinalDay, dayOfQuarter, weekDay (or dayOfWeek), "
    "precision";

}  // namespace

Result<Value> DateField(const PartialDate& d, const std::string& name) {
  const std::string k = LowerAscii(name);
  const bool has_month = d.month() != 0, has_day = d.day() != 0;
  const DayNumber n = d.first_day();
  auto known = [](bool known, int64_t v) { return known ? Value(v) : Value(); };
  if (k == "year") return Value(int64_t{d.year()});
  if (k == "month") return known(has_month, d.month());
  if (k == "day") return known(has_day, d.day());
  if (k == "quarter") return known(has_month, (d.month() - 1) / 3 + 1);
  if (k == "ordinalday") return known(has_day, n - DaysFromCivil(d.year(), 1, 1) + 1);
  if (k == "dayofquarter") {
    if (!has_day) return Value();
    const int first_month = (d.month() - 1) / 3 * 3 + 1;
    return Value(int64_t{n - DaysFromCivil(d.year(), first_month, 1) + 1});
  }
  if (k == "weekday" || k == "dayofweek") return known(has_day, IsoWeekday(n));
  if (k == "week") return known(has_day, WeekOf(n).week);
  if (k == "weekyear") return known(has_day, WeekOf(n).year);
  if (k == "precision") return Value(has_day ? "day" : has_month ? "month" : "year");
  return Status::InvalidArgument("runtime error: a date has no field '" + name + "' (it has " +
                                 kFields + ")");
}

Result<Value> DateFromMap(const ValueMap& m) {
  static const char* const kKeys[] = {"year",    "month",        "day",
                                      "week",    "dayofweek",    "weekday",
                                      "quarter", "dayofquarter", "ordinalday"};
  std::optional<int64_t> f[9];
  for (const auto& [key, v] : m) {
    const std::string k = LowerAscii(key);
    size_t i = 0;
    while (i < 9 && k != kKeys[i])
      ++i;
    if (i == 9)
      return Status::InvalidArgument(
          "runtime error: date() does not know the key '" + key +
          "' (use year with month, day; or week, dayOfWeek; or quarter, dayOfQuarter; or "
          "ordinalDay)");
    if (v.is_null()) return Value();  // null in, null out
    if (v.kind() != Value::Kind::kInt)
      return Status::InvalidArgument("type error: date() needs an integer " + key + ", not a " +
                                     Value::KindName(v.kind()));
    if (i == 5) i = 4;  // weekDay is dayOfWeek
    if (f[i])
      return Status::InvalidArgument("runtime error: date() has both dayOfWeek and weekDay");
    f[i] = v.as_int();
  }
  const auto &year = f[0], &month = f[1], &day = f[2], &week = f[3], &dow = f[4], &quarter = f[6],
             &doq = f[7], &ordinal = f[8];
  auto err = [](const std::string& why) {
    return Status::InvalidArgument("runtime error: date(): " + why);
  };
  auto range = [&](const char* what, int64_t v, int64_t lo, int64_t hi) -> Status {
    if (v < lo || v > hi)
      return err(std::string(what) + " " + std::to_string(v) + " is out of range (" +
                 std::to_string(lo) + " to " + std::to_string(hi) + ")");
    return Status::OK();
  };
  if (!year) return err("needs a year");
  AG_RETURN_IF_ERROR(range("year", *year, 0, 9999));
  const int y = static_cast<int>(*year);
  const int systems = (month || day) + (week || dow) + (quarter || doq) + (ordinal ? 1 : 0);
  if (systems > 1)
    return err(
        "give the day as month and day, or week and dayOfWeek, or quarter and "
        "dayOfQuarter, or ordinalDay, not a mix");
  if (month || day) {
    if (!month) return err("day needs a month");
    AG_RETURN_IF_ERROR(range("month", *month, 1, 12));
    if (!day) return Value(PartialDate::Month(y, static_cast<int>(*month)));
    AG_RETURN_IF_ERROR(range("day", *day, 1, DaysInMonth(y, static_cast<int>(*month))));
    return Value(PartialDate::Day(y, static_cast<int>(*month), static_cast<int>(*day)));
  }
  if (week || dow) {
    if (!week) return err("dayOfWeek needs a week");
    AG_RETURN_IF_ERROR(range("week", *week, 1, WeeksIn(y)));
    AG_RETURN_IF_ERROR(range("dayOfWeek", dow.value_or(1), 1, 7));
    const DayNumber n =
        FirstMonday(y) + static_cast<DayNumber>((*week - 1) * 7 + (dow.value_or(1) - 1));
    return Value(PartialDate::FromDayNumber(n));
  }
  if (quarter || doq) {
    if (!quarter) return err("dayOfQuarter needs a quarter");
    AG_RETURN_IF_ERROR(range("quarter", *quarter, 1, 4));
    const int first_month = static_cast<int>(*quarter - 1) * 3 + 1;
    const DayNumber start = DaysFromCivil(y, first_month, 1);
    const DayNumber end =
        first_month == 10 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, first_month + 3, 1);
    AG_RETURN_IF_ERROR(range("dayOfQuarter", doq.value_or(1), 1, end - start));
    return Value(PartialDate::FromDayNumber(start + static_cast<DayNumber>(doq.value_or(1) - 1)));
  }
  if (ordinal) {
    const int days = DaysFromCivil(y + 1, 1, 1) - DaysFromCivil(y, 1, 1);
    AG_RETURN_IF_ERROR(range("ordinalDay", *ordinal, 1, days));
    return Value(
        PartialDate::FromDayNumber(DaysFromCivil(y, 1, 1) + static_cast<DayNumber>(*ordinal - 1)));
  }
  return Value(PartialDate::Year(y));
}

}  // namespace actorgraph::query
