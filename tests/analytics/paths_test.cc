// algo.shortestPath / algo.allShortestPaths: valid-time filters that change
// the answer, grades, hop limits, directions and weights.
#include "tests/analytics/analytics_fixture.h"

namespace actorgraph::testing {
namespace {

class PathsTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    for (const char* p : {"a", "x", "b", "b2", "c", "d", "lonely"})
      AddNode(p, "Person");
    // A short route a-x-d, valid from 1 January 2020 to some day in 2021 and
    // graded C3, and two longer
    // ones a-b-c-d and a-b2-c-d that always hold, graded B2.
    AddRel("a-x", "ALLIED_WITH", "a", "x", {}, Period("2020-01-01", "2021"),
           {{Stance::kAsserts, "C3"}});
    AddRel("x-d", "ALLIED_WITH", "x", "d", {}, Period("2020-01-01", "2021"),
           {{Stance::kAsserts, "C3"}});
    AddRel("a-b", "ALLIED_WITH", "a", "b");
    AddRel("b-c", "ALLIED_WITH", "b", "c");
    AddRel("a-b2", "ALLIED_WITH", "a", "b2");
    AddRel("b2-c", "ALLIED_WITH", "b2", "c");
    AddRel("c-d", "ALLIED_WITH", "c", "d");
    // Weighted: companies with OWNS percentages used as costs.
    for (const char* c : {"w1", "w2", "w3"})
      AddNode(c, "Company");
    AddRel("w1-w2", "OWNS", "w1", "w2", Props({{"percentage", 10.0}}));
    AddRel("w2-w3", "OWNS", "w2", "w3", Props({{"percentage", 10.0}}));
    AddRel("w1-w3", "OWNS", "w1", "w3", Props({{"percentage", 50.0}}));
    Commit();
  }

  std::vector<std::vector<Value>> Shortest(const char* from, const char* to, ValueMap config,
                                           const query::TemporalFilter& f = {}) {
    return Call("algo.shortestPath", {Value(from), Value(to), Value::Map(std::move(config))}, f);
  }
};

TEST_F(PathsTest, WithoutFilterTakesTheShortRoute) {
  auto rows = Shortest("a", "d", {});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(PathXids(rows[0][0]), (std::vector<std::string>{"a", "x", "d"}));
  EXPECT_EQ(rows[0][1].as_int(), 2);
  EXPECT_EQ(rows[0][2].as_number(), 2.0);
  EXPECT_EQ(RelList(rows[0][3]), (std::vector<RelId>{std::min(Rel("a-x"), Rel("x-d")),
                                                     std::max(Rel("a-x"), Rel("x-d"))}));
}

TEST_F(PathsTest, ValidAtChangesTheAnswer) {
  auto in_2020 = Shortest("a", "d", Props({{"validAt", "2020-06-01"}}));
  ASSERT_EQ(in_2020.size(), 1u);
  EXPECT_EQ(in_2020[0][1].as_int(), 2);

  auto in_2022 = Shortest("a", "d", Props({{"validAt", "2022-06"}}));
  ASSERT_EQ(in_2022.size(), 1u);
  EXPECT_EQ(in_2022[0][1].as_int(), 3);
  EXPECT_EQ(PathXids(in_2022[0][0]).back(), "d");
}

TEST_F(PathsTest, OnlyCertainValidityCounts) {
  // The short route ends "in 2021": whether it still holds in January 2021 is
  // unknown, and unknown does not count.
  auto rows = Shortest("a", "d", Props({{"validAt", "2021-01"}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1].as_int(), 3);
  // A period that certainly overlaps 2020 keeps it.
  rows = Shortest("a", "d", Props({{"validFrom", "2020-03"}, {"validTo", "2020-05"}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1].as_int(), 2);
}

TEST_F(PathsTest, QueryFilterAppliesAndExplicitConfigWins) {
  query::TemporalFilter f;
  f.valid_at = PartialDate::Day(2023, 1, 1);
  auto rows = Shortest("a", "d", {}, f);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1].as_int(), 3);
  rows = Shortest("a", "d", Props({{"validAt", PartialDate::Year(2020)}}), f);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1].as_int(), 2);
}

TEST_F(PathsTest, MinimumGradeDropsWeakRelationships) {
  auto rows = Shortest("a", "d", Props({{"minGrade", "B2"}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1].as_int(), 3);
  query::TemporalFilter f;
  f.min_grade = Grade::Parse("B2").value();
  EXPECT_EQ(Shortest("a", "d", {}, f)[0][1].as_int(), 3);
  EXPECT_EQ(Shortest("a", "d", Props({{"minGrade", "C3"}}), f)[0][1].as_int(), 2);
}

TEST_F(PathsTest, MaxHopsAndUnreachable) {
  EXPECT_TRUE(Shortest("a", "d", Props({{"validAt", "2022"}, {"maxHops", 2}})).empty());
  EXPECT_TRUE(status_.ok());
  EXPECT_EQ(Shortest("a", "d", Props({{"validAt", "2022"}, {"maxHops", 3}})).size(), 1u);
  EXPECT_TRUE(Shortest("a", "lonely", {}).empty());
  EXPECT_TRUE(status_.ok());
}

TEST_F(PathsTest, Direction) {
  EXPECT_EQ(Shortest("d", "a", Props({{"direction", "out"}})).size(), 0u);
  EXPECT_EQ(Shortest("d", "a", Props({{"direction", "in"}})).size(), 1u);
  EXPECT_EQ(Shortest("d", "a", {}).size(), 1u);  // both ways by default
  Shortest("a", "d", Props({{"direction", "sideways"}}));
  EXPECT_FALSE(status_.ok());
}

TEST_F(PathsTest, AllShortestPaths) {
  auto rows = Call("algo.allShortestPaths",
                   {Value("a"), Value("d"), Value::Map(Props({{"validAt", "2022"}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 2u);
  std::set<std::string> middles;
  for (const auto& r : rows) {
    auto xids = PathXids(r[0]);
    ASSERT_EQ(xids.size(), 4u);
    EXPECT_EQ(xids.front(), "a");
    EXPECT_EQ(xids.back(), "d");
    middles.insert(xids[1]);
    EXPECT_EQ(r[3].as_list().size(), 3u);
  }
  EXPECT_EQ(middles, (std::set<std::string>{"b", "b2"}));
  rows = Call("algo.allShortestPaths",
              {Value("a"), Value("d"), Value::Map(Props({{"validAt", "2022"}, {"maxPaths", 1}}))});
  EXPECT_EQ(rows.size(), 1u);
}

TEST_F(PathsTest, WeightedPathsAndHopLimit) {
  auto rows = Shortest("w1", "w3", Props({{"weightProperty", "percentage"}, {"types", "OWNS"}}));
  ASSERT_EQ(rows.size(), 1u) << status_.ToString();
  EXPECT_EQ(PathXids(rows[0][0]), (std::vector<std::string>{"w1", "w2", "w3"}));
  EXPECT_DOUBLE_EQ(rows[0][2].as_number(), 20.0);
  // One hop at most: the expensive direct link.
  rows = Shortest("w1", "w3",
                  Props({{"weightProperty", "percentage"}, {"types", "OWNS"}, {"maxHops", 1}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0][2].as_number(), 50.0);
  EXPECT_EQ(rows[0][1].as_int(), 1);
  // Hop count ignores the weights.
  EXPECT_EQ(Shortest("w1", "w3", {})[0][1].as_int(), 1);
}

TEST_F(PathsTest, MissingWeightIsNamed) {
  Shortest("a", "d", Props({{"weightProperty", "percentage"}}));
  ASSERT_FALSE(status_.ok());
  EXPECT_NE(status_.message().find("has no numeric 'percentage'"), std::string::npos)
      << status_.message();
  auto rows = Shortest("a", "d", Props({{"weightProperty", "percentage"}, {"defaultWeight", 1}}));
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0][2].as_number(), 2.0);
}

TEST_F(PathsTest, ErrorsNameTheProblem) {
  Shortest("a", "nobody-at-all", {});
  EXPECT_EQ(status_.code(), Status::Code::kNotFound);
  Shortest("a", "d", Props({{"maxHop", 2}}));
  EXPECT_EQ(status_.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(status_.message().find("maxHops"), std::string::npos) << status_.message();
  Shortest("a", "d", Props({{"labels", std::vector<Value>{Value("Persn")}}}));
  EXPECT_NE(status_.message().find("Person"), std::string::npos) << status_.message();
  Shortest("a", "d", Props({{"validAt", "last week"}}));
  EXPECT_EQ(status_.code(), Status::Code::kInvalidArgument);
}

TEST_F(PathsTest, NodeValuesAndNamesAsEnds) {
  auto rows = Call("algo.shortestPath", {Value(NodeRef{Id("a")}), Value(NodeRef{Id("c")})});
  ASSERT_EQ(rows.size(), 1u) << status_.ToString();
  EXPECT_EQ(rows[0][1].as_int(), 2);
}

}  // namespace
}  // namespace actorgraph::testing
