// NodeArrayPool: all-zero arrays of 32-bit entries over node ids (an
// aggregation grouped by node keeps each node's group in one), kept between
// statements so that the next grouping of the same size does not pay for
// fresh pages again.
//
// Why: an array over the adjacency snapshot's node ids is 10 MB at 2.5M
// nodes. It is mapped (zero pages on first touch), and a statement grouping a
// few thousand rows by node touches most of its pages at random: two page
// faults each (read, then write), about a fifth of such a statement's time.
// The statement zeroes the entries it wrote before giving the array back
// (Give's precondition), so the next one finds it zero and already resident.
//
// Bounds: at most kMaxIdle idle arrays and `max_resident_bytes` of their
// pages estimated resident; an array given back beyond either is freed.
// Arrays are taken and given whole: one statement uses one at a time.
//
// Thread-safety: every method is thread-safe (one mutex, held briefly; an
// array is freed outside it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace actorgraph::query {

// One array: mapped (munmap) or allocated (free). Owns `p` when not null.
struct NodeArray {
  uint32_t* p = nullptr;
  size_t bytes = 0;
  bool mapped = false;
  size_t resident = 0;  // bytes of it estimated in memory
  // Frees the memory (nothing when p is null).
  void Free();
};

class NodeArrayPool {
 public:
  static constexpr size_t kMaxIdle = 4;

  explicit NodeArrayPool(size_t max_resident_bytes) : max_resident_(max_resident_bytes) {}
  ~NodeArrayPool();
  NodeArrayPool(const NodeArrayPool&) = delete;
  NodeArrayPool& operator=(const NodeArrayPool&) = delete;

  // An idle array of exactly `bytes`, every entry zero; p null when none.
  NodeArray Take(size_t bytes);
  // Precondition: every entry of `a` is zero. Keeps it for a later Take, or
  // frees it when the bounds would not hold.
  void Give(NodeArray a);

  // Changes the resident bound (0: keep nothing); frees what no longer fits.
  void SetLimit(size_t max_resident_bytes);

  // Idle arrays and their estimated resident bytes.
  size_t idle() const;
  size_t resident_bytes() const;

 private:
  mutable std::mutex mu_;
  size_t max_resident_;
  size_t resident_ = 0;
  std::vector<NodeArray> idle_;
};

}  // namespace actorgraph::query
