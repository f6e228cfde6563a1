// Expansions along relationships: single hops and variable-length walks,
// and building path values (shortest paths: ops_shortest_path.cc).
#include <algorithm>

#include "query/executor/traversal.h"

namespace actorgraph::query {

std::vector<uint32_t> TypeIds(const ReadView& view, const std::vector<std::string>& types,
                              bool* none) {
  std::vector<uint32_t> ids;
  *none = false;
  if (types.empty()) return ids;
  for (const auto& t : types)
    if (auto id = view.TypeId(t)) ids.push_back(*id);
  *none = ids.empty();
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

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

Result<bool> StepUsable(ExecContext& ctx, Row& row, const AdjEntry& e, const ExpandSpec& spec,
                        const std::vector<std::pair<std::string, ExprFn>>& props,
                        const std::vector<RelId>* path_rels) {
  AG_ASSIGN_OR_RETURN(bool ok, RelUsable(ctx, row, e, spec, props, path_rels));
  if (!ok || !ctx.has_temporal_filter()) return ok;
  return ctx.NodePasses(e.other);
}

namespace {

class Expand : public Operator, public EdgeSource {
 public:
  Expand(OpPtr input, SlotId from, SlotId rel, SlotId to, bool to_bound, ExpandSpec spec,
         NodeCheckSpec to_check, std::vector<std::pair<std::string, ExprFn>> rel_props,
         std::string description)
      : from_(from),
        rel_(rel),
        to_(to),
        to_bound_(to_bound),
        spec_(std::move(spec)),
        to_check_(std::move(to_check)),
        rel_props_(std::move(rel_props)),
        description_(std::move(description)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return to_bound_ ? "ExpandInto" : "Expand"; }
  std::string Detail() const override { return description_; }
  SlotId rel_slot() const override { return rel_; }
  SlotId to_slot() const override { return to_; }
  // The batch form of NextImpl: the same input rows, relationships and
  // checks, without a Row per relationship. A node's relationships come in
  // batches of at most kMaxEdgeBatch, and each is checked against the time
  // limit and cancellation (ctx.Check) as Next does, so a node with millions
  // of relationships does not hold the query up.
  Result<bool> NextEdges(ExecContext& ctx, EdgeBatch* out) override {
    while (true) {
      if (pos_ >= entries_.size()) {
        AG_ASSIGN_OR_RETURN(bool more, NextInput(ctx));
        if (!more) return false;
      }
      out->row = &row_;
      out->rels.clear();
      out->others.clear();
      const size_t end = std::min(entries_.size(), pos_ + kMaxEdgeBatch);
      for (; pos_ < end; ++pos_) {
        AG_RETURN_IF_ERROR(ctx.Check());
        const AdjEntry& e = entries_[pos_];
        AG_ASSIGN_OR_RETURN(bool ok, Passes(ctx, e));
        if (!ok) continue;
        out->rels.push_back(e.rel);
        out->others.push_back(e.other);
      }
      if (out->rels.empty()) continue;
      CountRows(out->rels.size());
      return true;
    }
  }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    entries_.clear();
    pos_ = 0;
    snap_.Reset(ctx);
    types_ready_ = false;
    labels_memo_.sets.clear();
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (pos_ < entries_.size()) {
        for (; pos_ < entries_.size(); ++pos_) {
          AG_RETURN_IF_ERROR(ctx.Check());
          const AdjEntry& e = entries_[pos_];
          AG_ASSIGN_OR_RETURN(bool ok, Passes(ctx, e));
          if (!ok) continue;
          ctx.NoteRel(e);  // for valid_from(r), valid_to(r), type(r) downstream
          *out = row_;
          (*out)[rel_] = Value(RelRef{e.rel});
          if (!to_bound_) (*out)[to_] = Value(NodeRef{e.other});
          ++pos_;
          return true;
        }
      }
      AG_ASSIGN_OR_RETURN(bool more, NextInput(ctx));
      if (!more) return false;
    }
  }

 private:
  // Does relationship `e` of the current input row give an output row?
  Result<bool> Passes(ExecContext& ctx, const AdjEntry& e) {
    if (to_bound_) {
      const Value& t = row_[to_];
      if (t.kind() != Value::Kind::kNode || t.as_node() != e.other) return false;
    }
    AG_ASSIGN_OR_RETURN(bool ok, RelUsable(ctx, row_, e, spec_, rel_props_, nullptr));
    if (!ok) return false;
    if (to_bound_) return true;
    return NodeMatches(ctx, row_, e.other, to_check_, &labels_memo_);
  }
  // Reads the next input row that starts at a node into row_, and its
  // relationships (before the checks) into entries_; false at the end.
  Result<bool> NextInput(ExecContext& ctx) {
    while (true) {
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
      if (!more) return false;
      const Value& f = row_[from_];
      if (f.kind() != Value::Kind::kNode) continue;  // e.g. null from OPTIONAL MATCH
      if (!types_ready_) {
        type_ids_ = TypeIds(ctx.view(), spec_.types, &no_types_);
        types_ready_ = true;
      }
      if (no_types_) continue;
      entries_.clear();
      pos_ = 0;
      AG_RETURN_IF_ERROR(ForEachAdj(ctx, snap_.Use(ctx), f.as_node(), spec_.dir, type_ids_,
                                    [&](const AdjEntry& e) {
                                      entries_.push_back(e);
                                      return true;
                                    }));
      return true;
    }
  }

  SlotId from_, rel_, to_;
  bool to_bound_;
  ExpandSpec spec_;
  NodeCheckSpec to_check_;
  std::vector<std::pair<std::string, ExprFn>> rel_props_;
  std::string description_;
  Row row_;
  std::vector<AdjEntry> entries_;  // the current input row's relationships
  size_t pos_ = 0;
  SnapHolder snap_;
  std::vector<uint32_t> type_ids_;
  bool types_ready_ = false, no_types_ = false;
  LabelMemo labels_memo_;
};

// Depth-first walks with distinct relationships (Cypher's trail semantics).
class VarExpand : public Operator {
 public:
  VarExpand(OpPtr input, SlotId from, SlotId rels, SlotId to, SlotId segment, bool to_bound,
            int64_t min_hops, int64_t max_hops, ExpandSpec spec, NodeCheckSpec to_check,
            std::vector<std::pair<std::string, ExprFn>> rel_props, bool reversed,
            std::string description)
      : from_(from),
        rels_(rels),
        to_(to),
        segment_(segment),
        to_bound_(to_bound),
        min_(min_hops),
        max_(max_hops),
        spec_(std::move(spec)),
        to_check_(std::move(to_check)),
        rel_props_(std::move(rel_props)),
        reversed_(reversed),
        description_(std::move(description)) {
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
    snap_.Reset(ctx);
    type_ids_ = TypeIds(ctx.view(), spec_.types, &no_types_);
    return child()->Open(ctx, arg);
  }
  Status Push(ExecContext& ctx, NodeId node) {
    Frame f;
    if (!no_types_) {
      AG_RETURN_IF_ERROR(
          ForEachAdj(ctx, snap_.Use(ctx), node, spec_.dir, type_ids_, [&](const AdjEntry& e) {
            f.entries.push_back(e);
            return true;
          }));
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
    rels.reserve(path_rels_.size());
    for (RelId r : path_rels_)
      rels.push_back(Value(RelRef{r}));
    PathValue segment{path_nodes_, path_rels_};
    if (reversed_) {
      std::reverse(rels.begin(), rels.end());
      std::reverse(segment.nodes.begin(), segment.nodes.end());
      std::reverse(segment.rels.begin(), segment.rels.end());
    }
    (*out)[rels_] = Value(std::move(rels));
    (*out)[segment_] = Value(std::move(segment));
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
        AG_ASSIGN_OR_RETURN(bool ok, StepUsable(ctx, row_, e, spec_, rel_props_, &path_rels_));
        if (!ok) continue;
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
  bool reversed_;
  std::string description_;
  Row row_;
  bool active_ = false, emitted_root_ = false;
  SnapHolder snap_;
  std::vector<uint32_t> type_ids_;
  bool no_types_ = false;
  std::vector<Frame> stack_;
  std::vector<NodeId> path_nodes_;
  std::vector<RelId> path_rels_;
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
        // Segments come in the pattern's order (VarExpand reverses walks
        // made from the right end).
        const PathValue& seg = s.as_path();
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
                                  std::move(to_check), std::move(rel_props),
                                  std::move(description));
}

OpPtr MakeVarExpand(OpPtr input, SlotId from, SlotId rels, SlotId to, SlotId segment, bool to_bound,
                    int64_t min_hops, int64_t max_hops, ExpandSpec spec, NodeCheckSpec to_check,
                    std::vector<std::pair<std::string, ExprFn>> rel_props, bool reversed,
                    std::string description) {
  return std::make_unique<VarExpand>(std::move(input), from, rels, to, segment, to_bound, min_hops,
                                     max_hops, std::move(spec), std::move(to_check),
                                     std::move(rel_props), reversed, std::move(description));
}

OpPtr MakeBuildPath(OpPtr input, SlotId path, std::vector<PathPart> parts) {
  return std::make_unique<BuildPath>(std::move(input), path, std::move(parts));
}

}  // namespace actorgraph::query
