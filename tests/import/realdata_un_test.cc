// The UN Security Council Consolidated List as published (2018-10-29), from
// ../shared/realdata: every record imports, every repeated field keeps its
// values, and a few records are checked field by field.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

const char kUnList[] = "un_sc_consolidated_2018-10-29.xml";

// Every "<TAG>text</TAG>" of the file, by plain text search (independent of
// the importer's XML parser), trimmed.
std::vector<std::string> TagTexts(const std::string& xml, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  for (size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
    const size_t end = xml.find(close, at);
    if (end == std::string::npos) break;
    out.push_back(Trim(xml.substr(at + open.size(), end - at - open.size())));
  }
  return out;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

std::vector<std::string> List(const Node& n, const std::string& prop) {
  std::vector<std::string> out;
  if (const Value* v = n.Prop(prop))
    for (const auto& e : v->as_list())
      out.push_back(e.kind() == Value::Kind::kString ? e.as_string() : e.ToString());
  return out;
}

class RealUnListTest : public ImportTest {};

TEST_F(RealUnListTest, ImportsTheWholeFileInDefaultMode) {
  const std::string path = RealData(kUnList);
  REQUIRE_REALDATA(path);
  const std::string xml = ReadFile(path);
  const size_t individuals = Count(xml, "<INDIVIDUAL>"), entities = Count(xml, "<ENTITY>");
  // xmllint --xpath 'count(//INDIVIDUAL)' …: 703; 'count(//ENTITY)': 390.
  ASSERT_EQ(individuals, 703u);
  ASSERT_EQ(entities, 390u);

  Status s = Import("un-sanctions", {path});  // default: --on-error abort
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report_.records, individuals + entities);
  EXPECT_EQ(report_.imported, individuals + entities);
  EXPECT_EQ(report_.rejected, 0u);
  EXPECT_NE(report_.txn, 0u);

  // Every reference number is an entity; persons and organisations by kind.
  const auto refs = TagTexts(xml, "REFERENCE_NUMBER");
  ASSERT_EQ(refs.size(), individuals + entities);
  size_t persons = 0, orgs = 0, nationalities = 0, positions = 0, titles = 0, with_birth_place = 0,
         sanctioned = 0;
  for (const auto& ref : refs) {
    Node n = Get("un-sc:" + ref);
    persons += n.labels == std::vector<std::string>{"Person"};
    orgs += n.labels == std::vector<std::string>{"Organization"};
    nationalities += List(n, "nationalities").size();
    positions += List(n, "positions").size();
    titles += List(n, "titles").size();
    with_birth_place += n.Prop("birth_places") != nullptr;
    sanctioned += Rels("un-sc:" + ref, "SANCTIONED", Direction::kIn).size();
  }
  EXPECT_EQ(persons, individuals);
  EXPECT_EQ(orgs, entities);
  EXPECT_EQ(sanctioned, individuals + entities);
  // xmllint --xpath "count(//INDIVIDUAL/NATIONALITY/VALUE[normalize-space()!=''])": 644.
  EXPECT_EQ(nationalities, 644u);
  // … "count(//INDIVIDUAL/DESIGNATION/VALUE[normalize-space()!=''])": 362.
  EXPECT_EQ(positions, 362u);
  // … "count(//INDIVIDUAL/TITLE/VALUE[normalize-space()!=''])": 190, of
  // which 2 repeat a title of the same person (kept once): 188.
  EXPECT_EQ(titles, 188u);
  // … "count(//INDIVIDUAL[INDIVIDUAL_PLACE_OF_BIRTH/*[normalize-space()!='']])": 532.
  EXPECT_EQ(with_birth_place, 532u);

  // Identity documents: 429 in the file (xmllint
  // "count(//INDIVIDUAL_DOCUMENT[normalize-space()!=''])"), 408 with a
  // NUMBER, others with the number in TYPE_OF_DOCUMENT2 or the NOTE. Each is
  // a HAS_IDENTIFIER link (a person listing one document twice links once)
  // or, without any number (2 of them), a warning.
  size_t has_identifier = 0, no_number = 0;
  ASSERT_TRUE(db_->Read()
                  ->ForEachRel([&](const Relationship& r) {
                    has_identifier += r.type == "HAS_IDENTIFIER";
                    return true;
                  })
                  .ok());
  for (const auto& w : report_.field_warnings)
    no_number += w.find("field 'INDIVIDUAL_DOCUMENT': no document number") != std::string::npos;
  EXPECT_EQ(no_number, 2u);
  EXPECT_GE(has_identifier, 420u);
  EXPECT_LE(has_identifier + no_number, 429u);

  // Fields that are no date are warned about, with file and line.
  ASSERT_FALSE(report_.field_warnings.empty());
  for (const auto& w : report_.field_warnings) {
    EXPECT_EQ(w.rfind(path + ": line ", 0), 0u) << w;
    EXPECT_NE(w.find("field '"), std::string::npos) << w;
  }
}

TEST_F(RealUnListTest, RecordsFieldByField) {
  const std::string path = RealData(kUnList);
  REQUIRE_REALDATA(path);
  ASSERT_TRUE(Import("un-sanctions", {path}).ok());

  // <LISTED_ON>2015-04-14-04:00</LISTED_ON>: an xs:date with a zone.
  auto s = Rels("un-sc:YEi.004", "SANCTIONED", Direction::kIn);
  ASSERT_EQ(s.size(), 1u);
  ASSERT_TRUE(s[0].second.valid.from);
  EXPECT_EQ(s[0].second.valid.from->ToString(), "2015-04-14");
  EXPECT_EQ(s[0].second.Prop("regime")->as_string(), "Yemen");

  // TAi.002: two titles, four designations, two BETWEEN ranges only (no
  // single date), a place of birth, five update dates.
  Node hassan = Get("un-sc:TAi.002");
  EXPECT_EQ(hassan.name, "MOHAMMAD HASSAN AKHUND");
  EXPECT_EQ(List(hassan, "titles"), (std::vector<std::string>{"Mullah", "Haji"}));
  EXPECT_EQ(List(hassan, "positions").size(), 4u);
  EXPECT_EQ(List(hassan, "positions")[3], "Political Advisor of Mullah Mohammed Omar");
  EXPECT_EQ(hassan.Prop("birth_date"), nullptr);
  const Value* ranges = hassan.Prop("birth_date_ranges");
  ASSERT_NE(ranges, nullptr);
  ASSERT_EQ(ranges->as_list().size(), 2u);
  const Value& r0 = ranges->as_list()[0];
  EXPECT_EQ(r0.Find("from")->ToString(), "1955");
  EXPECT_EQ(r0.Find("to")->ToString(), "1958");
  EXPECT_TRUE(r0.Find("approximate")->as_bool());
  EXPECT_EQ(List(hassan, "birth_places"),
            (std::vector<std::string>{
                "Pashmul village, Panjwai District, Kandahar Province, Afghanistan"}));
  EXPECT_EQ(hassan.aliases.size(), 1u);  // the Arabic-script name
  auto hs = Rels("un-sc:TAi.002", "SANCTIONED", Direction::kIn);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0].second.Prop("updated")->as_list().size(), 5u);

  // CFi.009 (Joseph Kony): ten dates of birth, three only in a note
  // ("August 1961"); aliases once each; addresses by region.
  Node kony = Get("un-sc:CFi.009");
  EXPECT_EQ(List(kony, "birth_dates"),
            (std::vector<std::string>{"1959", "1960", "1961", "1963", "1964-09-18", "1965",
                                      "1961-08", "1961-07", "1961-01-01", "1963-04"}));
  EXPECT_EQ(kony.Prop("birth_date")->ToString(), "1959");
  std::set<std::string> aliases;
  for (const auto& a : kony.aliases)
    EXPECT_TRUE(aliases.insert(a.name).second) << "duplicate alias " << a.name;
  EXPECT_TRUE(aliases.count("Joseph Rao Kony"));
  EXPECT_NE(kony.Prop("notes")->as_string().find("Le Messie sanglant"), std::string::npos);
  EXPECT_EQ(kony.Prop("nationality")->as_string(), "Uganda");
  EXPECT_EQ(kony.Prop("title")->as_string(), "General");
  EXPECT_GE(Rels("un-sc:CFi.009", "HAS_ADDRESS").size(), 7u);

  // QDi.306: "Between Aug. and Sep. 1977" (only in a note) is a range of
  // months, not raw text.
  Node khan = Get("un-sc:QDi.306");
  const Value* khan_ranges = khan.Prop("birth_date_ranges");
  ASSERT_NE(khan_ranges, nullptr);
  ASSERT_EQ(khan_ranges->as_list().size(), 1u);
  EXPECT_EQ(khan_ranges->as_list()[0].Find("from")->ToString(), "1977-08");
  EXPECT_EQ(khan_ranges->as_list()[0].Find("to")->ToString(), "1977-09");
  EXPECT_EQ(khan.Prop("birth_date_raw"), nullptr);

  // KPi.036: two designations; a passport without an issuing country.
  Node kim = Get("un-sc:KPi.036");
  EXPECT_EQ(
      List(kim, "positions"),
      (std::vector<std::string>{"Acted as the DPRK Ambassador to Burma", "KOMID facilitator"}));
  EXPECT_EQ(kim.Prop("birth_date")->ToString(), "1955-05-08");
  auto docs = Rels("un-sc:KPi.036", "HAS_IDENTIFIER");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].first, "iddoc:472310082");
  EXPECT_EQ(docs[0].second.Prop("document_type")->as_string(), "Passport");
  Node passport = Get("iddoc:472310082");
  EXPECT_EQ(passport.labels, std::vector<std::string>{"IdentityDocument"});
}

TEST_F(RealUnListTest, SameFileTwiceChangesNothing) {
  const std::string path = RealData(kUnList);
  REQUIRE_REALDATA(path);
  ASSERT_TRUE(Import("un-sanctions", {path}).ok());
  const TxnId first = db_->LastTxn();
  ASSERT_TRUE(Import("un-sanctions", {path}).ok());
  EXPECT_EQ(report_.txn, 0u);
  EXPECT_EQ(db_->LastTxn(), first);
  EXPECT_EQ(report_.nodes.created + report_.nodes.updated, 0u);
}

}  // namespace
}  // namespace actorgraph::testing
