// Labelled evaluation of entity resolution on the real UN and OFAC lists
// (../shared/realdata, imported with the current importers).
//
// Known the same: a UN individual and an OFAC entry that give the same
// identity document number (passport, national id: read here from the raw
// files, not from what the importers make of them). Known different: any
// other pairing of an entity that has a known match (each list holds a
// person once). Precision is measured over the proposals that involve an
// entity with a known match; recall over the known pairs.
//
// Measured twice: as `resolve` runs, and with identifiers ignored (names,
// birth dates, gender, nationality and type only), since the labels come
// from document numbers and the first measure would be circular wherever
// the importers carry those numbers.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "common/ascii.h"
#include "import/resolve.h"
#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

const std::string kUn = "../shared/realdata/un_sc_consolidated_2018-10-29.xml";
const std::string kOfac = "../shared/realdata/ofac_sdn_2022-09-29.csv";

void DocTokens(const std::string& text, std::set<std::string>* out) {
  std::string run;
  auto flush = [&] {
    bool digit = false;
    for (char c : run)
      digit |= std::isdigit((unsigned char)c) != 0;
    if (digit && run.size() >= 6) out->insert(run);
    run.clear();
  };
  for (char c : text) {
    if (std::isalnum((unsigned char)c))
      run.push_back(UpperAsciiChar(c));
    else
      flush();
  }
  flush();
}

std::string Between(const std::string& s, const std::string& open, const std::string& close,
                    size_t from, size_t to, size_t* end = nullptr) {
  const size_t b = s.find(open, from);
  if (b == std::string::npos || b >= to) return "";
  const size_t e = s.find(close, b + open.size());
  if (e == std::string::npos || e > to) return "";
  if (end) *end = e + close.size();
  return s.substr(b + open.size(), e - b - open.size());
}

// UN reference -> document numbers.
std::map<std::string, std::set<std::string>> UnDocuments(const std::string& xml) {
  std::map<std::string, std::set<std::string>> out;
  for (size_t p = 0; (p = xml.find("<INDIVIDUAL>", p)) != std::string::npos;) {
    const size_t e = xml.find("</INDIVIDUAL>", p);
    if (e == std::string::npos) break;
    std::string ref = Between(xml, "<REFERENCE_NUMBER>", "</REFERENCE_NUMBER>", p, e);
    while (!ref.empty() && ref.back() == ' ')
      ref.pop_back();
    std::set<std::string> docs;
    for (size_t q = p, next = 0;; q = next) {
      const std::string doc =
          Between(xml, "<INDIVIDUAL_DOCUMENT>", "</INDIVIDUAL_DOCUMENT>", q, e, &next);
      if (doc.empty()) break;
      DocTokens(Between(doc, "<NUMBER>", "</NUMBER>", 0, doc.size()), &docs);
    }
    if (!ref.empty() && !docs.empty()) out["un-sc:" + ref] = docs;
    p = e;
  }
  return out;
}

std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> f(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        f.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        f.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      f.emplace_back();
    } else {
      f.back().push_back(c);
    }
  }
  return f;
}

// Pairs (un-sc:REF, ofac:ENT) that give the same document number.
std::set<std::pair<std::string, std::string>> GoldPairs() {
  const auto un = UnDocuments(ReadFile(SourcePath(kUn)));
  std::map<std::string, std::set<std::string>> by_doc;
  for (const auto& [ref, docs] : un)
    for (const auto& d : docs)
      by_doc[d].insert(ref);
  std::set<std::pair<std::string, std::string>> gold;
  std::istringstream in(ReadFile(SourcePath(kOfac)));
  for (std::string line; std::getline(in, line);) {
    const auto f = CsvFields(line);
    if (f.size() < 12) continue;
    size_t start = 0;
    const std::string& remarks = f[11];
    while (start < remarks.size()) {
      size_t end = remarks.find(';', start);
      if (end == std::string::npos) end = remarks.size();
      const std::string seg = remarks.substr(start, end - start);
      start = end + 1;
      if (seg.find("Passport") == std::string::npos &&
          seg.find("National ID") == std::string::npos &&
          seg.find("Identification") == std::string::npos && seg.find("ID No") == std::string::npos)
        continue;
      std::set<std::string> docs;
      DocTokens(seg, &docs);
      for (const auto& d : docs)
        if (auto it = by_doc.find(d); it != by_doc.end())
          for (const auto& ref : it->second)
            gold.insert({ref, "ofac:" + f[0]});
    }
  }
  return gold;
}

struct Measure {
  size_t gold = 0, found = 0, judged = 0, correct = 0, proposed = 0;
  double seconds = 0;
  double precision() const { return judged ? double(correct) / double(judged) : 0; }
  double recall() const { return gold ? double(found) / double(gold) : 0; }
};

class ResolveEvalTest : public ImportTest {
 protected:
  void SetUp() override {
    ImportTest::SetUp();
    if (!std::filesystem::exists(SourcePath(kUn)) || !std::filesystem::exists(SourcePath(kOfac)))
      GTEST_SKIP() << "../shared/realdata is absent: no labelled evaluation";
  }

  Measure Evaluate(const std::set<std::pair<std::string, std::string>>& all_gold,
                   bool identifiers) {
    auto view = db_->Read();
    std::set<std::pair<std::string, std::string>> gold;
    std::set<std::string> gold_side;
    for (const auto& g : all_gold)
      if (view->FindNode(g.first) && view->FindNode(g.second)) {
        gold.insert(g);
        gold_side.insert(g.first);
        gold_side.insert(g.second);
      }
    ResolveOptions o;
    o.limit = 0;
    o.source_a = "un-sc";
    o.source_b = "ofac";
    o.use_identifiers = identifiers;
    const auto t0 = std::chrono::steady_clock::now();
    ResolveStats st;
    auto found = FindDuplicates(*view, db_->ontology(), o, &st);
    std::cout << "  " << st.entities << " entities, " << st.candidate_pairs
              << " candidate pairs; load " << st.load_seconds << " s, blocking " << st.block_seconds
              << " s, scoring " << st.score_seconds << " s\n";
    Measure m;
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_TRUE(found.ok());
    if (!found.ok()) return m;
    m.gold = gold.size();
    m.proposed = found->size();
    for (const auto& c : *found) {
      const auto pair = FromSource(c.a_xid, "un-sc") ? std::make_pair(c.a_xid, c.b_xid)
                                                     : std::make_pair(c.b_xid, c.a_xid);
      const bool is_gold = gold.count(pair) > 0;
      m.found += is_gold;
      if (gold_side.count(pair.first) || gold_side.count(pair.second)) {
        ++m.judged;
        m.correct += is_gold;
      } else {
        continue;
      }
      if (!is_gold && m.judged - m.correct <= 5)
        std::cout << "  known different, proposed " << c.score << ": " << c.a_name << " ("
                  << c.a_xid << ") / " << c.b_name << " (" << c.b_xid << ")\n";
    }
    std::cout << (identifiers ? "with identifiers" : "names and facts only") << ": " << m.gold
              << " known pairs, " << m.found << " found (recall " << m.recall() << "); " << m.judged
              << " judged proposals, " << m.correct << " right (precision " << m.precision()
              << "); " << m.proposed << " UN-OFAC proposals in all; " << m.seconds << " s\n";
    return m;
  }
};

TEST_F(ResolveEvalTest, UnAgainstOfacPrecisionAndRecall) {
  const auto gold = GoldPairs();
  ASSERT_GE(gold.size(), 100u) << "the labelled pairs were not found in the raw files";
  // Skip what the current UN importer rejects (dates with a time zone, at
  // this writing): the evaluation counts only pairs whose both sides exist.
  ImportOptions skip;
  skip.on_error = OnError::kSkip;
  Status s = Import("un-sanctions", {SourcePath(kUn)}, skip);
  ASSERT_TRUE(s.ok()) << s.ToString();
  s = Import("ofac", {SourcePath(kOfac)}, skip);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const Measure names = Evaluate(gold, false);
  const Measure full = Evaluate(gold, true);
  ASSERT_GE(names.gold, 60u);
  // Floors, below what was measured (see bench/resolve/README.md).
  // Measured with the importers that keep every record, name and identity
  // document: names only recall 0.97 (147 of 152), precision 0.86 (147 of
  // 170); with identifiers recall 0.99, precision 0.87. (With the earlier
  // importers, which dropped records and documents: 0.94 and 0.92.)
  EXPECT_GE(names.recall(), 0.93);
  EXPECT_GE(names.precision(), 0.84);
  EXPECT_GE(full.recall(), names.recall());
  EXPECT_GE(full.precision(), 0.84);
}

TEST_F(ResolveEvalTest, SahelAgainstOfac) {
  LoadSahel();
  ASSERT_TRUE(Import("ofac", {SourcePath(kOfac)}).ok());
  ResolveOptions o;
  o.limit = 0;
  o.source_a = "local";
  o.source_b = "ofac";
  auto found = FindDuplicates(*db_->Read(), db_->ontology(), o);
  ASSERT_TRUE(found.ok());
  auto rank = [&](const std::string& a, const std::string& b) -> int {
    for (size_t i = 0; i < found->size(); ++i) {
      const auto& c = (*found)[i];
      if ((c.a_xid == a && c.b_xid == b) || (c.a_xid == b && c.b_xid == a)) return int(i);
    }
    return -1;
  };
  for (const auto& c : *found) {
    std::cout << "  " << c.score << "  " << c.a_name << " (" << c.a_xid << ") / " << c.b_name
              << " (" << c.b_xid << ")\n";
    for (const auto& e : c.evidence)
      std::cout << "        " << e.weight << " " << e.kind << ": " << e.detail << "\n";
  }
  EXPECT_GE(rank("wagner-group", "ofac:22543"), 0);       // PRIVATE MILITARY COMPANY 'WAGNER'
  EXPECT_GE(rank("yevgeny-prigozhin", "ofac:21171"), 0);  // PRIGOZHIN, Yevgeniy Viktorovich
  // Wagner's best match is OFAC's Wagner, not another Russian military company.
  for (const auto& c : *found)
    if (c.a_xid == "wagner-group" || c.b_xid == "wagner-group") {
      EXPECT_TRUE(c.a_xid == "ofac:22543" || c.b_xid == "ofac:22543")
          << c.a_name << " / " << c.b_name;
      break;
    }
}

}  // namespace
}  // namespace actorgraph::testing
