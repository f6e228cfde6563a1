#include "analytics/evidence.h"

namespace actorgraph::analytics {

Result<Evidence> RelEvidence(const ReadView& view, RelId rel) {
  Evidence ev;
  AG_ASSIGN_OR_RETURN(auto claims, view.Claims(TargetKind::kRel, rel));
  for (const Claim& c : claims) {
    if (!c.property.empty()) continue;
    if (c.stance == Stance::kDenies) {
      ++ev.denies;
      continue;
    }
    ++ev.asserts;
    if (c.grade && (!ev.best || GradeStrength(c.grade) > GradeStrength(ev.best))) ev.best = c.grade;
  }
  return ev;
}

double GradeStrength(const std::optional<Grade>& g) {
  if (!g) return 0.3;
  const int steps = (g->reliability - 'A') + (g->credibility - '1');  // 0 (A1) .. 10 (F6)
  return 1.0 - steps / 10.0;
}

}  // namespace actorgraph::analytics
