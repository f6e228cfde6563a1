// KeySet: an exact set of short byte strings (xid keys), for WriteTxn's
// record of xid keys found absent. An import inserts one key per new entity
// and looks each up again when it stages them: a std::unordered_set of
// strings cost two allocations per key and a few cache misses per look-up
// (9-11 % of an import's CPU). Here the keys live in one arena and an
// open-addressing table of (hash tag, offset) slots points into it.
//
// Named as std::unordered_set's methods.
//
// KeyMap: the same for a map of byte strings to 64-bit values (WriteTxn's
// xids of pending entities): one arena and a slot table, so that the
// pending state of a batch costs no allocation per entity and is dropped in
// one go when the batch is staged (freeing ~10 small blocks per entity of
// std::unordered_map<std::string, …> cost a tenth of an import's CPU).
//
// Thread-safety: none (one WriteTxn's thread).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
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

class KeyMap {
 public:
  // Keys mapped (erased ones not counted).
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The value of `key`, or nullopt when absent or erased.
  std::optional<uint64_t> find(std::string_view key) const {
    if (used_ == 0) return std::nullopt;
    const size_t at = Probe(key, Hash(key));
    if (slots_[at].at == 0 || !Live(slots_[at].at - 1)) return std::nullopt;
    uint64_t v;
    std::memcpy(&v, arena_.data() + ValueAt(slots_[at].at - 1), sizeof v);
    return v;
  }
  size_t count(std::string_view key) const { return find(key) ? 1 : 0; }
  // Maps `key` to `value` (inserted, overwritten or revived).
  void assign(std::string_view key, uint64_t value) {
    if ((used_ + 1) * 2 > slots_.size()) Grow();
    const uint64_t h = Hash(key);
    const size_t at = Probe(key, h);
    if (slots_[at].at != 0) {
      const size_t offset = slots_[at].at - 1;
      if (!Live(offset)) ++size_;
      arena_[offset + sizeof(uint32_t)] = 1;
      std::memcpy(arena_.data() + ValueAt(offset), &value, sizeof value);
      return;
    }
    const size_t offset = arena_.size();
    const uint32_t n = static_cast<uint32_t>(key.size());
    arena_.append(reinterpret_cast<const char*>(&n), sizeof n);
    arena_.push_back(1);  // live
    arena_.append(key.data(), key.size());
    arena_.append(reinterpret_cast<const char*>(&value), sizeof value);
    slots_[at] = {h, offset + 1};
    ++size_;
    ++used_;
  }
  // Removes `key` (its slot stays, marked erased, until clear()).
  void erase(std::string_view key) {
    if (used_ == 0) return;
    const size_t at = Probe(key, Hash(key));
    if (slots_[at].at == 0 || !Live(slots_[at].at - 1)) return;
    arena_[slots_[at].at - 1 + sizeof(uint32_t)] = 0;
    --size_;
  }
  // Empties the map; keeps its memory for the next keys.
  void clear() {
    if (used_ == 0) return;
    std::fill(slots_.begin(), slots_.end(), Slot{});
    arena_.clear();
    size_ = used_ = 0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint64_t at = 0;  // arena offset + 1; 0: empty
  };
  static uint64_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  // Entry at `offset`: uint32 size · byte live · key · uint64 value.
  std::string_view KeyAt(size_t offset) const {
    uint32_t n;
    std::memcpy(&n, arena_.data() + offset, sizeof n);
    return std::string_view(arena_.data() + offset + sizeof n + 1, n);
  }
  bool Live(size_t offset) const { return arena_[offset + sizeof(uint32_t)] != 0; }
  // Where the (unaligned) value of the entry at `offset` is.
  size_t ValueAt(size_t offset) const {
    uint32_t n;
    std::memcpy(&n, arena_.data() + offset, sizeof n);
    return offset + sizeof n + 1 + n;
  }
  // The slot holding `key`, or the empty slot where it would go.
  size_t Probe(std::string_view key, uint64_t h) const {
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.at == 0 || (s.hash == h && KeyAt(s.at - 1) == key)) return i;
    }
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.at == 0) continue;
      size_t i = s.hash & mask_;
      while (slots_[i].at != 0)
        i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;  // live keys
  size_t used_ = 0;  // slots taken (live or erased)
  std::string arena_;
};

}  // namespace actorgraph
