// Dates as sources write them, to partial dates: "2022", "2022-03",
// "2022-03-27", "2022-03-27T10:00:00Z", "27 March 2022", "27-Mar-2022",
// "March 2022", "27/03/2022" (day first, as the UN and ACLED write them).
//
// Thread-safety: thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "common/partial_date.h"

namespace actorgraph {

// nullopt when `text` is empty or not a date in one of the forms above.
std::optional<PartialDate> ParseLooseDate(std::string_view text);

// A date as sanctions lists and registers state one: a date ("12 Mar 1961",
// "1961"), an approximate one ("circa 1961", "approximately 1961"), or a range
// ("1960 to 1965", "Mar 1961 to Feb 1962", "circa 1979-1982",
// "BETWEEN 1960 AND 1965", "Between Aug. and Sep. 1977", where the first end
// borrows the year the second states), each end at its own precision.
struct DateStatement {
  PartialDate from;
  std::optional<PartialDate> to;  // set for a range (from < to)
  bool approximate = false;
  bool range() const { return to.has_value(); }
};
// nullopt when `text` is not one of these forms (keep it as raw text).
std::optional<DateStatement> ParseDateStatement(std::string_view text);

// Finds the first "27 March 2022" / "March 2022" style date in running text.
std::optional<PartialDate> FindDateInText(std::string_view text);

}  // namespace actorgraph
