// The two published OFAC SDN versions in ../shared/realdata, thirteen months
// apart, imported as list versions: the entries in force at each version
// date, and those added and removed between them, equal what the files'
// entry numbers say; out of order and re-imported, the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "engine/database.h"
#include "engine/read_view.h"
#include "import/importer.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

const std::string kRealData = std::string(AG_SOURCE_DIR) + "/../shared/realdata/";
const std::string kOld = kRealData + "ofac_sdn_2021-08-18.csv";
const std::string kNew = kRealData + "ofac_sdn_2022-09-29.csv";

// The entry numbers of an sdn.csv file: the first field of every record,
// read with the CSV rules (quoted fields may hold commas and line breaks).
std::set<std::string> EntryNumbers(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::set<std::string> out;
  std::string field;
  bool quoted = false, first = true;
  char c;
  while (in.get(c)) {
    if (quoted) {
      if (c == '"') quoted = false;
      else if (first) field += c;
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      if (first && !field.empty()) out.insert(field);
      first = false;
    } else if (c == '\n') {
      first = true;
      field.clear();
    } else if (first && c != '\r' && c != '\x1a') {
      field += c;
    }
  }
  return out;
}

class SanctionsHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kOld) || !std::filesystem::exists(kNew))
      GTEST_SKIP() << "the published OFAC files are not in " << kRealData;
    db_ = std::move(Database::Open(dir_.path())).value();
  }

  Status Import(const std::string& file, const char* published) {
    ImportOptions options;
    options.published = *PartialDate::Parse(published);
    ImportReport report;
    return RunImport(db_.get(), "ofac", {file}, options, &report);
  }

  size_t Count(const std::string& query) {
    query::QueryEngine engine(db_.get());
    auto c = engine.Run(query);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return 0;
    std::vector<std::vector<Value>> rows;
    auto more = (*c)->Next(10, &rows);
    EXPECT_TRUE(more.ok() && rows.size() == 1) << query;
    return rows.empty() ? 0 : static_cast<size_t>(rows[0][0].as_int());
  }

  size_t InForce(const std::string& date) {
    return Count("FOR VALID_TIME AS OF '" + date +
                 "' MATCH (:Organization {id: 'us-ofac'})-[:SANCTIONED]->(e) RETURN count(DISTINCT e)");
  }

  // Entries in force at `in` and certainly not at `out`.
  size_t OnlyAt(const std::string& in, const std::string& out) {
    return Count("MATCH (:Organization {id: 'us-ofac'})-[s:SANCTIONED]->(e) WITH e, collect(s) AS ls "
                 "WHERE any(s IN ls WHERE valid_at(s, '" + in + "')) AND none(s IN ls WHERE valid_at(s, '" +
                 out + "')) RETURN count(e)");
  }

  // What the database says of every entry: name, aliases and properties.
  std::set<std::string> Entities() {
    auto view = db_->Read();
    std::set<std::string> out;
    EXPECT_TRUE(view->ForEachNode([&](NodeId id) {
                      Node n;
                      if (!view->GetNode(id, &n).ok() || n.xid.rfind("ofac:", 0) != 0) return true;
                      std::set<std::string> aliases;
                      for (const auto& a : n.aliases) aliases.insert(a.name);
                      std::string line = n.xid + "|" + n.name + "|";
                      for (const auto& a : aliases) line += a + ";";
                      for (const auto& [k, v] : n.props) line += "|" + k + "=" + v.ToString();
                      out.insert(line);
                      return true;
                    }).ok());
    return out;
  }

  void ExpectHistory(const std::set<std::string>& old_set, const std::set<std::string>& new_set) {
    size_t added = 0, removed = 0;
    for (const auto& e : new_set) added += !old_set.count(e);
    for (const auto& e : old_set) removed += !new_set.count(e);
    EXPECT_EQ(InForce("2021-08-18"), old_set.size());
    EXPECT_EQ(InForce("2022-09-29"), new_set.size());
    EXPECT_EQ(InForce("2021-08-17"), 0u);
    EXPECT_EQ(OnlyAt("2022-09-29", "2021-08-18"), added);
    EXPECT_EQ(OnlyAt("2021-08-18", "2022-09-29"), removed);
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SanctionsHistoryTest, TwoPublishedVersionsInOrderOutOfOrderAndAgain) {
  const auto old_set = EntryNumbers(kOld), new_set = EntryNumbers(kNew);
  ASSERT_GT(old_set.size(), 5000u);
  ASSERT_GT(new_set.size(), old_set.size());

  ASSERT_TRUE(Import(kOld, "2021-08-18").ok());
  // A second version needs its date.
  ImportReport report;
  Status undated = RunImport(db_.get(), "ofac", {kNew}, ImportOptions{}, &report);
  ASSERT_FALSE(undated.ok());
  EXPECT_NE(undated.message().find("--published"), std::string::npos) << undated.message();
  ASSERT_TRUE(Import(kNew, "2022-09-29").ok());
  ExpectHistory(old_set, new_set);
  const auto entities = Entities();

  // Importing the newest version again changes nothing.
  const TxnId last = db_->LastTxn();
  ASSERT_TRUE(Import(kNew, "2022-09-29").ok());
  EXPECT_EQ(db_->LastTxn(), last);

  // Newer version first: the same history.
  db_.reset();
  testing::TempDir other;
  db_ = std::move(Database::Open(other.path())).value();
  ASSERT_TRUE(Import(kNew, "2022-09-29").ok());
  ASSERT_TRUE(Import(kOld, "2021-08-18").ok());
  ExpectHistory(old_set, new_set);
  // The older version, imported last, does not rename or rewrite entries.
  const auto out_of_order = Entities();
  size_t differ = 0;
  for (const auto& e : entities) differ += !out_of_order.count(e);
  EXPECT_EQ(differ, 0u) << "entries described differently after an out-of-order import";
  EXPECT_EQ(out_of_order.size(), entities.size());
  db_.reset();
}

}  // namespace
}  // namespace actorgraph
