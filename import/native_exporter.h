// Writes a database (as of a read view) in the native JSON-lines format:
// nodes with their claims, then relationships with theirs. Loading the
// output into an empty database gives the same graph (history aside).
#pragma once

#include <ostream>

#include "engine/read_view.h"
#include "common/status.h"

namespace actorgraph {

class Ontology;

Status ExportNative(const ReadView& view, const Ontology& ontology, std::ostream& out);

}  // namespace actorgraph
