// Annex tables of UN reports as `pdftotext -layout` renders them: columns
// from the header's word positions (cells one space apart split), typed
// share and date columns, wrapped cells, and the notes under a table.
// Fixture: tests/fixtures/import/annex_tables.un.txt, modelled on Panel of
// Experts annexes (company, jurisdiction, incorporation, shareholder, share,
// director; then persons with nationality and date of birth).
#include <gtest/gtest.h>

#include <set>

#include "import/un_report_parser.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

struct Parsed {
  std::vector<TableRow> rows;
  std::vector<TableNote> notes;
};

Parsed Parse(const std::string& text) {
  Parsed out;
  UnReportParser p({nullptr, nullptr, [&](const TableRow& r) { out.rows.push_back(r); },
                    [&](const TableNote& n) { out.notes.push_back(n); }});
  size_t start = 0;
  uint64_t n = 0;
  int page = 1;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line[0] == '\f') {
      p.PageBreak();
      ++page;
      line.erase(0, 1);
    }
    p.Line(line, page, ++n);
    start = end + 1;
  }
  p.Finish();
  return out;
}

std::string Cell(const TableRow& r, ColumnRole role) {
  auto it = r.cells.find(role);
  return it == r.cells.end() ? "" : it->second;
}

TEST(UnReportTablesTest, HeaderWordsOneSpaceApartAreColumns) {
  // "Jurisdiction Incorporated" are one space apart; "Share (%)" keeps its unit.
  auto cols = HeaderColumns("   Company name     Jurisdiction Incorporated  Share (%) Director");
  ASSERT_EQ(cols.size(), 5u);
  EXPECT_EQ(cols[0], (std::pair<size_t, std::string>{3, "Company name"}));
  EXPECT_EQ(cols[1], (std::pair<size_t, std::string>{20, "Jurisdiction"}));
  EXPECT_EQ(cols[2], (std::pair<size_t, std::string>{33, "Incorporated"}));
  EXPECT_EQ(cols[3], (std::pair<size_t, std::string>{47, "Share (%)"}));
  EXPECT_EQ(RoleOfHeader(cols[3].second), ColumnRole::kShare);
  EXPECT_EQ(RoleOfHeader(cols[2].second), ColumnRole::kDate);
  EXPECT_EQ(RoleOfHeader("Shareholder"), ColumnRole::kOwner);
  EXPECT_EQ(RoleOfHeader("Date of registration"), ColumnRole::kDate);
  EXPECT_EQ(RoleOfHeader("Registration number"), ColumnRole::kRegistration);
  // A header cell that is not all column names stays whole.
  cols = HeaderColumns("Name of the company   Address");
  ASSERT_EQ(cols.size(), 2u);
  EXPECT_EQ(cols[0].second, "Name of the company");
}

TEST(UnReportTablesTest, PublishedLayoutSplitsByHeaderPositions) {
  Parsed p = Parse(ReadFile(Fixture("annex_tables.un.txt")));
  ASSERT_EQ(p.rows.size(), 7u);
  const TableRow& gold = p.rows[0];
  EXPECT_EQ(gold.annex, "I");
  EXPECT_EQ(Cell(gold, ColumnRole::kCompany), "Sahel Or Export SARL");
  EXPECT_EQ(Cell(gold, ColumnRole::kCountry), "Mali");
  EXPECT_EQ(Cell(gold, ColumnRole::kDate), "3 March 2019");
  // The second shareholder and share are on the next line.
  EXPECT_EQ(Cell(gold, ColumnRole::kOwner), "Amadou Kone; Gulf Bullion FZE");
  EXPECT_EQ(Cell(gold, ColumnRole::kShare), "51 %; 49 %");
  EXPECT_EQ(Cell(gold, ColumnRole::kDirector), "Dmitri Ivanov");
  // One space between the company and its jurisdiction.
  EXPECT_EQ(Cell(p.rows[1], ColumnRole::kCompany), "Tessalit Mining Services SARL");
  EXPECT_EQ(Cell(p.rows[1], ColumnRole::kCountry), "Mali");
  EXPECT_EQ(Cell(p.rows[1], ColumnRole::kShare), "0.51");
  // A company name wrapped onto the next line.
  EXPECT_EQ(Cell(p.rows[3], ColumnRole::kCompany), "Kidal Transport and Logistics SA");
  EXPECT_EQ(Cell(p.rows[3], ColumnRole::kShare), "half");
  // Annex II: persons.
  EXPECT_EQ(p.rows[4].annex, "II");
  EXPECT_EQ(Cell(p.rows[4], ColumnRole::kName), "Dmitri Ivanov");
  EXPECT_EQ(Cell(p.rows[4], ColumnRole::kDate), "1975");
  EXPECT_EQ(Cell(p.rows[4], ColumnRole::kRole), "Director, Sahel Or Export SARL");
  EXPECT_EQ(p.rows[0].table, 1);
  EXPECT_EQ(p.rows[4].table, 2);
  // Notes under the tables, wrapped lines joined, each with its table.
  ASSERT_EQ(p.notes.size(), 3u);
  EXPECT_EQ(p.notes[0].table, 1);
  EXPECT_EQ(p.notes[0].text,
            "Source: Registre du commerce et du crédit mobilier (RCCM), Bamako, and Dubai Multi "
            "Commodities Centre records consulted by the Panel.");
  EXPECT_EQ(p.notes[1].text,
            "Registered-agent address also on file for: Tessalit Mining Services SARL; Gulf "
            "Bullion FZE.");
  EXPECT_EQ(p.notes[1].line, 28u);
  EXPECT_EQ(p.notes[2].table, 2);
  EXPECT_EQ(p.notes[2].text, "a The Panel could not confirm Ivan Petrov's date of birth.");
  // "unknown a": the footnote letter is the row's mark, not the cell's text.
  EXPECT_EQ(Cell(p.rows[6], ColumnRole::kDate), "unknown");
  EXPECT_EQ(p.rows[6].marks, std::vector<std::string>{"a"});
  EXPECT_EQ(p.notes[2].mark, "a");
  EXPECT_EQ(p.notes[1].mark, "");
  EXPECT_TRUE(p.rows[0].marks.empty());
}

TEST(UnReportTablesTest, CellsOneCharacterOffTheHeaderAndFootnoteLetters) {
  // Columns: Company at 0, Jurisdiction at 24, Shareholder at 37.
  auto at = [](std::vector<std::pair<size_t, std::string>> cells) {
    std::string line;
    for (const auto& [col, text] : cells)
      line += std::string(col > line.size() ? col - line.size() : 1, ' ') + text;
    return line.substr(line[0] == ' ' ? 1 : 0) + "\n";
  };
  const std::string text =
      "S/2024/9\n\n1. The Panel lists companies in annex I.\n\nAnnex I\n\n" +
      at({{0, "Company"}, {24, "Jurisdiction"}, {37, "Shareholder"}}) +
      // "Mali" one character before its column, one space after the name.
      at({{0, "Sahel Gold Mining SARL"}, {23, "Mali"}, {36, "Amadou Kone"}}) +
      at({{0, "Timbuktu Air Services"}, {24, "Mali"}, {37, "Issa Maiga (b)"}}) +
      at({{0, "Ansongo Freight SA a,b"}, {24, "Niger"}, {37, "Moussa Diallo"}}) +
      "\na Registered in 2019.\nb) Shares held through a nominee.\n";
  Parsed p = Parse(text);
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(Cell(p.rows[0], ColumnRole::kCompany), "Sahel Gold Mining SARL");
  EXPECT_EQ(Cell(p.rows[0], ColumnRole::kCountry), "Mali");
  EXPECT_EQ(Cell(p.rows[0], ColumnRole::kOwner), "Amadou Kone");
  EXPECT_EQ(Cell(p.rows[1], ColumnRole::kCompany), "Timbuktu Air Services");
  EXPECT_EQ(Cell(p.rows[1], ColumnRole::kCountry), "Mali");
  EXPECT_EQ(Cell(p.rows[1], ColumnRole::kOwner), "Issa Maiga");
  EXPECT_EQ(p.rows[1].marks, std::vector<std::string>{"b"});
  EXPECT_EQ(Cell(p.rows[2], ColumnRole::kCompany), "Ansongo Freight SA");
  EXPECT_EQ(p.rows[2].marks, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(p.notes.size(), 2u);
  EXPECT_EQ(p.notes[0].mark, "a");
  EXPECT_EQ(p.notes[1].mark, "b");
}

class UnReportTablesImportTest : public ImportTest {};

// A property as text, "(none)" when absent.
template <typename T>
std::string P(const T& x, const std::string& key) {
  const Value* v = x.Prop(key);
  return v ? (v->kind() == Value::Kind::kString ? v->as_string() : v->ToString()) : "(none)";
}

TEST_F(UnReportTablesImportTest, SharesAndDatesAreTypedAndTheRawTextKept) {
  Status s = Import("un-report", {Fixture("annex_tables.un.txt")});
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::string u = "unr:S/2024/888:";
  Node tessalit = Get(u + "tessalit-mining-services-sarl");
  EXPECT_EQ(tessalit.labels, std::vector<std::string>{"Company"});
  EXPECT_EQ(P(tessalit, "jurisdiction"), "Mali");
  EXPECT_EQ(P(tessalit, "incorporation_date"), "2020");
  EXPECT_EQ(P(Get(u + "sahel-or-export-sarl"), "incorporation_date"), "2019-03-03");
  EXPECT_EQ(P(Get(u + "gulf-bullion-fze"), "incorporation_date"), "2017-11");
  EXPECT_FALSE(Has(u + "tessalit-mining-services-sarl-mali"));

  // Two shareholders, each with its share, "51 %" and "49 %".
  std::map<std::string, Relationship> owners;
  for (auto& [who, r] : Rels(u + "sahel-or-export-sarl", "OWNS", Direction::kIn))
    owners[who] = r;
  ASSERT_EQ(owners.size(), 2u);
  EXPECT_EQ(P(owners[u + "amadou-kone"], "percentage"), "51.0");
  EXPECT_EQ(P(owners[u + "amadou-kone"], "description"), "share as written: 51 %");
  EXPECT_EQ(P(owners[u + "gulf-bullion-fze"], "percentage"), "49.0");
  // "0.51" is a fraction; "100%" has no space.
  auto t = Rels(u + "tessalit-mining-services-sarl", "OWNS", Direction::kIn);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].first, u + "sahel-or-export-sarl");
  EXPECT_EQ(P(t[0].second, "percentage"), "51.0");
  auto g = Rels(u + "gulf-bullion-fze", "OWNS", Direction::kIn);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(P(g[0].second, "percentage"), "100.0");
  // "half" is no number: the owner is kept, with the share as written, and a
  // warning names the line and the field.
  auto k = Rels(u + "kidal-transport-and-logistics-sa", "OWNS", Direction::kIn);
  ASSERT_EQ(k.size(), 1u);
  EXPECT_EQ(k[0].second.Prop("percentage"), nullptr);
  EXPECT_EQ(P(k[0].second, "description"), "share as written: half");

  // Persons: dates of birth at their precision; "unknown" is a warning.
  EXPECT_EQ(P(Get(u + "dmitri-ivanov"), "birth_date"), "1975");
  EXPECT_EQ(P(Get(u + "amadou-kone"), "birth_date"), "1969-05-12");
  EXPECT_EQ(Get(u + "ivan-petrov").Prop("birth_date"), nullptr);
  std::set<std::string> fields;
  for (const auto& w : report_.field_warnings) {
    if (w.find("field 'Share'") != std::string::npos) {
      EXPECT_NE(w.find("line 23"), std::string::npos) << w;
      EXPECT_NE(w.find("half"), std::string::npos) << w;
      fields.insert("Share");
    }
    if (w.find("field 'Date'") != std::string::npos) {
      EXPECT_NE(w.find("unknown"), std::string::npos) << w;
      fields.insert("Date");
    }
  }
  EXPECT_EQ(fields, (std::set<std::string>{"Date", "Share"}));
}

TEST_F(UnReportTablesImportTest, NotesUnderATableAreClaimsOnTheRowsTheyName) {
  ASSERT_TRUE(Import("un-report", {Fixture("annex_tables.un.txt")}).ok());
  auto view = db_->Read();
  auto notes_on = [&](const std::string& xid) {
    std::vector<Claim> out;
    auto id = view->FindNode(xid);
    EXPECT_TRUE(id) << xid;
    if (!id) return out;
    auto claims = view->Claims(TargetKind::kNode, *id);
    EXPECT_TRUE(claims.ok());
    if (!claims.ok()) return out;
    for (const auto& c : *claims)
      if (c.note == "note under the table") out.push_back(c);
    return out;
  };
  for (const char* named : {"tessalit-mining-services-sarl", "gulf-bullion-fze"}) {
    auto c = notes_on(std::string("unr:S/2024/888:") + named);
    ASSERT_EQ(c.size(), 1u) << named;
    EXPECT_EQ(c[0].quote,
              "Registered-agent address also on file for: Tessalit Mining Services SARL; Gulf "
              "Bullion FZE.");
    EXPECT_EQ(c[0].locator, "annex I, page 2, line 28, note under table 1");
  }
  EXPECT_TRUE(notes_on("unr:S/2024/888:sahel-or-export-sarl").empty());
  // A footnote letter in a row ("unknown a") puts note a on that row.
  auto petrov = notes_on("unr:S/2024/888:ivan-petrov");
  ASSERT_EQ(petrov.size(), 1u);
  EXPECT_EQ(petrov[0].quote, "a The Panel could not confirm Ivan Petrov's date of birth.");
  EXPECT_EQ(petrov[0].locator, "annex II, page 3, line 41, note under table 2");
  // A note that names no row and has no letter is on the report.
  auto d = notes_on("doc:un:S/2024/888");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].quote.rfind("Source: Registre du commerce", 0), 0u);
}

// Tables as they break: ragged rows (more cells than the header, fewer), a
// header with no rows, a 10 MB line inside a table, a 10 MB header-like
// line. No crash, no hang; the import succeeds or fails with a located
// error, and a failed import leaves the database as it was.
TEST_F(UnReportTablesImportTest, BrokenTablesFuzz) {
  const std::string head = "S/2024/7\n\n1. The Panel lists companies in annex I.\n\nAnnex I\n\n";
  const std::string header = "Company              Jurisdiction Share  Director\n";
  std::string big(10u << 20, 'x');
  for (size_t i = 7; i < big.size(); i += 8)
    big[i] = ' ';
  const struct {
    const char* name;
    std::string body;
  } cases[] = {
      {"ragged", header +
                     "Alpha SARL           Mali         51 %   A. Diallo  extra  cells  here\n" +
                     "Beta SA\n" + "                                          B. Kone\n" +
                     "Gamma Ltd            UAE\n"},
      {"header-only", header},
      {"header-then-note", header + "\nNote: no company was identified.\n"},
      {"huge-row", header + "Delta SARL           Mali         " + big + "\n"},
      {"huge-prose", header + big + "\n"},
      {"huge-header", "Company " + big + " Jurisdiction\nOmega SA  Mali\n"},
      {"huge-note",
       header + "Alpha SARL           Mali         51 %   A. Diallo\n\nNote: " + big + "\n"},
      {"share-garbage", header + "Alpha SARL           Mali         %%%    A. Diallo\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir_ / (std::string(c.name) + ".un.txt");
    WriteFile(path, head + c.body);
    const TxnId before = db_->LastTxn();
    Status s = Import("un-report", {path});
    if (!s.ok()) {
      EXPECT_NE(s.ToString().find(path), std::string::npos) << s.ToString();
      EXPECT_EQ(db_->LastTxn(), before);
      continue;
    }
    EXPECT_TRUE(Has("doc:un:S/2024/7"));
  }
  // The ragged rows: the extra cells go to the last column, the short row
  // keeps its name, the wrapped director joins the row above.
  EXPECT_EQ(P(Get("unr:S/2024/7:alpha-sarl"), "jurisdiction"), "Mali");
  auto d = Rels("unr:S/2024/7:beta-sa", "DIRECTS", Direction::kIn);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].first, "unr:S/2024/7:b-kone");
  EXPECT_EQ(P(Get("unr:S/2024/7:gamma-ltd"), "jurisdiction"), "UAE");
}

}  // namespace
}  // namespace actorgraph::testing
