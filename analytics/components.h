// Connected components of a Projection: weakly connected (relationships taken
// both ways) and strongly connected (following their direction).
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <vector>

#include "analytics/projection.h"

namespace actorgraph::analytics {

struct VertexGroup {
  std::vector<uint32_t> vertices;  // ascending
  std::vector<uint32_t> edges;     // edges with both ends in the group, ascending
};

// Component number per vertex.
std::vector<uint32_t> WeakComponents(const Projection& p);
std::vector<uint32_t> StrongComponents(const Projection& p);

// The groups a per-vertex numbering defines, largest first (ties: lowest
// vertex first), each with its internal edges.
std::vector<VertexGroup> GroupsOf(const Projection& p, const std::vector<uint32_t>& component);

}  // namespace actorgraph::analytics
