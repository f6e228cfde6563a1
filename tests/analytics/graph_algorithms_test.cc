// Components, strong components, PageRank, k-core and betweenness on small
// graphs with known answers; projection by labels with ontology descendants.
#include "analytics/projection.h"
#include "tests/analytics/analytics_fixture.h"

namespace actorgraph::testing {
namespace {

class GraphAlgorithmsTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    // Two triangles and an isolated person (MEMBER_OF).
    for (const char* p : {"t1", "t2", "t3", "u1", "u2", "u3", "alone"})
      AddNode(p, "Person");
    AddRel("t1-t2", "MEMBER_OF", "t1", "t2");
    AddRel("t2-t3", "MEMBER_OF", "t2", "t3");
    AddRel("t3-t1", "MEMBER_OF", "t3", "t1");
    AddRel("u1-u2", "MEMBER_OF", "u1", "u2");
    AddRel("u2-u3", "MEMBER_OF", "u2", "u3");
    AddRel("u1-u3", "MEMBER_OF", "u1", "u3");
    // A path of armed groups p1-p2-p3-p4-p5 (FIGHTS), for betweenness.
    for (const char* g : {"p1", "p2", "p3", "p4", "p5"})
      AddNode(g, "ArmedGroup");
    AddRel("p1-p2", "FIGHTS", "p1", "p2");
    AddRel("p2-p3", "FIGHTS", "p2", "p3");
    AddRel("p3-p4", "FIGHTS", "p3", "p4");
    AddRel("p4-p5", "FIGHTS", "p4", "p5");
    // A star of states supporting a hub (SUPPORTS), and a 4-clique with a tail
    // (ALLIED_WITH) for k-core.
    for (const char* s : {"hub", "s1", "s2", "s3", "s4"})
      AddNode(s, "State");
    for (const char* s : {"s1", "s2", "s3", "s4"})
      AddRel(std::string(s) + "-hub", "SUPPORTS", s, "hub");
    for (const char* k : {"k1", "k2", "k3", "k4", "tail"})
      AddNode(k, "Organization");
    const char* ks[] = {"k1", "k2", "k3", "k4"};
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j)
        AddRel(std::string(ks[i]) + "-" + ks[j], "ALLIED_WITH", ks[i], ks[j]);
    AddRel("k1-k2-again", "ALLIED_WITH", "k1", "k2");  // parallel: counts once
    AddRel("tail-k1", "ALLIED_WITH", "tail", "k1");
    Commit();
  }
  Value Config(ValueMap m) { return Value::Map(std::move(m)); }
  std::map<std::string, double> Scores(const std::vector<std::vector<Value>>& rows) {
    std::map<std::string, double> out;
    for (const auto& r : rows) {
      Node n;
      EXPECT_TRUE(view_->GetNode(r[0].as_node(), &n).ok());
      out[n.xid] = r[1].as_number();
    }
    return out;
  }
};

TEST_F(GraphAlgorithmsTest, WeakComponents) {
  auto rows =
      Call("algo.components", {Config(Props({{"labels", "Person"}, {"types", "MEMBER_OF"}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][1].as_int(), 3);
  EXPECT_EQ(rows[1][1].as_int(), 3);
  EXPECT_EQ(rows[2][1].as_int(), 1);
  EXPECT_EQ(NodeList(rows[0][2]), Ids({"t1", "t2", "t3"}));
  EXPECT_EQ(NodeList(rows[1][2]), Ids({"u1", "u2", "u3"}));
  EXPECT_EQ(RelList(rows[0][3]).size(), 3u);
  EXPECT_EQ(rows[0][0].as_int(), 0);
  rows = Call("algo.components",
              {Config(Props({{"labels", "Person"}, {"types", "MEMBER_OF"}, {"minSize", 2}}))});
  EXPECT_EQ(rows.size(), 2u);
}

TEST_F(GraphAlgorithmsTest, StrongComponents) {
  // t1->t2->t3->t1 is a cycle; u1->u2->u3 and u1->u3 is not.
  auto rows = Call("algo.stronglyConnected",
                   {Config(Props({{"labels", "Person"}, {"types", "MEMBER_OF"}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(NodeList(rows[0][2]), Ids({"t1", "t2", "t3"}));
  EXPECT_EQ(RelList(rows[0][3]), (std::vector<RelId>{Rel("t1-t2"), Rel("t2-t3"), Rel("t3-t1")}));
  rows = Call("algo.stronglyConnected",
              {Config(Props({{"labels", "Person"}, {"types", "MEMBER_OF"}, {"minSize", 1}}))});
  EXPECT_EQ(rows.size(), 5u);
}

TEST_F(GraphAlgorithmsTest, PageRankSumsToOneAndFindsTheHub) {
  auto rows = Call("algo.pagerank", {Config(Props({{"labels", "State"}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 5u);
  double sum = 0;
  for (const auto& r : rows)
    sum += r[1].as_number();
  EXPECT_NEAR(sum, 1.0, 1e-6);
  auto s = Scores(rows);
  EXPECT_EQ(rows[0][0].as_node(), Id("hub"));
  EXPECT_GT(s["hub"], 3 * s["s1"]);
  EXPECT_NEAR(s["s1"], s["s4"], 1e-9);
  EXPECT_EQ(RelList(rows[0][2]).size(), 4u);  // the hub rests on its four links
  // Reversed, the hub passes rank out and the spokes collect it.
  auto rev =
      Scores(Call("algo.pagerank", {Config(Props({{"labels", "State"}, {"direction", "in"}}))}));
  EXPECT_LT(rev["hub"], rev["s1"]);
}

TEST_F(GraphAlgorithmsTest, KCore) {
  auto rows = Call("algo.kcore", {Config(Props({{"labels", "Organization"}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  std::map<std::string, int64_t> core;
  for (const auto& r : rows) {
    Node n;
    ASSERT_TRUE(view_->GetNode(r[0].as_node(), &n).ok());
    core[n.xid] = r[1].as_int();
  }
  EXPECT_EQ(core["k1"], 3);
  EXPECT_EQ(core["k4"], 3);
  EXPECT_EQ(core["tail"], 1);
  rows = Call("algo.kcore", {Config(Props({{"labels", "Organization"}, {"minCore", 2}}))});
  EXPECT_EQ(rows.size(), 4u);
  // k1's explanation: its ties inside the core (the parallel one included), not the tail.
  for (const auto& r : rows)
    if (r[0].as_node() == Id("k1")) {
      EXPECT_EQ(RelList(r[2]).size(), 4u);
    }
}

TEST_F(GraphAlgorithmsTest, BetweennessOnAPath) {
  auto rows = Call("algo.betweenness", {Config(Props({{"labels", "ArmedGroup"}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  auto s = Scores(rows);
  // Undirected pairs through each node of p1-p2-p3-p4-p5.
  EXPECT_DOUBLE_EQ(s["p1"], 0);
  EXPECT_DOUBLE_EQ(s["p2"], 3);
  EXPECT_DOUBLE_EQ(s["p3"], 4);
  EXPECT_DOUBLE_EQ(s["p4"], 3);
  EXPECT_EQ(rows[0][0].as_node(), Id("p3"));
  auto norm = Scores(
      Call("algo.betweenness", {Config(Props({{"labels", "ArmedGroup"}, {"normalized", true}}))}));
  EXPECT_NEAR(norm["p3"], 4.0 / 6.0, 1e-12);
  // Directed: p3 lies on p1->p4, p1->p5, p2->p4, p2->p5.
  auto dir = Scores(
      Call("algo.betweenness", {Config(Props({{"labels", "ArmedGroup"}, {"direction", "out"}}))}));
  EXPECT_DOUBLE_EQ(dir["p3"], 4);
  EXPECT_DOUBLE_EQ(dir["p2"], 3);
}

TEST_F(GraphAlgorithmsTest, BetweennessRefusesLargeProjectionsUnlessSampled) {
  Call("algo.betweenness", {Config(Props({{"labels", "ArmedGroup"}, {"maxNodes", 3}}))});
  ASSERT_FALSE(status_.ok());
  EXPECT_NE(status_.message().find("maxNodes"), std::string::npos) << status_.message();
  EXPECT_NE(status_.message().find("samples"), std::string::npos) << status_.message();
  // As many samples as nodes is the exact answer.
  auto all =
      Scores(Call("algo.betweenness",
                  {Config(Props({{"labels", "ArmedGroup"}, {"maxNodes", 3}, {"samples", 5}}))}));
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  EXPECT_DOUBLE_EQ(all["p3"], 4);
  auto some = Call("algo.betweenness",
                   {Config(Props({{"labels", "ArmedGroup"}, {"maxNodes", 3}, {"samples", 3}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  EXPECT_EQ(some.size(), 5u);
  for (const auto& r : some)
    EXPECT_GE(r[1].as_number(), 0);
  EXPECT_DOUBLE_EQ(Scores(some)["p1"], 0);  // an end lies on no path, sampled or not
}

TEST_F(GraphAlgorithmsTest, ProjectionFollowsOntologyDescendants) {
  auto view = db_->Read();
  analytics::ProjectionSpec spec;
  spec.labels = {"Actor"};  // Person, ArmedGroup, State, Organization all descend from it
  auto p = analytics::Projection::Build(*view, db_->ontology(), spec);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ((*p)->num_vertices(), 7u + 5u + 5u + 5u);
  EXPECT_FALSE((*p)->vertex(doc_).has_value());  // a Document is no Actor
  spec.labels = {"State", "Person"};
  p = analytics::Projection::Build(*view, db_->ontology(), spec);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->label_mask(*(*p)->vertex(Id("hub"))), 1u);
  EXPECT_EQ((*p)->label_mask(*(*p)->vertex(Id("t1"))), 2u);
  EXPECT_EQ((*p)->num_edges(), 4u + 6u);
  spec.types = {"SUPPORT"};
  p = analytics::Projection::Build(*view, db_->ontology(), spec);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("SUPPORTS"), std::string::npos) << p.status().message();
}

}  // namespace
}  // namespace actorgraph::testing
