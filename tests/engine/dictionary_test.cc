#include "engine/dictionary.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace actorgraph {
namespace {

TEST(Dictionary, InternAssignsIdsInOrderAndFindsThemAgain) {
  Dictionary d;
  bool is_new = false;
  EXPECT_EQ(d.Intern("Person", &is_new), 1u);
  EXPECT_TRUE(is_new);
  EXPECT_EQ(d.Intern("COMMANDS", &is_new), 2u);
  EXPECT_TRUE(is_new);
  EXPECT_EQ(d.Intern("Person", &is_new), 1u);
  EXPECT_FALSE(is_new);
  EXPECT_EQ(d.Lookup("COMMANDS"), 2u);
  EXPECT_EQ(d.Lookup("Company"), std::nullopt);
  EXPECT_EQ(d.Name(1), "Person");
  EXPECT_EQ(d.Name(2), "COMMANDS");
  EXPECT_EQ(d.Name(0), "");
  EXPECT_EQ(d.Name(3), "");
  EXPECT_EQ(d.Name(4000000), "");
}

TEST(Dictionary, TheEmptyNameIsANameLikeAnyOther) {
  // A JSON import may carry a property named "".
  Dictionary d;
  bool is_new = false;
  EXPECT_EQ(d.Lookup(""), std::nullopt);
  const uint32_t id = d.Intern("", &is_new);
  EXPECT_TRUE(is_new);
  EXPECT_EQ(d.Lookup(""), id);
  EXPECT_EQ(d.Intern("", &is_new), id);
  EXPECT_FALSE(is_new);
}

TEST(Dictionary, ManyNamesAcrossBlocksAndTableGrowthStayFindable) {
  Dictionary d;
  const uint32_t n = 3 * (uint32_t{1} << Dictionary::kBlockBits) + 17;
  bool is_new = false;
  for (uint32_t i = 0; i < n; ++i)
    ASSERT_EQ(d.Intern("prop_" + std::to_string(i), &is_new), i + 1);
  for (uint32_t i = 0; i < n; ++i) {
    ASSERT_EQ(d.Lookup("prop_" + std::to_string(i)), i + 1) << i;
    ASSERT_EQ(d.Name(i + 1), "prop_" + std::to_string(i));
  }
  EXPECT_EQ(d.Lookup("prop_" + std::to_string(n)), std::nullopt);
}

TEST(Dictionary, AddLoadsPersistedIdsAndInternContinuesAfterTheHighest) {
  Dictionary d;
  d.Add(1, "Person");
  d.Add(2, "name");
  d.Add(7, "ALLIED_WITH");
  EXPECT_EQ(d.Unpersisted().size(), 4u);  // the gap ids 3..6, as before
  bool is_new = false;
  EXPECT_EQ(d.Intern("ALLIED_WITH", &is_new), 7u);
  EXPECT_FALSE(is_new);
  EXPECT_EQ(d.Intern("Company", &is_new), 8u);
  EXPECT_TRUE(is_new);
  EXPECT_EQ(d.Name(7), "ALLIED_WITH");
  EXPECT_EQ(d.Name(8), "Company");
  std::vector<uint32_t> unpersisted = d.Unpersisted();
  ASSERT_FALSE(unpersisted.empty());
  EXPECT_EQ(unpersisted.back(), 8u);
  d.MarkPersisted({3, 4, 5, 6, 8});
  EXPECT_TRUE(d.Unpersisted().empty());
}

TEST(Dictionary, ReadersRacingAWriterSeeEveryNameWholeOrNotAtAll) {
  // Readers look up and name ids while a writer interns thousands of names
  // (several table replacements). A reader must never see a wrong id, a torn
  // name, or lose a name once it found it.
  Dictionary d;
  constexpr uint32_t kNames = 20000;
  std::atomic<uint32_t> published{0};  // names 0..published-1 are interned
  std::atomic<bool> done{false};
  std::atomic<uint64_t> checks{0};
  std::atomic<bool> failed{false};
  auto reader = [&](uint32_t seed) {
    uint32_t x = seed;
    while (!done.load(std::memory_order_acquire)) {
      const uint32_t have = published.load(std::memory_order_acquire);
      if (have == 0) continue;
      x = x * 1103515245 + 12345;
      const uint32_t i = x % have;
      const std::string name = "n" + std::to_string(i);
      const std::optional<uint32_t> id = d.Lookup(name);
      if (!id || *id != i + 1 || d.Name(*id) != name) failed.store(true);
      checks.fetch_add(1, std::memory_order_relaxed);
    }
  };
  std::thread r1(reader, 1), r2(reader, 2);
  bool is_new = false;
  for (uint32_t i = 0; i < kNames; ++i) {
    if (d.Intern("n" + std::to_string(i), &is_new) != i + 1 || !is_new) failed.store(true);
    published.store(i + 1, std::memory_order_release);
  }
  // Let the readers check the last names too before stopping them.
  const uint64_t at_end = checks.load();
  while (checks.load() < at_end + 1000)
    std::this_thread::yield();
  done.store(true, std::memory_order_release);
  r1.join();
  r2.join();
  EXPECT_FALSE(failed.load());
  EXPECT_GT(checks.load(), 1000u);
}

TEST(Dictionary, TwoWritersInterningTheSameNamesAgreeOnTheirIds) {
  // An import's staging worker interns (existing) names while the import
  // thread interns new ones.
  Dictionary d;
  constexpr int kNames = 5000;
  std::vector<uint32_t> a(kNames), b(kNames);
  auto writer = [&](std::vector<uint32_t>* out) {
    bool is_new = false;
    for (int i = 0; i < kNames; ++i)
      (*out)[i] = d.Intern("p" + std::to_string(i), &is_new);
  };
  std::thread t1(writer, &a), t2(writer, &b);
  t1.join();
  t2.join();
  EXPECT_EQ(a, b);
  for (int i = 0; i < kNames; ++i)
    EXPECT_EQ(d.Name(a[i]), "p" + std::to_string(i));
  EXPECT_EQ(d.Unpersisted().size(), static_cast<size_t>(kNames));
}

}  // namespace
}  // namespace actorgraph
