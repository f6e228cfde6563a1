// NodeArrayPool: arrays given back are taken again only at their exact size,
// and the pool keeps no more than its bounds allow.
#include "query/executor/node_array_pool.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace actorgraph::query {
namespace {

NodeArray Allocated(size_t entries) {
  NodeArray a;
  a.p = static_cast<uint32_t*>(std::calloc(entries, sizeof(uint32_t)));
  a.bytes = entries * sizeof(uint32_t);
  a.resident = a.bytes;
  return a;
}

TEST(NodeArrayPool, GivesBackAnArrayOfTheSameSizeOnly) {
  NodeArrayPool pool(1 << 20);
  EXPECT_EQ(pool.Take(4096).p, nullptr);
  NodeArray a = Allocated(1024);
  uint32_t* p = a.p;
  pool.Give(a);
  EXPECT_EQ(pool.idle(), 1u);
  EXPECT_EQ(pool.resident_bytes(), 4096u);
  EXPECT_EQ(pool.Take(8192).p, nullptr);  // another size: none
  NodeArray again = pool.Take(4096);
  EXPECT_EQ(again.p, p);
  EXPECT_EQ(pool.idle(), 0u);
  EXPECT_EQ(pool.resident_bytes(), 0u);
  again.Free();
}

TEST(NodeArrayPool, KeepsWithinItsBounds) {
  NodeArrayPool pool(3 * 4096);
  for (int i = 0; i < 5; ++i)
    pool.Give(Allocated(1024));  // the fourth and fifth are freed (ASan: no leak)
  EXPECT_EQ(pool.idle(), 3u);
  EXPECT_EQ(pool.resident_bytes(), 3u * 4096);
  NodeArrayPool many(1 << 30);
  for (size_t i = 0; i < NodeArrayPool::kMaxIdle + 2; ++i)
    many.Give(Allocated(16));
  EXPECT_EQ(many.idle(), NodeArrayPool::kMaxIdle);
  pool.SetLimit(4096);
  EXPECT_EQ(pool.idle(), 1u);
  pool.SetLimit(0);
  EXPECT_EQ(pool.idle(), 0u);
  pool.Give(Allocated(16));  // kept nothing: freed
  EXPECT_EQ(pool.idle(), 0u);
}

}  // namespace
}  // namespace actorgraph::query
