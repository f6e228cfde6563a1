// Answers from counts the engine keeps instead of scanning.
#include <algorithm>

#include "engine/adjacency_cache.h"
#include "query/executor/operators.h"

namespace actorgraph::query {

namespace {

class RelationshipCountFromStore : public Operator {
 public:
  RelationshipCountFromStore(OpPtr fallback, std::optional<SlotId> type_slot, SlotId count_slot,
                             std::vector<std::string> types)
      : type_slot_(type_slot), count_slot_(count_slot), types_(std::move(types)) {
    children_.push_back(std::move(fallback));
  }
  std::string Name() const override { return "RelationshipCountFromStore"; }
  std::string Detail() const override {
    std::string d = type_slot_ ? "count per type" : "count";
    for (size_t i = 0; i < types_.size(); ++i)
      d += (i ? "|" : " of :") + types_[i];
    return d + "; scans when a filter, a history read or a write rules the counts out";
  }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    counts_.clear();
    pos_ = 0;
    from_store_ = false;
    // The counts are of the latest transaction's live relationships: a
    // temporal or grade filter, a history read or this statement's own
    // writes would change the answer.
    if (!ctx.txn() && !ctx.has_temporal_filter() && !ctx.view().is_historical()) {
      if (auto snap = ctx.view().CachedAdjacency(/*heavy=*/true)) {
        from_store_ = true;
        const std::vector<uint64_t>& per_type = snap->type_counts();
        std::vector<uint32_t> wanted;
        if (types_.empty()) {
          for (uint32_t t = 0; t < per_type.size(); ++t)
            if (per_type[t] > 0) wanted.push_back(t);
        } else {
          for (const auto& name : types_)
            if (auto id = ctx.view().TypeId(name)) wanted.push_back(*id);
          std::sort(wanted.begin(), wanted.end());
          wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
        }
        uint64_t total = 0;
        for (uint32_t t : wanted) {
          const uint64_t n = t < per_type.size() ? per_type[t] : 0;
          total += n;
          if (type_slot_ && n > 0) counts_.emplace_back(ctx.view().TypeName(t), n);
        }
        if (!type_slot_) counts_.emplace_back("", total);  // one row, even for 0
        std::sort(counts_.begin(), counts_.end());
        return Status::OK();
      }
    }
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    if (!from_store_) return child()->Next(ctx, out);
    if (pos_ >= counts_.size()) return false;
    const auto& [type, n] = counts_[pos_++];
    if (type_slot_) (*out)[*type_slot_] = Value(type);
    (*out)[count_slot_] = Value(static_cast<int64_t>(n));
    return true;
  }

 private:
  std::optional<SlotId> type_slot_;
  SlotId count_slot_;
  std::vector<std::string> types_;
  bool from_store_ = false;
  std::vector<std::pair<std::string, uint64_t>> counts_;
  size_t pos_ = 0;
};

}  // namespace

OpPtr MakeRelationshipCountFromStore(OpPtr fallback, std::optional<SlotId> type_slot,
                                     SlotId count_slot, std::vector<std::string> types) {
  return std::make_unique<RelationshipCountFromStore>(std::move(fallback), type_slot, count_slot,
                                                      std::move(types));
}

}  // namespace actorgraph::query
