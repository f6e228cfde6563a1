// Pass counts per feature file and per folder, the failure causes, and the
// Markdown table in docs/tck-pass-rates.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/tck/gherkin.h"
#include "tests/tck/tck_runner.h"

namespace actorgraph::tck {

struct Tally {
  int passed = 0, total = 0;
};

struct Report {
  std::map<std::string, Tally> per_feature;  // "clauses/create/Create1.feature"
  std::map<std::string, Tally> per_folder;   // "clauses/create"
  std::map<std::string, Tally> per_top;      // "clauses"
  Tally all;
  std::map<std::string, int> causes;                                 // category -> failures
  std::map<std::string, std::map<std::string, int>> causes_per_top;  // top -> category -> n

  void Add(const Scenario& s, const Outcome& o);
  // One line per feature, then per folder and the total, for the test log.
  std::string Text() const;
  // The committed table; `floor` is the runner's pass floor, `command` how
  // the table was made.
  std::string Markdown(int floor, const std::string& command) const;
};

}  // namespace actorgraph::tck
