// Link charts and timelines: the files parse (DOT through Graphviz, SVG as
// XML through xmllint, GraphML read back with boost::read_graphml with the
// same counts) and show what they should.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analytics/link_chart.h"
#include "analytics/timeline.h"
#include "tests/analytics/analytics_fixture.h"

// Boost 1.74's adjacency_list edge iterator trips GCC 12's -Wmaybe-uninitialized.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace actorgraph::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool HaveProgram(const std::string& name) {
  return std::system(("command -v " + name + " > /dev/null 2>&1").c_str()) == 0;
}

// Well-formed XML, by xmllint (Debian libxml2-utils, installed by scripts/setup.sh).
void ExpectWellFormedXml(const std::string& path) {
  if (!HaveProgram("xmllint")) GTEST_SKIP() << "xmllint not installed";
  Status s = analytics::RunProgram("xmllint", {"--noout", path});
  EXPECT_TRUE(s.ok()) << s.ToString();
}

class PicturesTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    AddNode("state", "State");
    AddNode("group", "ArmedGroup");
    AddNode("leader", "Person");
    AddNode("town", "Location");
    AddNode("massacre", "Event", Props({{"date", PartialDate::Day(2022, 3, 27)}}));
    AddRel("group-massacre", "PARTICIPATED_IN", "group", "massacre",
           Props({{"role", "perpetrator"}}), Period("2022-03-27", "2022-03-31"),
           {{Stance::kAsserts, "B2"}, {Stance::kDenies, "C3"}});
    AddRel("state-supports-group", "SUPPORTS", "state", "group", {}, Period("2021-12", nullptr),
           {{Stance::kAsserts, "E5"}});
    AddRel("leader-leads-group", "LEADS", "leader", "group", {}, {}, {{Stance::kAsserts, "A1"}});
    AddRel("group-in-town", "DEPLOYED_IN", "group", "town", {}, Period("2021", "2023-06"));
    AddRel("doc-mentions-group", "MENTIONS", "doc", "group");
    Commit();
  }
  std::vector<NodeId> Nodes() { return {Id("group"), Id("massacre")}; }
  std::vector<RelId> Rels() {
    return {Rel("group-massacre"), Rel("state-supports-group"), Rel("leader-leads-group")};
  }
  Status Draw(analytics::ChartFormat f, const std::string& path) {
    return analytics::WriteLinkChart(*view_, db_->ontology(), Nodes(), Rels(), f, path,
                                     {.title = "Test chart"});
  }
};

TEST_F(PicturesTest, DotShowsKindsContestAndGrades) {
  const std::string path = dir_ / "chart.dot";
  ASSERT_TRUE(Draw(analytics::ChartFormat::kDot, path).ok());
  const std::string dot = Slurp(path);
  EXPECT_NE(dot.find("shape=octagon"), std::string::npos);  // the armed group
  EXPECT_NE(dot.find("shape=box3d"), std::string::npos);    // the state, brought by its link
  EXPECT_NE(dot.find("shape=diamond"), std::string::npos);  // the event
  EXPECT_NE(dot.find("PARTICIPATED_IN · perpetrator\\n[2022-03-27, 2022-03-31)"),
            std::string::npos);
  EXPECT_NE(dot.find("contested: 1 for, 1 against"), std::string::npos);
  EXPECT_NE(dot.find("style=dashed"), std::string::npos);
  EXPECT_NE(dot.find("\"#222222\""), std::string::npos);  // A1: dark
  EXPECT_NE(dot.find("\"#9c9c9c\""), std::string::npos);  // E5: light
  EXPECT_NE(dot.find("Legend"), std::string::npos);
  if (!HaveProgram("dot")) GTEST_SKIP() << "graphviz not installed";
  Status s = analytics::RunProgram("dot", {"-Tcanon", "-o", dir_ / "canon.dot", path});
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(PicturesTest, GraphmlReadsBackWithTheSameCounts) {
  const std::string path = dir_ / "chart.graphml";
  ASSERT_TRUE(Draw(analytics::ChartFormat::kGraphml, path).ok());
  struct V {
    std::string xid, kind;
  };
  struct E {
    std::string type;
    bool contested = false;
  };
  using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, V, E>;
  G g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("xid", boost::get(&V::xid, g));
  dp.property("kind", boost::get(&V::kind, g));
  dp.property("type", boost::get(&E::type, g));
  dp.property("contested", boost::get(&E::contested, g));
  std::ifstream in(path);
  ASSERT_NO_THROW(boost::read_graphml(in, g, dp));
  EXPECT_EQ(boost::num_vertices(g), 5u - 1u);  // group, massacre, state, leader
  EXPECT_EQ(boost::num_edges(g), 3u);
  std::map<std::string, std::string> kinds;
  for (auto v : boost::make_iterator_range(boost::vertices(g)))
    kinds[g[v].xid] = g[v].kind;
  EXPECT_EQ(kinds["group"], "ArmedGroup");
  EXPECT_EQ(kinds["leader"], "Person");
  int contested = 0;
  for (auto e : boost::make_iterator_range(boost::edges(g)))
    if (g[e].contested) {
      ++contested;
      EXPECT_EQ(g[e].type, "PARTICIPATED_IN");
    }
  EXPECT_EQ(contested, 1);
  ExpectWellFormedXml(path);
}

TEST_F(PicturesTest, SvgAndPngThroughGraphviz) {
  if (!HaveProgram("dot")) GTEST_SKIP() << "graphviz not installed";
  const std::string svg = dir_ / "chart.svg", png = dir_ / "chart.png";
  Status s = Draw(analytics::ChartFormat::kSvg, svg);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(Slurp(svg).find("<svg"), std::string::npos);
  ExpectWellFormedXml(svg);
  s = Draw(analytics::ChartFormat::kPng, png);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Slurp(png).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(PicturesTest, FormatsAndErrors) {
  EXPECT_EQ(*analytics::ChartFormatFromPath("a/b.SVG"), analytics::ChartFormat::kSvg);
  EXPECT_EQ(*analytics::ChartFormatFromPath("x.gv"), analytics::ChartFormat::kDot);
  EXPECT_FALSE(analytics::ChartFormatFromPath("x.jpeg").ok());
  Status s = analytics::WriteLinkChart(*view_, db_->ontology(), {999999}, {},
                                       analytics::ChartFormat::kDot, dir_ / "x.dot");
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  s = Draw(analytics::ChartFormat::kDot, dir_ / "no/such/dir/x.dot");
  EXPECT_EQ(s.code(), Status::Code::kIOError);
}

TEST_F(PicturesTest, TimelineShowsDatesAsTheyAreKnown) {
  auto svg = analytics::RenderTimelineSvg(*view_, db_->ontology(), Id("group"));
  ASSERT_TRUE(svg.ok()) << svg.status().ToString();
  const std::string& t = *svg;
  EXPECT_NE(t.find("Events"), std::string::npos);
  EXPECT_NE(t.find("◆ massacre · perpetrator"), std::string::npos);
  EXPECT_NE(t.find(">2022-03-27<"), std::string::npos);    // the event's date
  EXPECT_NE(t.find("url(#hatch-"), std::string::npos);     // 2021-12 and 2021 are partial
  EXPECT_NE(t.find("url(#fade-out-"), std::string::npos);  // SUPPORTS has no end
  EXPECT_NE(t.find("← state"), std::string::npos);         // incoming, by the other's name
  EXPECT_NE(t.find("No dates in the sources"), std::string::npos);
  EXPECT_NE(t.find("LEADS ← leader"), std::string::npos);
  EXPECT_NE(t.find("stroke=\"#d62728\""), std::string::npos);  // the contested massacre
  EXPECT_NE(t.find("Legend"), std::string::npos);
  EXPECT_EQ(t.find("Test source"), std::string::npos);  // MENTIONS left out
  const std::string path = dir_ / "timeline.svg";
  ASSERT_TRUE(analytics::WriteTimeline(*view_, db_->ontology(), Id("group"), path).ok());
  ExpectWellFormedXml(path);
  // Only some types.
  analytics::TimelineOptions only;
  only.types = {"LEADS"};
  auto leads = analytics::RenderTimelineSvg(*view_, db_->ontology(), Id("group"), only);
  ASSERT_TRUE(leads.ok());
  EXPECT_EQ(leads->find("Events"), std::string::npos);
  EXPECT_NE(leads->find("LEADS ← leader"), std::string::npos);
}

}  // namespace
}  // namespace actorgraph::testing
