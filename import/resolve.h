// Entity resolution: proposes pairs of nodes that likely stand for one
// entity, with a score in [0, 1] and the evidence for and against it.
//
// Evidence (each item has a kind, a detail and a signed weight):
//  - name: every name and alias of one against every one of the other, and
//    the names they hide (quoted, parenthesised, either side of "JNIM: …"),
//    after transliteration to ASCII (ICU) and spelling keys; acronyms
//    against initials; the known-alias table (name_aliases.cc); words
//    weighted by rarity over the names compared (IDF), generic words
//    ("group", "LLC", "OOO", "private military company") and particles
//    counting little. A person matched on one distinctive name only (a
//    given name, a nom de guerre such as "Abu Hamza") is capped well under
//    the cut-off;
//  - identifier: a shared passport, national id, registration number, IMO,
//    email or phone (properties, or Phone/Email identifier nodes) is
//    near-proof unless many entities share it; a shared address counts by
//    how few entities have it;
//  - birth_date, gender, nationality: agreement counts for, disagreement
//    (birth years more than a year apart, another gender) strongly against;
//  - type: a person and an organisation, a place and an actor, … are marked
//    down below the cut-off;
//  - neighbours: shared neighbours, each by how few entities have it;
//  - a place is never proposed with an area that contains it (LOCATED_IN);
//    places far apart (coordinates) or in another country are marked down;
//  - events are compared by date, place and participants, never by name.
//
// Blocking keeps it far from O(n²): only pairs that share a rare word key,
// a pair of words, an acronym, a known-alias entry, an identifier or (for
// events) a date are scored; keys carried by more than `max_block`
// entities are too common to block on.
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
  size_t limit = 50;  // 0: all
  std::string label;  // only nodes at or under this label; empty: all but documents/identifiers
  // --between A B: only pairs with one side from each source (SourceOf).
  std::string source_a, source_b;
  size_t max_block = 300;
  // Off: names and facts only (the evaluation measures both ways).
  bool use_identifiers = true;
};

struct Evidence {
  std::string kind;    // name, alias, acronym, identifier, birth_date, type, …
  std::string detail;  // for people: "'X' / 'Y': same after transliteration"
  double weight = 0;   // > 0 for, < 0 against
};

struct DuplicateCandidate {
  NodeId a = 0, b = 0;
  std::string a_xid, b_xid, a_name, b_name;
  std::vector<std::string> a_labels, b_labels;
  double score = 0, name_score = 0;
  std::vector<Evidence> evidence;
};

struct ResolveStats {
  size_t entities = 0, blocks_used = 0, blocks_too_common = 0, candidate_pairs = 0, proposed = 0;
  double load_seconds = 0, block_seconds = 0, score_seconds = 0;
};

// Best first, at most options.limit, each with score >= options.min_score.
Result<std::vector<DuplicateCandidate>> FindDuplicates(const ReadView& view,
                                                       const Ontology& ontology,
                                                       const ResolveOptions& options,
                                                       ResolveStats* stats = nullptr);

// Name similarity in [0, 1] and why, with every word counted as equally
// rare; exposed for tests.
double NameSimilarity(const std::string& a, const std::string& b, std::string* why);

// The source a node came from, by its id: "un-sc:QDi.1" -> "un-sc",
// "acled-actor:JNIM" -> "acled-actor"; ids without a prefix -> "local".
std::string SourceOf(const std::string& xid);
// Whether `source` (as given to --between) names the source of `xid`: its
// prefix, or the start of it before a '-' ("acled" covers "acled-actor").
bool FromSource(const std::string& xid, const std::string& source);

}  // namespace actorgraph
