// Ownership structures on a Projection of OWNS relationships (owner -> owned):
// who ultimately owns a company and with what effective share, and circular
// ownership.
//
// Shares: an edge's fraction comes from `percentage` (0–100) or, failing
// that, `share` (a fraction 0–1; values above 1 are read as percentages). The
// effective share of one chain is the product of its fractions; an owner's
// share is the sum over its simple chains (no company twice). A chain with a
// link of unknown percentage has an unknown share: it is counted in
// `unknown_chains` and left out of `share`.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "analytics/projection.h"

namespace actorgraph::analytics {

// The projection's weight properties for ownership: {"percentage", "share"}.
std::vector<std::string> OwnershipWeightProperties();
// The fraction an OWNS edge stands for; nullopt when unknown.
std::optional<double> OwnershipFraction(const ProjectedEdge& e);

struct OwnershipChain {
  std::vector<uint32_t> vertices;  // owner first, the company last
  std::vector<uint32_t> edges;
  std::optional<double> share;
};

struct OwnerShare {
  uint32_t owner = 0;
  double share = 0;         // sum over chains of known share
  size_t known_chains = 0;  // chains whose every link has a percentage
  size_t unknown_chains = 0;
  // Nobody owns it, or it lies on an ownership cycle that nobody outside the
  // cycle owns (its strong component is a source of the condensation).
  bool ultimate = false;
  bool in_cycle = false;               // lies on an ownership cycle
  std::vector<OwnershipChain> chains;  // largest known share first
  std::vector<size_t> cycles;          // indices into OwnershipReport::cycles met on its chains
};

struct OwnershipCycle {
  std::vector<uint32_t> vertices;  // closed: first == last
  std::vector<uint32_t> edges;
};

struct OwnershipReport {
  std::vector<OwnerShare> owners;  // ultimate first, then by share
  std::vector<OwnershipCycle> cycles;
  bool truncated = false;  // max_depth or max_chains cut the search short
  bool company_in_cycle = false;
};

struct OwnersOptions {
  uint32_t max_depth = 12;     // links per chain
  size_t max_chains = 100000;  // chains explored in all
};

// Walks OWNS chains backwards from `company`. A chain that meets a company
// already on it records the cycle and stops there: cycles are reported, never
// followed.
Result<OwnershipReport> TraceOwners(const Projection& p, uint32_t company, const OwnersOptions& o,
                                    const std::function<bool()>& should_stop = {});

// Circular ownership: strongly connected groups of two or more, or a company
// owning itself, each with one closed chain through its members.
struct CircularGroup {
  std::vector<uint32_t> members;
  std::vector<uint32_t> edges;        // every OWNS edge inside the group
  OwnershipCycle cycle;               // one cycle through the first member
  std::optional<double> cycle_share;  // product of fractions around `cycle`
};
std::vector<CircularGroup> OwnershipCycles(const Projection& p);

}  // namespace actorgraph::analytics
