#include "engine/entity_lookup.h"

#include "common/text_match.h"

namespace actorgraph {

Result<LookupResult> LookupEntity(const ReadView& view, std::string_view text) {
  LookupResult r;
  if (auto id = view.FindNode(text)) {
    Node n;
    AG_RETURN_IF_ERROR(view.GetNode(*id, &n));
    r.matches.push_back({*id, n.name, false});
    return r;
  }
  AG_ASSIGN_OR_RETURN(r.matches, view.FindByName(text, /*prefix=*/false));
  if (!r.matches.empty()) return r;
  AG_ASSIGN_OR_RETURN(r.matches, view.FindByWords(text, 50));
  if (!r.matches.empty()) return r;
  AG_ASSIGN_OR_RETURN(r.matches, view.FindByName(text, /*prefix=*/true, 50));
  if (!r.matches.empty()) return r;
  // Suggestions: names sharing the first letters, ranked by edit distance.
  const std::string folded = FoldName(text);
  std::vector<std::string> names;
  std::vector<std::string> labels;
  for (size_t len = std::min<size_t>(folded.size(), 2); len >= 1 && names.empty(); --len) {
    AG_ASSIGN_OR_RETURN(auto near, view.FindByName(folded.substr(0, len), true, 5000));
    for (const auto& m : near) {
      Node n;
      if (!view.GetNode(m.node, &n).ok()) continue;
      names.push_back(FoldName(m.matched));
      labels.push_back(m.matched + " (" + n.xid + ")");
    }
  }
  std::vector<std::string> best = ClosestMatches(folded, names, 5);
  for (const auto& b : best)
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == b) {
        r.closest.push_back(labels[i]);
        break;
      }
  return r;
}

std::string DescribeLookupFailure(const ReadView& view, std::string_view text,
                                  const LookupResult& r) {
  if (r.matches.size() > 1) {
    std::string s = "'" + std::string(text) + "' matches " + std::to_string(r.matches.size()) +
                    " entities; name one by its id:";
    for (const auto& m : r.matches) {
      Node n;
      if (!view.GetNode(m.node, &n).ok()) continue;
      s += "\n  " + n.xid + "  " + n.name + (m.is_alias ? "  (alias " + m.matched + ")" : "");
    }
    return s;
  }
  std::string s = "no entity with id or name '" + std::string(text) + "'";
  if (!r.closest.empty()) {
    s += "; closest names:";
    for (const auto& c : r.closest) s += "\n  " + c;
  }
  return s;
}

}  // namespace actorgraph
