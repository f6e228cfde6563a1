#include "import/resolve_accept.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/merge.h"

namespace actorgraph {

Result<std::vector<AcceptedPair>> ReadAcceptedPairs(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::vector<AcceptedPair> out;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    const size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    AcceptedPair p;
    p.line = n;
    const std::string where = path + ":" + std::to_string(n) + ":1: ";
    if (line[start] == '{') {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("a") || !j.contains("b") ||
          !j["a"].is_object() || !j["b"].is_object() || !j["a"].contains("id") ||
          !j["b"].contains("id") || !j["a"]["id"].is_string() || !j["b"]["id"].is_string())
        return Status::InvalidArgument(where + "expected a JSON object with a.id and b.id");
      p.keep = j["a"]["id"];
      p.gone = j["b"]["id"];
    } else {
      std::istringstream words(line);
      std::string extra;
      if (!(words >> p.keep >> p.gone) || (words >> extra))
        return Status::InvalidArgument(where + "expected two ids, KEEP OTHER, or a JSON object");
    }
    out.push_back(std::move(p));
  }
  return out;
}

AcceptOutcome AcceptPairs(Database* db, const std::vector<AcceptedPair>& pairs) {
  AcceptOutcome out;
  for (const auto& p : pairs) {
    std::map<std::string, std::string> folded;
    for (const auto& m : ActiveMerges(*db))
      folded[m.gone_xid] = m.kept_xid;
    auto current = [&](std::string x) {
      for (int i = 0; i < 64 && folded.count(x); ++i)
        x = folded[x];
      return x;
    };
    AcceptOutcome::Item item{p, current(p.keep), current(p.gone), 0, ""};
    if (item.keep == item.gone) {
      item.note = "already one entity ('" + item.keep + "')";
      ++out.already;
    } else if (auto r = MergeNodes(db, item.keep, item.gone); !r.ok()) {
      item.note = r.status().ToString() + " (not merged)";
      ++out.failed;
    } else {
      item.txn = r->txn;
      item.note = std::to_string(r->rels_moved) + " relationship(s), " +
                  std::to_string(r->claims_moved) + " claim(s) moved";
      ++out.merged;
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace actorgraph
