#include "tests/tck/known_causes.h"

#include <vector>

namespace actorgraph::tck {

namespace {

struct Known {
  const char* feature;         // path under features/
  std::vector<int> scenarios;  // the [n] numbers; empty: every scenario of the file
  const char* cause;
};

const std::vector<Known>& Table() {
  static const char* kSkipLimitStatic =
      "SKIP/LIMIT with a negative or float value: rejected only at run time";
  static const std::vector<Known> kTable = {
      {"clauses/match/Match4.feature",
       {8},
       "a list of relationships bound earlier cannot be reused as a variable-length pattern "
       "(VariableTypeConflict)"},
      {"clauses/match/Match9.feature",
       {6, 7},
       "a list of relationships bound earlier cannot be reused as a variable-length pattern "
       "(VariableTypeConflict)"},
      {"clauses/return-skip-limit/ReturnSkipLimit1.feature", {}, kSkipLimitStatic},
      {"clauses/return-skip-limit/ReturnSkipLimit2.feature", {}, kSkipLimitStatic},
      {"clauses/set/Set1.feature",
       {10},
       "a list of maps is accepted as a property value (InvalidPropertyType expected)"},
      {"expressions/temporal/Temporal1.feature",
       {4},
       "date({year, month}) keeps the partial date (1984-10) instead of completing it to a day: "
       "the engine's dates may be partial"},
      {"expressions/temporal/Temporal2.feature",
       {1},
       "date('2015-07') parses to a partial date instead of the first day: the engine's dates "
       "may be partial"},
      {"expressions/temporal/Temporal2.feature",
       {6},
       "historic named-zone offsets (local mean time before 1900) differ from the TCK's tz data"},
  };
  return kTable;
}

int ScenarioNumber(const std::string& name) {
  if (name.empty() || name[0] != '[') return -1;
  int n = 0;
  for (size_t i = 1; i < name.size() && name[i] != ']'; ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    n = n * 10 + (name[i] - '0');
  }
  return n;
}

}  // namespace

std::string KnownCause(const std::string& feature, const std::string& name) {
  const int number = ScenarioNumber(name);
  for (const Known& k : Table()) {
    if (feature.rfind(k.feature, 0) != 0) continue;
    if (k.scenarios.empty()) return k.cause;
    for (int n : k.scenarios)
      if (n == number) return k.cause;
  }
  return "";
}

}  // namespace actorgraph::tck
