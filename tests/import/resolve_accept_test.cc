#include <gtest/gtest.h>

#include "engine/merge.h"
#include "import/resolve.h"
#include "import/resolve_accept.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class ResolveAcceptTest : public ImportTest {
 protected:
  void SetUp() override {
    ImportTest::SetUp();
    const std::string path = dir_ / "data.jsonl";
    WriteFile(
        path,
        R"J({"kind":"node","id":"wagner-group","labels":["PrivateMilitaryCompany"],"name":"Wagner Group"}
{"kind":"node","id":"ofac:22543","labels":["Organization"],"name":"PRIVATE MILITARY COMPANY 'WAGNER'"}
{"kind":"node","id":"pmc-wagner","labels":["PrivateMilitaryCompany"],"name":"PMC Wagner"}
)J");
    auto txn = db_->BeginWrite("load");
    NativeLoader loader(txn.get());
    ASSERT_TRUE(loader.LoadFiles({path}).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
};

TEST_F(ResolveAcceptTest, MergesReviewedPairsEachUndoable) {
  const std::string file = dir_ / "reviewed.jsonl";
  WriteFile(file,
            "# reviewed by hand\n"
            R"({"a":{"id":"wagner-group"},"b":{"id":"ofac:22543"},"score":0.97,"evidence":[]})"
            "\n\n"
            "ofac:22543 pmc-wagner\n"      // follows the first merge
            "wagner-group ofac:22543\n");  // already one
  auto pairs = ReadAcceptedPairs(file);
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  ASSERT_EQ(pairs->size(), 3u);
  EXPECT_EQ((*pairs)[0].line, 2u);
  const AcceptOutcome r = AcceptPairs(db_.get(), *pairs);
  EXPECT_EQ(r.merged, 2u);
  EXPECT_EQ(r.already, 1u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.items[1].keep, "wagner-group");
  EXPECT_FALSE(Has("ofac:22543"));
  EXPECT_FALSE(Has("pmc-wagner"));
  EXPECT_EQ(ActiveMerges(*db_).size(), 2u);
  // Each merge is a record in the store, not only a transaction description.
  const std::string rec = MergeRecordJson(*db_, r.items[0].txn);
  EXPECT_NE(rec.find("\"op\":\"merge\""), std::string::npos) << rec;
  EXPECT_NE(rec.find("\"gone\":\"ofac:22543\""), std::string::npos) << rec;
  EXPECT_NE(rec.find("\"kept\":\"wagner-group\""), std::string::npos) << rec;
  // Each merge is undone on its own.
  auto u = Unmerge(db_.get(), "pmc-wagner");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_NE(MergeRecordJson(*db_, u->txn).find("\"undoes\":" + std::to_string(r.items[1].txn)),
            std::string::npos)
      << MergeRecordJson(*db_, u->txn);
  EXPECT_TRUE(Has("pmc-wagner"));
  EXPECT_FALSE(Has("ofac:22543"));
  ASSERT_TRUE(Unmerge(db_.get(), "ofac:22543").ok());
  EXPECT_TRUE(Has("ofac:22543"));
  EXPECT_TRUE(ActiveMerges(*db_).empty());
}

TEST_F(ResolveAcceptTest, BadLinesNameFileAndLine) {
  const std::string file = dir_ / "bad.jsonl";
  WriteFile(file, "wagner-group ofac:22543\n{\"a\":{\"id\":1}}\n");
  auto pairs = ReadAcceptedPairs(file);
  ASSERT_FALSE(pairs.ok());
  EXPECT_NE(pairs.status().ToString().find("bad.jsonl:2:1:"), std::string::npos)
      << pairs.status().ToString();
  WriteFile(file, "one two three\n");
  EXPECT_FALSE(ReadAcceptedPairs(file).ok());
}

}  // namespace
}  // namespace actorgraph::testing
