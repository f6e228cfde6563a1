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

const Node* RecordGeneration::FindNode(NodeId id) const {
  std::lock_guard lock(mu_);
  return nodes_.Find(id);
}

const Relationship* RecordGeneration::FindRel(RelId id) const {
  std::lock_guard lock(mu_);
  return rels_.Find(id);
}

template <typename T>
const T* RecordGeneration::Put(RecordMap<T>* map, uint64_t id, std::shared_ptr<const T> rec) {
  if (!rec) return nullptr;
  const size_t b = RecordCache::ApproxBytes(*rec);
  std::lock_guard lock(mu_);
  if (const T* held = map->Find(id)) return held;
  if (bytes_ + b > budget_) return nullptr;
  bytes_ += b;
  const T* p = rec.get();
  map->Insert(id, std::move(rec));
  return p;
}

const Node* RecordGeneration::PutNode(NodeId id, std::shared_ptr<const Node> node) {
  return Put(&nodes_, id, std::move(node));
}

const Relationship* RecordGeneration::PutRel(RelId id, std::shared_ptr<const Relationship> rel) {
  return Put(&rels_, id, std::move(rel));
}

size_t RecordGeneration::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t RecordGeneration::size() const {
  std::lock_guard lock(mu_);
  return nodes_.size() + rels_.size();
}

std::shared_ptr<RecordGeneration> RecordCache::Pin(TxnId txn) {
  if (budget_ == 0) return nullptr;
  std::shared_ptr<RecordGeneration> old;  // released outside the lock
  std::lock_guard lock(mu_);
  if (!current_ || txn > current_->txn()) {
    old = std::move(current_);
    current_ = std::make_shared<RecordGeneration>(txn, budget_);
  }
  return current_->txn() == txn ? current_ : nullptr;
}

TxnId RecordCache::txn() const {
  std::lock_guard lock(mu_);
  return current_ ? current_->txn() : 0;
}

size_t RecordCache::bytes() const {
  std::lock_guard lock(mu_);
  return current_ ? current_->bytes() : 0;
}

size_t RecordCache::size() const {
  std::lock_guard lock(mu_);
  return current_ ? current_->size() : 0;
}

}  // namespace actorgraph::query
