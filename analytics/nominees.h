// Nominees: people who direct or own unusually many companies (the
// professional directors and shareholders that front shell companies).
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analytics/projection.h"

namespace actorgraph::analytics {

struct NomineeOptions {
  uint32_t person_mask = 0;            // spec label bits of people
  uint32_t company_mask = 0;           // spec label bits of companies
  uint32_t directs_type = UINT32_MAX;  // type ids (UINT32_MAX: absent)
  uint32_t owns_type = UINT32_MAX;
  // nullopt: max(5, ceil(mean + 3 · standard deviation)) of the company
  // counts of people with at least one.
  std::optional<uint32_t> threshold;
};

struct Nominee {
  uint32_t person = 0;
  uint32_t companies = 0;  // distinct companies directed or owned
  uint32_t directs = 0;    // distinct companies directed
  uint32_t owns = 0;       // distinct companies owned
  std::vector<uint32_t> company_list;
  std::vector<uint32_t> edges;
  double zscore = 0;  // (companies − mean) / standard deviation
};

struct NomineeReport {
  std::vector<Nominee> nominees;  // most companies first
  uint32_t threshold = 0;
  double mean = 0, stddev = 0;
};

// People with at least `threshold` companies.
NomineeReport FindNominees(const Projection& p, const NomineeOptions& o);

}  // namespace actorgraph::analytics
