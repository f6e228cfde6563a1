// The shell.* procedures: shell-company clusters, ultimate owners, circular
// ownership and nominees.
#include <algorithm>
#include <set>

#include "analytics/clusters.h"
#include "analytics/nominees.h"
#include "analytics/ownership.h"
#include "analytics/procedure_util.h"
#include "analytics/procedures_internal.h"

namespace actorgraph::analytics {

namespace {

using query::ProcedureContext;
using query::ProcedureSignature;
using Emit = std::function<bool(std::vector<Value>&&)>;

const std::vector<std::string> kCompanyLabels = {"Company", "PrivateMilitaryCompany",
                                                 "Organization"};

uint32_t LowBits(size_t n) {
  return n >= 32 ? UINT32_MAX : (uint32_t{1} << n) - 1;
}

Result<std::optional<uint32_t>> PositiveInt(const ConfigReader& c, const std::string& key) {
  AG_ASSIGN_OR_RETURN(auto v, c.Int(key));
  if (!v) return std::optional<uint32_t>();
  if (*v < 1 || *v > UINT32_MAX) return c.Error(key, "must be a positive whole number");
  return std::optional<uint32_t>(static_cast<uint32_t>(*v));
}

// CALL shell.clusters({maxShared: 20}) YIELD kind, cluster, members, size, shared, score, rels
class ClustersProc : public AnalyticsProcedure {
 public:
  ClustersProc()
      : AnalyticsProcedure(ProcedureSignature{
            "shell.clusters",
            {ConfigParam()},
            {"kind", "cluster", "members", "size", "shared", "score", "rels"},
            "groups of companies and people tied by shared addresses, phones, emails and "
            "directors (kind 'cluster', highest score first), then the identifiers and "
            "directors shared by more than maxShared members (kind 'super-shared'), which "
            "join nothing; config: labels (members: Company, Person, PrivateMilitaryCompany, "
            "Organization), types (HAS_ADDRESS, HAS_PHONE, HAS_EMAIL, DIRECTS), maxShared "
            "(default from the degree statistics), minSize (2), and the time and grade keys"}) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[0]);
    AG_RETURN_IF_ERROR(c.Check({"maxShared", "minSize"}));
    std::vector<std::string> members = {"Company", "Person", "PrivateMilitaryCompany",
                                        "Organization"};
    AG_ASSIGN_OR_RETURN(
        ProjectionSpec spec,
        c.Projection(ctx.filter, members, {"HAS_ADDRESS", "HAS_PHONE", "HAS_EMAIL", "DIRECTS"}));
    ClusterOptions o;
    o.member_mask = LowBits(spec.labels.size());
    spec.labels.push_back("Identifier");
    AG_ASSIGN_OR_RETURN(o.max_shared, PositiveInt(c, "maxShared"));
    AG_ASSIGN_OR_RETURN(auto min_size, PositiveInt(c, "minSize"));
    o.min_size = min_size.value_or(2);
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    ClusterReport r = FindShellClusters(*p, o);

    auto shared_map = [&](const Connector& k) {
      return Value::Map({{"node", Value(NodeRef{p->node(k.vertex)})},
                         {"kind", Value(k.kind)},
                         {"members", Value(static_cast<int64_t>(k.members.size()))},
                         {"rels", Rels(*p, k.edges)}});
    };
    int64_t number = 0;
    for (const ShellCluster& sc : r.clusters) {
      ValueList shared;
      for (const Connector& k : sc.shared)
        shared.push_back(shared_map(k));
      std::vector<Value> row{
          Value("cluster"),         Value(number++),
          Nodes(*p, sc.members),    Value(static_cast<int64_t>(sc.members.size())),
          Value(std::move(shared)), Value(sc.score),
          Rels(*p, sc.edges)};
      if (!emit(std::move(row))) return Status::OK();
    }
    for (const Connector& k : r.super_shared) {
      std::vector<Value> row{Value("super-shared"),
                             Value(),
                             Nodes(*p, k.members),
                             Value(static_cast<int64_t>(k.members.size())),
                             Value(ValueList{shared_map(k)}),
                             Value(),
                             Rels(*p, k.edges)};
      if (!emit(std::move(row))) return Status::OK();
    }
    return Status::OK();
  }
};

// CALL shell.owners('company-x', '2022-06') YIELD owner, share, path
class OwnersProc : public AnalyticsProcedure {
 public:
  OwnersProc()
      : AnalyticsProcedure(ProcedureSignature{
            "shell.owners",
            {{"company", "node|string", std::nullopt},
             {"date", "date|string", Value()},
             ConfigParam()},
            {"owner", "share", "shareKnown", "ultimate", "chains", "path", "paths", "cycles",
             "rels", "note"},
            "owners of COMPANY through OWNS chains at DATE, ultimate owners first: share is the "
            "sum over chains of the product of the fractions along each (percentage 0–100, or "
            "share 0–1); chains with a link of unknown percentage are left out of share and "
            "make shareKnown false; ownership cycles are reported, not followed; config: "
            "maxDepth (12), maxChains (100000), ultimateOnly (false), and the projection keys"}) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[2]);
    AG_RETURN_IF_ERROR(c.Check({"maxDepth", "maxChains", "ultimateOnly"}));
    AG_ASSIGN_OR_RETURN(NodeId company, ResolveNode(ctx.view, name(), "company", args[0]));
    AG_ASSIGN_OR_RETURN(auto date, DateArg(name(), "date", args[1]));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec, c.Projection(ctx.filter, {}, {"OWNS"}));
    if (date) {  // the explicit argument wins over the config and the query
      spec.valid_at = date;
      spec.has_period = false;
    }
    spec.weight_properties = OwnershipWeightProperties();
    OwnersOptions o;
    AG_ASSIGN_OR_RETURN(auto depth, PositiveInt(c, "maxDepth"));
    AG_ASSIGN_OR_RETURN(auto chains, PositiveInt(c, "maxChains"));
    AG_ASSIGN_OR_RETURN(auto ultimate_only, c.Bool("ultimateOnly"));
    if (depth) o.max_depth = *depth;
    if (chains) o.max_chains = *chains;
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    auto cv = p->vertex(company);
    if (!cv) return Status::OK();
    AG_ASSIGN_OR_RETURN(OwnershipReport r, TraceOwners(*p, *cv, o, ctx.should_stop));

    for (const OwnerShare& os : r.owners) {
      if (ultimate_only.value_or(false) && !os.ultimate) continue;
      ValueList paths, cycles;
      std::set<uint32_t> edges;
      for (const OwnershipChain& ch : os.chains) {
        paths.push_back(Path(*p, ch.vertices, ch.edges));
        edges.insert(ch.edges.begin(), ch.edges.end());
      }
      for (size_t i : os.cycles) {
        const OwnershipCycle& cy = r.cycles[i];
        cycles.push_back(Path(*p, cy.vertices, cy.edges));
        edges.insert(cy.edges.begin(), cy.edges.end());
      }
      std::string note;
      auto add = [&](const std::string& s) { note += (note.empty() ? "" : "; ") + s; };
      if (os.unknown_chains)
        add(std::to_string(os.unknown_chains) + " of " + std::to_string(os.chains.size()) +
            " chains have a link without percentage or share");
      if (os.in_cycle) add("on an ownership cycle");
      if (r.truncated) add("search cut short by maxDepth or maxChains: shares may be low");
      std::vector<Value> row{Value(NodeRef{p->node(os.owner)}),
                             os.known_chains ? Value(os.share) : Value(),
                             Value(os.unknown_chains == 0),
                             Value(os.ultimate),
                             Value(static_cast<int64_t>(os.chains.size())),
                             Path(*p, os.chains.front().vertices, os.chains.front().edges),
                             Value(std::move(paths)),
                             Value(std::move(cycles)),
                             Rels(*p, std::vector<uint32_t>(edges.begin(), edges.end())),
                             note.empty() ? Value() : Value(note)};
      if (!emit(std::move(row))) break;
    }
    return Status::OK();
  }
};

// CALL shell.cycles() YIELD cycle, members, size, path, share, rels
class CyclesProc : public AnalyticsProcedure {
 public:
  CyclesProc()
      : AnalyticsProcedure(ProcedureSignature{
            "shell.cycles",
            {ConfigParam()},
            {"cycle", "members", "size", "path", "share", "rels"},
            "circular ownership: groups of companies that own each other through OWNS chains "
            "(strongly connected), largest first, each with one closed chain (path) and the "
            "product of the fractions around it (share, null when a percentage is missing); "
            "rels: every OWNS inside the group; config: the projection keys"}) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[0]);
    AG_RETURN_IF_ERROR(c.Check({}));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec, c.Projection(ctx.filter, {}, {"OWNS"}));
    spec.weight_properties = OwnershipWeightProperties();
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    int64_t number = 0;
    for (const CircularGroup& g : OwnershipCycles(*p)) {
      std::vector<Value> row{Value(number++),
                             Nodes(*p, g.members),
                             Value(static_cast<int64_t>(g.members.size())),
                             Path(*p, g.cycle.vertices, g.cycle.edges),
                             g.cycle_share ? Value(*g.cycle_share) : Value(),
                             Rels(*p, g.edges)};
      if (!emit(std::move(row))) break;
    }
    return Status::OK();
  }
};

// CALL shell.nominees({threshold: 10}) YIELD person, companies, rels
class NomineesProc : public AnalyticsProcedure {
 public:
  NomineesProc()
      : AnalyticsProcedure(ProcedureSignature{
            "shell.nominees",
            {ConfigParam()},
            {"person", "companies", "directs", "owns", "companyList", "zscore", "threshold",
             "rels"},
            "people (Person) who direct or own at least `threshold` distinct companies, most "
            "first; the default threshold is max(5, mean + 3 standard deviations) of the "
            "counts; config: labels (what counts as a company: Company, "
            "PrivateMilitaryCompany, Organization), types (DIRECTS, OWNS), threshold, and the "
            "time and grade keys"}) {}

  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const Emit& emit) const override {
    ConfigReader c(name(), args[0]);
    AG_RETURN_IF_ERROR(c.Check({"threshold"}));
    AG_ASSIGN_OR_RETURN(ProjectionSpec spec,
                        c.Projection(ctx.filter, kCompanyLabels, {"DIRECTS", "OWNS"}));
    spec.labels.insert(spec.labels.begin(), "Person");
    NomineeOptions o;
    o.person_mask = 1;
    o.company_mask = LowBits(spec.labels.size()) & ~uint32_t{1};
    if (auto t = ctx.view.TypeId("DIRECTS")) o.directs_type = *t;
    if (auto t = ctx.view.TypeId("OWNS")) o.owns_type = *t;
    AG_ASSIGN_OR_RETURN(o.threshold, PositiveInt(c, "threshold"));
    AG_ASSIGN_OR_RETURN(auto p, Project(ctx, spec));
    NomineeReport r = FindNominees(*p, o);
    for (const Nominee& nm : r.nominees) {
      std::vector<Value> row{Value(NodeRef{p->node(nm.person)}),
                             Value(static_cast<int64_t>(nm.companies)),
                             Value(static_cast<int64_t>(nm.directs)),
                             Value(static_cast<int64_t>(nm.owns)),
                             Nodes(*p, nm.company_list),
                             Value(nm.zscore),
                             Value(static_cast<int64_t>(r.threshold)),
                             Rels(*p, nm.edges)};
      if (!emit(std::move(row))) break;
    }
    return Status::OK();
  }
};

}  // namespace

void RegisterShellProcedures(query::ProcedureRegistry& registry) {
  registry.Register(std::make_unique<ClustersProc>());
  registry.Register(std::make_unique<OwnersProc>());
  registry.Register(std::make_unique<CyclesProc>());
  registry.Register(std::make_unique<NomineesProc>());
}

}  // namespace actorgraph::analytics
