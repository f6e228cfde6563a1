// ImportSink remembers the id and labels of nodes records name without
// staging them (relationship ends, claim targets). The memo must follow the
// writes: the sink's own, and those an importer makes directly through
// sink->txn(), which drop it.
#include "import/import_sink.h"

#include <gtest/gtest.h>

#include "engine/database.h"
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

}  // namespace
}  // namespace actorgraph
