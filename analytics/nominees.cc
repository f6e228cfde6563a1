#include "analytics/nominees.h"

#include <algorithm>
#include <cmath>

namespace actorgraph::analytics {

NomineeReport FindNominees(const Projection& p, const NomineeOptions& o) {
  NomineeReport report;
  std::vector<Nominee> all;
  for (uint32_t v = 0; v < p.num_vertices(); ++v) {
    if (!(p.label_mask(v) & o.person_mask)) continue;
    Nominee nm;
    nm.person = v;
    std::vector<uint32_t> directed, owned;
    for (const auto& a : p.Neighbours(v, Orientation::kOut)) {
      if (!(p.label_mask(a.other) & o.company_mask)) continue;
      const uint32_t type = p.edge(a.edge).type_id;
      if (type == o.directs_type) {
        directed.push_back(a.other);
      } else if (type == o.owns_type) {
        owned.push_back(a.other);
      } else {
        continue;
      }
      nm.edges.push_back(a.edge);
    }
    for (auto* l : {&directed, &owned}) {
      std::sort(l->begin(), l->end());
      l->erase(std::unique(l->begin(), l->end()), l->end());
    }
    std::set_union(directed.begin(), directed.end(), owned.begin(), owned.end(),
                   std::back_inserter(nm.company_list));
    nm.directs = static_cast<uint32_t>(directed.size());
    nm.owns = static_cast<uint32_t>(owned.size());
    nm.companies = static_cast<uint32_t>(nm.company_list.size());
    std::sort(nm.edges.begin(), nm.edges.end());
    if (nm.companies > 0) all.push_back(std::move(nm));
  }
  if (!all.empty()) {
    double sum = 0, sq = 0;
    for (const Nominee& nm : all)
      sum += nm.companies;
    report.mean = sum / all.size();
    for (const Nominee& nm : all)
      sq += (nm.companies - report.mean) * (nm.companies - report.mean);
    report.stddev = std::sqrt(sq / all.size());
  }
  report.threshold =
      o.threshold ? *o.threshold
                  : std::max<uint32_t>(
                        5, static_cast<uint32_t>(std::ceil(report.mean + 3 * report.stddev)));
  for (Nominee& nm : all) {
    if (nm.companies < report.threshold) continue;
    nm.zscore = report.stddev > 0 ? (nm.companies - report.mean) / report.stddev : 0;
    report.nominees.push_back(std::move(nm));
  }
  std::stable_sort(report.nominees.begin(), report.nominees.end(),
                   [](const Nominee& a, const Nominee& b) { return a.companies > b.companies; });
  return report;
}

}  // namespace actorgraph::analytics
