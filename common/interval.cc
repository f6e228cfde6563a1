#include "common/interval.h"

#include <limits>

namespace actorgraph {

namespace {
constexpr DayNumber kMinDay = std::numeric_limits<DayNumber>::min();
constexpr DayNumber kMaxDay = std::numeric_limits<DayNumber>::max();
}  // namespace

const char* TruthName(Truth t) {
  switch (t) {
    case Truth::kFalse: return "no";
    case Truth::kUnknown: return "unknown";
    case Truth::kTrue: return "yes";
  }
  return "?";
}

// The fact starts on a day in [s_min, s_max] and stops holding on a day in
// [e_min, e_max] (exclusive end). Open ends are infinitely far away.
Truth ValidInterval::Overlaps(const std::optional<PartialDate>& start,
                              const std::optional<PartialDate>& end) const {
  const DayNumber s_min = from ? from->first_day() : kMinDay;
  const DayNumber s_max = from ? from->last_day() : kMinDay;
  const DayNumber e_min = to ? to->first_day() : kMaxDay;
  const DayNumber e_max = to_latest ? to_latest->last_day() : to ? to->last_day() : kMaxDay;
  // The query period covers days [q_first, q_end) with fuzzy ends too; use the
  // widest reading for "possibly" and the narrowest for "certainly".
  const DayNumber q_first_wide = start ? start->first_day() : kMinDay;
  const DayNumber q_first_narrow = start ? start->last_day() : kMinDay;
  const DayNumber q_end_wide = end ? end->last_day() : kMaxDay;
  const DayNumber q_end_narrow = end ? end->first_day() : kMaxDay;
  // Certainly overlaps: some day certainly in both. The fact certainly holds on
  // [s_max, e_min); the query certainly covers [q_first_narrow, q_end_narrow).
  const DayNumber lo = std::max(s_max, q_first_narrow);
  const DayNumber hi = std::min(e_min, q_end_narrow);
  if (lo < hi) return Truth::kTrue;
  // Possibly overlaps: some day possibly in both.
  const DayNumber plo = std::max(s_min, q_first_wide);
  const DayNumber phi = std::min(e_max, q_end_wide);
  if (plo < phi) return Truth::kUnknown;
  return Truth::kFalse;
}

Truth ValidInterval::HoldsAt(const PartialDate& date) const {
  const DayNumber q_first = date.first_day();
  const DayNumber q_last = date.last_day();
  const DayNumber s_min = from ? from->first_day() : kMinDay;
  const DayNumber s_max = from ? from->last_day() : kMinDay;
  const DayNumber e_min = to ? to->first_day() : kMaxDay;
  const DayNumber e_max = to_latest ? to_latest->last_day() : to ? to->last_day() : kMaxDay;
  if (s_max <= q_first && q_last < e_min) return Truth::kTrue;
  if (q_last < s_min || q_first >= e_max) return Truth::kFalse;
  return Truth::kUnknown;
}

Status ValidInterval::Validate() const {
  if (from && to && to->last_day() <= from->first_day())
    return Status::InvalidArgument("interval " + ToString() + " ends before it starts");
  if (to_latest && (!to || to_latest->last_day() < to->first_day()))
    return Status::InvalidArgument("interval " + ToString() + ": its latest end comes before its end");
  return Status::OK();
}

std::string ValidInterval::ToString() const {
  if (unbounded()) return "always";
  return "[" + (from ? from->ToString() : std::string("…")) + ", " +
         (to ? to->ToString() : std::string("…")) + (to_latest ? "…" + to_latest->ToString() : "") + ")";
}

}  // namespace actorgraph
