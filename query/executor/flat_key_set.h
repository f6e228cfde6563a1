// FlatKeySet: the keys DISTINCT has seen (a few slots of each row), in one
// flat array of values and an open-addressing table of indexes, so that a
// row costs no allocation of its own: the values of a new key are copied
// into the array (which grows by doubling), a seen key costs a probe.
// std::unordered_set<std::vector<Value>> allocated a vector and a node per
// key, and built the vector for every row, new or not.
//
// `Hash` and `Eq` hash and compare one Value; equal values must hash alike.
// Thread-safety: a value type, one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/mix_bits.h"
#include "common/value.h"
#include "query/executor/row.h"

namespace actorgraph::query {

template <typename Hash, typename Eq>
class FlatKeySet {
 public:
  // Keys of `slots.size()` values; the slots are read from each row.
  explicit FlatKeySet(std::vector<SlotId> slots) : slots_(std::move(slots)) {}

  // True when the row's key was not seen before; it is then kept.
  bool Insert(const Row& row) {
    const size_t w = slots_.size();
    size_t h = w;
    for (SlotId s : slots_)
      h = h * 1000003u ^ Hash()(row[s]);
    if ((count_ + 1) * 2 > table_.size()) Grow();
    const size_t mask = table_.size() - 1;
    // The hash's high bits pick the bucket; std::hash of an integer is the
    // integer itself, so the low bits alone would cluster.
    for (size_t i = MixBits(h) & mask;; i = (i + 1) & mask) {
      const uint32_t at = table_[i];
      if (at == kFree) {
        table_[i] = static_cast<uint32_t>(count_);
        hashes_.push_back(h);
        for (SlotId s : slots_)
          keys_.push_back(row[s]);
        ++count_;
        return true;
      }
      if (hashes_[at] == h && Same(at, row)) return false;
    }
  }
  void Clear() {
    keys_.clear();
    hashes_.clear();
    table_.clear();
    count_ = 0;
  }
  size_t size() const { return count_; }

 private:
  static constexpr uint32_t kFree = UINT32_MAX;
  bool Same(uint32_t at, const Row& row) const {
    const Value* k = keys_.data() + size_t{at} * slots_.size();
    for (size_t j = 0; j < slots_.size(); ++j)
      if (!Eq()(k[j], row[slots_[j]])) return false;
    return true;
  }
  void Grow() {
    std::vector<uint32_t> t(table_.empty() ? 64 : table_.size() * 2, kFree);
    const size_t mask = t.size() - 1;
    for (size_t at = 0; at < count_; ++at) {
      size_t i = MixBits(hashes_[at]) & mask;
      while (t[i] != kFree)
        i = (i + 1) & mask;
      t[i] = static_cast<uint32_t>(at);
    }
    table_.swap(t);
  }

  std::vector<SlotId> slots_;
  std::vector<Value> keys_;      // count_ * slots_.size(): key k at k * width
  std::vector<size_t> hashes_;   // per key
  std::vector<uint32_t> table_;  // key indexes; a power of two, at most half full
  size_t count_ = 0;
};

}  // namespace actorgraph::query
