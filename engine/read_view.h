// ReadView: snapshot-consistent reads of the graph as of one transaction.
//
// Ownership: created by Database::Read(); borrows the Database. Cursors it
// returns borrow the view and must be destroyed before it; keep them short
// lived (they pin RocksDB memtables and files).
//
// Thread-safety: one thread at a time per view; use one view per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/model.h"
#include "common/status.h"

namespace rocksdb {
class Iterator;
class Slice;
class Snapshot;
}  // namespace rocksdb

namespace actorgraph {

struct StoreCore;
class ReadView;
class AdjacencySnapshot;

enum class Direction : uint8_t { kOut = 1, kIn = 2, kBoth = 3 };

// One relationship seen from one of its ends.
struct AdjEntry {
  RelId rel = 0;
  NodeId self = 0;   // the node the scan started from
  NodeId other = 0;  // the node at the other end
  uint32_t type_id = 0;
  Direction dir = Direction::kOut;  // kOut: self is the source
  ValidInterval valid;
};

// Streams the relationships of one node, by direction and type, without
// loading whole neighbourhoods or relationship records.
class AdjacencyCursor {
 public:
  ~AdjacencyCursor();
  bool Valid() const { return valid_; }
  const AdjEntry& entry() const { return entry_; }
  void Next();
  const Status& status() const { return status_; }

 private:
  friend class ReadView;
  AdjacencyCursor(const ReadView* view, NodeId node, Direction dir, std::vector<uint32_t> types);
  void Seek();
  void Settle();
  bool StartPass();
  const ReadView* view_;
  NodeId node_;
  Direction dir_;
  std::vector<uint32_t> types_;  // sorted; empty means all
  size_t type_index_ = 0;
  Direction pass_ = Direction::kOut;
  std::unique_ptr<rocksdb::Iterator> it_;
  std::string upper_;
  std::unique_ptr<rocksdb::Slice> upper_slice_;  // points into upper_
  bool valid_ = false;
  AdjEntry entry_;
  Status status_;
};

struct NameMatch {
  NodeId node = 0;
  std::string matched;  // the name or alias that matched, as stored
  bool is_alias = false;
};

class ReadView {
 public:
  ~ReadView();
  ReadView(const ReadView&) = delete;
  ReadView& operator=(const ReadView&) = delete;

  // The transaction this view reads as of.
  TxnId as_of() const { return as_of_; }
  bool is_historical() const { return historical_; }

  // Nodes. NotFound when absent at as_of().
  Status GetNode(NodeId id, Node* out) const;
  std::optional<NodeId> FindNode(std::string_view xid) const;
  // Streams every live node id (in id order) to `fn` until it returns false.
  Status ForEachNode(const std::function<bool(NodeId)>& fn) const;
  // Node ids carrying `label` exactly (callers expand ontology descendants).
  Status ForEachNodeWithLabel(const std::string& label,
                              const std::function<bool(NodeId)>& fn) const;
  // Nodes whose name or an alias folds to the same text as `name`
  // (case- and diacritic-insensitive); with `prefix`, names starting with it.
  Result<std::vector<NameMatch>> FindByName(std::string_view name, bool prefix = false,
                                            size_t limit = 1000) const;
  // Nodes with a name or alias containing every word of `words` as a whole
  // word, in any order ("dembele" finds "Souleymane Dembélé").
  Result<std::vector<NameMatch>> FindByWords(std::string_view words, size_t limit = 1000) const;
  // Nodes whose property `prop` equals `value` (scalar values only). Fails
  // for a property the ontology leaves unindexed (Ontology::IsIndexed).
  Result<std::vector<NodeId>> FindByProperty(const std::string& prop, const Value& value) const;

  // Relationships.
  Status GetRel(RelId id, Relationship* out) const;
  std::optional<RelId> FindRel(std::string_view xid) const;
  Status ForEachRel(const std::function<bool(const Relationship&)>& fn) const;
  // Types given by name; unknown names match nothing. Empty: every type.
  std::unique_ptr<AdjacencyCursor> Adjacency(NodeId node, Direction dir,
                                             const std::vector<std::string>& types = {}) const;
  std::unique_ptr<AdjacencyCursor> AdjacencyById(NodeId node, Direction dir,
                                                 std::vector<uint32_t> type_ids) const;
  std::string TypeName(uint32_t type_id) const;
  std::optional<uint32_t> TypeId(const std::string& type) const;
  // The dictionary id of a label (AdjacencySnapshot::NodesWithLabel); none
  // when no node ever carried it.
  std::optional<uint32_t> LabelId(const std::string& label) const;

  // The in-memory adjacency of this view's transaction (engine/
  // adjacency_cache.h), from the database's cache, building it when `heavy`
  // (the caller is about to touch much of the graph) or when light requests
  // of this transaction have been many. nullptr when the view is historical,
  // the cache is off (OpenOptions::adjacency_cache) or the graph is over its
  // budget: callers then read through the methods above. The snapshot is
  // immutable and may outlive the view. Thread-safe.
  std::shared_ptr<const AdjacencySnapshot> CachedAdjacency(bool heavy = true) const;

  // Claims about a node or relationship (all properties), in recording order.
  Result<std::vector<Claim>> Claims(TargetKind kind, uint64_t target) const;
  Status GetClaim(ClaimId id, Claim* out) const;
  std::optional<ClaimId> FindClaim(std::string_view xid) const;

  // Versions of a node or relationship, oldest first (for `history`);
  // deletions appear as a version with id 0.
  Result<std::vector<std::pair<TxnId, std::optional<Node>>>> NodeVersions(NodeId id) const;
  Result<std::vector<std::pair<TxnId, std::optional<Relationship>>>> RelVersions(RelId id) const;

  // Every adjacency entry of `node` ever written up to as_of, live or deleted,
  // with the transactions that created and deleted it (0: not deleted).
  Status ForEachAdjacencyRecord(
      NodeId node,
      const std::function<void(const AdjEntry&, TxnId created, TxnId deleted)>& fn) const;

  // Transaction metadata.
  std::optional<TxnInfo> Txn(TxnId id) const;

  const rocksdb::Snapshot* snapshot() const { return snapshot_; }

 private:
  friend StoreCore* CoreOf(const ReadView& view);  // engine/store_core.h
  friend class Database;
  friend class WriteTxn;
  friend class AdjacencyCursor;
  ReadView(StoreCore* core, TxnId as_of);
  // A writer's view of its own staged (spilled) writes: the latest state
  // read as of `staged_txn`, the transaction being written (after
  // core->last_txn), neither clamped nor historical. Private to WriteTxn,
  // never handed to readers or to the adjacency cache.
  struct Staged {};
  ReadView(StoreCore* core, TxnId staged_txn, Staged);
  // Live at as_of for a versioned index/adjacency entry.
  bool Visible(TxnId created, TxnId deleted) const {
    return created <= as_of_ && (deleted == 0 || deleted > as_of_);
  }
  Status ReadVersioned(char kind, uint64_t id, TxnId current_version, std::string* record) const;

  StoreCore* core_;
  std::shared_ptr<const rocksdb::Snapshot> snapshot_holder_;
  const rocksdb::Snapshot* snapshot_;
  TxnId as_of_;
  bool historical_;
};

}  // namespace actorgraph
