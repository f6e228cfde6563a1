#include "tests/tck/tck_procedure.h"

#include <map>
#include <regex>

#include "tests/tck/tck_value.h"

namespace actorgraph::tck {

namespace {

// The TCK's type names in the engine's procedure-parameter vocabulary.
Result<std::string> EngineType(const std::string& tck) {
  static const std::map<std::string, std::string> kTypes = {
      {"ANY", "any"},       {"BOOLEAN", "bool"},
      {"FLOAT", "float"},   {"INTEGER", "int"},
      {"LIST", "list"},     {"MAP", "map"},
      {"NODE", "node"},     {"NUMBER", "number"},
      {"STRING", "string"}, {"RELATIONSHIP", "relationship"},
      {"PATH", "path"}};
  auto it = kTypes.find(tck);
  if (it == kTypes.end()) return Status::InvalidArgument("runner: unknown procedure type " + tck);
  return it->second;
}

// "in :: INTEGER?, name :: STRING?" -> {("in", "integer"), ("name", "string")}.
Result<std::vector<std::pair<std::string, std::string>>> ParseFields(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> fields;
  static const std::regex kField("\\s*(\\w+)\\s*::\\s*(\\w+)\\??\\s*(,|$)");
  auto it = std::sregex_iterator(text.begin(), text.end(), kField);
  size_t consumed = 0;
  for (; it != std::sregex_iterator(); ++it) {
    if (static_cast<size_t>(it->position()) != consumed)
      return Status::InvalidArgument("runner: bad procedure fields '" + text + "'");
    AG_ASSIGN_OR_RETURN(std::string type, EngineType((*it)[2]));
    fields.emplace_back((*it)[1], type);
    consumed = it->position() + it->length();
  }
  if (consumed != text.size() && text.find_first_not_of(' ', consumed) != std::string::npos)
    return Status::InvalidArgument("runner: bad procedure fields '" + text + "'");
  return fields;
}

class TableProcedure : public query::Procedure {
 public:
  TableProcedure(query::ProcedureSignature sig, std::vector<std::vector<Value>> rows)
      : sig_(std::move(sig)), rows_(std::move(rows)) {}

  const query::ProcedureSignature& signature() const override { return sig_; }

  Status Call(const query::ProcedureContext&, const std::vector<Value>& args,
              const std::function<bool(std::vector<Value>&&)>& emit) const override {
    const size_t n_in = sig_.params.size();
    for (const auto& row : rows_) {
      bool match = true;
      for (size_t i = 0; i < n_in && match; ++i)
        match = row[i] == args[i];  // null matches null; 1 matches 1.0
      if (!match) continue;
      if (!emit(std::vector<Value>(row.begin() + n_in, row.end()))) break;
    }
    return Status::OK();
  }

 private:
  query::ProcedureSignature sig_;
  std::vector<std::vector<Value>> rows_;
};

}  // namespace

Result<std::unique_ptr<query::Procedure>> MakeTableProcedure(
    const std::string& signature, const std::vector<std::vector<std::string>>& table) {
  static const std::regex kSig("([\\w.]+)\\(([^)]*)\\)\\s*::\\s*\\(([^)]*)\\)\\s*:");
  std::smatch m;
  if (!std::regex_match(signature, m, kSig))
    return Status::InvalidArgument("runner: bad procedure signature '" + signature + "'");
  query::ProcedureSignature sig;
  sig.name = m[1];
  sig.description = "TCK fixture";
  AG_ASSIGN_OR_RETURN(auto ins, ParseFields(m[2]));
  AG_ASSIGN_OR_RETURN(auto outs, ParseFields(m[3]));
  for (auto& [name, type] : ins)
    sig.params.push_back({name, type, std::nullopt});
  for (auto& [name, type] : outs)
    sig.outputs.push_back(name);

  const size_t width = ins.size() + outs.size();
  std::vector<std::vector<Value>> rows;
  bool header = true;
  for (const auto& cells : table) {
    if (cells.empty()) continue;  // "|": no columns
    if (header) {
      header = false;
      if (cells.size() != width)
        return Status::InvalidArgument("runner: procedure table has " +
                                       std::to_string(cells.size()) + " columns, signature " +
                                       std::to_string(width));
      continue;
    }
    if (cells.size() != width)
      return Status::InvalidArgument("runner: a procedure table row has the wrong width");
    std::vector<Value> row;
    for (const auto& cell : cells) {
      AG_ASSIGN_OR_RETURN(Lit lit, ParseLit(cell));
      AG_ASSIGN_OR_RETURN(Value v, ToValue(lit));
      row.push_back(std::move(v));
    }
    rows.push_back(std::move(row));
  }
  return std::unique_ptr<query::Procedure>(
      std::make_unique<TableProcedure>(std::move(sig), std::move(rows)));
}

}  // namespace actorgraph::tck
