#include "engine/dictionary.h"

#include <mutex>

namespace actorgraph {

std::optional<uint32_t> Dictionary::Lookup(const std::string& name) const {
  std::shared_lock lock(mu_);
  auto it = ids_.find(name);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::string Dictionary::Name(uint32_t id) const {
  std::shared_lock lock(mu_);
  return id < names_.size() ? names_[id] : std::string();
}

uint32_t Dictionary::Intern(const std::string& name, bool* is_new) {
  std::unique_lock lock(mu_);
  auto it = ids_.find(name);
  if (it != ids_.end()) {
    *is_new = false;
    return it->second;
  }
  if (names_.empty()) names_.emplace_back();
  const uint32_t id = static_cast<uint32_t>(names_.size());
  names_.push_back(name);
  persisted_.resize(names_.size(), false);
  ids_.emplace(name, id);
  *is_new = true;
  return id;
}

void Dictionary::Add(uint32_t id, const std::string& name) {
  std::unique_lock lock(mu_);
  if (names_.size() <= id) names_.resize(id + 1);
  names_[id] = name;
  persisted_.resize(names_.size(), false);
  persisted_[id] = true;
  ids_[name] = id;
}

std::vector<uint32_t> Dictionary::Unpersisted() const {
  std::shared_lock lock(mu_);
  std::vector<uint32_t> out;
  for (uint32_t i = 1; i < names_.size(); ++i)
    if (!persisted_[i]) out.push_back(i);
  return out;
}

void Dictionary::MarkPersisted(const std::vector<uint32_t>& ids) {
  std::unique_lock lock(mu_);
  for (uint32_t id : ids) persisted_[id] = true;
}

}  // namespace actorgraph
