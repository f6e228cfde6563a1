// RelationshipCountFromStore: MATCH ()-[r]->() RETURN type(r), count(*)
// answered from the adjacency cache's per-type counts must equal the scan,
// after writes too, and must scan when a filter or a history read is asked.
#include <gtest/gtest.h>

#include <random>

#include "engine/adjacency_cache.h"
#include "engine/database.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

class CountStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(Database::Open(dir_.path())).value();
    engine_ = std::make_unique<QueryEngine>(db_.get());
    std::mt19937 rng(11);
    std::string create = "CREATE ";
    for (int i = 0; i < 30; ++i)
      create += (i ? ", " : "") + std::string("(n") + std::to_string(i) + ":Person {id: 'n" +
                std::to_string(i) + "', name: 'N" + std::to_string(i) + "'})";
    create += ", (g:ArmedGroup {id: 'g', name: 'G'})";
    for (int k = 0; k < 80; ++k) {
      const int a = static_cast<int>(rng() % 30), b = static_cast<int>(rng() % 30);
      if (k % 3 == 0)
        create += ", (n" + std::to_string(a) + ")-[:MEMBER_OF {valid_from: '2019'}]->(g)";
      else
        create += ", (n" + std::to_string(a) + ")-[:EMPLOYS]->(n" + std::to_string(b) + ")";
    }
    ASSERT_TRUE(engine_->Run(create).ok());
  }
  // Closes the database and opens it again with the cache in `mode`.
  void Reopen(AdjacencyCacheMode mode) {
    engine_.reset();
    db_.reset();
    OpenOptions o;
    o.adjacency_cache = mode;
    db_ = std::move(Database::Open(dir_.path(), o)).value();
    engine_ = std::make_unique<QueryEngine>(db_.get());
  }
  // Rows as "type=n" strings, and the plan with rows per operator.
  std::vector<std::string> Run(const std::string& q, std::string* profile = nullptr) {
    auto c = engine_->Run(profile ? "PROFILE " + q : q);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return {};
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*c)->Next(100, &rows);
      if (!more.ok() || !*more) break;
    }
    if (profile) *profile = (*c)->PlanText();
    std::vector<std::string> out;
    for (const auto& r : rows) {
      std::string s;
      for (const auto& v : r)
        s += v.ToString() + "=";
      out.push_back(s);
    }
    return out;
  }
  // The same question, spelled so that the rule does not apply (a WHERE that always holds).
  std::vector<std::string> Scan() {
    return Run("MATCH ()-[r]->() WHERE r IS NOT NULL RETURN type(r) AS t, count(*) AS n");
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(CountStoreTest, CountsEqualTheScanWithoutScanning) {
  std::string profile;
  auto counted = Run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n", &profile);
  EXPECT_EQ(counted, Scan());
  ASSERT_EQ(counted.size(), 2u);
  // The fallback scan below the operator produced nothing.
  EXPECT_NE(profile.find("RelationshipCountFromStore"), std::string::npos) << profile;
  const size_t scan = profile.find("AllNodesScan");
  ASSERT_NE(scan, std::string::npos) << profile;
  const std::string unused = "AllNodesScan   [rows 0,";
  EXPECT_EQ(profile.compare(scan, unused.size(), unused), 0) << profile;
  EXPECT_EQ(Run("MATCH ()-[r]->() RETURN count(*) AS n"),
            Run("MATCH ()-[r]->() WHERE r IS NOT NULL RETURN count(*) AS n"));
  EXPECT_EQ(Run("MATCH ()-[r:EMPLOYS|MEMBER_OF]->() RETURN count(r) AS n, type(r) AS t"),
            Run("MATCH ()-[r:EMPLOYS|MEMBER_OF]->() WHERE r IS NOT NULL RETURN count(r) AS n, "
                "type(r) AS t"));
}

TEST_F(CountStoreTest, CountsFollowWrites) {
  const auto before = Run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  ASSERT_TRUE(engine_->Run("MATCH (:Person)-[r:EMPLOYS]->(:Person {id: 'n3'}) DELETE r").ok());
  ASSERT_TRUE(engine_->Run("MATCH (a {id: 'n1'}), (b {id: 'n2'}) CREATE (a)-[:EMPLOYS]->(b)").ok());
  const auto after = Run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  EXPECT_EQ(after, Scan());
  EXPECT_NE(after, before);
}

TEST_F(CountStoreTest, FiltersAndHistoryScan) {
  // Valid-time filter: only the MEMBER_OF relationships valid from 2019 drop out.
  std::string profile;
  auto filtered =
      Run("FOR VALID_TIME AS OF '2010-01-01' MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n",
          &profile);
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0].rfind("'EMPLOYS'=", 0), 0u) << filtered[0];
  // The history read sees the graph before the write.
  ASSERT_TRUE(engine_->Run("MATCH ()-[r:MEMBER_OF]->() DELETE r").ok());
  auto now = Run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  auto then = Run("FOR SYSTEM_TIME AS OF 1 MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  EXPECT_EQ(now.size(), 1u);
  EXPECT_EQ(then.size(), 2u);
}

TEST_F(CountStoreTest, WithoutTheCacheItScans) {
  Reopen(AdjacencyCacheMode::kOff);
  std::string profile;
  auto counted = Run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n", &profile);
  EXPECT_EQ(counted, Scan());
  EXPECT_NE(profile.find("AllNodesScan"), std::string::npos) << profile;
}

}  // namespace
}  // namespace actorgraph::query
