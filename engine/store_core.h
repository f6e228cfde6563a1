// StoreCore: the RocksDB handles and shared state behind Database, ReadView
// and WriteTxn. Internal to engine/: not on the include path of the targets
// above it (engine/CMakeLists.txt); see docs/storage-format.md.
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/dictionary.h"
#include "common/model.h"
#include "engine/ontology.h"

namespace actorgraph {

class AdjacencyCache;
class Database;
class ReadView;

// Version 2: word index entries no longer repeat the name. A version 1
// database is read as it is (the extra bytes are ignored) and marked 2 when
// opened, since new word entries then lack the name a version 1 reader needs.
constexpr int kFormatVersion = 2;
constexpr int kOldestReadableFormat = 1;

// Column families, in the order they are opened.
enum Cf : int {
  kDefault = 0,
  kMeta,
  kNodes,
  kRels,
  kOut,
  kIn,
  kClaims,
  kXid,
  kIndex,
  kHistory,
  kNumCfs
};
const char* CfName(int cf);

// Meta keys.
inline constexpr char kMetaFormat[] = "format_version";
inline constexpr char kMetaNextNode[] = "next_node";
inline constexpr char kMetaNextRel[] = "next_rel";
inline constexpr char kMetaNextClaim[] = "next_claim";
inline constexpr char kMetaLastTxn[] = "last_txn";
// "open" for an open schema; absent for an ontology database.
inline constexpr char kMetaSchemaMode[] = "schema_mode";
// The properties ever declared `unindexed`, one per line, sorted; absent when
// none. Nodes written while one was unindexed have no entries for it.
inline constexpr char kMetaUnindexed[] = "unindexed";
inline constexpr char kMetaDictPrefix[] = "dict/";  // + BE32 id -> name
inline constexpr char kMetaTxnPrefix[] = "txn/";    // + BE64 txn -> TxnInfo

// History kinds.
inline constexpr char kHistNode = 'n';
inline constexpr char kHistRel = 'r';

// Index key prefixes.
inline constexpr char kIdxLabel = 'L';
inline constexpr char kIdxName = 'N';
inline constexpr char kIdxProp = 'P';
inline constexpr char kIdxWord = 'W';  // one entry per word of a name or alias

struct StoreCore {
  std::string dir;
  // An in-memory file system for OpenOptions::in_memory; outlives `db`.
  std::unique_ptr<rocksdb::Env> mem_env;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cf;  // owned; destroyed before db
  Ontology ontology;
  Dictionary dict;

  std::mutex writer_mu;  // held by the one open WriteTxn
  std::mutex commit_mu;  // orders commits with snapshot+txn pairs for readers
  TxnId last_txn = 0;    // guarded by commit_mu
  // While a WriteTxn has staged (spilled) writes in RocksDB: a snapshot of
  // the state before them, which new ReadViews read instead of the latest
  // state, so that no reader sees part of a transaction. Null otherwise.
  // Guarded by commit_mu.
  std::shared_ptr<const rocksdb::Snapshot> published;
  // An undo log is left from a staged transaction whose rollback failed; the
  // next WriteTxn retries it first. Guarded by writer_mu.
  bool undo_pending = false;
  // Per column family, the first and last key a rollback restored: their
  // bytes stay on disk until compaction (Database::ReclaimSpace). Guarded
  // by writer_mu.
  std::map<int, std::pair<std::string, std::string>> rolled_back;
  NodeId next_node = 1;  // guarded by writer_mu
  RelId next_rel = 1;
  ClaimId next_claim = 1;
  // In-memory CSR of the latest adjacency (engine/adjacency_cache.h); set
  // by Database::Open from its options.
  std::shared_ptr<AdjacencyCache> adj_cache;

  ~StoreCore();
  rocksdb::ColumnFamilyHandle* h(int c) const { return cf[c]; }
  // A new RocksDB snapshot of the latest state, released when the last copy
  // of the pointer goes (which must be before the database closes).
  std::shared_ptr<const rocksdb::Snapshot> NewSnapshot() const;
};

// The core behind a Database or ReadView, for engine/ code (merge, bulk
// loader, adjacency cache) and the engine's white-box tests only: other
// folders use the public calls of database.h and read_view.h.
StoreCore* CoreOf(const Database& db);
StoreCore* CoreOf(const ReadView& view);

// ---- keys
std::string NodeKey(NodeId id);
std::string RelKey(RelId id);
std::string AdjKey(NodeId self, uint32_t type, NodeId other, RelId rel);
void AppendAdjKey(std::string* k, NodeId self, uint32_t type, NodeId other, RelId rel);
std::string ClaimKey(TargetKind kind, uint64_t target, ClaimId id);
std::string XidKey(char kind, std::string_view xid);  // kind: 'n', 'r', 'c'
void AppendXidKey(std::string* k, char kind, std::string_view xid);
std::string HistoryKey(char kind, uint64_t id, TxnId version);
std::string LabelIndexKey(uint32_t label, NodeId node);
std::string NameIndexKey(std::string_view folded, NodeId node, char prefix = kIdxName);
std::string PropIndexPrefix(uint32_t prop, const Value& v, bool* indexable);

// ---- versioned entries (adjacency, index): created and deleted txn, plus
// for adjacency the relationship version and interval.
struct AdjValue {
  TxnId created = 0, deleted = 0, version = 0;
  ValidInterval valid;
};
std::string EncodeAdjValue(const AdjValue& v);
void AppendAdjValue(std::string* s, const AdjValue& v);
bool DecodeAdjValue(std::string_view in, AdjValue* v);
std::string EncodeLiveness(TxnId created, TxnId deleted);
bool DecodeLiveness(std::string_view in, TxnId* created, TxnId* deleted);

// The dictionary id of `name`, interned if new (then appended to *new_ids,
// if given, for the commit to persist). Writers only.
uint32_t InternName(const std::string& name, Dictionary* dict, std::vector<uint32_t>* new_ids);

// ---- records. Encoding interns names (writer only); decoding looks them up.
std::string EncodeNode(const Node& n, Dictionary* dict, std::vector<uint32_t>* new_ids);
void AppendNodeRecord(std::string* s, const Node& n, Dictionary* dict,
                      std::vector<uint32_t>* new_ids);  // EncodeNode appended to *s
bool DecodeNode(std::string_view in, const Dictionary& dict, NodeId id, Node* out);
std::string EncodeRel(const Relationship& r, Dictionary* dict, std::vector<uint32_t>* new_ids);
// EncodeRel appended to *s, for a writer that keeps r.type's dictionary id.
// Precondition: `type` is that id.
void AppendRelRecord(std::string* s, const Relationship& r, uint32_t type, Dictionary* dict,
                     std::vector<uint32_t>* new_ids);
bool DecodeRel(std::string_view in, const Dictionary& dict, RelId id, Relationship* out);
std::string EncodeClaim(const Claim& c, TxnId deleted);
bool DecodeClaim(std::string_view in, ClaimId id, Claim* out, TxnId* deleted);
std::string EncodeTxnInfo(const TxnInfo& t);
bool DecodeTxnInfo(std::string_view in, TxnId id, TxnInfo* out);

}  // namespace actorgraph
