// The algo.* procedures: paths, components and centrality on a projection.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "analytics/centrality.h"
#include "analytics/components.h"
#include "analytics/paths.h"
#include "analytics/procedure_util.h"
#include "analytics/procedures_internal.h"

namespace actorgraph::analytics {

namespace {

using query::ProcedureContext;
using query::ProcedureSignature;
using Emit = std::function<bool(std::vector<Value>&&)>;

// CALL algo.shortestPath(source, target, {maxHops: 4, validAt: '2022-06'})
//   YIELD path, length, cost, rels
class ShortestPathProc : public AnalyticsProcedure {
 public:
  explicit ShortestPathProc(bool all)
      : AnalyticsProcedure(ProcedureSignature{
            all ? "algo.allShortestPaths" : "algo.shortestPath",
            {{"source", "node|string", std::nullopt},
             {"target", "node|string", std::nullopt},
             ConfigParam()},
            {"path", "length", "cost", "rels"},
            all ? "every minimal path between SOURCE and TARGET (hop count, or the sum of "
                  "weightProperty); config: direction ('both'), maxHops, weightProperty, "
                  "defaultWeight, maxPaths (100), and the projection keys"
                : "one minimal path between SOURCE and TARGET (hop count, or the sum of "
                  "weightProperty); config: direction ('both'), maxHops, weightProperty, "
                  "defaultWeight, and the projection keys"}),
        all_(all) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[2]);
    std::vector<std::string> keys{"direction", "maxHops", "weightProperty", "defaultWeight"};
    if (all_) keys.push_back("maxPaths");
    AG_RETURN_IF_ERROR(c.Check(keys));
    AG_ASSIGN_OR_RETURN(NodeId source, ResolveNode(ctx.view, name(), "source", args[0]));
    AG_ASSIGN_OR_RETURN(NodeId target, ResolveNode(ctx.view, name(), "target", args[1]));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec, c.Projection(ctx.filter));
    AG_ASSIGN_OR_RETURN(auto weight, c.String("weightProperty"));
    AG_ASSIGN_OR_RETURN(auto default_weight, c.Number("defaultWeight"));
    if (weight) spec.weight_properties = {*weight};
    spec.default_weight = default_weight;
    PathQuery q;
    q.weighted = weight.has_value();
    q.all = all_;
    AG_ASSIGN_OR_RETURN(q.orientation, ReadDirection(c, Orientation::kBoth));
    AG_ASSIGN_OR_RETURN(auto max_hops, c.Int("maxHops"));
    if (max_hops) {
      if (*max_hops < 1 || *max_hops > 100) return c.Error("maxHops", "must be from 1 to 100");
      q.max_hops = static_cast<uint32_t>(*max_hops);
    }
    AG_ASSIGN_OR_RETURN(auto max_paths, c.Int("maxPaths"));
    if (max_paths) {
      if (*max_paths < 1) return c.Error("maxPaths", "must be at least 1");
      q.max_paths = static_cast<size_t>(*max_paths);
    }
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    auto sv = p->vertex(source), tv = p->vertex(target);
    if (!sv || !tv) return Status::OK();  // an end outside the projection: no path
    if (q.weighted) AG_RETURN_IF_ERROR(CheckWeights(ctx, *p, *weight));
    q.source = *sv;
    q.target = *tv;
    AG_ASSIGN_OR_RETURN(auto paths, ShortestPaths(*p, q, ctx.should_stop));
    for (const FoundPath& f : paths) {
      std::vector<Value> row{Path(*p, f.vertices, f.edges),
                             Value(static_cast<int64_t>(f.edges.size())), Value(f.cost),
                             Rels(*p, f.edges)};
      if (!emit(std::move(row))) break;
    }
    return Status::OK();
  }

 private:
  // Names the first relationship whose weight is missing or negative.
  Status CheckWeights(const ProcedureContext& ctx, const Projection& p,
                      const std::string& prop) const {
    for (const ProjectedEdge& e : p.edges()) {
      if (e.weight >= 0 && !std::isinf(e.weight)) continue;
      Relationship r;
      std::string what = "#" + std::to_string(e.rel);
      if (ctx.view.GetRel(e.rel, &r).ok()) what = "'" + r.xid + "'";
      return Status::InvalidArgument(
          name() + ": relationship " + what +
          (std::isnan(e.weight)
               ? " has no numeric '" + prop + "'; set defaultWeight or narrow the projection"
               : " has a negative or infinite '" + prop + "'"));
    }
    return Status::OK();
  }
  bool all_;
};

// CALL algo.components({types: ['ALLIED_WITH']}) YIELD component, size, members, rels
class ComponentsProc : public AnalyticsProcedure {
 public:
  explicit ComponentsProc(bool strong)
      : AnalyticsProcedure(ProcedureSignature{
            strong ? "algo.stronglyConnected" : "algo.components",
            {ConfigParam()},
            {"component", "size", "members", "rels"},
            strong ? "strongly connected groups (every member reaches every other along the "
                     "relationships' direction), largest first; config: minSize (2) and the "
                     "projection keys"
                   : "weakly connected components (relationships taken both ways), largest "
                     "first; config: minSize (1) and the projection keys"}),
        strong_(strong) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[0]);
    AG_RETURN_IF_ERROR(c.Check({"minSize"}));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec, c.Projection(ctx.filter));
    AG_ASSIGN_OR_RETURN(auto min_size, c.Int("minSize"));
    const int64_t min = min_size.value_or(strong_ ? 2 : 1);
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    auto groups = GroupsOf(*p, strong_ ? StrongComponents(*p) : WeakComponents(*p));
    int64_t number = 0;
    for (const VertexGroup& g : groups) {
      if (static_cast<int64_t>(g.vertices.size()) < min) break;  // largest first
      std::vector<Value> row{Value(number++), Value(static_cast<int64_t>(g.vertices.size())),
                             Nodes(*p, g.vertices), Rels(*p, g.edges)};
      if (!emit(std::move(row))) break;
    }
    return Status::OK();
  }

 private:
  bool strong_;
};

// Emits (node, score, rels) rows sorted by score, highest first.
Status EmitScores(const Projection& p, const std::vector<double>& score, const Emit& emit) {
  std::vector<uint32_t> order(p.num_vertices());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return score[a] > score[b]; });
  for (uint32_t v : order) {
    std::vector<Value> row{Value(NodeRef{p.node(v)}), Value(score[v]), IncidentRels(p, v)};
    if (!emit(std::move(row))) break;
  }
  return Status::OK();
}

// CALL algo.betweenness({labels: ['Actor']}) YIELD node, score, rels
class BetweennessProc : public AnalyticsProcedure {
 public:
  BetweennessProc()
      : AnalyticsProcedure(ProcedureSignature{
            "algo.betweenness",
            {ConfigParam()},
            {"node", "score", "rels"},
            "betweenness centrality (how many shortest paths run through a node: who brokers "
            "between groups), highest first; O(nodes × relationships), so refused above "
            "maxNodes (5000) unless samples is set; config: direction ('both'), normalized "
            "(false), maxNodes, samples, seed, and the projection keys"}) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[0]);
    AG_RETURN_IF_ERROR(c.Check({"direction", "normalized", "maxNodes", "samples", "seed"}));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec, c.Projection(ctx.filter));
    BetweennessOptions o;
    AG_ASSIGN_OR_RETURN(o.orientation, ReadDirection(c, Orientation::kBoth));
    AG_ASSIGN_OR_RETURN(auto normalized, c.Bool("normalized"));
    AG_ASSIGN_OR_RETURN(auto max_nodes, c.Int("maxNodes"));
    AG_ASSIGN_OR_RETURN(auto samples, c.Int("samples"));
    AG_ASSIGN_OR_RETURN(auto seed, c.Int("seed"));
    o.normalized = normalized.value_or(false);
    if (max_nodes) {
      if (*max_nodes < 1) return c.Error("maxNodes", "must be positive");
      o.max_nodes = static_cast<uint32_t>(std::min<int64_t>(*max_nodes, UINT32_MAX));
    }
    if (samples) {
      if (*samples < 1) return c.Error("samples", "must be positive");
      o.samples = static_cast<uint32_t>(std::min<int64_t>(*samples, UINT32_MAX));
    }
    if (seed) o.seed = static_cast<uint64_t>(*seed);
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    auto r = Betweenness(*p, o, ctx.should_stop);
    if (!r.ok()) return r.status().WithContext(name());
    return EmitScores(*p, r->score, emit);
  }
};

// CALL algo.pagerank({types: ['SUPPORTS']}) YIELD node, score, rels
class PageRankProc : public AnalyticsProcedure {
 public:
  PageRankProc()
      : AnalyticsProcedure(ProcedureSignature{
            "algo.pagerank",
            {ConfigParam()},
            {"node", "score", "rels"},
            "PageRank (scores sum to 1; rank flows along the relationships), highest first; "
            "config: direction ('out'), damping (0.85), iterations (100), tolerance (1e-9), "
            "and the projection keys"}) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[0]);
    AG_RETURN_IF_ERROR(c.Check({"direction", "damping", "iterations", "tolerance"}));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec, c.Projection(ctx.filter));
    PageRankOptions o;
    AG_ASSIGN_OR_RETURN(o.orientation, ReadDirection(c, Orientation::kOut));
    AG_ASSIGN_OR_RETURN(auto damping, c.Number("damping"));
    AG_ASSIGN_OR_RETURN(auto iterations, c.Int("iterations"));
    AG_ASSIGN_OR_RETURN(auto tolerance, c.Number("tolerance"));
    if (damping) {
      if (!(*damping >= 0 && *damping < 1)) return c.Error("damping", "must be in [0, 1)");
      o.damping = *damping;
    }
    if (iterations) {
      if (*iterations < 1 || *iterations > 10000) return c.Error("iterations", "must be 1–10000");
      o.max_iterations = static_cast<uint32_t>(*iterations);
    }
    if (tolerance) o.tolerance = *tolerance;
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    return EmitScores(*p, PageRank(*p, o), emit);
  }
};

// CALL algo.kcore({minCore: 2}) YIELD node, core, rels
class KCoreProc : public AnalyticsProcedure {
 public:
  KCoreProc()
      : AnalyticsProcedure(ProcedureSignature{
            "algo.kcore",
            {ConfigParam()},
            {"node", "core", "rels"},
            "k-core number of each node (the largest k such that it belongs to a group where "
            "everyone has at least k ties inside; relationships taken both ways, parallel ones "
            "once), highest first; rels: ties to nodes of at least the same core; config: "
            "minCore (0) and the projection keys"}) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[0]);
    AG_RETURN_IF_ERROR(c.Check({"minCore"}));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec, c.Projection(ctx.filter));
    AG_ASSIGN_OR_RETURN(auto min_core, c.Int("minCore"));
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    std::vector<uint32_t> core = CoreNumbers(*p);
    std::vector<uint32_t> order(core.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return core[a] > core[b]; });
    for (uint32_t v : order) {
      if (static_cast<int64_t>(core[v]) < min_core.value_or(0)) break;
      std::vector<uint32_t> edges;
      for (const auto& a : p->Neighbours(v, Orientation::kBoth))
        if (a.other != v && core[a.other] >= core[v]) edges.push_back(a.edge);
      std::sort(edges.begin(), edges.end());
      edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
      std::vector<Value> row{Value(NodeRef{p->node(v)}), Value(static_cast<int64_t>(core[v])),
                             Rels(*p, edges)};
      if (!emit(std::move(row))) break;
    }
    return Status::OK();
  }
};

}  // namespace

void RegisterAlgoProcedures(query::ProcedureRegistry& registry) {
  registry.Register(std::make_unique<ShortestPathProc>(false));
  registry.Register(std::make_unique<ShortestPathProc>(true));
  registry.Register(std::make_unique<ComponentsProc>(false));
  registry.Register(std::make_unique<ComponentsProc>(true));
  registry.Register(std::make_unique<BetweennessProc>());
  registry.Register(std::make_unique<PageRankProc>());
  registry.Register(std::make_unique<KCoreProc>());
}

}  // namespace actorgraph::analytics
