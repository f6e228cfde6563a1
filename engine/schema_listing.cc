#include "engine/schema_listing.h"

#include <map>
#include <set>

#include "common/model.h"
#include "engine/read_view.h"

namespace actorgraph {

namespace {

// The ontology's type names, so that a listing reads like a declaration.
const char* TypeName(Value::Kind k) {
  switch (k) {
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kInt:
      return "int";
    case Value::Kind::kFloat:
      return "float";
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kDate:
      return "date";
    case Value::Kind::kList:
      return "list";
    case Value::Kind::kMap:
      return "map";
    default:
      return Value::KindName(k);
  }
}

struct Usage {
  uint64_t count = 0;
  std::map<std::string, std::set<std::string>> props;  // name -> kinds seen

  void Add(const ValueMap& values) {
    ++count;
    for (const auto& [k, v] : values)
      props[k].insert(TypeName(v.kind()));
  }
  std::string Props() const {
    if (props.empty()) return "";
    std::string s = "  {";
    bool first = true;
    for (const auto& [k, kinds] : props) {
      s += (first ? "" : ", ") + k + ": ";
      bool first_kind = true;
      for (const auto& kind : kinds) {
        s += (first_kind ? "" : "|") + kind;
        first_kind = false;
      }
      first = false;
    }
    return s + "}";
  }
};

std::string Count(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

Result<std::string> DescribeSchemaInUse(const ReadView& view) {
  std::map<std::string, Usage> labels, types;
  Usage unlabelled;
  AG_RETURN_IF_ERROR(view.ForEachNode([&](NodeId id) {
    Node n;
    if (!view.GetNode(id, &n).ok()) return true;
    if (n.labels.empty()) unlabelled.Add(n.props);
    for (const auto& l : n.labels)
      labels[l].Add(n.props);
    return true;
  }));
  AG_RETURN_IF_ERROR(view.ForEachRel([&](const Relationship& r) {
    types[r.type].Add(r.props);
    return true;
  }));
  std::string out = "In use (open schema)\n";
  for (const auto& [l, u] : labels)
    out += "  :" + l + " (" + Count(u.count, "node", "nodes") + ")" + u.Props() + "\n";
  if (unlabelled.count)
    out += "  (no label) (" + Count(unlabelled.count, "node", "nodes") + ")" + unlabelled.Props() +
           "\n";
  for (const auto& [t, u] : types)
    out += "  [:" + t + "] (" + Count(u.count, "relationship", "relationships") + ")" + u.Props() +
           "\n";
  if (labels.empty() && types.empty() && !unlabelled.count) out += "  (nothing yet)\n";
  return out;
}

}  // namespace actorgraph
