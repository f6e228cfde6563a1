// Procedures: named routines called from queries with CALL name(args) YIELD
// columns (names.find, algo.shortestPath, shell.clusters, …).
//
// A procedure sees one snapshot (the query's ReadView) and the query's
// temporal and provenance filters, and streams rows of Values in the order of
// its signature's output columns.
//
// Ownership: a ProcedureRegistry owns its procedures; the QueryEngine owns a
// registry (main() or the server registers extra procedures at start-up).
// Thread-safety: Call may run concurrently from several queries; procedures
// keep no mutable state outside a call.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/grade.h"
#include "common/value.h"
#include "engine/ontology.h"
#include "engine/read_view.h"

namespace actorgraph::query {

// The query-level filters a procedure must honour when it projects the graph.
struct TemporalFilter {
  std::optional<PartialDate> valid_at;    // FOR VALID_TIME AS OF
  std::optional<PartialDate> valid_from;  // FOR VALID_TIME FROM … TO …
  std::optional<PartialDate> valid_to;    //   (closed-open)
  bool has_period = false;
  std::optional<Grade> min_grade;  // WITH MIN GRADE
};

struct ProcedureContext {
  const ReadView& view;
  const Ontology& ontology;
  const TemporalFilter& filter;
  // True when the query should stop (time limit, cancellation); long loops
  // should poll it and return Status::Cancelled.
  std::function<bool()> should_stop;
};

struct ProcedureParam {
  std::string name;
  // "any", "bool", "int", "float", "number", "string", "list", "map", "node",
  // "relationship", "path"; shown to people and checked by ParamTypeAccepts.
  std::string type;
  std::optional<Value> default_value;  // absent: required
};

struct ProcedureSignature {
  std::string name;  // "algo.shortestPath"
  std::vector<ProcedureParam> params;
  std::vector<std::string> outputs;  // column names, in row order
  std::string description;
};

// Whether a value may be passed for a parameter of `type`: null always (every
// parameter is nullable), an integer where a float or number is wanted, an
// unknown type name accepts anything.
bool ParamTypeAccepts(const std::string& type, const Value& v);

// "name(param :: type = default, ...) :: (output, ...)", as db.procedures() shows it.
std::string SignatureText(const ProcedureSignature& s);

class Procedure {
 public:
  virtual ~Procedure() = default;
  virtual const ProcedureSignature& signature() const = 0;
  // `args` has one Value per param (defaults filled in). `emit` returns false
  // when the caller wants no more rows; then stop and return OK.
  virtual Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
                      const std::function<bool(std::vector<Value>&&)>& emit) const = 0;
};

class ProcedureRegistry {
 public:
  // Registers the built-in procedures (names.*, db.*).
  ProcedureRegistry();
  void Register(std::unique_ptr<Procedure> p);
  // Case-insensitive; nullptr when unknown.
  const Procedure* Find(const std::string& name) const;
  std::vector<const Procedure*> List() const;
  // Changes with every Register: plans made before are stale (plan_cache.h).
  uint64_t version() const { return version_; }

 private:
  std::map<std::string, std::unique_ptr<Procedure>> procs_;  // key: lower-case name
  uint64_t version_ = 0;
};

}  // namespace actorgraph::query
