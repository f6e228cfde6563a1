// Dictionary: maps label, relationship-type and property names to small
// integer ids used in keys and records, and back.
//
// Thread-safety: Lookup/Name may run concurrently with Intern. Intern is
// called by the single writer only.
#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace actorgraph {

class Dictionary {
 public:
  // Returns the id of `name`, or nullopt when it was never interned.
  std::optional<uint32_t> Lookup(const std::string& name) const;
  // Returns the name of `id`, or "" when unknown.
  std::string Name(uint32_t id) const;
  // Returns the id of `name`, assigning the next one if new (*is_new = true);
  // the caller persists new entries in the same batch that uses them.
  uint32_t Intern(const std::string& name, bool* is_new);
  // For loading at open (marks the entry persisted). Precondition: ids unique.
  void Add(uint32_t id, const std::string& name);
  // Ids interned but not yet known to be on disk; a commit writes them and,
  // once the write succeeded, marks them persisted.
  std::vector<uint32_t> Unpersisted() const;
  void MarkPersisted(const std::vector<uint32_t>& ids);

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;  // index = id; id 0 unused
  std::vector<bool> persisted_;
};

}  // namespace actorgraph
