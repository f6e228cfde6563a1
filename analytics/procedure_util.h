// Shared pieces of the analytics procedures: a base class holding the
// signature, node arguments, directions, and turning vertex and edge indices
// back into node, relationship and path values.
//
// Thread-safety: stateless helpers.
#pragma once

#include <string>
#include <vector>

#include "analytics/config.h"
#include "analytics/projection.h"
#include "query/procedure.h"

namespace actorgraph::analytics {

class AnalyticsProcedure : public query::Procedure {
 public:
  explicit AnalyticsProcedure(query::ProcedureSignature sig) : sig_(std::move(sig)) {}
  const query::ProcedureSignature& signature() const override { return sig_; }

 protected:
  const std::string& name() const { return sig_.name; }
  query::ProcedureSignature sig_;
};

// The config parameter every procedure ends with.
query::ProcedureParam ConfigParam();

// A node given as a node value, an external id or a unique name.
Result<NodeId> ResolveNode(const ReadView& view, const std::string& procedure,
                           const std::string& param, const Value& v);

// 'out'/'outgoing', 'in'/'incoming', 'both'/'any'/'undirected'.
Result<Orientation> ReadDirection(const ConfigReader& c, Orientation fallback);

Result<std::unique_ptr<Projection>> Project(const query::ProcedureContext& ctx,
                                            const ProjectionSpec& spec);

Value Nodes(const Projection& p, const std::vector<uint32_t>& vertices);
Value Rels(const Projection& p, const std::vector<uint32_t>& edges);
Value Path(const Projection& p, const std::vector<uint32_t>& vertices,
           const std::vector<uint32_t>& edges);
// The relationships touching v (both directions), for rows about one node.
Value IncidentRels(const Projection& p, uint32_t v);

}  // namespace actorgraph::analytics
