// Shell-company clusters: companies and people tied together by the
// identifiers they share (addresses, phones, emails) and by shared directors.
//
// The projection holds members (spec label bits in `member_mask`), identifier
// nodes, and the relationships that tie them (HAS_ADDRESS, HAS_PHONE,
// HAS_EMAIL, DIRECTS by default). A *connector* is
//   - an identifier node: it ties every member linked to it;
//   - a member that is the source of a member-to-member relationship (a
//     director): it ties itself and the companies it directs.
// A connector tying more than `max_shared` members (a formation agent's
// address, a registered-agent phone, a nominee director) is *super-shared*:
// it is reported apart and does not join anything, so one such address cannot
// glue unrelated companies into one cluster.
//
// Score of a cluster: the sum over its connectors of (k − 1) / log2(k), k
// being the members it ties: every tie counts, ties through widely shared
// identifiers count less.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analytics/projection.h"

namespace actorgraph::analytics {

struct Connector {
  uint32_t vertex = 0;
  std::string kind;               // "address", "phone", "email", "director", or the type
  std::vector<uint32_t> members;  // members it ties, ascending
  std::vector<uint32_t> edges;    // the relationships that tie them
};

struct ShellCluster {
  std::vector<uint32_t> members;  // ascending
  std::vector<Connector> shared;  // connectors inside the cluster, most members first
  double score = 0;
  std::vector<uint32_t> edges;  // every tying relationship, ascending
};

struct ClusterOptions {
  uint32_t member_mask = 0;            // spec label bits of members
  std::optional<uint32_t> max_shared;  // nullopt: from the degree statistics
  uint32_t min_size = 2;
};

struct ClusterReport {
  std::vector<ShellCluster> clusters;   // by score, highest first
  std::vector<Connector> super_shared;  // by members, most first
  uint32_t max_shared = 0;              // the threshold used
};

// The automatic threshold: max(10, median + 5 · max(1, 1.4826 · MAD)) over
// the connectors that tie two or more members: robust, so that a few huge
// connectors do not raise it for themselves.
uint32_t AutoSharedThreshold(std::vector<uint32_t> degrees);

ClusterReport FindShellClusters(const Projection& p, const ClusterOptions& o);

}  // namespace actorgraph::analytics
