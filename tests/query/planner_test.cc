// The planner's choices, read from EXPLAIN: start at the most selective
// node, push filters down, use the indexes.
#include <gtest/gtest.h>

#include "engine/database.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(Database::Open(dir_.path())).value();
    engine_ = std::make_unique<QueryEngine>(db_.get());
  }
  std::string Explain(const std::string& q) {
    auto c = engine_->Run("EXPLAIN " + q);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return "";
    return (*c)->PlanText();
  }
  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(PlannerTest, ExternalIdStartsWithASeek) {
  std::string plan = Explain("MATCH (a:Actor)-[:DEPLOYED_IN]->(b {id: 'mali'}) RETURN a");
  EXPECT_NE(plan.find("NodeByIdSeek"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("NodeByLabelScan"), std::string::npos) << plan;
  // Expands from mali back to the actors.
  EXPECT_NE(plan.find("<-[:DEPLOYED_IN]"), std::string::npos) << plan;
}

TEST_F(PlannerTest, PropertyEqualityUsesThePropertyIndex) {
  std::string plan = Explain("MATCH (p:Person) WHERE p.nationality = $n RETURN p");
  EXPECT_NE(plan.find("NodeIndexSeek"), std::string::npos) << plan;
  EXPECT_NE(plan.find("nationality"), std::string::npos) << plan;
}

TEST_F(PlannerTest, NameEqualityUsesTheNameIndexAndKeepsTheExactCheck) {
  std::string plan = Explain("MATCH (p:Person {name: 'Issa Konfourou'}) RETURN p");
  EXPECT_NE(plan.find("NodeByNameSeek"), std::string::npos) << plan;
  EXPECT_NE(plan.find("NodeFilter"), std::string::npos) << plan;
}

TEST_F(PlannerTest, LabelScanPicksTheNarrowestLabel) {
  std::string plan = Explain("MATCH (a:Actor:ArmedGroup) RETURN a");
  EXPECT_NE(plan.find("NodeByLabelScan  :ArmedGroup\n"), std::string::npos) << plan;
}

TEST_F(PlannerTest, FiltersRunAsSoonAsTheirVariablesAreBound) {
  std::string plan = Explain(
      "MATCH (a:ArmedGroup)-[:MEMBER_OF]->(b) WHERE a.ideology CONTAINS 'x' AND b.description CONTAINS 'y' RETURN a");
  // a's filter sits below the expansion, b's above it.
  const size_t expand = plan.find("Expand");
  const size_t fa = plan.find("Filter  a.ideology");
  const size_t fb = plan.find("Filter  b.description");
  ASSERT_NE(expand, std::string::npos) << plan;
  ASSERT_NE(fa, std::string::npos) << plan;
  ASSERT_NE(fb, std::string::npos) << plan;
  EXPECT_LT(fb, expand) << plan;  // printed above: runs later
  EXPECT_GT(fa, expand) << plan;  // printed below: runs earlier
}

TEST_F(PlannerTest, OrderByWithLimitBecomesTop) {
  std::string plan = Explain("MATCH (a:Actor) RETURN a.name AS n ORDER BY n LIMIT 5");
  EXPECT_NE(plan.find("Top"), std::string::npos) << plan;
}

TEST_F(PlannerTest, ProfileCountsRowsPerOperator) {
  ASSERT_TRUE(engine_->Run("CREATE (:Person {id: 'a', name: 'A'}), (:Person {id: 'b', name: 'B'})").ok());
  auto c = engine_->Run("PROFILE MATCH (p:Person) RETURN p.name");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const std::string plan = (*c)->PlanText();
  EXPECT_NE(plan.find("NodeByLabelScan  :Person   [rows 2"), std::string::npos) << plan;
}

TEST_F(PlannerTest, ShortestPathWithAnOpenEndSearchesOnceFromTheBoundEnd) {
  std::string plan = Explain(
      "MATCH p = shortestPath((c:Company {id: 'c'})-[:HAS_ADDRESS|HAS_PHONE*1..8]-(o:Company)) "
      "RETURN o");
  EXPECT_NE(plan.find("ShortestPathsFromSource"), std::string::npos) << plan;
  EXPECT_NE(plan.find("NodeByIdSeek"), std::string::npos) << plan;
  // The open end is not scanned: the search finds its candidates.
  EXPECT_EQ(plan.find("NodeByLabelScan"), std::string::npos) << plan;
}

TEST_F(PlannerTest, ShortestPathSearchesFromWhicheverEndIsBound) {
  std::string plan =
      Explain("MATCH (c {id: 'c'}) MATCH p = allShortestPaths((o:Company)-[*..4]->(c)) RETURN o");
  EXPECT_NE(plan.find("AllShortestPathsFromSource"), std::string::npos) << plan;
  EXPECT_NE(plan.find(" from c"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("NodeByLabelScan"), std::string::npos) << plan;
}

TEST_F(PlannerTest, ShortestPathBetweenTwoSoughtEndsStaysPairwise) {
  // Both ends have a seek: one search that stops at the target is cheaper.
  std::string plan = Explain(
      "MATCH p = shortestPath((a:Person {id: 'a'})-[*..8]-(b:Person {id: 'b'})) RETURN length(p)");
  EXPECT_EQ(plan.find("FromSource"), std::string::npos) << plan;
  EXPECT_NE(plan.find("ShortestPath"), std::string::npos) << plan;
}

TEST_F(PlannerTest, UnfilteredRelationshipCountReadsTheCountStore) {
  std::string plan = Explain("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
  EXPECT_NE(plan.find("RelationshipCountFromStore"), std::string::npos) << plan;
  plan = Explain("MATCH ()-[r:MEMBER_OF]->() RETURN count(r)");
  EXPECT_NE(plan.find("RelationshipCountFromStore"), std::string::npos) << plan;
}

TEST_F(PlannerTest, FilteredRelationshipCountsScan) {
  for (const char* q :
       {"MATCH (:Person)-[r]->() RETURN type(r), count(*)",
        "MATCH ()-[r]->() WHERE r.role = 'x' RETURN type(r), count(*)",
        "MATCH ()-[r]-() RETURN type(r), count(*)", "MATCH ()-[r {role: 'x'}]->() RETURN count(*)",
        "MATCH ()-[r]->() RETURN DISTINCT type(r), count(*)",
        "MATCH ()-[r]->() RETURN type(r), count(DISTINCT r)",
        "MATCH (a)-[r]->(a) RETURN count(*)"}) {
    std::string plan = Explain(q);
    EXPECT_EQ(plan.find("RelationshipCountFromStore"), std::string::npos) << q << "\n" << plan;
  }
}

TEST_F(PlannerTest, UnaliasedColumnsAreNamedAsWritten) {
  auto c = engine_->Run("RETURN cOuNt( * ), (1 + 2), ([1, 2])[0], (1) + (2), 1+1");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->columns(),
            (std::vector<std::string>{"cOuNt( * )", "(1 + 2)", "([1, 2])[0]", "(1) + (2)", "1+1"}));
}

}  // namespace
}  // namespace actorgraph::query
