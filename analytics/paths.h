// Shortest paths on a Projection: by hop count (breadth-first search) or by a
// weight (Dijkstra; with a hop limit, a hop-bounded Bellman-Ford), one path
// or all paths of the minimal cost.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "analytics/projection.h"

namespace actorgraph::analytics {

struct PathQuery {
  uint32_t source = 0;
  uint32_t target = 0;
  Orientation orientation = Orientation::kBoth;
  bool weighted = false;  // use ProjectedEdge::weight (must be >= 0); else hops
  std::optional<uint32_t> max_hops;
  bool all = false;        // every minimal path, not just one
  size_t max_paths = 100;  // cap for `all`
};

struct FoundPath {
  std::vector<uint32_t> vertices;  // source first
  std::vector<uint32_t> edges;     // edge indices; vertices.size() == edges.size() + 1
  double cost = 0;                 // hops, or the sum of weights
};

// Empty when the target cannot be reached (within max_hops). InvalidArgument
// for a negative or missing weight on an edge the search meets.
Result<std::vector<FoundPath>> ShortestPaths(const Projection& p, const PathQuery& q,
                                             const std::function<bool()>& should_stop = {});

}  // namespace actorgraph::analytics
