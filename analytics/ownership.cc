#include "analytics/ownership.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analytics/components.h"

namespace actorgraph::analytics {

std::vector<std::string> OwnershipWeightProperties() {
  return {"percentage", "share"};
}

std::optional<double> OwnershipFraction(const ProjectedEdge& e) {
  if (e.weight_source < 0 || std::isnan(e.weight) || e.weight < 0) return std::nullopt;
  if (e.weight_source == 0) return e.weight / 100.0;    // percentage
  return e.weight > 1.0 ? e.weight / 100.0 : e.weight;  // share: a fraction, or a percentage
}

namespace {

class OwnerWalk {
 public:
  OwnerWalk(const Projection& p, const OwnersOptions& o, const std::function<bool()>& should_stop,
            OwnershipReport* report)
      : p_(p), o_(o), should_stop_(should_stop), report_(report), on_path_(p.num_vertices(), 0) {}

  Status Run(uint32_t company) {
    path_v_.push_back(company);
    on_path_[company] = 1;
    Walk(company, 1.0, true);
    if (stopped_) return Status::Cancelled("stopped while tracing owners");
    return Status::OK();
  }

  std::map<uint32_t, OwnerShare>& owners() { return owners_; }

 private:
  void Walk(uint32_t v, double share, bool known) {
    for (const auto& a : p_.Neighbours(v, Orientation::kIn)) {
      if (stopped_ || report_->truncated) return;
      if ((++steps_ & 1023) == 0 && should_stop_ && should_stop_()) {
        stopped_ = true;
        return;
      }
      const uint32_t u = a.other;
      if (on_path_[u]) {
        RecordCycle(u, a.edge);
        continue;
      }
      std::optional<double> f = OwnershipFraction(p_.edge(a.edge));
      const bool chain_known = known && f.has_value();
      const double chain_share = chain_known ? share * *f : 0;
      path_v_.push_back(u);
      path_e_.push_back(a.edge);
      on_path_[u] = 1;
      OwnerShare& os = owners_[u];
      os.owner = u;
      OwnershipChain chain;
      chain.vertices.assign(path_v_.rbegin(), path_v_.rend());
      chain.edges.assign(path_e_.rbegin(), path_e_.rend());
      if (chain_known) {
        chain.share = chain_share;
        os.share += chain_share;
        ++os.known_chains;
      } else {
        ++os.unknown_chains;
      }
      os.chains.push_back(std::move(chain));
      if (++chains_ >= o_.max_chains) report_->truncated = true;
      if (path_e_.size() < o_.max_depth) {
        Walk(u, chain_share, chain_known);
      } else if (!p_.Neighbours(u, Orientation::kIn).empty()) {
        report_->truncated = true;
      }
      on_path_[u] = 0;
      path_e_.pop_back();
      path_v_.pop_back();
    }
  }

  // Edge `e` says u owns the current end of the path, and u is already on
  // it: u -> path end -> … -> u is a cycle.
  void RecordCycle(uint32_t u, uint32_t e) {
    const size_t pos = std::find(path_v_.begin(), path_v_.end(), u) - path_v_.begin();
    const size_t k = path_v_.size() - 1;
    OwnershipCycle c;
    c.vertices = {u, path_v_[k]};  // [u, u] for a company owning itself
    c.edges = {e};
    for (size_t i = k; i > pos; --i) {
      c.vertices.push_back(path_v_[i - 1]);
      c.edges.push_back(path_e_[i - 1]);
    }
    std::vector<uint32_t> key = c.edges;
    std::sort(key.begin(), key.end());
    if (seen_cycles_.insert(key).second) report_->cycles.push_back(std::move(c));
  }

  const Projection& p_;
  const OwnersOptions& o_;
  const std::function<bool()>& should_stop_;
  OwnershipReport* report_;
  std::vector<char> on_path_;
  std::vector<uint32_t> path_v_;  // the company first, the current owner last
  std::vector<uint32_t> path_e_;  // path_e_[i] joins path_v_[i + 1] (owner) to path_v_[i]
  std::map<uint32_t, OwnerShare> owners_;
  std::set<std::vector<uint32_t>> seen_cycles_;
  size_t chains_ = 0;
  uint64_t steps_ = 0;
  bool stopped_ = false;
};

}  // namespace

Result<OwnershipReport> TraceOwners(const Projection& p, uint32_t company, const OwnersOptions& o,
                                    const std::function<bool()>& should_stop) {
  OwnershipReport report;
  OwnerWalk walk(p, o, should_stop, &report);
  AG_RETURN_IF_ERROR(walk.Run(company));

  const std::vector<uint32_t> scc = StrongComponents(p);
  std::vector<uint32_t> scc_size(p.num_vertices() + 1, 0);
  for (uint32_t c : scc)
    ++scc_size[c];
  std::vector<char> self_loop(p.num_vertices(), 0);
  for (const ProjectedEdge& e : p.edges())
    if (e.src == e.dst) self_loop[e.src] = 1;

  // A strong component owned from outside has no ultimate owner inside it.
  std::vector<char> owned_from_outside(p.num_vertices() + 1, 0);
  for (const ProjectedEdge& e : p.edges())
    if (scc[e.src] != scc[e.dst]) owned_from_outside[scc[e.dst]] = 1;
  for (auto& [u, os] : walk.owners()) {
    os.in_cycle = scc_size[scc[u]] > 1 || self_loop[u];
    os.ultimate = !owned_from_outside[scc[u]];
    for (size_t i = 0; i < report.cycles.size(); ++i) {
      const auto& cv = report.cycles[i].vertices;
      if (std::find(cv.begin(), cv.end(), u) != cv.end()) os.cycles.push_back(i);
    }
    std::stable_sort(os.chains.begin(), os.chains.end(),
                     [](const OwnershipChain& a, const OwnershipChain& b) {
                       return a.share.value_or(-1) > b.share.value_or(-1);
                     });
    report.owners.push_back(std::move(os));
  }
  for (const auto& c : report.cycles)
    if (std::find(c.vertices.begin(), c.vertices.end(), company) != c.vertices.end())
      report.company_in_cycle = true;
  std::stable_sort(report.owners.begin(), report.owners.end(),
                   [](const OwnerShare& a, const OwnerShare& b) {
                     if (a.ultimate != b.ultimate) return a.ultimate;
                     return a.share > b.share;
                   });
  return report;
}

std::vector<CircularGroup> OwnershipCycles(const Projection& p) {
  std::vector<CircularGroup> out;
  const std::vector<uint32_t> scc = StrongComponents(p);
  for (VertexGroup& g : GroupsOf(p, scc)) {
    const uint32_t m0 = g.vertices.front();
    bool self = std::any_of(g.edges.begin(), g.edges.end(),
                            [&](uint32_t e) { return p.edge(e).src == p.edge(e).dst; });
    if (g.vertices.size() < 2 && !self) continue;
    CircularGroup cg;
    cg.members = g.vertices;
    cg.edges = g.edges;
    // The shortest cycle through m0: breadth-first inside the group until an
    // edge leads back to m0.
    std::vector<int64_t> via(p.num_vertices(), -1);  // edge that reached the vertex
    std::vector<uint32_t> queue{m0};
    std::vector<char> seen(p.num_vertices(), 0);
    seen[m0] = 1;
    int64_t closing = -1;
    for (size_t head = 0; head < queue.size() && closing < 0; ++head) {
      const uint32_t v = queue[head];
      for (const auto& a : p.Neighbours(v, Orientation::kOut)) {
        if (scc[a.other] != scc[m0]) continue;
        if (a.other == m0) {
          closing = a.edge;
          break;
        }
        if (seen[a.other]) continue;
        seen[a.other] = 1;
        via[a.other] = a.edge;
        queue.push_back(a.other);
      }
    }
    if (closing >= 0) {
      std::vector<uint32_t> edges{static_cast<uint32_t>(closing)};
      uint32_t v = p.edge(closing).src;
      while (v != m0) {
        edges.push_back(static_cast<uint32_t>(via[v]));
        v = p.edge(via[v]).src;
      }
      std::reverse(edges.begin(), edges.end());
      cg.cycle.vertices.push_back(m0);
      std::optional<double> share = 1.0;
      for (uint32_t e : edges) {
        cg.cycle.vertices.push_back(p.edge(e).dst);
        cg.cycle.edges.push_back(e);
        auto f = OwnershipFraction(p.edge(e));
        share = (share && f) ? std::optional<double>(*share * *f) : std::nullopt;
      }
      cg.cycle_share = share;
    }
    out.push_back(std::move(cg));
  }
  return out;
}

}  // namespace actorgraph::analytics
