#include "query/executor/statement_writes.h"

#include <algorithm>
#include <unordered_set>

namespace actorgraph::query {

const char* const StatementWrites::kNameKey = "\x01name";

std::string StatementWrites::FoldName(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int32_t StatementWrites::Stamp(uint32_t writer) {
  std::vector<uint32_t> s = body_;
  s.push_back(writer);
  // Consecutive writes mostly come from the same place: share the stamp.
  if (stamps_.empty() || stamps_.back() != s) stamps_.push_back(std::move(s));
  return static_cast<int32_t>(stamps_.size() - 1);
}

bool StatementWrites::Visible(int32_t stamp) const {
  for (uint32_t scope : stamps_[stamp])
    if (std::find(pulling_.begin(), pulling_.end(), scope) != pulling_.end()) return false;
  return true;
}

std::string StatementWrites::ValueKey(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt:
      return "n" + std::to_string(static_cast<double>(v.as_int()));
    case Value::Kind::kFloat:
      return "n" + std::to_string(v.as_float());
    case Value::Kind::kString:
      return "s" + v.as_string();
    default:
      return Value::KindName(v.kind());
  }
}

void StatementWrites::NodeWritten(const Node& node, bool created, uint32_t writer) {
  const int32_t stamp = Stamp(writer);
  auto [it, fresh] = nodes_.try_emplace(node.id);
  NodeEvents& ev = it->second;
  if (created) {
    ev.created = stamp;
  } else if (ev.created < 0 && ev.changed < 0) {
    ev.changed = stamp;
    existing_touched_.push_back(node.id);
  }
  // Index what the node now is; stale entries are checked away on reading.
  for (const auto& l : node.labels)
    by_label_[l].push_back(node.id);
  for (const auto& [k, v] : node.props)
    by_prop_[k][ValueKey(v)].push_back(node.id);
  auto& names = by_prop_[kNameKey];
  names[ValueKey(Value(FoldName(node.name)))].push_back(node.id);
  for (const auto& a : node.aliases)
    names[ValueKey(Value(FoldName(a.name)))].push_back(node.id);
  (void)fresh;
}

void StatementWrites::NodeDeleted(NodeId id, uint32_t writer) {
  const int32_t stamp = Stamp(writer);
  NodeEvents& ev = nodes_[id];
  if (ev.deleted >= 0) return;
  ev.deleted = stamp;
  if (ev.created < 0 && ev.changed < 0) existing_touched_.push_back(id);
}

void StatementWrites::RelCreated(const Relationship& rel, uint32_t type_id, uint32_t writer) {
  RelEvents& ev = rels_[rel.id];
  ev.src = rel.src;
  ev.dst = rel.dst;
  ev.type = type_id;
  ev.valid = rel.valid;
  ev.created = Stamp(writer);
  rels_at_[rel.src].push_back(rel.id);
  if (rel.dst != rel.src) rels_at_[rel.dst].push_back(rel.id);
}

void StatementWrites::RelDeleted(RelId id, uint32_t writer) {
  RelEvents& ev = rels_[id];
  if (ev.deleted < 0) ev.deleted = Stamp(writer);
}

bool StatementWrites::RelDeletedVisibly(RelId id) const {
  if (rels_.empty()) return false;
  auto it = rels_.find(id);
  return it != rels_.end() && it->second.deleted >= 0 && Visible(it->second.deleted);
}

void StatementWrites::CreatedRelsAt(NodeId node, Direction dir, const std::vector<uint32_t>& types,
                                    std::vector<AdjEntry>* out) const {
  auto at = rels_at_.find(node);
  if (at == rels_at_.end()) return;
  for (RelId id : at->second) {
    const RelEvents& ev = rels_.at(id);
    if (!Visible(ev.created) || (ev.deleted >= 0 && Visible(ev.deleted))) continue;
    if (!types.empty() && !std::binary_search(types.begin(), types.end(), ev.type)) continue;
    AdjEntry e;
    e.rel = id;
    e.self = node;
    e.type_id = ev.type;
    e.valid = ev.valid;
    // A self-loop shows from both ends, as the stored adjacency has it.
    if (ev.src == node && dir != Direction::kIn) {
      e.other = ev.dst;
      e.dir = Direction::kOut;
      out->push_back(e);
    }
    if (ev.dst == node && dir != Direction::kOut) {
      e.other = ev.src;
      e.dir = Direction::kIn;
      out->push_back(e);
    }
  }
}

Status StatementWrites::AdjustScan(std::vector<NodeId>* ids, const std::vector<std::string>& labels,
                                   const std::string& property, const std::vector<Value>* values,
                                   const std::function<Result<bool>(NodeId)>& belongs) const {
  if (nodes_.empty()) return Status::OK();
  std::vector<NodeId> candidates = existing_touched_;
  if (!labels.empty()) {
    for (const auto& l : labels)
      if (auto it = by_label_.find(l); it != by_label_.end())
        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  } else if (!property.empty() && values) {
    if (auto p = by_prop_.find(property); p != by_prop_.end())
      for (const auto& v : *values)
        if (auto it = p->second.find(ValueKey(v)); it != p->second.end())
          candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  } else {
    for (const auto& [id, ev] : nodes_)
      candidates.push_back(id);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::unordered_set<NodeId> drop;
  bool added = false;
  for (NodeId id : candidates) {
    const NodeEvents& ev = nodes_.at(id);
    bool decided = false, include = false;
    if (ev.deleted >= 0) {
      // Deleted by a write this read does not see: a node of the snapshot
      // stays as the scan found it; a created one cannot be read any more.
      decided = Visible(ev.deleted) || ev.created >= 0;
    } else if (ev.created >= 0) {
      decided = true;
      if (Visible(ev.created)) {
        AG_ASSIGN_OR_RETURN(include, belongs(id));
      }
    } else if (Visible(ev.changed)) {
      decided = true;
      AG_ASSIGN_OR_RETURN(include, belongs(id));
    }
    if (!decided) continue;
    if (include) {
      ids->push_back(id);
      added = true;
    } else {
      drop.insert(id);
    }
  }
  if (!drop.empty())
    ids->erase(
        std::remove_if(ids->begin(), ids->end(), [&](NodeId id) { return drop.count(id) > 0; }),
        ids->end());
  if (added) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  return Status::OK();
}

}  // namespace actorgraph::query
