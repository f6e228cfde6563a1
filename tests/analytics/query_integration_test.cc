// The procedures inside queries: CALL … YIELD … through the real QueryEngine,
// with the query's FOR VALID_TIME and WITH MIN GRADE reaching the projection.
#include "query/query_engine.h"
#include "tests/analytics/analytics_fixture.h"

namespace actorgraph::testing {
namespace {

class QueryIntegrationTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    for (const char* p : {"p", "q"})
      AddNode(p, "Person");
    for (const char* c : {"h", "t"})
      AddNode(c, "Company");
    AddRel("p-h", "OWNS", "p", "h", Props({{"percentage", 60}}));
    AddRel("q-h", "OWNS", "q", "h", Props({{"percentage", 40}}), Period("2020-01-01", nullptr));
    AddRel("h-t", "OWNS", "h", "t", Props({{"percentage", 50}}), {}, {{Stance::kAsserts, "C3"}});
    Commit();
    engine_ = std::make_unique<query::QueryEngine>(db_.get());
    RegisterAnalyticsProcedures(engine_->procedures());
  }
  std::vector<std::vector<Value>> Run(const std::string& text) {
    std::vector<std::vector<Value>> rows;
    auto cursor = engine_->Run(text);
    EXPECT_TRUE(cursor.ok()) << text << "\n" << cursor.status().ToString();
    if (!cursor.ok()) return rows;
    for (bool more = true; more;) {
      auto next = (*cursor)->Next(100, &rows);
      EXPECT_TRUE(next.ok()) << next.status().ToString();
      more = next.ok() && *next;
    }
    return rows;
  }
  std::unique_ptr<query::QueryEngine> engine_;
};

TEST_F(QueryIntegrationTest, OwnersYieldedIntoALargerQuery) {
  auto rows =
      Run("CALL shell.owners('t') YIELD owner, share, ultimate "
          "WHERE ultimate RETURN owner.name AS name, share ORDER BY share DESC");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as_string(), "p");
  EXPECT_NEAR(rows[0][1].as_number(), 0.3, 1e-12);
  EXPECT_NEAR(rows[1][1].as_number(), 0.2, 1e-12);
}

TEST_F(QueryIntegrationTest, QueryFiltersReachTheProcedure) {
  // q's holding starts in 2020: not there in 2019.
  auto rows =
      Run("FOR VALID_TIME AS OF '2019-06' CALL shell.owners('t') YIELD owner "
          "RETURN owner.name AS name ORDER BY name");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as_string(), "h");
  EXPECT_EQ(rows[1][0].as_string(), "p");
  // h -> t rests on a C3 claim only.
  rows = Run("WITH MIN GRADE 'B2' CALL shell.owners('t') YIELD owner RETURN owner");
  EXPECT_TRUE(rows.empty());
}

TEST_F(QueryIntegrationTest, PathsAndTheirRelationships) {
  auto rows =
      Run("CALL algo.shortestPath('p', 't', {types: ['OWNS'], direction: 'out'}) "
          "YIELD path, length, rels UNWIND rels AS r RETURN length, type(r) AS type");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as_int(), 2);
  EXPECT_EQ(rows[0][1].as_string(), "OWNS");
}

}  // namespace
}  // namespace actorgraph::testing
