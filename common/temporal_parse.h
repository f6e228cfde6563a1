// Parsing the ISO 8601 text forms of openCypher's temporal values:
//   dates      2015-07-21, 20150721, 2015-07, 2015-W30-2, 2015W302, 2015-202, 2015
//   times      21:40:32.142, 214032.142, 21:40, 21, each with an offset for
//              time/datetime: Z, +01:00, +0100, +01, and [Europe/Stockholm]
//   date-times a date, 'T', a time
//   durations  P14DT16H12M, P5M1.5D, PT-0.5S, P2012-02-02T14:37:21.545
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "common/status.h"
#include "common/temporal.h"

namespace actorgraph {

// `type` says which form to read; a date-time without an offset or zone
// parsed as kDateTime is at UTC (the default time zone). Errors say why.
Result<Temporal> ParseTemporal(TemporalType type, std::string_view text);

// The type from the text's shape (duration, date-time with or without an
// offset, time with or without one); for reading back Temporal::ToString().
Result<Temporal> ParseTemporalAny(std::string_view text);

}  // namespace actorgraph
