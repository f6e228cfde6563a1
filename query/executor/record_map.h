// RecordMap: records by id: the ones a statement has read (ExecContext's),
// and the ones RecordCache shares between statements.
// Thread-safety: none; its owner serialises access.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/mix_bits.h"

namespace actorgraph::query {

// The records a statement has read, by id: open addressing over one flat
// array (linear probing), so that remembering a record costs no allocation
// of its own. A node-based map allocated, and at the end freed, a node per
// record: with a record read per row (properties of the nodes and
// relationships an expansion reaches) that was a third of the statement.
// Records are never null; a null pointer marks a free slot.
template <typename T>
class RecordMap {
 public:
  const T* Find(uint64_t id) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = Spread(id) & mask_;; i = (i + 1) & mask_) {
      if (!slots_[i].rec) return nullptr;
      if (slots_[i].id == id) return slots_[i].rec.get();
    }
  }
  // Precondition: `id` is not in the map and `rec` is not null.
  void Insert(uint64_t id, std::shared_ptr<const T> rec) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t i = Spread(id) & mask_;
    while (slots_[i].rec)
      i = (i + 1) & mask_;
    slots_[i] = Slot{id, std::move(rec)};
    ++size_;
  }
  void Erase(uint64_t id) {
    if (slots_.empty()) return;
    size_t i = Spread(id) & mask_;
    for (;; i = (i + 1) & mask_) {
      if (!slots_[i].rec) return;
      if (slots_[i].id == id) break;
    }
    slots_[i] = Slot{};
    --size_;
    // Backward shift: move up later entries of the run whose home slot is
    // not between the hole and them, so that no lookup stops at the hole.
    for (size_t j = (i + 1) & mask_; slots_[j].rec; j = (j + 1) & mask_) {
      const size_t home = Spread(slots_[j].id) & mask_;
      if (((j - home) & mask_) >= ((j - i) & mask_)) {
        slots_[i] = std::move(slots_[j]);
        slots_[j] = Slot{};
        i = j;
      }
    }
  }
  void Clear() {
    std::vector<Slot>().swap(slots_);
    size_ = 0;
    mask_ = 0;
  }
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t id = 0;
    std::shared_ptr<const T> rec;
  };
  // Ids are dense: mixed, so that neighbours do not fill one run of slots.
  static size_t Spread(uint64_t id) { return MixBits(id); }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    mask_ = slots_.size() - 1;
    for (Slot& s : old) {
      if (!s.rec) continue;
      size_t i = Spread(s.id) & mask_;
      while (slots_[i].rec)
        i = (i + 1) & mask_;
      slots_[i] = std::move(s);
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0, mask_ = 0;
};

}  // namespace actorgraph::query
