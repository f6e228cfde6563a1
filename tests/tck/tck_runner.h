// Runs one TCK scenario on a fresh database through the query engine and
// says whether it passed, and if not, why (a cause category that groups
// failures across scenarios, and a detail for people).
#pragma once

#include <chrono>
#include <string>

#include "tests/tck/gherkin.h"

namespace actorgraph::tck {

struct RunnerOptions {
  std::string graphs_dir;  // the TCK's graphs/ folder, for "Given the NAME graph"
  std::string db_root;     // where scenario databases are created (and removed)
  bool open_schema = true;
  std::chrono::milliseconds time_limit{10000};  // per statement
};

struct Outcome {
  bool passed = false;
  std::string category;  // empty when passed; e.g. "wrong rows", "query failed: …"
  std::string detail;    // what differed, for AG_TCK_VERBOSE
};

Outcome RunScenario(const Scenario& s, const RunnerOptions& options);

// Closes and removes the empty database that scenarios without setup share.
void CloseSharedDatabase();

}  // namespace actorgraph::tck
