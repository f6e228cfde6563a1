// RelationshipCountFromStore: MATCH ()-[r]->() RETURN type(r), count(*)
// answered from the adjacency cache's per-type counts must equal the scan,
// after writes too, and must scan when a filter or a history read is asked.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "tests/query/query_fixture.h"

namespace actorgraph::query {
namespace {

class CountStoreTest : public actorgraph::testing::QueryFixture {
 protected:
  void SetUp() override {
    Open();
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
    ASSERT_EQ(Run(create), "");
  }
  // Closes the database and opens it again with the cache in `mode`.
  void Reopen(AdjacencyCacheMode mode) {
    adjacency_cache_ = mode;
    Open();
  }
  // The same question, spelled so that the rule does not apply (a WHERE that always holds).
  std::string Scan() {
    return Run("MATCH ()-[r]->() WHERE r IS NOT NULL RETURN type(r) AS t, count(*) AS n");
  }
  static size_t Rows(const std::string& out) { return std::count(out.begin(), out.end(), '\n'); }
};

TEST_F(CountStoreTest, CountsEqualTheScanWithoutScanning) {
  std::string profile;
  auto counted = Run("PROFILE MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n", {}, &profile);
  EXPECT_EQ(counted, Scan());
  ASSERT_EQ(Rows(counted), 2u) << counted;
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
  ASSERT_EQ(Run("MATCH (:Person)-[r:EMPLOYS]->(:Person {id: 'n3'}) DELETE r"), "");
  ASSERT_EQ(Run("MATCH (a {id: 'n1'}), (b {id: 'n2'}) CREATE (a)-[:EMPLOYS]->(b)"), "");
  const auto after = Run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  EXPECT_EQ(after, Scan());
  EXPECT_NE(after, before);
}

TEST_F(CountStoreTest, FiltersAndHistoryScan) {
  // Valid-time filter: only the MEMBER_OF relationships valid from 2019 drop out.
  auto filtered =
      Run("FOR VALID_TIME AS OF '2010-01-01' MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  ASSERT_EQ(Rows(filtered), 1u) << filtered;
  EXPECT_EQ(filtered.rfind("'EMPLOYS' | ", 0), 0u) << filtered;
  // The history read sees the graph before the write.
  ASSERT_EQ(Run("MATCH ()-[r:MEMBER_OF]->() DELETE r"), "");
  auto now = Run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  auto then = Run("FOR SYSTEM_TIME AS OF 1 MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  EXPECT_EQ(Rows(now), 1u) << now;
  EXPECT_EQ(Rows(then), 2u) << then;
}

TEST_F(CountStoreTest, WithoutTheCacheItScans) {
  Reopen(AdjacencyCacheMode::kOff);
  std::string profile;
  auto counted = Run("PROFILE MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n", {}, &profile);
  EXPECT_EQ(counted, Scan());
  EXPECT_NE(profile.find("AllNodesScan"), std::string::npos) << profile;
}

}  // namespace
}  // namespace actorgraph::query
