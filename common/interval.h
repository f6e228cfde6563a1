// ValidInterval: when a fact holds, as a closed-open period [from, to) whose
// ends may be open (unknown or unbounded) and partial (2022-03).
//
// Because the ends may be partial, "does it hold on day X" has three answers:
// a relationship valid from 2022-03 certainly holds on 2022-04-10, certainly
// not on 2022-02-10, and is not known to hold on 2022-03-05.
//
// Thread-safety: a value type.
#pragma once

#include <optional>
#include <string>

#include "common/partial_date.h"

namespace actorgraph {

enum class Truth : uint8_t { kFalse = 0, kUnknown = 1, kTrue = 2 };
const char* TruthName(Truth t);  // "no", "unknown", "yes"

struct ValidInterval {
  std::optional<PartialDate> from;  // nullopt: open start
  std::optional<PartialDate> to;    // nullopt: open end; exclusive
  // Set when the end is known only to fall between `to` and this date (a
  // sanctions entry missing from a newer list version ended at some day
  // between the two versions). Requires `to`; never before it.
  std::optional<PartialDate> to_latest;

  bool unbounded() const { return !from && !to; }

  // Does the fact hold on every day of `date` (which may itself be partial)?
  Truth HoldsAt(const PartialDate& date) const;
  // Does it hold on some day of the period [start, end)? Open ends allowed.
  Truth Overlaps(const std::optional<PartialDate>& start,
                 const std::optional<PartialDate>& end) const;

  // Precondition for a stored interval: from's first day < to's last day.
  Status Validate() const;

  // "[2022-03, 2023)", "[2014, …)", "always",
  // "[2019-02-04, 2021-08-18…2022-09-29)" with an uncertain end.
  std::string ToString() const;

  friend bool operator==(const ValidInterval&, const ValidInterval&) = default;
};

}  // namespace actorgraph
