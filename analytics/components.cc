#include "analytics/components.h"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/strong_components.hpp>

#include "analytics/csr_graph.h"

namespace actorgraph::analytics {

std::vector<uint32_t> WeakComponents(const Projection& p) {
  // CSR graphs are directed: the symmetric view makes BGL's undirected
  // connected_components correct.
  const CsrGraph& g = CsrOf(p, Orientation::kBoth, /*simple=*/true);
  std::vector<uint32_t> comp(p.num_vertices());
  if (comp.empty()) return comp;
  boost::connected_components(
      g, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, g)));
  return comp;
}

std::vector<uint32_t> StrongComponents(const Projection& p) {
  const CsrGraph& g = CsrOf(p, Orientation::kOut);
  std::vector<uint32_t> comp(p.num_vertices());
  if (comp.empty()) return comp;
  boost::strong_components(
      g, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, g)));
  return comp;
}

std::vector<VertexGroup> GroupsOf(const Projection& p, const std::vector<uint32_t>& component) {
  uint32_t count = 0;
  for (uint32_t c : component)
    count = std::max(count, c + 1);
  std::vector<VertexGroup> groups(count);
  for (uint32_t v = 0; v < component.size(); ++v)
    groups[component[v]].vertices.push_back(v);
  for (uint32_t e = 0; e < p.num_edges(); ++e) {
    const ProjectedEdge& pe = p.edge(e);
    if (component[pe.src] == component[pe.dst]) groups[component[pe.src]].edges.push_back(e);
  }
  groups.erase(std::remove_if(groups.begin(), groups.end(),
                              [](const VertexGroup& g) { return g.vertices.empty(); }),
               groups.end());
  std::stable_sort(groups.begin(), groups.end(), [](const VertexGroup& a, const VertexGroup& b) {
    if (a.vertices.size() != b.vertices.size()) return a.vertices.size() > b.vertices.size();
    return a.vertices.front() < b.vertices.front();
  });
  return groups;
}

}  // namespace actorgraph::analytics
