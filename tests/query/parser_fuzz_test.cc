// Parser robustness: thousands of random and mutated queries (fixed seeds)
// must each give a tree or a positioned syntax error, never a crash. Every
// tree must also survive the printer: its text re-parses to the same text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "query/parser/parser.h"
#include "query/parser/printer.h"

namespace actorgraph::query {
namespace {

const std::vector<std::string>& Seeds() {
  static const std::vector<std::string> seeds = {
      "MATCH (a:Actor {name: 'x', k: $p})-[r:TYPE|OTHER {k: 1}]->(b) RETURN a, b",
      "MATCH (c)<-[*1..3]-(d)--(e)-->(f)<--(g) WHERE c.x < d.y <= 3 RETURN DISTINCT c "
      "ORDER BY c.x DESC SKIP 1 LIMIT 10;",
      "MATCH p = shortestPath((a)-[*..5]-(b)) RETURN p, length(p) AS n",
      "OPTIONAL MATCH (a)-[r*2..]->(b) WITH a, count(*) AS c WHERE c > 1 RETURN *",
      "UNWIND [1, 2.5, 'x', null, true, [1], {a: 1}] AS x RETURN x",
      "CALL names.find('wagner') YIELD node RETURN node",
      "CALL db.labels()",
      "MERGE (a:A {id: 1}) ON CREATE SET a.created = 1, a:New ON MATCH SET a += {x: 1}",
      "MATCH (n) SET n.p = 1, n = {}, n:L REMOVE n.q, n:M DETACH DELETE n",
      "EXPLAIN FOR VALID_TIME AS OF '2022-03' WITH MIN GRADE 'B2' FOR SYSTEM_TIME AS OF 42 "
      "MATCH (n) RETURN n",
      "FOR VALID_TIME FROM date('2020') TO date('2021') MATCH (n)-[r]->(m) RETURN r",
      "RETURN 1 + 2 * 3 ^ 2, -2 ^ 2, 0x1F, 0o17, .5, 1e3, 'a\\nb\\u00e9', \"q\\\"\"",
      "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x ^ 2], all(y IN l WHERE y > 0)",
      "RETURN CASE n.x WHEN 1 THEN 'one' ELSE 'other' END, CASE WHEN a THEN b END",
      "MATCH (a) WHERE (a)-[:T]->() AND EXISTS { MATCH (a)-->(b) WHERE b.x > 1 } "
      "AND exists(a.p) AND NOT EXISTS { (a)--() } RETURN a",
      "RETURN [(a)-->(b) WHERE b.x | b.name], [p = (a)-->(b) | p], a IN b, s STARTS WITH 'x'",
      "RETURN l[1..2], l[..3], l[2..], m['k'].x, n {.name, .*, k: 1}, reduce(s = 0, x IN l | s + "
      "x)",
      "MATCH (a) RETURN a.x AS x UNION ALL MATCH (b) RETURN b.x AS x",
      "MATCH (`weird name`:`Odd`) /* comment */ RETURN `weird name` // end",
      "RETURN count(*), count(DISTINCT n), apoc.text.join(l, ','), x IS NOT NULL, s =~ 'a.*'",
      "CREATE (a:P {n: 1})-[:K {since: 2020}]->(b:P), (c) RETURN a",
  };
  return seeds;
}

// Fragments that steer mutations towards interesting corners of the grammar.
const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> fragments = {
      "(",
      ")",
      "[",
      "]",
      "{",
      "}",
      ",",
      ".",
      "..",
      ":",
      ";",
      "|",
      "-",
      "->",
      "<-",
      "--",
      "*",
      "=",
      "<>",
      "<=",
      "+=",
      "=~",
      "^",
      "%",
      "'",
      "\"",
      "`",
      "\\",
      "\\u",
      "\\uD800",
      "$",
      "$0",
      "/*",
      "*/",
      "//",
      "\n",
      "\t",
      " ",
      "0x",
      "0o",
      "1e",
      "9223372036854775808",
      "1..",
      ".5",
      "MATCH",
      "RETURN",
      "WITH",
      "WHERE",
      "UNION",
      "ALL",
      "CALL",
      "YIELD",
      "CASE",
      "WHEN",
      "END",
      "EXISTS",
      "NOT",
      "IS",
      "NULL",
      "IN",
      "STARTS",
      "WITH MIN GRADE 'A1'",
      "FOR",
      "VALID_TIME",
      "AS",
      "OF",
      "shortestPath(",
      "count(*)",
      "\xFF",
      "\xC3",
      "\xE2\x80\xA8",
      "\xC3\xA9",
      std::string(1, '\0'),
  };
  return fragments;
}

class Fuzzer {
 public:
  explicit Fuzzer(uint32_t seed) : rng_(seed) {}

  size_t Below(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  std::string Mutate(std::string s) {
    const int edits = 1 + static_cast<int>(Below(4));
    for (int k = 0; k < edits; ++k) {
      const size_t at = Below(s.size() + 1);
      switch (Below(6)) {
        case 0:  // delete a range
          s.erase(at, Below(8) + 1);
          break;
        case 1:  // insert a fragment
          s.insert(at, Fragments()[Below(Fragments().size())]);
          break;
        case 2:  // a random byte
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(Below(256)));
          break;
        case 3:  // duplicate a slice
          s.insert(at, s.substr(Below(s.size() + 1), Below(20)));
          break;
        case 4:  // truncate
          s.resize(at);
          break;
        default:  // splice in part of another seed
          const std::string& other = Seeds()[Below(Seeds().size())];
          s.insert(at, other.substr(Below(other.size()), Below(30)));
          break;
      }
    }
    return s;
  }

  std::string RandomFragments() {
    std::string s;
    const size_t n = Below(30);
    for (size_t k = 0; k < n; ++k) {
      s += Fragments()[Below(Fragments().size())];
      if (Below(2)) s += ' ';
      if (Below(4) == 0) s += "a";
    }
    return s;
  }

 private:
  std::mt19937 rng_;
};

// The property every input must have.
void CheckOne(const std::string& text, int* ok_count) {
  auto r = Parse(text);
  if (!r.ok()) {
    const std::string& m = r.status().message();
    ASSERT_EQ(m.rfind("syntax error at line ", 0), 0u) << m;
    // The position is inside the text: a line that exists, a column on it.
    unsigned line = 0, column = 0;
    ASSERT_EQ(std::sscanf(m.c_str(), "syntax error at line %u, column %u", &line, &column), 2) << m;
    ASSERT_GE(line, 1u);
    ASSERT_LE(line, std::count(text.begin(), text.end(), '\n') + 1) << m;
    ASSERT_GE(column, 1u);
    ASSERT_LE(column, text.size() + 1) << m;
    ASSERT_NE(m.find("\n  "), std::string::npos) << m;
    ASSERT_EQ(m.back(), '^') << m;
    return;
  }
  ++*ok_count;
  const std::string printed = DebugString(**r);
  auto again = Parse(printed);
  ASSERT_TRUE(again.ok()) << "input:   " << text << "\nprinted: " << printed << "\n"
                          << again.status().message();
  ASSERT_EQ(DebugString(**again), printed) << "input: " << text;
}

TEST(ParserFuzzTest, SeedsParse) {
  for (const std::string& s : Seeds()) {
    auto r = Parse(s);
    EXPECT_TRUE(r.ok()) << s << "\n" << r.status().message();
  }
}

TEST(ParserFuzzTest, MutatedQueriesNeverCrash) {
  Fuzzer fuzz(20240611);
  int ok = 0;
  for (int k = 0; k < 6000; ++k) {
    std::string text = Seeds()[fuzz.Below(Seeds().size())];
    text = fuzz.Mutate(std::move(text));
    ASSERT_NO_FATAL_FAILURE(CheckOne(text, &ok)) << "iteration " << k;
  }
  // The mutations are mild enough that some still parse: the round-trip check ran.
  EXPECT_GT(ok, 300);
}

TEST(ParserFuzzTest, RandomFragmentSoupNeverCrashes) {
  Fuzzer fuzz(7);
  int ok = 0;
  for (int k = 0; k < 4000; ++k) {
    ASSERT_NO_FATAL_FAILURE(CheckOne(fuzz.RandomFragments(), &ok)) << "iteration " << k;
  }
}

TEST(ParserFuzzTest, RandomBytesNeverCrash) {
  Fuzzer fuzz(99);
  int ok = 0;
  for (int k = 0; k < 3000; ++k) {
    std::string s(fuzz.Below(64), '\0');
    for (char& c : s)
      c = static_cast<char>(fuzz.Below(256));
    if (k % 2) s = "RETURN " + s;
    ASSERT_NO_FATAL_FAILURE(CheckOne(s, &ok)) << "iteration " << k;
  }
}

TEST(ParserFuzzTest, EveryPrefixOfEverySeed) {
  int ok = 0;
  for (const std::string& s : Seeds()) {
    for (size_t n = 0; n <= s.size(); ++n) {
      ASSERT_NO_FATAL_FAILURE(CheckOne(s.substr(0, n), &ok)) << s.substr(0, n);
    }
  }
  EXPECT_GT(ok, static_cast<int>(Seeds().size()));
}

TEST(ParserFuzzTest, DeepRandomNesting) {
  Fuzzer fuzz(3);
  const std::string openers[] = {
      "(", "[", "{a: ", "-", "NOT ", "[x IN ", "f(", "CASE WHEN ", "EXISTS { MATCH (n) WHERE "};
  int ok = 0;
  for (int k = 0; k < 200; ++k) {
    std::string s = "RETURN ";
    const size_t depth = fuzz.Below(1500);
    for (size_t d = 0; d < depth; ++d)
      s += openers[fuzz.Below(std::size(openers))];
    s += "1";
    ASSERT_NO_FATAL_FAILURE(CheckOne(s, &ok)) << "iteration " << k;
  }
}

}  // namespace
}  // namespace actorgraph::query
