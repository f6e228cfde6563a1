#include "analytics/centrality.h"

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/core_numbers.hpp>
#include <boost/range/iterator_range.hpp>
#include <cmath>
#include <numeric>
#include <random>

#include "analytics/csr_graph.h"

namespace actorgraph::analytics {

namespace {

// Brandes' accumulation from the given sources (unweighted), as BGL does it
// for all sources; used when sampling.
std::vector<double> BrandesFrom(const CsrGraph& g, const std::vector<uint32_t>& sources,
                                const std::function<bool()>& should_stop, bool* stopped) {
  const uint32_t n = static_cast<uint32_t>(boost::num_vertices(g));
  std::vector<double> score(n, 0), sigma(n), delta(n);
  std::vector<int64_t> dist(n);
  std::vector<uint32_t> order, queue;
  order.reserve(n);
  queue.reserve(n);
  for (uint32_t s : sources) {
    if (should_stop && should_stop()) {
      *stopped = true;
      return score;
    }
    std::fill(sigma.begin(), sigma.end(), 0);
    std::fill(delta.begin(), delta.end(), 0);
    std::fill(dist.begin(), dist.end(), -1);
    order.clear();
    queue.clear();
    sigma[s] = 1;
    dist[s] = 0;
    queue.push_back(s);
    for (size_t head = 0; head < queue.size(); ++head) {
      uint32_t v = queue[head];
      order.push_back(v);
      for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
        uint32_t w = boost::target(e, g);
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          queue.push_back(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      uint32_t w = *it;
      for (auto e : boost::make_iterator_range(boost::out_edges(w, g))) {
        uint32_t x = boost::target(e, g);
        if (dist[x] == dist[w] + 1) delta[w] += sigma[w] / sigma[x] * (1 + delta[x]);
      }
      if (w != s) score[w] += delta[w];
    }
  }
  return score;
}

}  // namespace

Result<BetweennessResult> Betweenness(const Projection& p, const BetweennessOptions& o,
                                      const std::function<bool()>& should_stop) {
  const uint32_t n = p.num_vertices();
  BetweennessResult r;
  if (n > o.max_nodes && o.samples == 0) {
    return Status::InvalidArgument(
        "betweenness is O(nodes × relationships) and this projection has " + p.Describe() +
        ", above maxNodes = " + std::to_string(o.max_nodes) +
        ". Narrow it (labels, types, validAt), raise maxNodes, or set samples: 200 for an "
        "estimate from 200 random source nodes");
  }
  const CsrGraph& g = CsrOf(p, o.orientation, /*simple=*/true);
  if (o.samples == 0 || o.samples >= n) {
    r.score.assign(n, 0);
    r.sources = n;
    if (n > 0)
      boost::brandes_betweenness_centrality(
          g,
          boost::make_iterator_property_map(r.score.begin(), boost::get(boost::vertex_index, g)));
  } else {
    std::vector<uint32_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    std::mt19937_64 rng(o.seed);
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(o.samples);
    std::sort(all.begin(), all.end());
    bool stopped = false;
    r.score = BrandesFrom(g, all, should_stop, &stopped);
    if (stopped) return Status::Cancelled("stopped while computing betweenness");
    for (double& s : r.score)
      s *= static_cast<double>(n) / o.samples;
    r.sampled = true;
    r.sources = o.samples;
  }
  // On the symmetric view every unordered pair was counted in both directions.
  const bool undirected = o.orientation == Orientation::kBoth;
  if (undirected)
    for (double& s : r.score)
      s /= 2;
  if (o.normalized && n > 2) {
    double pairs = static_cast<double>(n - 1) * (n - 2) / (undirected ? 2 : 1);
    for (double& s : r.score)
      s /= pairs;
  }
  return r;
}

std::vector<double> PageRank(const Projection& p, const PageRankOptions& o) {
  const uint32_t n = p.num_vertices();
  if (n == 0) return {};
  const CsrGraph& g = CsrOf(p, o.orientation, /*simple=*/true);
  std::vector<double> rank(n, 1.0 / n), next(n);
  for (uint32_t it = 0; it < o.max_iterations; ++it) {
    // Nodes without outgoing links hand their rank to everyone, so the total
    // stays 1 (the random surfer jumps anywhere).
    double dangling = 0;
    for (uint32_t v = 0; v < n; ++v)
      if (boost::out_degree(v, g) == 0) dangling += rank[v];
    std::fill(next.begin(), next.end(), (1 - o.damping) / n + o.damping * dangling / n);
    for (uint32_t v = 0; v < n; ++v) {
      const auto deg = boost::out_degree(v, g);
      if (deg == 0) continue;
      const double share = o.damping * rank[v] / deg;
      for (auto e : boost::make_iterator_range(boost::out_edges(v, g)))
        next[boost::target(e, g)] += share;
    }
    double change = 0;
    for (uint32_t v = 0; v < n; ++v)
      change += std::fabs(next[v] - rank[v]);
    rank.swap(next);
    if (change < o.tolerance) break;
  }
  return rank;
}

std::vector<uint32_t> CoreNumbers(const Projection& p) {
  const CsrGraph& g = CsrOf(p, Orientation::kBoth, /*simple=*/true);
  std::vector<uint32_t> core(p.num_vertices());
  if (core.empty()) return core;
  boost::core_numbers(
      g, boost::make_iterator_property_map(core.begin(), boost::get(boost::vertex_index, g)));
  return core;
}

}  // namespace actorgraph::analytics
