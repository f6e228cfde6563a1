#include "common/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace actorgraph {

Value Value::Map(ValueMap m) {
  std::sort(m.begin(), m.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Value v;
  v.v_ = std::make_shared<const ValueMap>(std::move(m));
  return v;
}

const Value* Value::Find(const std::string& key) const {
  if (kind() != Kind::kMap) return nullptr;
  const ValueMap& m = as_map();
  auto it = std::lower_bound(m.begin(), m.end(), key,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  return it != m.end() && it->first == key ? &it->second : nullptr;
}

const char* Value::KindName(Kind k) {
  switch (k) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kInt: return "integer";
    case Kind::kFloat: return "float";
    case Kind::kString: return "string";
    case Kind::kDate: return "date";
    case Kind::kList: return "list";
    case Kind::kMap: return "map";
    case Kind::kNode: return "node";
    case Kind::kRel: return "relationship";
    case Kind::kPath: return "path";
    case Kind::kTemporal: return "temporal";
  }
  return "?";
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.kind() == Value::Kind::kInt && b.kind() == Value::Kind::kInt)
      return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kList: return a.as_list() == b.as_list();
    case Value::Kind::kMap: return a.as_map() == b.as_map();
    case Value::Kind::kPath: return a.as_path() == b.as_path();
    case Value::Kind::kTemporal: return a.as_temporal() == b.as_temporal();
    default: return a.v_ == b.v_;
  }
}

namespace {
int Rank(Value::Kind k) {
  switch (k) {
    case Value::Kind::kMap: return 0;
    case Value::Kind::kNode: return 1;
    case Value::Kind::kRel: return 2;
    case Value::Kind::kList: return 3;
    case Value::Kind::kPath: return 4;
    case Value::Kind::kDate:
    case Value::Kind::kTemporal: return 5;
    case Value::Kind::kString: return 6;
    case Value::Kind::kBool: return 7;
    case Value::Kind::kInt:
    case Value::Kind::kFloat: return 8;
    case Value::Kind::kNull: return 9;
  }
  return 10;
}
template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
}  // namespace

int Value::OrderCompare(const Value& a, const Value& b) {
  const int ra = Rank(a.kind()), rb = Rank(b.kind());
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 5 && a.kind() != b.kind()) {  // a date and another temporal: by type
    auto type = [](const Value& v) {
      return v.kind() == Kind::kDate ? TemporalType::kDate : v.as_temporal().type;
    };
    return Cmp(type(a), type(b));
  }
  switch (a.kind()) {
    case Kind::kNull: return 0;
    case Kind::kBool: return Cmp(a.as_bool(), b.as_bool());
    case Kind::kInt:
    case Kind::kFloat: {
      if (a.kind() == Kind::kInt && b.kind() == Kind::kInt) return Cmp(a.as_int(), b.as_int());
      const double x = a.as_number(), y = b.as_number();
      // NaN sorts after every other number.
      if (std::isnan(x) || std::isnan(y)) return Cmp(std::isnan(x), std::isnan(y));
      return Cmp(x, y);
    }
    case Kind::kString: return Cmp(a.as_string(), b.as_string());
    case Kind::kDate: return Cmp(a.as_date(), b.as_date());
    case Kind::kNode: return Cmp(a.as_node(), b.as_node());
    case Kind::kRel: return Cmp(a.as_rel(), b.as_rel());
    case Kind::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (int c = OrderCompare(x[i], y[i])) return c;
      return Cmp(x.size(), y.size());
    }
    case Kind::kMap: {
      const auto &x = a.as_map(), &y = b.as_map();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = Cmp(x[i].first, y[i].first)) return c;
        if (int c = OrderCompare(x[i].second, y[i].second)) return c;
      }
      return Cmp(x.size(), y.size());
    }
    case Kind::kPath: {
      const auto &x = a.as_path(), &y = b.as_path();
      if (int c = Cmp(x.nodes, y.nodes)) return c;
      return Cmp(x.rels, y.rels);
    }
    case Kind::kTemporal: return CompareTemporal(a.as_temporal(), b.as_temporal());
  }
  return 0;
}

static std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string Value::ToString() const {
  return Text(/*exact_floats=*/true);
}

std::string Value::IdText() const {
  return Text(/*exact_floats=*/false);
}

std::string Value::Text(bool exact_floats) const {
  switch (kind()) {
    case Kind::kNull: return "null";
    case Kind::kBool: return as_bool() ? "true" : "false";
    case Kind::kInt: return std::to_string(as_int());
    case Kind::kFloat: {
      // Not C's "nan"/"inf": the names people and other Cypher engines use.
      if (std::isnan(as_float())) return "NaN";
      if (std::isinf(as_float())) return as_float() > 0 ? "Infinity" : "-Infinity";
      // The fewest digits (15 to 17) that read back as the same number, as
      // Neo4j and the JSON output give: 15 alone turned 0.1 + 0.2 into "0.3"
      // and cut the last digits of coordinates and amounts in toString()
      // and CSV. %g's layout: 100000.0, not 1e+05.
      char buf[64];
      const int max_digits = exact_floats ? 17 : 15;  // 17 always read back
      for (int digits = 15;; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, as_float());
        if (digits == max_digits || std::strtod(buf, nullptr) == as_float()) break;
      }
      std::string s = buf;
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      return s;
    }
    case Kind::kString: return Quote(as_string());
    case Kind::kDate: return as_date().ToString();
    case Kind::kList: {
      std::string s = "[";
      for (size_t i = 0; i < as_list().size(); ++i)
        s += (i ? ", " : "") + as_list()[i].Text(exact_floats);
      return s + "]";
    }
    case Kind::kMap: {
      std::string s = "{";
      bool first = true;
      for (const auto& [k, v] : as_map()) {
        s += (first ? "" : ", ") + k + ": " + v.Text(exact_floats);
        first = false;
      }
      return s + "}";
    }
    case Kind::kNode: return "node#" + std::to_string(as_node());
    case Kind::kRel: return "rel#" + std::to_string(as_rel());
    case Kind::kPath: return "path(" + std::to_string(as_path().rels.size()) + " hops)";
    case Kind::kTemporal: return as_temporal().ToString();
  }
  return "?";
}

}  // namespace actorgraph
