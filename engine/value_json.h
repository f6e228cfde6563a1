// Conversions between Values and JSON (nlohmann::json), used by the native
// format, the CLI's JSON output and importers.
//
// JSON null/bool/number/string/array/object map to the Value kinds of the
// same name; {"$date": "2022-03"} is a date. Integers stay integers.
// Floats JSON cannot write (NaN, infinities) are {"$float": "NaN"},
// {"$float": "Infinity"}, {"$float": "-Infinity"}, or with
// `dates_as_strings` (the CLI's output) the strings "NaN", "Infinity",
// "-Infinity".
#pragma once

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "common/value.h"

namespace actorgraph {

Result<Value> ValueFromJson(const nlohmann::json& j);
// Dates become {"$date": "..."} unless `dates_as_strings` (then "2022-03").
nlohmann::json ValueToJson(const Value& v, bool dates_as_strings = false);

}  // namespace actorgraph
