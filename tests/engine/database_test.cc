#include "engine/database.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine/read_view.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;
using testing::TempDir;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  // Writes a small graph and returns the transaction.
  TxnId WriteBasics() {
    auto txn = db_->BeginWrite("basics");
    Node doc = MakeNode("doc", "Document", "HRW report", {{"date", Value("2022-04-05")}});
    Node w = MakeNode("wagner", "PrivateMilitaryCompany", "Wagner Group");
    w.aliases = {{"PMC Wagner", {}}};
    Node mali = MakeNode("mali", "State", "Mali");
    Node army = MakeNode("fama", "ArmedForce", "Forces Armées Maliennes");
    for (Node* n : {&doc, &w, &mali, &army})
      EXPECT_TRUE(txn->PutNode(n).ok());
    Relationship r1{0, "w-mali-1", "DEPLOYED_IN", 0, 0, {}, {}, 0};
    Relationship c{0, "w-contract", "CONTRACTED_BY", w.id, mali.id, {}, {}, 0};
    c.valid.from = *PartialDate::Parse("2021-12");
    EXPECT_TRUE(txn->PutRel(&c).ok());
    Relationship ally{0, "w-fama", "ALLIED_WITH", w.id, army.id, {}, {}, 0};
    EXPECT_TRUE(txn->PutRel(&ally).ok());
    auto t = txn->Commit();
    EXPECT_TRUE(t.ok());
    (void)r1;
    return *t;
  }
  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, NodesRoundTripWithTypedProperties) {
  WriteBasics();
  auto view = db_->Read();
  auto id = view->FindNode("doc");
  ASSERT_TRUE(id.has_value());
  Node n;
  ASSERT_TRUE(view->GetNode(*id, &n).ok());
  EXPECT_EQ(n.name, "HRW report");
  ASSERT_NE(n.Prop("date"), nullptr);
  EXPECT_EQ(n.Prop("date")->kind(), Value::Kind::kDate);  // coerced by the ontology
  EXPECT_EQ(n.Prop("date")->as_date().ToString(), "2022-04-05");
  EXPECT_FALSE(view->FindNode("nobody").has_value());
}

TEST_F(DatabaseTest, AdjacencyByDirectionAndType) {
  WriteBasics();
  auto view = db_->Read();
  NodeId w = *view->FindNode("wagner"), mali = *view->FindNode("mali");
  std::set<std::string> out_types;
  for (auto c = view->Adjacency(w, Direction::kOut); c->Valid(); c->Next())
    out_types.insert(view->TypeName(c->entry().type_id));
  EXPECT_EQ(out_types, (std::set<std::string>{"ALLIED_WITH", "CONTRACTED_BY"}));
  int n = 0;
  for (auto c = view->Adjacency(w, Direction::kOut, {"CONTRACTED_BY"}); c->Valid(); c->Next()) {
    ++n;
    EXPECT_EQ(c->entry().other, mali);
    EXPECT_EQ(c->entry().valid.from->ToString(), "2021-12");  // interval read from the index
  }
  EXPECT_EQ(n, 1);
  n = 0;
  for (auto c = view->Adjacency(mali, Direction::kIn); c->Valid(); c->Next()) {
    ++n;
    EXPECT_EQ(c->entry().other, w);
    EXPECT_EQ(c->entry().dir, Direction::kIn);
  }
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(view->Adjacency(mali, Direction::kOut)->Valid());
  EXPECT_FALSE(view->Adjacency(w, Direction::kBoth, {"NO_SUCH_TYPE"})->Valid());
}

TEST_F(DatabaseTest, ParallelRelationshipsOfOneTypeAreKept) {
  WriteBasics();
  auto txn = db_->BeginWrite("two deployments");
  Node loc = MakeNode("moura", "Location", "Moura");
  ASSERT_TRUE(txn->PutNode(&loc).ok());
  NodeId w = *txn->FindNode("wagner");
  Relationship a{0, "dep-1", "DEPLOYED_IN", w, loc.id, {}, {}, 0};
  a.valid = {*PartialDate::Parse("2022-01"), *PartialDate::Parse("2022-03")};
  Relationship b{0, "dep-2", "DEPLOYED_IN", w, loc.id, {}, {}, 0};
  b.valid.from = *PartialDate::Parse("2023");
  ASSERT_TRUE(txn->PutRel(&a).ok());
  ASSERT_TRUE(txn->PutRel(&b).ok());
  ASSERT_TRUE(txn->Commit().ok());
  auto view = db_->Read();
  int n = 0;
  for (auto c = view->Adjacency(w, Direction::kOut, {"DEPLOYED_IN"}); c->Valid(); c->Next())
    ++n;
  EXPECT_EQ(n, 2);
}

TEST_F(DatabaseTest, NameIndexIgnoresCaseAndDiacritics) {
  WriteBasics();
  auto view = db_->Read();
  auto m = view->FindByName("forces armees maliennes");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].matched, "Forces Armées Maliennes");
  auto alias = view->FindByName("pmc WAGNER");
  ASSERT_TRUE(alias.ok());
  ASSERT_EQ(alias->size(), 1u);
  EXPECT_TRUE((*alias)[0].is_alias);
  auto prefix = view->FindByName("wag", /*prefix=*/true);
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(prefix->size(), 1u);
  EXPECT_TRUE(view->FindByName("wag")->empty());
}

TEST_F(DatabaseTest, PropertyIndexFindsEqualValues) {
  WriteBasics();
  auto view = db_->Read();
  auto hits = view->FindByProperty("date", Value(*PartialDate::Parse("2022-04-05")));
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0], *view->FindNode("doc"));
  EXPECT_TRUE(view->FindByProperty("date", Value(*PartialDate::Parse("2022-04-06")))->empty());
}

TEST_F(DatabaseTest, DisagreeingClaimsAreAllKept) {
  WriteBasics();
  auto txn = db_->BeginWrite("claims");
  Node ev = MakeNode("moura-killings", "Event", "Moura killings", {{"fatalities", Value(300)}});
  ASSERT_TRUE(txn->PutNode(&ev).ok());
  NodeId doc = *txn->FindNode("doc");
  Claim hrw;
  hrw.target = ev.id;
  hrw.property = "fatalities";
  hrw.value = Value(300);
  hrw.source = doc;
  hrw.grade = *Grade::Parse("B2");
  Claim army = hrw;
  army.value = Value(200);
  army.grade = *Grade::Parse("C3");
  Claim denial;
  denial.target = ev.id;
  denial.source = doc;
  denial.stance = Stance::kDenies;
  for (Claim* c : {&hrw, &army, &denial})
    ASSERT_TRUE(txn->PutClaim(c).ok());
  ASSERT_TRUE(txn->Commit().ok());

  auto view = db_->Read();
  auto claims = view->Claims(TargetKind::kNode, ev.id);
  ASSERT_TRUE(claims.ok());
  ASSERT_EQ(claims->size(), 3u);
  std::set<int64_t> values;
  int denials = 0;
  for (const auto& c : *claims) {
    if (c.value) values.insert(c.value->as_int());
    denials += c.stance == Stance::kDenies;
  }
  EXPECT_EQ(values, (std::set<int64_t>{200, 300}));
  EXPECT_EQ(denials, 1);
}

TEST_F(DatabaseTest, ClaimSourceMustBeADocument) {
  WriteBasics();
  auto txn = db_->BeginWrite("bad claim");
  Claim c;
  c.target = *txn->FindNode("mali");
  c.source = *txn->FindNode("wagner");
  auto r = txn->PutClaim(&c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a Document"), std::string::npos);
}

TEST_F(DatabaseTest, ReadsAsOfAnEarlierTransaction) {
  const TxnId t1 = WriteBasics();
  {
    auto txn = db_->BeginWrite("rename and cut");
    Node w;
    ASSERT_TRUE(txn->GetNode(*txn->FindNode("wagner"), &w).ok());
    w.name = "Africa Corps";
    ASSERT_TRUE(txn->PutNode(&w).ok());
    ASSERT_TRUE(txn->DeleteRel(*txn->FindRel("w-fama")).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  NodeId w = *db_->Read()->FindNode("wagner");
  auto now = db_->Read();
  auto then = db_->Read(t1);
  EXPECT_TRUE(then->is_historical());
  Node n_now, n_then;
  ASSERT_TRUE(now->GetNode(w, &n_now).ok());
  ASSERT_TRUE(then->GetNode(w, &n_then).ok());
  EXPECT_EQ(n_now.name, "Africa Corps");
  EXPECT_EQ(n_then.name, "Wagner Group");
  auto count = [&](const ReadView& v) {
    int n = 0;
    for (auto c = v.Adjacency(w, Direction::kBoth); c->Valid(); c->Next())
      ++n;
    return n;
  };
  EXPECT_EQ(count(*now), 1);
  EXPECT_EQ(count(*then), 2);
  // The name index follows transaction time too.
  EXPECT_TRUE(now->FindByName("wagner group")->empty());
  EXPECT_EQ(then->FindByName("wagner group")->size(), 1u);
  auto versions = now->NodeVersions(w);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].second->name, "Wagner Group");
}

TEST_F(DatabaseTest, DeletedNodesRemainInHistory) {
  const TxnId t1 = WriteBasics();
  {
    auto txn = db_->BeginWrite("delete");
    NodeId w = *txn->FindNode("wagner");
    EXPECT_FALSE(txn->DeleteNode(w, /*detach=*/false).ok());  // still has relationships
    ASSERT_TRUE(txn->DeleteNode(w, /*detach=*/true).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_FALSE(db_->Read()->FindNode("wagner").has_value());
  EXPECT_TRUE(db_->Read(t1)->FindNode("wagner").has_value());
  auto stats = db_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->nodes, 3u);
  EXPECT_EQ(stats->relationships, 0u);
}

// Stats reads record heads only; it must count what full reads count, after
// relabelling, retyping, deletions and a transaction written in staged batches.
TEST_F(DatabaseTest, StatsCountWhatTheRecordsSay) {
  WriteBasics();
  {
    auto txn = db_->BeginWrite("changes");
    txn->SetSpillThreshold(2);  // staged batches
    Node w;
    ASSERT_TRUE(txn->GetNode(*txn->FindNode("wagner"), &w).ok());
    w.labels = {"ArmedGroup", "Company"};  // relabelled, and a second label
    ASSERT_TRUE(txn->PutNode(&w).ok());
    for (int i = 0; i < 7; ++i) {
      Node p = MakeNode("p" + std::to_string(i), "Person", "Person " + std::to_string(i));
      ASSERT_TRUE(txn->PutNode(&p).ok());
      Relationship r{0, "m" + std::to_string(i), "MEMBER_OF", p.id, w.id, {}, {}, 0};
      ASSERT_TRUE(txn->PutRel(&r).ok());
    }
    ASSERT_TRUE(txn->DeleteRel(*txn->FindRel("m3")).ok());
    ASSERT_TRUE(txn->DeleteNode(*txn->FindNode("p5"), /*detach=*/true).ok());
    ASSERT_TRUE(txn->DeleteNode(*txn->FindNode("mali"), /*detach=*/true).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto view = db_->Read();
  uint64_t nodes = 0, rels = 0;
  std::map<std::string, uint64_t> labels, types;
  ASSERT_TRUE(view->ForEachNode([&](NodeId id) {
                    Node n;
                    EXPECT_TRUE(view->GetNode(id, &n).ok());
                    ++nodes;
                    for (const auto& l : n.labels)
                      ++labels[l];
                    return true;
                  })
                  .ok());
  ASSERT_TRUE(view->ForEachRel([&](const Relationship& r) {
                    ++rels;
                    ++types[r.type];
                    return true;
                  })
                  .ok());
  auto stats = db_->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->nodes, nodes);
  EXPECT_EQ(stats->relationships, rels);
  using Counts = std::map<std::string, uint64_t>;
  EXPECT_EQ(Counts(stats->nodes_per_label.begin(), stats->nodes_per_label.end()), labels);
  EXPECT_EQ(Counts(stats->rels_per_type.begin(), stats->rels_per_type.end()), types);
  // And the figures themselves: doc, wagner, fama, six people; four
  // relationships deleted with mali and p5 or by hand, six members left.
  EXPECT_EQ(nodes, 9u);
  EXPECT_EQ(labels["Person"], 6u);
  EXPECT_EQ(labels["Company"], 1u);
  EXPECT_EQ(labels.count("State"), 0u);
  EXPECT_EQ(types["MEMBER_OF"], 5u);
  EXPECT_EQ(types.count("CONTRACTED_BY"), 0u);
}

TEST_F(DatabaseTest, OntologyViolationWritesNothing) {
  WriteBasics();
  const TxnId before = db_->LastTxn();
  {
    auto txn = db_->BeginWrite("bad");
    Node ok = MakeNode("fine", "Person", "Someone");
    ASSERT_TRUE(txn->PutNode(&ok).ok());
    Node bad = MakeNode("bad", "Event", "Bad", {{"fatalities", Value("lots")}});
    auto r = txn->PutNode(&bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kOntology);
    // The caller abandons the transaction: dropping it writes nothing.
  }
  EXPECT_EQ(db_->LastTxn(), before);
  EXPECT_FALSE(db_->Read()->FindNode("fine").has_value());
}

TEST_F(DatabaseTest, ReputtingTheSameContentChangesNothing) {
  WriteBasics();
  const TxnId before = db_->LastTxn();
  auto txn = db_->BeginWrite("again");
  Node w = MakeNode("wagner", "PrivateMilitaryCompany", "Wagner Group");
  w.aliases = {{"PMC Wagner", {}}};
  auto r = txn->PutNode(&w);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, PutOutcome::kUnchanged);
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(db_->LastTxn(), before);  // an empty commit is no transaction
}

TEST_F(DatabaseTest, ReopenKeepsEverythingAndChecksTheFormat) {
  WriteBasics();
  db_.reset();
  auto db = Database::Open(dir_.path(), {.create_if_missing = false});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto view = (*db)->Read();
  EXPECT_TRUE(view->FindNode("wagner").has_value());
  EXPECT_EQ((*db)->LastTxn(), 1u);
  EXPECT_EQ((*db)->Transactions().size(), 1u);
  EXPECT_EQ((*db)->Transactions()[0].description, "basics");
  // A new writer continues the id sequence.
  auto txn = (*db)->BeginWrite("more");
  Node p = MakeNode("p", "Person", "P");
  ASSERT_TRUE(txn->PutNode(&p).ok());
  EXPECT_GT(p.id, *view->FindNode("fama"));
}

TEST(DatabaseOpen, MissingDatabaseIsAClearError) {
  TempDir dir;
  auto db = Database::Open(dir / "nope", {.create_if_missing = false});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace actorgraph
