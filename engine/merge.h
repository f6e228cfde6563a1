// Merging two nodes that stand for one entity, and undoing a merge.
//
// MergeNodes(keep A, fold B) keeps A (its id, name and properties) and folds
// B into it: B's name and aliases become aliases of A, properties A lacks are
// copied from B, labels are united; every relationship of B is re-pointed to
// A (same relationship, so its claims stay with it); claims about B move to
// A, and claims made by B (claimant) or citing B (source) name A; then B is
// deleted. Where A and B disagree on a property, A's value stays and the
// disagreement is reported.
//
// How a merge is recorded: as one transaction whose description reads
//   merge 'B' into 'A' (#7 into #12)
// and, as data, a merge record under the meta key "merge/" + transaction
// number: JSON {"op":"merge", "kept", "gone", "kept_node", "gone_node",
// "aliases_added", "props_added", "labels_added", "rels_moved",
// "claims_moved"} (docs/storage-format.md). ActiveMerges reads the records;
// for a transaction without one (a database from before records, or a crash
// between the commit and the record, which is written just after it) it
// falls back to the description. The store keeps every earlier version, so B
// as it was, A before and A after the merge, and the claims before they
// moved are all readable as of the transactions before and after it.
// Unmerge reads them back and reverses exactly what the merge changed,
// leaving later edits of A alone: B comes back with its names, properties,
// relationships and claims; A loses only the aliases, labels and properties
// the merge gave it (unless they were edited since). Its own transaction
// reads
//   unmerge 'B' from 'A' (undoes transaction 42)
// with the record {"op":"unmerge", "undoes", "kept", "restored",
// "restored_node", "rels_restored", "claims_restored"}.
// B returns under its id with a new internal number; `history B` starts
// again at the unmerge.
//
// Thread-safety: each call takes the database's single writer.
#pragma once

#include <string>
#include <vector>

#include "engine/database.h"

namespace actorgraph {

struct MergeRecord {
  TxnId txn = 0;
  std::string kept_xid, gone_xid;
  NodeId kept = 0, gone = 0;
};

// Merges in effect (not undone), oldest first, read from the merge records.
std::vector<MergeRecord> ActiveMerges(const Database& db);

// The merge record of transaction `txn` as JSON text; "" when it has none.
std::string MergeRecordJson(const Database& db, TxnId txn);

struct MergeOutcome {
  TxnId txn = 0;
  uint64_t rels_moved = 0, claims_moved = 0;
  std::vector<std::string> aliases_added, props_added, labels_added;
  std::vector<std::string> conflicts;  // "country: kept 'Mali', dropped 'Niger'"
};

// Merges node `gone_xid` into `keep_xid` (external ids).
Result<MergeOutcome> MergeNodes(Database* db, const std::string& keep_xid,
                                const std::string& gone_xid);

struct UnmergeOutcome {
  TxnId txn = 0;
  TxnId undone = 0;
  std::string kept_xid, restored_xid;
  uint64_t rels_restored = 0, claims_restored = 0;
  std::vector<std::string> skipped;  // what changed since and was left as is
};

// Undoes the latest merge still in effect that kept or folded `xid`.
Result<UnmergeOutcome> Unmerge(Database* db, const std::string& xid);

}  // namespace actorgraph
