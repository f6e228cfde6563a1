// openCypher's temporal functions over common/temporal.h: the constructors
// (datetime(), localtime({...}), duration('P1D'), ...), truncation,
// datetime.fromepoch, duration.between/inMonths/inDays/inSeconds, the
// accessors (dt.hour, dur.minutesOfHour, ...) and the arithmetic operators.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/temporal.h"
#include "common/value.h"

namespace actorgraph::query {

// A date (day precision or the first day of a partial date) or another
// temporal as a Temporal; nullopt for other values.
std::optional<Temporal> AsTemporal(const Value& v);
// A Temporal as a Value: kDate becomes a day-precision PartialDate.
Value FromTemporal(Temporal t);

// type(), type(string), type(map), type(temporal). `fn` names the function in errors.
Result<Value> ConstructTemporal(TemporalType type, const std::vector<Value>& args);
// The value of `type` at the instant `now_nanos` (since the epoch), in the
// time zone `zone` (a string; null gives null) or UTC when zone is nullptr.
Result<Value> NowTemporal(TemporalType type, int64_t now_nanos, const Value* zone);
// type.truncate(unit, temporal [, map]).
Result<Value> TruncateTemporal(TemporalType type, const std::vector<Value>& args);
// datetime.fromepoch(seconds, nanos), datetime.fromepochmillis(millis).
Result<Value> DateTimeFromEpoch(const std::vector<Value>& args, bool millis);
// duration.between / inMonths / inDays / inSeconds; unit "", "months", "days", "seconds".
Result<Value> DurationBetween(const std::string& unit, const Value& a, const Value& b);

// t.<name> for times, date-times and durations.
Result<Value> TemporalField(const Temporal& t, const std::string& name);

// a op b when a temporal is involved (op is '+', '-', '*' or '/'); nullopt
// when the operands are not a temporal combination this knows.
std::optional<Result<Value>> TemporalArith(char op, const Value& a, const Value& b);

}  // namespace actorgraph::query
