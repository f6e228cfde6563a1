// RecordMap (query/executor/record_map.h): an open-addressing map from ids
// to records; erasing shifts later entries back, so every record inserted and
// not erased is still found, whatever the order of inserts and erases.
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

#include "common/model.h"
#include "query/executor/record_map.h"

namespace actorgraph::query {
namespace {

TEST(RecordMapTest, AgreesWithAStandardMapUnderInsertsAndErases) {
  RecordMap<Node> map;
  std::unordered_map<uint64_t, const Node*> model;
  std::mt19937_64 rng(5);
  for (int step = 0; step < 200000; ++step) {
    // Ids from a small range collide and form long probe runs; some ids far apart.
    const uint64_t id = step % 10 == 0 ? rng() : rng() % 5000;
    if (rng() % 3 == 0) {
      map.Erase(id);
      model.erase(id);
    } else if (!model.count(id)) {
      auto n = std::make_shared<Node>();
      model[id] = n.get();
      map.Insert(id, std::move(n));
    }
    if (step % 997 == 0) {
      ASSERT_EQ(map.size(), model.size());
      for (const auto& [k, p] : model)
        ASSERT_EQ(map.Find(k), p) << k;
    }
    ASSERT_EQ(map.Find(id), model.count(id) ? model[id] : nullptr);
  }
  map.Clear();
  EXPECT_EQ(map.size(), 0u);
  EXPECT_EQ(map.Find(1), nullptr);
}

}  // namespace
}  // namespace actorgraph::query
