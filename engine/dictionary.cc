#include "engine/dictionary.h"

#include <cstdio>
#include <cstdlib>
#include <functional>

namespace actorgraph {

// An open-addressing table of ids, probed linearly. A slot holds the upper 32
// bits of the name's hash and its id (0: empty; id 0 is never used), so a
// probe compares names only on a likely match.
struct Dictionary::Table {
  explicit Table(size_t capacity) : mask(capacity - 1), slots(new std::atomic<uint64_t>[capacity]) {
    for (size_t i = 0; i < capacity; ++i)
      slots[i].store(0, std::memory_order_relaxed);
  }
  size_t capacity() const { return mask + 1; }
  const size_t mask;
  const std::unique_ptr<std::atomic<uint64_t>[]> slots;
};

namespace {
constexpr size_t kFirstCapacity = 64;
constexpr uint32_t kBlockSize = uint32_t{1} << Dictionary::kBlockBits;

uint64_t HashOf(std::string_view name) {
  return std::hash<std::string_view>{}(name);
}
uint64_t SlotOf(uint64_t hash, uint32_t id) {
  return (hash >> 32) << 32 | id;
}
uint32_t IdOf(uint64_t slot) {
  return static_cast<uint32_t>(slot);
}
}  // namespace

Dictionary::Dictionary() {
  tables_.push_back(std::make_unique<Table>(kFirstCapacity));
  table_.store(tables_.back().get(), std::memory_order_release);
}

Dictionary::~Dictionary() = default;

size_t Dictionary::Probe(const Table& t, uint64_t hash, std::string_view name) const {
  const uint64_t tag = hash >> 32;
  for (size_t i = hash & t.mask;; i = (i + 1) & t.mask) {
    const uint64_t s = t.slots[i].load(std::memory_order_acquire);
    if (s == 0 || ((s >> 32) == tag && Name(IdOf(s)) == name)) return i;
  }
}

uint32_t Dictionary::Find(uint64_t hash, std::string_view name) const {
  const Table& t = *CurrentTable();
  return IdOf(t.slots[Probe(t, hash, name)].load(std::memory_order_acquire));
}

std::optional<uint32_t> Dictionary::Lookup(std::string_view name) const {
  if (const uint32_t id = Find(HashOf(name), name)) return id;
  return std::nullopt;
}

const std::string& Dictionary::Name(uint32_t id) const {
  static const std::string kNone;
  if (id == 0 || id >= end_.load(std::memory_order_acquire)) return kNone;
  const std::string* block = blocks_[id >> kBlockBits].load(std::memory_order_relaxed);
  return block[id & (kBlockSize - 1)];
}

void Dictionary::StoreName(uint32_t id, std::string_view name) {
  if (id >= kMaxIds) {
    // Beyond any real schema: the names alone would fill the memory first.
    std::fprintf(stderr, "actorgraph: more than %u distinct names in the dictionary\n", kMaxIds);
    std::abort();
  }
  std::string* block = blocks_[id >> kBlockBits].load(std::memory_order_relaxed);
  if (!block) {
    owned_blocks_.emplace_back(new std::string[kBlockSize]);
    block = owned_blocks_.back().get();
    blocks_[id >> kBlockBits].store(block, std::memory_order_relaxed);
  }
  block[id & (kBlockSize - 1)].assign(name);
  if (persisted_.size() <= id) persisted_.resize(id + 1, false);
  // Publishes the name (and its block) to Name() before any slot names it.
  if (id >= end_.load(std::memory_order_relaxed)) end_.store(id + 1, std::memory_order_release);
}

void Dictionary::Index(uint32_t id, uint64_t hash) {
  const Table* t = CurrentTable();
  if (2 * (indexed_ + 1) > t->capacity()) {
    // Filled to half: a table twice as large, published whole; readers still
    // probing the old one find what it held.
    auto bigger = std::make_unique<Table>(2 * t->capacity());
    for (size_t i = 0; i < t->capacity(); ++i) {
      const uint64_t s = t->slots[i].load(std::memory_order_relaxed);
      if (s == 0) continue;
      const std::string& name = Name(IdOf(s));
      bigger->slots[Probe(*bigger, HashOf(name), name)].store(s, std::memory_order_relaxed);
    }
    tables_.push_back(std::move(bigger));
    t = tables_.back().get();
    table_.store(t, std::memory_order_release);
  }
  t->slots[Probe(*t, hash, Name(id))].store(SlotOf(hash, id), std::memory_order_release);
  ++indexed_;
}

uint32_t Dictionary::Intern(std::string_view name, bool* is_new) {
  const uint64_t hash = HashOf(name);
  *is_new = false;
  if (const uint32_t id = Find(hash, name)) return id;
  std::lock_guard lock(mu_);
  // Again under the lock: another writer may have interned it meanwhile.
  if (const uint32_t id = Find(hash, name)) return id;
  const uint32_t id = end_.load(std::memory_order_relaxed);
  StoreName(id, name);
  Index(id, hash);
  *is_new = true;
  return id;
}

void Dictionary::Add(uint32_t id, std::string_view name) {
  std::lock_guard lock(mu_);
  const uint64_t hash = HashOf(name);
  const Table& t = *CurrentTable();
  const size_t i = Probe(t, hash, name);
  StoreName(id, name);
  persisted_[id] = true;
  if (t.slots[i].load(std::memory_order_relaxed) != 0)
    t.slots[i].store(SlotOf(hash, id), std::memory_order_release);  // the later id wins
  else
    Index(id, hash);
}

std::vector<uint32_t> Dictionary::Unpersisted() const {
  std::lock_guard lock(mu_);
  std::vector<uint32_t> out;
  for (uint32_t i = 1; i < persisted_.size(); ++i)
    if (!persisted_[i]) out.push_back(i);
  return out;
}

void Dictionary::MarkPersisted(const std::vector<uint32_t>& ids) {
  std::lock_guard lock(mu_);
  for (uint32_t id : ids) persisted_[id] = true;
}

}  // namespace actorgraph
