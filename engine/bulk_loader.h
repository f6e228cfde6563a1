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
// How: each Add* encodes its keys and values at once (no Node/Relationship
// objects are kept). Entries of a family whose keys arrive in ascending order
// (node and relationship records) go in chunks to a thread that appends them
// to the family's SST file; the others go to an in-memory batch. Memory is
// bounded: when the batch reaches about half the budget
// (BulkLoadOptions::memory_budget_bytes; two stream chunks take a 16th) it is
// sorted and spilled to a run file by a background thread while the next
// batch fills. Finish()
// sorts the last batch (while the last spill finishes) and merges it with the
// runs into SST files with rocksdb::SstFileWriter (the family's own options
// and comparator) on three threads (kMergeThreads in the .cc). A large family
// is split into key ranges (at the runs' restart keys) that become separate,
// non-overlapping files, so that the work comes in pieces of about a twelfth
// of the whole and the threads stay busy to the end. Then it ingests all files with ONE
// IngestExternalFiles call: after a crash either everything is there or
// nothing is. Temporary files live in <db>/bulk-load.tmp and are removed on
// success, on failure and when an unfinished loader is destroyed. The merge
// holds one open file per run for each of the three pieces being written (34
// runs at peers sf 10 with the default budget; a smaller budget means more).
// (Why merge rather than ingest one SST per run: RocksDB accepts overlapping
// files in one ingestion but puts them all in L0 with successive sequence
// numbers, so every read checks every run and a compaction rewrites all of it
// after the load. Merged, non-overlapping files land in the bottom level.)
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
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/model.h"
#include "common/status.h"
#include "engine/database.h"

namespace actorgraph {

struct StoreCore;
class KvBatch;
struct RunFile;

struct BulkLoadOptions {
  // Memory for encoded entries (the loader's own bookkeeping, one string per
  // node id, comes on top). 0: the default, 256 MiB.
  size_t memory_budget_bytes = kDefaultMemoryBudget;
  static constexpr size_t kDefaultMemoryBudget = size_t{256} << 20;
  // Entries between two keys stored whole in a run file (0: the default,
  // 4096). Also the finest step at which a family's merge is split into key
  // ranges; tests set it small to split small loads.
  size_t run_restart_interval = 0;
};

struct BulkLoadStats {
  uint64_t nodes = 0, relationships = 0;
  uint64_t keys = 0;       // entries written over all column families
  uint64_t sst_bytes = 0;  // size of the ingested files
  std::map<std::string, uint64_t> sst_bytes_by_family;
  uint64_t runs = 0;       // batches spilled to disk before Finish
  uint64_t run_bytes = 0;  // their size
  // sort_ms and spill_ms sum work that mostly overlaps encoding (background);
  // write_ms is the merge into SST files, summed over the writer threads;
  // merge_ms the wall time of that phase. stream_ms: the stream thread appending in-order
  // families to their SST files (overlaps encoding too).
  double sort_ms = 0, spill_ms = 0, stream_ms = 0, write_ms = 0, merge_ms = 0, ingest_ms = 0;
  // Time Add* waited for the spill (or the stream thread) to finish the batch
  // (chunk) before handing over the next: when it is large, that thread, not
  // the encoding, limits the load.
  double spill_wait_ms = 0, stream_wait_ms = 0;
  uint64_t sst_files = 0;  // ingested; a family's merge may be split in key ranges
};

class BulkLoader {
 public:
  // Fails unless the database is empty (see above).
  static Result<std::unique_ptr<BulkLoader>> Begin(Database* db, std::string description,
                                                   BulkLoadOptions options = {});
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

 private:
  BulkLoader(StoreCore* core, std::string description, size_t memory_budget,
             size_t restart_interval);
  Status Put(int cf, std::string_view key, std::string_view value);
  // Hands the current batch to the background spiller (waiting for the one
  // before) and starts a new batch.
  Status SpillBatch();
  Status WaitForSpill();
  Status WriteSsts(std::vector<int>* cfs);
  struct CfStream;
  // Hands the current stream chunk to the stream thread (waiting for the one
  // before) and starts a new chunk.
  Status HandOffStream();
  Status WaitForStream();
  Status WriteStream(const KvBatch& chunk);  // on the stream thread
  Status CreateTemporaryDirectory();
  void RemoveTemporaryFiles();
  // What AddRel remembers of a relationship type: its dictionary id (once a
  // relationship of the type passed its checks), and the pairs of label-set
  // ids (source << 32 | target) its endpoints were found to satisfy.
  struct RelTypeMemo {
    uint32_t id = 0;
    bool interned = false;
    std::unordered_set<uint64_t> allowed_ends;
  };
  RelTypeMemo& TypeMemo(const std::string& type);

  StoreCore* core_;
  std::unique_lock<std::mutex> writer_lock_;
  std::string description_;
  bool done_ = false;
  size_t stream_limit_;  // bytes of one stream chunk (two are held)
  size_t batch_limit_;   // bytes of one batch: half of what the chunks leave
  size_t restart_interval_;
  std::string tmp_dir_;
  std::unique_ptr<KvBatch> batch_;
  // The batch being spilled (or last spilled): reused as the next batch_.
  std::unique_ptr<KvBatch> spilling_;
  std::vector<RunFile> runs_;  // appended by the spill thread only
  struct SpillScratch;
  std::unique_ptr<SpillScratch> spill_scratch_;  // the spill thread's sort memory
  // One per column family (see CfStream in the .cc).
  std::vector<std::unique_ptr<CfStream>> streams_;
  // Entries of families still in order, for the stream thread: the chunk
  // being filled and the one being written (reused as the next).
  std::unique_ptr<KvBatch> stream_chunk_, streaming_chunk_;
  std::future<Status> stream_;  // the chunk in flight, if valid()
  Status stream_status_;        // the first stream failure
  // Per column family, set by Finish: its files in key order.
  std::vector<std::vector<std::string>> sst_paths_;
  std::future<Status> spill_;           // the spill in flight, if valid()
  Status spill_status_;                 // the first spill failure
  std::vector<uint32_t> new_dict_ids_;
  // Per node (index = id - 1): its label set, for CheckRel, and its xid, for
  // derived relationship ids.
  std::vector<uint32_t> node_labelset_;
  std::vector<std::vector<std::string>> labelsets_;
  std::unordered_map<std::string, uint32_t> labelset_ids_;
  uint32_t last_labelset_ = 0;  // of the node added last
  std::vector<std::string> node_xids_;
  std::string what_;  // names the node or relationship being added, for errors
  std::unordered_map<std::string, RelTypeMemo> rel_types_;
  const std::string* last_type_name_ = nullptr;  // a key of rel_types_
  RelTypeMemo* last_type_ = nullptr;
  // Kept buffers for the entries being built (no allocation per entry).
  std::string key_buf_, value_buf_;
  NodeId next_node_ = 1;
  RelId next_rel_ = 1;
  TxnId txn_ = 1;
  BulkLoadStats stats_;
};

}  // namespace actorgraph
