// RecordCache: decoded node and relationship records of one transaction,
// shared by the read-only statements a QueryEngine runs, so that repeated
// questions about the same entities (a dashboard, an analyst refining a query)
// read and decode each record from RocksDB once, not once per statement.
//
// Like engine/adjacency_cache, it holds the records of a single transaction,
// as a RecordGeneration. A statement pins the generation of its view's
// transaction once (Pin) and then reads through it: a found record is a plain
// pointer into the generation, with no reference count to touch and no copy
// into the statement's own map (a statement reading a record per row spent a
// fifth of its time on those). A newer transaction starts a new generation;
// statements still holding the old one keep it, and every record in it, alive
// until they end. Callers use it only for views of the latest state (not
// historical reads, not writing statements, whose records change under them).
//
// Memory: each generation is bounded by the budget (estimated bytes of the
// decoded records; OpenOptions::record_cache_mb, default 256 MiB; 0 disables
// it). Once full, records are no longer added; their readers keep their own.
// A generation outlives the cache's move to a newer one only as long as a
// statement runs on it.
//
// Thread-safety: every method of both classes is thread-safe (one mutex each,
// held only for a hash lookup or insertion).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "common/model.h"
#include "query/executor/record_map.h"

namespace actorgraph::query {

// The records of one transaction. Records are never removed or replaced, so
// a pointer returned stays valid as long as the generation lives.
class RecordGeneration {
 public:
  RecordGeneration(TxnId txn, size_t budget_bytes) : txn_(txn), budget_(budget_bytes) {}
  TxnId txn() const { return txn_; }

  // The record of `id`, or nullptr.
  const Node* FindNode(NodeId id) const;
  const Relationship* FindRel(RelId id) const;
  // Offers a record read at txn(): returns the one the generation holds
  // (this one, or another reader's of the same id), or nullptr when the
  // budget is spent (the caller keeps its own).
  const Node* PutNode(NodeId id, std::shared_ptr<const Node> node);
  const Relationship* PutRel(RelId id, std::shared_ptr<const Relationship> rel);

  size_t bytes() const;
  size_t size() const;  // records held

 private:
  // PutNode and PutRel: under mu_, within the budget.
  template <typename T>
  const T* Put(RecordMap<T>* map, uint64_t id, std::shared_ptr<const T> rec);

  const TxnId txn_;
  const size_t budget_;
  mutable std::mutex mu_;
  size_t bytes_ = 0;
  RecordMap<Node> nodes_;
  RecordMap<Relationship> rels_;
};

class RecordCache {
 public:
  // `budget_bytes` 0: the cache stores nothing.
  explicit RecordCache(size_t budget_bytes);

  // The generation of transaction `txn`, to read and offer records through;
  // starts a new one when `txn` is newer than the cache's. nullptr when the
  // cache is off or already on a newer transaction (the caller reads alone).
  std::shared_ptr<RecordGeneration> Pin(TxnId txn);

  // The current generation's transaction, bytes and records.
  TxnId txn() const;
  size_t bytes() const;
  size_t size() const;

  // Estimated memory of a decoded record (its heap parts included).
  static size_t ApproxBytes(const Node& n);
  static size_t ApproxBytes(const Relationship& r);

 private:
  const size_t budget_;
  mutable std::mutex mu_;
  std::shared_ptr<RecordGeneration> current_;
};

}  // namespace actorgraph::query
