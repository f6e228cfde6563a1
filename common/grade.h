// Grade: the Admiralty (NATO) code of a claim: source reliability A (completely
// reliable) to F (cannot be judged), information credibility 1 (confirmed) to
// 6 (cannot be judged). Written as two characters, e.g. "B2".
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace actorgraph {

struct Grade {
  char reliability = 'F';  // 'A'..'F'
  char credibility = '6';  // '1'..'6'

  static Result<Grade> Parse(std::string_view code);
  std::string ToString() const { return std::string{reliability, credibility}; }
  // True when both parts are at least as good as `min`'s (A beats B, 1 beats 2).
  bool AtLeast(const Grade& min) const {
    return reliability <= min.reliability && credibility <= min.credibility;
  }
  friend bool operator==(const Grade&, const Grade&) = default;
};

}  // namespace actorgraph
