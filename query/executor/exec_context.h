// ExecContext: what operators and expressions share while one statement
// runs: the snapshot, the write transaction (for writing statements), the
// parameters, the temporal and provenance filters, limits, and caches.
//
// Ownership: created by the QueryEngine for one statement; borrows the view,
// the transaction, the ontology and the procedure registry.
// Thread-safety: one thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/adjacency_cache.h"
#include "engine/ontology.h"
#include "engine/read_view.h"
#include "engine/write_txn.h"
#include "query/executor/node_array_pool.h"
#include "query/executor/record_cache.h"
#include "query/executor/record_map.h"
#include "query/executor/statement_writes.h"
#include "query/procedure.h"

namespace actorgraph::query {

// Bytes a value takes, roughly: its own size plus what it points to (what
// the memory budget counts).
uint64_t EstimateBytes(const Value& v);

class ExecContext {
 public:
  ExecContext(const ReadView* view, WriteTxn* txn, const Ontology* ontology,
              const ProcedureRegistry* procedures, const std::map<std::string, Value>* params)
      : view_(view), txn_(txn), ontology_(ontology), procedures_(procedures), params_(params) {}

  const ReadView& view() const { return *view_; }
  // Unique for the process's life, unlike the context's address: operators of
  // a cached plan (query/plan_cache.h) run under many contexts in turn and
  // tell them apart by it.
  uint64_t id() const { return id_; }
  WriteTxn* txn() const { return txn_; }
  const Ontology& ontology() const { return *ontology_; }
  // True when `n.id` may be read from the adjacency snapshot: a read-only
  // statement, `id` the built-in field and no ontology property of that
  // name. The ontology does not change while its database is open, so this
  // is decided once per statement.
  bool NodeIdFromSnapshot() {
    if (node_id_from_snapshot_ < 0)
      node_id_from_snapshot_ =
          !txn_ && ontology_->IsBuiltinField("id") && !ontology_->IsKnownPropertyName("id");
    return node_id_from_snapshot_ > 0;
  }
  const ProcedureRegistry& procedures() const { return *procedures_; }
  const Value* Param(const std::string& name) const;

  TemporalFilter& filter() { return filter_; }
  const TemporalFilter& filter() const { return filter_; }
  bool has_temporal_filter() const {
    return filter_.valid_at || filter_.has_period || filter_.min_grade;
  }

  // Entity access that sees this statement's own writes. The returned
  // pointer stays valid until the next write to that entity.
  Result<const Node*> GetNode(NodeId id);
  Result<const Relationship*> GetRel(RelId id);
  void Invalidate(NodeId node);  // after a write
  void InvalidateRel(RelId rel);
  // What this statement wrote so far, for its scans (statement_writes.h).
  // Scans consult it only when txn() is set.
  StatementWrites& writes() { return writes_; }
  const StatementWrites& writes() const { return writes_; }
  // True when reads must correct the snapshot for the statement's writes.
  bool HasOwnWrites() const { return txn_ && !writes_.empty(); }
  // Records of the latest transaction shared with other read-only statements
  // (borrowed; must outlive this context). Only for a read-only statement on
  // a view of the latest state: the caller decides. The context pins the
  // generation of its view's transaction at its first record read and holds
  // it (and so every record it returned) until it is destroyed.
  void set_shared_records(RecordCache* c) { shared_records_ = c; }
  // Node-id arrays kept between statements (borrowed; must outlive this
  // context), or nullptr: each statement maps its own.
  void set_node_arrays(NodeArrayPool* p) { node_arrays_ = p; }
  NodeArrayPool* node_arrays() const { return node_arrays_; }

  // The adjacency cache's snapshot of this statement's view
  // (AdjacencyCache::Get; nullptr when there is none), remembered once found:
  // a statement reads one transaction throughout, so later calls skip the
  // cache's lock.
  std::shared_ptr<const AdjacencySnapshot> Adjacency(bool heavy);
  // The same without sharing ownership (per-row callers): valid while this
  // context lives.
  const AdjacencySnapshot* AdjacencyPtr(bool heavy) {
    if (!adjacency_) Adjacency(heavy);
    return adjacency_.get();
  }

  // The name of a relationship type or label (dictionary id), remembered for
  // the statement (an id never changes its name): type(r) per row skips the
  // dictionary's lock.
  const std::string& DictionaryName(uint32_t id);

  // What an expansion knew of a relationship it produced: the adjacency
  // entry's type and interval, equal to the record's at this view.
  // valid_from(r), valid_to(r) and type(r) read them here instead of looking
  // the relationship up by id again. Only in a read-only statement, where
  // nothing changes a relationship while it runs; a writing statement notes
  // and finds nothing.
  struct NotedRel {
    RelId rel = ~RelId{0};
    uint32_t type_id = 0;
    ValidInterval valid;
  };
  void NoteRel(const AdjEntry& e) {
    if (txn_) return;
    NotedRel& n = noted_rels_[e.rel % kNotedRels];
    n.rel = e.rel;
    n.type_id = e.type_id;
    n.valid = e.valid;
  }
  // The facts noted for `rel`, or nullptr (not among the last few noted).
  const NotedRel* FindNotedRel(RelId rel) const {
    const NotedRel& n = noted_rels_[rel % kNotedRels];
    return n.rel == rel && !txn_ ? &n : nullptr;
  }

  // Temporal and provenance filters of the query (true when no filter).
  // The grade filter applies to relationships and to properties with claims,
  // never to nodes themselves.
  Result<bool> NodePasses(NodeId id);
  Result<bool> RelPasses(RelId id, const ValidInterval& valid);
  bool IntervalPasses(const ValidInterval& valid) const;
  // Under WITH MIN GRADE: false when claims speak of the property and none
  // asserting it is graded well enough.
  Result<bool> PropertyPasses(TargetKind kind, uint64_t id, const std::string& key);
  // What the filters did that a reader should know (empty when nothing):
  // how many undated relationships FOR VALID_TIME AS OF kept.
  std::string Notices() const;

  // Time limit and cancellation. Check() is cheap; call it per row.
  void set_deadline(std::chrono::steady_clock::time_point d) {
    deadline_ = d;
    has_deadline_ = true;
  }
  void set_cancel(const std::atomic<bool>* c) { cancel_ = c; }
  Status Check();
  bool ShouldStop();

  // Memory budget for rows an operator holds (sorts, groups, distinct
  // keys): Charge counts an estimate of `values`' bytes and fails with a
  // limit error once the total passes the budget (0: none).
  void set_memory_limit(uint64_t bytes) { memory_limit_ = bytes; }
  bool has_memory_limit() const { return memory_limit_ != 0; }
  uint64_t memory_limit() const { return memory_limit_; }  // 0: none
  Status Charge(const std::vector<Value>& values);
  // What Charge(values) counts (0 without a budget), for a later Release.
  uint64_t ChargeSize(const std::vector<Value>& values) const;
  // Counts `bytes` an operator's own structures grew by (aggregation
  // states, DISTINCT sets, collect() lists) the same way.
  Status ChargeBytes(uint64_t bytes);
  // For memory an operator can do without (a faster path): counts `bytes`
  // and returns true when they fit in what is left; otherwise counts
  // nothing and returns false.
  bool TryCharge(uint64_t bytes);
  // Gives back `bytes` an operator counted and no longer holds (a row a
  // top-k heap drops): at most what was counted.
  void Release(uint64_t bytes) { memory_used_ -= std::min(memory_used_, bytes); }

  // The statement's clock (nanoseconds since the epoch): every datetime()
  // and friends in one statement see the same instant, as openCypher says.
  int64_t StatementNow() {
    if (!now_)
      now_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
    return *now_;
  }

 private:
  Result<bool> HasGradedAssertion(TargetKind kind, uint64_t id);
  // The shared generation this statement reads through (pinned on the first
  // call), or nullptr.
  RecordGeneration* SharedRecords();

  static uint64_t NextId();

  const uint64_t id_ = NextId();
  const ReadView* view_;
  WriteTxn* txn_;
  const Ontology* ontology_;
  const ProcedureRegistry* procedures_;
  const std::map<std::string, Value>* params_;
  TemporalFilter filter_;
  RecordMap<Node> nodes_;
  RecordMap<Relationship> rels_;
  RecordCache* shared_records_ = nullptr;         // not pinned yet
  std::shared_ptr<RecordGeneration> shared_gen_;  // pinned; null: none or off
  NodeArrayPool* node_arrays_ = nullptr;
  int node_id_from_snapshot_ = -1;  // NodeIdFromSnapshot: -1 not decided yet
  std::shared_ptr<const AdjacencySnapshot> adjacency_;
  std::vector<std::string> names_;  // by dictionary id; empty: not looked up yet
  std::vector<bool> named_;
  // Direct-mapped by id: a pattern's few relationships rarely collide.
  static constexpr size_t kNotedRels = 4;
  NotedRel noted_rels_[kNotedRels];
  std::unordered_map<uint64_t, bool> graded_;  // (kind<<62 | id) -> passes min grade
  std::unordered_set<RelId> undated_rels_;     // kept by FOR VALID_TIME AS OF without dates
  bool has_deadline_ = false;
  std::chrono::steady_clock::time_point deadline_;
  const std::atomic<bool>* cancel_ = nullptr;
  uint32_t tick_ = 0;
  uint64_t memory_limit_ = 0, memory_used_ = 0;
  std::optional<int64_t> now_;
  StatementWrites writes_;
};

}  // namespace actorgraph::query
