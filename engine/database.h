// Database: the temporal, provenance-keeping graph store on RocksDB.
//
// Ownership: Open() returns the only owner of the database directory (RocksDB
// locks it). ReadViews and WriteTxns borrow the Database and must be
// destroyed before it.
//
// Thread-safety: Database is thread-safe. Any number of ReadViews may be used
// concurrently, each by one thread at a time. One WriteTxn exists at a time:
// BeginWrite() blocks while another is open. Readers never block the writer.
//
// Atomicity: a WriteTxn becomes visible whole, at its commit, also when it
// spilled staged batches to disk before (engine/write_txn.h): while it is
// staged, new ReadViews read a snapshot published before its first batch.
// Open() rolls back a staged transaction a crash left behind (its undo log),
// before anything else reads the database, and says so on options.info.
//
// On-disk format: docs/storage-format.md.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "common/model.h"
#include "engine/ontology.h"
#include "common/status.h"

namespace rocksdb {
class Cache;
class Env;
}  // namespace rocksdb

namespace actorgraph {

class ReadView;
class WriteTxn;
struct StoreCore;

// The in-memory adjacency (engine/adjacency_cache.h): kOff never builds it;
// kOn builds it when a query is about to touch much of the graph, or after
// many light requests of one transaction; kEager on the first request.
enum class AdjacencyCacheMode { kOff, kOn, kEager };

// How to open a database. Every tuning knob is here: the library reads no
// environment variables (the CLI maps its flags and AG_* variables onto
// these fields, tools/cli/main.cc).
struct OpenOptions {
  bool create_if_missing = true;
  // Ontology text for a new database; empty means the built-in default. An
  // existing database always uses the ontology.ag file in its directory.
  std::string ontology_text;
  // For a new database: an open schema, where undeclared labels, types and
  // properties are accepted and nodes may have no label (Ontology::open).
  // Without ontology_text, nothing is declared. Recorded in the database;
  // an existing database keeps the mode it was created with.
  bool open_schema = false;
  // Keep RocksDB's files in memory (gone when the Database is): for tests
  // and scratch work that open many small databases. The directory still
  // holds ontology.ag. The bulk loader needs real files and fails here.
  bool in_memory = false;
  // Where to say that a crashed staged transaction was rolled back (also
  // written to RocksDB's LOG); may be null.
  std::ostream* info = nullptr;
  // RocksDB's files go through this Env (tests inject faults: a full disk);
  // null: the default. Must outlive the Database.
  rocksdb::Env* env = nullptr;

  // RocksDB's block cache (uncompressed blocks of every column family),
  // filled lazily up to block_cache_mb MiB (at least 8). Each Database owns
  // its own unless `block_cache` is given: a cache (rocksdb::NewLRUCache) a
  // caller shares between the databases it opens.
  size_t block_cache_mb = 512;
  std::shared_ptr<rocksdb::Cache> block_cache;
  // The adjacency cache: when it is built, and its memory bound in MiB
  // (larger graphs are read from RocksDB instead).
  AdjacencyCacheMode adjacency_cache = AdjacencyCacheMode::kOn;
  size_t adjacency_cache_mb = 4096;
  // With kOn: after how many light requests of one transaction (a query that
  // touches a few nodes, an id read per row) a build is worth it; 0: only
  // heavy requests build. A process that runs one statement and exits sets 0
  // (the CLI's query, show, draw…): building for later statements would
  // serve none, and at peers sf 10 a build costs 2.7 s and 550 MB.
  uint64_t adjacency_light_requests = 4096;
  // Decoded records shared by the read-only statements of a QueryEngine on
  // this database (query/executor/record_cache.h), MiB; 0 disables it.
  size_t record_cache_mb = 256;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& dir,
                                                const OpenOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& dir() const;
  const Ontology& ontology() const;

  // A consistent view of the database as of transaction `as_of` (the latest
  // when kLatestTxn). Cheap: a RocksDB snapshot and a few pointers.
  std::unique_ptr<ReadView> Read(TxnId as_of = kLatestTxn) const;

  // Starts the single write transaction; blocks while another is open.
  std::unique_ptr<WriteTxn> BeginWrite(std::string description);

  TxnId LastTxn() const;
  // Every committed transaction, oldest first.
  std::vector<TxnInfo> Transactions() const;
  // The last transaction committed at or before `unix_micros`; 0 if none.
  TxnId TxnAtTime(int64_t unix_micros) const;

  Result<DatabaseStats> Stats() const;

  // Flushes memtables so that the data is in SST files (for size figures).
  Status Flush();
  // After a rolled-back staged transaction (an import that failed, a dry
  // run): compacts the key ranges it touched so the directory gives their
  // space back now. Call with no WriteTxn open; readers' snapshots keep
  // what they see. Cheap when nothing was rolled back.
  Status ReclaimSpace();

  // The options the database was opened with.
  const OpenOptions& options() const { return options_; }

 private:
  friend StoreCore* CoreOf(const Database& db);  // engine/store_core.h
  Database(std::unique_ptr<StoreCore> core, OpenOptions options);
  std::unique_ptr<StoreCore> core_;
  OpenOptions options_;
};

}  // namespace actorgraph
