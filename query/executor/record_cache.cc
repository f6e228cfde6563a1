#include "query/executor/record_cache.h"

#include <string>

namespace actorgraph::query {

namespace {

size_t ValueBytes(const Value& v) {
  size_t b = sizeof(Value);
  switch (v.kind()) {
    case Value::Kind::kString:
      b += v.as_string().capacity();
      break;
    case Value::Kind::kList:
      for (const auto& e : v.as_list())
        b += ValueBytes(e);
      break;
    case Value::Kind::kMap:
      for (const auto& [k, e] : v.as_map())
        b += k.capacity() + sizeof(std::string) + ValueBytes(e);
      break;
    default:
      break;
  }
  return b;
}

size_t PropsBytes(const ValueMap& props) {
  size_t b = 0;
  for (const auto& [k, v] : props)
    b += sizeof(std::string) + k.capacity() + ValueBytes(v);
  return b;
}

constexpr size_t kEntryOverhead = 64;  // two table slots (at most half full), control block

}  // namespace

RecordCache::RecordCache(size_t budget_bytes) : budget_(budget_bytes) {}

size_t RecordCache::ApproxBytes(const Node& n) {
  size_t b =
      sizeof(Node) + kEntryOverhead + n.xid.capacity() + n.name.capacity() + PropsBytes(n.props);
  for (const auto& l : n.labels)
    b += sizeof(std::string) + l.capacity();
  for (const auto& a : n.aliases)
    b += sizeof(Alias) + a.name.capacity();
  return b;
}

size_t RecordCache::ApproxBytes(const Relationship& r) {
  return sizeof(Relationship) + kEntryOverhead + r.xid.capacity() + r.type.capacity() +
         PropsBytes(r.props);
}

std::shared_ptr<const Node> RecordCache::FindNode(TxnId txn, NodeId id) const {
  std::lock_guard lock(mu_);
  if (txn != txn_) return nullptr;
  const auto* n = nodes_.FindShared(id);
  return n ? *n : nullptr;
}

std::shared_ptr<const Relationship> RecordCache::FindRel(TxnId txn, RelId id) const {
  std::lock_guard lock(mu_);
  if (txn != txn_) return nullptr;
  const auto* r = rels_.FindShared(id);
  return r ? *r : nullptr;
}

bool RecordCache::Admit(TxnId txn, size_t bytes) {
  if (txn > txn_) {
    nodes_.Clear();
    rels_.Clear();
    bytes_ = 0;
    txn_ = txn;
  }
  if (txn != txn_ || bytes_ + bytes > budget_) return false;
  bytes_ += bytes;
  return true;
}

void RecordCache::PutNode(TxnId txn, NodeId id, std::shared_ptr<const Node> node) {
  if (budget_ == 0 || !node) return;
  const size_t b = ApproxBytes(*node);
  std::lock_guard lock(mu_);
  if (nodes_.Find(id) || !Admit(txn, b)) return;
  nodes_.Insert(id, std::move(node));
}

void RecordCache::PutRel(TxnId txn, RelId id, std::shared_ptr<const Relationship> rel) {
  if (budget_ == 0 || !rel) return;
  const size_t b = ApproxBytes(*rel);
  std::lock_guard lock(mu_);
  if (rels_.Find(id) || !Admit(txn, b)) return;
  rels_.Insert(id, std::move(rel));
}

TxnId RecordCache::txn() const {
  std::lock_guard lock(mu_);
  return txn_;
}

size_t RecordCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t RecordCache::size() const {
  std::lock_guard lock(mu_);
  return nodes_.size() + rels_.size();
}

}  // namespace actorgraph::query
