// Evidence: what the claims about a relationship add up to, for drawing it:
// whether it is contested (some claims assert it, some deny it) and the best
// grade among the asserting claims.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <optional>

#include "engine/read_view.h"

namespace actorgraph::analytics {

struct Evidence {
  size_t asserts = 0;
  size_t denies = 0;
  std::optional<Grade> best;  // best grade among asserting claims
  bool contested() const { return asserts > 0 && denies > 0; }
};

// Claims about the relationship itself (not about one of its properties).
Result<Evidence> RelEvidence(const ReadView& view, RelId rel);

// 1 for A1 down to 0 for F6; ungraded claims count as 0.3.
double GradeStrength(const std::optional<Grade>& g);

}  // namespace actorgraph::analytics
