#include "query/procedure.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "common/ascii.h"

namespace actorgraph::query {

void RegisterBuiltinProcedures(ProcedureRegistry& registry);  // builtin_procedures.cc

ProcedureRegistry::ProcedureRegistry() {
  RegisterBuiltinProcedures(*this);
}

void ProcedureRegistry::Register(std::unique_ptr<Procedure> p) {
  procs_[LowerAscii(p->signature().name)] = std::move(p);
  ++version_;
}

const Procedure* ProcedureRegistry::Find(const std::string& name) const {
  auto it = procs_.find(LowerAscii(name));
  return it == procs_.end() ? nullptr : it->second.get();
}

std::vector<const Procedure*> ProcedureRegistry::List() const {
  std::vector<const Procedure*> out;
  for (const auto& [k, p] : procs_)
    out.push_back(p.get());
  return out;
}

bool ParamTypeAccepts(const std::string& type, const Value& v) {
  using K = Value::Kind;
  static const std::map<std::string, std::vector<K>> kAccepts = {
      {"bool", {K::kBool}},
      {"int", {K::kInt}},
      {"float", {K::kInt, K::kFloat}},
      {"number", {K::kInt, K::kFloat}},
      {"string", {K::kString}},
      {"list", {K::kList}},
      {"map", {K::kMap}},
      {"node", {K::kNode}},
      {"relationship", {K::kRel}},
      {"path", {K::kPath}},
  };
  if (v.is_null()) return true;
  auto it = kAccepts.find(type);
  if (it == kAccepts.end()) return true;
  for (K k : it->second)
    if (v.kind() == k) return true;
  return false;
}

std::string SignatureText(const ProcedureSignature& s) {
  std::string text = s.name + "(";
  for (size_t i = 0; i < s.params.size(); ++i)
    text += (i ? ", " : "") + s.params[i].name + " :: " + s.params[i].type +
            (s.params[i].default_value ? " = " + s.params[i].default_value->ToString() : "");
  text += ") :: (";
  for (size_t i = 0; i < s.outputs.size(); ++i)
    text += (i ? ", " : "") + s.outputs[i];
  return text + ")";
}

}  // namespace actorgraph::query
