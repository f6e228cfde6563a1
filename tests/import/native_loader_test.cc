#include "import/native_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/database.h"
#include "engine/read_view.h"
#include "import/native_exporter.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::SourcePath;
using testing::TempDir;
namespace fs = std::filesystem;

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

// A relationship line is put once: a new one counts as created and nothing
// else, with or without an id and with or without claims (those without an
// id used to be put again to learn their derived id, and counted unchanged).
TEST_F(NativeLoaderTest, EachRelationshipIsPutOnce) {
  const std::string path = dir_ / "rels.jsonl";
  WriteFile(path,
            R"({"kind":"node","id":"a","labels":["Person"],"name":"A"}
{"kind":"node","id":"b","labels":["Company"],"name":"B"}
{"kind":"node","id":"doc","labels":["Document"],"name":"Doc"}
{"kind":"rel","type":"OWNS","src":"a","dst":"b","props":{"percentage":25}}
{"kind":"rel","type":"DIRECTS","src":"a","dst":"b","claims":[{"source":"doc","locator":"p. 1"}]}
{"kind":"rel","id":"o2","type":"DIRECTS","src":"a","dst":"b","props":{"role":"CEO"},"claims":[{"source":"doc"}]}
)");
  auto txn = db_->BeginWrite("rels");
  NativeLoader loader(txn.get());
  Status loaded = loader.LoadFiles({path});
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  EXPECT_EQ(txn->rel_counts().created, 3u);
  EXPECT_EQ(txn->rel_counts().unchanged, 0u);
  EXPECT_EQ(txn->rel_counts().updated, 0u);
  EXPECT_EQ(txn->claim_counts().created, 2u);
  ASSERT_TRUE(txn->Commit().ok());
  auto view = db_->Read();
  std::optional<NodeId> a = view->FindNode("a");
  ASSERT_TRUE(a);
  size_t with_claims = 0;
  for (RelId r = 1; r <= 3; ++r) {
    auto claims = view->Claims(TargetKind::kRel, r);
    ASSERT_TRUE(claims.ok());
    with_claims += !claims->empty();
  }
  EXPECT_EQ(with_claims, 2u);
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

// A node line "pI" with a claim whose locator names it, for files longer
// than ParsedLines keeps in flight (8 batches of 256 lines).
std::string PersonLine(int i) {
  return "{\"kind\":\"node\",\"id\":\"p" + std::to_string(i) +
         "\",\"labels\":[\"Person\"],\"name\":\"P " + std::to_string(i) +
         "\",\"claims\":[{\"source\":\"doc\",\"locator\":\"of p" + std::to_string(i) + "\"}]}\n";
}
const char kDocLine[] =
    "{\"kind\":\"node\",\"id\":\"doc\",\"labels\":[\"Document\"],\"name\":\"D\"}\n";

// The lines 2..n are PersonLine(2..n) but for `bad` (line -> text).
std::string People(int n, const std::map<int, std::string>& bad) {
  std::string text = kDocLine;
  for (int line = 2; line <= n; ++line) {
    auto it = bad.find(line);
    text += it != bad.end() ? it->second + "\n" : PersonLine(line);
  }
  return text;
}

// Each of p`from`..p`to` carries exactly its own claim.
void ExpectOwnClaims(const ReadView& view, int from, int to, const std::set<int>& missing) {
  for (int i = from; i <= to; ++i) {
    auto id = view.FindNode("p" + std::to_string(i));
    if (missing.count(i)) {
      EXPECT_FALSE(id) << i;
      continue;
    }
    ASSERT_TRUE(id) << i;
    auto claims = view.Claims(TargetKind::kNode, *id);
    ASSERT_TRUE(claims.ok());
    ASSERT_EQ(claims->size(), 1u) << i;
    EXPECT_EQ((*claims)[0].locator, "of p" + std::to_string(i));
  }
}

TEST_F(NativeLoaderTest, SyntaxErrorDeepInALongFileNamesItsLineAndWritesNothing) {
  const std::string f = dir_ / "long.jsonl";
  WriteFile(f, People(5000, {{3001, "{\"kind\":\"node\",\"id\":\"x\" \"labels\":[]}"}}));
  Status s = Load(db_.get(), {f});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("long.jsonl:3001: column 32: invalid JSON: syntax error"),
            std::string::npos)
      << s.message();
  EXPECT_FALSE(db_->Read()->FindNode("p2"));
  EXPECT_FALSE(db_->Read()->FindNode("p4999"));
  EXPECT_EQ(db_->LastTxn(), 0u);
}

TEST_F(NativeLoaderTest, BadFieldInPassThreeOfALongFileNamesItsLine) {
  // The claim's source is missing: only pass 3 sees it, after 4,000 nodes.
  const std::string f = dir_ / "long.jsonl";
  WriteFile(f, People(5000, {{4001,
                              "{\"kind\":\"node\",\"id\":\"x\",\"labels\":[\"Person\"],"
                              "\"name\":\"X\",\"claims\":[{\"source\":\"nowhere\"}]}"}}));
  Status s = Load(db_.get(), {f});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("long.jsonl:4001: node 'x': claims[0]: field 'source'"),
            std::string::npos)
      << s.message();
  EXPECT_EQ(db_->LastTxn(), 0u);
}

// Parsing on the importing thread (ImportOptions::parse_thread = false) or
// a second one gives the same rejects and the same claims.
class NativeLoaderParseModeTest : public NativeLoaderTest,
                                  public ::testing::WithParamInterface<bool> {};
INSTANTIATE_TEST_SUITE_P(Modes, NativeLoaderParseModeTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "ParseThread" : "Inline"; });

TEST_P(NativeLoaderParseModeTest, SkippedLinesKeepLaterClaimsOnTheirNodes) {
  // Rejected lines (bad JSON, a bad node, a bad claim) among nodes with
  // claims, over two files: every other node gets its own claim.
  const std::string a = dir_ / "a.jsonl", b = dir_ / "b.jsonl";
  WriteFile(a, People(3000, {{700, "{not json"},
                             {1500,
                              "{\"kind\":\"node\",\"id\":\"p1500\",\"labels\":[\"Person\"],"
                              "\"name\":\"P\",\"props\":{\"fatalities\":\"many\"},"
                              "\"claims\":[{\"source\":\"doc\"}]}"},
                             {2500,
                              "{\"kind\":\"node\",\"id\":\"p2500\",\"labels\":[\"Person\"],"
                              "\"name\":\"P\",\"claims\":[{\"source\":\"nowhere\"}]}"}}));
  std::string more;
  for (int i = 3001; i <= 3400; ++i)
    more += PersonLine(i);
  more += PersonLine(10);  // again: unchanged node, same claim
  WriteFile(b, more);
  auto txn = db_->BeginWrite("test load");
  NativeLoader loader(txn.get());
  loader.set_parse_thread(GetParam());
  std::vector<std::string> rejected;
  loader.set_on_error(
      [&](const std::string& file, uint64_t line, const Status&, const std::string& text) {
        rejected.push_back(fs::path(file).filename().string() + ":" + std::to_string(line) + " " +
                           text.substr(0, 9));
        return Status::OK();
      });
  ASSERT_TRUE(loader.LoadFiles({a, b}).ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(rejected,
            (std::vector<std::string>{"a.jsonl:700 {not json", "a.jsonl:1500 {\"kind\":\"",
                                      "a.jsonl:2500 {\"kind\":\""}));
  auto view = db_->Read();
  ExpectOwnClaims(*view, 2, 2499, {700, 1500});
  ExpectOwnClaims(*view, 2501, 3400, {});
  // p2500 was written in pass 1; its bad claim rejected the line in pass 3.
  auto p2500 = view->FindNode("p2500");
  ASSERT_TRUE(p2500);
  EXPECT_EQ(view->Claims(TargetKind::kNode, *p2500)->size(), 0u);
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
