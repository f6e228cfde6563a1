// KeyFilter: the growing Bloom filter of the xid keys a WriteTxn staged. It
// must never lose a key (a false negative would make an import create a
// duplicate of an entity it staged), should rarely hold one it was not
// given, and past its budget must hold everything.
#include "engine/key_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace actorgraph {
namespace {

std::string Key(const char* kind, int i) {
  return std::string(kind) + "acled:MLI" + std::to_string(i) + ":at";
}

// 800k keys: three parts (256k, 512k, 1M).
TEST(KeyFilter, FindsEveryKeyAddedAcrossItsParts) {
  KeyFilter f;
  EXPECT_FALSE(f.MayContain(Key("r", 0)));
  constexpr int kKeys = 800000;
  for (int i = 0; i < kKeys; ++i)
    f.Add(Key("r", i));
  EXPECT_EQ(f.keys(), size_t{kKeys});
  EXPECT_FALSE(f.saturated());
  for (int i = 0; i < kKeys; ++i)
    ASSERT_TRUE(f.MayContain(Key("r", i))) << i;
  // 12 bits a key over 1.75M keys of capacity.
  EXPECT_EQ(f.memory_bytes(), (size_t{1} << 18) * 7 * 12 / 8);
}

TEST(KeyFilter, RarelyHoldsAKeyNotAdded) {
  KeyFilter f;
  constexpr int kKeys = 800000, kOthers = 200000;
  for (int i = 0; i < kKeys; ++i)
    f.Add(Key("r", i));
  int found = 0;
  for (int i = 0; i < kOthers; ++i)
    found += f.MayContain(Key("n", i));  // same texts, another kind
  for (int i = 0; i < kOthers; ++i)
    found += f.MayContain(Key("r", kKeys + i));
  // About 1 % a part at full load; three parts, the last a third full.
  EXPECT_LT(found, 2 * kOthers * 3 / 100) << found;
}

TEST(KeyFilter, PastItsBudgetItHoldsEveryKey) {
  // The first part takes 384 KiB, the second 768 KiB more.
  KeyFilter f(/*max_bytes=*/1 << 20);
  for (int i = 0; i < (1 << 18); ++i)
    f.Add(Key("c", i));
  EXPECT_FALSE(f.saturated());
  EXPECT_FALSE(f.MayContain("never added"));
  f.Add(Key("c", 1 << 18));
  EXPECT_TRUE(f.saturated());
  EXPECT_EQ(f.memory_bytes(), 0u);
  EXPECT_TRUE(f.MayContain("never added"));
  EXPECT_TRUE(f.MayContain(Key("c", 7)));
}

}  // namespace
}  // namespace actorgraph
