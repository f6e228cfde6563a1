// The data model: nodes, relationships and the claims behind them.
//
// These are plain value types handed across the engine's API. Inside the
// store, labels, types and property names are dictionary-encoded (see
// docs/storage-format.md); here they are strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/grade.h"
#include "common/interval.h"
#include "common/value.h"

namespace actorgraph {

using ClaimId = uint64_t;
using TxnId = uint64_t;  // transaction number, 1 for the first commit
constexpr TxnId kLatestTxn = UINT64_MAX;

struct Alias {
  std::string name;
  ValidInterval valid;
  friend bool operator==(const Alias&, const Alias&) = default;
};

struct Node {
  NodeId id = 0;
  std::string xid;  // stable external id, e.g. "wagner-group"
  std::vector<std::string> labels;
  std::string name;
  std::vector<Alias> aliases;
  ValueMap props;  // sorted by name
  ValidInterval valid;
  TxnId version = 0;  // the transaction that wrote this version

  const Value* Prop(const std::string& key) const;
  bool HasLabel(const std::string& l) const;
  // Same content, ignoring id and version.
  bool SameContent(const Node& o) const;
};

struct Relationship {
  RelId id = 0;
  std::string xid;  // stable external id; derived from content when a source gives none
  std::string type;
  NodeId src = 0;
  NodeId dst = 0;
  ValueMap props;
  ValidInterval valid;
  TxnId version = 0;

  const Value* Prop(const std::string& key) const;
  bool SameContent(const Relationship& o) const;
};

enum class Stance : uint8_t { kAsserts = 0, kDenies = 1 };
const char* StanceName(Stance s);

enum class TargetKind : uint8_t { kNode = 1, kRel = 2 };

// A claim: that a source says (or denies) that a node exists, a relationship
// holds, or a property has a value.
struct Claim {
  ClaimId id = 0;
  std::string xid;  // stable id; derived from content when a source gives none
  TargetKind target_kind = TargetKind::kNode;
  uint64_t target = 0;    // NodeId or RelId
  std::string property;   // empty: about the entity or relationship itself
  std::optional<Value> value;  // for property claims: the value this source gives
  NodeId source = 0;      // a Document node
  std::string locator;    // page, paragraph, line
  std::string quote;
  std::optional<NodeId> claimant;
  Stance stance = Stance::kAsserts;
  std::optional<Grade> grade;
  std::string note;
  TxnId recorded = 0;  // the transaction that recorded it

  bool SameContent(const Claim& o) const;
};

struct TxnInfo {
  TxnId id = 0;
  int64_t unix_micros = 0;
  std::string description;  // e.g. "load data/sahel/sahel.jsonl"
  std::string ToTimestamp() const;  // ISO 8601 UTC
};

// What a write did to one entity, and the counts of a transaction's writes
// (WriteTxn); clients see them in import reports.
enum class PutOutcome { kCreated, kUpdated, kUnchanged };

struct WriteCounts {
  uint64_t created = 0, updated = 0, unchanged = 0, deleted = 0;
  void Add(PutOutcome o) {
    (o == PutOutcome::kCreated ? created : o == PutOutcome::kUpdated ? updated : unchanged)++;
  }
};

// Counts of a database (Database::Stats; also sent to clients).
struct DatabaseStats {
  uint64_t nodes = 0;
  uint64_t relationships = 0;
  uint64_t claims = 0;
  TxnId last_txn = 0;
  std::vector<std::pair<std::string, uint64_t>> nodes_per_label;  // sorted by label
  std::vector<std::pair<std::string, uint64_t>> rels_per_type;    // sorted by type
  uint64_t disk_bytes = 0;
};

}  // namespace actorgraph
