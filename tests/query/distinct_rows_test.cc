// RETURN DISTINCT / WITH DISTINCT (the Distinct operator and its FlatKeySet):
// rows come out in the order of their first appearance, keys compare as
// Cypher's equality for grouping (1 = 1.0, null = null, lists by elements),
// sets larger than the table's first size grow without losing keys, and the
// keys count against the query's memory budget.
#include <gtest/gtest.h>

#include <string>

#include "tests/query/query_fixture.h"

namespace actorgraph::testing {
namespace {

class DistinctRowsTest : public QueryFixture {
 protected:
  void SetUp() override { Open(); }
};

TEST_F(DistinctRowsTest, FirstAppearanceOrderAndGroupingEquality) {
  EXPECT_EQ(Run("UNWIND [3, 1, 3.0, null, 1, null, 2] AS x RETURN DISTINCT x"), "3\n1\nnull\n2\n");
  EXPECT_EQ(Run("UNWIND [[1, 'a'], [1.0, 'a'], [1, 'b'], [1, 'a']] AS l RETURN DISTINCT l"),
            "[1, 'a']\n[1, 'b']\n");
  // Two columns: a pair is new when either value is.
  EXPECT_EQ(Run("UNWIND [[1, 'a'], [1, 'b'], [2, 'a'], [1, 'a'], [2, 'a']] AS p "
                "RETURN DISTINCT p[0] AS n, p[1] AS s"),
            "1 | 'a'\n1 | 'b'\n2 | 'a'\n");
  // Strings longer than a short-string buffer, and maps.
  EXPECT_EQ(Run("UNWIND ['a long string of forty characters........', 'x', "
                "'a long string of forty characters........'] AS s RETURN DISTINCT s"),
            "'a long string of forty characters........'\n'x'\n");
  EXPECT_EQ(Run("UNWIND [{a: 1}, {a: 1.0}, {a: 2}] AS m RETURN DISTINCT m"), "{a: 1}\n{a: 2}\n");
}

TEST_F(DistinctRowsTest, ManyKeysKeepEveryKeyOnce) {
  // 20,000 rows over 7,000 distinct pairs: the set grows many times.
  EXPECT_EQ(Run("UNWIND range(1, 20000) AS x WITH DISTINCT x % 1000 AS a, x % 7 AS b "
                "RETURN count(*) AS n, sum(a * 7 + b) AS s"),
            "7000 | 24496500\n");
  // First appearance order survives growth: 0..4999 in order.
  EXPECT_EQ(Run("UNWIND range(0, 9999) AS x WITH DISTINCT x % 5000 AS k "
                "WITH collect(k) AS ks RETURN ks = range(0, 4999), size(ks)"),
            "true | 5000\n");
}

TEST_F(DistinctRowsTest, KeysCountAgainstTheBudget) {
  const std::string q = "UNWIND range(1, 200000) AS x WITH DISTINCT x RETURN count(*) AS n";
  memory_limit_ = uint64_t{1} << 20;
  EXPECT_NE(Run(q).find("memory limit of 1 MiB"), std::string::npos) << Run(q);
  memory_limit_ = uint64_t{64} << 20;
  EXPECT_EQ(Run(q), "200000\n");
}

}  // namespace
}  // namespace actorgraph::testing
