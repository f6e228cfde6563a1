#include "engine/bulk_loader.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/table_properties.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "engine/read_view.h"
#include "engine/store_core.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::TempDir;

// A small graph with everything the index covers: several labels, aliases,
// names that share words, typed properties, intervals, relationships with and
// without xids, and two relationships between the same pair.
struct Graph {
  std::vector<Node> nodes;
  std::vector<Relationship> rels;  // src/dst: indexes into nodes + 1
};

Graph MakeGraph() {
  Graph g;
  auto node = [&](std::string xid, std::vector<std::string> labels, std::string name,
                  ValueMap props = {}) {
    Node n;
    n.xid = std::move(xid);
    n.labels = std::move(labels);
    n.name = std::move(name);
    n.props = std::move(props);
    g.nodes.push_back(n);
    return g.nodes.size();
  };
  const auto doc = node("doc", {"Document"}, "HRW report", {{"date", Value("2022-04-05")}});
  const auto w = node("wagner", {"PrivateMilitaryCompany"}, "Wagner Group");
  g.nodes.back().aliases = {{"PMC Wagner", {}}, {"Africa Corps", {}}};
  const auto mali = node("mali", {"State"}, "Mali", {{"iso", Value("MLI")}});
  const auto fama = node("fama", {"ArmedForce"}, "Forces Armées Maliennes");
  g.nodes.back().valid.from = *PartialDate::Parse("1960");
  const auto ev = node("moura", {"Event"}, "Moura killings",
                       {{"fatalities", Value(int64_t{300})}, {"date", Value("2022-03-27")}});
  auto rel = [&](std::string xid, std::string type, size_t s, size_t d, const char* from,
                 ValueMap props = {}) {
    Relationship r;
    r.xid = std::move(xid);
    r.type = std::move(type);
    r.src = s;
    r.dst = d;
    r.props = std::move(props);
    if (from) r.valid.from = *PartialDate::Parse(from);
    g.rels.push_back(r);
  };
  rel("w-mali", "CONTRACTED_BY", w, mali, "2021-12");
  rel("", "ALLIED_WITH", w, fama, "2022");
  rel("", "ALLIED_WITH", w, fama, "2023");
  rel("p1", "PARTICIPATED_IN", w, ev, nullptr, {{"role", Value("perpetrator")}});
  rel("p2", "PARTICIPATED_IN", fama, ev, nullptr, {{"role", Value("perpetrator")}});
  rel("m1", "MENTIONS", doc, ev, nullptr);
  rel("m2", "MENTIONS", doc, w, nullptr);
  return g;
}

void LoadWithTxn(Database* db, const Graph& g) {
  auto txn = db->BeginWrite("load");
  std::vector<NodeId> ids;
  for (Node n : g.nodes) {
    ASSERT_TRUE(txn->PutNode(&n).ok());
    ids.push_back(n.id);
  }
  for (Relationship r : g.rels) {
    r.src = ids[r.src - 1];
    r.dst = ids[r.dst - 1];
    auto s = txn->PutRel(&r);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
  }
  ASSERT_TRUE(txn->Commit().ok());
}

void LoadBulk(Database* db, const Graph& g, BulkLoadOptions options = {},
              BulkLoadStats* stats = nullptr) {
  auto l = BulkLoader::Begin(db, "load", options);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  std::vector<NodeId> ids;
  for (const Node& n : g.nodes) {
    auto id = (*l)->AddNode(n);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  for (Relationship r : g.rels) {
    r.src = ids[r.src - 1];
    r.dst = ids[r.dst - 1];
    auto id = (*l)->AddRel(r);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }
  auto t = (*l)->Finish();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, 1u);
  if (stats) *stats = (*l)->stats();
}

// Adds `companies` nodes and `alliances` relationships between them to `g`,
// with names and properties whose index keys arrive out of order, and
// derived relationship ids made distinct by their start years (from
// `first_year` on).
void AddCompanies(Graph* g, int companies, int alliances, int first_year) {
  const size_t base = g->nodes.size();
  for (int i = 0; i < companies; ++i) {
    Node n;
    n.xid = "pmc" + std::to_string((i * 7919) % 1000);
    n.labels = {"PrivateMilitaryCompany"};
    n.name = "Company " + std::to_string((i * 104729) % 997) + " Group";
    g->nodes.push_back(n);
  }
  for (int i = 0; i < alliances; ++i) {
    Relationship r;
    r.xid = i % 3 ? "r" + std::to_string(i) : "";
    r.type = "ALLIED_WITH";
    r.src = base + 1 + (i * 31) % companies;
    r.dst = base + 1 + (i * 17 + 5) % companies;
    r.valid.from = *PartialDate::Parse(std::to_string(first_year + i));
    g->rels.push_back(r);
  }
}

void ExpectSameContent(Database* txn_db, Database* bulk_db) {
  auto x = testing::DumpStore(txn_db), y = testing::DumpStore(bulk_db);
  EXPECT_EQ(x.size(), y.size());
  for (const auto& [k, v] : x) {
    auto it = y.find(k);
    ASSERT_TRUE(it != y.end()) << "bulk load lacks key " << k;
    EXPECT_EQ(it->second, v) << "value differs for " << k;
  }
}

TEST(BulkLoaderTest, WritesExactlyWhatWriteTxnWrites) {
  Graph g = MakeGraph();
  TempDir a, b;
  auto da = Database::Open(a.path());
  auto dbb = Database::Open(b.path());
  ASSERT_TRUE(da.ok() && dbb.ok());
  LoadWithTxn(da->get(), g);
  BulkLoadStats st;
  LoadBulk(dbb->get(), g, {}, &st);
  EXPECT_EQ(st.runs, 0u);  // the default budget holds this graph
  ExpectSameContent(da->get(), dbb->get());
}

// A graph larger than the memory budget: many sorted runs are spilled and
// merged, and the result is still exactly what one WriteTxn writes.
TEST(BulkLoaderTest, SpilledRunsWriteExactlyWhatWriteTxnWrites) {
  Graph g = MakeGraph();
  AddCompanies(&g, 300, 600, 1400);  // many more nodes and relationships
  TempDir a, b;
  auto da = Database::Open(a.path());
  auto dbb = Database::Open(b.path());
  ASSERT_TRUE(da.ok() && dbb.ok());
  LoadWithTxn(da->get(), g);
  BulkLoadOptions small;
  small.memory_budget_bytes = 16 << 10;
  BulkLoadStats st;
  LoadBulk(dbb->get(), g, small, &st);
  EXPECT_GT(st.runs, 3u);
  EXPECT_LT(st.runs, st.keys / 20);  // batches of many entries, not one each
  ExpectSameContent(da->get(), dbb->get());
  // The temporary files are gone.
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(b.path()) / "bulk-load.tmp"));
}

// With restart points every few entries the merge of each large family is
// split into key ranges, each its own file: the files of a family do not
// overlap, all land in one (the bottom) level, and together they hold exactly
// what one WriteTxn writes.
TEST(BulkLoaderTest, MergeSplitIntoKeyRangesWritesExactlyWhatWriteTxnWrites) {
  Graph g = MakeGraph();
  AddCompanies(&g, 400, 800, 1200);
  TempDir a, b;
  auto da = Database::Open(a.path());
  auto dbb = Database::Open(b.path());
  ASSERT_TRUE(da.ok() && dbb.ok());
  LoadWithTxn(da->get(), g);
  BulkLoadOptions opts;
  opts.memory_budget_bytes = 32 << 10;
  opts.run_restart_interval = 8;
  BulkLoadStats st;
  LoadBulk(dbb->get(), g, opts, &st);
  EXPECT_GT(st.runs, 3u);
  ExpectSameContent(da->get(), dbb->get());
  StoreCore* core = CoreOf(**dbb);
  std::vector<rocksdb::LiveFileMetaData> files;
  core->db->GetLiveFilesMetaData(&files);
  std::map<std::string, std::vector<rocksdb::LiveFileMetaData>> by_cf;
  for (const auto& f : files)
    by_cf[f.column_family_name].push_back(f);
  for (int c : {kOut, kIn, kXid, kIndex}) {
    auto& fs = by_cf[CfName(c)];
    EXPECT_GT(fs.size(), 1u) << CfName(c);
    std::sort(fs.begin(), fs.end(),
              [](const auto& x, const auto& y) { return x.smallestkey < y.smallestkey; });
    for (size_t i = 0; i < fs.size(); ++i) {
      EXPECT_EQ(fs[i].level, fs[0].level) << CfName(c);
      EXPECT_GT(fs[i].level, 0) << CfName(c);
      if (i > 0) {
        EXPECT_LT(fs[i - 1].largestkey, fs[i].smallestkey) << CfName(c);
      }
    }
  }
  EXPECT_EQ(st.sst_files, files.size() - by_cf[CfName(kMeta)].size() + 1);
}

TEST(BulkLoaderTest, ReadsAfterReopenAndAcceptsLaterWrites) {
  Graph g = MakeGraph();
  TempDir d;
  {
    auto db = Database::Open(d.path());
    ASSERT_TRUE(db.ok());
    LoadBulk(db->get(), g);
  }
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->LastTxn(), 1u);
  auto view = (*db)->Read();
  auto w = view->FindNode("wagner");
  ASSERT_TRUE(w.has_value());
  Node n;
  ASSERT_TRUE(view->GetNode(*w, &n).ok());
  EXPECT_EQ(n.name, "Wagner Group");
  EXPECT_EQ(n.aliases.size(), 2u);
  auto byname = view->FindByName("pmc wagner");
  ASSERT_TRUE(byname.ok());
  ASSERT_EQ(byname->size(), 1u);
  EXPECT_EQ((*byname)[0].node, *w);
  auto byword = view->FindByWords("maliennes");
  ASSERT_TRUE(byword.ok());
  EXPECT_EQ(byword->size(), 1u);
  auto byprop = view->FindByProperty("iso", Value("MLI"));
  ASSERT_TRUE(byprop.ok());
  EXPECT_EQ(byprop->size(), 1u);
  int out = 0;
  for (auto c = view->Adjacency(*w, Direction::kOut); c->Valid(); c->Next())
    ++out;
  EXPECT_EQ(out, 4);  // CONTRACTED_BY, ALLIED_WITH x2, PARTICIPATED_IN
  int rels = 0;
  ASSERT_TRUE(view->ForEachRel([&](const Relationship&) { return ++rels, true; }).ok());
  EXPECT_EQ(rels, 7);
  auto st = (*db)->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->nodes, 5u);
  EXPECT_EQ(st->relationships, 7u);
  // A later transaction works on top and keeps history.
  auto txn = (*db)->BeginWrite("rename");
  n.name = "Wagner";
  ASSERT_TRUE(txn->PutNode(&n).ok());
  ASSERT_TRUE(txn->Commit().ok());
  auto old = (*db)->Read(1);
  Node before;
  ASSERT_TRUE(old->GetNode(*w, &before).ok());
  EXPECT_EQ(before.name, "Wagner Group");
}

TEST(BulkLoaderTest, RejectsNonEmptyDatabaseOntologyErrorsAndDuplicates) {
  Graph g = MakeGraph();
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok());
  {
    auto l = BulkLoader::Begin(db->get(), "x");
    ASSERT_TRUE(l.ok());
    Node bad;
    bad.xid = "x";
    bad.name = "X";
    bad.labels = {"NoSuchLabel"};
    EXPECT_FALSE((*l)->AddNode(bad).ok());
    Node a = g.nodes[1], b = g.nodes[1];
    ASSERT_TRUE((*l)->AddNode(a).ok());
    ASSERT_TRUE((*l)->AddNode(b).ok());  // caught at Finish
    Relationship r;
    r.type = "OCCURRED_AT";  // PMC -> PMC is not allowed
    r.src = 1;
    r.dst = 2;
    EXPECT_FALSE((*l)->AddRel(r).ok());
    auto t = (*l)->Finish();
    EXPECT_FALSE(t.ok());
    EXPECT_NE(t.status().ToString().find("given twice"), std::string::npos)
        << t.status().ToString();
  }
  EXPECT_EQ((*db)->LastTxn(), 0u);  // nothing ingested
  LoadWithTxn(db->get(), g);
  EXPECT_FALSE(BulkLoader::Begin(db->get(), "again").ok());
}

// AddRel remembers which pairs of label sets a type's endpoints were found
// to satisfy; that must not let a later relationship of the type through
// with other endpoints, nor with properties the type does not take.
TEST(BulkLoaderTest, RelationshipChecksHoldAfterTheTypeWasSeen) {
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok());
  auto l = BulkLoader::Begin(db->get(), "x");
  ASSERT_TRUE(l.ok());
  auto add = [&](const char* xid, const char* label) {
    Node n;
    n.xid = xid;
    n.name = xid;
    n.labels = {label};
    auto id = (*l)->AddNode(n);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  };
  const NodeId wagner = add("wagner", "PrivateMilitaryCompany"), fama = add("fama", "ArmedForce"),
               moura = add("moura", "Event"), doc = add("doc", "Document");
  auto rel = [&](const char* type, NodeId src, NodeId dst, ValueMap props = {}) {
    Relationship r;
    r.type = type;
    r.src = src;
    r.dst = dst;
    r.props = std::move(props);
    return (*l)->AddRel(std::move(r)).status();
  };
  EXPECT_TRUE(rel("PARTICIPATED_IN", wagner, moura, {{"role", Value("perpetrator")}}).ok());
  // The same label sets again, but a role the enum lacks and an undeclared property.
  Status bad_role = rel("PARTICIPATED_IN", wagner, moura, {{"role", Value("bystander")}});
  EXPECT_EQ(bad_role.code(), Status::Code::kOntology) << bad_role.ToString();
  EXPECT_NE(bad_role.ToString().find("props.role"), std::string::npos) << bad_role.ToString();
  Status undeclared = rel("PARTICIPATED_IN", wagner, moura, {{"tonnage", Value(int64_t{3})}});
  EXPECT_NE(undeclared.ToString().find("not declared"), std::string::npos) << undeclared.ToString();
  // The same type towards a label set it does not allow, then from one.
  Status to_actor = rel("PARTICIPATED_IN", wagner, fama);
  EXPECT_NE(to_actor.ToString().find("field 'dst'"), std::string::npos) << to_actor.ToString();
  Status from_doc = rel("PARTICIPATED_IN", doc, moura);
  EXPECT_NE(from_doc.ToString().find("field 'src'"), std::string::npos) << from_doc.ToString();
  // An unknown type, twice: rejected both times, never interned.
  for (int i = 0; i < 2; ++i)
    EXPECT_NE(rel("PAID_BY", wagner, fama).ToString().find("unknown relationship type"),
              std::string::npos);
  EXPECT_TRUE(rel("PARTICIPATED_IN", fama, moura).ok());
  ASSERT_TRUE((*l)->Finish().ok());
  EXPECT_EQ((*l)->stats().relationships, 2u);
}

// Ids in ascending order let the xid family stream straight into its SST
// file; ids that then go back down break the stream, whose file is merged
// with the runs. The result is still exactly what WriteTxn writes.
TEST(BulkLoaderTest, FamilyThatStopsArrivingInOrderIsMerged) {
  Graph g;
  char xid[16];
  for (int i = 0; i < 400; ++i) {
    std::snprintf(xid, sizeof xid, "%c%04d", i < 250 ? 'x' : 'a', i);
    Node n;
    n.xid = xid;
    n.labels = {"State"};
    n.name = "State " + std::to_string(i);
    g.nodes.push_back(n);
  }
  TempDir a, b;
  auto da = Database::Open(a.path());
  auto dbb = Database::Open(b.path());
  ASSERT_TRUE(da.ok() && dbb.ok());
  LoadWithTxn(da->get(), g);
  BulkLoadOptions small;
  small.memory_budget_bytes = 16 << 10;
  BulkLoadStats st;
  LoadBulk(dbb->get(), g, small, &st);
  EXPECT_GT(st.runs, 3u);
  ExpectSameContent(da->get(), dbb->get());
}

// Bulk-loaded files land in the bottom level, compressed with ZSTD; only the
// xid family, read by point lookups that often miss, carries a Bloom filter
// (nodes and rels are read by dense ids that exist; docs/storage-format.md).
TEST(BulkLoaderTest, IngestedFilesUseTheBottomLevelOptions) {
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok());
  LoadBulk(db->get(), MakeGraph());
  StoreCore* core = CoreOf(**db);
  // (meta also holds a flushed file: the format version written on open.)
  for (int c : {kNodes, kRels, kXid, kOut, kIn, kIndex}) {
    rocksdb::TablePropertiesCollection props;
    ASSERT_TRUE(core->db->GetPropertiesOfAllTables(core->h(c), &props).ok());
    ASSERT_EQ(props.size(), 1u) << CfName(c);
    const auto& p = *props.begin()->second;
    EXPECT_EQ(p.compression_name, "ZSTD") << CfName(c);
    // The loader's own settings for its files (BulkSstOptions).
    const bool scanned = c == kOut || c == kIn || c == kIndex;
    const bool streamed = c == kNodes || c == kRels;
    const char* level = scanned ? "level=4;" : streamed ? "level=2;" : "level=3;";
    EXPECT_NE(p.compression_options.find(level), std::string::npos)
        << CfName(c) << ": " << p.compression_options;
    EXPECT_EQ(!p.filter_policy_name.empty(), c == kXid) << CfName(c);
  }
}

// A duplicate id that only shows when runs are merged fails the whole load:
// nothing is ingested and no temporary file is left.
TEST(BulkLoaderTest, DuplicateAcrossRunsIngestsNothing) {
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok());
  {
    BulkLoadOptions small;
    small.memory_budget_bytes = 8 << 10;
    auto l = BulkLoader::Begin(db->get(), "x", small);
    ASSERT_TRUE(l.ok());
    for (int i = 0; i < 150; ++i) {
      Node n;
      n.xid = "n" + std::to_string(i == 149 ? 3 : i);  // the last repeats an early one
      n.labels = {"State"};
      n.name = "State " + std::to_string(i);
      ASSERT_TRUE((*l)->AddNode(n).ok());
    }
    auto t = (*l)->Finish();
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.status().ToString().find("'n3' given twice"), std::string::npos)
        << t.status().ToString();
    EXPECT_GT((*l)->stats().runs, 1u);
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(d.path()) / "bulk-load.tmp"));
  }
  EXPECT_EQ((*db)->LastTxn(), 0u);
  EXPECT_FALSE((*db)->Read()->FindNode("n0").has_value());
}

// A loader dropped before Finish leaves no temporary files behind.
TEST(BulkLoaderTest, AbandonedLoadRemovesTemporaryFiles) {
  TempDir d;
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok());
  const auto tmp = std::filesystem::path(d.path()) / "bulk-load.tmp";
  {
    BulkLoadOptions small;
    small.memory_budget_bytes = 8 << 10;
    auto l = BulkLoader::Begin(db->get(), "x", small);
    ASSERT_TRUE(l.ok());
    for (int i = 0; i < 200; ++i) {
      Node n;
      n.xid = "n" + std::to_string(i);
      n.labels = {"State"};
      n.name = "State " + std::to_string(i);
      ASSERT_TRUE((*l)->AddNode(n).ok());
    }
    EXPECT_TRUE(std::filesystem::exists(tmp));
  }
  EXPECT_FALSE(std::filesystem::exists(tmp));
  EXPECT_EQ((*db)->LastTxn(), 0u);
}

}  // namespace
}  // namespace actorgraph
