// KeySet: an exact set of short byte strings (xid keys), for WriteTxn's
// record of xid keys found absent. An import inserts one key per new entity
// and looks each up again when it stages them: a std::unordered_set of
// strings cost two allocations per key and a few cache misses per look-up
// (9-11 % of an import's CPU). Here the keys live in one arena and an
// open-addressing table of (hash tag, offset) slots points into it.
//
// Named as std::unordered_set's methods.
//
// Thread-safety: none (one WriteTxn's thread).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace actorgraph {

class KeySet {
 public:
  size_t size() const { return size_; }
  size_t count(std::string_view key) const {
    if (size_ == 0) return 0;
    const uint64_t h = Hash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const uint64_t s = slots_[i];
      if (s == 0) return 0;
      if ((s >> 32) == (h >> 32) && At(static_cast<uint32_t>(s) - 1) == key) return 1;
    }
  }
  // Adds `key` unless present. A key longer than 65535 bytes is not kept
  // (its length would not fit): count() then says 0, which for a record of
  // absent keys only costs a read.
  void insert(std::string_view key) {
    if (key.size() > UINT16_MAX) return;
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Hash(key);
    size_t i = h & mask_;
    for (;; i = (i + 1) & mask_) {
      const uint64_t s = slots_[i];
      if (s == 0) break;
      if ((s >> 32) == (h >> 32) && At(static_cast<uint32_t>(s) - 1) == key) return;
    }
    const uint64_t offset = arena_.size();
    const uint16_t n = static_cast<uint16_t>(key.size());
    arena_.append(reinterpret_cast<const char*>(&n), sizeof n);
    arena_.append(key.data(), n);
    slots_[i] = (h & 0xffffffff00000000ull) | (offset + 1);
    ++size_;
  }
  // Empties the set; keeps its memory for the next keys.
  void clear() {
    if (size_ == 0) return;
    std::fill(slots_.begin(), slots_.end(), 0);
    arena_.clear();
    size_ = 0;
  }

 private:
  // A used slot is never 0: its offset is 1-based (the arena stays far
  // below 4 GiB: WriteTxn bounds the keys it keeps).
  static uint64_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  std::string_view At(uint32_t offset) const {
    uint16_t n;
    std::memcpy(&n, arena_.data() + offset, sizeof n);
    return std::string_view(arena_.data() + offset + sizeof n, n);
  }
  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    mask_ = slots_.size() - 1;
    for (uint64_t s : old) {
      if (s == 0) continue;
      size_t i = Hash(At(static_cast<uint32_t>(s) - 1)) & mask_;
      while (slots_[i] != 0)
        i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<uint64_t> slots_;  // hash's high half << 32 | (arena offset + 1); 0 empty
  size_t mask_ = 0;
  size_t size_ = 0;
  std::string arena_;  // keys, each after its 16-bit length
};

}  // namespace actorgraph
