// StagedMerges: RocksDB compactions while a WriteTxn stages batches.
//
// A staged batch adds keys all over the key space of most families (xid
// strings and hashes, index words, claims and adjacency by the other end),
// so each of its ingested files overlaps the ones before and lands in level
// 0, and RocksDB's compaction merges every four of them with all of level 1:
// the whole family rewritten every four batches, a cost that grows with the
// import (quadratic in its size: 23 % of the CPU of 200k ACLED rows). So
// while a transaction stages, RocksDB's own compactions are paused (its
// level-0 write stalls then do not apply either) and the level-0 files of a
// family are merged into level 1 here: when they are at least as large as
// level 1 (so level 1 is rewritten a logarithmic number of times, each key
// about twice in all; at half as large, three times: 1M ACLED rows took
// 43.7 s instead of 39.4), when there are too many of them, and at commit
// (then into one level-0 file when level 1 is the larger, as in a small
// import into a large database, whose level 1 is not rewritten). The xid
// family, read for every record (mostly for keys that are not there, each
// read probing the filter of every level-0 file), has a lower limit, unless
// the transaction's reads of new xids skip RocksDB (WriteTxn's KeyFilter, in
// a database that held no xid of those kinds): then it is merged as the
// others are (at 1M ACLED rows the lower limit rewrote a 130-160 MB level 1
// four more times). Failing to compact is not an error: it only costs reads.
//
// The merges during the transaction run on a worker thread, one at a time,
// so that the writer keeps encoding and ingesting meanwhile (on the writer's
// thread they cost 15 % of an ACLED import's wall time). They change no
// data, only where it lives: readers, the published snapshot and the undo
// log are unaffected, and RocksDB orders the ingestions and the merges
// itself (a file ingested meanwhile stays in level 0 above the merged ones).
//
// Thread-safety: one owner (the WriteTxn's thread) calls every method.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace actorgraph {

struct StoreCore;

class StagedMerges {
 public:
  // Pauses RocksDB's automatic compactions of the staged families.
  explicit StagedMerges(StoreCore* core);
  // Finish(false) unless finished.
  ~StagedMerges();
  StagedMerges(const StagedMerges&) = delete;
  StagedMerges& operator=(const StagedMerges&) = delete;

  // After a staged batch: starts merging the families whose level 0 is due
  // on the worker (no thread when none is), unless the previous merge still runs (the next batch
  // looks again); after kMaxSkipped batches, waits for it first.
  void MaybeStart();
  // Waits for a running merge.
  void Wait();
  // Waits, then (when `compact`, after a commit) merges what is left in
  // level 0 beyond RocksDB's own trigger on this thread, and resumes
  // RocksDB's automatic compactions.
  void Finish(bool compact);
  // Whether the writer's look-ups of new xid keys skip RocksDB (then the
  // xid family's level 0 may grow as the others' do). False at first.
  void set_xid_reads_filtered(bool filtered) { xid_reads_filtered_ = filtered; }
  // How many merges MaybeStart started (for tests).
  int started() const { return started_; }
  // For tests: runs on the merge worker before it merges.
  void set_merge_hook(std::function<void()> hook) { merge_hook_ = std::move(hook); }

  // A large import stages a batch every ~0.2 s, and a merge that rewrites a
  // 150 MB level 1 takes seconds: at 8 the writer waited for it 1.8 s of a
  // 1M-row ACLED import (33.2-33.7 s; at 16: 29.9-30.4 s, at 24: 29.1 s, at
  // 32: 29.4-29.8 s; into a database of 200k rows: 55.4 s at 8, 51.8 at 24;
  // bench/RESULTS.md, step 21). Level 0 grows by up to this many batches'
  // files meanwhile, which a read of an id not yet filtered probes.
  static constexpr int kMaxSkipped = 24;

  // A family's level-0 files to merge into `output_level` (1, or 0 at
  // commit: see DueMerges).
  struct Due {
    int cf;
    int output_level;
    std::vector<std::string> files;
  };

 private:
  StoreCore* core_;
  std::thread worker_;
  std::atomic<bool> running_{false};
  bool finished_ = false;
  int skipped_ = 0;  // batches since the running merge started
  int started_ = 0;
  bool xid_reads_filtered_ = false;
  std::function<void()> merge_hook_;
};

}  // namespace actorgraph
