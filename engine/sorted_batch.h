// SortedBatch: the writes of one WriteTxn batch, emitted sorted by column
// family and key, either into a rocksdb::WriteBatch (the memtable path) or
// as one SST file per family (the ingestion path of a staged batch).
//
// Why sorted: RocksDB's memtable inserts a key next to the one inserted
// before it cheaply (its skip list keeps the last insert position), while
// keys in random order each cost a full descent with cache misses; and an
// SST file must be written in key order anyway. Writes to one key keep
// their order (the last one wins in an SST file).
//
// Thread-safety: none; one writer. (Sort and WriteSsts of a large batch use a
// second thread of their own inside the call.)
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace actorgraph {

class SortedBatch {
 public:
  void Put(rocksdb::ColumnFamilyHandle* cf, const rocksdb::Slice& key,
           const rocksdb::Slice& value) {
    Add(cf, key, value, false);
  }
  void Delete(rocksdb::ColumnFamilyHandle* cf, const rocksdb::Slice& key) {
    Add(cf, key, rocksdb::Slice(), true);
  }
  size_t size() const { return ops_.size(); }
  // Forgets the writes but keeps the memory, for the next batch.
  void Clear() {
    ops_.clear();
    arena_.clear();
    order_.clear();
    sorted_ = false;
  }
  // Sorts the writes (kept until the next Put, Delete or Clear), so that
  // EmitTo, WriteSsts and ForEachSorted share one sort.
  void Sort();

  // Calls f(family handle, key) for every write in (family, key, insertion)
  // order. Sort() first.
  template <typename F>
  void ForEachSorted(F f) const {
    for (uint32_t i : order_)
      f(ops_[i & ~kOverridden].cf, Key(ops_[i & ~kOverridden]));
  }

  // Appends every write to `out`, sorted.
  rocksdb::Status EmitTo(rocksdb::WriteBatch* out);

  // Writes one SST file per column family written to (named
  // DIR/NAME-FAMILY.sst; the last write of a key wins; a deletion becomes a
  // tombstone in the file), for IngestExternalFiles. The files use the
  // family's options but LZ4 at every level: compaction recompresses them.
  // On failure the files written so far are left for the caller to remove.
  Status WriteSsts(rocksdb::DB* db, const std::string& dir, const std::string& name,
                   std::vector<rocksdb::IngestExternalFileArg>* files);

 private:
  struct Op {
    uint32_t cf_id;
    bool del;
    rocksdb::ColumnFamilyHandle* cf;
    size_t offset;  // in arena_: key, then value
    uint32_t key_size, value_size;
  };
  void Add(rocksdb::ColumnFamilyHandle* cf, const rocksdb::Slice& key, const rocksdb::Slice& value,
           bool del);
  rocksdb::Slice Key(const Op& op) const { return {arena_.data() + op.offset, op.key_size}; }
  rocksdb::Slice Value(const Op& op) const {
    return {arena_.data() + op.offset + op.key_size, op.value_size};
  }
  std::vector<Op> ops_;
  std::string arena_;
  // The first 24 bytes of a key as three big-endian words, zero-padded
  // (sorted_batch.cc), with its size and index in ops_.
  struct Head {
    uint32_t index, size;
    uint64_t w0, w1, w2;
  };
  // Sort()'s: indexes into ops_ in (family, key, insertion) order, with
  // kOverridden set on a write the next one (to the same key) overrides.
  static constexpr uint32_t kOverridden = 1u << 31;
  std::vector<uint32_t> order_;
  bool sorted_ = false;  // order_ is current
  // From this many writes on, Sort and WriteSsts use two threads.
  static constexpr size_t kParallelOps = 20000;
};

}  // namespace actorgraph
