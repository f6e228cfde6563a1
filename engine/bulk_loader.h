// BulkLoader: loads a large graph into an EMPTY database through sorted SST
// files, much faster than one huge WriteTxn.
//
// Precondition: the database has never committed a transaction (last txn 0,
// no nodes, relationships or claims). Begin() fails otherwise.
//
// What it writes is exactly what WriteTxn::Commit writes for the same nodes
// and relationships in one transaction (txn 1): node and relationship
// records, out/in adjacency, xid entries, label/name/word/property index
// entries, dictionary entries, the counters and the txn/ record. So queries,
// history, export and later WriteTxns work on bulk-loaded data as on any
// other. Every node and relationship is checked against the ontology
// (Ontology::CheckNode / CheckRel) as WriteTxn does. Claims are not supported.
//
// How: each Add* encodes its keys and values at once into compact per-column-
// family buffers (no Node/Relationship objects are kept); Finish() sorts the
// key arrays, writes one SST file per column family with rocksdb::SstFileWriter
// (the column family's own options and comparator) and ingests all of them
// with ONE IngestExternalFiles call: after a crash either everything is there
// or nothing is.
//
// Differences from WriteTxn: an external id given twice is an error (WriteTxn
// would update the first); relationships without an xid get the same derived
// id as WriteTxn would give, so two identical relationships without ids are
// an error too.
//
// Ownership: borrows the Database; holds its writer lock until destroyed.
// Thread-safety: use from one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/database.h"
#include "engine/model.h"
#include "engine/status.h"

namespace actorgraph {

struct StoreCore;

struct BulkLoadStats {
  uint64_t nodes = 0, relationships = 0;
  uint64_t keys = 0;        // entries written over all column families
  uint64_t sst_bytes = 0;   // size of the ingested files
  double encode_ms = 0, sort_ms = 0, write_ms = 0, ingest_ms = 0;
};

class BulkLoader {
 public:
  // Fails unless the database is empty (see above).
  static Result<std::unique_ptr<BulkLoader>> Begin(Database* db, std::string description);
  ~BulkLoader();
  BulkLoader(const BulkLoader&) = delete;
  BulkLoader& operator=(const BulkLoader&) = delete;

  // Validates and encodes the node; returns its new internal id.
  Result<NodeId> AddNode(Node node);
  // rel.src / rel.dst are internal ids returned by AddNode. Returns the id.
  Result<RelId> AddRel(Relationship rel);

  // Sorts, writes and ingests everything as transaction 1. After Finish the
  // loader is spent.
  Result<TxnId> Finish();

  const BulkLoadStats& stats() const { return stats_; }

  // Flat key/value storage for one column family (public for the .cc only).
  class KvBuffer;

 private:
  BulkLoader(StoreCore* core, std::string description);
  Status Put(int cf, std::string_view key, std::string_view value);

  StoreCore* core_;
  std::unique_lock<std::mutex> writer_lock_;
  std::string description_;
  bool done_ = false;
  std::vector<std::unique_ptr<KvBuffer>> buffers_;  // one per column family
  std::vector<uint32_t> new_dict_ids_;
  // Per node (index = id - 1): its label set, for CheckRel, and its xid, for
  // derived relationship ids.
  std::vector<uint32_t> node_labelset_;
  std::vector<std::vector<std::string>> labelsets_;
  std::unordered_map<std::string, uint32_t> labelset_ids_;
  std::vector<std::string> node_xids_;
  NodeId next_node_ = 1;
  RelId next_rel_ = 1;
  TxnId txn_ = 1;
  BulkLoadStats stats_;
};

}  // namespace actorgraph
