// PlanCache: read-only statements seen before, kept parsed, bound and
// planned, so that a repeated text skips parse, bind and plan (about 20 µs,
// which is most of a sub-millisecond query).
//
// What a plan depends on, and so what an entry is checked against:
// - the text and the row limit the caller set (wrapped into the plan): the key;
// - the ontology: immutable while its Database is open (engine/ontology.h),
//   and a QueryEngine, with its cache, serves one Database for its life;
// - the procedure registry (CALL plans hold its procedures): an entry keeps
//   the registry's version() it was planned at, and Checkout drops it once
//   the registry changed.
// Nothing else: the binder and planner read no data, no dictionary and no
// parameter (parameters are read per run, and so are the label and type ids
// operators look up at Open; a label created after planning is found).
//
// Exclusive use: a plan carries its operators' per-run state, so one run at a
// time uses it. Checkout takes an idle plan out of the cache (the caller then
// owns it alone); Return puts it back after the run. A second caller of the
// same text meanwhile finds none idle and plans its own; both may go back
// (at most kMaxIdlePerText per text). Operators reset their state at Open
// (operator.h), which every run calls first.
//
// Bounds: at most max_plans idle plans and max_bytes of them (an estimate
// from the text, the binder's tables and the operator count); the least
// recently returned text goes first. Runs that kept their plan busy longer
// than max_cached_run (2 ms by default) are not returned (the caller asks
// ReturnsRunOf): their operators may hold large buffers until the next Open,
// and planning is a small part of their cost anyway. An idle plan
// may hold the adjacency snapshot of the transaction it last ran on, so
// Return drops idle plans that ran on an older transaction than the newest
// seen: the cache never keeps an old snapshot alive.
//
// Thread-safety: every member is thread-safe (one mutex, held briefly; plans
// are destroyed outside it).
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/model.h"
#include "query/binder/bound_statement.h"
#include "query/parser/ast.h"
#include "query/planner/planner.h"

namespace actorgraph::query {

// One statement, parsed, bound and planned. The statement and the bound
// statement live as long as the plan (the plan's closures may point into
// them), and `text` is what both were made from.
struct CachedPlan {
  std::string text;
  uint64_t row_limit = 0;
  uint64_t procedures_version = 0;
  std::unique_ptr<Statement> statement;
  std::unique_ptr<BoundStatement> bound;
  Plan plan;
  size_t bytes = 0;  // estimated, set by PlanCache::Return
  // The transaction of the view the last run read; kNoSnapshot when that
  // view was historical (such views get no adjacency snapshot).
  TxnId ran_at = 0;
  static constexpr TxnId kNoSnapshot = ~TxnId{0};
};

class PlanCache {
 public:
  static constexpr size_t kMaxIdlePerText = 4;

  PlanCache(size_t max_plans, size_t max_bytes) : max_plans_(max_plans), max_bytes_(max_bytes) {}
  ~PlanCache();

  // An idle plan of `text` with `row_limit`, planned at `procedures_version`;
  // nullptr when there is none (the caller plans one). Counts a hit or a miss.
  std::unique_ptr<CachedPlan> Checkout(std::string_view text, uint64_t row_limit,
                                       uint64_t procedures_version);
  // Puts a plan back after its run (or keeps it for the first time). Drops it
  // when the cache is disabled or it does not fit.
  void Return(std::unique_ptr<CachedPlan> plan);

  // Changes the bounds (0 plans: no caching); drops what no longer fits.
  void SetLimits(size_t max_plans, size_t max_bytes);
  // Whether a plan that was busy for `busy` in its run should be returned.
  // Tests that count hits raise the limit: under a sanitizer on a loaded
  // machine a small run can take longer than the default.
  bool ReturnsRunOf(std::chrono::steady_clock::duration busy) const;
  void SetMaxCachedRun(std::chrono::steady_clock::duration limit);
  static constexpr std::chrono::steady_clock::duration kDefaultMaxCachedRun =
      std::chrono::milliseconds(2);
  bool enabled() const;
  void Clear();

  struct Stats {
    uint64_t hits = 0, misses = 0;
    size_t plans = 0;  // idle plans held
    size_t bytes = 0;
  };
  Stats stats() const;

 private:
  struct Slot {
    std::vector<std::unique_ptr<CachedPlan>> idle;
    std::list<std::string>::iterator lru;  // in lru_
  };
  static std::string Key(std::string_view text, uint64_t row_limit);
  // Moves plans out until the bounds hold (into *drop, destroyed unlocked).
  void EvictLocked(std::vector<std::unique_ptr<CachedPlan>>* drop);
  void EraseSlotLocked(std::unordered_map<std::string, Slot>::iterator it);

  mutable std::mutex mu_;
  size_t max_plans_, max_bytes_;
  std::chrono::steady_clock::duration max_cached_run_ = kDefaultMaxCachedRun;
  std::unordered_map<std::string, Slot> slots_;
  std::list<std::string> lru_;  // keys, most recently returned first
  size_t plans_ = 0, bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0;
  TxnId newest_txn_ = 0;  // the newest transaction a returned plan ran on
};

// The estimated bytes a cached plan takes.
size_t EstimatePlanBytes(const CachedPlan& p);

}  // namespace actorgraph::query
