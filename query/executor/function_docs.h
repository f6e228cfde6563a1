// One line of documentation per scalar and aggregate function, for the
// function reference (docs/functions.md). A test
// checks that every registered function has an entry and that the reference
// file is the one this table generates.
#pragma once

#include <string>
#include <vector>

namespace actorgraph::query::fn {

struct FunctionDoc {
  std::string name;       // as users write it, e.g. "toUpper"
  std::string signature;  // e.g. "toUpper(string) -> string"
  std::string summary;    // one sentence
};

// Scalar functions, in reference order (grouped by theme).
const std::vector<FunctionDoc>& ScalarFunctionDocs();
// Aggregate functions.
const std::vector<FunctionDoc>& AggregateFunctionDocs();

// The reference as Markdown: scalar and aggregate functions from the tables
// above, then `procedures` rows (name, signature, description), already
// sorted by the caller.
struct ProcedureDoc {
  std::string name, signature, description;
};
std::string FunctionReferenceMarkdown(const std::vector<ProcedureDoc>& procedures);

}  // namespace actorgraph::query::fn
