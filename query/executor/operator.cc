#include "query/executor/operator.h"

#include <cstdio>

namespace actorgraph::query {

static void Print(const Operator& op, int depth, bool profile, std::string* out) {
  *out += std::string(depth * 2, ' ') + op.Name();
  const std::string d = op.Detail();
  if (!d.empty()) *out += "  " + d;
  if (profile) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "   [rows %llu, %.3f ms]",
                  static_cast<unsigned long long>(op.rows()), op.nanos() / 1e6);
    *out += buf;
  }
  *out += "\n";
  for (const Operator* c : op.children()) Print(*c, depth + 1, profile, out);
}

std::string PlanToString(const Operator& root, bool profile) {
  std::string out;
  Print(root, 0, profile, &out);
  return out;
}

}  // namespace actorgraph::query
