// A Gherkin reader for the openCypher TCK's feature files: Feature,
// Background, Scenario, Scenario Outline with Examples, steps with doc
// strings ("""...""") and tables. Outlines are expanded, one scenario per
// Examples row, with <placeholders> substituted in steps, doc strings and
// cells. Only what the TCK uses; no i18n keywords, no rules.
#pragma once

#include <string>
#include <vector>

namespace actorgraph::tck {

using Table = std::vector<std::vector<std::string>>;  // rows of unescaped, trimmed cells

struct Step {
  std::string keyword;  // Given, When, Then, And, But
  std::string text;     // after the keyword, e.g. "executing query:"
  std::string doc;      // the doc string, indentation removed; empty if none
  Table table;
  int line = 0;
};

struct Scenario {
  std::string feature;  // the feature file's path relative to the features folder
  std::string name;     // "[3] Create a node" (outlines: placeholders substituted, "#N" appended)
  int line = 0;         // of the Scenario line (outlines: of the Examples row)
  std::vector<std::string> tags;
  std::vector<Step> steps;  // background steps first
};

// Parses one feature file's text. `feature` names it in the scenarios and in
// errors. On a malformed file sets *error ("file:line: what") and returns what
// was read so far.
std::vector<Scenario> ParseFeature(const std::string& text, const std::string& feature,
                                   std::string* error);

}  // namespace actorgraph::tck
