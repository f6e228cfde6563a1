// Projection: the part of the graph a question needs, copied out of one
// ReadView into dense arrays (uint32 vertex ids, an edge list sorted by
// source) that the algorithms run on. Boost.Graph CSR views of it are built on
// demand inside the analytics .cc files (analytics/csr_graph.h).
//
// What is kept:
//   - nodes carrying one of `labels` or a label below it in the ontology
//     (all nodes when empty), and valid at the date / in the period;
//   - relationships of `types` (all when empty) between kept nodes, valid at
//     the date / in the period, and, with a minimum grade, resting on at least
//     one asserting claim graded at least that well.
// Valid time is three-valued (common/interval.h); only "certainly holds"
// (Truth::kTrue) counts: a relationship not known to hold at the date is left
// out. Relationships and nodes without dates hold always.
//
// Ownership: a Projection owns its arrays; it keeps no reference to the view.
// Thread-safety: const methods may be called from several threads only after
// the lazily built adjacency of each orientation has been built once (the
// procedures use one projection per call, from one thread).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/grade.h"
#include "engine/ontology.h"
#include "engine/read_view.h"

namespace actorgraph::analytics {

struct ProjectionSpec {
  std::vector<std::string> labels;  // empty: every node
  std::vector<std::string> types;   // empty: every relationship type
  std::optional<PartialDate> valid_at;
  std::optional<PartialDate> valid_from, valid_to;  // a period [from, to)
  bool has_period = false;
  std::optional<Grade> min_grade;
  // Numeric relationship properties read into ProjectedEdge::weight, first
  // present one wins (e.g. {"percentage", "share"}). Empty: weight 1.
  std::vector<std::string> weight_properties;
  // The weight of a relationship that has none of weight_properties; nullopt:
  // NaN (callers decide whether that is an error).
  std::optional<double> default_weight;

  // "labels Company, Person; types OWNS; valid at 2022-06; grade B2 or better".
  std::string Describe() const;
};

struct ProjectedEdge {
  uint32_t src = 0;
  uint32_t dst = 0;
  RelId rel = 0;
  uint32_t type_id = 0;
  double weight = 1.0;        // NaN when weight_properties are set and none is present
  int8_t weight_source = -1;  // index into weight_properties, -1: none
};

// Which way relationships are followed.
enum class Orientation : uint8_t { kOut = 0, kIn = 1, kBoth = 2 };

class Projection {
 public:
  // Builds the projection. InvalidArgument names an unknown label or type (with
  // "did you mean"); Cancelled when should_stop() turns true.
  static Result<std::unique_ptr<Projection>> Build(const ReadView& view, const Ontology& ontology,
                                                   const ProjectionSpec& spec,
                                                   const std::function<bool()>& should_stop = {});
  ~Projection();

  const ProjectionSpec& spec() const { return spec_; }
  uint32_t num_vertices() const { return static_cast<uint32_t>(nodes_.size()); }
  size_t num_edges() const { return edges_.size(); }
  NodeId node(uint32_t v) const { return nodes_[v]; }
  std::optional<uint32_t> vertex(NodeId id) const;
  // Bit i set when the node carries spec().labels[i] or a label below it.
  uint32_t label_mask(uint32_t v) const { return label_masks_[v]; }
  // Sorted by (src, dst, rel).
  const std::vector<ProjectedEdge>& edges() const { return edges_; }
  const ProjectedEdge& edge(uint32_t e) const { return edges_[e]; }
  std::string type_name(uint32_t type_id) const;

  // One neighbour as seen from a vertex: the vertex at the other end and the
  // edge index. kOut lists edges leaving v, kIn edges entering v, kBoth both.
  struct Adj {
    uint32_t other;
    uint32_t edge;
  };
  std::span<const Adj> Neighbours(uint32_t v, Orientation o) const;

  // "12 nodes and 30 relationships (labels …; types …)".
  std::string Describe() const;

  // For analytics/csr_graph.h: the lazily built Boost.Graph views.
  struct CsrCache;
  CsrCache& csr_cache() const { return *csr_; }

 private:
  Projection();
  void BuildAdjacency(Orientation o) const;

  ProjectionSpec spec_;
  std::vector<NodeId> nodes_;  // vertex -> node id, ascending
  std::vector<uint32_t> label_masks_;
  std::unordered_map<NodeId, uint32_t> index_;
  std::vector<ProjectedEdge> edges_;
  std::unordered_map<uint32_t, std::string> type_names_;
  struct AdjLists {
    bool built = false;
    std::vector<uint32_t> offsets;
    std::vector<Adj> adj;
  };
  mutable AdjLists adj_[3];
  std::unique_ptr<CsrCache> csr_;
};

}  // namespace actorgraph::analytics
