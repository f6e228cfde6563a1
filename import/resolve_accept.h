// Merging the pairs of a reviewed resolve file (`resolve --accept FILE`).
//
// A file holds one pair a line: a JSON object as `resolve --format json`
// writes it (a.id is kept, b.id folded into it) or "KEEP OTHER"; blank lines
// and lines starting with '#' are skipped. Each pair is one merge, one
// transaction, undoable with Unmerge. A pair naming an entity already
// folded into another (by an earlier line or an earlier merge) follows the
// merge; a pair already one entity is skipped.
//
// Thread-safety: each merge takes the database's single writer.
#pragma once

#include <string>
#include <vector>

#include "engine/database.h"

namespace actorgraph {

struct AcceptedPair {
  size_t line = 0;
  std::string keep, gone;
};

// Errors name FILE:LINE:1.
Result<std::vector<AcceptedPair>> ReadAcceptedPairs(const std::string& path);

struct AcceptOutcome {
  struct Item {
    AcceptedPair pair;
    std::string keep, gone;  // after following earlier merges
    TxnId txn = 0;           // 0: not merged
    std::string note;        // why not, or what moved
  };
  std::vector<Item> items;
  size_t merged = 0, already = 0, failed = 0;
};

AcceptOutcome AcceptPairs(Database* db, const std::vector<AcceptedPair>& pairs);

}  // namespace actorgraph
