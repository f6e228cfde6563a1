#include "analytics/config.h"

#include <algorithm>
#include <cmath>

#include "common/text_match.h"

namespace actorgraph::analytics {

ConfigReader::ConfigReader(std::string procedure, const Value& config)
    : procedure_(std::move(procedure)), config_(config) {}

Status ConfigReader::Error(const std::string& key, const std::string& what) const {
  return Status::InvalidArgument(procedure_ + ": config key '" + key + "' " + what);
}

const Value* ConfigReader::Get(const std::string& key) const {
  const Value* v = config_.Find(key);
  return v && !v->is_null() ? v : nullptr;
}

Status ConfigReader::Check(const std::vector<std::string>& extra, bool projection) const {
  if (config_.is_null()) return Status::OK();
  if (config_.kind() != Value::Kind::kMap)
    return Status::InvalidArgument(procedure_ +
                                   ": the config must be a map such as {validAt: "
                                   "'2022-06', labels: ['Company']}, not " +
                                   config_.ToString());
  std::vector<std::string> allowed = extra;
  if (projection) allowed.insert(allowed.end(), kProjectionKeys.begin(), kProjectionKeys.end());
  for (const auto& [key, v] : config_.as_map()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string hint = DidYouMean(key, allowed);
    std::string keys;
    for (const auto& k : allowed)
      keys += (keys.empty() ? "" : ", ") + k;
    return Status::InvalidArgument(procedure_ + ": unknown config key '" + key + "'" +
                                   (hint.empty() ? "" : "; " + hint) + " (keys: " + keys + ")");
  }
  return Status::OK();
}

Result<std::optional<std::vector<std::string>>> ConfigReader::Strings(
    const std::string& key) const {
  const Value* v = Get(key);
  if (!v) return std::optional<std::vector<std::string>>();
  std::vector<std::string> out;
  if (v->kind() == Value::Kind::kString) {
    out.push_back(v->as_string());
  } else if (v->kind() == Value::Kind::kList) {
    for (const Value& e : v->as_list()) {
      if (e.kind() != Value::Kind::kString) return Error(key, "must list strings");
      out.push_back(e.as_string());
    }
  } else {
    return Error(key, "must be a string or a list of strings");
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<std::string>> ConfigReader::String(const std::string& key) const {
  const Value* v = Get(key);
  if (!v) return std::optional<std::string>();
  if (v->kind() != Value::Kind::kString) return Error(key, "must be a string");
  return std::optional<std::string>(v->as_string());
}

Result<std::optional<PartialDate>> DateArg(const std::string& procedure, const std::string& name,
                                           const Value& v) {
  if (v.is_null()) return std::optional<PartialDate>();
  if (v.kind() == Value::Kind::kDate) return std::optional<PartialDate>(v.as_date());
  if (v.kind() == Value::Kind::kString) {
    auto d = PartialDate::Parse(v.as_string());
    if (!d.ok())
      return Status::InvalidArgument(procedure + ": " + name + " '" + v.as_string() +
                                     "' is not a date (2022, 2022-03 or 2022-03-27)");
    return std::optional<PartialDate>(*d);
  }
  return Status::InvalidArgument(procedure + ": " + name + " must be a date, not " + v.ToString());
}

Result<std::optional<PartialDate>> ConfigReader::Date(const std::string& key) const {
  const Value* v = Get(key);
  if (!v) return std::optional<PartialDate>();
  return DateArg(procedure_, "config key '" + key + "'", *v);
}

Result<std::optional<double>> ConfigReader::Number(const std::string& key) const {
  const Value* v = Get(key);
  if (!v) return std::optional<double>();
  if (!v->is_number()) return Error(key, "must be a number");
  return std::optional<double>(v->as_number());
}

Result<std::optional<int64_t>> ConfigReader::Int(const std::string& key) const {
  const Value* v = Get(key);
  if (!v) return std::optional<int64_t>();
  if (v->kind() == Value::Kind::kInt) return std::optional<int64_t>(v->as_int());
  if (v->kind() == Value::Kind::kFloat && std::floor(v->as_float()) == v->as_float())
    return std::optional<int64_t>(static_cast<int64_t>(v->as_float()));
  return Error(key, "must be a whole number");
}

Result<std::optional<bool>> ConfigReader::Bool(const std::string& key) const {
  const Value* v = Get(key);
  if (!v) return std::optional<bool>();
  if (v->kind() != Value::Kind::kBool) return Error(key, "must be true or false");
  return std::optional<bool>(v->as_bool());
}

Result<ProjectionSpec> ConfigReader::Projection(const query::TemporalFilter& filter,
                                                std::vector<std::string> default_labels,
                                                std::vector<std::string> default_types) const {
  ProjectionSpec spec;
  AG_ASSIGN_OR_RETURN(auto labels, Strings("labels"));
  AG_ASSIGN_OR_RETURN(auto types, Strings("types"));
  spec.labels = labels ? *labels : std::move(default_labels);
  spec.types = types ? *types : std::move(default_types);

  AG_ASSIGN_OR_RETURN(auto at, Date("validAt"));
  AG_ASSIGN_OR_RETURN(auto from, Date("validFrom"));
  AG_ASSIGN_OR_RETURN(auto to, Date("validTo"));
  if (at || from || to) {  // the config's own time wins over the query's
    spec.valid_at = at;
    if (from || to) {
      spec.has_period = true;
      spec.valid_from = from;
      spec.valid_to = to;
      if (from && to && to->last_day() <= from->first_day())
        return Error("validTo", "must come after validFrom");
    }
  } else {
    spec.valid_at = filter.valid_at;
    spec.has_period = filter.has_period;
    spec.valid_from = filter.valid_from;
    spec.valid_to = filter.valid_to;
  }

  AG_ASSIGN_OR_RETURN(auto grade, String("minGrade"));
  if (grade) {
    auto g = Grade::Parse(*grade);
    if (!g.ok()) return Error("minGrade", "must be an Admiralty grade such as 'B2'");
    spec.min_grade = *g;
  } else {
    spec.min_grade = filter.min_grade;
  }
  return spec;
}

}  // namespace actorgraph::analytics
