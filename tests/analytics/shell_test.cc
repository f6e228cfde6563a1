// shell.clusters, shell.owners, shell.cycles and shell.nominees on planted
// structures with known answers.
#include "tests/analytics/analytics_fixture.h"

namespace actorgraph::testing {
namespace {

class ClustersTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    // Cluster one: c1 and c2 share an address, c2 and c3 a phone.
    // Cluster two: d1 and d2 share an email and a director.
    // A formation agent's address is shared by c1, c3, d1, d2 and eight others.
    for (const char* c : {"c1", "c2", "c3", "d1", "d2"})
      AddNode(c, "Company");
    AddNode("director", "Person");
    AddNode("addr-1", "Address");
    AddNode("phone-1", "Phone");
    AddNode("email-1", "Email");
    AddNode("agent-address", "Address");
    AddRel("c1-addr", "HAS_ADDRESS", "c1", "addr-1");
    AddRel("c2-addr", "HAS_ADDRESS", "c2", "addr-1");
    AddRel("c2-phone", "HAS_PHONE", "c2", "phone-1");
    AddRel("c3-phone", "HAS_PHONE", "c3", "phone-1");
    AddRel("d1-email", "HAS_EMAIL", "d1", "email-1");
    AddRel("d2-email", "HAS_EMAIL", "d2", "email-1");
    AddRel("dir-d1", "DIRECTS", "director", "d1");
    AddRel("dir-d2", "DIRECTS", "director", "d2");
    for (const char* c : {"c1", "c3", "d1", "d2"})
      AddRel(std::string(c) + "-agent", "HAS_ADDRESS", c, "agent-address");
    for (int i = 1; i <= 8; ++i) {
      const std::string z = "z" + std::to_string(i);
      AddNode(z, "Company");
      AddRel(z + "-agent", "HAS_ADDRESS", z, "agent-address");
    }
    Commit();
  }
};

TEST_F(ClustersTest, SuperSharedAddressDoesNotGlueClusters) {
  auto rows = Call("shell.clusters", {});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  const size_t kind = Col("shell.clusters", "kind"), members = Col("shell.clusters", "members"),
               shared = Col("shell.clusters", "shared"), score = Col("shell.clusters", "score"),
               rels = Col("shell.clusters", "rels");
  std::vector<std::vector<NodeId>> clusters;
  std::vector<std::vector<Value>> super;
  for (const auto& r : rows) {
    if (r[kind].as_string() == "cluster") {
      clusters.push_back(NodeList(r[members]));
      EXPECT_GT(r[score].as_number(), 0);
    } else {
      ASSERT_EQ(r[kind].as_string(), "super-shared");
      super.push_back(r);
    }
  }
  ASSERT_EQ(clusters.size(), 2u);
  std::sort(clusters.begin(), clusters.end());
  std::vector<std::vector<NodeId>> want = {Ids({"c1", "c2", "c3"}), Ids({"d1", "d2", "director"})};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(clusters, want);
  // The agent's address is reported apart, with everyone it links.
  ASSERT_EQ(super.size(), 1u);
  EXPECT_EQ(super[0][members].as_list().size(), 12u);
  EXPECT_EQ(super[0][shared].as_list()[0].Find("node")->as_node(), Id("agent-address"));
  EXPECT_TRUE(super[0][score].is_null());
  // Each cluster names what its members share and the relationships behind it.
  for (const auto& r : rows) {
    if (r[kind].as_string() != "cluster" || NodeList(r[members]) != Ids({"c1", "c2", "c3"}))
      continue;
    std::set<std::string> kinds;
    for (const Value& s : r[shared].as_list())
      kinds.insert(s.Find("kind")->as_string());
    EXPECT_EQ(kinds, (std::set<std::string>{"address", "phone"}));
    EXPECT_EQ(RelList(r[rels]), (std::vector<RelId>{Rel("c1-addr"), Rel("c2-addr"), Rel("c2-phone"),
                                                    Rel("c3-phone")}));
  }
}

TEST_F(ClustersTest, ThresholdDecidesWhatIsSuperShared) {
  // Allowed to tie twelve, the agent's address merges everything.
  auto rows = Call("shell.clusters", {Value::Map(Props({{"maxShared", 20}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][Col("shell.clusters", "size")].as_int(), 3 + 3 + 8);
  // A tight threshold makes the director and every identifier tying three super-shared.
  rows = Call("shell.clusters", {Value::Map(Props({{"maxShared", 1}}))});
  for (const auto& r : rows)
    EXPECT_EQ(r[0].as_string(), "super-shared");
}

TEST_F(ClustersTest, GradeFilterApplies) {
  // Every tie here is graded B2; A1 or better keeps none.
  auto rows = Call("shell.clusters", {Value::Map(Props({{"minGrade", "A1"}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  EXPECT_TRUE(rows.empty());
}

class OwnershipTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    for (const char* p : {"p", "q", "r", "m"})
      AddNode(p, "Person");
    for (const char* c : {"h", "t", "k"})
      AddNode(c, "Company");
    // p owns 60% of h, q 40%; h owns 50% of t; p also held 10% of t
    // directly in 2019–2020; r owns a 0.4 share of t; m owns some of t.
    AddRel("p-h", "OWNS", "p", "h", Props({{"percentage", 60}}));
    AddRel("q-h", "OWNS", "q", "h", Props({{"percentage", 40}}));
    AddRel("h-t", "OWNS", "h", "t", Props({{"percentage", 50}}));
    AddRel("p-t", "OWNS", "p", "t", Props({{"percentage", 10}}), Period("2019", "2021"));
    AddRel("r-t", "OWNS", "r", "t", Props({{"share", 0.4}}));
    AddRel("m-t", "OWNS", "m", "t");
    // A cycle: t owns 30% of k, k owns 10% of h.
    AddRel("t-k", "OWNS", "t", "k", Props({{"percentage", 30}}));
    AddRel("k-h", "OWNS", "k", "h", Props({{"percentage", 10}}));
    Commit();
  }
  struct Row {
    std::optional<double> share;
    bool known, ultimate;
    int64_t chains;
    std::vector<Value> all;
  };
  std::map<std::string, Row> Owners(std::vector<Value> args) {
    auto rows = Call("shell.owners", std::move(args));
    EXPECT_TRUE(status_.ok()) << status_.ToString();
    std::map<std::string, Row> out;
    for (auto& r : rows) {
      Node n;
      EXPECT_TRUE(view_->GetNode(r[0].as_node(), &n).ok());
      out[n.xid] = Row{r[1].is_null() ? std::nullopt : std::optional<double>(r[1].as_number()),
                       r[2].as_bool(), r[3].as_bool(), r[4].as_int(), r};
    }
    return out;
  }
};

TEST_F(OwnershipTest, EffectiveSharesAcrossChains) {
  auto o = Owners({Value("t")});
  ASSERT_TRUE(o.count("p"));
  EXPECT_NEAR(*o["p"].share, 0.6 * 0.5 + 0.1, 1e-12);
  EXPECT_EQ(o["p"].chains, 2);
  EXPECT_TRUE(o["p"].ultimate);
  EXPECT_NEAR(*o["q"].share, 0.4 * 0.5, 1e-12);
  EXPECT_NEAR(*o["r"].share, 0.4, 1e-12);  // a `share` is a fraction
  EXPECT_NEAR(*o["h"].share, 0.5, 1e-12);
  EXPECT_FALSE(o["h"].ultimate);
  // Unknown percentage: reported, not guessed.
  EXPECT_FALSE(o["m"].share.has_value());
  EXPECT_FALSE(o["m"].known);
  EXPECT_TRUE(o["m"].ultimate);
  EXPECT_NE(o["m"].all[9].as_string().find("without percentage"), std::string::npos);
  // Ultimate owners come first.
  auto rows = Call("shell.owners", {Value("t")});
  bool seen_intermediate = false;
  for (const auto& r : rows) {
    if (!r[3].as_bool()) {
      seen_intermediate = true;
    } else {
      EXPECT_FALSE(seen_intermediate);
    }
  }
  // The main path runs from the owner to the company.
  EXPECT_EQ(PathXids(o["q"].all[5]), (std::vector<std::string>{"q", "h", "t"}));
  EXPECT_EQ(RelList(o["q"].all[8]), (std::vector<RelId>{std::min(Rel("q-h"), Rel("h-t")),
                                                        std::max(Rel("q-h"), Rel("h-t"))}));
}

TEST_F(OwnershipTest, DateSelectsTheChains) {
  auto o = Owners({Value("t"), Value("2022-06")});
  EXPECT_NEAR(*o["p"].share, 0.3, 1e-12);
  EXPECT_EQ(o["p"].chains, 1);
  o = Owners({Value("t"), Value(PartialDate::Month(2020, 6))});
  EXPECT_NEAR(*o["p"].share, 0.4, 1e-12);
  query::TemporalFilter f;
  f.valid_at = PartialDate::Year(2023);
  auto rows = Call("shell.owners", {Value("t")}, f);
  for (const auto& r : rows)
    if (r[0].as_node() == Id("p")) {
      EXPECT_NEAR(r[1].as_number(), 0.3, 1e-12);
    }
}

TEST_F(OwnershipTest, CyclesAreReportedNotFollowed) {
  auto o = Owners({Value("t")});
  // k reaches t through k -> h -> t; the loop back through t is not followed.
  ASSERT_TRUE(o.count("k"));
  EXPECT_NEAR(*o["k"].share, 0.1 * 0.5, 1e-12);
  EXPECT_FALSE(o["k"].ultimate);  // its owner t sits on its own cycle, owned from outside
  const Value& cycles = o["k"].all[7];
  ASSERT_EQ(cycles.as_list().size(), 1u);
  auto cyc = PathXids(cycles.as_list()[0]);
  EXPECT_EQ(cyc.front(), cyc.back());
  EXPECT_EQ(cyc.size(), 4u);
  EXPECT_NE(o["k"].all[9].as_string().find("cycle"), std::string::npos);
  EXPECT_TRUE(o["p"].all[7].as_list().empty());
}

TEST_F(OwnershipTest, UltimateOnly) {
  auto rows =
      Call("shell.owners", {Value("t"), Value(), Value::Map(Props({{"ultimateOnly", true}}))});
  std::set<NodeId> owners;
  for (const auto& r : rows)
    owners.insert(r[0].as_node());
  EXPECT_EQ(owners, (std::set<NodeId>{Id("p"), Id("q"), Id("r"), Id("m")}));
}

TEST_F(OwnershipTest, ShellCycles) {
  auto rows = Call("shell.cycles", {});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(NodeList(rows[0][1]), Ids({"h", "t", "k"}));
  EXPECT_EQ(rows[0][2].as_int(), 3);
  auto path = PathXids(rows[0][3]);
  EXPECT_EQ(path.size(), 4u);
  EXPECT_EQ(path.front(), path.back());
  EXPECT_NEAR(rows[0][4].as_number(), 0.5 * 0.3 * 0.1, 1e-12);
  EXPECT_EQ(RelList(rows[0][5]), (std::vector<RelId>{Rel("h-t"), Rel("t-k"), Rel("k-h")}));
  // Before the cycle closed? Every OWNS here is undated, so a date changes nothing;
  // restricting to people removes it.
  EXPECT_TRUE(Call("shell.cycles", {Value::Map(Props({{"labels", "Person"}}))}).empty());
}

class NomineesTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    AddNode("nominee", "Person");
    AddNode("owner", "Person");
    for (int i = 1; i <= 7; ++i) {
      const std::string c = "co" + std::to_string(i);
      AddNode(c, "Company");
      AddRel("nominee-" + c, "DIRECTS", "nominee", c);
      const std::string p = "person" + std::to_string(i);
      AddNode(p, "Person");
      AddRel(p + "-" + c, "DIRECTS", p, c);
    }
    AddRel("nominee-owns-co1", "OWNS", "nominee", "co1", Props({{"percentage", 100}}));
    AddRel("nominee-owns-co8", "OWNS", "nominee", "co1", Props({{"percentage", 100}}));
    AddRel("owner-co2", "OWNS", "owner", "co2");
    Commit();
  }
};

TEST_F(NomineesTest, PeopleWithManyCompanies) {
  auto rows = Call("shell.nominees", {Value::Map(Props({{"threshold", 5}}))});
  ASSERT_TRUE(status_.ok()) << status_.ToString();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].as_node(), Id("nominee"));
  EXPECT_EQ(rows[0][Col("shell.nominees", "companies")].as_int(), 7);
  EXPECT_EQ(rows[0][Col("shell.nominees", "directs")].as_int(), 7);
  EXPECT_EQ(rows[0][Col("shell.nominees", "owns")].as_int(), 1);  // two OWNS, one company
  EXPECT_EQ(rows[0][Col("shell.nominees", "threshold")].as_int(), 5);
  EXPECT_GT(rows[0][Col("shell.nominees", "zscore")].as_number(), 2);
  EXPECT_EQ(RelList(rows[0][Col("shell.nominees", "rels")]).size(), 9u);
  EXPECT_EQ(NodeList(rows[0][Col("shell.nominees", "companyList")]).size(), 7u);
  rows = Call("shell.nominees", {Value::Map(Props({{"threshold", 1}}))});
  EXPECT_EQ(rows.size(), 9u);  // the nominee, seven directors and the owner
  rows = Call("shell.nominees", {Value::Map(Props({{"threshold", 8}}))});
  EXPECT_TRUE(rows.empty());
}

}  // namespace
}  // namespace actorgraph::testing
