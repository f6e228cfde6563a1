// What the traversal operators share (ops_traverse.cc: Expand, VarExpand;
// ops_shortest_path.cc: ShortestPath, ShortestPathsFrom): the adjacency
// snapshot an operator holds, a node's relationships from the snapshot or
// RocksDB corrected for the statement's own writes, and whether a step may
// use a relationship. Internal to the executor.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/adjacency_cache.h"
#include "query/executor/edge_source.h"
#include "query/executor/operators.h"

namespace actorgraph::query {

// The in-memory adjacency of the latest transaction, when the cache has (or,
// for heavy use, builds) one for this view; nullptr: read RocksDB.
inline std::shared_ptr<const AdjacencySnapshot> AdjSnapshot(ExecContext& ctx, bool heavy) {
  return ctx.view().CachedAdjacency(heavy);
}

// Holds an operator's snapshot: asks lightly at Open, and heavily once the
// operator has expanded many nodes (`uses_before_heavy` calls of Use), or
// when it says it is about to touch much of the graph (Heavy).
class SnapHolder {
 public:
  explicit SnapHolder(uint32_t uses_before_heavy = 64) : uses_before_heavy_(uses_before_heavy) {}
  void Reset(ExecContext& ctx) {
    // Opened again in the same statement (under an Apply, or as a pattern
    // predicate: once per outer row): the snapshot found is still the view's,
    // and asking again would take the cache's lock for every row.
    // By id, not address: a cached plan's next run may get a new context at
    // the old one's address (query/plan_cache.h).
    if (snap_ && ctx_id_ == ctx.id()) return;
    ctx_id_ = ctx.id();
    snap_ = AdjSnapshot(ctx, false);
    uses_ = 0;
    tried_heavy_ = snap_ != nullptr;
  }
  const AdjacencySnapshot* Use(ExecContext& ctx) {
    if (!tried_heavy_ && ++uses_ >= uses_before_heavy_) return Heavy(ctx);
    return snap_.get();
  }
  const AdjacencySnapshot* Heavy(ExecContext& ctx) {
    if (!tried_heavy_) {
      tried_heavy_ = true;
      snap_ = AdjSnapshot(ctx, true);
    }
    return snap_.get();
  }
  const AdjacencySnapshot* get() const { return snap_.get(); }

 private:
  std::shared_ptr<const AdjacencySnapshot> snap_;
  uint32_t uses_before_heavy_;
  uint64_t ctx_id_ = 0;  // ExecContext::id(); a context reads one view
  uint32_t uses_ = 0;
  bool tried_heavy_ = false;
};

// Node expansions after which a shortest-path search asks for the adjacency
// cache: some tens of ms of reads from RocksDB, against seconds to build the
// cache of a large graph for a search that touches a few nodes of it. The
// cache gives the store's entries in the store's order, so a search that
// switches midway finds the same paths.
inline constexpr uint32_t kSearchStepsBeforeCache = 4096;

// Calls fn(const AdjEntry&) for the relationships of `node`, in the order an
// AdjacencyCursor gives them, from the snapshot or from RocksDB. fn returns
// false to stop. `types` sorted and unique; empty means every type.
template <typename Fn>
Status ForEachStoredAdj(ExecContext& ctx, const AdjacencySnapshot* snap, NodeId node, Direction dir,
                        const std::vector<uint32_t>& types, Fn&& fn) {
  if (snap) {
    AdjEntry e;
    e.self = node;
    auto pass = [&](std::span<const CachedEdge> s, Direction d) -> bool {
      e.dir = d;
      auto emit = [&](size_t b, size_t end) -> bool {
        for (size_t i = b; i < end; ++i) {
          const CachedEdge& c = s[i];
          e.rel = c.rel;
          e.other = c.other;
          e.type_id = c.type;
          e.valid = CachedInterval(c.from, c.to);
          if (!fn(static_cast<const AdjEntry&>(e))) return false;
        }
        return true;
      };
      if (types.empty()) return emit(0, s.size());
      for (uint32_t t : types) {
        size_t lo = 0, hi = s.size();
        while (lo < hi) {  // first edge of type >= t
          const size_t mid = (lo + hi) / 2;
          if (s[mid].type < t)
            lo = mid + 1;
          else
            hi = mid;
        }
        size_t end = lo;
        while (end < s.size() && s[end].type == t)
          ++end;
        if (!emit(lo, end)) return false;
      }
      return true;
    };
    if (dir != Direction::kIn && !pass(snap->Out(node), Direction::kOut)) return Status::OK();
    if (dir != Direction::kOut) pass(snap->In(node), Direction::kIn);
    return Status::OK();
  }
  auto cur = ctx.view().AdjacencyById(node, dir, types);
  for (; cur->Valid(); cur->Next())
    if (!fn(cur->entry())) break;
  return cur->status();
}

// ForEachStoredAdj corrected for the statement's own writes: relationships
// it deleted are skipped, those it created come after the stored ones.
template <typename Fn>
Status ForEachAdj(ExecContext& ctx, const AdjacencySnapshot* snap, NodeId node, Direction dir,
                  const std::vector<uint32_t>& types, Fn&& fn) {
  if (!ctx.HasOwnWrites()) return ForEachStoredAdj(ctx, snap, node, dir, types, fn);
  const StatementWrites& writes = ctx.writes();
  bool stopped = false;
  AG_RETURN_IF_ERROR(ForEachStoredAdj(ctx, snap, node, dir, types, [&](const AdjEntry& e) {
    if (writes.RelDeletedVisibly(e.rel)) return true;
    stopped = !fn(e);
    return !stopped;
  }));
  if (stopped) return Status::OK();
  std::vector<AdjEntry> created;
  writes.CreatedRelsAt(node, dir, types, &created);
  for (const AdjEntry& e : created)
    if (!fn(e)) break;
  return Status::OK();
}

// The ids of relationship types `types` (sorted, unique); *none is set when
// types were named but none exists (nothing can match).
std::vector<uint32_t> TypeIds(const ReadView& view, const std::vector<std::string>& types,
                              bool* none);

// Is this relationship usable here: not already used in the match, and
// passing the query's temporal and grade filters and inline properties?
Result<bool> RelUsable(ExecContext& ctx, Row& row, const AdjEntry& e, const ExpandSpec& spec,
                       const std::vector<std::pair<std::string, ExprFn>>& props,
                       const std::vector<RelId>* path_rels);

// May a traversal step over `e` to its other end: the relationship is usable
// (RelUsable) and, under a time window, the node it reaches exists then.
Result<bool> StepUsable(ExecContext& ctx, Row& row, const AdjEntry& e, const ExpandSpec& spec,
                        const std::vector<std::pair<std::string, ExprFn>>& props,
                        const std::vector<RelId>* path_rels);

}  // namespace actorgraph::query
