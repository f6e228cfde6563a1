// AdjacencyCache: an in-memory CSR copy of the latest committed adjacency,
// so that traversals (BFS, variable-length walks, full scans) do not pay a
// RocksDB iterator per node.
//
// An AdjacencySnapshot holds, for one transaction, every live relationship
// twice (out- and in-lists per node, each sorted by (type, other node, rel id)
// exactly like the `out` and `in` column families), the type and interval of
// every relationship by id, each node's labels and external id, the nodes
// per label, and per-type counts. It is
// immutable; readers share it through shared_ptr.
//
// The cache (one per database, StoreCore::adj_cache; readers reach it through
// ReadView::CachedAdjacency) builds a snapshot lazily
// from one scan of the `out` family and the `L` label entries of the view
// asking for it, and keys it by that view's transaction: a view of a newer
// transaction drops it and builds a new one; historical views never use it
// (Get returns nullptr and callers fall back to RocksDB). When the graph is
// larger than the memory budget (OpenOptions::adjacency_cache_mb, default
// 4096 MiB) it is not built. Nor is it built when a node id, relationship id or the total length
// of the external ids does not fit in 32 bits: entries hold 32-bit ids so
// that a relationship costs 2 x 20 bytes instead of 2 x 32 (callers then fall
// back to RocksDB, as when over budget). OpenOptions::adjacency_cache turns it
// off, or builds on first use even for light requests (kEager).
//
// Thread-safety: Get is thread-safe (one mutex; a build happens under it).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/interval.h"
#include "common/model.h"
#include "engine/database.h"

namespace actorgraph {

class ReadView;

// 20 bytes, 4-aligned. `other` and `rel` are NodeId / RelId narrowed to 32
// bits (the cache is only built when every id fits); they widen implicitly.
struct CachedEdge {
  uint32_t other = 0;  // NodeId of the other end
  uint32_t rel = 0;    // RelId
  uint32_t type = 0;
  uint32_t from = 0;  // PartialDate::Pack() of the interval's start, 0 when open
  uint32_t to = 0;    // ... of its (exclusive) end, 0 when open
};

ValidInterval CachedInterval(uint32_t from, uint32_t to);

class AdjacencySnapshot {
 public:
  TxnId txn() const { return txn_; }
  // Node ids are below this bound.
  NodeId node_bound() const { return out_off_.empty() ? 1 : out_off_.size() - 1; }
  std::span<const CachedEdge> Out(NodeId n) const { return Range(out_, out_off_, n); }
  std::span<const CachedEdge> In(NodeId n) const { return Range(in_, in_off_, n); }
  // The type (dictionary id) of a live relationship, 0 when unknown.
  uint32_t RelType(RelId r) const {
    return r < rel_at_.size() && rel_at_[r] != kNoRel ? out_[rel_at_[r]].type : 0;
  }
  bool RelInterval(RelId r, ValidInterval* out) const;
  // The labels (names, sorted) of a live node; nullptr when unknown.
  const std::vector<std::string>* NodeLabels(NodeId n) const {
    return n < node_labels_.size() && node_labels_[n] != kNoLabels ? &labelsets_[node_labels_[n]]
                                                                   : nullptr;
  }
  // The external id of a live node; empty when unknown. Valid as long as
  // the snapshot is.
  std::string_view NodeXid(NodeId n) const {
    if (n + 1 >= xid_off_.size()) return {};
    return std::string_view(xid_chars_).substr(xid_off_[n], xid_off_[n + 1] - xid_off_[n]);
  }
  // Live nodes in id order; those carrying a label (dictionary id) exactly.
  const std::vector<NodeId>& nodes() const { return nodes_; }
  std::span<const NodeId> NodesWithLabel(uint32_t label_id) const {
    return label_id < label_nodes_.size() ? std::span<const NodeId>(label_nodes_[label_id])
                                          : std::span<const NodeId>();
  }
  // Live relationships per type id (index = type id).
  const std::vector<uint64_t>& type_counts() const { return type_counts_; }
  uint64_t num_edges() const { return out_.size(); }
  size_t bytes() const { return bytes_; }

 private:
  friend class AdjacencyCache;
  static constexpr uint32_t kNoLabels = UINT32_MAX;
  static constexpr uint32_t kNoRel = UINT32_MAX;
  static std::span<const CachedEdge> Range(const std::vector<CachedEdge>& v,
                                           const std::vector<uint32_t>& off, NodeId n) {
    if (n + 1 >= off.size()) return {};
    return {v.data() + off[n], v.data() + off[n + 1]};
  }
  TxnId txn_ = 0;
  std::vector<uint32_t> out_off_, in_off_;  // size node_bound + 1
  std::vector<CachedEdge> out_, in_;
  // Per relationship id: the index of its entry in out_ (which holds its
  // type and interval), kNoRel when not live. 4 bytes a relationship instead
  // of a copy of type and interval (12).
  std::vector<uint32_t> rel_at_;
  std::vector<uint32_t> node_labels_;  // index into labelsets_
  std::vector<std::vector<std::string>> labelsets_;
  std::vector<NodeId> nodes_;
  // External ids, concatenated in node id order: node n's is
  // xid_chars_[xid_off_[n], xid_off_[n + 1]) (one buffer instead of a
  // std::string per node).
  std::string xid_chars_;
  std::vector<uint32_t> xid_off_;  // size node_bound + 1
  std::vector<std::vector<NodeId>> label_nodes_;
  std::vector<uint64_t> type_counts_;
  size_t bytes_ = 0;
};

class AdjacencyCache {
 public:
  // `budget_bytes`: a graph whose snapshot would be larger is not cached.
  // `light_requests_before_build`: see OpenOptions::adjacency_light_requests.
  AdjacencyCache(AdjacencyCacheMode mode, size_t budget_bytes,
                 uint64_t light_requests_before_build = 4096);
  // The snapshot for `view`'s transaction, building it when needed; nullptr
  // when the view is historical, the cache is off or over budget, or (for a
  // light request) the current transaction has not yet asked often enough to
  // be worth a build. `heavy`: the caller is about to touch much of the graph.
  std::shared_ptr<const AdjacencySnapshot> Get(const ReadView& view, bool heavy = true);
  // The snapshot if one is built for `view`'s transaction; never builds.
  std::shared_ptr<const AdjacencySnapshot> Peek(const ReadView& view) const;
  // Drops the snapshot and the request counts (the next Get starts over).
  void Clear();
  uint64_t builds() const { return builds_; }

 private:
  std::shared_ptr<const AdjacencySnapshot> Build(const ReadView& view);
  mutable std::mutex mu_;
  std::shared_ptr<const AdjacencySnapshot> current_;
  TxnId light_txn_ = 0;  // the transaction light requests were counted for
  uint64_t light_requests_ = 0;
  TxnId too_big_txn_ = 0;  // over budget at this transaction: do not retry
  const size_t budget_;
  const bool enabled_;
  const bool eager_;
  const uint64_t light_requests_before_build_;
  std::atomic<uint64_t> builds_{0};
};

}  // namespace actorgraph
