// Dates as sources write them, to partial dates: "2022", "2022-03",
// "2022-03-27", "2022-03-27T10:00:00Z", "27 March 2022", "27-Mar-2022",
// "March 2022", "27/03/2022" (day first, as the UN and ACLED write them).
//
// Thread-safety: thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "engine/partial_date.h"

namespace actorgraph {

// nullopt when `text` is empty or not a date in one of the forms above.
std::optional<PartialDate> ParseLooseDate(std::string_view text);

// Finds the first "27 March 2022" / "March 2022" style date in running text.
std::optional<PartialDate> FindDateInText(std::string_view text);

}  // namespace actorgraph
