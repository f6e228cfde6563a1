// ImportSink remembers the id and labels of nodes records name without
// staging them (relationship ends, claim targets). The memo must follow the
// writes: the sink's own, and those an importer makes directly through
// sink->txn(), which drop it.
#include "import/import_sink.h"

#include <gtest/gtest.h>

#include "engine/database.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

Node Named(const std::string& xid, const std::string& label) {
  Node n;
  n.xid = xid;
  n.name = xid + " name";
  n.labels = {label};
  return n;
}

Relationship Leads(const std::string& xid) {
  Relationship r;
  r.xid = xid;
  r.type = "LEADS";  // from Person to Actor
  return r;
}

class ImportSinkMemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(Database::Open(dir_.path())).value();
    txn_ = db_->BeginWrite("memo test");
    sink_ = std::make_unique<ImportSink>(txn_.get(), &db_->ontology(), options_, &report_,
                                         std::unordered_map<std::string, std::string>{}, 0);
    ASSERT_TRUE(sink_->SetDocument(Named("doc:memo", "Document")).ok());
    RecordWrites w;
    w.Node(Named("x", "Person"));
    w.Node(Named("y", "ArmedGroup"));
    ASSERT_TRUE(Submit(&w).ok());
  }
  Status Submit(RecordWrites* w) { return sink_->Submit(w, "test.jsonl", "line 1", "{}"); }
  Status LeadsRecord(const std::string& rel) {
    RecordWrites w;
    w.Rel(Leads(rel), "x", "y");
    return Submit(&w);
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<WriteTxn> txn_;
  ImportOptions options_;
  ImportReport report_;
  std::unique_ptr<ImportSink> sink_;
};

TEST_F(ImportSinkMemoTest, RecordsNamingAKnownNodeLinkToIt) {
  // The second and third records find x and y through the memo.
  ASSERT_TRUE(LeadsRecord("r1").ok());
  ASSERT_TRUE(LeadsRecord("r2").ok());
  ASSERT_TRUE(txn_->Commit().ok());
  auto view = db_->Read();
  const auto x = view->FindNode("x"), y = view->FindNode("y");
  ASSERT_TRUE(x && y);
  for (const char* rel : {"r1", "r2"}) {
    const auto id = view->FindRel(rel);
    ASSERT_TRUE(id) << rel;
    Relationship r;
    ASSERT_TRUE(view->GetRel(*id, &r).ok());
    EXPECT_EQ(r.src, *x) << rel;
    EXPECT_EQ(r.dst, *y) << rel;
  }
}

TEST_F(ImportSinkMemoTest, ADirectWriteThroughTxnIsSeenByTheNextRecord) {
  ASSERT_TRUE(LeadsRecord("r1").ok());  // x is remembered as a Person
  // An importer rewrites x directly: it is a Company now, which has no
  // nationality.
  WriteTxn* direct = sink_->txn();
  const auto id = direct->FindNode("x");
  ASSERT_TRUE(id);
  Node x;
  ASSERT_TRUE(direct->GetNode(*id, &x).ok());
  x.id = *id;
  x.labels = {"Company"};
  ASSERT_TRUE(direct->PutNode(&x).ok());
  RecordWrites w;
  ClaimSpec c;
  c.target = "x";
  c.property = "nationality";  // declared for Person only
  c.value = Value("Mali");
  w.Claim(c);
  const Status s = Submit(&w);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'nationality' is not declared"), std::string::npos) << s.message();
}

TEST_F(ImportSinkMemoTest, LinksAndClaimsTakeTheIdsOfWhatTheyName) {
  // A staged node, a shared node staged twice (the repeat is not written and
  // takes the first's id) and a known node: the relationship's ends and the
  // claims' targets and claimant are where Validate found them.
  RecordWrites w;
  w.Node(Named("p", "Person"));
  w.SharedNode(Named("g", "ArmedGroup"));
  w.SharedNode(Named("g", "ArmedGroup"));
  w.Rel(Leads("p-g"), "p", "g");
  w.Rel(Leads("x-g"), "x", "g");
  ClaimSpec on_node;
  on_node.target = "p";
  on_node.locator = "line 7";
  on_node.note = "a note";
  on_node.claimant = "x";
  w.Claim(on_node);
  ClaimSpec on_rel;
  on_rel.kind = TargetKind::kRel;
  on_rel.target = "x-g";
  w.Claim(on_rel);
  ASSERT_TRUE(Submit(&w).ok());
  ASSERT_TRUE(txn_->Commit().ok());
  auto view = db_->Read();
  const auto p = view->FindNode("p"), g = view->FindNode("g"), x = view->FindNode("x");
  ASSERT_TRUE(p && g && x);
  for (auto [rel, src] : {std::pair{"p-g", *p}, {"x-g", *x}}) {
    const auto id = view->FindRel(rel);
    ASSERT_TRUE(id) << rel;
    Relationship r;
    ASSERT_TRUE(view->GetRel(*id, &r).ok());
    EXPECT_EQ(r.src, src) << rel;
    EXPECT_EQ(r.dst, *g) << rel;
  }
  // Claim ids hash "DOC\x1fKIND\x1fTARGET\x1fPROPERTY\x1fLOCATOR\x1fNOTE\x1fSTANCE\x1fCLAIMANT":
  // stable, so that a re-import finds its claims again.
  const std::string doc = "doc:memo", sep = "\x1f";
  const std::string node_key = doc + sep + "1" + sep + "p" + sep + sep + "line 7" + sep + "a note" +
                               sep + StanceName(Stance::kAsserts) + sep + "x";
  const auto c1 = view->FindClaim("c:" + ShortHash(node_key));
  ASSERT_TRUE(c1);
  Claim claim;
  ASSERT_TRUE(view->GetClaim(*c1, &claim).ok());
  EXPECT_EQ(claim.target, *p);
  EXPECT_EQ(claim.claimant, std::optional<NodeId>(*x));
  const std::string rel_key =
      doc + sep + "2" + sep + "x-g" + sep + sep + sep + sep + StanceName(Stance::kAsserts) + sep;
  const auto c2 = view->FindClaim("c:" + ShortHash(rel_key));
  ASSERT_TRUE(c2);
  ASSERT_TRUE(view->GetClaim(*c2, &claim).ok());
  EXPECT_EQ(claim.target, *view->FindRel("x-g"));
}

TEST(ShortHashTest, PartsHashAsTheWhole) {
  // The values ids have been derived with (the seed is the FNV-1a offset
  // basis short of its last digit): changing them changes every derived id.
  EXPECT_EQ(ShortHash(""), "14650fb0739d0383");
  EXPECT_EQ(ShortHash("a"), "44bd8ad473cd9906");
  std::string hex;
  ShortHashHex(ShortHashAdd(ShortHashAdd(kShortHashSeed, "doc:1\x1f"), "line 2"), &hex);
  EXPECT_EQ(hex, ShortHash("doc:1\x1fline 2"));
}

}  // namespace
}  // namespace actorgraph
