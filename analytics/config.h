// ConfigReader: reads the config map a procedure takes as its last argument
// ({labels: ['Company'], validAt: '2022-06', minGrade: 'B2', maxHops: 4}),
// with errors that name the procedure, the key and what was expected, and
// "did you mean" for misspelt keys.
//
// Thread-safety: a value type used within one call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/projection.h"
#include "common/value.h"
#include "query/procedure.h"

namespace actorgraph::analytics {

// The keys every projecting procedure accepts.
inline const std::vector<std::string> kProjectionKeys = {"labels",    "types",   "validAt",
                                                         "validFrom", "validTo", "minGrade"};

class ConfigReader {
 public:
  // `config` may be null (no settings) or a map; anything else is an error
  // reported by Check().
  ConfigReader(std::string procedure, const Value& config);

  // Rejects keys outside kProjectionKeys and `extra` (when `projection`).
  Status Check(const std::vector<std::string>& extra, bool projection = true) const;

  bool Has(const std::string& key) const { return Get(key) != nullptr; }
  // A list of strings, or one string (a one-element list). nullopt: absent.
  Result<std::optional<std::vector<std::string>>> Strings(const std::string& key) const;
  Result<std::optional<std::string>> String(const std::string& key) const;
  // A date value or a date string ('2022', '2022-03', '2022-03-27').
  Result<std::optional<PartialDate>> Date(const std::string& key) const;
  Result<std::optional<double>> Number(const std::string& key) const;
  Result<std::optional<int64_t>> Int(const std::string& key) const;
  Result<std::optional<bool>> Bool(const std::string& key) const;

  // The projection the config asks for. Time and grade come from the config
  // when it sets them and from the query's TemporalFilter otherwise;
  // `default_labels`/`default_types` apply when the config gives none.
  Result<ProjectionSpec> Projection(const query::TemporalFilter& filter,
                                    std::vector<std::string> default_labels = {},
                                    std::vector<std::string> default_types = {}) const;

  // "algo.shortestPath: config key 'maxHops' …" prefix for errors.
  Status Error(const std::string& key, const std::string& what) const;

 private:
  const Value* Get(const std::string& key) const;
  std::string procedure_;
  Value config_;
};

// A date argument: a date, a date string or null.
Result<std::optional<PartialDate>> DateArg(const std::string& procedure, const std::string& name,
                                           const Value& v);

}  // namespace actorgraph::analytics
