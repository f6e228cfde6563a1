// Renders an entity for the terminal: labels, names, properties with their
// claims, and every relationship grouped by type with its interval and the
// claims behind it; contested facts are marked.
#pragma once

#include <ostream>

#include "engine/read_view.h"

namespace actorgraph::cli {

Status RenderEntityCard(const ReadView& view, NodeId id, std::ostream& out);

// One line per claim, indented: "asserts B2  source (locator) — claimant: “quote”".
Status RenderClaims(const ReadView& view, const std::vector<Claim>& claims, const std::string& indent,
                    std::ostream& out);

}  // namespace actorgraph::cli
