// The bundled Sahel dataset as the CLI creates it (`init --sahel`), asked the
// questions an analyst would ask about the facts corrected by the audit in
// docs/sahel-audit.md: dates and ends that the seed articles state, and
// figures attributed to whoever gives them.
//
// The binary is AG_BINARY_DIR/tools/cli/actorgraph (cli_tests depends on it).
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/words.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

const std::string kBinary = std::string(AG_BINARY_DIR) + "/tools/cli/actorgraph";

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

// Runs the CLI through the shell; returns stdout, sets *exit_code.
std::string RunCli(const std::string& args, int* exit_code) {
  const std::string cmd = kBinary + " " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  if (!p) {
    *exit_code = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  const int st = pclose(p);
  *exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::vector<std::string> Lines(const std::string& s) { return SplitNonEmpty(s, '\n'); }

class SahelAuditTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new std::string(*dir_ / "db");
    int code = -1;
    RunCli("--quiet --db " + Quote(*db_) + " init --sahel", &code);
    ASSERT_EQ(code, 0) << "init --sahel failed";
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }

  // The rows of a query, one JSON object a line.
  static std::vector<std::string> Query(const std::string& q) {
    int code = -1;
    const std::string out =
        RunCli("--db " + Quote(*db_) + " query --no-stats --format json " + Quote(q), &code);
    EXPECT_EQ(code, 0) << q << "\n" << out;
    return Lines(out);
  }

  static testing::TempDir* dir_;
  static std::string* db_;
};
testing::TempDir* SahelAuditTest::dir_ = nullptr;
std::string* SahelAuditTest::db_ = nullptr;

using Rows = std::vector<std::string>;

// 000 para 5 (April 2022): "France announced the ending of its
// counterterrorism operation earlier this year"; 002 para 11 (29 March 2024):
// "the sidelining of regional and Western partners". The operation is not
// deployed in Mali as of 2024-03-01; it was in 2021.
TEST_F(SahelAuditTest, FrenchOperationIsNotDeployedInMaliAsOfMarch2024) {
  const std::string q =
      "MATCH (o:Operation)-[:DEPLOYED_IN]->(:Location {id: 'mali'}) RETURN o.id AS op";
  EXPECT_EQ(Query("FOR VALID_TIME AS OF '2024-03-01' " + q), Rows{});
  EXPECT_EQ(Query("FOR VALID_TIME AS OF '2021-06-01' " + q),
            Rows{R"({"op":"french-counterterrorism-operation-mali"})"});
}

// The seeds do not date the end itself: only that it falls between the 2022
// announcement and article 002. Before 2022 it holds, after 2024-03-29 it
// does not, in between it is unknown (null), never a made-up day.
TEST_F(SahelAuditTest, FrenchOperationEndIsKnownOnlyBetween2022AndMarch2024) {
  EXPECT_EQ(Query("MATCH ({id: 'french-counterterrorism-operation-mali'})-[r:DEPLOYED_IN]->() "
                  "RETURN valid_from(r) AS f, valid_to(r) AS t, valid_at(r, '2021-12-31') AS a, "
                  "valid_at(r, '2023-06-01') AS b, valid_at(r, '2024-03-01') AS c, "
                  "valid_at(r, '2024-04-01') AS d"),
            Rows{R"({"f":"2013","t":"2022","a":true,"b":null,"c":null,"d":false})"});
  // The node and France's support and participation end the same way.
  EXPECT_EQ(Query("MATCH (o {id: 'french-counterterrorism-operation-mali'}) "
                  "RETURN valid_at(o, '2024-04-01') AS node"),
            Rows{R"({"node":false})"});
  EXPECT_EQ(Query("FOR VALID_TIME AS OF '2024-03-01' MATCH (s)-[r:SUPPORTS]->({id: 'fama'}) "
                  "WHERE NOT undated(r) RETURN s.id AS s ORDER BY s"),
            Rows{R"({"s":"wagner-group"})"});
  EXPECT_EQ(Query("FOR VALID_TIME AS OF '2021-06-01' MATCH (s)-[r:SUPPORTS]->({id: 'fama'}) "
                  "WHERE NOT undated(r) RETURN s.id AS s ORDER BY s"),
            Rows{R"({"s":"france"})"});
  EXPECT_EQ(Query("MATCH ({id: 'france'})-[r:PARTICIPATED_IN]->({id: 'mali-armed-conflict'}) "
                  "RETURN valid_at(r, '2024-04-01') AS after"),
            Rows{R"({"after":false})"});
}

// The end's upper bound cites article 002 para 11 with its words.
TEST_F(SahelAuditTest, FrenchOperationEndCitesBothArticles) {
  EXPECT_EQ(Query("MATCH ({id: 'french-counterterrorism-operation-mali'})-[r:DEPLOYED_IN]->() "
                  "UNWIND claims(r) AS c RETURN c.source AS s, c.locator AS l ORDER BY s"),
            (Rows{R"({"s":"doc-article-000","l":"para 5"})",
                  R"({"s":"doc-article-002","l":"para 11"})"}));
}

// 002 para 5: "a January raid" in the December-to-March string; it is
// selected by January and not by February.
TEST_F(SahelAuditTest, JanuaryRaidIsInJanuaryOnly) {
  const std::string q = "MATCH (e:Event {id: 'january-2024-raid'}) RETURN e.fatalities AS n";
  EXPECT_EQ(Query("FOR VALID_TIME FROM '2024-01-01' TO '2024-02-01' " + q), Rows{R"({"n":25})"});
  EXPECT_EQ(Query("FOR VALID_TIME FROM '2024-02-01' TO '2024-03-01' " + q), Rows{});
  EXPECT_EQ(Query("MATCH (e {id: 'january-2024-raid'}) RETURN valid_at(e, '2024-02-10') AS feb"),
            Rows{R"({"feb":false})"});
}

// 001 para 33: MINUSMA's "nearly 600 civilians in 2021" counts the calendar
// year 2021, not some of 2022.
TEST_F(SahelAuditTest, MinusmaCountCoversTheYear2021) {
  EXPECT_EQ(Query("MATCH (e {id: 'civilian-killings-mali-2021'}) RETURN valid_at(e, "
                  "'2021-12-31') AS dec, valid_at(e, '2022-06-01') AS later, e.fatalities AS n"),
            Rows{R"({"dec":true,"later":false,"n":600})"});
}

// Events known to a month or a year are dated there (000 para 3 "last month";
// 001 para 42 and 002 para 4 for the coups; 000 para 5 for the announcement).
TEST_F(SahelAuditTest, EventsKnownToTheMonthOrYearAreSelectedByIt) {
  EXPECT_EQ(Query("FOR VALID_TIME FROM '2021-01-01' TO '2022-01-01' MATCH (e:Event) WHERE "
                  "e.event_type = 'coup d\\'état' RETURN e.id AS e"),
            Rows{R"({"e":"mali-coup-2021"})"});
  EXPECT_EQ(
      Query("FOR VALID_TIME FROM '2022-03-01' TO '2022-04-01' MATCH "
            "(g {id: 'jihadist-groups-mali'})-[:PARTICIPATED_IN]->(e:Event) WHERE NOT "
            "undated(e) AND e.id <> 'mali-armed-conflict' RETURN DISTINCT e.id AS e ORDER BY e"),
      (Rows{R"({"e":"civilian-killings-mali-since-2021-12"})",
            R"({"e":"islamist-killings-2022-03"})", R"({"e":"moura-killings-2022"})"}));
  EXPECT_EQ(Query("FOR VALID_TIME FROM '2022-01-01' TO '2023-01-01' MATCH (e:Event) WHERE "
                  "e.event_type = 'announcement' RETURN e.id AS e"),
            Rows{R"({"e":"end-of-french-operation-announced-2022"})"});
}

// Moura's toll: each source's figure is its own claim. The 200-to-400
// estimate is the article's own, unattributed ("it's estimated", 000 para 2),
// not the New York Times'.
TEST_F(SahelAuditTest, MouraFiguresStayWithWhoeverGivesThem) {
  EXPECT_EQ(
      Query("MATCH (e {id: 'moura-killings-2022'}) UNWIND claims(e.fatalities) AS c "
            "RETURN c.claimant AS who, c.value AS n, c.locator AS l ORDER BY l, n"),
      (Rows{R"({"who":null,"n":300,"l":"para 11"})", R"({"who":"fama","n":200,"l":"para 16"})",
            R"({"who":"human-rights-watch","n":300,"l":"para 19"})"}));
  for (const char* p : {"fatalities_min", "fatalities_max"}) {
    EXPECT_EQ(Query(std::string("MATCH (e {id: 'moura-killings-2022'}) UNWIND claims(e.") + p +
                    ") AS c RETURN c.source AS s, c.claimant AS who, c.locator AS l"),
              Rows{R"({"s":"doc-article-000","who":null,"l":"para 2"})"})
        << p;
  }
}

// Wagner's strength in Mali: the French sources (000 para 7) and the
// Telegraph (001 para 29) each keep their own claim; Wagner is still there in
// March 2024 (002 para 8).
TEST_F(SahelAuditTest, WagnerInMaliStaysOpenWithTwoStrengthClaims) {
  EXPECT_EQ(Query("FOR VALID_TIME AS OF '2024-03-01' MATCH ({id: 'wagner-group'})-[r:DEPLOYED_IN]->"
                  "({id: 'mali'}) UNWIND claims(r.strength) AS c RETURN c.source AS s, c.value AS "
                  "n ORDER BY s"),
            (Rows{R"({"s":"doc-article-000","n":1000})",
                  R"({"s":"doc-telegraph-wagner-mali","n":1000})"}));
}

}  // namespace
}  // namespace actorgraph
