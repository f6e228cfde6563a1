// The analytics procedures, callable from queries with CALL … YIELD …:
//
//   algo.shortestPath(source, target, config)     path, length, cost, rels
//   algo.allShortestPaths(source, target, config) path, length, cost, rels
//   algo.components(config)                       component, size, members, rels
//   algo.stronglyConnected(config)                component, size, members, rels
//   algo.betweenness(config)                      node, score, rels
//   algo.pagerank(config)                         node, score, rels
//   algo.kcore(config)                            node, core, rels
//   shell.clusters(config)                        kind, cluster, members, size, shared, score, rels
//   shell.owners(company, date, config)           owner, share, shareKnown, ultimate, chains,
//                                                 path, paths, cycles, rels, note
//   shell.cycles(config)                          cycle, members, size, path, share, rels
//   shell.nominees(config)                        person, companies, directs, owns,
//                                                 companyList, zscore, threshold, rels
//
// Every config accepts labels, types, validAt, validFrom/validTo and
// minGrade (explicit keys win over the query's FOR VALID_TIME / WITH MIN
// GRADE); see docs/analytics.md for the rest. Every row carries `rels`, the
// relationships it rests on, so that their claims can be fetched.
//
// Thread-safety: the procedures keep no state; Call may run concurrently.
#pragma once

#include "query/procedure.h"

namespace actorgraph::analytics {

void RegisterAnalyticsProcedures(query::ProcedureRegistry& registry);

}  // namespace actorgraph::analytics

namespace actorgraph {
using analytics::RegisterAnalyticsProcedures;
}  // namespace actorgraph
