// Imports that spill staged batches (ImportOptions::spill_entities tiny): abort after
// spills leaves the database as it was, skip commits the good records as an
// unspilled import would, dry runs write nothing, re-imports change nothing.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <cstdlib>
#include <map>
#include <sstream>

#include "tests/import/import_test_util.h"
#include "tests/store_test_util.h"

namespace actorgraph::testing {
namespace {

std::string AcledRows(int n) {
  std::ostringstream out;
  out << "event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,"
         "country,admin1,location,latitude,longitude,source,notes,fatalities\n";
  for (int i = 0; i < n; ++i)
    out << "MLI" << i << ",2022-0" << i % 9 + 1 << "-1" << i % 9 << ",Battles,Armed clash,Group "
        << i % 7 << ",2,Military Forces of Mali,1,Mali,Region " << i % 3 << ",Village " << i % 11
        << ",14." << i << ",-4." << i << ",\"Source A; Source B\",\"Clash " << i << ".\"," << i % 5
        << "\n";
  return out.str();
}

std::string JsonlRows(int n) {
  std::ostringstream out;
  out << R"({"kind":"node","id":"doc","labels":["Document"],"name":"Generated"})"
      << "\n";
  for (int i = 1; i < n; ++i) {
    out << R"({"kind":"node","id":"p)" << i << R"(","labels":["Person"],"name":"Person )" << i
        << R"(","props":{"nationality":"Mali"},"claims":[{"source":"doc","locator":"line )" << i
        << R"("}]})"
        << "\n";
    if (i > 1)
      out << R"({"kind":"rel","type":"ALLIED_WITH","src":"p)" << i - 1 << R"(","dst":"p)" << i
          << R"("})"
          << "\n";
  }
  return out.str();
}

class StagedImportTest : public ImportTest {
 protected:
  void SetUp() override {
    ImportTest::SetUp();
    spill_ = 3;
  }
  // The same file name in two directories (the Document node is named after it).
  std::string Write(const std::string& sub, const std::string& name, const std::string& text) {
    std::filesystem::create_directories(dir_ / sub);
    const std::string path = dir_ / (sub + "/" + name);
    WriteFile(path, text);
    return path;
  }
};

TEST_F(StagedImportTest, AbortAfterSpillsLeavesTheDatabaseUntouched) {
  LoadSahel();
  const auto before = DumpStore(db_.get());
  const TxnId t = db_->LastTxn();
  for (const auto& [format, text, bad] :
       {std::tuple{std::string("acled"), AcledRows(60),
                   std::string("MLIX,not a date,Battles,,JNIM,2,,,Mali,,,,,,,1\n")},
        std::tuple{std::string("jsonl"), JsonlRows(40),
                   std::string(R"({"kind":"rel","type":"ALLIED_WITH","src":"p1","dst":"nobody"})") +
                       "\n"}}) {
    SCOPED_TRACE(format);
    const std::string file = Write("bad", "events." + format, text + bad);
    Status s = Import(format, {file});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("nothing was imported"), std::string::npos) << s.message();
    EXPECT_GT(report_.spills, 5u);
    EXPECT_EQ(db_->LastTxn(), t);
    const auto after = DumpStore(db_.get());
    EXPECT_EQ(after.size(), before.size());
    EXPECT_TRUE(after == before) << "the database changed";
    EXPECT_FALSE(Has(format == "acled" ? "acled:MLI0" : "p1"));
  }
}

TEST_F(StagedImportTest, SkipCommitsTheGoodRecordsAsAnUnspilledImportWould) {
  for (const std::string format : {"acled", "jsonl"}) {
    SCOPED_TRACE(format);
    const std::string text = format == "acled" ? AcledRows(60) : JsonlRows(40);
    const std::string bad = format == "acled"
                                ? "MLIX,2022-13-40,Battles,,JNIM,2,,,Mali,,,,,,,1\n"
                                : R"({"kind":"node","id":"x","labels":["Nope"],"name":"X"})"
                                  "\n";
    // Reference: the same file (one Document: the same bytes) in skip mode
    // without spilling, in a second database.
    TempDir ref_dir;
    auto ref = std::move(Database::Open(ref_dir / "db")).value();
    ImportReport ref_report;
    ImportOptions ref_options;
    ref_options.reject_path = ref_dir / "rejects.jsonl";
    ref_options.on_error = OnError::kSkip;
    ASSERT_TRUE(RunImport(ref.get(), format, {Write("good", "events." + format, text + bad)},
                          ref_options, &ref_report)
                    .ok());
    EXPECT_EQ(ref_report.rejected, 1u);
    EXPECT_EQ(ref_report.spills, 0u);

    db_.reset();
    std::filesystem::remove_all(dir_ / "db");
    db_ = std::move(Database::Open(dir_ / "db")).value();
    const std::string file = Write("skip", "events." + format, text + bad);
    Status s = Import(format, {file}, {.on_error = OnError::kSkip});
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(report_.rejected, 1u);
    EXPECT_GT(report_.spills, 5u);
    EXPECT_EQ(report_.nodes.created, ref_report.nodes.created);
    EXPECT_EQ(report_.rels.created, ref_report.rels.created);
    EXPECT_EQ(report_.claims.created, ref_report.claims.created);
    const auto got = DumpStore(db_.get()), want = DumpStore(ref.get());
    EXPECT_EQ(got.size(), want.size());
    EXPECT_TRUE(got == want) << "the committed data differs from an unspilled import";

    // Re-importing (spilling again) changes nothing.
    const TxnId t = db_->LastTxn();
    ASSERT_TRUE(Import(format, {file}, {.on_error = OnError::kSkip}).ok());
    EXPECT_EQ(report_.txn, 0u);
    EXPECT_EQ(report_.nodes.created + report_.nodes.updated, 0u);
    EXPECT_EQ(report_.rels.created + report_.rels.updated, 0u);
    EXPECT_EQ(db_->LastTxn(), t);
    EXPECT_TRUE(DumpStore(db_.get()) == got);
  }
}

TEST_F(StagedImportTest, DryRunSpillsAndWritesNothing) {
  LoadSahel();
  const auto before = DumpStore(db_.get());
  const std::string file = Write("dry", "events.acled", AcledRows(60));
  ASSERT_TRUE(Import("acled", {file}, {.dry_run = true}).ok());
  EXPECT_GT(report_.spills, 5u);
  EXPECT_GT(report_.nodes.created, 60u);
  EXPECT_EQ(report_.txn, 0u);
  EXPECT_TRUE(DumpStore(db_.get()) == before);
  // The real import afterwards commits everything the dry run counted.
  const uint64_t counted = report_.nodes.created;
  ASSERT_TRUE(Import("acled", {file}).ok());
  EXPECT_EQ(report_.nodes.created, counted);
  EXPECT_TRUE(Has("acled:MLI59"));
}

}  // namespace
}  // namespace actorgraph::testing
