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
  auto g5 = cache.Pin(5);
  ASSERT_NE(g5, nullptr);
  EXPECT_NE(g5->PutNode(1, MakeNode(1, "a")), nullptr);
  ASSERT_NE(g5->FindNode(1), nullptr);
  EXPECT_EQ(g5->FindNode(1)->name, "a");
  EXPECT_EQ(cache.Pin(5), g5);       // the same transaction: the same records
  EXPECT_EQ(cache.Pin(4), nullptr);  // older than the cache's: read alone
  EXPECT_EQ(cache.size(), 1u);
  const Node* held = g5->FindNode(1);
  auto g6 = cache.Pin(6);  // newer: a new generation
  ASSERT_NE(g6, nullptr);
  EXPECT_EQ(cache.txn(), 6u);
  EXPECT_EQ(g6->FindNode(1), nullptr);
  EXPECT_EQ(cache.Pin(5), nullptr);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(held->name, "a");  // a statement's records live while it holds them
  std::weak_ptr<RecordGeneration> old = g5;
  g5.reset();
  EXPECT_TRUE(old.expired());  // and go with the last statement holding them
  // Two readers offering the same record: both get the one held.
  const Node* first = g6->PutNode(2, MakeNode(2, "b"));
  const Node* second = g6->PutNode(2, MakeNode(2, "another reader's"));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(second, first);
  EXPECT_EQ(second->name, "b");
}

TEST(RecordCache, StaysWithinItsBudget) {
  const size_t one = RecordCache::ApproxBytes(*MakeNode(1, "a"));
  RecordCache cache(one * 3 + one / 2);
  auto g = cache.Pin(1);
  ASSERT_NE(g, nullptr);
  int held = 0;
  for (NodeId i = 1; i <= 10; ++i)
    held += g->PutNode(i, MakeNode(i, "n")) != nullptr;
  EXPECT_EQ(held, 3);  // the rest stay with their readers
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.bytes(), one * 3 + one / 2);
  EXPECT_NE(g->FindNode(1), nullptr);
  EXPECT_EQ(g->FindNode(4), nullptr);
  RecordCache off(0);
  EXPECT_EQ(off.Pin(1), nullptr);
}

TEST(RecordCache, RelationshipsToo) {
  RecordCache cache(1 << 20);
  auto g = cache.Pin(3);
  auto r = std::make_shared<Relationship>();
  r->id = 9;
  r->type = "MEMBER_OF";
  EXPECT_NE(g->PutRel(9, r), nullptr);
  ASSERT_NE(g->FindRel(9), nullptr);
  EXPECT_EQ(g->FindRel(9)->type, "MEMBER_OF");
  EXPECT_EQ(g->FindRel(8), nullptr);
  EXPECT_EQ(g->FindNode(9), nullptr);
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

// A statement still reading when a write and a newer read move the shared
// records on keeps reading its own transaction's records (under ASan: none
// freed under it).
TEST(RecordCacheInEngine, AStatementKeepsItsRecordsWhenTheCacheMovesOn) {
  testing::TempDir dir;
  auto db = std::move(Database::Open(dir.path())).value();
  QueryEngine engine(db.get());
  std::string create = "CREATE ";
  for (int i = 0; i < 50; ++i)
    create += (i ? ", " : "") + std::string("(:Person {id: 'p") + std::to_string(i) +
              "', name: 'P', nationality: 'ML'})";
  ASSERT_TRUE(engine.Run(create).ok());
  const std::string read = "MATCH (p:Person) RETURN p.nationality";
  auto warm = engine.Run(read);  // fills the shared records
  ASSERT_TRUE(warm.ok());
  std::vector<std::vector<Value>> rows;
  while (*(*warm)->Next(100, &rows)) {
  }
  warm->reset();
  rows.clear();
  auto running = engine.Run(read);
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE((*running)->Next(10, &rows).ok());
  ASSERT_EQ(rows.size(), 10u);
  ASSERT_TRUE(engine.Run("MATCH (p:Person) SET p.nationality = 'FR'").ok());
  auto newer = engine.Run(read);  // a new generation, for the write's transaction
  ASSERT_TRUE(newer.ok());
  std::vector<std::vector<Value>> newer_rows;
  while (*(*newer)->Next(100, &newer_rows)) {
  }
  ASSERT_EQ(newer_rows.size(), 50u);
  for (const auto& row : newer_rows)
    EXPECT_EQ(row[0].ToString(), "'FR'");
  newer->reset();
  while (*(*running)->Next(7, &rows)) {
  }
  ASSERT_EQ(rows.size(), 50u);
  for (const auto& row : rows)
    EXPECT_EQ(row[0].ToString(), "'ML'");  // its own transaction's, to the end
}

}  // namespace
}  // namespace actorgraph::query
