// The OFAC SDN list as published (2021-08-18 and 2022-09-29), from
// ../shared/realdata: every entry imports, the summary counts entries, and
// a few entries are checked field by field.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

// Entries of an sdn.csv: lines that start with an ent_num and a quoted
// name (a remark never holds a line break in these files), and how many of
// them have each SDN_Type.
struct SdnCounts {
  size_t entries = 0, individuals = 0, vessels = 0, aircraft = 0;
};
SdnCounts CountEntries(const std::string& csv) {
  SdnCounts c;
  size_t at = 0;
  while (at < csv.size()) {
    size_t end = csv.find('\n', at);
    if (end == std::string::npos) end = csv.size();
    const std::string line = csv.substr(at, end - at);
    at = end + 1;
    const size_t comma = line.find(",\"");
    if (comma == 0 || comma == std::string::npos || line.find_first_not_of("0123456789") != comma)
      continue;
    ++c.entries;
    c.individuals += line.find(",\"individual\",") != std::string::npos;
    c.vessels += line.find(",\"vessel\",") != std::string::npos;
    c.aircraft += line.find(",\"aircraft\",") != std::string::npos;
  }
  return c;
}

std::vector<std::string> List(const Node& n, const std::string& prop) {
  std::vector<std::string> out;
  if (const Value* v = n.Prop(prop))
    for (const auto& e : v->as_list())
      out.push_back(e.kind() == Value::Kind::kString ? e.as_string() : e.ToString());
  return out;
}

class RealOfacTest : public ImportTest {
 protected:
  // Nodes per label among the OFAC entries.
  std::map<std::string, size_t> Labels() {
    std::map<std::string, size_t> out;
    auto view = db_->Read();
    EXPECT_TRUE(view->ForEachNode([&](NodeId id) {
                      Node n;
                      EXPECT_TRUE(view->GetNode(id, &n).ok());
                      if (n.xid.rfind("ofac:", 0) == 0)
                        for (const auto& l : n.labels)
                          ++out[l];
                      return true;
                    })
                    .ok());
    return out;
  }
  size_t RelsOfType(const std::string& type) {
    size_t n = 0;
    EXPECT_TRUE(db_->Read()
                    ->ForEachRel([&](const Relationship& r) {
                      n += r.type == type;
                      return true;
                    })
                    .ok());
    return n;
  }
};

TEST_F(RealOfacTest, BothVersionsImportWhole) {
  for (const char* name : {"ofac_sdn_2021-08-18.csv", "ofac_sdn_2022-09-29.csv"}) {
    SCOPED_TRACE(name);
    const std::string path = RealData(name);
    REQUIRE_REALDATA(path);
    db_.reset();
    std::filesystem::remove_all(dir_ / "db");
    db_ = std::move(Database::Open(dir_ / "db")).value();
    const SdnCounts c = CountEntries(ReadFile(path));
    Status s = Import("ofac", {path});  // default: --on-error abort
    ASSERT_TRUE(s.ok()) << s.ToString();
    // Records are entries; the "Linked To" links resolved afterwards are
    // part of their entry, not records.
    EXPECT_EQ(report_.records, c.entries);
    EXPECT_EQ(report_.imported, c.entries);
    EXPECT_EQ(report_.rejected, 0u);
    auto labels = Labels();
    EXPECT_EQ(labels["Person"], c.individuals);
    EXPECT_EQ(labels["Vessel"], c.vessels);
    EXPECT_EQ(labels["Aircraft"], c.aircraft);
    EXPECT_EQ(labels["Organization"], c.entries - c.individuals - c.vessels - c.aircraft);
    EXPECT_EQ(RelsOfType("SANCTIONED"), c.entries);
    EXPECT_GT(RelsOfType("HAS_IDENTIFIER"), 1500u);
    for (const auto& w : report_.field_warnings)
      EXPECT_EQ(w.rfind(path + ": line ", 0), 0u) << w;
  }
}

TEST_F(RealOfacTest, EntriesFieldByField) {
  const std::string path = RealData("ofac_sdn_2021-08-18.csv");
  REQUIRE_REALDATA(path);
  ASSERT_TRUE(Import("ofac", {path}).ok());

  // 11648: "DOB 1964; alt. DOB 28 Aug 1962; nationality Korea, North; …
  // Passport 290320764; a.k.a. 'KIM, JIN SOK'; Linked To: TANCHON
  // COMMERCIAL BANK."
  Node kim = Get("ofac:11648");
  EXPECT_EQ(kim.labels, std::vector<std::string>{"Person"});
  EXPECT_EQ(List(kim, "birth_dates"), (std::vector<std::string>{"1964", "1962-08-28"}));
  EXPECT_EQ(kim.Prop("birth_date")->ToString(), "1964");
  EXPECT_EQ(kim.Prop("nationality")->as_string(), "Korea, North");
  bool aka = false;
  for (const auto& a : kim.aliases)
    aka |= a.name == "KIM, JIN SOK";
  EXPECT_TRUE(aka);
  auto docs = Rels("ofac:11648", "HAS_IDENTIFIER");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].first, "iddoc:290320764");
  auto links = Rels("ofac:11648", "RELATED_TO");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(Get(links[0].first).name, "TANCHON COMMERCIAL BANK");

  // 7782: "DOB circa 1951; POB Foca, Bosnia-Herzegovina."
  Node sahin = Get("ofac:7782");
  EXPECT_EQ(sahin.Prop("birth_date")->ToString(), "1951");
  EXPECT_EQ(List(sahin, "birth_dates_approximate"), std::vector<std::string>{"1951"});
  EXPECT_EQ(List(sahin, "birth_places"), std::vector<std::string>{"Foca, Bosnia-Herzegovina"});

  // 15036 ARTAVIL: a vessel with call sign, type, tonnages, flag and IMO.
  Node ship = Get("ofac:15036");
  EXPECT_EQ(ship.labels, std::vector<std::string>{"Vessel"});
  EXPECT_EQ(ship.Prop("call_sign")->as_string(), "T2EU4");
  EXPECT_EQ(ship.Prop("vessel_type")->as_string(), "Crude/Oil Products Tanker");
  EXPECT_EQ(ship.Prop("tonnage")->as_int(), 99144);
  EXPECT_EQ(ship.Prop("gross_tonnage")->as_int(), 56068);
  EXPECT_EQ(ship.Prop("flag")->as_string(), "Iran");
  EXPECT_EQ(ship.Prop("imo")->as_string(), "9187629");
  EXPECT_EQ(ship.Prop("mmsi")->as_string(), "572469210");
  ASSERT_EQ(Rels("ofac:15036", "SANCTIONED", Direction::kIn).size(), 1u);

  // 18150 "MSN 391": an aircraft.
  Node plane = Get("ofac:18150");
  EXPECT_EQ(plane.labels, std::vector<std::string>{"Aircraft"});
  EXPECT_EQ(plane.Prop("tail_number")->as_string(), "EP-MMH");
  EXPECT_EQ(plane.Prop("model")->as_string(), "Airbus A340-642");
  EXPECT_EQ(plane.Prop("manufacture_date")->ToString(), "2002");

  // 11346: four "Telephone No." numbers; each a phone node of its own.
  EXPECT_EQ(Rels("ofac:11346", "HAS_PHONE").size(), 4u);

  // 24537 and 24538 state the same Iranian passport: one node, two holders.
  auto a = Rels("ofac:24537", "HAS_IDENTIFIER"), b = Rels("ofac:24538", "HAS_IDENTIFIER");
  std::set<std::string> shared;
  for (const auto& [x, r1] : a)
    for (const auto& [y, r2] : b)
      if (x == y) shared.insert(x);
  EXPECT_TRUE(shared.count("iddoc:ir:14006467155"));
}

TEST_F(RealOfacTest, OnePhoneIsOneNodeWhateverTheRow) {
  // Two entries of different nationality state one number without a
  // country code: one Phone node.
  const std::string path = dir_ / "sdn.csv";
  WriteFile(path,
            "1,\"ONE, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
            "\"nationality Mali; Telephone No. 76123456.\"\n"
            "2,\"TWO, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
            "\"nationality Lebanon; Phone Number 76 12 34 56.\"\n");
  ASSERT_TRUE(Import("ofac", {path}).ok());
  auto p1 = Rels("ofac:1", "HAS_PHONE"), p2 = Rels("ofac:2", "HAS_PHONE");
  ASSERT_EQ(p1.size(), 1u);
  ASSERT_EQ(p2.size(), 1u);
  EXPECT_EQ(p1[0].first, p2[0].first);
}

TEST_F(RealOfacTest, AnUnreadableDateCostsTheDateOnly) {
  const std::string path = dir_ / "sdn.csv";
  WriteFile(path,
            "1,\"ONE, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
            "\"DOB 20th century; DOB circa 1961; nationality Congo, Democratic Republic of "
            "the.\"\n");
  ASSERT_TRUE(Import("ofac", {path}).ok());
  Node n = Get("ofac:1");
  EXPECT_EQ(n.Prop("birth_date")->ToString(), "1961");
  EXPECT_EQ(List(n, "birth_date_raw"), std::vector<std::string>{"20th century"});
  EXPECT_EQ(n.Prop("nationality")->as_string(), "Congo, Democratic Republic of the");
  ASSERT_EQ(report_.field_warnings.size(), 1u);
  EXPECT_EQ(report_.field_warnings[0].rfind(path + ": line 1: field 'DOB'", 0), 0u)
      << report_.field_warnings[0];
  bool summarized = false;
  for (const auto& w : report_.warnings)
    summarized |= w.rfind("1 field(s) could not be read", 0) == 0;
  EXPECT_TRUE(summarized);
}

}  // namespace
}  // namespace actorgraph::testing
