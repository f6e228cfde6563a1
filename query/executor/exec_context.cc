#include "query/executor/exec_context.h"

namespace actorgraph::query {

uint64_t ExecContext::NextId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

const Value* ExecContext::Param(const std::string& name) const {
  if (!params_) return nullptr;
  auto it = params_->find(name);
  return it == params_->end() ? nullptr : &it->second;
}

RecordGeneration* ExecContext::SharedRecords() {
  if (shared_records_) {  // pinned once, at the first record read
    shared_gen_ = shared_records_->Pin(view_->as_of());
    shared_records_ = nullptr;
  }
  return shared_gen_.get();
}

Result<const Node*> ExecContext::GetNode(NodeId id) {
  RecordGeneration* shared = SharedRecords();
  if (shared) {
    if (const Node* held = shared->FindNode(id)) return held;
  }
  if (const Node* known = nodes_.Find(id)) return known;
  if (nodes_.size() > 200000) nodes_.Clear();  // bound the cache on huge scans
  auto n = std::make_shared<Node>();
  Status s = txn_ ? txn_->GetNode(id, n.get()) : view_->GetNode(id, n.get());
  if (!s.ok()) return s;
  if (shared) {
    if (const Node* held = shared->PutNode(id, n)) return held;
  }
  const Node* p = n.get();
  nodes_.Insert(id, std::move(n));
  return p;
}

Result<const Relationship*> ExecContext::GetRel(RelId id) {
  RecordGeneration* shared = SharedRecords();
  if (shared) {
    if (const Relationship* held = shared->FindRel(id)) return held;
  }
  if (const Relationship* known = rels_.Find(id)) return known;
  if (rels_.size() > 200000) rels_.Clear();
  auto r = std::make_shared<Relationship>();
  Status s = txn_ ? txn_->GetRel(id, r.get()) : view_->GetRel(id, r.get());
  // Deleted by a write this read does not see (a later clause, for an
  // earlier row): the read is upstream of the DELETE and sees the record.
  if (!s.ok() && txn_ && !writes_.empty() && !writes_.RelDeletedVisibly(id))
    s = view_->GetRel(id, r.get());
  if (!s.ok()) return s;
  if (shared) {
    if (const Relationship* held = shared->PutRel(id, r)) return held;
  }
  const Relationship* p = r.get();
  rels_.Insert(id, std::move(r));
  return p;
}

std::shared_ptr<const AdjacencySnapshot> ExecContext::Adjacency(bool heavy) {
  if (!adjacency_) adjacency_ = view_->CachedAdjacency(heavy);
  return adjacency_;
}

const std::string& ExecContext::DictionaryName(uint32_t id) {
  if (id >= names_.size()) {
    names_.resize(id + 1);
    named_.resize(id + 1, false);
  }
  if (!named_[id]) {
    names_[id] = view_->TypeName(id);
    named_[id] = true;
  }
  return names_[id];
}

void ExecContext::Invalidate(NodeId node) {
  nodes_.Erase(node);
}
void ExecContext::InvalidateRel(RelId rel) {
  rels_.Erase(rel);
}

bool ExecContext::IntervalPasses(const ValidInterval& valid) const {
  if (filter_.valid_at && valid.HoldsAt(*filter_.valid_at) != Truth::kTrue) return false;
  if (filter_.has_period && valid.Overlaps(filter_.valid_from, filter_.valid_to) != Truth::kTrue)
    return false;
  return true;
}

Result<bool> ExecContext::HasGradedAssertion(TargetKind kind, uint64_t id) {
  const uint64_t key = (static_cast<uint64_t>(kind) << 62) | id;
  if (auto it = graded_.find(key); it != graded_.end()) return it->second;
  AG_ASSIGN_OR_RETURN(auto claims, view_->Claims(kind, id));
  bool ok = false;
  for (const auto& c : claims)
    if (c.property.empty() && c.stance == Stance::kAsserts && c.grade &&
        c.grade->AtLeast(*filter_.min_grade))
      ok = true;
  graded_[key] = ok;
  return ok;
}

Result<bool> ExecContext::NodePasses(NodeId id) {
  if (!filter_.valid_at && !filter_.has_period) return true;
  AG_ASSIGN_OR_RETURN(const Node* n, GetNode(id));
  // WITH MIN GRADE filters facts (relationships, sourced properties), not
  // entities: a node whose own existence claims are weak stays, so the
  // well-sourced relationships through it stay too.
  return IntervalPasses(n->valid);
}

Result<bool> ExecContext::RelPasses(RelId id, const ValidInterval& valid) {
  if (!IntervalPasses(valid)) return false;
  if (filter_.valid_at && valid.unbounded()) undated_rels_.insert(id);
  if (filter_.min_grade) return HasGradedAssertion(TargetKind::kRel, id);
  return true;
}

Result<bool> ExecContext::PropertyPasses(TargetKind kind, uint64_t id, const std::string& key) {
  if (!filter_.min_grade) return true;
  AG_ASSIGN_OR_RETURN(auto claims, view_->Claims(kind, id));
  bool any = false;
  for (const auto& c : claims) {
    if (c.property != key) continue;
    any = true;
    if (c.stance == Stance::kAsserts && c.grade && c.grade->AtLeast(*filter_.min_grade))
      return true;
  }
  return !any;  // a property no claim speaks of is not a sourced fact
}

std::string ExecContext::Notices() const {
  if (undated_rels_.empty()) return "";
  const size_t n = undated_rels_.size();
  return "note: FOR VALID_TIME AS OF took " + std::to_string(n) + " undated relationship" +
         (n == 1 ? "" : "s") +
         " (no valid_from or valid_to) as valid at that date while matching; WHERE NOT undated(r) "
         "leaves them out";
}

bool ExecContext::ShouldStop() {
  if (cancel_ && cancel_->load(std::memory_order_relaxed)) return true;
  return has_deadline_ && std::chrono::steady_clock::now() > deadline_;
}

// Bytes a value takes, roughly: its own size plus what it points to.
uint64_t EstimateBytes(const Value& v) {
  uint64_t n = sizeof(Value);
  switch (v.kind()) {
    case Value::Kind::kString:
      n += v.as_string().size();
      break;
    case Value::Kind::kList:
      for (const auto& x : v.as_list())
        n += EstimateBytes(x);
      break;
    case Value::Kind::kMap:
      for (const auto& [k, x] : v.as_map())
        n += k.size() + 32 + EstimateBytes(x);
      break;
    case Value::Kind::kPath:
      n += 8 * (v.as_path().nodes.size() + v.as_path().rels.size());
      break;
    default:
      break;
  }
  return n;
}

uint64_t ExecContext::ChargeSize(const std::vector<Value>& values) const {
  if (memory_limit_ == 0) return 0;
  uint64_t n = 48;  // the row's own vector and container node
  for (const auto& v : values)
    n += EstimateBytes(v);
  return n;
}

Status ExecContext::Charge(const std::vector<Value>& values) {
  if (memory_limit_ == 0) return Status::OK();
  return ChargeBytes(ChargeSize(values));
}

Status ExecContext::ChargeBytes(uint64_t bytes) {
  if (memory_limit_ == 0) return Status::OK();
  memory_used_ += bytes;
  if (memory_used_ <= memory_limit_) return Status::OK();
  return Status::Cancelled("the query needs more than its memory limit of " +
                           std::to_string(memory_limit_ >> 20) +
                           " MiB for sorting, grouping or distinct rows");
}

bool ExecContext::TryCharge(uint64_t bytes) {
  if (memory_limit_ == 0) return true;
  if (memory_used_ + bytes > memory_limit_) return false;
  memory_used_ += bytes;
  return true;
}

Status ExecContext::Check() {
  if ((++tick_ & 1023) != 0) return Status::OK();
  if (cancel_ && cancel_->load(std::memory_order_relaxed))
    return Status::Cancelled("the query was cancelled");
  if (has_deadline_ && std::chrono::steady_clock::now() > deadline_)
    return Status::Cancelled("the query hit its time limit");
  return Status::OK();
}

}  // namespace actorgraph::query
