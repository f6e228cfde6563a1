// The function and procedure reference (docs/functions.md) is generated from
// the registries: every function the engine knows is documented, nothing is
// documented that it does not know, and the file is the generated one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "analytics/procedures.h"
#include "common/ascii.h"
#include "query/executor/expression.h"
#include "query/executor/function_docs.h"
#include "query/executor/functions.h"
#include "query/procedure.h"

namespace actorgraph {
namespace {

std::string ReferencePath() {
  return std::string(AG_SOURCE_DIR) + "/docs/functions.md";
}

TEST(FunctionReferenceTest, EveryScalarFunctionIsDocumentedOnce) {
  std::set<std::string> registered;
  for (const auto& n : query::fn::ScalarFunctionNames())
    registered.insert(LowerAscii(n));
  std::set<std::string> documented;
  for (const auto& d : query::fn::ScalarFunctionDocs()) {
    EXPECT_TRUE(documented.insert(LowerAscii(d.name)).second) << "documented twice: " << d.name;
    EXPECT_EQ(std::string(d.signature).rfind(d.name, 0), 0u)
        << "signature does not start with " << d.name;
  }
  for (const auto& n : registered)
    EXPECT_TRUE(documented.count(n)) << "not documented: " << n;
  for (const auto& n : documented)
    EXPECT_TRUE(registered.count(n)) << "documented but unknown: " << n;
}

TEST(FunctionReferenceTest, AggregatesAreDocumentedAndKnown) {
  for (const auto& d : query::fn::AggregateFunctionDocs())
    EXPECT_TRUE(query::IsAggregateFunction(d.name))
        << d.name << " is documented but not an aggregate";
  for (const char* name : {"count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp",
                           "percentilecont", "percentiledisc"}) {
    bool have = false;
    for (const auto& d : query::fn::AggregateFunctionDocs())
      have |= LowerAscii(d.name) == name;
    EXPECT_TRUE(have) << "aggregate not documented: " << name;
  }
}

TEST(FunctionReferenceTest, TheReferenceFileIsTheGeneratedOne) {
  query::ProcedureRegistry registry;
  analytics::RegisterAnalyticsProcedures(registry);
  std::vector<query::fn::ProcedureDoc> procs;
  for (const query::Procedure* p : registry.List()) {
    const auto& s = p->signature();
    EXPECT_FALSE(s.description.empty()) << s.name << " has no description";
    procs.push_back({s.name, query::SignatureText(s), s.description});
  }
  std::sort(procs.begin(), procs.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  const std::string want = query::fn::FunctionReferenceMarkdown(procs);
  if (const char* w = std::getenv("AG_WRITE_REFERENCE"); w && std::string(w) == "1") {
    std::ofstream(ReferencePath()) << want;
  }
  std::ifstream in(ReferencePath());
  ASSERT_TRUE(in) << ReferencePath() << " is missing; run with AG_WRITE_REFERENCE=1";
  std::stringstream got;
  got << in.rdbuf();
  EXPECT_EQ(got.str(), want)
      << ReferencePath() << " differs from the registries; run this test with AG_WRITE_REFERENCE=1";
}

}  // namespace
}  // namespace actorgraph
