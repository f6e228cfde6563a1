// Damaged input for every importer of published sources (UN list, OFAC,
// FollowTheMoney, ACLED, UN reports): truncated at many
// offsets, bit flips, huge fields and lines, other encodings. Each case
// must end (no crash, no hang), and when it fails the error names the file
// and a line and the database is unchanged. Bounded: about 80 imports of a
// few KB each per format, so each test stays well under 30 s under ASan.
#include <gtest/gtest.h>

#include <random>

#include "tests/import/import_test_util.h"

namespace actorgraph::testing {
namespace {

class ImporterFuzzTest : public ImportTest {
 protected:
  // Imports `bytes` as `format` (abort mode); checks the outcome.
  void Case(const std::string& format, const std::string& bytes, const std::string& what) {
    SCOPED_TRACE(what);
    const std::string path = dir_ / ("fuzz." + format);
    WriteFile(path, bytes);
    const TxnId before = db_->LastTxn();
    Status s = Import(format, {path});
    if (s.ok()) return;  // damage that still reads (a cut at a record's end)
    ++failures_;
    const std::string m = s.ToString();
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_TRUE(m.find("line ") != std::string::npos || m.find(path + ":") != std::string::npos)
        << m;
    EXPECT_EQ(db_->LastTxn(), before) << m;
  }

  void Mutations(const std::string& format, const std::string& seed) {
    ASSERT_GT(seed.size(), 500u);
    std::mt19937 rng(11);
    for (int i = 1; i <= 30; ++i) {
      const size_t cut = seed.size() * i / 31 + (rng() % 7);
      Case(format, seed.substr(0, cut), "truncated at " + std::to_string(cut));
    }
    for (int i = 0; i < 30; ++i) {
      std::string b = seed;
      const size_t at = rng() % b.size();
      b[at] = static_cast<char>(b[at] ^ (1 << (rng() % 8)));
      Case(format, b, "bit flip at " + std::to_string(at));
    }
    for (int i = 0; i < 10; ++i) {
      std::string b = seed;
      const size_t at = rng() % b.size();
      b[at] = static_cast<char>(0x80 + rng() % 0x80);  // a stray non-ASCII byte
      Case(format, b, "stray byte at " + std::to_string(at));
    }
    // A huge field inside the first record, and a huge line at the end.
    size_t mid = seed.size() / 2;
    if (format == "ofac") mid = seed.find("\",\"");
    if (format == "un-sanctions") mid = seed.find("</FIRST_NAME>");
    ASSERT_NE(mid, std::string::npos);
    Case(format, seed.substr(0, mid) + std::string(2 << 20, 'A') + seed.substr(mid), "huge field");
    Case(format, seed + std::string(4 << 20, 'B'), "huge last line");
    std::string dates = seed;
    for (size_t at = dates.find("19"), n = 0; at != std::string::npos && n < 5;
         at = dates.find("19", at + 100005), ++n)
      dates.insert(at, std::string(100000, '9'));
    Case(format, dates, "huge numbers");
    // Other encodings: UTF-16 with a byte-order mark, Latin-1 bytes.
    std::string utf16 = "\xFF\xFE";
    for (char c : seed.substr(0, 4000)) {
      utf16.push_back(c);
      utf16.push_back('\0');
    }
    Case(format, utf16, "UTF-16");
    std::string latin1 = seed;
    for (size_t at = latin1.find('e'); at != std::string::npos; at = latin1.find('e', at + 97))
      latin1[at] = static_cast<char>(0xE9);
    Case(format, latin1, "Latin-1 bytes");
    Case(format, "", "empty");
    Case(format, std::string(5000, '\0'), "zero bytes");
  }

  int failures_ = 0;
};

TEST_F(ImporterFuzzTest, UnSanctionsList) {
  const std::string path = RealData("un_sc_consolidated_2018-10-29.xml");
  REQUIRE_REALDATA(path);
  // The first records, closed as the file closes its lists.
  const std::string xml = ReadFile(path);
  const size_t end = xml.find("</INDIVIDUAL>", 6000);
  ASSERT_NE(end, std::string::npos);
  const std::string seed = xml.substr(0, end + 13) + "</INDIVIDUALS></CONSOLIDATED_LIST>\n";
  ASSERT_TRUE(Import("un-sanctions", {path}).ok());  // what the cases below leave alone
  Mutations("un-sanctions", seed);
  EXPECT_GT(failures_, 20);
}

TEST_F(ImporterFuzzTest, OfacSdn) {
  const std::string path = RealData("ofac_sdn_2021-08-18.csv");
  REQUIRE_REALDATA(path);
  const std::string csv = ReadFile(path);
  // Entries with remarks of every kind: DOB, passports, vessels, links.
  const size_t from = csv.find("\n11648,"), to = csv.find('\n', from + 6000);
  ASSERT_NE(from, std::string::npos);
  const std::string seed = csv.substr(from + 1, to - from);
  Mutations("ofac", seed);
  EXPECT_GT(failures_, 0);
}

TEST_F(ImporterFuzzTest, FollowTheMoney) {
  Mutations("ftm", ReadFile(Fixture("entities.ftm.jsonl")));
  EXPECT_GT(failures_, 0);
}

TEST_F(ImporterFuzzTest, Acled) {
  Mutations("acled", ReadFile(Fixture("events.acled.csv")));
  EXPECT_GT(failures_, 0);
}

TEST_F(ImporterFuzzTest, UnReport) {
  LoadSahel();  // entities to mention
  Mutations("un-report", ReadFile(Fixture("report.un.txt")));
  EXPECT_GT(failures_, 0);
}

}  // namespace
}  // namespace actorgraph::testing
