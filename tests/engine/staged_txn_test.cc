// Staged (spilling) write transactions: the data they commit, what readers
// see meanwhile, abort and crash rollback through the undo log.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>
#include <rocksdb/table_properties.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include "engine/adjacency_cache.h"
#include "engine/coding.h"
#include "engine/database.h"
#include "engine/read_view.h"
#include "engine/store_core.h"
#include "engine/undo_log.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;
using testing::TempDir;

size_t CountUndo(Database* db) {
  size_t n = 0;
  for (const auto& [k, v] : testing::DumpStore(db))
    if (k.starts_with(std::string("meta|") + kMetaUndoPrefix)) ++n;
  return n;
}

// Says which keys differ, for a readable failure.
void ExpectSameDump(const std::map<std::string, std::string>& want,
                    const std::map<std::string, std::string>& got) {
  for (const auto& [k, v] : want) {
    auto it = got.find(k);
    if (it == got.end())
      ADD_FAILURE() << "missing key " << k;
    else if (it->second != v)
      ADD_FAILURE() << "value differs for " << k;
  }
  for (const auto& [k, v] : got)
    if (!want.count(k)) ADD_FAILURE() << "extra key " << k;
}

NodeId Put(WriteTxn* txn, Node n) {
  auto r = txn->PutNode(&n);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return n.id;
}

RelId PutRel(WriteTxn* txn, const std::string& xid, const std::string& type, NodeId s, NodeId d,
             const char* from = nullptr) {
  Relationship r;
  r.xid = xid;
  r.type = type;
  r.src = s;
  r.dst = d;
  if (from) r.valid.from = *PartialDate::Parse(from);
  auto res = txn->PutRel(&r);
  EXPECT_TRUE(res.ok()) << res.status().ToString();
  return r.id;
}

ClaimId PutClaim(WriteTxn* txn, const std::string& xid, NodeId target, NodeId doc,
                 const std::string& quote) {
  Claim c;
  c.xid = xid;
  c.target_kind = TargetKind::kNode;
  c.target = target;
  c.source = doc;
  c.quote = quote;
  auto res = txn->PutClaim(&c);
  EXPECT_TRUE(res.ok()) << res.status().ToString();
  return c.id;
}

// Transaction 1: what the staged transaction starts from.
void CommitBase(Database* db) {
  auto txn = db->BeginWrite("base");
  NodeId doc = Put(txn.get(), MakeNode("doc", "Document", "Report"));
  NodeId w = Put(txn.get(), MakeNode("wagner", "PrivateMilitaryCompany", "Wagner Group"));
  NodeId m = Put(txn.get(), MakeNode("mali", "State", "Mali", {{"iso", Value("MLI")}}));
  NodeId f = Put(txn.get(), MakeNode("fama", "ArmedForce", "FAMa"));
  PutRel(txn.get(), "w-m", "CONTRACTED_BY", w, m, "2021-12");
  PutRel(txn.get(), "w-f", "ALLIED_WITH", w, f, "2022");
  PutClaim(txn.get(), "c-old", w, doc, "first words");
  ASSERT_TRUE(txn->Commit().ok());
}

// Transaction 2, the same sequence of calls whatever the spill threshold:
// creations, updates of committed and of freshly created (maybe staged)
// entities, a relationship moved to another end, a superseded claim, a claim
// rewritten within the transaction, deletions of committed and of created
// entities.
void RunWorkload(WriteTxn* txn) {
  const NodeId doc = *txn->FindNode("doc");
  const NodeId w = *txn->FindNode("wagner");
  const NodeId m = *txn->FindNode("mali");
  const NodeId f = *txn->FindNode("fama");
  std::vector<NodeId> people;
  for (int i = 0; i < 12; ++i) {
    people.push_back(
        Put(txn, MakeNode("p" + std::to_string(i), "Person", "Person Number " + std::to_string(i),
                          {{"nationality", Value("Mali")}})));
    PutRel(txn, "emp" + std::to_string(i), "MEMBER_OF", people.back(), i % 2 ? w : f);
    PutClaim(txn, "cp" + std::to_string(i), people.back(), doc, "seen " + std::to_string(i));
  }
  // Updates: a committed node renamed (index entries retired), a created one
  // renamed twice, with a new property name interned late.
  Node wn;
  ASSERT_TRUE(txn->GetNode(w, &wn).ok());
  wn.name = "PMC Wagner";
  wn.aliases = {{"Wagner Group", {}}};
  Put(txn, wn);
  Node p0;
  ASSERT_TRUE(txn->GetNode(people[0], &p0).ok());
  p0.name = "Renamed Person";
  p0.props.push_back({"birth_date", Value("1970")});
  Put(txn, p0);
  p0.name = "Renamed Again";
  Put(txn, p0);
  // A relationship moved: created earlier in this txn, now to the other end.
  Relationship emp1;
  ASSERT_TRUE(txn->GetRel(*txn->FindRel("emp1"), &emp1).ok());
  emp1.dst = f;
  ASSERT_TRUE(txn->PutRel(&emp1).ok());
  // A committed relationship moved too.
  Relationship wm;
  ASSERT_TRUE(txn->GetRel(*txn->FindRel("w-m"), &wm).ok());
  wm.valid.from = *PartialDate::Parse("2021-11");
  ASSERT_TRUE(txn->PutRel(&wm).ok());
  // Claims: a committed one superseded, a created one rewritten (twice, the
  // second time about another node).
  PutClaim(txn, "c-old", w, doc, "other words");
  PutClaim(txn, "cp3", people[3], doc, "rewritten");
  PutClaim(txn, "cp3", people[4], doc, "rewritten about another");
  // Deletions: a committed relationship, a created node with its
  // relationships, a created relationship.
  ASSERT_TRUE(txn->DeleteRel(*txn->FindRel("w-f")).ok());
  ASSERT_TRUE(txn->DeleteNode(people[5], /*detach=*/true).ok());
  ASSERT_TRUE(txn->DeleteRel(*txn->FindRel("emp6")).ok());
  Put(txn, MakeNode("late", "Company", "Late Company SARL", {{"registration_number", Value("7")}}));
  PutRel(txn, "late-m", "AFFILIATE_OF", *txn->FindNode("late"), m);
}

TEST(StagedTxn, SpilledCommitWritesExactlyWhatOneBatchWrites) {
  TempDir a;
  auto da = std::move(Database::Open(a.path())).value();
  CommitBase(da.get());
  WriteCounts na, ra, ca;
  {
    auto txn = da->BeginWrite("work");
    RunWorkload(txn.get());
    EXPECT_EQ(txn->spills(), 0u);
    ASSERT_EQ(*txn->Commit(), 2u);
    na = txn->node_counts(), ra = txn->rel_counts(), ca = txn->claim_counts();
  }
  const auto want = testing::DumpStore(da.get());
  // Several thresholds, so that spills fall between different calls.
  std::unique_ptr<Database> dbb;
  std::vector<std::unique_ptr<TempDir>> dirs;
  for (size_t threshold : {1, 2, 3, 5, 8}) {
    SCOPED_TRACE("threshold " + std::to_string(threshold));
    dirs.push_back(std::make_unique<TempDir>());
    dbb = std::move(Database::Open(dirs.back()->path())).value();
    CommitBase(dbb.get());
    WriteCounts nb, rb, cb;
    auto txn = dbb->BeginWrite("work");
    txn->SetSpillThreshold(threshold);
    RunWorkload(txn.get());
    EXPECT_GT(txn->spills(), 4u);
    ASSERT_EQ(*txn->Commit(), 2u);
    nb = txn->node_counts(), rb = txn->rel_counts(), cb = txn->claim_counts();
    txn.reset();
    ExpectSameDump(want, testing::DumpStore(dbb.get()));
    EXPECT_EQ(CountUndo(dbb.get()), 0u);
    for (auto [x, y] : {std::pair{na, nb}, {ra, rb}, {ca, cb}}) {
      EXPECT_EQ(x.created, y.created);
      EXPECT_EQ(x.updated, y.updated);
      EXPECT_EQ(x.unchanged, y.unchanged);
      EXPECT_EQ(x.deleted, y.deleted);
    }
  }
  // History as of transaction 1 reads the base state.
  auto old = dbb->Read(1);
  Node w;
  ASSERT_TRUE(old->GetNode(*old->FindNode("wagner"), &w).ok());
  EXPECT_EQ(w.name, "Wagner Group");
  EXPECT_FALSE(old->FindNode("p0"));
  EXPECT_TRUE(old->FindRel("w-f"));
  auto now = dbb->Read();
  EXPECT_FALSE(now->FindRel("w-f"));
  EXPECT_FALSE(now->FindNode("p5"));
  ASSERT_TRUE(now->GetNode(*now->FindNode("p0"), &w).ok());
  EXPECT_EQ(w.name, "Renamed Again");
  auto found = now->FindByName("renamed again");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 1u);
  EXPECT_TRUE(now->FindByName("person number 0")->empty());
}

TEST(StagedTxn, ReadersSeeNothingUntilCommitThenEverything) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  auto before = db->Read();
  const auto stats_before = *db->Stats();
  auto txn = db->BeginWrite("work");
  txn->SetSpillThreshold(2);
  RunWorkload(txn.get());
  ASSERT_GT(txn->spills(), 0u);
  // The writer reads its own staged writes...
  EXPECT_TRUE(txn->FindNode("p11"));
  EXPECT_FALSE(txn->base().FindNode("p11"));
  // ...no reader does, whether opened before or during the transaction.
  auto during = db->Read();
  for (ReadView* v : {before.get(), during.get()}) {
    EXPECT_EQ(v->as_of(), 1u);
    EXPECT_FALSE(v->FindNode("p0"));
    EXPECT_FALSE(v->FindRel("emp0"));
    EXPECT_TRUE(v->FindRel("w-f"));
    EXPECT_TRUE(v->FindByName("person number 1")->empty());
    auto w = v->FindNode("wagner");
    ASSERT_TRUE(w);
    int rels = 0;
    for (auto c = v->Adjacency(*w, Direction::kBoth); c->Valid(); c->Next())
      ++rels;
    EXPECT_EQ(rels, 2);
    EXPECT_EQ(v->Claims(TargetKind::kNode, *w)->size(), 1u);
  }
  const auto stats_during = *db->Stats();
  EXPECT_EQ(stats_during.nodes, stats_before.nodes);
  EXPECT_EQ(stats_during.relationships, stats_before.relationships);
  EXPECT_EQ(stats_during.rels_per_type, stats_before.rels_per_type);
  EXPECT_EQ(stats_during.nodes_per_label, stats_before.nodes_per_label);
  EXPECT_EQ(stats_during.claims, stats_before.claims);
  // Scans see the committed relationships only, as they were.
  std::vector<std::string> scanned;
  ASSERT_TRUE(during
                  ->ForEachRel([&](const Relationship& r) {
                    scanned.push_back(r.xid + " " + (r.valid.from ? r.valid.from->ToString() : ""));
                    return true;
                  })
                  .ok());
  std::sort(scanned.begin(), scanned.end());
  EXPECT_EQ(scanned, (std::vector<std::string>{"w-f 2022", "w-m 2021-12"}));
  EXPECT_EQ(db->LastTxn(), 1u);
  ASSERT_EQ(*txn->Commit(), 2u);
  auto after = db->Read();
  EXPECT_EQ(after->as_of(), 2u);
  EXPECT_TRUE(after->FindNode("p11"));
  EXPECT_TRUE(after->FindRel("emp0"));
  EXPECT_FALSE(after->FindRel("w-f"));
  EXPECT_FALSE(during->FindNode("p11"));  // an open view keeps its snapshot
}

// The adjacency cache of the latest transaction stays the committed one
// while a transaction is staged, and follows the commit.
TEST(StagedTxn, AdjacencyCacheNeverSeesStagedWrites) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  auto cache = CoreOf(*db)->adj_cache;  // white-box: the database's own cache
  const NodeId w = *db->Read()->FindNode("wagner");
  auto edges_of_w = [&](const AdjacencySnapshot& s) { return s.Out(w).size() + s.In(w).size(); };
  {
    auto v = db->Read();
    auto snap = cache->Get(*v);
    ASSERT_TRUE(snap);
    EXPECT_EQ(edges_of_w(*snap), 2u);
  }
  auto txn = db->BeginWrite("work");
  txn->SetSpillThreshold(2);
  RunWorkload(txn.get());
  ASSERT_GT(txn->spills(), 0u);
  {
    cache->Clear();  // a reader during the staged txn builds it anew
    auto v = db->Read();
    auto snap = cache->Get(*v);
    ASSERT_TRUE(snap);
    EXPECT_EQ(snap->txn(), 1u);
    EXPECT_EQ(edges_of_w(*snap), 2u);  // not the staged MEMBER_OF edges
  }
  ASSERT_TRUE(txn->Commit().ok());
  auto v = db->Read();
  auto snap = cache->Get(*v);
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->txn(), 2u);
  int via_rocksdb = 0;
  for (auto c = v->Adjacency(w, Direction::kBoth); c->Valid(); c->Next())
    ++via_rocksdb;
  EXPECT_EQ(edges_of_w(*snap), static_cast<size_t>(via_rocksdb));
  EXPECT_GT(via_rocksdb, 2);
}

TEST(StagedTxn, AbortAfterSpillsRestoresEveryKey) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  const auto dump = testing::DumpStore(db.get());
  {
    auto txn = db->BeginWrite("work");
    txn->SetSpillThreshold(3);
    RunWorkload(txn.get());
    ASSERT_GT(txn->spills(), 5u);
    EXPECT_GT(CountUndo(db.get()), 0u);
  }  // destroyed without Commit
  ExpectSameDump(dump, testing::DumpStore(db.get()));
  EXPECT_EQ(db->Read()->as_of(), 1u);
  {
    auto txn = db->BeginWrite("work");
    txn->SetSpillThreshold(3);
    RunWorkload(txn.get());
    ASSERT_TRUE(txn->Rollback().ok());
    EXPECT_FALSE(txn->Commit().ok());  // spent
  }
  ExpectSameDump(dump, testing::DumpStore(db.get()));
  // The next transaction commits normally on top.
  auto txn = db->BeginWrite("work");
  RunWorkload(txn.get());
  ASSERT_EQ(*txn->Commit(), 2u);
  EXPECT_TRUE(db->Read()->FindNode("p11"));
}

// Keys of entities a staged batch creates are undone by key-only records
// (one per family, not one entry per key), which an abort applies whole.
TEST(StagedTxn, NewKeysTakeKeyOnlyUndoRecords) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  const auto dump = testing::DumpStore(db.get());
  auto txn = db->BeginWrite("work");
  txn->SetSpillThreshold(1000);
  const NodeId doc = *txn->FindNode("doc");
  for (int i = 0; i < 2500; ++i) {
    NodeId p =
        Put(txn.get(), MakeNode("n" + std::to_string(i), "Person", "Person " + std::to_string(i)));
    PutClaim(txn.get(), "cl" + std::to_string(i), p, doc, "q");
  }
  ASSERT_EQ(txn->spills(), 4u);
  size_t key_only = 0, with_values = 0;
  for (const auto& [k, v] : testing::DumpStore(db.get())) {
    if (!k.starts_with(std::string("meta|") + kMetaUndoPrefix)) continue;
    ++(!v.empty() && v[0] == '\xff' ? key_only : with_values);
  }
  // Per batch: nodes, claims, xid, index, history at most; the 2 x 1000 new
  // entities' ~10,000 keys would otherwise be as many entries.
  EXPECT_GT(key_only, 0u);
  EXPECT_LE(key_only, 4u * 6u);
  EXPECT_EQ(with_values, 0u);  // nothing here overwrites a stored key
  EXPECT_TRUE(txn->FindNode("n1999"));
  txn.reset();  // abort
  ExpectSameDump(dump, testing::DumpStore(db.get()));
  EXPECT_FALSE(db->Read()->FindNode("n0"));
}

// Staged batches go to SST files ingested into RocksDB, not through the
// memtables; an abort still restores every key and a commit leaves no files.
TEST(StagedTxn, StagedBatchesAreIngestedAsFiles) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  StoreCore* core = CoreOf(*db);
  auto count = [&](const char* property) {
    uint64_t n = 0;
    EXPECT_TRUE(core->db->GetIntProperty(core->h(kNodes), property, &n));
    return n;
  };
  const auto dump = testing::DumpStore(db.get());
  for (bool commit : {false, true}) {
    SCOPED_TRACE(commit ? "commit" : "abort");
    // (The first ingestion may flush what the memtable held; it never grows.)
    const uint64_t in_memtable = count("rocksdb.num-entries-active-mem-table");
    const uint64_t files = count("rocksdb.total-sst-files-size");
    auto txn = db->BeginWrite("work");
    txn->SetSpillThreshold(3);
    RunWorkload(txn.get());
    ASSERT_GT(txn->spills(), 5u);
    EXPECT_LE(count("rocksdb.num-entries-active-mem-table"), in_memtable);
    EXPECT_GT(count("rocksdb.total-sst-files-size"), files);
    EXPECT_TRUE(txn->FindNode("p11"));
    if (commit) {
      ASSERT_EQ(*txn->Commit(), 2u);
    } else {
      txn.reset();
      ExpectSameDump(dump, testing::DumpStore(db.get()));
    }
  }
  EXPECT_TRUE(db->Read()->FindNode("p11"));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(d.path()) / "staged.tmp"));
}

// A staged file sits in level 0, where every point read of the import
// probes it (mostly for xids that are nowhere), so families with a filter get
// a stronger one there: 20 bits a key instead of the family's 10.
TEST(StagedTxn, StagedFilesOfPointReadFamiliesCarryStrongerFilters) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  StoreCore* core = CoreOf(*db);
  auto tables = [&](int cf) {
    rocksdb::TablePropertiesCollection props;
    EXPECT_TRUE(core->db->GetPropertiesOfAllTables(core->h(cf), &props).ok());
    return props;
  };
  std::map<int, std::set<std::string>> before;
  for (int cf : {kXid, kNodes, kIndex})
    for (const auto& [name, p] : tables(cf))
      before[cf].insert(name);
  auto txn = db->BeginWrite("work");
  txn->SetSpillThreshold(5000);
  for (int i = 0; i < 4000; ++i)
    Put(txn.get(), MakeNode("staged-" + std::to_string(i), "Company", "Firm " + std::to_string(i)));
  ASSERT_TRUE(txn->Spill().ok());
  ASSERT_EQ(txn->spills(), 1u);
  // Reads through the batch while it may still be written, then through its
  // files, of both strengths, once the commit has waited for it.
  EXPECT_TRUE(txn->FindNode("staged-0"));
  EXPECT_FALSE(txn->FindNode("staged-4000"));
  ASSERT_TRUE(txn->Commit().ok());
  auto staged_bits_per_key = [&](int cf) {
    double bits = -1;
    for (const auto& [name, p] : tables(cf))
      if (!before[cf].count(name) && p->num_entries >= 4000)
        bits = 8.0 * static_cast<double>(p->filter_size) / static_cast<double>(p->num_entries);
    return bits;
  };
  EXPECT_GE(staged_bits_per_key(kXid), 18.0);
  EXPECT_GE(staged_bits_per_key(kNodes), 18.0);
  EXPECT_EQ(staged_bits_per_key(kIndex), 0.0);  // scanned, never probed: no filter
  EXPECT_TRUE(db->Read()->FindNode("staged-0"));
  EXPECT_TRUE(db->Read()->FindNode("staged-3999"));
  EXPECT_TRUE(db->Read()->FindNode("wagner"));  // from the base
  EXPECT_FALSE(db->Read()->FindNode("staged-4000"));
}

TEST(StagedTxn, ResultsOfPutsSpilledMidTransactionStayUsable) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  auto txn = db->BeginWrite("work");
  txn->SetSpillThreshold(1);
  const NodeId a = Put(txn.get(), MakeNode("a", "Company", "Alpha"));
  const NodeId b = Put(txn.get(), MakeNode("b", "Company", "Beta"));
  ASSERT_GT(txn->spills(), 0u);
  EXPECT_EQ(txn->pending_entities(), 0u);
  // Relationships between staged nodes, and the node's relationships found
  // through the staged adjacency for DETACH DELETE.
  PutRel(txn.get(), "ab", "OWNS", a, b);
  auto rels = txn->RelsOf(b);
  ASSERT_TRUE(rels.ok());
  EXPECT_EQ(rels->size(), 1u);
  EXPECT_FALSE(txn->DeleteNode(b, /*detach=*/false).ok());
  ASSERT_TRUE(txn->DeleteNode(b, /*detach=*/true).ok());
  EXPECT_FALSE(txn->FindNode("b"));
  EXPECT_FALSE(txn->FindRel("ab"));
  ASSERT_TRUE(txn->Commit().ok());
  auto v = db->Read();
  EXPECT_TRUE(v->FindNode("a"));
  EXPECT_FALSE(v->FindNode("b"));
  EXPECT_EQ(CountUndo(db.get()), 0u);
}

// While the worker writes a batch, reads and puts through the transaction
// are answered from the batch's pending state: here the worker is held before
// it writes anything, and nothing of the batch is in RocksDB yet.
TEST(StagedTxn, ReadsWhileABatchIsBeingWrittenSeeIt) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  StoreCore* core = CoreOf(*db);
  auto txn = db->BeginWrite("work");
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> held{0};
  txn->TEST_SetStagingHook([&] {
    ++held;
    released.wait();
  });
  const NodeId doc = *txn->FindNode("doc");
  const NodeId a = Put(txn.get(), MakeNode("a", "Company", "Alpha"));
  const NodeId b = Put(txn.get(), MakeNode("b", "Company", "Beta"));
  PutRel(txn.get(), "ab", "OWNS", a, b);
  PutClaim(txn.get(), "ca", a, doc, "alpha owns beta");
  ASSERT_TRUE(txn->Spill().ok());
  EXPECT_EQ(txn->pending_entities(), 0u);
  std::string v;
  EXPECT_TRUE(core->db->Get(rocksdb::ReadOptions(), core->h(kXid), XidKey('n', "a"), &v)
                  .IsNotFound());  // not written yet
  // Reads.
  EXPECT_EQ(txn->FindNode("a"), a);
  Node n;
  ASSERT_TRUE(txn->GetNode(b, &n).ok());
  EXPECT_EQ(n.name, "Beta");
  const auto ab = txn->FindRel("ab");
  ASSERT_TRUE(ab);
  Relationship r;
  ASSERT_TRUE(txn->GetRel(*ab, &r).ok());
  EXPECT_EQ(r.src, a);
  auto rels = txn->RelsOf(b);
  ASSERT_TRUE(rels.ok());
  EXPECT_EQ(*rels, std::vector<RelId>{*ab});
  EXPECT_FALSE(txn->FindNode("c"));
  // Puts that build on the batch: an update of a node in it, a relationship
  // and a claim about it, a node put again unchanged.
  n.name = "Beta Holdings";
  Put(txn.get(), n);
  PutRel(txn.get(), "ba", "OWNS", b, a);
  PutClaim(txn.get(), "cb", b, doc, "beta renamed");
  Node again = MakeNode("a", "Company", "Alpha");
  auto unchanged = txn->PutNode(&again);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(*unchanged, PutOutcome::kUnchanged);
  EXPECT_EQ(again.id, a);
  EXPECT_TRUE(core->db->Get(rocksdb::ReadOptions(), core->h(kXid), XidKey('n', "a"), &v)
                  .IsNotFound());  // still held
  release.set_value();
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(held.load(), 2);  // the batch, then the commit's rest
  auto view = db->Read();
  ASSERT_TRUE(view->GetNode(*view->FindNode("b"), &n).ok());
  EXPECT_EQ(n.name, "Beta Holdings");
  EXPECT_TRUE(view->FindRel("ab"));
  EXPECT_TRUE(view->FindRel("ba"));
  auto claims = view->Claims(TargetKind::kNode, b);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->size(), 1u);
  EXPECT_EQ(CountUndo(db.get()), 0u);
}

// A transaction dropped just after a batch was handed to the worker (held
// while more is put): the rollback waits for the batch, then undoes it.
TEST(StagedTxn, AbortRightAfterABatchIsHandedOffRestoresEveryKey) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  const auto dump = testing::DumpStore(db.get());
  {
    auto txn = db->BeginWrite("work");
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    txn->TEST_SetStagingHook([released] { released.wait(); });
    txn->SetSpillThreshold(3);
    for (int i = 0; i < 6; ++i)  // a batch of 4, then 2 pending
      Put(txn.get(), MakeNode("n" + std::to_string(i), "Company", "Firm " + std::to_string(i)));
    EXPECT_EQ(txn->spills(), 1u);
    EXPECT_EQ(txn->pending_entities(), 2u);
    release.set_value();
  }
  ExpectSameDump(dump, testing::DumpStore(db.get()));
  EXPECT_EQ(CountUndo(db.get()), 0u);
}

// A writer that stages several batches and dies without committing.
TEST(StagedTxn, CrashAfterSpillsIsRolledBackAtOpen) {
  TempDir d;
  std::map<std::string, std::string> dump;
  {
    auto db = std::move(Database::Open(d.path())).value();
    CommitBase(db.get());
    dump = testing::DumpStore(db.get());
  }
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto db = Database::Open(d.path());
    if (!db.ok()) _exit(2);
    auto txn = (*db)->BeginWrite("work");
    txn->SetSpillThreshold(3);
    RunWorkload(txn.get());
    if (txn->spills() < 5) _exit(3);
    // As if killed between writing a batch file and ingesting it.
    std::ofstream(d.path() + "/staged.tmp/spill99.sst") << "half-written";
    _exit(0);  // no commit, no destructors: as if killed
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  std::ostringstream info;
  auto db = Database::Open(d.path(), {.create_if_missing = false, .info = &info});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_NE(info.str().find("rolled back"), std::string::npos) << info.str();
  ExpectSameDump(dump, testing::DumpStore(db->get()));
  EXPECT_EQ((*db)->LastTxn(), 1u);
  EXPECT_FALSE((*db)->Read()->FindNode("p0"));
  EXPECT_FALSE(std::filesystem::exists(d.path() + "/staged.tmp"));  // leftovers deleted
  // Opening again finds nothing to roll back.
  db->reset();
  std::ostringstream again;
  auto db2 = Database::Open(d.path(), {.create_if_missing = false, .info = &again});
  ASSERT_TRUE(db2.ok());
  EXPECT_EQ(again.str(), "");
}

// Level-0 merges of the staged families run on a worker thread while the
// writer stages more batches; the writer waits for a slow one, so level 0
// stays bounded. Commit and abort wait for it too: a commit writes what one
// batch writes, an abort restores every key, and both hand compactions back
// to RocksDB.
size_t XidFilesAt(StoreCore* core, int level) {
  rocksdb::ColumnFamilyMetaData meta;
  core->db->GetColumnFamilyMetaData(core->h(kXid), &meta);
  return static_cast<int>(meta.levels.size()) > level ? meta.levels[level].files.size() : 0;
}

// 60 batches of 20 nodes and claims; spilled after each unless `max_l0` is null.
void StageManyBatches(WriteTxn* txn, StoreCore* core, size_t* max_l0) {
  const NodeId doc = *txn->FindNode("doc");
  for (int b = 0; b < 60; ++b) {
    for (int i = 0; i < 20; ++i) {
      const std::string n = std::to_string(b * 20 + i);
      NodeId p = Put(txn, MakeNode("n" + n, "Person", "Person " + n));
      PutClaim(txn, "cl" + n, p, doc, "q" + n);
    }
    if (!max_l0) continue;
    ASSERT_TRUE(txn->Spill().ok());
    *max_l0 = std::max(*max_l0, XidFilesAt(core, 0));
  }
}

bool AutoCompactionsOn(StoreCore* core) {
  for (int c = 1; c < kNumCfs; ++c)
    if (c != kMeta && core->db->GetOptions(core->h(c)).disable_auto_compactions) return false;
  return true;
}

TEST(StagedTxn, LevelZeroIsMergedInTheBackgroundWhileStaging) {
  TempDir a, b;
  auto want_db = std::move(Database::Open(a.path())).value();
  CommitBase(want_db.get());
  {
    auto txn = want_db->BeginWrite("work");
    StageManyBatches(txn.get(), CoreOf(*want_db), nullptr);  // in memory
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto db = std::move(Database::Open(b.path())).value();
  CommitBase(db.get());
  StoreCore* core = CoreOf(*db);
  const auto before = testing::DumpStore(db.get());
  for (bool commit : {false, true}) {
    SCOPED_TRACE(commit ? "commit" : "abort");
    auto txn = db->BeginWrite("work");
    size_t max_l0 = 0;
    StageManyBatches(txn.get(), core, &max_l0);
    ASSERT_EQ(txn->spills(), 60u);
    EXPECT_FALSE(AutoCompactionsOn(core));
    // 60 batches each add an xid file: merged to level 1 meanwhile (at 8 to
    // 24 files, a merge waited for after 8 more batches).
    EXPECT_GT(XidFilesAt(core, 1), 0u);
    EXPECT_LE(max_l0, 24u + 8u + 1u);
    EXPECT_TRUE(txn->FindNode("n1199"));
    if (commit) {
      ASSERT_TRUE(txn->Commit().ok());
      EXPECT_LE(XidFilesAt(core, 0), 4u);  // the rest merged at commit
    } else {
      ASSERT_TRUE(txn->Rollback().ok());
      ExpectSameDump(before, testing::DumpStore(db.get()));
    }
    EXPECT_TRUE(AutoCompactionsOn(core));
  }
  ExpectSameDump(testing::DumpStore(want_db.get()), testing::DumpStore(db.get()));
}

// A transaction dropped right after the batches that start merges (the
// worker most likely still running) leaves the database as it was.
TEST(StagedTxn, AbortWhileAMergeRunsRestoresEveryKey) {
  TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  CommitBase(db.get());
  StoreCore* core = CoreOf(*db);
  const auto dump = testing::DumpStore(db.get());
  for (int batches : {8, 9, 24, 25}) {
    SCOPED_TRACE(std::to_string(batches) + " batches");
    auto txn = db->BeginWrite("work");
    const NodeId doc = *txn->FindNode("doc");
    for (int b = 0; b < batches; ++b) {
      NodeId p = Put(txn.get(), MakeNode("m" + std::to_string(b), "Person", "P"));
      PutClaim(txn.get(), "cm" + std::to_string(b), p, doc, "q");
      ASSERT_TRUE(txn->Spill().ok());
    }
    txn.reset();
    ExpectSameDump(dump, testing::DumpStore(db.get()));
    EXPECT_TRUE(AutoCompactionsOn(core));
  }
}

// A rollback cut short (here: the log rolled back only in part, as a crash
// between two rollback batches leaves it) resumes at the next open.
TEST(StagedTxn, InterruptedRollbackResumes) {
  TempDir d;
  std::map<std::string, std::string> dump;
  {
    auto db = std::move(Database::Open(d.path())).value();
    CommitBase(db.get());
    dump = testing::DumpStore(db.get());
  }
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto db = Database::Open(d.path());
    if (!db.ok()) _exit(2);
    auto txn = (*db)->BeginWrite("work");
    txn->SetSpillThreshold(3);
    RunWorkload(txn.get());
    // Apply the newest undo record by hand, as the first rollback batch
    // would, then die.
    StoreCore* core = CoreOf(**db);
    rocksdb::ReadOptions ro;
    std::unique_ptr<rocksdb::Iterator> it(core->db->NewIterator(ro, core->h(kMeta)));
    it->SeekForPrev(kMetaUndoEnd);
    if (!it->Valid() || !it->key().starts_with(kMetaUndoPrefix)) _exit(4);
    const std::string newest = it->key().ToString();
    it.reset();
    std::string record;
    if (!core->db->Get(ro, core->h(kMeta), newest, &record).ok()) _exit(5);
    rocksdb::WriteBatch b;
    b.Delete(core->h(kMeta), newest);
    if (!ApplyUndoRecord(core, record, &b).ok()) _exit(6);
    if (!core->db->Write(rocksdb::WriteOptions(), &b).ok()) _exit(8);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  auto db = Database::Open(d.path(), {.create_if_missing = false});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ExpectSameDump(dump, testing::DumpStore(db->get()));
}

}  // namespace
}  // namespace actorgraph
