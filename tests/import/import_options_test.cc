// abort, skip, dry run, the reject file, and re-imports.
#include <gtest/gtest.h>

#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class ImportOptionsTest : public ImportTest {};

TEST_F(ImportOptionsTest, AbortWritesNothingAndNamesFileLineColumnAndWhy) {
  LoadSahel();
  const TxnId t = db_->LastTxn();
  auto before = db_->Stats();
  Status s = Import("acled", {Fixture("broken.acled.csv")});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("nothing was imported"), std::string::npos);
  EXPECT_NE(
      s.message().find("broken.acled.csv: line 3: column 'event_date': 'not a date' is not a date"),
      std::string::npos)
      << s.message();
  EXPECT_EQ(db_->LastTxn(), t);
  EXPECT_EQ(db_->Stats()->nodes, before->nodes);
  EXPECT_FALSE(Has("acled:MLI1"));  // the good record before the bad one is not written either
}

TEST_F(ImportOptionsTest, SkipCommitsGoodRecordsAndWritesRejectsWithReasons) {
  Status s = Import("acled", {Fixture("broken.acled.csv")}, {.on_error = OnError::kSkip});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.records, 4u);
  EXPECT_EQ(report_.imported, 1u);
  EXPECT_EQ(report_.rejected, 3u);
  EXPECT_TRUE(Has("acled:MLI1"));
  EXPECT_FALSE(Has("acled:MLI2"));
  EXPECT_FALSE(Has("acled:MLI3"));
  // The unclosed quote on line 5 swallows the rest of the file: one rejected record.
  const std::string rejects = ReadFile(report_.reject_path);
  EXPECT_EQ(report_.reject_path, dir_ / "rejects.jsonl");
  EXPECT_NE(rejects.find("\"at\":\"line 3\""), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("column 'fatalities': 'many' is not a count"), std::string::npos);
  EXPECT_NE(rejects.find("\"record\":\"MLI3,2022-01-03,Battles,JNIM,Mali,many\""),
            std::string::npos);
}

TEST_F(ImportOptionsTest, UnclosedQuoteIsAnErrorNamingItsLine) {
  const std::string bad = dir_ / "quote.csv";
  WriteFile(bad,
            "event_id_cnty,event_date,event_type,actor1,country\nX1,2022,Battles,\"JNIM,Mali\n");
  Status s = Import("acled", {bad});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("quote.csv: line 2: a quoted field is never closed"),
            std::string::npos)
      << s.message();
}

TEST_F(ImportOptionsTest, DryRunChecksEverythingAndWritesNothing) {
  const TxnId t = db_->LastTxn();
  ASSERT_TRUE(Import("ftm", {Fixture("entities.ftm.jsonl")}, {.dry_run = true}).ok());
  EXPECT_GT(report_.nodes.created, 0u);
  EXPECT_EQ(report_.txn, 0u);
  EXPECT_EQ(db_->LastTxn(), t);
  EXPECT_FALSE(Has("ftm:co-sahel-gold"));
  Status s = Import("ftm", {Fixture("broken.ftm.jsonl")}, {.dry_run = true});
  ASSERT_FALSE(s.ok());
  // Line 2's date "sometime" costs the date only (kept as text, warned);
  // line 6 has no id (entities are read before links, so it comes first).
  EXPECT_NE(s.message().find("broken.ftm.jsonl: line 6: field 'id'"), std::string::npos)
      << s.message();
}

TEST_F(ImportOptionsTest, FtmSkipRejectsBadLinesAndKeepsForwardLinks) {
  Status s = Import("ftm", {Fixture("broken.ftm.jsonl")}, {.on_error = OnError::kSkip});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.rejected, 2u);  // link to a missing node, no id
  EXPECT_EQ(Get("ftm:p-bad-date").Prop("birth_date_raw")->as_list()[0].as_string(), "sometime");
  ASSERT_EQ(report_.field_warnings.size(), 1u);
  EXPECT_NE(report_.field_warnings[0].find("line 2: field 'properties.birthDate'"),
            std::string::npos);
  EXPECT_TRUE(Has("ftm:p-ok"));
  EXPECT_TRUE(Has("ftm:p-ok2"));
  EXPECT_EQ(Rels("ftm:p-ok", "RELATED_TO").size(), 1u);
  const std::string rejects = ReadFile(report_.reject_path);
  EXPECT_NE(rejects.find("no node 'ftm:co-missing'"), std::string::npos) << rejects;
}

TEST_F(ImportOptionsTest, Neo4jRejectsUnknownEndsTypesAndValues) {
  ASSERT_TRUE(Import("neo4j-csv", {Fixture("nodes.neo4j.csv")}).ok());
  Status s = Import("neo4j-csv", {Fixture("bad_rels.neo4j.csv")}, {.on_error = OnError::kSkip});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.imported, 1u);
  EXPECT_EQ(report_.rejected, 3u);
  const std::string rejects = ReadFile(report_.reject_path);
  EXPECT_NE(rejects.find("no node 'Org:nobody'"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("NOT_A_TYPE"), std::string::npos);
  EXPECT_NE(rejects.find("column 'valid_from': 'whenever' is not a date"), std::string::npos);
}

TEST_F(ImportOptionsTest, GradeGoesOnEveryClaim) {
  ImportOptions o;
  o.grade = Grade::Parse("B2").value();
  ASSERT_TRUE(Import("un-sanctions", {Fixture("consolidated.un.xml")},
                     {.grade = o.grade, .on_error = OnError::kSkip})
                  .ok());
  auto view = db_->Read();
  auto cs = *view->Claims(TargetKind::kNode, *view->FindNode("un-sc:QDe.159"));
  ASSERT_EQ(cs.size(), 1u);
  ASSERT_TRUE(cs[0].grade);
  EXPECT_EQ(cs[0].grade->ToString(), "B2");
}

// Importing the same files again changes nothing, for every format.
TEST_F(ImportOptionsTest, ReimportChangesNothingForEveryFormat) {
  LoadSahel();
  const std::vector<std::pair<std::string, std::vector<std::string>>> runs = {
      {"ftm", {Fixture("entities.ftm.jsonl")}},
      {"acled", {Fixture("events.acled.csv")}},
      {"neo4j-csv",
       {Fixture("nodes.neo4j.csv"), Fixture("people.neo4j.csv"), Fixture("rels.neo4j.csv")}},
      {"un-sanctions", {Fixture("consolidated.un.xml")}},
      {"ofac", {Fixture("sdn.ofac.csv"), Fixture("alt.ofac.csv")}},
      {"un-report", {Fixture("report.un.txt")}},
      {"jsonl", {SourcePath("tests/fixtures/mini.jsonl")}},
  };
  for (const auto& [format, files] : runs) {
    ImportOptions o;
    o.on_error = OnError::kSkip;
    ASSERT_TRUE(Import(format, files, o).ok()) << format;
    const TxnId t = db_->LastTxn();
    ASSERT_TRUE(Import(format, files, o).ok()) << format;
    EXPECT_EQ(report_.nodes.created + report_.nodes.updated, 0u) << format;
    EXPECT_EQ(report_.rels.created + report_.rels.updated, 0u) << format;
    EXPECT_EQ(report_.claims.created + report_.claims.updated, 0u) << format;
    EXPECT_EQ(report_.txn, 0u) << format;
    EXPECT_EQ(db_->LastTxn(), t) << format;
  }
}

TEST_F(ImportOptionsTest, UnknownFormatAndMissingFile) {
  Status s = Import("xlsx", {Fixture("events.acled.csv")});
  EXPECT_EQ(s.message().rfind("unknown format 'xlsx'", 0), 0u) << s.message();
  s = Import("acled", {dir_ / "nope.csv"});
  EXPECT_NE(s.message().find("nope.csv: no such file"), std::string::npos);
}

}  // namespace
}  // namespace actorgraph::testing
