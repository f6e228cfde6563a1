// What every format shares: Documents identified by content, skip mode that
// fails when nothing was imported, and rollbacks and dry runs that give the
// disk space back.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "import/sha256.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

namespace fs = std::filesystem;

class DocumentsTest : public ImportTest {};

const char kSdnA[] =
    "1,\"ONE, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
    "\"nationality Mali.\"\n";
const char kSdnB[] =
    "2,\"TWO, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
    "\"nationality Niger.\"\n";

TEST(Sha256Test, KnownDigests) {
  Sha256 h;
  EXPECT_EQ(h.HexDigest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 abc;
  abc.Update("abc", 3);
  EXPECT_EQ(abc.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // FIPS 180-4's two-block message, fed in uneven pieces; then, after a
  // Reset, a million 'a's.
  const std::string two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256 h2;
  h2.Update(two.data(), 5);
  h2.Update(two.data() + 5, two.size() - 5);
  EXPECT_EQ(h2.HexDigest(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  h2.Reset();
  const std::string a(1000000, 'a');
  h2.Update(a.data(), a.size());
  EXPECT_EQ(h2.HexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(DocumentsTest, FileHashIsTheHashOfItsBytesAcrossReads) {
  // Larger than Sha256File's 1 MiB read buffer, and not a multiple of it.
  std::string bytes;
  for (int i = 0; bytes.size() < 2'500'000; ++i)
    bytes += "row " + std::to_string(i) + ",Mali,Mopti\n";
  const std::string path = dir_ / "big.csv";
  WriteFile(path, bytes);
  Sha256 h;
  h.Update(bytes.data(), bytes.size());
  uint64_t size = 0;
  Result<std::string> file = Sha256File(path, &size);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(*file, h.HexDigest());
  EXPECT_EQ(size, bytes.size());
  Result<std::string> missing = Sha256File(dir_ / "nope.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.csv: cannot open"), std::string::npos)
      << missing.status().ToString();
}

TEST_F(DocumentsTest, SameBytesTwiceChangeNothing) {
  const std::string a = dir_ / "sdn.csv", copy = dir_ / "copy-of-sdn.csv";
  WriteFile(a, kSdnA);
  WriteFile(copy, kSdnA);
  ASSERT_TRUE(Import("ofac", {a}).ok());
  const std::string doc = "doc:sha256:" + *Sha256File(a);
  EXPECT_EQ(Get(doc).name, "sdn.csv");
  EXPECT_EQ(Get(doc).Prop("bytes")->as_int(), static_cast<int64_t>(sizeof kSdnA - 1));
  const TxnId first = db_->LastTxn();
  ASSERT_TRUE(Import("ofac", {a}).ok());
  EXPECT_EQ(report_.txn, 0u);
  EXPECT_EQ(db_->LastTxn(), first);
  // The same bytes under another name: one document, which learns the name.
  ASSERT_TRUE(Import("ofac", {copy}).ok());
  Node d = Get(doc);
  EXPECT_EQ(d.name, "sdn.csv");
  ASSERT_EQ(d.aliases.size(), 1u);
  EXPECT_EQ(d.aliases[0].name, "copy-of-sdn.csv");
  EXPECT_EQ(report_.claims.created, 0u);
}

TEST_F(DocumentsTest, AnotherFileWithTheSameNameIsAnotherDocument) {
  fs::create_directories(dir_ / "week1");
  fs::create_directories(dir_ / "week2");
  const std::string w1 = dir_ / "week1/sdn.csv", w2 = dir_ / "week2/sdn.csv";
  WriteFile(w1, kSdnA);
  WriteFile(w2, kSdnB);
  // Two versions of the list: each needs its date (import/list_versions.h).
  ASSERT_TRUE(Import("ofac", {w1}, {.published = *PartialDate::Parse("2024-01-01")}).ok());
  ASSERT_TRUE(Import("ofac", {w2}, {.published = *PartialDate::Parse("2024-01-08")}).ok());
  const std::string d1 = "doc:sha256:" + *Sha256File(w1), d2 = "doc:sha256:" + *Sha256File(w2);
  ASSERT_NE(d1, d2);
  ASSERT_TRUE(Has(d1));
  ASSERT_TRUE(Has(d2));
  // Each entry's claim cites the file that states it.
  auto view = db_->Read();
  auto c1 = *view->Claims(TargetKind::kNode, *view->FindNode("ofac:1"));
  auto c2 = *view->Claims(TargetKind::kNode, *view->FindNode("ofac:2"));
  ASSERT_EQ(c1.size(), 1u);
  ASSERT_EQ(c2.size(), 1u);
  EXPECT_EQ(c1[0].source, *view->FindNode(d1));
  EXPECT_EQ(c2[0].source, *view->FindNode(d2));
}

TEST_F(DocumentsTest, SkipModeFailsWhenNoRecordWasImported) {
  const std::string bad = dir_ / "bad.csv";
  WriteFile(bad,
            "x,\"NO NUMBER\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
            "y,\"NOR THIS\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n");
  ImportOptions skip;
  skip.on_error = OnError::kSkip;
  const TxnId before = db_->LastTxn();
  Status s = Import("ofac", {bad}, skip);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("no record was imported"), std::string::npos) << s.ToString();
  EXPECT_EQ(report_.rejected, 2u);
  EXPECT_EQ(db_->LastTxn(), before);
  // One good record is enough.
  const std::string mixed = dir_ / "mixed.csv";
  WriteFile(mixed, std::string(kSdnA) +
                       "y,\"NOR THIS\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                       ",-0- \n");
  s = Import("ofac", {mixed}, skip);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.imported, 1u);
  EXPECT_EQ(report_.rejected, 1u);
}

// The database directory's files and sizes, for failure messages.
std::string Listing(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out += "\n  " + e.path().filename().string() + " " + std::to_string(e.file_size());
  return out;
}

// Bytes of the database directory's data files (SST, WAL, manifest).
uint64_t DataBytes(const fs::path& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    if (name.rfind("LOG", 0) == 0 || name.rfind("OPTIONS", 0) == 0) continue;
    total += e.file_size();
  }
  return total;
}

TEST_F(DocumentsTest, DryRunAndRollbackGiveTheSpaceBack) {
  // A file large enough to spill many staged batches.
  std::string csv;
  for (int i = 1; i <= 3000; ++i)
    csv += std::to_string(i) + ",\"PERSON NUMBER " + std::to_string(i) +
           "\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1960; "
           "nationality Mali; Passport P" +
           std::to_string(100000 + i) + " (Mali); a.k.a. 'ALIAS " + std::to_string(i) + "'; " +
           std::string(400, 'x') + ".\"\n";
  const std::string big = dir_ / "big.csv";
  WriteFile(big, csv);
  // And one whose last record is broken, so the import rolls back.
  const std::string broken = dir_ / "broken.csv";
  WriteFile(broken,
            csv + "oops,\"\",\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n");
  spill_ = 500;
  const uint64_t before = DataBytes(dir_ / "db");

  ImportOptions dry;
  dry.dry_run = true;
  Status s = Import("ofac", {big}, dry);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GT(report_.spills, 5u);
  const uint64_t after_dry = DataBytes(dir_ / "db");

  s = Import("ofac", {broken});
  EXPECT_FALSE(s.ok());
  EXPECT_GT(report_.spills, 5u);
  const uint64_t after_rollback = DataBytes(dir_ / "db");
  spill_ = ImportOptions::kDefaultSpillEntities;

  // The staged data was several MB; what stays is a few new small files.
  EXPECT_LT(after_dry, before + (512u << 10))
      << before << " -> " << after_dry << Listing(dir_ / "db");
  EXPECT_LT(after_rollback, before + (512u << 10)) << before << " -> " << after_rollback;
  EXPECT_FALSE(db_->Read()->FindNode("ofac:1").has_value());
}

}  // namespace
}  // namespace actorgraph::testing
