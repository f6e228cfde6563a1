#include "engine/index_entries.h"

#include <algorithm>

#include "common/text_match.h"
#include "common/words.h"
#include "engine/coding.h"
#include "engine/ontology.h"
#include "engine/store_core.h"

namespace actorgraph {

std::vector<IndexEntry> NodeIndexEntries(const Node& n, const Ontology& ontology, Dictionary* dict,
                                         std::vector<uint32_t>* new_ids) {
  std::vector<IndexEntry> entries;
  entries.reserve(n.labels.size() + 4 * (1 + n.aliases.size()) + n.props.size());
  for (const auto& l : n.labels)
    entries.push_back({LabelIndexKey(InternName(l, dict, new_ids), n.id), std::string()});
  auto add_name = [&](const std::string& name, bool alias) {
    std::string folded = FoldName(name);
    if (folded.empty()) return;
    std::string extra;
    coding::PutString(&extra, name);
    extra.push_back(alias ? 1 : 0);
    entries.push_back({NameIndexKey(folded, n.id), std::move(extra)});
    // Word entries carry no name: a node has one per word of each of its
    // names, and repeating the name in each was 37 % of the index
    // (format version 1). A word search reads the record of what it finds.
    ForEachWord(folded, [&](std::string_view word) {
      entries.push_back({NameIndexKey(word, n.id, kIdxWord), std::string()});
    });
  };
  add_name(n.name, false);
  for (const auto& a : n.aliases)
    add_name(a.name, true);
  for (const auto& [p, v] : n.props) {
    if (!ontology.IsIndexed(p)) continue;
    bool indexable = false;
    std::string k = PropIndexPrefix(InternName(p, dict, new_ids), v, &indexable);
    if (!indexable) continue;
    coding::PutBE64(&k, n.id);
    entries.push_back({std::move(k), std::string()});
  }
  // Stable: of equal keys (names folding alike) the first stays. A node has
  // a handful of entries, which an insertion sort orders without the
  // buffer std::stable_sort allocates.
  auto before = [](const IndexEntry& a, const IndexEntry& b) { return a.key < b.key; };
  if (entries.size() > 32) {
    std::stable_sort(entries.begin(), entries.end(), before);
  } else {
    for (size_t i = 1; i < entries.size(); ++i) {
      if (!before(entries[i], entries[i - 1])) continue;
      IndexEntry x = std::move(entries[i]);
      size_t j = i;
      do {
        entries[j] = std::move(entries[j - 1]);
      } while (--j > 0 && before(x, entries[j - 1]));
      entries[j] = std::move(x);
    }
  }
  entries.erase(
      std::unique(entries.begin(), entries.end(),
                  [](const IndexEntry& a, const IndexEntry& b) { return a.key == b.key; }),
      entries.end());
  return entries;
}

const IndexEntry* FindIndexEntry(const std::vector<IndexEntry>& entries, const std::string& key) {
  auto it = std::lower_bound(entries.begin(), entries.end(), key,
                             [](const IndexEntry& e, const std::string& k) { return e.key < k; });
  return it != entries.end() && it->key == key ? &*it : nullptr;
}

}  // namespace actorgraph
