// Row: the unit that flows between operators. Every variable of a query part
// has a fixed slot, assigned by the planner; a slot not yet bound is null.
#pragma once

#include <cstdint>
#include <vector>

#include "common/value.h"

namespace actorgraph::query {

using SlotId = uint32_t;

struct Row {
  std::vector<Value> slots;
  explicit Row(size_t width = 0) : slots(width) {}
  Value& operator[](SlotId s) { return slots[s]; }
  const Value& operator[](SlotId s) const { return slots[s]; }
};

}  // namespace actorgraph::query
