#include "analytics/procedure_util.h"

#include <algorithm>

#include "common/ascii.h"
#include "engine/entity_lookup.h"

namespace actorgraph::analytics {

query::ProcedureParam ConfigParam() {
  return {"config", "map", Value::Map({})};
}

Result<NodeId> ResolveNode(const ReadView& view, const std::string& procedure,
                           const std::string& param, const Value& v) {
  if (v.kind() == Value::Kind::kNode) {
    Node n;
    if (!view.GetNode(v.as_node(), &n).ok())
      return Status::NotFound(procedure + ": " + param + " is a node that no longer exists");
    return v.as_node();
  }
  if (v.kind() != Value::Kind::kString)
    return Status::InvalidArgument(procedure + ": " + param +
                                   " must be a node, an external id or a name, not " +
                                   v.ToString());
  if (auto id = view.FindNode(v.as_string())) return *id;
  AG_ASSIGN_OR_RETURN(LookupResult found, LookupEntity(view, v.as_string()));
  if (found.matches.size() == 1) return found.matches[0].node;
  return Status::NotFound(procedure + ": " + param + ": " +
                          DescribeLookupFailure(view, v.as_string(), found));
}

Result<Orientation> ReadDirection(const ConfigReader& c, Orientation fallback) {
  AG_ASSIGN_OR_RETURN(auto d, c.String("direction"));
  if (!d) return fallback;
  const std::string s = LowerAscii(*d);
  if (s == "out" || s == "outgoing") return Orientation::kOut;
  if (s == "in" || s == "incoming") return Orientation::kIn;
  if (s == "both" || s == "any" || s == "undirected") return Orientation::kBoth;
  return c.Error("direction", "must be 'out', 'in' or 'both', not '" + *d + "'");
}

Result<std::unique_ptr<Projection>> Project(const query::ProcedureContext& ctx,
                                            const ProjectionSpec& spec) {
  return Projection::Build(ctx.view, ctx.ontology, spec, ctx.should_stop);
}

Value Nodes(const Projection& p, const std::vector<uint32_t>& vertices) {
  ValueList out;
  out.reserve(vertices.size());
  for (uint32_t v : vertices)
    out.emplace_back(NodeRef{p.node(v)});
  return Value(std::move(out));
}

Value Rels(const Projection& p, const std::vector<uint32_t>& edges) {
  ValueList out;
  out.reserve(edges.size());
  for (uint32_t e : edges)
    out.emplace_back(RelRef{p.edge(e).rel});
  return Value(std::move(out));
}

Value Path(const Projection& p, const std::vector<uint32_t>& vertices,
           const std::vector<uint32_t>& edges) {
  PathValue path;
  for (uint32_t v : vertices)
    path.nodes.push_back(p.node(v));
  for (uint32_t e : edges)
    path.rels.push_back(p.edge(e).rel);
  return Value(std::move(path));
}

Value IncidentRels(const Projection& p, uint32_t v) {
  std::vector<uint32_t> edges;
  for (const auto& a : p.Neighbours(v, Orientation::kBoth))
    edges.push_back(a.edge);
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return Rels(p, edges);
}

}  // namespace actorgraph::analytics
