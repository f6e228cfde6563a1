// WriteTxn::PrefetchXids: xids read in one go ahead of the puts. A hint that
// must change no answer: found xids stay found, absent ones are found once a
// put creates them (before or after a staged batch), and an abort still
// restores every key. Also KeySet, the set that keeps the absent keys.
#include <gtest/gtest.h>
#include <rocksdb/cache.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include <map>
#include <string>

#include "engine/database.h"
#include "engine/key_set.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;
using testing::TempDir;

NodeId Put(WriteTxn* txn, Node n) {
  auto r = txn->PutNode(&n);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return n.id;
}

ClaimId PutClaim(WriteTxn* txn, const std::string& xid, NodeId target, NodeId doc) {
  Claim c;
  c.xid = xid;
  c.target_kind = TargetKind::kNode;
  c.target = target;
  c.source = doc;
  c.quote = "q";
  auto r = txn->PutClaim(&c);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return c.id;
}

TEST(KeySet, InsertCountClear) {
  KeySet set;
  EXPECT_EQ(set.count("a"), 0u);
  for (int i = 0; i < 20000; ++i)
    set.insert("n" + std::to_string(i));
  set.insert("n7");  // again
  set.insert(std::string_view("\0x", 2));
  set.insert("");
  EXPECT_EQ(set.size(), 20002u);
  for (int i = 0; i < 20000; ++i)
    ASSERT_EQ(set.count("n" + std::to_string(i)), 1u) << i;
  EXPECT_EQ(set.count(std::string_view("\0x", 2)), 1u);
  EXPECT_EQ(set.count(""), 1u);
  EXPECT_EQ(set.count("n20000"), 0u);
  EXPECT_EQ(set.count("n"), 0u);
  EXPECT_EQ(set.count(std::string_view("\0y", 2)), 0u);
  set.clear();
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.count("n7"), 0u);
  set.insert("n7");
  EXPECT_EQ(set.count("n7"), 1u);
  EXPECT_EQ(set.count("n8"), 0u);
}

// A key too long for the 16-bit length is not kept; its first 65535 bytes,
// a different key, must not be found either.
TEST(KeySet, KeyLongerThan65535BytesIsNotKept) {
  KeySet set;
  const std::string long_key(70000, 'k');
  set.insert(long_key);
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.count(long_key), 0u);
  EXPECT_EQ(set.count(std::string_view(long_key).substr(0, 65535)), 0u);
  EXPECT_EQ(set.count(std::string_view(long_key).substr(0, 70000 - 65536)), 0u);
}

// doc and a committed; b committed and then deleted (its xid entry stays).
void CommitBase(Database* db, NodeId* doc, NodeId* a) {
  {
    auto txn = db->BeginWrite("base");
    *doc = Put(txn.get(), MakeNode("doc", "Document", "Report"));
    *a = Put(txn.get(), MakeNode("a", "Person", "Person A"));
    Put(txn.get(), MakeNode("b", "Person", "Person B"));
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto del = db->BeginWrite("delete b");
  ASSERT_TRUE(del->DeleteNode(*del->FindNode("b"), false).ok());
  ASSERT_TRUE(del->Commit().ok());
}

std::vector<WriteTxn::XidRef> Refs(std::initializer_list<std::pair<char, const char*>> l) {
  std::vector<WriteTxn::XidRef> out;
  for (auto [k, x] : l)
    out.push_back({k, x});
  return out;
}

TEST(PrefetchXids, AnswersStayTheSameBeforeAndAfterAStagedBatch) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  NodeId doc = 0, a = 0;
  CommitBase(db.get(), &doc, &a);
  auto txn = db->BeginWrite("work");
  txn->PrefetchXids(Refs({{'n', "a"}, {'n', "b"}, {'n', "new1"}, {'n', "new2"}, {'c', "cl1"}}));
  // Stored: still found (also a second time, and after another prefetch).
  EXPECT_EQ(txn->FindNode("a"), a);
  txn->PrefetchXids(Refs({{'n', "a"}, {'n', "new1"}}));
  EXPECT_EQ(txn->FindNode("a"), a);
  EXPECT_FALSE(txn->FindNode("b"));  // deleted
  EXPECT_FALSE(txn->FindNode("new1"));
  // Absent when prefetched, then created by a later record of the batch.
  const NodeId n1 = Put(txn.get(), MakeNode("new1", "Person", "New One"));
  EXPECT_EQ(txn->FindNode("new1"), n1);
  EXPECT_EQ(Put(txn.get(), MakeNode("new1", "Person", "New One")), n1);  // unchanged, not new
  const ClaimId c1 = PutClaim(txn.get(), "cl1", n1, doc);
  EXPECT_EQ(PutClaim(txn.get(), "cl1", n1, doc), c1);
  EXPECT_EQ(txn->claim_counts().unchanged, 1u);
  // Created before a staged batch, looked up after it (through RocksDB).
  ASSERT_TRUE(txn->Spill().ok());
  txn->PrefetchXids(Refs({{'n', "new1"}, {'n', "new2"}, {'c', "cl1"}}));
  EXPECT_EQ(txn->FindNode("new1"), n1);
  EXPECT_EQ(Put(txn.get(), MakeNode("new1", "Person", "New One")), n1);
  EXPECT_EQ(PutClaim(txn.get(), "cl1", n1, doc), c1);
  EXPECT_EQ(txn->claim_counts().unchanged, 2u);
  EXPECT_FALSE(txn->FindNode("new2"));
  const NodeId n2 = Put(txn.get(), MakeNode("new2", "Person", "New Two"));
  EXPECT_NE(n2, n1);
  // A node whose xid entry belonged to a deleted one is created anew.
  const NodeId b2 = Put(txn.get(), MakeNode("b", "Person", "Person B again"));
  EXPECT_EQ(txn->FindNode("b"), b2);
  EXPECT_EQ(txn->node_counts().created, 3u);
  ASSERT_TRUE(txn->Commit().ok());
  auto view = db->Read();
  EXPECT_EQ(view->FindNode("a"), a);
  EXPECT_EQ(view->FindNode("new1"), n1);
  EXPECT_EQ(view->FindNode("new2"), n2);
  EXPECT_EQ(view->FindNode("b"), b2);
  EXPECT_EQ(view->FindClaim("cl1"), c1);
}

// An abort restores every key, also the xid entry of a deleted node that a
// prefetched xid reused (its undo record must hold the old value).
TEST(PrefetchXids, AbortAfterStagedBatchesRestoresEveryKey) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  NodeId doc = 0, a = 0;
  CommitBase(db.get(), &doc, &a);
  const auto dump = testing::DumpStore(db.get());
  {
    auto txn = db->BeginWrite("work");
    txn->SetSpillThreshold(50);
    for (int batch = 0; batch < 4; ++batch) {
      std::vector<std::string> xids;
      for (int i = 0; i < 40; ++i)
        xids.push_back("p" + std::to_string(batch * 40 + i));
      std::vector<WriteTxn::XidRef> refs = Refs({{'n', "a"}, {'n', "b"}});
      for (const auto& x : xids)
        refs.push_back({'n', x});
      txn->PrefetchXids(refs);
      for (const auto& x : xids)
        PutClaim(txn.get(), "cl-" + x, Put(txn.get(), MakeNode(x, "Person", "Person " + x)), doc);
      if (batch == 1) Put(txn.get(), MakeNode("b", "Person", "Person B again"));
    }
    ASSERT_GT(txn->spills(), 2u);
    EXPECT_TRUE(txn->FindNode("b"));
    EXPECT_TRUE(txn->FindNode("p0"));
    EXPECT_TRUE(txn->FindNode("p159"));
  }  // aborted
  const auto after = testing::DumpStore(db.get());
  for (const auto& [k, v] : dump) {
    auto it = after.find(k);
    EXPECT_TRUE(it != after.end() && it->second == v) << "key " << k << " not restored";
  }
  for (const auto& [k, v] : after)
    EXPECT_TRUE(dump.count(k)) << "extra key " << k;
}

// The xid reads of a transaction are one-offs (an import asks about each
// new xid once, and the transaction keeps the answer): they must not fill the
// block cache, which otherwise grew with the import (488 MiB of a 1M-row
// ACLED import's 691 MiB peak) and evicted what queries read.
TEST(PrefetchXids, LeavesTheBlockCacheAlone) {
  TempDir d;
  OpenOptions oo;
  oo.block_cache = rocksdb::NewLRUCache(64 << 20);
  auto db = std::move(Database::Open(d.path(), oo)).value();
  constexpr int kNodes = 20000;
  std::vector<std::string> xids;
  std::vector<NodeId> ids;
  {
    auto txn = db->BeginWrite("base");
    for (int i = 0; i < kNodes; ++i) {
      xids.push_back("x" + std::to_string(i));
      ids.push_back(Put(txn.get(), MakeNode(xids.back(), "Person", "P" + std::to_string(i))));
    }
    ASSERT_TRUE(txn->Commit().ok());
  }
  ASSERT_TRUE(db->Flush().ok());  // the keys in table files, not a memtable
  {  // node records cached first: what is added below is the xid family's
    auto view = db->Read();
    Node n;
    for (NodeId id : ids)
      ASSERT_TRUE(view->GetNode(id, &n).ok());
  }
  std::vector<WriteTxn::XidRef> refs;
  for (const auto& x : xids)
    refs.push_back({'n', x});
  auto txn = db->BeginWrite("work");  // (may read a block of its own)
  const size_t before = oo.block_cache->GetUsage();
  txn->PrefetchXids(refs);  // every key stored: each of the family's ~30 data blocks is read
  EXPECT_LT(oo.block_cache->GetUsage(), before + 64 * 1024);  // filled, it grows by ~400 KB
  // The same answers. (The look-ups one by one that follow, StoredXid, read
  // without filling too, but RocksDB then charges the cache a few bytes of
  // bookkeeping per read, so their effect is not measured here: a 1M-record
  // JSONL import's cache 103 -> 53 MiB.)
  for (size_t i = 0; i < xids.size(); ++i)
    ASSERT_EQ(txn->FindNode(xids[i]), ids[i]) << xids[i];
  EXPECT_FALSE(txn->FindNode("y"));
}

// Staged batches of nodes x0..x199 (and their claims) in `txn`.
void StageNodes(WriteTxn* txn, NodeId doc, std::vector<NodeId>* ids) {
  txn->SetSpillThreshold(50);
  for (int i = 0; i < 200; ++i) {
    const std::string x = "x" + std::to_string(i);
    ids->push_back(Put(txn, MakeNode(x, "Person", "Person " + x)));
    PutClaim(txn, "cl-" + x, ids->back(), doc);
  }
  ASSERT_GE(txn->spills(), 3u);
  ASSERT_TRUE(txn->Spill().ok());  // the last batch staged too
}

// Filter probes of RocksDB's table files while `f` runs.
template <typename F>
uint64_t TableFilterProbes(F f) {
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  auto* pc = rocksdb::get_perf_context();
  pc->Reset();
  pc->EnablePerLevelPerfContext();
  f();
  // Get counts its probes here, MultiGet per level.
  uint64_t probes = pc->bloom_sst_hit_count + pc->bloom_sst_miss_count;
  if (pc->level_to_perf_context)
    for (const auto& [level, c] : *pc->level_to_perf_context)
      probes += c.bloom_filter_useful + c.bloom_filter_full_positive;
  pc->DisablePerLevelPerfContext();
  pc->ClearPerLevelPerfContext();
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  return probes;
}

// In a database that held no xid of a kind, a transaction knows which keys
// of that kind its staged batches wrote (KeyFilter): new keys are absent
// without a read of the staged files, and the staged ones are still found.
TEST(PrefetchXids, NewXidsOfAKindTheDatabaseDidNotHoldAreNotReadFromTheStagedFiles) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  auto txn = db->BeginWrite("import");
  const NodeId doc = Put(txn.get(), MakeNode("doc", "Document", "Report"));
  std::vector<NodeId> ids;
  StageNodes(txn.get(), doc, &ids);
  std::vector<WriteTxn::XidRef> refs;
  std::vector<std::string> fresh;
  // Within the staged files' key range (outside it, RocksDB skips them).
  for (int i = 0; i < 100; ++i)
    fresh.push_back("x" + std::to_string(i) + "-new");
  for (const auto& y : fresh)
    refs.push_back({'n', y.c_str()});
  const uint64_t probes = TableFilterProbes([&] {
    txn->PrefetchXids(refs);
    for (const auto& y : fresh)
      EXPECT_FALSE(txn->FindNode(y)) << y;
    EXPECT_FALSE(txn->FindNode("x5-other"));  // not prefetched: Get
  });
  EXPECT_EQ(probes, 0u);
  // Staged keys: read (and found) through RocksDB.
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(txn->FindNode("x" + std::to_string(i)), ids[i]) << i;
  const ClaimId c7 = PutClaim(txn.get(), "cl-x7", ids[7], doc);
  EXPECT_EQ(txn->claim_counts().unchanged, 1u);
  EXPECT_EQ(txn->claim_counts().created, 200u);
  EXPECT_EQ(Put(txn.get(), MakeNode("x9", "Person", "Person x9")), ids[9]);
  EXPECT_EQ(txn->node_counts().created, 201u);
  ASSERT_TRUE(txn->Commit().ok());
  auto view = db->Read();
  EXPECT_EQ(view->FindNode("x199"), ids[199]);
  EXPECT_EQ(view->FindClaim("cl-x7"), c7);
  EXPECT_FALSE(view->FindNode("x0-new"));
}

// The control: where the database held nodes already, new node xids are
// read (the staged files' filters probed), with the same answers.
TEST(PrefetchXids, NewXidsOfAKindTheDatabaseHeldAreRead) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  NodeId doc = 0, a = 0;
  CommitBase(db.get(), &doc, &a);
  auto txn = db->BeginWrite("import");
  std::vector<NodeId> ids;
  StageNodes(txn.get(), doc, &ids);
  const uint64_t probes = TableFilterProbes([&] {
    txn->PrefetchXids(Refs({{'n', "x0-new"}, {'n', "x1-new"}}));
    EXPECT_FALSE(txn->FindNode("x0-new"));
    EXPECT_FALSE(txn->FindNode("x5-other"));  // not prefetched: Get
  });
  EXPECT_GT(probes, 0u);
  EXPECT_EQ(txn->FindNode("x3"), ids[3]);
  EXPECT_EQ(txn->FindNode("a"), a);
}

}  // namespace
}  // namespace actorgraph
