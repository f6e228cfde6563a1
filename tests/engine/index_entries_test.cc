// The one index-entry builder both write paths use (engine/index_entries.h).
#include "engine/index_entries.h"

#include <gtest/gtest.h>

#include "engine/coding.h"
#include "engine/dictionary.h"
#include "engine/store_core.h"

namespace actorgraph {
namespace {

TEST(IndexEntriesTest, SortedUniqueFirstNameWinsAndNamesAreInterned) {
  Dictionary dict;
  std::vector<uint32_t> new_ids;
  Node n;
  n.id = 7;
  n.labels = {"Person"};
  n.name = "Souleymane Dembélé";
  n.aliases = {{"Souleymane DEMBELE", {}}, {"Abu Souleymane", {}}};
  n.props = {{"nationality", Value("Mali")}};
  const auto entries = NodeIndexEntries(n, &dict, &new_ids);
  // Person and nationality were new to the dictionary.
  ASSERT_EQ(new_ids.size(), 2u);
  EXPECT_TRUE(dict.Lookup("Person"));
  EXPECT_TRUE(dict.Lookup("nationality"));
  for (size_t i = 1; i < entries.size(); ++i)
    EXPECT_LT(entries[i - 1].key, entries[i].key);
  // The alias folds like the name: one entry, the primary name's.
  const IndexEntry* full = FindIndexEntry(entries, NameIndexKey("souleymane dembele", 7));
  ASSERT_NE(full, nullptr);
  std::string primary;
  coding::PutString(&primary, "Souleymane Dembélé");
  primary.push_back(0);
  EXPECT_EQ(full->extra, primary);
  // Words of names and aliases, with nothing beyond the liveness (a word
  // search reads the record).
  const IndexEntry* word = FindIndexEntry(entries, NameIndexKey("dembele", 7, kIdxWord));
  ASSERT_NE(word, nullptr);
  EXPECT_EQ(word->extra, "");
  const IndexEntry* abu = FindIndexEntry(entries, NameIndexKey("abu", 7, kIdxWord));
  ASSERT_NE(abu, nullptr);
  EXPECT_EQ(abu->extra, "");
  EXPECT_NE(FindIndexEntry(entries, LabelIndexKey(*dict.Lookup("Person"), 7)), nullptr);
  EXPECT_EQ(FindIndexEntry(entries, NameIndexKey("nobody", 7)), nullptr);
  // label + 2 full names + words (souleymane, dembele, abu) + 1 property
  EXPECT_EQ(entries.size(), 7u);
}

}  // namespace
}  // namespace actorgraph
