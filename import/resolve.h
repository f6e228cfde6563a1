// Entity resolution: proposes pairs of nodes that likely stand for one
// entity, with a score in [0, 1] and the evidence for it.
//
// Evidence:
//  - names: every name and alias of one against every one of the other,
//    compared after folding (case, diacritics, punctuation), a light
//    transliteration key (ee/i, ou/u, q/k, doubled letters, "al-"/"wal-"
//    particles joined) and with words sorted (word order); acronyms
//    ("JNIM") against the initials of long names;
//  - shared identifiers (Phone, Email, Address nodes), each weighted by
//    how few entities share it: an address that fifty companies use (a
//    registered agent's) counts for little;
//  - shared neighbours (other than documents and identifiers), weighted
//    the same way.
//
// Blocking keeps it far from O(n²): only pairs that share a name key (a
// rare transliterated word, an acronym) or an identifier are scored; keys
// carried by more than `max_block` nodes are too common to block on.
//
// Thread-safety: reads through one ReadView; one thread.
#pragma once

#include <string>
#include <vector>

#include "engine/ontology.h"
#include "engine/read_view.h"

namespace actorgraph {

struct ResolveOptions {
  double min_score = 0.5;
  size_t limit = 50;
  std::string label;  // only nodes at or under this label; empty: all but documents/identifiers
  size_t max_block = 200;
};

struct DuplicateCandidate {
  NodeId a = 0, b = 0;
  std::string a_xid, b_xid, a_name, b_name;
  double score = 0, name_score = 0, identifier_score = 0, neighbour_score = 0;
  std::vector<std::string> evidence;
};

// Best first, at most options.limit, each with score >= options.min_score.
Result<std::vector<DuplicateCandidate>> FindDuplicates(const ReadView& view,
                                                       const Ontology& ontology,
                                                       const ResolveOptions& options);

// Name similarity in [0, 1] and why ("same after transliteration", …);
// exposed for tests.
double NameSimilarity(const std::string& a, const std::string& b, std::string* why);

}  // namespace actorgraph
