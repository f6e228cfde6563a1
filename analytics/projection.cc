#include "analytics/projection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "analytics/csr_graph.h"
#include "common/text_match.h"

namespace actorgraph::analytics {

namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i)
    out += (i ? ", " : "") + v[i];
  return out;
}

bool Passes(const ValidInterval& valid, const ProjectionSpec& spec) {
  if (spec.valid_at && valid.HoldsAt(*spec.valid_at) != Truth::kTrue) return false;
  if (spec.has_period && valid.Overlaps(spec.valid_from, spec.valid_to) != Truth::kTrue)
    return false;
  return true;
}

bool HasTimeFilter(const ProjectionSpec& spec) {
  return spec.valid_at || spec.has_period;
}

}  // namespace

std::string ProjectionSpec::Describe() const {
  std::vector<std::string> parts;
  parts.push_back(labels.empty() ? "all labels" : "labels " + Join(labels));
  parts.push_back(types.empty() ? "all types" : "types " + Join(types));
  if (valid_at) parts.push_back("valid at " + valid_at->ToString());
  if (has_period)
    parts.push_back("valid in [" + (valid_from ? valid_from->ToString() : "…") + ", " +
                    (valid_to ? valid_to->ToString() : "…") + ")");
  if (min_grade) parts.push_back("grade " + min_grade->ToString() + " or better");
  return Join(parts);
}

Projection::Projection() : csr_(std::make_unique<CsrCache>()) {}
Projection::~Projection() = default;

std::optional<uint32_t> Projection::vertex(NodeId id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string Projection::type_name(uint32_t type_id) const {
  auto it = type_names_.find(type_id);
  return it == type_names_.end() ? "?" : it->second;
}

std::string Projection::Describe() const {
  return std::to_string(nodes_.size()) + " nodes and " + std::to_string(edges_.size()) +
         " relationships (" + spec_.Describe() + ")";
}

Result<std::unique_ptr<Projection>> Projection::Build(const ReadView& view,
                                                      const Ontology& ontology,
                                                      const ProjectionSpec& spec,
                                                      const std::function<bool()>& should_stop) {
  if (spec.labels.size() > 32) return Status::InvalidArgument("at most 32 labels in a projection");
  std::unique_ptr<Projection> p(new Projection());
  p->spec_ = spec;
  auto stop = [&] { return should_stop && should_stop(); };

  // Nodes, with the spec labels each carries (as a bit mask).
  std::vector<std::pair<NodeId, uint32_t>> found;
  if (spec.labels.empty()) {
    AG_RETURN_IF_ERROR(view.ForEachNode([&](NodeId id) {
      found.emplace_back(id, 0);
      return true;
    }));
  } else {
    for (size_t i = 0; i < spec.labels.size(); ++i) {
      const std::string& label = spec.labels[i];
      if (!ontology.HasLabel(label)) {
        std::string hint = DidYouMean(label, ontology.LabelNames());
        return Status::InvalidArgument("unknown label '" + label + "'" +
                                       (hint.empty() ? "" : "; " + hint));
      }
      for (const std::string& l : ontology.SelfAndDescendants(label)) {
        AG_RETURN_IF_ERROR(view.ForEachNodeWithLabel(l, [&](NodeId id) {
          found.emplace_back(id, uint32_t{1} << i);
          return true;
        }));
      }
    }
  }
  std::sort(found.begin(), found.end());
  for (size_t i = 0; i < found.size();) {
    NodeId id = found[i].first;
    uint32_t mask = 0;
    for (; i < found.size() && found[i].first == id; ++i)
      mask |= found[i].second;
    if (HasTimeFilter(spec)) {
      Node n;
      AG_RETURN_IF_ERROR(view.GetNode(id, &n));
      if (!Passes(n.valid, spec)) continue;
    }
    p->index_.emplace(id, static_cast<uint32_t>(p->nodes_.size()));
    p->nodes_.push_back(id);
    p->label_masks_.push_back(mask);
  }
  if (stop()) return Status::Cancelled("stopped while projecting nodes");

  // Relationship types.
  std::vector<uint32_t> type_ids;
  for (const std::string& t : spec.types) {
    if (!ontology.HasRelType(t)) {
      std::string hint = DidYouMean(t, ontology.RelTypeNames());
      return Status::InvalidArgument("unknown relationship type '" + t + "'" +
                                     (hint.empty() ? "" : "; " + hint));
    }
    if (auto id = view.TypeId(t)) type_ids.push_back(*id);  // absent: never written
  }
  const bool no_types_present = !spec.types.empty() && type_ids.empty();

  // Relationships, scanned from each kept node's out-adjacency in id order,
  // so the edge list comes out sorted by source.
  if (!no_types_present) {
    for (uint32_t v = 0; v < p->nodes_.size(); ++v) {
      if ((v & 255) == 0 && stop()) return Status::Cancelled("stopped while projecting");
      auto cur = view.AdjacencyById(p->nodes_[v], Direction::kOut, type_ids);
      for (; cur->Valid(); cur->Next()) {
        const AdjEntry& a = cur->entry();
        auto other = p->index_.find(a.other);
        if (other == p->index_.end()) continue;
        if (!Passes(a.valid, spec)) continue;
        if (spec.min_grade) {
          AG_ASSIGN_OR_RETURN(auto claims, view.Claims(TargetKind::kRel, a.rel));
          bool ok = std::any_of(claims.begin(), claims.end(), [&](const Claim& c) {
            return c.property.empty() && c.stance == Stance::kAsserts && c.grade &&
                   c.grade->AtLeast(*spec.min_grade);
          });
          if (!ok) continue;
        }
        ProjectedEdge e{v, other->second, a.rel, a.type_id, 1.0, -1};
        if (!spec.weight_properties.empty()) {
          e.weight = spec.default_weight.value_or(std::numeric_limits<double>::quiet_NaN());
          Relationship r;
          AG_RETURN_IF_ERROR(view.GetRel(a.rel, &r));
          for (size_t i = 0; i < spec.weight_properties.size(); ++i) {
            const Value* w = r.Prop(spec.weight_properties[i]);
            if (w && w->is_number()) {
              e.weight = w->as_number();
              e.weight_source = static_cast<int8_t>(i);
              break;
            }
          }
        }
        if (!p->type_names_.count(a.type_id)) p->type_names_[a.type_id] = view.TypeName(a.type_id);
        p->edges_.push_back(e);
      }
      AG_RETURN_IF_ERROR(cur->status());
    }
  }
  std::sort(p->edges_.begin(), p->edges_.end(), [](const ProjectedEdge& a, const ProjectedEdge& b) {
    return std::tie(a.src, a.dst, a.rel) < std::tie(b.src, b.dst, b.rel);
  });
  return p;
}

void Projection::BuildAdjacency(Orientation o) const {
  AdjLists& l = adj_[static_cast<int>(o)];
  if (l.built) return;
  const uint32_t n = num_vertices();
  l.offsets.assign(n + 1, 0);
  auto each = [&](auto&& fn) {
    for (uint32_t e = 0; e < edges_.size(); ++e) {
      const ProjectedEdge& pe = edges_[e];
      if (o != Orientation::kIn) fn(pe.src, pe.dst, e);
      if (o != Orientation::kOut) fn(pe.dst, pe.src, e);
    }
  };
  each([&](uint32_t from, uint32_t, uint32_t) { ++l.offsets[from + 1]; });
  for (uint32_t v = 0; v < n; ++v)
    l.offsets[v + 1] += l.offsets[v];
  l.adj.resize(l.offsets[n]);
  std::vector<uint32_t> fill(l.offsets.begin(), l.offsets.end() - 1);
  each([&](uint32_t from, uint32_t to, uint32_t e) { l.adj[fill[from]++] = Adj{to, e}; });
  l.built = true;
}

std::span<const Projection::Adj> Projection::Neighbours(uint32_t v, Orientation o) const {
  BuildAdjacency(o);
  const AdjLists& l = adj_[static_cast<int>(o)];
  return {l.adj.data() + l.offsets[v], l.adj.data() + l.offsets[v + 1]};
}

const CsrGraph& CsrOf(const Projection& p, Orientation o, bool simple) {
  auto& slot = p.csr_cache().graphs[static_cast<int>(o)][simple ? 1 : 0];
  if (slot) return *slot;
  struct Arc {
    uint32_t from, to, edge;
  };
  std::vector<Arc> arcs;
  arcs.reserve(p.num_edges() * (o == Orientation::kBoth ? 2 : 1));
  for (uint32_t e = 0; e < p.num_edges(); ++e) {
    const ProjectedEdge& pe = p.edge(e);
    if (simple && pe.src == pe.dst) continue;
    if (o != Orientation::kIn) arcs.push_back({pe.src, pe.dst, e});
    if (o != Orientation::kOut) arcs.push_back({pe.dst, pe.src, e});
  }
  std::sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) {
    return std::tie(a.from, a.to, a.edge) < std::tie(b.from, b.to, b.edge);
  });
  if (simple) {
    arcs.erase(
        std::unique(arcs.begin(), arcs.end(),
                    [](const Arc& a, const Arc& b) { return a.from == b.from && a.to == b.to; }),
        arcs.end());
  }
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<CsrEdge> props;
  pairs.reserve(arcs.size());
  props.reserve(arcs.size());
  for (const Arc& a : arcs) {
    pairs.emplace_back(a.from, a.to);
    props.push_back(CsrEdge{a.edge});
  }
  slot = std::make_unique<CsrGraph>(boost::edges_are_sorted, pairs.begin(), pairs.end(),
                                    props.begin(), p.num_vertices());
  return *slot;
}

}  // namespace actorgraph::analytics
