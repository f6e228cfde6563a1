// Leaves, node scans and seeks, and node checks.
#include <algorithm>
#include <set>
#include <span>

#include "engine/adjacency_cache.h"
#include "query/executor/operators.h"

namespace actorgraph::query {

namespace {

class Argument : public Operator {
 public:
  std::string Name() const override { return "Argument"; }

 protected:
  Status OpenImpl(ExecContext&, const Row& arg) override {
    arg_ = arg;
    done_ = false;
    return Status::OK();
  }
  Result<bool> NextImpl(ExecContext&, Row* out) override {
    if (done_) return false;
    done_ = true;
    *out = arg_;
    return true;
  }

 private:
  Row arg_;
  bool done_ = false;
};

// Base for operators that, per input row, produce a list of node ids.
class NodeSource : public Operator {
 public:
  NodeSource(OpPtr input, SlotId slot) : slot_(slot) { children_.push_back(std::move(input)); }

 protected:
  virtual Status Fill(ExecContext& ctx, const Row& row, std::vector<NodeId>* ids) = 0;
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    ids_.clear();
    pos_ = 0;
    have_row_ = false;
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (have_row_ && pos_ < ids_.size()) {
        AG_RETURN_IF_ERROR(ctx.Check());
        *out = row_;
        (*out)[slot_] = Value(NodeRef{ids_[pos_++]});
        return true;
      }
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
      if (!more) return false;
      have_row_ = true;
      ids_.clear();
      pos_ = 0;
      AG_RETURN_IF_ERROR(Fill(ctx, row_, &ids_));
    }
  }
  SlotId slot_;

 private:
  Row row_;
  bool have_row_ = false;
  std::vector<NodeId> ids_;
  size_t pos_ = 0;
};

class AllNodesScan : public NodeSource {
 public:
  using NodeSource::NodeSource;
  std::string Name() const override { return "AllNodesScan"; }

 protected:
  Status Fill(ExecContext& ctx, const Row&, std::vector<NodeId>* ids) override {
    if (auto snap = ctx.view().CachedAdjacency(/*heavy=*/false)) {
      *ids = snap->nodes();  // the adjacency cache lists the live nodes
    } else {
      AG_RETURN_IF_ERROR(ctx.view().ForEachNode([&](NodeId id) {
        ids->push_back(id);
        return true;
      }));
    }
    if (!ctx.HasOwnWrites()) return Status::OK();
    return ctx.writes().AdjustScan(ids, {}, "", nullptr,
                                   [](NodeId) -> Result<bool> { return true; });
  }
};

class LabelScan : public NodeSource {
 public:
  LabelScan(OpPtr input, SlotId slot, std::vector<std::string> labels)
      : NodeSource(std::move(input), slot), labels_(std::move(labels)) {}
  std::string Name() const override { return "NodeByLabelScan"; }
  std::string Detail() const override {
    std::string s;
    for (const auto& l : labels_)
      s += (s.empty() ? ":" : "|") + l;
    return s;
  }

 protected:
  Status Fill(ExecContext& ctx, const Row&, std::vector<NodeId>* ids) override {
    auto snap = ctx.view().CachedAdjacency(/*heavy=*/false);
    for (const auto& l : labels_) {
      if (snap) {  // the adjacency cache keeps the label index in memory
        if (auto lid = ctx.view().LabelId(l)) {
          auto nodes = snap->NodesWithLabel(*lid);
          ids->insert(ids->end(), nodes.begin(), nodes.end());
        }
        continue;
      }
      AG_RETURN_IF_ERROR(ctx.view().ForEachNodeWithLabel(l, [&](NodeId id) {
        ids->push_back(id);
        return true;
      }));
    }
    if (labels_.size() > 1) {  // a node with two of the labels comes once
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    if (!ctx.HasOwnWrites()) return Status::OK();
    return ctx.writes().AdjustScan(ids, labels_, "", nullptr, [&](NodeId id) -> Result<bool> {
      AG_ASSIGN_OR_RETURN(const Node* n, ctx.GetNode(id));
      for (const auto& l : labels_)
        if (n->HasLabel(l)) return true;
      return false;
    });
  }

 private:
  std::vector<std::string> labels_;
};

class NodeSeek : public NodeSource {
 public:
  NodeSeek(OpPtr input, SlotId slot, SeekKind kind, std::string property, ExprFn value,
           std::string description)
      : NodeSource(std::move(input), slot),
        kind_(kind),
        property_(std::move(property)),
        value_(std::move(value)),
        description_(std::move(description)) {}
  std::string Name() const override {
    switch (kind_) {
      case SeekKind::kExternalId:
        return "NodeByIdSeek";
      case SeekKind::kInternalId:
        return "NodeByInternalIdSeek";
      case SeekKind::kName:
        return "NodeByNameSeek";
      default:
        return "NodeIndexSeek";
    }
  }
  std::string Detail() const override { return description_; }

 protected:
  Status Fill(ExecContext& ctx, const Row& row, std::vector<NodeId>* ids) override {
    Value v;
    Row scratch = row;
    AG_RETURN_IF_ERROR(value_(scratch, ctx, &v));
    // `IN [a, b]` seeks each value.
    std::vector<Value> values;
    if (v.kind() == Value::Kind::kList)
      values = v.as_list();
    else
      values.push_back(v);
    const bool own = ctx.HasOwnWrites();
    for (const Value& x : values) {
      if (x.is_null()) continue;
      if (kind_ == SeekKind::kExternalId) {
        if (x.kind() != Value::Kind::kString) continue;
        // The transaction's xid map knows the statement's own nodes.
        auto id = own ? ctx.txn()->FindNode(x.as_string()) : ctx.view().FindNode(x.as_string());
        if (id) ids->push_back(*id);
      } else if (kind_ == SeekKind::kName) {
        if (x.kind() != Value::Kind::kString) continue;
        AG_ASSIGN_OR_RETURN(auto found, ctx.view().FindByName(x.as_string()));
        for (const auto& m : found)
          ids->push_back(m.node);
      } else if (kind_ == SeekKind::kInternalId) {
        if (x.kind() != Value::Kind::kInt) continue;
        Node n;
        const auto id = static_cast<NodeId>(x.as_int());
        if ((own ? ctx.txn()->GetNode(id, &n) : ctx.view().GetNode(id, &n)).ok())
          ids->push_back(id);
      } else {
        if (x.kind() == Value::Kind::kList || x.kind() == Value::Kind::kMap) continue;
        AG_ASSIGN_OR_RETURN(auto found, ctx.view().FindByProperty(property_, x));
        ids->insert(ids->end(), found.begin(), found.end());
      }
    }
    if (values.size() > 1) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    if (!own) return Status::OK();
    if (kind_ == SeekKind::kName) {
      std::vector<Value> folded;
      for (const Value& x : values)
        if (x.kind() == Value::Kind::kString)
          folded.emplace_back(StatementWrites::FoldName(x.as_string()));
      return ctx.writes().AdjustScan(ids, {}, StatementWrites::kNameKey, &folded,
                                     [&](NodeId id) -> Result<bool> {
                                       AG_ASSIGN_OR_RETURN(const Node* n, ctx.GetNode(id));
                                       for (const Value& x : folded) {
                                         if (StatementWrites::FoldName(n->name) == x.as_string())
                                           return true;
                                         for (const auto& a : n->aliases)
                                           if (StatementWrites::FoldName(a.name) == x.as_string())
                                             return true;
                                       }
                                       return false;
                                     });
    }
    if (kind_ != SeekKind::kProperty) return Status::OK();
    return ctx.writes().AdjustScan(ids, {}, property_, &values, [&](NodeId id) -> Result<bool> {
      AG_ASSIGN_OR_RETURN(const Node* n, ctx.GetNode(id));
      const Value* have = n->Prop(property_);
      if (!have) return false;
      for (const Value& x : values)
        if (!x.is_null() && x.kind() != Value::Kind::kList && x.kind() != Value::Kind::kMap &&
            IsTrue(CypherEquals(*have, x)))
          return true;
      return false;
    });
  }

 private:
  SeekKind kind_;
  std::string property_;
  ExprFn value_;
  std::string description_;
};

}  // namespace

namespace {

// Fills memo->bits for `snap` when the checks so far pay for it: setting
// the bits costs one write per node carrying a label of the groups, so the
// memo waits until it has made an eighth as many checks as that.
void TryLabelBits(ExecContext& ctx, const AdjacencySnapshot* snap, const NodeCheckSpec& spec,
                  LabelMemo* memo) {
  std::vector<std::vector<std::span<const NodeId>>> groups;
  uint64_t cost = 0;
  for (const auto& group : spec.label_groups) {
    auto& lists = groups.emplace_back();
    for (const auto& l : group)
      if (auto lid = ctx.view().LabelId(l)) {
        lists.push_back(snap->NodesWithLabel(*lid));
        cost += lists.back().size();
      }
  }
  const size_t words = (snap->node_bound() + 63) / 64;
  cost += words * groups.size();
  if (memo->checks * 8 < cost) {
    memo->next_try = memo->checks * 2;
    return;
  }
  memo->bits_for = ctx.Adjacency(/*heavy=*/false);  // one try per snapshot
  // Without room in the memory budget, the bits stay empty.
  if (!ctx.TryCharge(words * sizeof(uint64_t) * std::min<size_t>(groups.size(), 2))) return;
  std::vector<uint64_t> bits, group_bits;
  for (size_t g = 0; g < groups.size(); ++g) {
    std::vector<uint64_t>& b = g == 0 ? bits : group_bits;
    b.assign(words, 0);
    for (std::span<const NodeId> nodes : groups[g])
      for (NodeId n : nodes)
        if (n / 64 < words) b[n / 64] |= uint64_t{1} << (n % 64);
    if (g > 0)
      for (size_t w = 0; w < words; ++w)
        bits[w] &= group_bits[w];
  }
  memo->bits = std::move(bits);
}

}  // namespace

// Does node `id` satisfy the labels, inline properties and temporal filter?
Result<bool> NodeMatches(ExecContext& ctx, Row& row, NodeId id, const NodeCheckSpec& spec,
                         LabelMemo* memo) {
  if (!spec.label_groups.empty() || !spec.properties.empty()) {
    // Labels alone: the adjacency cache knows them without the node record
    // (read-only statements only: a writing one may have changed them).
    const std::vector<std::string>* labels = nullptr;
    const bool from_snapshot = spec.properties.empty() && !ctx.txn();
    const AdjacencySnapshot* snap = from_snapshot ? ctx.AdjacencyPtr(/*heavy=*/false) : nullptr;
    if (snap && memo) {
      if (memo->bits_for.get() == snap) {
        if (id / 64 < memo->bits.size() && (memo->bits[id / 64] >> (id % 64) & 1)) {
          if (spec.temporal && ctx.has_temporal_filter()) return ctx.NodePasses(id);
          return true;
        }
      } else {
        if (memo->bits_for) *memo = LabelMemo{{}, nullptr, {}, 0, 1024};  // a new snapshot
        if (++memo->checks >= memo->next_try) TryLabelBits(ctx, snap, spec, memo);
      }
    }
    if (snap) labels = snap->NodeLabels(id);
    bool* remember = nullptr;
    int known = -1;  // the memo's answer for this label set
    if (labels && memo) {
      for (const auto& [set, ok] : memo->sets)
        if (set == labels) {
          known = ok;
          break;
        }
      if (known < 0 && memo->sets.size() < 32) {
        memo->sets.emplace_back(labels, false);
        remember = &memo->sets.back().second;
      }
    }
    if (known == 0) return false;
    if (known < 0) {
      if (!labels) {
        AG_ASSIGN_OR_RETURN(const Node* n, ctx.GetNode(id));
        labels = &n->labels;
      }
      for (const auto& group : spec.label_groups) {
        bool any = false;
        for (const auto& l : *labels)
          if (std::find(group.begin(), group.end(), l) != group.end()) {
            any = true;
            break;
          }
        if (!any) return false;
      }
      if (remember) *remember = true;
    }
    for (const auto& [key, expr] : spec.properties) {
      Value want;
      AG_RETURN_IF_ERROR(expr(row, ctx, &want));
      AG_ASSIGN_OR_RETURN(Value have, EntityProperty(ctx, Value(NodeRef{id}), key));
      if (!IsTrue(CypherEquals(have, want))) return false;
    }
  }
  if (spec.temporal && ctx.has_temporal_filter()) return ctx.NodePasses(id);
  return true;
}

namespace {

class NodeCheck : public Operator {
 public:
  NodeCheck(OpPtr input, SlotId slot, NodeCheckSpec spec, std::string description)
      : slot_(slot), spec_(std::move(spec)), description_(std::move(description)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "NodeFilter"; }
  std::string Detail() const override { return description_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    memo_.sets.clear();
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, out));
      if (!more) return false;
      const Value& v = (*out)[slot_];
      if (v.kind() != Value::Kind::kNode) continue;
      AG_ASSIGN_OR_RETURN(bool ok, NodeMatches(ctx, *out, v.as_node(), spec_, &memo_));
      if (ok) return true;
    }
  }

 private:
  SlotId slot_;
  NodeCheckSpec spec_;
  std::string description_;
  LabelMemo memo_;
};

}  // namespace

OpPtr MakeArgument() {
  return std::make_unique<Argument>();
}
OpPtr MakeAllNodesScan(OpPtr input, SlotId slot) {
  return std::make_unique<AllNodesScan>(std::move(input), slot);
}
OpPtr MakeLabelScan(OpPtr input, SlotId slot, std::vector<std::string> labels) {
  return std::make_unique<LabelScan>(std::move(input), slot, std::move(labels));
}
OpPtr MakeNodeSeek(OpPtr input, SlotId slot, SeekKind kind, std::string property, ExprFn value,
                   std::string description) {
  return std::make_unique<NodeSeek>(std::move(input), slot, kind, std::move(property),
                                    std::move(value), std::move(description));
}
OpPtr MakeNodeCheck(OpPtr input, SlotId slot, NodeCheckSpec spec, std::string description) {
  return std::make_unique<NodeCheck>(std::move(input), slot, std::move(spec),
                                     std::move(description));
}

}  // namespace actorgraph::query
