#include "analytics/clusters.h"

#include <algorithm>
#include <boost/pending/disjoint_sets.hpp>
#include <cmath>
#include <map>

#include "common/ascii.h"

namespace actorgraph::analytics {

namespace {

std::string KindOf(const std::string& type) {
  if (type == "HAS_ADDRESS") return "address";
  if (type == "HAS_PHONE") return "phone";
  if (type == "HAS_EMAIL") return "email";
  if (type == "DIRECTS") return "director";
  return LowerAscii(type);
}

void SortUnique(std::vector<uint32_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

double Weight(size_t k) {
  return k < 2 ? 0 : (k - 1) / std::log2(static_cast<double>(k));
}

}  // namespace

uint32_t AutoSharedThreshold(std::vector<uint32_t> degrees) {
  degrees.erase(std::remove_if(degrees.begin(), degrees.end(), [](uint32_t d) { return d < 2; }),
                degrees.end());
  if (degrees.empty()) return 10;
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  };
  std::vector<double> d(degrees.begin(), degrees.end());
  const double med = median(d);
  for (double& x : d)
    x = std::fabs(x - med);
  const double mad = 1.4826 * median(d);
  return std::max<uint32_t>(10, static_cast<uint32_t>(std::ceil(med + 5 * std::max(1.0, mad))));
}

ClusterReport FindShellClusters(const Projection& p, const ClusterOptions& o) {
  const uint32_t n = p.num_vertices();
  auto is_member = [&](uint32_t v) { return (p.label_mask(v) & o.member_mask) != 0; };

  // Connectors: identifiers (non-members) and the sources of member-to-member
  // relationships (directors).
  std::map<uint32_t, Connector> connectors;
  for (uint32_t e = 0; e < p.num_edges(); ++e) {
    const ProjectedEdge& pe = p.edge(e);
    if (pe.src == pe.dst) continue;
    const bool ms = is_member(pe.src), md = is_member(pe.dst);
    uint32_t hub, member;
    if (ms && md) {
      hub = pe.src;  // the director ties itself and what it directs
      member = pe.dst;
    } else if (ms) {
      hub = pe.dst;  // an identifier
      member = pe.src;
    } else if (md) {
      hub = pe.src;
      member = pe.dst;
    } else {
      continue;
    }
    Connector& c = connectors[hub];
    c.vertex = hub;
    if (c.kind.empty()) c.kind = KindOf(p.type_name(pe.type_id));
    c.members.push_back(member);
    if (ms && md) c.members.push_back(hub);
    c.edges.push_back(e);
  }
  ClusterReport report;
  std::vector<uint32_t> degrees;
  for (auto& [v, c] : connectors) {
    SortUnique(&c.members);
    SortUnique(&c.edges);
    degrees.push_back(static_cast<uint32_t>(c.members.size()));
  }
  report.max_shared = o.max_shared ? *o.max_shared : AutoSharedThreshold(degrees);

  std::vector<uint32_t> rank(n, 0), parent(n);
  for (uint32_t v = 0; v < n; ++v)
    parent[v] = v;
  boost::disjoint_sets<uint32_t*, uint32_t*> sets(rank.data(), parent.data());
  std::vector<const Connector*> used;
  for (auto& [v, c] : connectors) {
    if (c.members.size() < 2) continue;  // ties nothing
    // A director counts itself among its members; the threshold is on the
    // entities it ties besides itself for identifiers and directors alike.
    const size_t tied = c.kind == "director" ? c.members.size() - 1 : c.members.size();
    if (tied > report.max_shared) {
      report.super_shared.push_back(c);
      continue;
    }
    for (uint32_t m : c.members)
      sets.union_set(c.members.front(), m);
    used.push_back(&c);
  }

  std::map<uint32_t, ShellCluster> by_root;
  for (const Connector* c : used) {
    ShellCluster& sc = by_root[sets.find_set(c->members.front())];
    sc.members.insert(sc.members.end(), c->members.begin(), c->members.end());
    sc.edges.insert(sc.edges.end(), c->edges.begin(), c->edges.end());
    sc.shared.push_back(*c);
    sc.score += Weight(c->members.size());
  }
  for (auto& [root, sc] : by_root) {
    SortUnique(&sc.members);
    SortUnique(&sc.edges);
    if (sc.members.size() < o.min_size) continue;
    std::stable_sort(
        sc.shared.begin(), sc.shared.end(),
        [](const Connector& a, const Connector& b) { return a.members.size() > b.members.size(); });
    report.clusters.push_back(std::move(sc));
  }
  std::stable_sort(report.clusters.begin(), report.clusters.end(),
                   [](const ShellCluster& a, const ShellCluster& b) {
                     if (a.score != b.score) return a.score > b.score;
                     return a.members.size() > b.members.size();
                   });
  std::stable_sort(
      report.super_shared.begin(), report.super_shared.end(),
      [](const Connector& a, const Connector& b) { return a.members.size() > b.members.size(); });
  return report;
}

}  // namespace actorgraph::analytics
