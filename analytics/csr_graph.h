// Boost.Graph views of a Projection, for the analytics .cc files only (the
// CSR templates compile slowly; keep them out of public headers).
//
// Ownership: the views live in the Projection's cache and die with it.
// Thread-safety: as Projection (built lazily on first use).
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <memory>

#include "analytics/projection.h"

namespace actorgraph::analytics {

// Each CSR edge carries the index of its ProjectedEdge.
struct CsrEdge {
  uint32_t edge = 0;
};

using CsrGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, CsrEdge,
                                                    boost::no_property, uint32_t, uint32_t>;
using CsrVertex = boost::graph_traits<CsrGraph>::vertex_descriptor;

struct Projection::CsrCache {
  // [orientation][simple]: kOut follows src->dst, kIn dst->src, kBoth both
  // ways (a symmetric directed graph). `simple` drops self-loops and keeps one
  // edge per ordered pair (for k-core and betweenness, where parallel
  // relationships must not count twice).
  std::unique_ptr<CsrGraph> graphs[3][2];
};

// The CSR view of `p` in orientation `o`, built on first use.
const CsrGraph& CsrOf(const Projection& p, Orientation o, bool simple = false);

}  // namespace actorgraph::analytics
