// RecordCache: decoded records shared by read-only statements of one
// transaction; re-keyed by a newer transaction, bounded by its budget, and
// never serving a statement an out-of-date record.
#include "query/executor/record_cache.h"

#include <gtest/gtest.h>

#include "engine/database.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

std::shared_ptr<const Node> MakeNode(NodeId id, const std::string& name) {
  auto n = std::make_shared<Node>();
  n->id = id;
  n->name = name;
  n->props = {{"role", Value(std::string(100, 'x'))}};
  return n;
}

TEST(RecordCache, HoldsOneTransactionAndMovesToNewerOnes) {
  RecordCache cache(1 << 20);
  cache.PutNode(5, 1, MakeNode(1, "a"));
  ASSERT_NE(cache.FindNode(5, 1), nullptr);
  EXPECT_EQ(cache.FindNode(5, 1)->name, "a");
  EXPECT_EQ(cache.FindNode(4, 1), nullptr);  // another transaction: a miss
  EXPECT_EQ(cache.FindNode(6, 1), nullptr);
  cache.PutNode(4, 2, MakeNode(2, "old"));  // older than the key: ignored
  EXPECT_EQ(cache.FindNode(4, 2), nullptr);
  EXPECT_EQ(cache.size(), 1u);
  auto held = cache.FindNode(5, 1);
  cache.PutNode(6, 2, MakeNode(2, "b"));  // newer: drops transaction 5
  EXPECT_EQ(cache.txn(), 6u);
  EXPECT_EQ(cache.FindNode(5, 1), nullptr);
  EXPECT_EQ(cache.FindNode(6, 2)->name, "b");
  EXPECT_EQ(held->name, "a");  // a statement's record outlives the drop
  EXPECT_EQ(cache.size(), 1u);
}

TEST(RecordCache, StaysWithinItsBudget) {
  const size_t one = RecordCache::ApproxBytes(*MakeNode(1, "a"));
  RecordCache cache(one * 3 + one / 2);
  for (NodeId i = 1; i <= 10; ++i)
    cache.PutNode(1, i, MakeNode(i, "n"));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.bytes(), one * 3 + one / 2);
  EXPECT_NE(cache.FindNode(1, 1), nullptr);
  EXPECT_EQ(cache.FindNode(1, 4), nullptr);
  RecordCache off(0);
  off.PutNode(1, 1, MakeNode(1, "a"));
  EXPECT_EQ(off.FindNode(1, 1), nullptr);
}

TEST(RecordCache, RelationshipsToo) {
  RecordCache cache(1 << 20);
  auto r = std::make_shared<Relationship>();
  r->id = 9;
  r->type = "MEMBER_OF";
  cache.PutRel(3, 9, r);
  ASSERT_NE(cache.FindRel(3, 9), nullptr);
  EXPECT_EQ(cache.FindRel(3, 9)->type, "MEMBER_OF");
  EXPECT_EQ(cache.FindRel(3, 8), nullptr);
  EXPECT_EQ(cache.FindNode(3, 9), nullptr);
}

// Through the engine: repeated reads share records, and a write is seen at once.
TEST(RecordCacheInEngine, ReadsSeeEveryWrite) {
  testing::TempDir dir;
  auto db = std::move(Database::Open(dir.path())).value();
  QueryEngine engine(db.get());
  auto one = [&](const std::string& q) -> Value {
    auto c = engine.Run(q);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    std::vector<std::vector<Value>> rows;
    while (c.ok()) {
      auto more = (*c)->Next(10, &rows);
      if (!more.ok() || !*more) break;
    }
    return rows.size() == 1 ? rows[0][0] : Value("rows: " + std::to_string(rows.size()));
  };
  ASSERT_TRUE(engine
                  .Run("CREATE (:Person {id: 'a', name: 'A', nationality: 'ML'})-[:MEMBER_OF "
                       "{description: 'x'}]->"
                       "(:ArmedGroup {id: 'g', name: 'G'})")
                  .ok());
  const std::string read =
      "MATCH (p:Person {id: 'a'})-[m:MEMBER_OF]->() RETURN p.nationality + '/' + m.description";
  EXPECT_EQ(one(read).ToString(), "'ML/x'");
  EXPECT_EQ(one(read).ToString(), "'ML/x'");  // from the shared records
  ASSERT_TRUE(engine
                  .Run("MATCH (p:Person {id: 'a'})-[m:MEMBER_OF]->() SET p.nationality = 'FR', "
                       "m.description = 'y'")
                  .ok());
  EXPECT_EQ(one(read).ToString(), "'FR/y'");
  // A history read is not served the latest records.
  EXPECT_EQ(one("FOR SYSTEM_TIME AS OF 1 " + read).ToString(), "'ML/x'");
  EXPECT_EQ(one(read).ToString(), "'FR/y'");
}

}  // namespace
}  // namespace actorgraph::query
