// Expansions along relationships: single hops, variable-length walks and
// shortest paths, and building path values.
#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "query/executor/operators.h"

namespace actorgraph::query {

namespace {

std::vector<uint32_t> TypeIds(const ReadView& view, const std::vector<std::string>& types,
                              bool* none) {
  std::vector<uint32_t> ids;
  *none = false;
  if (types.empty()) return ids;
  for (const auto& t : types)
    if (auto id = view.TypeId(t)) ids.push_back(*id);
  *none = ids.empty();
  return ids;
}


// Is this relationship usable here: not already used in the match, and
// passing the query's temporal and grade filters and inline properties?
Result<bool> RelUsable(ExecContext& ctx, Row& row, const AdjEntry& e, const ExpandSpec& spec,
                       const std::vector<std::pair<std::string, ExprFn>>& props,
                       const std::vector<RelId>* path_rels) {
  for (SlotId s : spec.distinct_from)
    if (row[s].kind() == Value::Kind::kRel && row[s].as_rel() == e.rel) return false;
  for (SlotId s : spec.distinct_from_lists)
    if (row[s].kind() == Value::Kind::kList)
      for (const auto& r : row[s].as_list())
        if (r.kind() == Value::Kind::kRel && r.as_rel() == e.rel) return false;
  if (path_rels && std::find(path_rels->begin(), path_rels->end(), e.rel) != path_rels->end())
    return false;
  // Undirected: a self-loop is seen from both ends; count it once.
  if (e.dir == Direction::kIn && e.other == e.self && spec.dir == Direction::kBoth) return false;
  if (ctx.has_temporal_filter()) {
    AG_ASSIGN_OR_RETURN(bool ok, ctx.RelPasses(e.rel, e.valid));
    if (!ok) return false;
  }
  for (const auto& [key, expr] : props) {
    Value want;
    AG_RETURN_IF_ERROR(expr(row, ctx, &want));
    AG_ASSIGN_OR_RETURN(Value have, EntityProperty(ctx, Value(RelRef{e.rel}), key));
    if (!IsTrue(CypherEquals(have, want))) return false;
  }
  return true;
}

class Expand : public Operator {
 public:
  Expand(OpPtr input, SlotId from, SlotId rel, SlotId to, bool to_bound, ExpandSpec spec,
         NodeCheckSpec to_check, std::vector<std::pair<std::string, ExprFn>> rel_props,
         std::string description)
      : from_(from), rel_(rel), to_(to), to_bound_(to_bound), spec_(std::move(spec)),
        to_check_(std::move(to_check)), rel_props_(std::move(rel_props)),
        description_(std::move(description)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return to_bound_ ? "ExpandInto" : "Expand"; }
  std::string Detail() const override { return description_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    cursor_.reset();
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (cursor_) {
        for (; cursor_->Valid(); cursor_->Next()) {
          AG_RETURN_IF_ERROR(ctx.Check());
          const AdjEntry& e = cursor_->entry();
          if (to_bound_) {
            const Value& t = row_[to_];
            if (t.kind() != Value::Kind::kNode || t.as_node() != e.other) continue;
          }
          AG_ASSIGN_OR_RETURN(bool ok, RelUsable(ctx, row_, e, spec_, rel_props_, nullptr));
          if (!ok) continue;
          if (!to_bound_) {
            AG_ASSIGN_OR_RETURN(bool node_ok, NodeMatches(ctx, row_, e.other, to_check_));
            if (!node_ok) continue;
          }
          *out = row_;
          (*out)[rel_] = Value(RelRef{e.rel});
          if (!to_bound_) (*out)[to_] = Value(NodeRef{e.other});
          cursor_->Next();
          return true;
        }
        AG_RETURN_IF_ERROR(cursor_->status());
        cursor_.reset();
      }
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
      if (!more) return false;
      const Value& f = row_[from_];
      if (f.kind() != Value::Kind::kNode) continue;  // e.g. null from OPTIONAL MATCH
      bool none = false;
      auto ids = TypeIds(ctx.view(), spec_.types, &none);
      if (none) continue;
      cursor_ = ctx.view().AdjacencyById(f.as_node(), spec_.dir, std::move(ids));
    }
  }

 private:
  SlotId from_, rel_, to_;
  bool to_bound_;
  ExpandSpec spec_;
  NodeCheckSpec to_check_;
  std::vector<std::pair<std::string, ExprFn>> rel_props_;
  std::string description_;
  Row row_;
  std::unique_ptr<AdjacencyCursor> cursor_;
};

// Depth-first walks with distinct relationships (Cypher's trail semantics).
class VarExpand : public Operator {
 public:
  VarExpand(OpPtr input, SlotId from, SlotId rels, SlotId to, SlotId segment, bool to_bound,
            int64_t min_hops, int64_t max_hops, ExpandSpec spec, NodeCheckSpec to_check,
            std::vector<std::pair<std::string, ExprFn>> rel_props, std::string description)
      : from_(from), rels_(rels), to_(to), segment_(segment), to_bound_(to_bound),
        min_(min_hops), max_(max_hops), spec_(std::move(spec)), to_check_(std::move(to_check)),
        rel_props_(std::move(rel_props)), description_(std::move(description)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "VarLengthExpand"; }
  std::string Detail() const override { return description_; }

 protected:
  struct Frame {
    std::vector<AdjEntry> entries;
    size_t next = 0;
  };
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    stack_.clear();
    active_ = false;
    return child()->Open(ctx, arg);
  }
  Status Push(ExecContext& ctx, NodeId node) {
    Frame f;
    bool none = false;
    auto ids = TypeIds(ctx.view(), spec_.types, &none);
    if (!none) {
      auto cur = ctx.view().AdjacencyById(node, spec_.dir, std::move(ids));
      for (; cur->Valid(); cur->Next()) f.entries.push_back(cur->entry());
      AG_RETURN_IF_ERROR(cur->status());
    }
    stack_.push_back(std::move(f));
    return Status::OK();
  }
  // Emits the current walk if it qualifies.
  Result<bool> Emit(ExecContext& ctx, Row* out) {
    const int64_t len = static_cast<int64_t>(path_rels_.size());
    if (len < min_) return false;
    const NodeId end = path_nodes_.back();
    if (to_bound_) {
      const Value& t = row_[to_];
      if (t.kind() != Value::Kind::kNode || t.as_node() != end) return false;
    } else {
      AG_ASSIGN_OR_RETURN(bool ok, NodeMatches(ctx, row_, end, to_check_));
      if (!ok) return false;
    }
    *out = row_;
    ValueList rels;
    for (RelId r : path_rels_) rels.push_back(Value(RelRef{r}));
    (*out)[rels_] = Value(std::move(rels));
    (*out)[segment_] = Value(PathValue{path_nodes_, path_rels_});
    if (!to_bound_) (*out)[to_] = Value(NodeRef{end});
    return true;
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (!active_) {
        AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
        if (!more) return false;
        const Value& f = row_[from_];
        if (f.kind() != Value::Kind::kNode) continue;
        path_nodes_ = {f.as_node()};
        path_rels_.clear();
        stack_.clear();
        active_ = true;
        emitted_root_ = false;
        if (max_ > 0) AG_RETURN_IF_ERROR(Push(ctx, f.as_node()));
      }
      if (!emitted_root_) {
        emitted_root_ = true;
        AG_ASSIGN_OR_RETURN(bool e, Emit(ctx, out));  // zero-length walk
        if (e) return true;
      }
      while (!stack_.empty()) {
        AG_RETURN_IF_ERROR(ctx.Check());
        Frame& top = stack_.back();
        if (top.next >= top.entries.size()) {
          stack_.pop_back();
          if (!path_rels_.empty()) {
            path_rels_.pop_back();
            path_nodes_.pop_back();
          }
          continue;
        }
        const AdjEntry e = top.entries[top.next++];
        AG_ASSIGN_OR_RETURN(bool ok, RelUsable(ctx, row_, e, spec_, rel_props_, &path_rels_));
        if (!ok) continue;
        if (ctx.has_temporal_filter()) {
          AG_ASSIGN_OR_RETURN(bool node_ok, ctx.NodePasses(e.other));
          if (!node_ok) continue;
        }
        path_rels_.push_back(e.rel);
        path_nodes_.push_back(e.other);
        const bool can_go_on = static_cast<int64_t>(path_rels_.size()) < max_;
        if (can_go_on) {
          AG_RETURN_IF_ERROR(Push(ctx, e.other));
        }
        AG_ASSIGN_OR_RETURN(bool emitted, Emit(ctx, out));
        if (!can_go_on) {
          path_rels_.pop_back();
          path_nodes_.pop_back();
        }
        if (emitted) return true;
      }
      active_ = false;
    }
  }

 private:
  SlotId from_, rels_, to_, segment_;
  bool to_bound_;
  int64_t min_, max_;
  ExpandSpec spec_;
  NodeCheckSpec to_check_;
  std::vector<std::pair<std::string, ExprFn>> rel_props_;
  std::string description_;
  Row row_;
  bool active_ = false, emitted_root_ = false;
  std::vector<Frame> stack_;
  std::vector<NodeId> path_nodes_;
  std::vector<RelId> path_rels_;
};

class ShortestPath : public Operator {
 public:
  ShortestPath(OpPtr input, SlotId from, SlotId to, SlotId path, SlotId rels, int64_t min_hops,
               int64_t max_hops, ExpandSpec spec, bool all, std::string description)
      : from_(from), to_(to), path_(path), rels_(rels), min_(min_hops), max_(max_hops),
        spec_(std::move(spec)), all_(all), description_(std::move(description)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return all_ ? "AllShortestPaths" : "ShortestPath"; }
  std::string Detail() const override { return description_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    results_.clear();
    pos_ = 0;
    return child()->Open(ctx, arg);
  }
  // BFS that records, per node, its predecessors at the shortest distance.
  Status Search(ExecContext& ctx, NodeId a, NodeId b) {
    results_.clear();
    pos_ = 0;
    if (a == b) return Status::OK();  // a path of length 0 is not a shortest path here
    struct Pred {
      NodeId node;
      RelId rel;
    };
    std::unordered_map<NodeId, int64_t> dist{{a, 0}};
    std::unordered_map<NodeId, std::vector<Pred>> preds;
    std::vector<NodeId> frontier{a};
    bool none = false;
    auto ids = TypeIds(ctx.view(), spec_.types, &none);
    if (none) return Status::OK();
    bool found = false;
    Row scratch = row_;
    for (int64_t depth = 1; depth <= max_ && !frontier.empty() && !found; ++depth) {
      std::vector<NodeId> next;
      for (NodeId n : frontier) {
        AG_RETURN_IF_ERROR(ctx.Check());
        auto cur = ctx.view().AdjacencyById(n, spec_.dir, ids);
        for (; cur->Valid(); cur->Next()) {
          const AdjEntry& e = cur->entry();
          auto it = dist.find(e.other);
          if (it != dist.end() && it->second < depth) continue;
          AG_ASSIGN_OR_RETURN(bool ok, RelUsable(ctx, scratch, e, spec_, {}, nullptr));
          if (!ok) continue;
          if (ctx.has_temporal_filter()) {
            AG_ASSIGN_OR_RETURN(bool node_ok, ctx.NodePasses(e.other));
            if (!node_ok) continue;
          }
          if (it == dist.end()) {
            dist[e.other] = depth;
            next.push_back(e.other);
          }
          preds[e.other].push_back({n, e.rel});
          if (e.other == b) {
            found = true;
            if (!all_) break;
          }
        }
        AG_RETURN_IF_ERROR(cur->status());
        if (found && !all_) break;
      }
      frontier = std::move(next);
    }
    if (!found || dist[b] < min_) return Status::OK();
    // Walk the predecessors back from b: one path, or all of them.
    std::vector<std::pair<std::vector<NodeId>, std::vector<RelId>>> stack;
    stack.push_back({{b}, {}});
    while (!stack.empty()) {
      auto [nodes, rels] = std::move(stack.back());
      stack.pop_back();
      if (nodes.back() == a) {
        std::reverse(nodes.begin(), nodes.end());
        std::reverse(rels.begin(), rels.end());
        results_.push_back(PathValue{std::move(nodes), std::move(rels)});
        if (!all_) break;
        continue;
      }
      const int64_t d = dist[nodes.back()];
      for (const Pred& p : preds[nodes.back()]) {
        if (dist[p.node] != d - 1) continue;
        auto n2 = nodes;
        auto r2 = rels;
        n2.push_back(p.node);
        r2.push_back(p.rel);
        stack.push_back({std::move(n2), std::move(r2)});
        if (!all_) break;
      }
    }
    return Status::OK();
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (pos_ < results_.size()) {
        *out = row_;
        const PathValue& p = results_[pos_++];
        ValueList rels;
        for (RelId r : p.rels) rels.push_back(Value(RelRef{r}));
        (*out)[rels_] = Value(std::move(rels));
        (*out)[path_] = Value(p);
        return true;
      }
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
      if (!more) return false;
      const Value &a = row_[from_], &b = row_[to_];
      if (a.kind() != Value::Kind::kNode || b.kind() != Value::Kind::kNode) continue;
      AG_RETURN_IF_ERROR(Search(ctx, a.as_node(), b.as_node()));
    }
  }

 private:
  SlotId from_, to_, path_, rels_;
  int64_t min_, max_;
  ExpandSpec spec_;
  bool all_;
  std::string description_;
  Row row_;
  std::vector<PathValue> results_;
  size_t pos_ = 0;
};

class BuildPath : public Operator {
 public:
  BuildPath(OpPtr input, SlotId path, std::vector<PathPart> parts)
      : path_(path), parts_(std::move(parts)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "BuildPath"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override { return child()->Open(ctx, arg); }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, out));
    if (!more) return false;
    PathValue p;
    for (size_t i = 0; i < parts_.size(); ++i) {
      const PathPart& part = parts_[i];
      const Value& n = (*out)[part.node];
      if (n.kind() != Value::Kind::kNode) {
        (*out)[path_] = Value();  // an optional part did not match
        return true;
      }
      if (i == 0) {
        p.nodes.push_back(n.as_node());
        continue;
      }
      if (part.rel) {
        const Value& r = (*out)[*part.rel];
        if (r.kind() != Value::Kind::kRel) {
          (*out)[path_] = Value();
          return true;
        }
        p.rels.push_back(r.as_rel());
        p.nodes.push_back(n.as_node());
      } else if (part.segment) {
        const Value& s = (*out)[*part.segment];
        if (s.kind() != Value::Kind::kPath) {
          (*out)[path_] = Value();
          return true;
        }
        PathValue seg = s.as_path();
        if (seg.nodes.front() != p.nodes.back()) {  // expanded right to left
          std::reverse(seg.nodes.begin(), seg.nodes.end());
          std::reverse(seg.rels.begin(), seg.rels.end());
        }
        p.rels.insert(p.rels.end(), seg.rels.begin(), seg.rels.end());
        p.nodes.insert(p.nodes.end(), seg.nodes.begin() + 1, seg.nodes.end());
      }
    }
    (*out)[path_] = Value(std::move(p));
    return true;
  }

 private:
  SlotId path_;
  std::vector<PathPart> parts_;
};

}  // namespace

OpPtr MakeExpand(OpPtr input, SlotId from, SlotId rel, SlotId to, bool to_bound, ExpandSpec spec,
                 NodeCheckSpec to_check, std::vector<std::pair<std::string, ExprFn>> rel_props,
                 std::string description) {
  return std::make_unique<Expand>(std::move(input), from, rel, to, to_bound, std::move(spec),
                                  std::move(to_check), std::move(rel_props), std::move(description));
}

OpPtr MakeVarExpand(OpPtr input, SlotId from, SlotId rels, SlotId to, SlotId segment, bool to_bound,
                    int64_t min_hops, int64_t max_hops, ExpandSpec spec, NodeCheckSpec to_check,
                    std::vector<std::pair<std::string, ExprFn>> rel_props, std::string description) {
  return std::make_unique<VarExpand>(std::move(input), from, rels, to, segment, to_bound, min_hops,
                                     max_hops, std::move(spec), std::move(to_check),
                                     std::move(rel_props), std::move(description));
}

OpPtr MakeShortestPath(OpPtr input, SlotId from, SlotId to, SlotId path, SlotId rels,
                       int64_t min_hops, int64_t max_hops, ExpandSpec spec, bool all,
                       std::string description) {
  return std::make_unique<ShortestPath>(std::move(input), from, to, path, rels, min_hops, max_hops,
                                        std::move(spec), all, std::move(description));
}

OpPtr MakeBuildPath(OpPtr input, SlotId path, std::vector<PathPart> parts) {
  return std::make_unique<BuildPath>(std::move(input), path, std::move(parts));
}

}  // namespace actorgraph::query
