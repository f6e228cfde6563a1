// Sorted runs: the external sort under the bulk loader. Entries are
// (partition, key, value) triples; the partition is a small number (the bulk
// loader uses the column family) that sorts before the key, so one batch
// holds every column family and one run file has one section per partition.
//
//   KvBatch    collects entries in memory and sorts them by (partition, key).
//   WriteRun   writes a sorted batch to a run file, partition by partition.
//   SortedSource  reads one partition of a sorted batch or of a run file, in
//              key order; MergeSources merges any number of them.
//
// Memory: a batch's MemoryBytes() includes the scratch space its Sort() needs,
// so a caller can cap a batch at a budget and spill it. A run source reads
// through a buffer of about 1 MiB, bypassing the page cache (engine/direct_io.h).
//
// Thread-safety: none of these objects is shared; distinct objects may be used
// from distinct threads (a batch may be sorted and spilled on one thread while
// another fills a new batch). Sources borrow the batch or read the run file
// they come from: keep those alive and unchanged while the sources are used.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace actorgraph {

class KvBatch {
 public:
  // Entries are stored in chunks of `chunk_bytes` (an entry larger than that
  // gets a chunk of its own).
  explicit KvBatch(size_t chunk_bytes);
  KvBatch(const KvBatch&) = delete;
  KvBatch& operator=(const KvBatch&) = delete;

  void Add(uint8_t part, std::string_view key, std::string_view value);

  // Empties the batch but keeps its memory (chunks and the entry array) for
  // the next entries: a loader that alternates two batches allocates, and the
  // kernel zero-fills, each page once instead of once per batch.
  void Clear();

  size_t size() const { return refs_.size(); }
  // Bytes held, plus about what Sort() will allocate for itself.
  size_t MemoryBytes() const;

  class SortScratch;
  // Sorts by (partition, key); keeps the order of equal entries undefined.
  // Partitions are sorted on up to `threads` threads. `scratch`, if given,
  // is the memory the sort works in (the first thread's), kept for the next
  // sort; without it the sort allocates its own.
  void Sort(int threads = 1, SortScratch* scratch = nullptr);

  // The i-th entry (in insertion order before Sort, in sorted order after).
  uint8_t Part(size_t i) const { return static_cast<uint8_t>(*Entry(i)); }
  std::string_view Key(size_t i) const;
  std::string_view Value(size_t i) const;
  // Hints the CPU to fetch the i-th entry: after Sort the entries are read in
  // an order unrelated to where they lie in the chunks.
  void Prefetch(size_t i) const { __builtin_prefetch(Entry(i) - 8); }

  // After Sort: the index range [first, last) of partition `part`.
  std::pair<size_t, size_t> PartRange(uint8_t part) const;

 private:
  const char* Entry(size_t i) const;
  std::string_view KeyOf(uint64_t ref) const;

  // Sort() scratch: the first 24 key bytes as big-endian words, and the ref.
  struct SortEntry {
    uint64_t w[3];
    uint64_t ref;
  };
  void RadixSort(SortEntry* a, size_t n, int b) const;

  size_t chunk_bytes_;
  // chunks_[0, cur_] are full, chunks_[cur_] is being filled (if any), the
  // rest are kept from before Clear().
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<size_t> chunk_sizes_;
  size_t cur_ = 0;
  size_t chunk_capacity_used_ = 0;  // of chunks_[0, cur_]
  size_t used_ = 0;                 // in chunks_[cur_]
  std::vector<uint64_t> refs_;      // chunk << 32 | offset

 public:
  // Memory Sort() works in, for a caller that sorts batch after batch (the
  // bulk loader's spill thread): kept between sorts, its pages are faulted
  // in and zeroed by the kernel once, not for every batch (at peers sf 10,
  // 50 MB a batch and 2 % of the load's CPU time). One sort at a time.
  class SortScratch {
   public:
    SortScratch() = default;
    SortScratch(const SortScratch&) = delete;
    SortScratch& operator=(const SortScratch&) = delete;

   private:
    friend class KvBatch;
    SortEntry* Entries(size_t n);  // room for n, contents undefined
    std::vector<uint64_t> grouped_;
    std::unique_ptr<SortEntry[]> entries_;
    size_t capacity_ = 0;
  };
};

// A sorted batch on disk: the path and, per partition p, the byte range
// [offsets[p], offsets[p + 1]) of its entries. Entry format: varint length
// of the prefix shared with the previous key of the section (0 for the
// first), varint length of the rest of the key, varint value length, the
// rest of the key, value. Sorted neighbours share much of their keys
// (adjacency keys their source node, index keys their label or word), so
// this makes the runs about a third smaller.
//
// Every `restart_interval`-th entry of a section (the first included) stores
// its key whole (shared length 0); its offset and key are kept in
// restarts[p]. A reader can start there, so a section can be read from any
// key on (NewRunSource's range), and the restart keys sample the section's
// keys evenly (the loader splits a family's merge at them).
struct RunFile {
  struct Restart {
    uint64_t offset;
    std::string key;
  };
  std::string path;
  std::vector<uint64_t> offsets;
  std::vector<std::vector<Restart>> restarts;  // per partition, ascending keys
  uint64_t bytes() const { return offsets.empty() ? 0 : offsets.back(); }
};

constexpr size_t kDefaultRestartInterval = 4096;

// Precondition: batch is sorted; every partition is < num_parts. Creates (or
// truncates) `path`; on failure the file may be left for the caller to remove.
Result<RunFile> WriteRun(const KvBatch& batch, int num_parts, const std::string& path,
                         size_t restart_interval = kDefaultRestartInterval);

// A range of keys [lo, hi); an empty `hi` means no upper bound.
struct KeyRange {
  std::string lo, hi;
  bool Below(std::string_view k) const { return k < lo; }
  bool Above(std::string_view k) const { return !hi.empty() && k >= hi; }
};

// Entries of one partition in ascending key order.
class SortedSource {
 public:
  virtual ~SortedSource() = default;
  virtual bool Valid() const = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // Precondition: Valid(). The views above stay valid until the next Next().
  virtual void Next() = 0;
  // Not OK after a read error (then Valid() is false).
  virtual Status status() const = 0;
};

// Sources of the entries of partition `part` whose keys lie in `range` (all
// of them by default). A run source starts at the last restart point at or
// before range.lo, so it decodes at most restart_interval entries it skips.
std::unique_ptr<SortedSource> NewBatchSource(const KvBatch& batch, uint8_t part,
                                             const KeyRange& range = {});
Result<std::unique_ptr<SortedSource>> NewRunSource(const RunFile& run, uint8_t part,
                                                   const KeyRange& range = {});

// Calls fn(key, value) for every entry of all sources in ascending key order
// (equal keys one after the other, in no particular order) and stops at the
// first non-OK status, from fn or from a source.
Status MergeSources(std::vector<std::unique_ptr<SortedSource>> sources,
                    const std::function<Status(std::string_view, std::string_view)>& fn);

}  // namespace actorgraph
