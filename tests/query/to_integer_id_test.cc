// toInteger(v.id) of a node variable parses the id straight from the
// adjacency snapshot (expression_compiler.cc): it must give what the general
// path gives for every kind of id text, with and without the snapshot, in
// reading and writing statements, and for values that are not nodes.
#include <gtest/gtest.h>

#include <iterator>
#include <string>

#include "tests/query/query_fixture.h"

namespace actorgraph::testing {
namespace {

class ToIntegerIdTest : public QueryFixture, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    adjacency_cache_ = GetParam() ? AdjacencyCacheMode::kEager : AdjacencyCacheMode::kOff;
    Open(/*open_schema=*/false);  // the default ontology: `id` a built-in field
    std::string create = "CREATE ";
    const char* ids[] = {"1",
                         "01",
                         "-5",
                         "3.9",
                         "1e3",
                         "x12",
                         "7 ",
                         "-0",
                         "9223372036854775807",
                         "123456789012345678",
                         "99999999999999999999",
                         "0x1F",
                         "2.5e1",
                         "-",
                         "--3"};
    for (size_t i = 0; i < std::size(ids); ++i)
      create += (i ? ", " : "") + std::string("(:Company {id: '") + ids[i] + "', name: 'C" +
                std::string(i < 10 ? "0" : "") + std::to_string(i) + "'})";
    ASSERT_EQ(Run(create), "");
  }
};

TEST_P(ToIntegerIdTest, SameAsTheGeneralPath) {
  // `c.id + ''` is not a bare variable's id: it takes the general path.
  const std::string fused =
      Run("MATCH (c:Company) RETURN c.name AS r, toInteger(c.id) AS n ORDER BY r");
  const std::string general =
      Run("MATCH (c:Company) RETURN c.name AS r, toInteger(c.id + '') AS n ORDER BY r");
  EXPECT_EQ(fused, general);
  EXPECT_EQ(Lines(fused).size(), 15u);
  EXPECT_EQ(Run("MATCH (c:Company {id: '01'}) RETURN toInteger(c.id), tointeger(c.id)"), "1 | 1\n");
  EXPECT_EQ(Run("MATCH (c:Company {id: '3.9'}) RETURN toInteger(c.id)"), "3\n");
  EXPECT_EQ(Run("MATCH (c:Company {id: 'x12'}) RETURN toInteger(c.id)"), "null\n");
  // Grouped by it, as peers Q9 does: '1' and '01' share a group.
  EXPECT_EQ(Run("MATCH (c:Company) WITH toInteger(c.id) AS k, count(*) AS n WHERE k = 1 "
                "RETURN k, n"),
            "1 | 2\n");
  // In a writing statement (no snapshot reads): the same values.
  EXPECT_EQ(Run("MATCH (c:Company) SET c.description = 'seen' "
                "RETURN c.name AS r, toInteger(c.id) AS n ORDER BY r"),
            fused);
  // Not a node: a map's id, a null, a relationship.
  EXPECT_EQ(Run("WITH {id: '42'} AS c RETURN toInteger(c.id)"), "42\n");
  EXPECT_EQ(Run("OPTIONAL MATCH (c:Company {id: 'none'}) RETURN toInteger(c.id)"), "null\n");
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutAdjacencyCache, ToIntegerIdTest, ::testing::Bool());

}  // namespace
}  // namespace actorgraph::testing
