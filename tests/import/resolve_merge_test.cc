#include <gtest/gtest.h>

#include "engine/merge.h"
#include "import/resolve.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class ResolveMergeTest : public ImportTest {
 protected:
  void LoadText(const std::string& text) {
    const std::string path = dir_ / ("load" + std::to_string(++n_) + ".jsonl");
    WriteFile(path, text);
    auto txn = db_->BeginWrite("load");
    NativeLoader loader(txn.get());
    ASSERT_TRUE(loader.LoadFiles({path}).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  std::vector<DuplicateCandidate> Resolve(ResolveOptions o = {}) {
    auto r = FindDuplicates(*db_->Read(), db_->ontology(), o);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<DuplicateCandidate>{};
  }
  static const DuplicateCandidate* Pair(const std::vector<DuplicateCandidate>& cs,
                                        const std::string& a, const std::string& b) {
    for (const auto& c : cs)
      if ((c.a_xid == a && c.b_xid == b) || (c.a_xid == b && c.b_xid == a)) return &c;
    return nullptr;
  }
  int n_ = 0;
};

const char* kGroups = R"(
{"kind":"node","id":"doc","labels":["Document"],"name":"Report"}
{"kind":"node","id":"jnim-1","labels":["ArmedGroup"],"name":"Jama'at Nusrat al-Islam wal-Muslimin","claims":[{"source":"doc","locator":"p1"}]}
{"kind":"node","id":"jnim-2","labels":["ArmedGroup"],"name":"Jamaat Nusrat al Islam wal Muslimeen","aliases":["Nusrat al-Islam"],"props":{"ideology":"salafi-jihadist"},"claims":[{"source":"doc","locator":"p2"}]}
{"kind":"node","id":"jnim-3","labels":["ArmedGroup"],"name":"JNIM"}
{"kind":"node","id":"konfourou-a","labels":["Person"],"name":"Issa Konfourou"}
{"kind":"node","id":"konfourou-b","labels":["Person"],"name":"Konfourou, Issa"}
{"kind":"node","id":"mopti","labels":["Location"],"name":"Mopti"}
{"kind":"rel","id":"jnim2-mopti","type":"DEPLOYED_IN","src":"jnim-2","dst":"mopti","claims":[{"source":"doc","locator":"p3","claimant":"jnim-2"}]}
{"kind":"claim","node":"konfourou-a","source":"doc","claimant":"jnim-2","note":"claimed by the group"}
)";

TEST_F(ResolveMergeTest, NameVariants) {
  std::string why;
  EXPECT_GE(NameSimilarity("Jama'at Nusrat al-Islam wal-Muslimin",
                           "Jamaat Nusrat al Islam wal Muslimeen", &why),
            0.95);
  EXPECT_EQ(why, "same name after transliteration");
  EXPECT_EQ(NameSimilarity("Souleymane Dembélé", "SOULEYMANE DEMBELE", &why), 1.0);
  EXPECT_GE(NameSimilarity("Issa Konfourou", "Konfourou, Issa", &why), 0.95);
  EXPECT_EQ(why, "same words in another order");
  EXPECT_GE(NameSimilarity("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin", &why), 0.85);
  EXPECT_NE(why.find("known aliases"), std::string::npos);  // name_aliases.cc
  EXPECT_GE(NameSimilarity("FLNA", "Front de Liberation Nationale de l'Azawad", &why), 0.85);
  EXPECT_EQ(why, "acronym of the other name");
  EXPECT_LT(NameSimilarity("Mali", "Niger", &why), 0.5);
  EXPECT_LT(NameSimilarity("Malian Armed Forces", "Russian armed forces", &why), 0.7);
  EXPECT_GE(NameSimilarity("Yevgeny Prigozhin", "Evgueni Prigojine", &why), 0.6);
}

TEST_F(ResolveMergeTest, ProposesDuplicatesWithEvidence) {
  LoadText(kGroups);
  auto cs = Resolve();
  const auto* jnim = Pair(cs, "jnim-1", "jnim-2");
  ASSERT_TRUE(jnim);
  EXPECT_GT(jnim->score, 0.7);
  EXPECT_NE(jnim->evidence[0].detail.find("transliteration"), std::string::npos);
  ASSERT_TRUE(Pair(cs, "konfourou-a", "konfourou-b"));
  ASSERT_TRUE(Pair(cs, "jnim-1", "jnim-3"));  // acronym
  EXPECT_FALSE(Pair(cs, "jnim-1", "konfourou-a"));
  ResolveOptions people;
  people.label = "Person";
  auto only = Resolve(people);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].a_xid + only[0].b_xid, "konfourou-akonfourou-b");
}

TEST_F(ResolveMergeTest, SharedIdentifiersCountByHowRareTheyAre) {
  std::string text = R"({"kind":"node","id":"ph","labels":["Phone"],"name":"+22376123456"}
{"kind":"node","id":"agent","labels":["Address"],"name":"1 Registered Agent Street"}
{"kind":"node","id":"c1","labels":["Company"],"name":"Alpha Mining"}
{"kind":"node","id":"c2","labels":["Company"],"name":"Beta Gold"}
{"kind":"rel","type":"HAS_PHONE","src":"c1","dst":"ph"}
{"kind":"rel","type":"HAS_PHONE","src":"c2","dst":"ph"}
)";
  for (int i = 0; i < 30; ++i) {
    text += "{\"kind\":\"node\",\"id\":\"s" + std::to_string(i) +
            "\",\"labels\":[\"Company\"],\"name\":\"Shell " + std::to_string(i * 7919) + " Zq\"}\n";
    text += "{\"kind\":\"rel\",\"type\":\"HAS_ADDRESS\",\"src\":\"s" + std::to_string(i) +
            "\",\"dst\":\"agent\"}\n";
  }
  LoadText(text);
  ResolveOptions o;
  o.min_score = 0.3;
  auto cs = Resolve(o);
  const auto* phone = Pair(cs, "c1", "c2");
  ASSERT_TRUE(phone);  // different names, one exclusive phone
  EXPECT_GE(phone->score, 0.5);
  bool shared_phone = false;
  for (const auto& e : phone->evidence)
    shared_phone |= e.kind == "identifier" && e.detail.find("Phone") != std::string::npos &&
                    e.detail.find("(2 entities") != std::string::npos;
  EXPECT_TRUE(shared_phone);
  // Thirty companies at a registered agent's address are not duplicates.
  EXPECT_FALSE(Pair(cs, "s1", "s2"));
}

TEST_F(ResolveMergeTest, MergeKeepsNamesRelationshipsAndClaimsAndUnmergeRestores) {
  LoadText(kGroups);
  auto view0 = db_->Read();
  const TxnId before = db_->LastTxn();
  auto merged = MergeNodes(db_.get(), "jnim-1", "jnim-2");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->rels_moved, 1u);
  EXPECT_EQ(merged->claims_moved, 3u);  // about jnim-2, and two by it as claimant
  EXPECT_FALSE(Has("jnim-2"));
  Node a = Get("jnim-1");
  std::set<std::string> names;
  for (const auto& al : a.aliases)
    names.insert(al.name);
  EXPECT_EQ(names,
            (std::set<std::string>{"Jamaat Nusrat al Islam wal Muslimeen", "Nusrat al-Islam"}));
  EXPECT_EQ(a.Prop("ideology")->as_string(), "salafi-jihadist");
  auto deployed = Rels("jnim-1", "DEPLOYED_IN");
  ASSERT_EQ(deployed.size(), 1u);
  auto rc = ClaimsOnRel("jnim2-mopti");
  ASSERT_EQ(rc.size(), 1u);
  EXPECT_EQ(rc[0].claimant, db_->Read()->FindNode("jnim-1"));
  auto view = db_->Read();
  auto nc = *view->Claims(TargetKind::kNode, *view->FindNode("jnim-1"));
  EXPECT_EQ(nc.size(), 2u);  // its own and jnim-2's, each with its source and locator
  // Recorded in history, and merges can be listed.
  auto txns = db_->Transactions();
  EXPECT_EQ(txns.back().description.rfind("merge 'jnim-2' into 'jnim-1'", 0), 0u);
  ASSERT_EQ(ActiveMerges(*db_).size(), 1u);

  auto un = Unmerge(db_.get(), "jnim-2");
  ASSERT_TRUE(un.ok()) << un.status().ToString();
  EXPECT_EQ(un->undone, merged->txn);
  EXPECT_TRUE(ActiveMerges(*db_).empty());
  // Both back as before: names, properties, relationships, claims.
  Node a2 = Get("jnim-1"), b2 = Get("jnim-2");
  Node a0, b0;
  ASSERT_TRUE(view0->GetNode(*view0->FindNode("jnim-1"), &a0).ok());
  ASSERT_TRUE(view0->GetNode(*view0->FindNode("jnim-2"), &b0).ok());
  EXPECT_TRUE(a2.SameContent(a0));
  EXPECT_TRUE(b2.SameContent(b0));
  EXPECT_EQ(Rels("jnim-2", "DEPLOYED_IN").size(), 1u);
  EXPECT_TRUE(Rels("jnim-1", "DEPLOYED_IN").empty());
  rc = ClaimsOnRel("jnim2-mopti");
  ASSERT_EQ(rc.size(), 1u);
  EXPECT_EQ(rc[0].claimant, db_->Read()->FindNode("jnim-2"));
  view = db_->Read();
  auto bc = *view->Claims(TargetKind::kNode, *view->FindNode("jnim-2"));
  ASSERT_EQ(bc.size(), 1u);
  EXPECT_EQ(bc[0].locator, "p2");
  auto kc = *view->Claims(TargetKind::kNode, *view->FindNode("konfourou-a"));
  ASSERT_EQ(kc.size(), 1u);
  EXPECT_EQ(kc[0].claimant, view->FindNode("jnim-2"));
  // Before the merge, as of then, nothing changed either.
  EXPECT_GT(db_->LastTxn(), before);
  EXPECT_EQ(Unmerge(db_.get(), "jnim-2").status().code(), Status::Code::kNotFound);
}

TEST_F(ResolveMergeTest, ReimportAfterMergeFeedsTheKeptEntity) {
  ASSERT_TRUE(
      Import("un-sanctions", {Fixture("consolidated.un.xml")}, {.on_error = OnError::kSkip}).ok());
  ASSERT_TRUE(Import("ftm", {Fixture("entities.ftm.jsonl")}).ok());
  ASSERT_TRUE(MergeNodes(db_.get(), "un-sc:QDe.159", "ftm:co-kati-logistics").ok());
  const TxnId t = db_->LastTxn();
  ASSERT_TRUE(Import("ftm", {Fixture("entities.ftm.jsonl")}).ok());
  EXPECT_FALSE(Has("ftm:co-kati-logistics"));
  EXPECT_EQ(report_.nodes.created + report_.nodes.updated, 0u);
  EXPECT_EQ(report_.claims.created, 0u);
  EXPECT_EQ(db_->LastTxn(), t);
}

}  // namespace
}  // namespace actorgraph::testing
