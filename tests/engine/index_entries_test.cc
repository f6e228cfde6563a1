// The one index-entry builder both write paths use (engine/index_entries.h).
#include "engine/index_entries.h"

#include <gtest/gtest.h>

#include "engine/coding.h"
#include "engine/dictionary.h"
#include "engine/ontology.h"
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
  const auto entries = NodeIndexEntries(n, Ontology(), &dict, &new_ids);
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

TEST(IndexEntriesTest, UnindexedPropertiesGetNoEntryTheOthersDo) {
  auto ontology = Ontology::Parse(
      "label Event { fatalities: int  event_type: string }\nunindexed fatalities\n", "t.ag");
  ASSERT_TRUE(ontology.ok()) << ontology.status().ToString();
  Dictionary dict;
  std::vector<uint32_t> new_ids;
  Node n;
  n.id = 3;
  n.labels = {"Event"};
  n.name = "Moura";
  n.props = {{"event_type", Value("massacre")}, {"fatalities", Value(int64_t{300})}};
  const auto entries = NodeIndexEntries(n, *ontology, &dict, &new_ids);
  auto prop_entry = [&](const std::string& prop, const Value& v) {
    bool indexable = false;
    std::string key = PropIndexPrefix(InternName(prop, &dict, &new_ids), v, &indexable);
    EXPECT_TRUE(indexable);
    coding::PutBE64(&key, n.id);
    return FindIndexEntry(entries, key);
  };
  EXPECT_NE(prop_entry("event_type", Value("massacre")), nullptr);
  EXPECT_EQ(prop_entry("fatalities", Value(int64_t{300})), nullptr);
  // label + name + word + event_type
  EXPECT_EQ(entries.size(), 4u);
  // The default ontology indexes both.
  EXPECT_EQ(NodeIndexEntries(n, Ontology(), &dict, &new_ids).size(), 5u);
}

}  // namespace
}  // namespace actorgraph
