// WriteTxn: one atomic batch of writes, checked against the ontology.
//
// Every Put/Delete is validated at once and kept in memory; Commit() writes
// them in one RocksDB WriteBatch (atomic across column families, durable
// through the WAL, synced) under a new transaction number T = last_txn + 1.
//
// Spilling (opt-in, SetSpillThreshold): a transaction too large for memory
// (an import of a million records) writes its pending changes early, as
// "staged" batches encoded exactly as Commit() encodes them under T, but
// without last_txn, the id counters, the dictionary and the txn/ entry. Each
// staged batch carries undo records (engine/undo_log.h) with the values it
// overwrote. Then the pending state is dropped and reads go through a view of
// the staged state. Guarantees:
//   - readers never see part of it: before the first staged batch the
//     database publishes a snapshot that new ReadViews read until Commit or
//     rollback (StoreCore::published);
//   - Commit() writes the rest, deletes the undo log and sets last_txn in one
//     synced batch: all of T becomes visible at once;
//   - without Commit (destroyed, Rollback(), a failed write) the undo log is
//     applied and the database holds what it held before, byte for byte;
//   - after a crash, Database::Open rolls a left-over undo log back first.
// The data committed is the same as without spilling (dictionary ids are
// assigned at Put time, in Put order, for that reason), with one exception:
// an entity created and deleted again in the transaction, on both sides of a
// spill, whose xid had belonged to an entity deleted earlier: its xid map
// entry is removed instead of left pointing at the earlier one.
//
// A staged batch is encoded and written (undo records, SST files,
// ingestion) on a worker while the caller goes on putting: until the worker
// is done, the batch's pending state answers the reads RocksDB cannot answer
// yet. One batch at a time: the next Spill waits for it, as do Commit,
// Rollback, a delete and a put of a claim the batch holds.
//
// Reads through the WriteTxn see its own pending and staged writes; base()
// is the committed state it started from and never shows them.
//
// Ownership: created by Database::BeginWrite(); holds the database's writer
// lock until destroyed. Thread-safety: use from one thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/model.h"
#include "common/status.h"
#include "engine/key_filter.h"
#include "engine/key_set.h"
#include "engine/read_view.h"

namespace rocksdb {
class WriteBatch;
}

namespace actorgraph {

class SortedBatch;
class StagedMerges;

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
  // The xid PutRel would give `rel`: its own, or the one derived from its
  // ends, type, validity and props (checked as PutRel checks them).
  Result<std::string> RelXidOf(Relationship rel) const;
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
  // Reads many xids at once (one RocksDB MultiGet) ahead of the puts and
  // finds that will look them up one by one: those not stored are then
  // known absent without a read of their own (an import's new entities).
  // Only a hint: it changes no answer, and errors are left to those reads.
  struct XidRef {
    char kind;  // 'n', 'r', 'c'
    std::string_view xid;
  };
  void PrefetchXids(const std::vector<XidRef>& xids) const;
  // Relationships of `node` (database and pending), for DETACH DELETE.
  Result<std::vector<RelId>> RelsOf(NodeId node) const;
  // The committed state this transaction started from (never shows its
  // writes, spilled or not).
  const ReadView& base() const { return *base_; }

  const WriteCounts& node_counts() const { return nodes_; }
  const WriteCounts& rel_counts() const { return rels_; }
  const WriteCounts& claim_counts() const { return claims_; }
  // True when nothing is pending in memory (staged batches aside).
  bool empty() const {
    return pending_nodes_.empty() && pending_rels_.empty() && pending_claims_.empty();
  }

  // 0 (the default): keep everything in memory until Commit. N > 0: spill
  // whenever more than N entities (nodes, relationships, claims) are pending.
  void SetSpillThreshold(size_t pending_entities) { spill_threshold_ = pending_entities; }
  // Writes the pending changes now as a staged batch of this transaction
  // (see above): a worker encodes and writes them while this thread goes on.
  // No-op when nothing is pending. After an error the txn is spent: every
  // later call fails and destroying it rolls back. An error of the worker is
  // returned by the call that waits for it (the next Spill, Commit, a delete,
  // a put of a claim the batch holds).
  Status Spill();
  // How many staged batches were written (or are being written).
  uint64_t spills() const { return spills_; }
  // Tests: runs on the staging worker before it writes each batch, so that a
  // test can hold a batch unwritten while it reads through the transaction.
  void TEST_SetStagingHook(std::function<void()> hook) { staging_hook_ = std::move(hook); }
  // Entities pending in memory.
  size_t pending_entities() const {
    return pending_nodes_.size() + pending_rels_.size() + pending_claims_.size() +
           superseded_claims_.size();
  }

  // Stores `value` under the meta key `prefix` + BE64(this transaction's
  // number), written in the commit's batch, so the record exists exactly when
  // the transaction does (e.g. merge records, engine/merge.cc). Only written
  // when the transaction writes something.
  void PutTxnRecord(std::string prefix, std::string value) {
    txn_records_.emplace_back(std::move(prefix), std::move(value));
  }

  // Writes everything atomically. Returns the new transaction number, or the
  // last one when there was nothing to write. After Commit the txn is spent
  // (also when it fails; a failed commit after spills rolls back).
  Result<TxnId> Commit();
  // Drops the transaction: pending writes are forgotten and staged batches
  // undone. The destructor does this for a txn neither committed nor rolled
  // back. Spent afterwards.
  Status Rollback();

 private:
  friend class Database;
  // Hashes std::string and std::string_view alike: a look-up by a view
  // allocates nothing (several per record of an import).
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, ViewHash, std::equal_to<>>;
  WriteTxn(StoreCore* core, std::string description);
  // What EncodePending encodes, and how it reads the state before it.
  struct PendingClaim;
  struct EncodeInput {
    const std::map<NodeId, std::optional<Node>>* nodes;
    const std::map<RelId, std::optional<Relationship>>* rels;
    const std::vector<PendingClaim>* claims;
    const std::string* claim_bytes;
    const std::vector<Claim>* superseded_claims;
    const std::vector<std::string>* stale_claim_keys;
    NodeId unstaged_node;  // ids from here on have nothing stored to read
    RelId unstaged_rel;
    const ReadView* stored;  // the state before the batch
    bool memo;               // read through the memo (only on the transaction's thread)
  };
  EncodeInput PendingInput() const;  // the pending state, on this thread
  // Sets the version of every pending record to `txn`, as encoded.
  void StampVersions(TxnId txn);
  // Encodes `in` under `txn` into `batch` (the one encoding of Commit and
  // Spill). Reads only `in` and RocksDB (and the memo when in.memo).
  Status EncodePending(TxnId txn, const EncodeInput& in, SortedBatch* batch) const;
  // What a staged batch's undo records may take as absent without a read:
  // keys holding ids created since the batch before (the ids from which on
  // nothing is on disk), and xid keys looked up and not found.
  struct AbsentHints {
    NodeId node = 0;
    RelId rel = 0;
    ClaimId claim = 0;
    const KeySet* xid_keys = nullptr;
  };
  static bool KnownAbsent(const AbsentHints& hints, int cf, std::string_view key);
  AbsentHints CurrentHints() const {
    return {unstaged_node_, unstaged_rel_, unstaged_claim_, &absent_xid_keys_};
  }
  // Spill's ingestion path: `batch` as SST files, after its undo records.
  // Runs on the staging worker: writes only `batch`, undo_seq_ and RocksDB.
  Status StageAsSsts(SortedBatch* batch, const AbsentHints& hints, uint64_t number);
  // Moves the pending state to staging_ and starts the worker that encodes
  // it into `batch` and writes it (see above).
  void StartStaging(SortedBatch* batch);
  // Waits for the batch being staged, if any; then reads go through RocksDB
  // again (what reads_ shows moved on). Its error spends the txn.
  Status JoinStaging();
  void ClearPending();
  Status MaybeSpill();
  Status Spent() const;
  TxnId txn_number() const { return base_->as_of() + 1; }

  StoreCore* core_;
  std::unique_lock<std::mutex> writer_lock_;
  std::unique_ptr<ReadView> base_;    // the committed state at BeginWrite
  std::unique_ptr<ReadView> staged_;  // base plus the staged batches, as of T
  const ReadView* reads_;             // staged_ once spilled, else base_
  std::string description_;
  bool done_ = false;  // committed, rolled back or failed
  bool committed_ = false;
  Status failed_;  // why the txn is spent after an error
  size_t spill_threshold_ = 0;
  uint64_t spills_ = 0;
  uint64_t undo_seq_ = 1;
  // Ids from these on were created by this transaction.
  NodeId first_new_node_ = 0;
  RelId first_new_rel_ = 0;
  ClaimId first_new_claim_ = 0;
  // Ids from these on were created after the last staged batch, so no key
  // holding them is on disk yet (their undo entries need no read).
  NodeId unstaged_node_ = 0;
  RelId unstaged_rel_ = 0;
  ClaimId unstaged_claim_ = 0;
  // PutRel's checks and derivations before it writes (ends read into the
  // buffers unless pending or memoised; props sorted and coerced; the xid
  // derived when empty).
  Status PrepareRel(Relationship* rel, Node* src_buf, Node* dst_buf) const;
  // The id under an xid key in reads_ (kind 'n', 'r', 'c'); notes keys
  // found absent in absent_xid_keys_ (and says so in *known_absent).
  std::optional<uint64_t> StoredXid(char kind, std::string_view xid,
                                    bool* known_absent = nullptr) const;
  mutable KeySet absent_xid_keys_;
  // Xid kinds ('n', 'r', 'c': bits 0, 1, 2) of which the database held no
  // key when the transaction began (-1: not asked yet). A key of such a
  // kind that staged_xids_ does not hold is absent without a read.
  int AbsentKindsAtStart() const;
  bool NewToStore(std::string_view xid_key) const;
  mutable int absent_kinds_at_start_ = -1;
  // The xid keys of those kinds the staged batches wrote (hashes noted by
  // the staging worker, added when it is joined: reads_ shows a batch from then on).
  KeyFilter staged_xids_;
  void NoteStagedXids(SortedBatch* batch, int kinds, std::vector<uint64_t>* hashes) const;
  // reads_ with its answers kept until the next staged batch (see the .cc).
  std::optional<NodeId> StoredNodeId(std::string_view xid) const;
  Status StoredNode(NodeId id, Node* out) const;
  std::optional<RelId> StoredRelId(std::string_view xid) const;
  Status StoredRel(RelId id, Relationship* out) const;
  void ForgetStoredReads();
  // Drops what the memo says about these records, and every xid it holds
  // as absent (after they were written).
  void ForgetStoredReadsOf(const std::map<NodeId, std::optional<Node>>& nodes,
                           const std::map<RelId, std::optional<Relationship>>& rels);
  mutable StringMap<std::optional<NodeId>> memo_node_ids_;
  mutable std::unordered_map<NodeId, Node> memo_nodes_;
  mutable StringMap<std::optional<RelId>> memo_rel_ids_;
  mutable std::unordered_map<RelId, Relationship> memo_rels_;
  std::unique_ptr<SortedBatch> spill_batch_;  // Spill's, reused
  std::unique_ptr<StagedMerges> merges_;      // while staging to files
  // Keys of staged claims (this txn) rewritten under another target.
  std::vector<std::string> stale_claim_keys_;

  // Pending state: id -> new version (nullopt: deleted).
  std::map<NodeId, std::optional<Node>> pending_nodes_;
  std::map<RelId, std::optional<Relationship>> pending_rels_;
  // Claims are only written, never read back, so they wait encoded (their
  // value as EncodePending writes it) in one buffer: no objects to build
  // and free per claim, half of an import's entities. In put order; a
  // claim put again within the batch is re-encoded in place.
  struct PendingClaim {
    ClaimId id;
    TargetKind kind;
    uint64_t target;
    size_t offset;  // of its value in pending_claim_bytes_
    uint32_t size;
  };
  std::vector<PendingClaim> pending_claims_;
  std::string pending_claim_bytes_;
  void PendClaim(Claim* c, PendingClaim* into);
  Claim PendingClaimAt(const PendingClaim& p) const;
  std::vector<Claim> superseded_claims_;  // replaced by a new version of the same xid
  KeyMap new_node_xids_;                  // xid -> NodeId
  KeyMap new_rel_xids_;                   // xid -> RelId
  KeyMap new_claim_xids_;                 // xid -> index in pending_claims_
  // (end, relationship) for every pending relationship's ends; sorted when
  // RelsOf needs it.
  mutable std::vector<std::pair<NodeId, RelId>> new_rels_by_node_;
  mutable bool rels_by_node_sorted_ = true;
  // The batch being staged on the worker; while active() its maps are
  // read-only: the worker encodes them while this thread reads them.
  struct Staging {
    bool active() const { return worker.joinable(); }
    // Empties it after the worker is joined; keeps the buffers for the next
    // batch (they are swapped with the pending ones).
    void Clear() {
      nodes.clear();
      rels.clear();
      node_xids.clear();
      rel_xids.clear();
      claim_xids.clear();
      rels_by_node.clear();
      claims.clear();
      claim_bytes.clear();
      superseded_claims.clear();
      stale_claim_keys.clear();
      view.reset();
      absent_xid_keys.clear();
      xid_hashes.clear();
    }
    std::map<NodeId, std::optional<Node>> nodes;
    std::map<RelId, std::optional<Relationship>> rels;
    KeyMap node_xids, rel_xids, claim_xids;
    std::vector<std::pair<NodeId, RelId>> rels_by_node;  // sorted
    std::vector<PendingClaim> claims;
    std::string claim_bytes;
    std::vector<Claim> superseded_claims;
    std::vector<std::string> stale_claim_keys;
    std::unique_ptr<ReadView> view;  // the worker's, of the state before the batch
    AbsentHints hints;
    KeySet absent_xid_keys;  // hints.xid_keys
    std::vector<uint64_t> xid_hashes;  // for staged_xids_, noted by the worker
    std::thread worker;
    Status status;  // the worker's, read after it is joined
  };
  Staging staging_;
  std::function<void()> staging_hook_;  // TEST_SetStagingHook
  NodeId next_node_ = 0;
  RelId next_rel_ = 0;
  ClaimId next_claim_ = 0;
  WriteCounts nodes_, rels_, claims_;
  std::vector<std::pair<std::string, std::string>> txn_records_;  // PutTxnRecord
};

}  // namespace actorgraph
