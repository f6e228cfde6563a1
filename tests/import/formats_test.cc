// Each importer's mapping on small fixtures.
#include <gtest/gtest.h>

#include <sstream>

#include "import/ftm_exporter.h"
#include "import/sha256.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class FormatsTest : public ImportTest {};

TEST_F(FormatsTest, FtmThingsLinksAndIdentifiers) {
  Status s = Import("ftm", {Fixture("entities.ftm.jsonl")});
  ASSERT_TRUE(s.ok()) << s.ToString();
  Node co = Get("ftm:co-sahel-gold");
  EXPECT_EQ(co.labels, std::vector<std::string>{"Company"});
  EXPECT_EQ(co.aliases.size(), 1u);
  EXPECT_EQ(co.Prop("registration_number")->as_string(), "MA.BKO.2019.B.1234");
  EXPECT_EQ(co.Prop("incorporation_date")->ToString(), "2019-05-02");
  EXPECT_EQ(Get("ftm:p-ivanov").Prop("birth_date")->ToString(), "1975");
  // Ownership comes before its owner in the file: two passes.
  auto owners = Rels("ftm:co-sahel-gold", "OWNS", Direction::kIn);
  ASSERT_EQ(owners.size(), 1u);
  EXPECT_EQ(owners[0].first, "ftm:p-ivanov");
  EXPECT_EQ(owners[0].second.Prop("percentage")->as_number(), 51);
  EXPECT_EQ(owners[0].second.valid.from->ToString(), "2020-01");
  auto dirs = Rels("ftm:p-ivanov", "DIRECTS");
  ASSERT_EQ(dirs.size(), 1u);
  EXPECT_EQ(dirs[0].second.Prop("role")->as_string(), "managing director");
  EXPECT_EQ(dirs[0].second.valid.to->ToString(), "2023-06-30");
  // "+223 76 12 34 56" and "0022376123456": one Phone node.
  EXPECT_EQ(Rels("ftm:co-sahel-gold", "HAS_PHONE")[0].first, "phone:+22376123456");
  EXPECT_EQ(Rels("ftm:co-kati-logistics", "HAS_PHONE")[0].first, "phone:+22376123456");
  EXPECT_EQ(Rels("ftm:co-sahel-gold", "HAS_EMAIL")[0].first, "email:info@sahelgold.ml");
  auto sanctions = Rels("ftm:co-sahel-gold", "SANCTIONED", Direction::kIn);
  ASSERT_EQ(sanctions.size(), 1u);
  EXPECT_EQ(sanctions[0].first, "ftm-authority:european-union");
  EXPECT_FALSE(Has("ftm:vessel-1"));  // other schemata are skipped, with a note
  EXPECT_EQ(report_.warnings.size(), 1u);
  // Every fact cites the file and line.
  auto claims = ClaimsOnRel("own-1");
  // The document is the file's content: its SHA-256, with the name beside.
  const std::string doc = "doc:sha256:" + *Sha256File(Fixture("entities.ftm.jsonl"));
  ASSERT_TRUE(Has(doc));
  EXPECT_EQ(Get(doc).name, "entities.ftm.jsonl");
  auto view = db_->Read();
  auto own = view->FindRel("ftm:own-1");
  ASSERT_TRUE(own);
  auto cs = *view->Claims(TargetKind::kRel, *own);
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].locator, "line 2");
  EXPECT_EQ(cs[0].source, *view->FindNode(doc));
}

TEST_F(FormatsTest, FtmExportImportsBack) {
  ASSERT_TRUE(Import("ftm", {Fixture("entities.ftm.jsonl")}).ok());
  std::ostringstream out;
  ASSERT_TRUE(ExportFtm(*db_->Read(), db_->ontology(), out).ok());
  const std::string path = dir_ / "export.ftm.jsonl";
  WriteFile(path, out.str());
  EXPECT_NE(out.str().find("\"schema\":\"Ownership\""), std::string::npos);
  EXPECT_NE(out.str().find("\"id\":\"co-sahel-gold\""), std::string::npos);
  // Into a fresh database: the same entities and links.
  TempDir other;
  auto db2 = std::move(Database::Open(other / "db")).value();
  ImportReport r;
  ImportOptions o;
  o.reject_path = other / "rej";
  Status s = RunImport(db2.get(), "ftm", {path}, o, &r);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto view = db2->Read();
  ASSERT_TRUE(view->FindNode("ftm:co-sahel-gold"));
  ASSERT_TRUE(view->FindRel("ftm:own-1"));
  ASSERT_TRUE(view->FindRel("ftm:dir-1"));
  EXPECT_EQ(r.rejected, 0u);
}

TEST_F(FormatsTest, AcledRowsWithBomCrlfQuotedBreaksAndEofByte) {
  LoadSahel();
  Status s = Import("acled", {Fixture("events.acled.csv")}, {});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.records, 2u);
  Node ev = Get("acled:MLI12345");
  EXPECT_EQ(ev.Prop("date")->ToString(), "2022-03-27");
  EXPECT_EQ(ev.Prop("fatalities")->as_int(), 300);
  EXPECT_EQ(ev.Prop("sub_event_type")->as_string(), "Attack");
  EXPECT_EQ(ev.Prop("description")->as_string(),
            "On 27 March 2022, FAMa and Wagner Group forces\nkilled about 300 men in Moura, "
            "\"according to witnesses\".");
  // time_precision 3: only the month is known.
  EXPECT_EQ(Get("acled:MLI12346").Prop("date")->ToString(), "2022-04");
  // Places down the admin hierarchy.
  auto at = Rels("acled:MLI12345", "OCCURRED_AT");
  ASSERT_EQ(at.size(), 1u);
  EXPECT_EQ(at[0].first, "loc:mali/mopti/djenne/dandougou-fakala/moura");
  EXPECT_EQ(Get(at[0].first).Prop("lat")->as_number(), 14.1667);
  EXPECT_EQ(Rels(at[0].first, "LOCATED_IN")[0].first, "loc:mali/mopti/djenne/dandougou-fakala");
  // Actors: the Sahel dataset's Wagner Group is linked, not duplicated.
  std::map<std::string, std::string> roles;
  for (const auto& [actor, r] : Rels("acled:MLI12345", "PARTICIPATED_IN", Direction::kIn))
    roles[actor] = r.Prop("role")->as_string();
  EXPECT_EQ(roles["wagner-group"], "perpetrator");
  EXPECT_EQ(roles["acled-actor:military-forces-of-mali-2021"], "perpetrator");
  EXPECT_EQ(roles["acled-actor:civilians-mali"], "victim");
  EXPECT_EQ(Get("acled-actor:military-forces-of-mali-2021").labels,
            std::vector<std::string>{"ArmedForce"});
  // One claim per source.
  auto view = db_->Read();
  auto cs = *view->Claims(TargetKind::kNode, *view->FindNode("acled:MLI12345"));
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].note, "ACLED source: Human Rights Watch");
  EXPECT_EQ(cs[0].locator, "line 2 (event MLI12345)");
}

TEST_F(FormatsTest, AcledLatin1IsTranscodedWithANote) {
  ASSERT_TRUE(Import("acled", {Fixture("latin1.acled.csv")}).ok());
  EXPECT_EQ(Get("acled-actor:milice-segou").name, "Milice Ségou");
  ASSERT_EQ(report_.warnings.size(), 1u);
  EXPECT_NE(report_.warnings[0].find("read as Latin-1 (first: line 2)"), std::string::npos);
  ImportOptions strict;
  strict.encoding = Encoding::kUtf8;
  Status s = Import("acled", {Fixture("latin1.acled.csv")}, strict);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 2: not valid UTF-8"), std::string::npos) << s.message();
}

TEST_F(FormatsTest, Neo4jCsvNodesThenRelationshipsWhateverTheOrder) {
  Status s = Import("neo4j-csv", {Fixture("rels.neo4j.csv"), Fixture("succ.neo4j.csv"),
                                  Fixture("nodes.neo4j.csv"), Fixture("people.neo4j.csv")});
  ASSERT_TRUE(s.ok()) << s.ToString();
  Node w = Get("Org:wagner");
  EXPECT_EQ(w.name, "Wagner Group");
  EXPECT_EQ(w.aliases.size(), 2u);
  EXPECT_EQ(w.Prop("founded")->ToString(), "2014");
  EXPECT_EQ(w.Prop("country")->as_string(), "Russia");
  EXPECT_EQ(Get("Org:africa-corps").labels,
            (std::vector<std::string>{"Organization", "PrivateMilitaryCompany"}));
  auto leads = Rels("Person:prigozhin", "LEADS");
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads[0].second.valid.ToString(), "[2014, 2023-08-23)");
  EXPECT_EQ(leads[0].second.Prop("role")->as_string(), "founder");
  auto succ = Rels("Org:wagner", "SUCCEEDED_BY");
  ASSERT_EQ(succ.size(), 1u);
  EXPECT_EQ(succ[0].second.Prop("description")->as_string(), "rebranded in Africa, per reports");
}

TEST_F(FormatsTest, UnSanctionsRecords) {
  Status s = Import("un-sanctions", {Fixture("consolidated.un.xml")}, {.on_error = OnError::kSkip});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.records, 3u);
  // LISTED_ON "sometime" costs the date, not the record: kept as text, warned.
  EXPECT_EQ(report_.rejected, 0u);
  auto bad = Rels("un-sc:MLe.999", "SANCTIONED", Direction::kIn);
  ASSERT_EQ(bad.size(), 1u);
  // Without a listing date it holds from the version that shows it (the list's dateGenerated).
  ASSERT_TRUE(bad[0].second.valid.from.has_value());
  EXPECT_EQ(bad[0].second.valid.from->ToString(), "2024-01-15");
  EXPECT_EQ(bad[0].second.Prop("listed_on_raw")->as_string(), "sometime");
  ASSERT_EQ(report_.field_warnings.size(), 1u);
  EXPECT_NE(report_.field_warnings[0].find("field 'LISTED_ON'"), std::string::npos);
  Node p = Get("un-sc:QDi.316");
  EXPECT_EQ(p.name, "IYAD AG GHALY");
  EXPECT_EQ(p.labels, std::vector<std::string>{"Person"});
  EXPECT_EQ(p.Prop("nationality")->as_string(), "Mali");
  EXPECT_EQ(p.Prop("birth_date")->ToString(), "1958");
  EXPECT_EQ(p.Prop("notes")->as_string(), "Low-quality aliases: Abou Fadl");
  auto sanc = Rels("un-sc:QDe.159", "SANCTIONED", Direction::kIn);
  ASSERT_EQ(sanc.size(), 1u);
  EXPECT_EQ(sanc[0].first, "un-security-council");
  EXPECT_EQ(sanc[0].second.valid.from->ToString(), "2018-10-04");
  EXPECT_EQ(sanc[0].second.Prop("regime")->as_string(), "Al-Qaida");
  EXPECT_EQ(Rels("un-sc:QDe.159", "HAS_ADDRESS")[0].first,
            "address:quartier-hippodrome-bamako-mali");
  EXPECT_TRUE(Rels("un-sc:QDi.316", "HAS_ADDRESS").empty());  // a bare country is no address
}

TEST_F(FormatsTest, UnSanctionsBrokenXmlNamesLineAndColumn) {
  const std::string bad = dir_ / "bad.xml";
  WriteFile(bad, "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><DATAID>1</DATA>\n");
  Status s = Import("un-sanctions", {bad});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bad.xml:3:"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("mismatched tag"), std::string::npos) << s.message();
}

TEST_F(FormatsTest, OfacSdnWithAliasesAddressesAndLinks) {
  Status s =
      Import("ofac", {Fixture("alt.ofac.csv"), Fixture("add.ofac.csv"), Fixture("sdn.ofac.csv")},
             {.on_error = OnError::kSkip});
  ASSERT_TRUE(s.ok()) << s.ToString();
  Node w = Get("ofac:25001");
  EXPECT_EQ(w.name, "WAGNER GROUP");
  std::set<std::string> aliases;
  for (const auto& a : w.aliases)
    aliases.insert(a.name);
  EXPECT_EQ(aliases, (std::set<std::string>{"PMC WAGNER", "CHVK WAGNER", "AFRICA CORPS"}));
  Node p = Get("ofac:25002");
  EXPECT_EQ(p.labels, std::vector<std::string>{"Person"});
  EXPECT_EQ(p.Prop("birth_date")->ToString(), "1961-06-01");
  EXPECT_EQ(p.Prop("gender")->as_string(), "male");  // lower-cased as every list writes it
  EXPECT_EQ(p.aliases[0].name, "Yevgeniy Viktorovich PRIGOZHIN");
  auto linked = Rels("ofac:25001", "RELATED_TO");
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0].first, "ofac:25002");
  auto sanc = Rels("ofac:25001", "SANCTIONED", Direction::kIn);
  ASSERT_EQ(sanc.size(), 1u);
  EXPECT_EQ(sanc[0].second.Prop("program")->as_string(), "CAATSA - RUSSIA UKRAINE-EO13660");
  EXPECT_EQ(Rels("ofac:25001", "HAS_EMAIL")[0].first, "email:info@wagner.example");
  EXPECT_EQ(Rels("ofac:25001", "HAS_ADDRESS").size(), 1u);
  EXPECT_EQ(Get("ofac:36").labels, std::vector<std::string>{"Organization"});
  EXPECT_EQ(report_.rejected, 1u);  // add.csv names entry 99999
}

TEST_F(FormatsTest, NativeJsonlThroughImport) {
  ImportOptions o;
  o.grade = Grade::Parse("C3").value();
  Status s = Import("jsonl", {SourcePath("tests/fixtures/mini.jsonl")}, o);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GT(report_.records, 0u);
  EXPECT_EQ(report_.imported, report_.records);
  EXPECT_TRUE(Has("wagner"));
}

}  // namespace
}  // namespace actorgraph::testing
