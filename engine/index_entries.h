// The index entries of a node version: the one derivation shared by the two
// write paths (WriteTxn and the bulk loader), so that both write the same
// keys. Internal to engine/.
//
// Entries: one per label, one per folded name and alias and per word of it
// (so that "dembele" finds "Souleymane Dembélé"), one per indexable
// property the ontology indexes (Ontology::IsIndexed). Full-name entries carry `extra` (the
// original name and whether it is an alias) after the liveness in their value; the others carry
// nothing. When two names fold to one key the first wins (the primary name, then the aliases in
// order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/model.h"

namespace actorgraph {

class Dictionary;
class Ontology;

struct IndexEntry {
  std::string key;
  std::string extra;  // appended to the liveness in the value
};

// Sorted by key, one entry per key. Interns label and property names in
// `dict`, appending the ids it creates to `new_ids`.
std::vector<IndexEntry> NodeIndexEntries(const Node& n, const Ontology& ontology, Dictionary* dict,
                                         std::vector<uint32_t>* new_ids);

// The entry with `key` in sorted `entries`, or nullptr.
const IndexEntry* FindIndexEntry(const std::vector<IndexEntry>& entries, const std::string& key);

}  // namespace actorgraph
