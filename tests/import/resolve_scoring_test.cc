// Scoring cases from issue 13: what must be proposed (Wagner, JNIM,
// Prigozhin, the Malian armed forces) and what must not (shared noms de
// guerre, single given names, conflicting birth dates, a person and an
// organisation, a place and the area that contains it, events by name).
#include <gtest/gtest.h>

#include "import/name_normalize.h"
#include "import/resolve.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class ResolveScoringTest : public ImportTest {
 protected:
  void LoadText(const std::string& text) {
    const std::string path = dir_ / ("load" + std::to_string(++n_) + ".jsonl");
    WriteFile(path, text);
    auto txn = db_->BeginWrite("load");
    NativeLoader loader(txn.get());
    Status s = loader.LoadFiles({path});
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(txn->Commit().ok());
  }
  std::vector<DuplicateCandidate> Resolve(ResolveOptions o = {}) {
    o.limit = 0;
    o.min_score = 0;  // every scored pair, to read the scores
    auto r = FindDuplicates(*db_->Read(), db_->ontology(), o);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<DuplicateCandidate>{};
  }
  // The pair's score, or -1 when it was not even compared.
  static double Score(const std::vector<DuplicateCandidate>& cs, const std::string& a,
                      const std::string& b) {
    for (const auto& c : cs)
      if ((c.a_xid == a && c.b_xid == b) || (c.a_xid == b && c.b_xid == a)) return c.score;
    return -1;
  }
  int n_ = 0;
};

constexpr double kCut = 0.5;  // ResolveOptions().min_score

TEST(NameNormalizeTest, TransliterationFormsAndAliases) {
  EXPECT_EQ(LatinizeName("Евгений Пригожин"), "evgenij prigozin");
  EXPECT_EQ(LatinizeName("Jama'at Nusrat al-Islam"), "jamaat nusrat al islam");
  EXPECT_EQ(SpellingKey("yevgeniy"), SpellingKey("evgeny"));
  EXPECT_EQ(SpellingKey("prigozhin"), SpellingKey("prigojine"));
  auto forms = NameForms("PRIVATE MILITARY COMPANY 'WAGNER'");
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[1].text, "WAGNER");
  forms = NameForms("JNIM: Group for Support of Islam and Muslims");
  ASSERT_EQ(forms.size(), 3u);
  EXPECT_EQ(forms[1].text, "JNIM");
  forms = NameForms("Military Forces of Mali (2021-)");
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[1].text, "Military Forces of Mali");
  // Apostrophes of Arabic names are not quotes.
  EXPECT_EQ(NameForms("'Abd al-Malik Muhammad Yusif 'Abd-al-Salam").size(), 1u);
  EXPECT_EQ(KnownAliasKey(LatinizeName("Group for Support of Islam and Muslims")), "jnim");
  EXPECT_EQ(KnownAliasKey(LatinizeName("Jama'a Nusrat ul-Islam wa al-Muslimin")), "jnim");
  EXPECT_EQ(KnownAliasKey(LatinizeName("Jamaat Nusrat al Islam wal Muslimeen")), "jnim");
  EXPECT_EQ(KnownAliasKey(LatinizeName("Islamic State in the Greater Sahara")), "isgs");
  EXPECT_EQ(KnownAliasKey(LatinizeName("Wagner Motors")), "");
  EXPECT_EQ(ClassifyWord("ooo"), WordClass::kLegalForm);
  EXPECT_EQ(ClassifyWord("group"), WordClass::kGeneric);
  EXPECT_EQ(ClassifyWord("viktorovich"), WordClass::kPatronymic);
  EXPECT_EQ(ClassifyWord("abu"), WordClass::kHonorific);
}

TEST(NameNormalizeTest, NameSimilarity) {
  std::string why;
  EXPECT_GE(NameSimilarity("PRIVATE MILITARY COMPANY 'WAGNER'", "Wagner Group", &why), 0.9);
  EXPECT_LT(NameSimilarity("PRIVATE MILITARY COMPANY 'WAGNER'",
                           "PRIVATE MILITARY COMPANY 'RSB-GROUP'", &why),
            0.5);
  EXPECT_GE(NameSimilarity("JNIM: Group for Support of Islam and Muslims",
                           "Jama'at Nusrat al-Islam wal-Muslimin", &why),
            0.9);
  EXPECT_GE(NameSimilarity("PRIGOZHIN, Yevgeniy Viktorovich", "Yevgeny Prigozhin", &why), 0.85);
  EXPECT_GE(NameSimilarity("Евгений Пригожин", "Yevgeny Prigozhin", &why), 0.6);
  EXPECT_GE(NameSimilarity("Military Forces of Mali (2021-)", "Malian Armed Forces", &why), 0.9);
  EXPECT_LT(NameSimilarity("Malian Armed Forces", "Russian Armed Forces", &why), 0.5);
}

TEST_F(ResolveScoringTest, ProposesTheLinksAcrossSources) {
  LoadText(R"J(
{"kind":"node","id":"wagner-group","labels":["PrivateMilitaryCompany"],"name":"Wagner Group","aliases":["Wagner","PMC Wagner"]}
{"kind":"node","id":"yevgeny-prigozhin","labels":["Person"],"name":"Yevgeny Prigozhin"}
{"kind":"node","id":"fama","labels":["ArmedForce"],"name":"Malian Armed Forces","aliases":["FAMa"]}
{"kind":"node","id":"ofac:22543","labels":["Organization"],"name":"PRIVATE MILITARY COMPANY 'WAGNER'"}
{"kind":"node","id":"ofac:99001","labels":["Organization"],"name":"PRIVATE MILITARY COMPANY 'RSB-GROUP'"}
{"kind":"node","id":"ofac:21171","labels":["Person"],"name":"PRIGOZHIN, Yevgeniy Viktorovich","props":{"birth_date":"1961-06-01","gender":"Male"}}
{"kind":"node","id":"ofac:31672","labels":["Person"],"name":"PRIGOZHIN, Pavel Evgenyevich","props":{"birth_date":"1998-06-18"}}
{"kind":"node","id":"ofac:24879","labels":["Organization"],"name":"JAMA'AT NUSRAT AL-ISLAM WAL-MUSLIMIN","aliases":["GSIM"]}
{"kind":"node","id":"un-sc:QDe.159","labels":["Organization"],"name":"Jama'a Nusrat ul-Islam wa al-Muslimin (JNIM)"}
{"kind":"node","id":"acled-actor:JNIM","labels":["ArmedGroup"],"name":"JNIM: Group for Support of Islam and Muslims"}
{"kind":"node","id":"acled-actor:FAMa","labels":["ArmedForce"],"name":"Military Forces of Mali (2021-)"}
{"kind":"node","id":"minusma","labels":["Organization"],"name":"MINUSMA","aliases":["UN Mali mission"]}
{"kind":"node","id":"acled-actor:MINUSMA","labels":["Organization"],"name":"MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali"}
)J");
  auto cs = Resolve();
  EXPECT_GE(Score(cs, "wagner-group", "ofac:22543"), 0.8);
  EXPECT_LT(Score(cs, "wagner-group", "ofac:99001"), kCut);
  EXPECT_GE(Score(cs, "yevgeny-prigozhin", "ofac:21171"), 0.7);
  EXPECT_LT(Score(cs, "yevgeny-prigozhin", "ofac:31672"), kCut);  // his son
  EXPECT_GE(Score(cs, "ofac:24879", "un-sc:QDe.159"), 0.8);
  EXPECT_GE(Score(cs, "ofac:24879", "acled-actor:JNIM"), 0.8);
  EXPECT_GE(Score(cs, "un-sc:QDe.159", "acled-actor:JNIM"), 0.8);
  EXPECT_GE(Score(cs, "fama", "acled-actor:FAMa"), 0.8);
  EXPECT_GE(Score(cs, "minusma", "acled-actor:MINUSMA"), 0.8);
  EXPECT_LT(Score(cs, "fama", "minusma"), kCut);
  // Only across the two sources asked for.
  ResolveOptions o;
  o.source_a = "local";
  o.source_b = "ofac";
  for (const auto& c : Resolve(o)) {
    const bool across = (FromSource(c.a_xid, "local") && FromSource(c.b_xid, "ofac")) ||
                        (FromSource(c.a_xid, "ofac") && FromSource(c.b_xid, "local"));
    EXPECT_TRUE(across) << c.a_xid << " / " << c.b_xid;
  }
  EXPECT_TRUE(FromSource("acled-actor:JNIM", "acled"));
  EXPECT_FALSE(FromSource("acledx:1", "acled"));
}

TEST_F(ResolveScoringTest, NamesakesAndConflictsStayBelowTheCut) {
  LoadText(R"J(
{"kind":"node","id":"h1","labels":["Person"],"name":"Abu Hamza","props":{"nationality":"Egypt"}}
{"kind":"node","id":"h2","labels":["Person"],"name":"Abu Hamza","props":{"nationality":"Egypt"}}
{"kind":"node","id":"a1","labels":["Person"],"name":"Abu Ali","props":{"birth_date":"1975"}}
{"kind":"node","id":"a2","labels":["Person"],"name":"ABU ALI"}
{"kind":"node","id":"t1","labels":["Person"],"name":"Turki"}
{"kind":"node","id":"t2","labels":["Person"],"name":"Turki Mubarak al-Binali"}
{"kind":"node","id":"d1","labels":["Person"],"name":"Mohammed Ahmed Salim Qasim","props":{"birth_date":"1970-03-01","gender":"Male"}}
{"kind":"node","id":"d2","labels":["Person"],"name":"Mohammed Ahmed Salim Qasim","props":{"birth_date":"1985"}}
{"kind":"node","id":"d3","labels":["Person"],"name":"Mohamed Ahmad Salim Qassim","props":{"birth_date":"1970-03-01"}}
{"kind":"node","id":"g1","labels":["Person"],"name":"Aisha Salim Qasim","props":{"gender":"Female"}}
{"kind":"node","id":"g2","labels":["Person"],"name":"Aisha Salim Qasim","props":{"gender":"Male"}}
{"kind":"node","id":"o1","labels":["Company"],"name":"Karim Benali Trading"}
{"kind":"node","id":"o2","labels":["Person"],"name":"Karim Benali"}
)J");
  auto cs = Resolve();
  EXPECT_LT(Score(cs, "h1", "h2"), kCut);  // a shared nom de guerre
  EXPECT_LT(Score(cs, "t1", "t2"), kCut);  // one given name
  EXPECT_LT(Score(cs, "a1", "a2"), kCut);  // another shared nom de guerre
  EXPECT_LT(Score(cs, "d1", "d2"), kCut);  // born fifteen years apart
  EXPECT_GE(Score(cs, "d1", "d3"), 0.8);   // spelling variants, same date of birth
  EXPECT_LT(Score(cs, "g1", "g2"), kCut);  // another gender
  EXPECT_LT(Score(cs, "o1", "o2"), kCut);  // a company and a person
}

TEST_F(ResolveScoringTest, IdentifiersAreNearProof) {
  LoadText(R"J(
{"kind":"node","id":"mail","labels":["Email"],"name":"kim.sc@example.org"}
{"kind":"node","id":"p1","labels":["Person"],"name":"KIM Sok Chol"}
{"kind":"node","id":"p2","labels":["Person"],"name":"Kim Sok-chol"}
{"kind":"node","id":"p3","labels":["Person"],"name":"Jon Il Chun"}
{"kind":"rel","type":"HAS_EMAIL","src":"p1","dst":"mail"}
{"kind":"rel","type":"HAS_EMAIL","src":"p3","dst":"mail"}
{"kind":"node","id":"v1","labels":["Company"],"name":"Ocean Star Shipping","props":{"registration_number":"IMO 9123456"}}
{"kind":"node","id":"v2","labels":["Company"],"name":"Sea Princess Ltd","props":{"registration_number":"9123456"}}
)J");
  auto cs = Resolve();
  EXPECT_GE(Score(cs, "p1", "p3"), 0.85);  // another name, one email address
  EXPECT_GE(Score(cs, "v1", "v2"), 0.85);  // renamed, same registration number
  ResolveOptions names_only;
  names_only.use_identifiers = false;
  cs = Resolve(names_only);
  EXPECT_LT(Score(cs, "v1", "v2"), kCut);
  EXPECT_LT(Score(cs, "p1", "p3"), kCut);
  EXPECT_GE(Score(cs, "p1", "p2"), kCut);
}

TEST_F(ResolveScoringTest, PlacesAndEvents) {
  LoadText(R"J(
{"kind":"node","id":"mali","labels":["Location"],"name":"Mali","props":{"country":"Mali","location_type":"country"}}
{"kind":"node","id":"mopti-region","labels":["Location"],"name":"Mopti","props":{"country":"Mali","location_type":"admin1"}}
{"kind":"node","id":"mopti-town","labels":["Location"],"name":"Mopti","props":{"country":"Mali","lat":14.49,"lon":-4.19}}
{"kind":"node","id":"mopti-2","labels":["Location"],"name":"Mopti","props":{"country":"Mali","lat":14.50,"lon":-4.20}}
{"kind":"rel","type":"LOCATED_IN","src":"mopti-region","dst":"mali"}
{"kind":"rel","type":"LOCATED_IN","src":"mopti-town","dst":"mopti-region"}
{"kind":"node","id":"jnim","labels":["ArmedGroup"],"name":"JNIM"}
{"kind":"node","id":"e1","labels":["Event"],"name":"Battles in Mopti","props":{"date":"2022-04-01"}}
{"kind":"node","id":"e2","labels":["Event"],"name":"Battles in Mopti","props":{"date":"2022-05-09"}}
{"kind":"node","id":"e3","labels":["Event"],"name":"Attack near Mopti by JNIM","props":{"date":"2022-04-01"}}
{"kind":"rel","type":"OCCURRED_AT","src":"e1","dst":"mopti-town"}
{"kind":"rel","type":"OCCURRED_AT","src":"e2","dst":"mopti-town"}
{"kind":"rel","type":"OCCURRED_AT","src":"e3","dst":"mopti-town"}
{"kind":"rel","type":"PARTICIPATED_IN","src":"jnim","dst":"e1"}
{"kind":"rel","type":"PARTICIPATED_IN","src":"jnim","dst":"e3"}
)J");
  auto cs = Resolve();
  EXPECT_EQ(Score(cs, "mopti-region", "mopti-town"), -1);  // an area and a place inside it
  EXPECT_GE(Score(cs, "mopti-town", "mopti-2"), kCut);
  EXPECT_LT(Score(cs, "e1", "e2"), 0);     // same generated name, other dates
  EXPECT_GE(Score(cs, "e1", "e3"), kCut);  // same day, place and actor
}

}  // namespace
}  // namespace actorgraph::testing
