#include "import/native_loader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/database.h"
#include "engine/read_view.h"
#include "import/native_exporter.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::SourcePath;
using testing::TempDir;

Status Load(Database* db, const std::vector<std::string>& files) {
  auto txn = db->BeginWrite("test load");
  NativeLoader loader(txn.get());
  AG_RETURN_IF_ERROR(loader.LoadFiles(files));
  return txn->Commit().status();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

class NativeLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = std::move(Database::Open(dir_ / "db")).value(); }
  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(NativeLoaderTest, LoadsNodesRelationshipsAndClaims) {
  ASSERT_TRUE(Load(db_.get(), {SourcePath("tests/fixtures/mini.jsonl")}).ok());
  auto view = db_->Read();
  auto ev = view->FindNode("moura-killings");
  ASSERT_TRUE(ev);
  auto claims = view->Claims(TargetKind::kNode, *ev);
  ASSERT_TRUE(claims.ok());
  ASSERT_EQ(claims->size(), 2u);
  EXPECT_EQ((*claims)[0].property, "fatalities");
  auto rel = view->FindRel("w-deployed");
  ASSERT_TRUE(rel);
  auto rc = view->Claims(TargetKind::kRel, *rel);
  ASSERT_EQ(rc->size(), 2u);
  EXPECT_EQ((*rc)[1].stance, Stance::kDenies);
  EXPECT_EQ((*rc)[1].quote, "We undertook no commitment of this nature");
  Node w;
  ASSERT_TRUE(view->GetNode(*view->FindNode("wagner"), &w).ok());
  ASSERT_EQ(w.aliases.size(), 2u);
  EXPECT_EQ(w.aliases[1].valid.from->ToString(), "2014");
}

TEST_F(NativeLoaderTest, ReloadingChangesNothing) {
  ASSERT_TRUE(Load(db_.get(), {SourcePath("tests/fixtures/mini.jsonl")}).ok());
  const TxnId t = db_->LastTxn();
  auto txn = db_->BeginWrite("again");
  NativeLoader loader(txn.get());
  ASSERT_TRUE(loader.LoadFiles({SourcePath("tests/fixtures/mini.jsonl")}).ok());
  EXPECT_EQ(txn->node_counts().created, 0u);
  EXPECT_EQ(txn->node_counts().updated, 0u);
  EXPECT_EQ(txn->claim_counts().created, 0u);
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(db_->LastTxn(), t);
}

TEST_F(NativeLoaderTest, BadRecordAbortsWholeLoadWithFileLineAndField) {
  const std::string bad = dir_ / "bad.jsonl";
  WriteFile(bad,
            "{\"kind\":\"node\",\"id\":\"a\",\"labels\":[\"Person\"],\"name\":\"A\"}\n"
            "\n"
            "{\"kind\":\"node\",\"id\":\"e\",\"labels\":[\"Event\"],\"name\":\"E\","
            "\"props\":{\"fatalities\":\"many\"}}\n");
  Status s = Load(db_.get(), {bad});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bad.jsonl:3"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("props.fatalities"), std::string::npos) << s.message();
  EXPECT_FALSE(db_->Read()->FindNode("a"));
  EXPECT_EQ(db_->LastTxn(), 0u);
}

TEST_F(NativeLoaderTest, JsonSyntaxErrorsNameTheColumn) {
  const std::string bad = dir_ / "syntax.jsonl";
  WriteFile(bad, "{\"kind\":\"node\",\"id\":\"a\" \"labels\":[]}\n");
  Status s = Load(db_.get(), {bad});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("syntax.jsonl:1: column 32: invalid JSON: syntax error"),
            std::string::npos)
      << s.message();
}

TEST_F(NativeLoaderTest, DanglingReferencesAreRejected) {
  const std::string bad = dir_ / "dangling.jsonl";
  WriteFile(bad,
            "{\"kind\":\"node\",\"id\":\"a\",\"labels\":[\"Person\"],\"name\":\"A\"}\n"
            "{\"kind\":\"rel\",\"type\":\"MEMBER_OF\",\"src\":\"a\",\"dst\":\"ghost\"}\n");
  Status s = Load(db_.get(), {bad});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("dangling.jsonl:2"), std::string::npos);
  EXPECT_NE(s.message().find("'ghost'"), std::string::npos);
}

TEST_F(NativeLoaderTest, HandlesBomCrlfAndEndOfFileByte) {
  const std::string f = dir_ / "dos.jsonl";
  WriteFile(
      f,
      "\xEF\xBB\xBF{\"kind\":\"node\",\"id\":\"a\",\"labels\":[\"Person\"],\"name\":\"A\"}\r\n"
      "{\"kind\":\"node\",\"id\":\"b\",\"labels\":[\"Person\"],\"name\":\"B\"}\r\n\x1a");
  ASSERT_TRUE(Load(db_.get(), {f}).ok());
  EXPECT_TRUE(db_->Read()->FindNode("a"));
  EXPECT_TRUE(db_->Read()->FindNode("b"));
}

TEST_F(NativeLoaderTest, ExportThenLoadGivesTheSameGraph) {
  ASSERT_TRUE(Load(db_.get(), {SourcePath("tests/fixtures/mini.jsonl")}).ok());
  std::stringstream first;
  ASSERT_TRUE(ExportNative(*db_->Read(), db_->ontology(), first).ok());
  const std::string path = dir_ / "export.jsonl";
  WriteFile(path, first.str());

  auto copy = std::move(Database::Open(dir_ / "copy")).value();
  ASSERT_TRUE(Load(copy.get(), {path}).ok());
  std::stringstream second;
  ASSERT_TRUE(ExportNative(*copy->Read(), copy->ontology(), second).ok());
  EXPECT_EQ(first.str(), second.str());
  EXPECT_GT(first.str().size(), 1000u);
}

}  // namespace
}  // namespace actorgraph
