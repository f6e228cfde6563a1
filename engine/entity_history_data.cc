#include "engine/entity_history_data.h"

namespace actorgraph {

namespace {

std::string NodeName(const ReadView& view, NodeId id) {
  Node n;
  if (view.GetNode(id, &n).ok()) return n.name + " (" + n.xid + ")";
  return "#" + std::to_string(id);
}

// The fields that differ between two versions of a node, as short lines.
std::vector<std::string> NodeDiff(const Node& a, const Node& b) {
  std::vector<std::string> d;
  if (a.name != b.name) d.push_back("name: " + a.name + " → " + b.name);
  if (a.labels != b.labels) {
    std::string x, y;
    for (const auto& l : a.labels)
      x += (x.empty() ? "" : ":") + l;
    for (const auto& l : b.labels)
      y += (y.empty() ? "" : ":") + l;
    d.push_back("labels: " + x + " → " + y);
  }
  if (!(a.valid == b.valid))
    d.push_back("valid: " + a.valid.ToString() + " → " + b.valid.ToString());
  if (a.aliases != b.aliases)
    d.push_back("aliases changed (" + std::to_string(a.aliases.size()) + " → " +
                std::to_string(b.aliases.size()) + ")");
  std::map<std::string, Value> pa(a.props.begin(), a.props.end()),
      pb(b.props.begin(), b.props.end());
  for (const auto& [k, v] : pa) {
    auto it = pb.find(k);
    if (it == pb.end())
      d.push_back(k + ": " + v.ToString() + " → (removed)");
    else if (!(it->second == v))
      d.push_back(k + ": " + v.ToString() + " → " + it->second.ToString());
  }
  for (const auto& [k, v] : pb)
    if (!pa.count(k)) d.push_back(k + ": (none) → " + v.ToString());
  return d;
}

}  // namespace

Result<EntityHistoryData> GatherEntityHistory(const ReadView& view, NodeId id) {
  EntityHistoryData events;
  AG_ASSIGN_OR_RETURN(auto versions, view.NodeVersions(id));
  std::optional<Node> prev;
  for (const auto& [txn, version] : versions) {
    if (!version) {
      events[txn].push_back("deleted");
    } else if (!prev) {
      std::string labels;
      for (const auto& l : version->labels)
        labels += ":" + l;
      events[txn].push_back("created " + labels + " '" + version->name + "' valid " +
                            version->valid.ToString() + ", " +
                            std::to_string(version->props.size()) + " properties, " +
                            std::to_string(version->aliases.size()) + " aliases");
    } else {
      for (auto& line : NodeDiff(*prev, *version))
        events[txn].push_back("changed " + line);
    }
    prev = version;
  }
  AG_RETURN_IF_ERROR(
      view.ForEachAdjacencyRecord(id, [&](const AdjEntry& e, TxnId created, TxnId deleted) {
        const std::string arrow = e.dir == Direction::kOut ? "→ " : "← ";
        const std::string what = view.TypeName(e.type_id) + " " + arrow + NodeName(view, e.other) +
                                 " " + e.valid.ToString();
        events[created].push_back("+ relationship " + what);
        if (deleted) events[deleted].push_back("- relationship " + what);
      }));
  AG_ASSIGN_OR_RETURN(auto claims, view.Claims(TargetKind::kNode, id));
  for (const auto& c : claims) {
    Node src;
    std::string s = view.GetNode(c.source, &src).ok() ? src.xid : "?";
    events[c.recorded].push_back(std::string("+ claim ") + StanceName(c.stance) +
                                 (c.property.empty() ? "" : " on " + c.property) + " from " + s +
                                 (c.grade ? " (" + c.grade->ToString() + ")" : ""));
  }
  return events;
}

}  // namespace actorgraph
