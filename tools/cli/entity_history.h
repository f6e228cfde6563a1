// Renders what changed for one entity, transaction by transaction: its own
// versions (with the fields that changed), relationships added and removed,
// and claims recorded.
#pragma once

#include <ostream>

#include "engine/read_view.h"

namespace actorgraph::cli {

Status RenderEntityHistory(const ReadView& view, NodeId id, std::ostream& out);

}  // namespace actorgraph::cli
