// Dictionary: maps label, relationship-type and property names to small
// integer ids used in keys and records, and back.
//
// Thread-safety: Lookup and Name take no lock and may run on any number of
// threads, concurrently with Intern and Add (every record decoded and every
// put encoded asks the dictionary, from query threads and an import's
// threads at once; a shared lock's counter was one cache line they all
// wrote, and its lock and unlock cost an encoding more than the look-up).
// Intern, Add, Unpersisted and MarkPersisted serialise on a mutex.
//
// How reads stay safe without a lock: names live in blocks that never move,
// and a name is complete before its id is published (release/acquire); the
// hash table of ids is replaced, never resized in place, when it fills, and
// replaced tables are kept until the dictionary is destroyed (together at
// most the size of the current one). A Lookup that races an Intern of the
// same name may miss it, as it would had it run just before.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace actorgraph {

class Dictionary {
 public:
  Dictionary();
  ~Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;

  // Returns the id of `name`, or nullopt when it was never interned.
  std::optional<uint32_t> Lookup(std::string_view name) const;
  // Returns the name of `id`, or "" when unknown. The reference lives as long
  // as the dictionary.
  const std::string& Name(uint32_t id) const;
  // Returns the id of `name`, assigning the next one if new (*is_new = true);
  // the caller persists new entries in the same batch that uses them.
  uint32_t Intern(std::string_view name, bool* is_new);
  // For loading at open (marks the entry persisted). Precondition: ids
  // unique and below kMaxIds.
  void Add(uint32_t id, std::string_view name);
  // Ids interned but not yet known to be on disk; a commit writes them and,
  // once the write succeeded, marks them persisted.
  std::vector<uint32_t> Unpersisted() const;
  void MarkPersisted(const std::vector<uint32_t>& ids);

  // Names are kept in blocks of 2^kBlockBits; the block directory is fixed.
  static constexpr uint32_t kBlockBits = 12;
  static constexpr uint32_t kMaxIds = uint32_t{1} << 26;  // 67M names

 private:
  struct Table;
  // Precondition: mu_ held. Stores `name` as entry `id` (allocating its
  // block) without publishing it.
  void StoreName(uint32_t id, std::string_view name);
  // Precondition: mu_ held, `id` stored. Makes `id` findable by its name.
  void Index(uint32_t id, uint64_t hash);
  const Table* CurrentTable() const { return table_.load(std::memory_order_acquire); }
  // The slot of `name` in `t`, or of the empty slot where it would go.
  size_t Probe(const Table& t, uint64_t hash, std::string_view name) const;
  // The id of `name` in the current table, or 0.
  uint32_t Find(uint64_t hash, std::string_view name) const;

  // Blocks of names, index = id >> kBlockBits; id 0 unused.
  std::array<std::atomic<std::string*>, (kMaxIds >> kBlockBits)> blocks_{};
  std::atomic<uint32_t> end_{1};  // one past the highest published id
  std::atomic<const Table*> table_{nullptr};

  mutable std::mutex mu_;  // serialises writers; readers never take it
  std::vector<std::unique_ptr<std::string[]>> owned_blocks_;
  std::vector<std::unique_ptr<Table>> tables_;  // the current one last
  std::vector<bool> persisted_;                 // index = id
  size_t indexed_ = 0;                          // ids in the current table
};

}  // namespace actorgraph
