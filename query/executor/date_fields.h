// Date fields: openCypher's date accessors (d.quarter, d.week, d.weekDay, ...)
// and date({...}) construction from a map, over partial dates.
//
// ISO 8601 week rules: weeks start on Monday (weekDay 1) and week 1 of a
// week year is the week holding its first Thursday, so 2021-01-01 is in week
// 53 of week year 2020.
//
// A field that a partial date does not know is null (the month of '2022',
// the week of '2022-03'); a field name that dates do not have is an error.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"

namespace actorgraph::query {

// d.<name>; names are matched ignoring case (weekDay, weekday).
Result<Value> DateField(const PartialDate& d, const std::string& name);

// date({year, month, day}), date({year, week, dayOfWeek}),
// date({year, quarter, dayOfQuarter}), date({year, ordinalDay}). Omitted
// smaller fields: {year} and {year, month} stay partial dates; a week or a
// quarter without a day means its first day, as openCypher says.
Result<Value> DateFromMap(const ValueMap& m);

}  // namespace actorgraph::query
