#include "engine/value_json.h"

#include <cmath>

#include "common/temporal_parse.h"

namespace actorgraph {

Result<Value> ValueFromJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return Value();
    case nlohmann::json::value_t::boolean: return Value(j.get<bool>());
    case nlohmann::json::value_t::number_integer: return Value(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      const uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX))
        return Status::InvalidArgument("integer " + std::to_string(u) + " is out of range");
      return Value(static_cast<int64_t>(u));
    }
    case nlohmann::json::value_t::number_float: return Value(j.get<double>());
    case nlohmann::json::value_t::string: return Value(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      ValueList l;
      for (const auto& e : j) {
        AG_ASSIGN_OR_RETURN(Value v, ValueFromJson(e));
        l.push_back(std::move(v));
      }
      return Value(std::move(l));
    }
    case nlohmann::json::value_t::object: {
      if (j.size() == 1 && j.contains("$date")) {
        if (!j["$date"].is_string()) return Status::InvalidArgument("$date needs a string");
        AG_ASSIGN_OR_RETURN(PartialDate d, PartialDate::Parse(j["$date"].get<std::string>()));
        return Value(d);
      }
      if (j.size() == 1 && j.contains("$temporal")) {
        if (!j["$temporal"].is_string()) return Status::InvalidArgument("$temporal needs a string");
        AG_ASSIGN_OR_RETURN(Temporal t, ParseTemporalAny(j["$temporal"].get<std::string>()));
        if (t.type == TemporalType::kDate) return Status::InvalidArgument("$temporal: use $date for dates");
        return Value(std::move(t));
      }
      if (j.size() == 1 && j.contains("$float")) {
        const nlohmann::json& f = j["$float"];
        if (f.is_number()) return Value(f.get<double>());
        if (f == "NaN") return Value(std::nan(""));
        if (f == "Infinity") return Value(HUGE_VAL);
        if (f == "-Infinity") return Value(-HUGE_VAL);
        return Status::InvalidArgument(
            "$float needs a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
      }
      ValueMap m;
      for (auto it = j.begin(); it != j.end(); ++it) {
        AG_ASSIGN_OR_RETURN(Value v, ValueFromJson(it.value()));
        m.emplace_back(it.key(), std::move(v));
      }
      return Value::Map(std::move(m));
    }
    default: return Status::InvalidArgument("unsupported JSON value");
  }
}

nlohmann::json ValueToJson(const Value& v, bool dates_as_strings) {
  switch (v.kind()) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kBool: return v.as_bool();
    case Value::Kind::kInt: return v.as_int();
    case Value::Kind::kFloat:
      // JSON has no NaN or infinity (nlohmann would write null): name them,
      // as a string in output for people and programs, tagged like $date in
      // the native format so that they read back as floats.
      if (!std::isfinite(v.as_float())) {
        std::string name = Value(v.as_float()).ToString();
        if (dates_as_strings) return name;
        return nlohmann::json{{"$float", name}};
      }
      return v.as_float();
    case Value::Kind::kString: return v.as_string();
    case Value::Kind::kDate:
      if (dates_as_strings) return v.as_date().ToString();
      return nlohmann::json{{"$date", v.as_date().ToString()}};
    case Value::Kind::kList: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& e : v.as_list()) a.push_back(ValueToJson(e, dates_as_strings));
      return a;
    }
    case Value::Kind::kMap: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& [k, e] : v.as_map()) o[k] = ValueToJson(e, dates_as_strings);
      return o;
    }
    case Value::Kind::kTemporal:
      // A string in output for people; tagged in the native format.
      if (dates_as_strings) return v.as_temporal().ToString();
      return nlohmann::json{{"$temporal", v.as_temporal().ToString()}};
    case Value::Kind::kNode: return nlohmann::json{{"$node", v.as_node()}};
    case Value::Kind::kRel: return nlohmann::json{{"$rel", v.as_rel()}};
    case Value::Kind::kPath: {
      nlohmann::json p{{"nodes", v.as_path().nodes}, {"rels", v.as_path().rels}};
      return nlohmann::json{{"$path", p}};
    }
  }
  return nullptr;
}

}  // namespace actorgraph
