// WriteTxn: one atomic batch of writes, checked against the ontology.
//
// Every Put/Delete is validated at once and kept in memory; Commit() writes
// them all in one RocksDB WriteBatch (atomic across column families, durable
// through the WAL) under a new transaction number. Nothing reaches the disk
// before Commit(); a WriteTxn destroyed without Commit() writes nothing.
//
// Reads through the WriteTxn see its own pending writes.
//
// Ownership: created by Database::BeginWrite(); holds the database's writer
// lock until destroyed. Thread-safety: use from one thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/model.h"
#include "engine/read_view.h"
#include "engine/status.h"

namespace actorgraph {

enum class PutOutcome { kCreated, kUpdated, kUnchanged };

struct WriteCounts {
  uint64_t created = 0, updated = 0, unchanged = 0, deleted = 0;
  void Add(PutOutcome o) {
    (o == PutOutcome::kCreated ? created : o == PutOutcome::kUpdated ? updated : unchanged)++;
  }
};

class WriteTxn {
 public:
  ~WriteTxn();
  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;

  // Creates or updates the node with node->xid (a new version when the
  // content differs). Sets node->id. Checks the ontology and coerces props.
  Result<PutOutcome> PutNode(Node* node);
  // Creates or updates the relationship with rel->xid; an empty xid is
  // derived from the content. Ends must exist (in the database or this txn).
  Result<PutOutcome> PutRel(Relationship* rel);
  // Adds a claim, matched by xid (derived from the content when empty).
  Result<PutOutcome> PutClaim(Claim* claim);

  // Deletes a node; with `detach`, its relationships too, otherwise a node
  // with relationships is an error (as Cypher's DELETE).
  Status DeleteNode(NodeId id, bool detach);
  Status DeleteRel(RelId id);

  // Reads that see this transaction's pending writes.
  Status GetNode(NodeId id, Node* out) const;
  std::optional<NodeId> FindNode(std::string_view xid) const;
  Status GetRel(RelId id, Relationship* out) const;
  std::optional<RelId> FindRel(std::string_view xid) const;
  // Relationships of `node` (database and pending), for DETACH DELETE.
  Result<std::vector<RelId>> RelsOf(NodeId node) const;
  // The committed state this transaction started from.
  const ReadView& base() const { return *base_; }

  const WriteCounts& node_counts() const { return nodes_; }
  const WriteCounts& rel_counts() const { return rels_; }
  const WriteCounts& claim_counts() const { return claims_; }
  bool empty() const { return pending_nodes_.empty() && pending_rels_.empty() && pending_claims_.empty(); }

  // Writes everything atomically. Returns the new transaction number, or the
  // last one when there was nothing to write. After Commit the txn is spent.
  Result<TxnId> Commit();

 private:
  friend class Database;
  WriteTxn(StoreCore* core, std::string description);

  StoreCore* core_;
  std::unique_lock<std::mutex> writer_lock_;
  std::unique_ptr<ReadView> base_;
  std::string description_;
  bool done_ = false;

  // Pending state: id -> new version (nullopt: deleted).
  std::map<NodeId, std::optional<Node>> pending_nodes_;
  std::map<RelId, std::optional<Relationship>> pending_rels_;
  std::map<ClaimId, Claim> pending_claims_;
  std::vector<Claim> superseded_claims_;  // replaced by a new version of the same xid
  std::unordered_map<std::string, NodeId> new_node_xids_;
  std::unordered_map<std::string, RelId> new_rel_xids_;
  std::unordered_map<std::string, ClaimId> new_claim_xids_;
  std::multimap<NodeId, RelId> new_rels_by_node_;
  NodeId next_node_ = 0;
  RelId next_rel_ = 0;
  ClaimId next_claim_ = 0;
  WriteCounts nodes_, rels_, claims_;
};

}  // namespace actorgraph
