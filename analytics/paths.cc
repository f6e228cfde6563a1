#include "analytics/paths.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <cmath>
#include <limits>

#include "analytics/csr_graph.h"

namespace actorgraph::analytics {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// BGL searches have no early exit: visitors throw these to stop.
struct TargetSettled {};
struct StopRequested {};

Orientation Reverse(Orientation o) {
  return o == Orientation::kOut  ? Orientation::kIn
         : o == Orientation::kIn ? Orientation::kOut
                                 : Orientation::kBoth;
}

bool Near(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

class BfsStopper : public boost::default_bfs_visitor {
 public:
  BfsStopper(std::vector<double>* dist, uint32_t target, std::optional<uint32_t> max_hops,
             const std::function<bool()>* should_stop)
      : dist_(dist), target_(target), max_hops_(max_hops), should_stop_(should_stop) {}
  void tree_edge(boost::graph_traits<CsrGraph>::edge_descriptor e, const CsrGraph& g) const {
    (*dist_)[boost::target(e, g)] = (*dist_)[boost::source(e, g)] + 1;
  }
  void examine_vertex(CsrVertex u, const CsrGraph&) const {
    // Everything at distance d(u) + 1 is discovered once we examine a vertex
    // at the target's distance, and nothing beyond max_hops matters.
    double du = (*dist_)[u];
    if ((*dist_)[target_] < kInf && du >= (*dist_)[target_]) throw TargetSettled{};
    if (max_hops_ && du >= *max_hops_) throw TargetSettled{};
    if ((++count_ & 1023) == 0 && *should_stop_ && (*should_stop_)()) throw StopRequested{};
  }

 private:
  std::vector<double>* dist_;
  uint32_t target_;
  std::optional<uint32_t> max_hops_;
  const std::function<bool()>* should_stop_;
  mutable uint64_t count_ = 0;
};

class DijkstraStopper : public boost::default_dijkstra_visitor {
 public:
  DijkstraStopper(uint32_t target, const std::function<bool()>* should_stop)
      : target_(target), should_stop_(should_stop) {}
  void examine_vertex(CsrVertex u, const CsrGraph&) const {
    if (u == target_) throw TargetSettled{};
    if ((++count_ & 1023) == 0 && *should_stop_ && (*should_stop_)()) throw StopRequested{};
  }

 private:
  uint32_t target_;
  const std::function<bool()>* should_stop_;
  mutable uint64_t count_ = 0;
};

// Walks back from the target over "tight" edges (those on some minimal path)
// and emits each simple path found, source first.
class Enumerator {
 public:
  Enumerator(const Projection& p, const PathQuery& q, std::vector<FoundPath>* out)
      : p_(p), q_(q), out_(out), limit_(q.all ? q.max_paths : 1), on_path_(p.num_vertices(), 0) {}

  // `tight(u, e, v, depth)`: edge e from u into v is on a minimal path when
  // v is reached after depth - 1 more steps back.
  template <typename Tight>
  void Run(double cost, Tight&& tight) {
    cost_ = cost;
    Walk(q_.target, 0, tight);
  }

 private:
  template <typename Tight>
  void Walk(uint32_t v, uint32_t depth, Tight& tight) {
    if (out_->size() >= limit_) return;
    stack_v_.push_back(v);
    on_path_[v] = 1;
    if (v == q_.source) {
      FoundPath f;
      f.vertices.assign(stack_v_.rbegin(), stack_v_.rend());
      f.edges.assign(stack_e_.rbegin(), stack_e_.rend());
      f.cost = cost_;
      out_->push_back(std::move(f));
    } else {
      for (const auto& a : p_.Neighbours(v, Reverse(q_.orientation))) {
        if (on_path_[a.other] || !tight(a.other, a.edge, v, depth)) continue;
        stack_e_.push_back(a.edge);
        Walk(a.other, depth + 1, tight);
        stack_e_.pop_back();
        if (out_->size() >= limit_) break;
      }
    }
    on_path_[v] = 0;
    stack_v_.pop_back();
  }

  const Projection& p_;
  const PathQuery& q_;
  std::vector<FoundPath>* out_;
  size_t limit_;
  double cost_ = 0;
  std::vector<char> on_path_;
  std::vector<uint32_t> stack_v_, stack_e_;
};

}  // namespace

Result<std::vector<FoundPath>> ShortestPaths(const Projection& p, const PathQuery& q,
                                             const std::function<bool()>& should_stop) {
  std::vector<FoundPath> out;
  const uint32_t n = p.num_vertices();
  if (q.source >= n || q.target >= n)
    return Status::InvalidArgument("path ends outside the projection");
  if (q.source == q.target) {
    out.push_back(FoundPath{{q.source}, {}, 0});
    return out;
  }
  if (q.weighted) {
    for (const ProjectedEdge& e : p.edges())
      if (!(e.weight >= 0) || std::isinf(e.weight))
        return Status::InvalidArgument("relationship #" + std::to_string(e.rel) +
                                       " has a negative, infinite or missing weight");
  }
  auto weight = [&](uint32_t e) { return q.weighted ? p.edge(e).weight : 1.0; };
  Enumerator en(p, q, &out);

  if (q.weighted && q.max_hops) {
    // Hop-bounded Bellman-Ford: d[k][v] = cheapest walk of at most k edges.
    const uint32_t hops = *q.max_hops;
    std::vector<std::vector<double>> d(hops + 1, std::vector<double>(n, kInf));
    d[0][q.source] = 0;
    for (uint32_t k = 1; k <= hops; ++k) {
      if (should_stop && should_stop()) return Status::Cancelled("stopped while searching paths");
      d[k] = d[k - 1];
      for (uint32_t u = 0; u < n; ++u) {
        if (d[k - 1][u] == kInf) continue;
        for (const auto& a : p.Neighbours(u, q.orientation))
          d[k][a.other] = std::min(d[k][a.other], d[k - 1][u] + weight(a.edge));
      }
    }
    const double best = d[hops][q.target];
    if (best == kInf) return out;
    // Walking back `depth` steps from the target leaves hops - depth - 1 steps
    // for the rest; the remaining cost must be reachable in that many.
    std::vector<double> remaining_at_depth(hops + 2, 0);
    remaining_at_depth[0] = best;
    en.Run(best, [&](uint32_t u, uint32_t e, uint32_t, uint32_t depth) {
      if (depth + 1 > hops) return false;
      double rest = remaining_at_depth[depth] - weight(e);
      if (!Near(d[hops - depth - 1][u], rest)) return false;
      remaining_at_depth[depth + 1] = rest;
      return true;
    });
    return out;
  }

  const CsrGraph& g = CsrOf(p, q.orientation);
  std::vector<double> dist(n, kInf);
  dist[q.source] = 0;
  try {
    if (q.weighted) {
      auto wmap =
          boost::make_function_property_map<boost::graph_traits<CsrGraph>::edge_descriptor, double>(
              [&](boost::graph_traits<CsrGraph>::edge_descriptor e) { return weight(g[e].edge); });
      boost::dijkstra_shortest_paths(g, q.source,
                                     boost::weight_map(wmap)
                                         .distance_map(boost::make_iterator_property_map(
                                             dist.begin(), boost::get(boost::vertex_index, g)))
                                         .visitor(DijkstraStopper(q.target, &should_stop)));
    } else {
      std::vector<boost::default_color_type> colors(n);
      boost::breadth_first_search(
          g, q.source,
          boost::visitor(BfsStopper(&dist, q.target, q.max_hops, &should_stop))
              .color_map(boost::make_iterator_property_map(colors.begin(),
                                                           boost::get(boost::vertex_index, g))));
    }
  } catch (const TargetSettled&) {
  } catch (const StopRequested&) {
    return Status::Cancelled("stopped while searching paths");
  }
  const double best = dist[q.target];
  if (best == kInf || (q.max_hops && !q.weighted && best > *q.max_hops)) return out;
  en.Run(best, [&](uint32_t u, uint32_t e, uint32_t v, uint32_t) {
    return dist[u] < kInf && Near(dist[u] + weight(e), dist[v]);
  });
  return out;
}

}  // namespace actorgraph::analytics
