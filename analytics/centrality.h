// Centrality on a Projection: betweenness (who brokers between groups),
// PageRank (who is pointed at by the well-pointed-at), k-core numbers (how
// deep in a dense core a node sits).
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "analytics/projection.h"

namespace actorgraph::analytics {

struct BetweennessOptions {
  // kBoth: relationships as undirected ties (the usual reading for "who
  // brokers"); kOut/kIn: follow their direction.
  Orientation orientation = Orientation::kBoth;
  bool normalized = false;  // divide by the number of ordered (or unordered) pairs
  // Brandes' algorithm is O(V·E): above max_nodes, refuse unless `samples`
  // asks for an estimate from that many random source nodes.
  uint32_t max_nodes = 5000;
  uint32_t samples = 0;  // 0: exact
  uint64_t seed = 42;
};

struct BetweennessResult {
  std::vector<double> score;  // per vertex
  bool sampled = false;
  uint32_t sources = 0;  // sources used (all vertices when exact)
};

// Exact scores come from Boost.Graph's brandes_betweenness_centrality; sampled
// ones from the same accumulation over random sources, scaled by n / samples.
// Parallel relationships and self-loops count once.
Result<BetweennessResult> Betweenness(const Projection& p, const BetweennessOptions& o,
                                      const std::function<bool()>& should_stop = {});

struct PageRankOptions {
  Orientation orientation = Orientation::kOut;  // rank flows along relationships
  double damping = 0.85;
  uint32_t max_iterations = 100;
  double tolerance = 1e-9;  // L1 change at which to stop
};

// Scores sum to 1. Written here rather than with boost::page_rank, which
// loses the rank of nodes without outgoing links (it expects them removed).
std::vector<double> PageRank(const Projection& p, const PageRankOptions& o);

// The k-core number of every vertex, relationships taken as undirected ties
// (Boost.Graph's core_numbers on the symmetric simple view).
std::vector<uint32_t> CoreNumbers(const Projection& p);

}  // namespace actorgraph::analytics
