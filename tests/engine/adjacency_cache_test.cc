#include "engine/adjacency_cache.h"

#include <gtest/gtest.h>

#include <tuple>

#include "engine/database.h"
#include "engine/read_view.h"
#include "engine/write_txn.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::TempDir;
using Edge = std::tuple<RelId, NodeId, uint32_t, int, std::string>;

// prefix + number, written so that GCC 12's -Wrestrict false positive on
// `"literal" + std::string` stays quiet.
std::string Name(const char* prefix, int i) {
  std::string s(prefix);
  s.append(std::to_string(i));
  return s;
}

std::vector<Edge> FromCursor(const ReadView& v, NodeId n, Direction d) {
  std::vector<Edge> out;
  for (auto c = v.AdjacencyById(n, d, {}); c->Valid(); c->Next()) {
    const AdjEntry& e = c->entry();
    out.emplace_back(e.rel, e.other, e.type_id, int(e.dir), e.valid.ToString());
  }
  return out;
}

std::vector<Edge> FromCache(const AdjacencySnapshot& s, NodeId n, Direction d) {
  std::vector<Edge> out;
  if (d != Direction::kIn)
    for (const CachedEdge& e : s.Out(n))
      out.emplace_back(e.rel, e.other, e.type, int(Direction::kOut),
                       CachedInterval(e.from, e.to).ToString());
  if (d != Direction::kOut)
    for (const CachedEdge& e : s.In(n))
      out.emplace_back(e.rel, e.other, e.type, int(Direction::kIn),
                       CachedInterval(e.from, e.to).ToString());
  return out;
}

class AdjacencyCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path());
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
    auto txn = db_->BeginWrite("graph");
    const char* labels[] = {"ArmedGroup", "State", "Company", "Person"};
    for (int i = 0; i < 40; ++i) {
      Node n;
      n.xid = Name("n", i);
      n.name = Name("Node ", i);
      n.labels = {labels[i % 4]};
      ASSERT_TRUE(txn->PutNode(&n).ok());
      ids_.push_back(n.id);
    }
    const char* types[] = {"ALLIED_WITH", "FIGHTS", "AFFILIATE_OF"};
    for (int i = 0; i < 200; ++i) {
      Relationship r;
      r.xid = Name("r", i);
      r.type = types[i % 3];
      r.src = ids_[(i * 7) % 40];
      r.dst = ids_[(i * 13 + 5) % 40];
      if (i % 5) r.valid.from = PartialDate::Year(2000 + i % 20);
      if (i % 7 == 0) r.valid.to = PartialDate::Year(2030);
      // Only actors may be allied; keep it simple: ends are all actors.
      ASSERT_TRUE(txn->PutRel(&r).ok()) << i;
    }
    ASSERT_TRUE(txn->Commit().ok());
  }
  void ExpectSame(const ReadView& v, const AdjacencySnapshot& s) {
    for (NodeId n : ids_)
      for (Direction d : {Direction::kOut, Direction::kIn, Direction::kBoth})
        EXPECT_EQ(FromCursor(v, n, d), FromCache(s, n, d)) << "node " << n << " dir " << int(d);
  }
  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::vector<NodeId> ids_;
};

TEST_F(AdjacencyCacheTest, MatchesRocksDbScans) {
  auto view = db_->Read();
  auto snap = view->CachedAdjacency();
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->txn(), view->as_of());
  EXPECT_EQ(snap->num_edges(), 200u);
  ExpectSame(*view, *snap);
  // Per-relationship type and interval, per-node labels, per-type counts.
  uint64_t total = 0;
  for (uint64_t c : snap->type_counts()) total += c;
  EXPECT_EQ(total, 200u);
  ASSERT_TRUE(view->ForEachRel([&](const Relationship& r) {
    EXPECT_EQ(view->TypeName(snap->RelType(r.id)), r.type);
    ValidInterval iv;
    EXPECT_TRUE(snap->RelInterval(r.id, &iv));
    EXPECT_EQ(iv, r.valid);
    return true;
  }).ok());
  Node n;
  ASSERT_TRUE(view->GetNode(ids_[1], &n).ok());
  ASSERT_NE(snap->NodeLabels(ids_[1]), nullptr);
  EXPECT_EQ(*snap->NodeLabels(ids_[1]), n.labels);
  for (NodeId id : ids_) {
    Node m;
    ASSERT_TRUE(view->GetNode(id, &m).ok());
    EXPECT_EQ(snap->NodeXid(id), m.xid);
  }
  EXPECT_EQ(snap->NodeXid(snap->node_bound()), "");  // unknown node
  EXPECT_EQ(snap->nodes(), ids_);
  size_t labelled = 0;
  for (const char* l : {"ArmedGroup", "State", "Company", "Person"})
    labelled += snap->NodesWithLabel(*view->TypeId(l)).size();
  EXPECT_EQ(labelled, ids_.size());
  // The same snapshot is shared until something is written.
  EXPECT_EQ(db_->Read()->CachedAdjacency().get(), snap.get());
}

TEST_F(AdjacencyCacheTest, InvalidatedAfterAWriteAndNotUsedForHistory) {
  auto before = db_->Read()->CachedAdjacency();
  ASSERT_TRUE(before);
  {
    auto txn = db_->BeginWrite("change");
    ASSERT_TRUE(txn->DeleteRel(*db_->Read()->FindRel("r3")).ok());
    Relationship r;
    r.xid = "new";
    r.type = "FIGHTS";
    r.src = ids_[0];
    r.dst = ids_[1];
    ASSERT_TRUE(txn->PutRel(&r).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto view = db_->Read();
  auto after = view->CachedAdjacency();
  ASSERT_TRUE(after);
  EXPECT_NE(after.get(), before.get());
  EXPECT_EQ(after->txn(), view->as_of());
  ExpectSame(*view, *after);
  EXPECT_EQ(after->num_edges(), 200u);
  // A historical view reads RocksDB.
  auto old = db_->Read(1);
  EXPECT_TRUE(old->is_historical());
  EXPECT_EQ(old->CachedAdjacency(), nullptr);
}

TEST_F(AdjacencyCacheTest, LightRequestsWaitAndBudgetIsHonoured) {
  auto view = db_->Read();
  AdjacencyCache cache(AdjacencyCacheMode::kOn, size_t{1} << 30);
  EXPECT_EQ(cache.Get(*view, /*heavy=*/false), nullptr);
  EXPECT_NE(cache.Get(*view, /*heavy=*/true), nullptr);
  EXPECT_NE(cache.Peek(*view), nullptr);
  AdjacencyCache tiny(AdjacencyCacheMode::kOn, 1);
  EXPECT_EQ(tiny.Get(*view, true), nullptr);  // too big
  AdjacencyCache eager(AdjacencyCacheMode::kEager, size_t{1} << 30);
  EXPECT_NE(eager.Get(*view, /*heavy=*/false), nullptr);
  AdjacencyCache off(AdjacencyCacheMode::kOff, size_t{1} << 30);
  EXPECT_EQ(off.Get(*view, true), nullptr);
}

// An in-memory database (options `o`) after one transaction writing one node.
std::unique_ptr<Database> OneNodeDb(const testing::TempDir& dir, OpenOptions o) {
  o.in_memory = true;
  auto db = std::move(Database::Open(dir.path(), o)).value();
  auto txn = db->BeginWrite("one node");
  Node n;
  n.xid = "a";
  n.name = "A";
  n.labels = {"Person"};
  EXPECT_TRUE(txn->PutNode(&n).ok());
  EXPECT_TRUE(txn->Commit().ok());
  return db;
}

// The database's cache follows its OpenOptions.
TEST(AdjacencyCacheOptions, OpenOptionsConfigureTheDatabasesCache) {
  for (auto mode :
       {AdjacencyCacheMode::kOff, AdjacencyCacheMode::kOn, AdjacencyCacheMode::kEager}) {
    testing::TempDir dir;
    auto db = OneNodeDb(dir, {.adjacency_cache = mode});
    auto view = db->Read();
    EXPECT_EQ(view->CachedAdjacency(/*heavy=*/false) != nullptr,
              mode == AdjacencyCacheMode::kEager);
    EXPECT_EQ(view->CachedAdjacency(/*heavy=*/true) != nullptr, mode != AdjacencyCacheMode::kOff);
  }
  testing::TempDir dir;
  OpenOptions small;
  small.adjacency_cache_mb = 0;  // every graph is over budget
  auto db = std::move(Database::Open(dir.path(), small)).value();
  auto txn = db->BeginWrite("two groups, allied");
  Node a, b;
  a.xid = "a";
  b.xid = "b";
  a.name = "A";
  b.name = "B";
  a.labels = b.labels = {"ArmedGroup"};
  ASSERT_TRUE(txn->PutNode(&a).ok());
  ASSERT_TRUE(txn->PutNode(&b).ok());
  Relationship r;
  r.xid = "ab";
  r.type = "ALLIED_WITH";
  r.src = a.id;
  r.dst = b.id;
  ASSERT_TRUE(txn->PutRel(&r).ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(db->Read()->CachedAdjacency(), nullptr);
}

// kOn builds after the configured number of light requests of one
// transaction; with 0 only a heavy request builds.
TEST(AdjacencyCacheModes, LightRequestsBeforeBuildIsAnOption) {
  for (uint64_t limit : {uint64_t{0}, uint64_t{3}}) {
    testing::TempDir dir;
    auto db = OneNodeDb(dir, {.adjacency_light_requests = limit});
    auto view = db->Read();
    EXPECT_EQ(view->CachedAdjacency(/*heavy=*/false), nullptr) << limit;
    EXPECT_EQ(view->CachedAdjacency(/*heavy=*/false), nullptr) << limit;
    EXPECT_EQ(view->CachedAdjacency(/*heavy=*/false) != nullptr, limit == 3) << limit;
    for (int i = 0; i < 100; ++i)
      view->CachedAdjacency(/*heavy=*/false);
    EXPECT_EQ(view->CachedAdjacency(/*heavy=*/false) != nullptr, limit == 3) << limit;
    EXPECT_NE(view->CachedAdjacency(/*heavy=*/true), nullptr) << limit;
  }
}

}  // namespace
}  // namespace actorgraph
