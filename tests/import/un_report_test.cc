#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "import/mention_matcher.h"
#include "import/un_report_parser.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class UnReportTest : public ImportTest {
 protected:
  // A fresh, empty database in place of the test's one.
  void Reset() {
    db_.reset();
    std::filesystem::remove_all(dir_ / "db");
    SetUp();
  }
};

TEST_F(UnReportTest, ReadsHeaderIntoDocument) {
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report.un.txt")}).ok());
  Node d = Get("doc:un:S/2023/999");
  EXPECT_EQ(d.Prop("symbol")->as_string(), "S/2023/999");
  EXPECT_EQ(d.Prop("date")->ToString(), "2023-08-03");
  EXPECT_EQ(d.Prop("title")->as_string(),
            "Final report of the Panel of Experts on Mali established pursuant to resolution "
            "2374 (2017)");
}

TEST_F(UnReportTest, LinksParagraphsToSahelEntities) {
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report.un.txt")}).ok());
  std::map<std::string, std::string> para;  // entity -> first paragraph naming it
  std::map<std::string, std::string> quote;
  for (const auto& [other, r] : Rels("doc:un:S/2023/999", "MENTIONS")) {
    const std::string p = r.Prop("paragraph")->as_string();
    if (para.count(other) && para[other] <= p) continue;
    para[other] = p;
    quote[other] = r.Prop("quote")->as_string();
  }
  EXPECT_EQ(para["minusma"], "1");
  EXPECT_EQ(para["moura"], "2");
  EXPECT_EQ(para["fama"], "2");  // "Malian Armed Forces (FAMa)": one mention, longest name
  EXPECT_EQ(para["wagner-group"], "2");
  EXPECT_EQ(para["human-rights-watch"], "2");
  EXPECT_EQ(quote["wagner-group"],
            "Witnesses told the Panel that the Malian Armed Forces (FAMa) and foreign security "
            "personnel identified as the Wagner Group surrounded the village.");
  EXPECT_EQ(para["russia"], "3");  // alias "Russian Federation"
  // "car" in lower case is not the Central African Republic ("CAR").
  EXPECT_EQ(para.count("central-african-republic"), 0u);
  // The claim carries the locator and the quote too.
  auto claims = ClaimsOnRel("mentions:doc:un:S/2023/999:p2:wagner-group");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].locator, "para 2");
  EXPECT_EQ(claims[0].quote, quote["wagner-group"]);
}

TEST_F(UnReportTest, FootnotesAreLocatorsToo) {
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report.un.txt")}).ok());
  auto claims = ClaimsOnRel("mentions:doc:un:S/2023/999:fn1:human-rights-watch");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].locator, "footnote 1");
}

TEST_F(UnReportTest, AnnexTableGivesCompaniesSharingOnePhone) {
  ASSERT_TRUE(Import("un-report", {Fixture("report.un.txt")}).ok());
  const std::string gold = "unr:S/2023/999:sahel-gold-trading-sarl";
  const std::string kati = "unr:S/2023/999:kati-logistics-sa";
  EXPECT_EQ(Get(gold).labels, std::vector<std::string>{"Company"});
  auto p1 = Rels(gold, "HAS_PHONE"), p2 = Rels(kati, "HAS_PHONE");
  ASSERT_EQ(p1.size(), 1u);
  ASSERT_EQ(p2.size(), 1u);
  EXPECT_EQ(p1[0].first, "phone:+22376123456");  // "+223 76 12 34 56"
  EXPECT_EQ(p2[0].first, "phone:+22376123456");  // "76 12 34 56" in Mali
  auto e = Rels(gold, "HAS_EMAIL");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].first, "email:info@sahelgold.ml");
  auto a = Rels(kati, "HAS_ADDRESS");  // wrapped over two lines
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(Get(a[0].first).Prop("normalized")->as_string(), "zone industrielle kati mali");
  auto d = Rels(gold, "DIRECTS", Direction::kIn);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(Get(d[0].first).name, "Dmitri Ivanov");
}

TEST_F(UnReportTest, ReimportChangesNothing) {
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report.un.txt")}).ok());
  const TxnId t = db_->LastTxn();
  Node before = Get("doc:un:S/2023/999");
  ASSERT_TRUE(Import("un-report", {Fixture("report.un.txt")}).ok());
  Node after = Get("doc:un:S/2023/999");
  EXPECT_EQ(before.props.size(), after.props.size());
  for (size_t i = 0; i < before.props.size() && i < after.props.size(); ++i)
    EXPECT_EQ(before.props[i].first + "=" + before.props[i].second.ToString(),
              after.props[i].first + "=" + after.props[i].second.ToString());
  EXPECT_EQ(report_.nodes.created + report_.nodes.updated, 0u);
  EXPECT_EQ(report_.rels.created + report_.rels.updated, 0u);
  EXPECT_EQ(report_.claims.created + report_.claims.updated, 0u);
  EXPECT_EQ(db_->LastTxn(), t);
}

TEST_F(UnReportTest, PdfGivesTheSameGraph) {
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report.un.pdf")}).ok()) << report_.warnings.size();
  std::set<std::string> mentioned;
  for (const auto& [other, r] : Rels("doc:un:S/2023/999", "MENTIONS"))
    mentioned.insert(other);
  for (const char* e : {"wagner-group", "fama", "moura", "minusma", "human-rights-watch"})
    EXPECT_TRUE(mentioned.count(e)) << e;
  EXPECT_EQ(Rels("unr:S/2023/999:kati-logistics-sa", "HAS_PHONE").size(), 1u);
}

// report_layout.un.txt has the furniture of a published report, in our own
// words: a cover letter, job numbers and bar codes, running heads, page
// numbers beside job numbers, a paragraph across a page break, and footnote
// references glued to the text.
std::map<std::string, std::string> LayoutQuotes(
    const std::vector<std::pair<std::string, Relationship>>& rels) {
  std::map<std::string, std::string> out;  // "entity@locator" -> quote
  for (const auto& [other, r] : rels)
    out[other + "@" + r.Prop("paragraph")->as_string()] = r.Prop("quote")->as_string();
  return out;
}

TEST_F(UnReportTest, PublishedLayoutLeavesNoFurnitureInQuotes) {
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report_layout.un.txt")}).ok());
  Node d = Get("doc:un:S/2024/901");
  EXPECT_EQ(d.Prop("date")->ToString(), "2024-09-12");  // "Distr.: General", not the letter's
  auto q = LayoutQuotes(Rels("doc:un:S/2024/901", "MENTIONS"));
  // The sentence runs over the page break, past the page's foot and head.
  EXPECT_EQ(q["human-rights-watch@2"],
            "The Panel could not confirm the number of dead given by the army; Human Rights "
            "Watch put it at about 300.");
  // "2022.1 The Panel": the footnote reference is not part of the quote.
  EXPECT_EQ(q["wagner-group@2"],
            "Witnesses described how the Wagner Group and the Malian Armed Forces (FAMa) "
            "entered Moura on 27 March 2022.");
  EXPECT_EQ(q["mali@3"],
            "The Panel wrote to the Government of Mali about Moura and received no reply,\u201d "
            "said an official.");
  EXPECT_EQ(q["mali@footnote 2"], "Letter of 3 May 2024 to the Permanent Mission of Mali.");
  EXPECT_EQ(Rels("unr:S/2024/901:nord-sahel-mining-sarl", "HAS_PHONE").size(), 1u);
}

TEST_F(UnReportTest, PublishedLayoutPdfGivesTheSameMentions) {
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report_layout.un.txt")}).ok());
  auto from_text = LayoutQuotes(Rels("doc:un:S/2024/901", "MENTIONS"));
  Reset();
  LoadSahel();
  ASSERT_TRUE(Import("un-report", {Fixture("report_layout.un.pdf")}).ok());
  auto from_pdf = LayoutQuotes(Rels("doc:un:S/2024/901", "MENTIONS"));
  EXPECT_FALSE(from_pdf.empty());
  EXPECT_EQ(from_pdf, from_text);
}

TEST(UnReportParserTest, PageFurnitureSideBySideIsDropped) {
  std::vector<std::string> paras;
  UnReportParser p({nullptr,
                    [&](const ReportParagraph& r) { paras.push_back(r.number + ":" + r.text); },
                    nullptr});
  int n = 0;
  for (const char* l : {"S/2024/1", "1. A paragraph that", "2/12          24-16001",
                        "24-16001 (E)    150924", "*2416001*", "S/2024/1", "goes on.",
                        "24-16001      3/12", "2. Then 2.5 million and the G5 Sahel."})
    p.Line(l, 1, ++n);
  p.Finish();
  ASSERT_EQ(paras.size(), 2u);
  EXPECT_EQ(paras[0], "1:A paragraph that goes on.");
  // Numbers that are not the next footnote reference stay.
  EXPECT_EQ(paras[1], "2:Then 2.5 million and the G5 Sahel.");
}

TEST(UnReportParserTest, ParagraphsNeedConsecutiveNumbers) {
  std::vector<std::string> paras;
  UnReportParser p({nullptr,
                    [&](const ReportParagraph& r) { paras.push_back(r.number + ":" + r.text); },
                    nullptr});
  int n = 0;
  for (const char* l : {"S/2024/1", "1. First paragraph runs", "over two lines.",
                        "2022. was a year, not a paragraph.", "2. Second."})
    p.Line(l, 1, ++n);
  p.Finish();
  ASSERT_EQ(paras.size(), 2u);
  EXPECT_EQ(paras[0], "1:First paragraph runs over two lines. 2022. was a year, not a paragraph.");
  EXPECT_EQ(paras[1], "2:Second.");
}

TEST(UnReportParserTest, TabSeparatedTables) {
  std::vector<TableRow> rows;
  UnReportParser p({nullptr, nullptr, [&](const TableRow& r) { rows.push_back(r); }});
  int n = 0;
  for (const char* l :
       {"Annex II", "Name\tType\tPhone\tOwner",
        "Acme Ltd\tcompany\t+33 1 23 45 67 89\tJohn Doe (60%)", "Jane Roe\tindividual\t\t"})
    p.Line(l, 1, ++n);
  p.Finish();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].annex, "II");
  EXPECT_EQ(rows[0].cells[ColumnRole::kOwner], "John Doe (60%)");
  EXPECT_EQ(rows[1].cells[ColumnRole::kType], "individual");
  EXPECT_EQ(rows[1].cells.count(ColumnRole::kPhone), 0u);
}

TEST(MentionMatcherTest, LongestMatchWholeWordsFolded) {
  MentionMatcher m;
  m.Add("Wagner", "w");
  m.Add("Wagner Group", "wg");
  m.Add("Dembélé", "d");
  m.Add("CAR", "car");
  auto found = m.Find("The WAGNER group met Mr Dembele; Wagnerian music; the CAR and a car.");
  std::vector<std::string> ids;
  for (const auto& x : found)
    ids.push_back(x.xid);
  EXPECT_EQ(ids, (std::vector<std::string>{"wg", "d", "car"}));
  EXPECT_EQ(found[0].surface, "WAGNER group");
}

TEST(MentionMatcherTest, SentencesSplitAfterStopsNotAbbreviations) {
  auto s =
      SplitSentences("Col. Dembele met Mr. Ivanov in Moura. It was 27 March. The U.N. said so.");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "Col. Dembele met Mr. Ivanov in Moura.");
  EXPECT_EQ(s[2], "The U.N. said so.");
}

}  // namespace
}  // namespace actorgraph::testing

namespace actorgraph::testing {
namespace {

// Published reports lay paragraphs out at about 17 spaces; the margin comes
// from the page.
TEST_F(UnReportTest, ParagraphsAtAnyMargin) {
  LoadSahel();
  std::string text = ReadFile(Fixture("report.un.txt"));
  std::string indented;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    indented += (line.empty() ? "" : std::string(17, ' ')) + line + "\n";
    at = end + 1;
  }
  const std::string path = dir_ / "indented.un.txt";
  WriteFile(path, indented);
  ASSERT_TRUE(Import("un-report", {path}).ok());
  std::set<std::string> paras;
  for (const auto& [other, r] : Rels("doc:un:S/2023/999", "MENTIONS"))
    paras.insert(r.Prop("paragraph")->as_string());
  EXPECT_TRUE(paras.count("2")) << "no mention in paragraph 2";
  EXPECT_TRUE(paras.count("footnote 1"));
}

TEST_F(UnReportTest, AHugeLineIsReadWithoutRecursion) {
  LoadSahel();
  std::string text = ReadFile(Fixture("report.un.txt"));
  const size_t p3 = text.find("3. The Panel notes");
  ASSERT_NE(p3, std::string::npos);
  // 4 MB of prose in paragraph 3, on one line (std::regex overflowed the stack
  // from about 30,000 characters).
  std::string huge;
  for (int i = 0; huge.size() < (4u << 20); ++i)
    huge += "the Wagner Group moved again. ";
  text.insert(p3 + 3, huge);
  const std::string path = dir_ / "huge.un.txt";
  WriteFile(path, text);
  Status s = Import("un-report", {path});
  ASSERT_TRUE(s.ok()) << s.ToString();
  bool in3 = false;
  for (const auto& [other, r] : Rels("doc:un:S/2023/999", "MENTIONS"))
    in3 |= r.Prop("paragraph")->as_string() == "3";
  EXPECT_TRUE(in3);
}

TEST_F(UnReportTest, InputThatIsNoReportIsAnError) {
  const struct {
    const char* name;
    std::string bytes;
    const char* why;
  } cases[] = {
      {"empty.txt", "", "empty"},
      {"blank.txt", "\n\n   \n", "empty"},
      {"binary.txt",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0\0",
                   12) +
           std::string(500, '\x01'),
       "binary"},
      {"list.xml", "<?xml version=\"1.0\"?><CONSOLIDATED_LIST/>\n", "XML"},
      {"prose.txt", "Just a letter.\nNothing numbered here.\n", "no numbered paragraph"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir_ / c.name;
    WriteFile(path, c.bytes);
    const TxnId before = db_->LastTxn();
    Status s = Import("un-report", {path});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.ToString().find(path + ":1: not a UN report"), std::string::npos) << s.ToString();
    EXPECT_NE(s.ToString().find(c.why), std::string::npos) << s.ToString();
    EXPECT_EQ(db_->LastTxn(), before);
  }
}

}  // namespace
}  // namespace actorgraph::testing
