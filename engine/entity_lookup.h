// Finding an entity the way an analyst names it: by external id, by a name or
// alias (case- and diacritic-insensitive), or by the start of a name; and the
// closest names when nothing matches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/read_view.h"

namespace actorgraph {

struct LookupResult {
  std::vector<NameMatch> matches;   // empty: nothing found
  std::vector<std::string> closest; // when nothing matched: "Name (id)" suggestions
};

// Exact id first, then the whole folded name or alias, then names holding
// every word of the text, then names starting with the text. Never fails on a miss; errors are storage errors.
Result<LookupResult> LookupEntity(const ReadView& view, std::string_view text);

// "no entity 'x'; did you mean …" or "'x' matches several entities: …".
std::string DescribeLookupFailure(const ReadView& view, std::string_view text,
                                  const LookupResult& r);

}  // namespace actorgraph
