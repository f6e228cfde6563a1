// RecordCache: decoded node and relationship records of one transaction,
// shared by the read-only statements a QueryEngine runs, so that repeated
// questions about the same entities (a dashboard, an analyst refining a query)
// read and decode each record from RocksDB once, not once per statement.
//
// Like engine/adjacency_cache, it holds the records of a single transaction:
// a record offered for a newer transaction drops everything and re-keys the
// cache; lookups and offers for any other transaction are misses and ignored.
// Callers use it only for views of the latest state (not historical reads,
// not writing statements, whose records change under them). Records stay
// alive while a statement holds them, even after the cache drops them.
//
// Memory: bounded by a budget (estimated bytes of the decoded records;
// OpenOptions::record_cache_mb, default 256 MiB; 0 disables it). Once full, records are
// no longer added until the next transaction re-keys it.
//
// Thread-safety: every method is thread-safe (one mutex, held only for a hash
// lookup or insertion).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "common/model.h"
#include "query/executor/record_map.h"

namespace actorgraph::query {

class RecordCache {
 public:
  // `budget_bytes` 0: the cache stores nothing.
  explicit RecordCache(size_t budget_bytes);

  // The record of `id` as of transaction `txn`, or nullptr.
  std::shared_ptr<const Node> FindNode(TxnId txn, NodeId id) const;
  std::shared_ptr<const Relationship> FindRel(TxnId txn, RelId id) const;
  // Offers a record read at transaction `txn`.
  void PutNode(TxnId txn, NodeId id, std::shared_ptr<const Node> node);
  void PutRel(TxnId txn, RelId id, std::shared_ptr<const Relationship> rel);

  TxnId txn() const;
  size_t bytes() const;
  size_t size() const;  // records held

  // Estimated memory of a decoded record (its heap parts included).
  static size_t ApproxBytes(const Node& n);
  static size_t ApproxBytes(const Relationship& r);

 private:
  // Under mu_: re-keys for a newer `txn`; false when `txn` is not the key.
  bool Admit(TxnId txn, size_t bytes);

  mutable std::mutex mu_;
  const size_t budget_;
  TxnId txn_ = 0;
  size_t bytes_ = 0;
  // Flat tables: a statement reading a record per row looks one up per row,
  // and a node-based map cost three dependent cache misses a look-up.
  RecordMap<Node> nodes_;
  RecordMap<Relationship> rels_;
};

}  // namespace actorgraph::query
