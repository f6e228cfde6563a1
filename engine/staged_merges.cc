#include "engine/staged_merges.h"

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>

#include <string>
#include <vector>

#include "common/task_threads.h"
#include "engine/store_core.h"

namespace actorgraph {

namespace {

bool PausedFamily(int cf) {
  return cf != kDefault && cf != kMeta;
}

// Level-0 files at which a family's are merged while staging: at least
// `min` and as many bytes as level 1, or `max`. The xid family's are lower
// while its reads are not filtered (see the header).
struct MergeAt {
  size_t min, max;
};
MergeAt MergeLimits(int cf, bool xid_reads_filtered) {
  return cf == kXid && !xid_reads_filtered ? MergeAt{8, 24} : MergeAt{16, 128};
}
constexpr size_t kLeftL0Files = 4;  // at commit: RocksDB's own trigger

void SetAutoCompactions(StoreCore* core, bool on) {
  for (int c = 1; c < kNumCfs; ++c)
    if (PausedFamily(c))
      (void)core->db->SetOptions(core->h(c), {{"disable_auto_compactions", on ? "false" : "true"}});
}

// The level-0 files of every family due for a merge (RocksDB metadata only:
// cheap enough to ask on the writer after every batch).
std::vector<StagedMerges::Due> DueMerges(StoreCore* core, bool final, bool xid_reads_filtered) {
  std::vector<StagedMerges::Due> due;
  for (int c = 1; c < kNumCfs; ++c) {
    if (!PausedFamily(c)) continue;
    rocksdb::ColumnFamilyMetaData meta;
    core->db->GetColumnFamilyMetaData(core->h(c), &meta);
    if (meta.levels.size() < 2) continue;
    const auto& l0 = meta.levels[0];
    const MergeAt at = MergeLimits(c, xid_reads_filtered);
    const bool is_due = final ? l0.files.size() > kLeftL0Files
                              : l0.files.size() >= at.max ||
                                    (l0.files.size() >= at.min && l0.size >= meta.levels[1].size);
    if (!is_due) continue;
    // At commit, a level 0 smaller than level 1 is merged into one level-0
    // file, which RocksDB or the next import merges down later: rewriting
    // level 1 would make a small import into a large database cost as much
    // as the database (30k ACLED rows into 500k: 4.0 s instead of 1.5).
    const int output = final && l0.size < meta.levels[1].size ? 0 : 1;
    StagedMerges::Due d{c, output, {}};
    for (const auto& f : l0.files)
      d.files.push_back(f.name);
    due.push_back(std::move(d));
  }
  return due;
}

// Families are merged two at a time: a merge is one thread's work in
// RocksDB, and the commit waits for its merges.
void Merge(StoreCore* core, const std::vector<StagedMerges::Due>& due) {
  RunTasks(due.size(), 2, [&](size_t i) {
    rocksdb::CompactionOptions co;
    co.compression = rocksdb::kDisableCompressionOption;  // the family's
    co.output_file_size_limit = 64 << 20;
    (void)core->db->CompactFiles(co, core->h(due[i].cf), due[i].files, due[i].output_level);
  });
}

}  // namespace

StagedMerges::StagedMerges(StoreCore* core) : core_(core) {
  SetAutoCompactions(core_, false);
}

StagedMerges::~StagedMerges() {
  Finish(/*compact=*/false);
}

void StagedMerges::Wait() {
  if (worker_.joinable()) worker_.join();
  running_ = false;
}

void StagedMerges::MaybeStart() {
  if (finished_) return;
  // A merge slower than several batches makes the writer wait, so that
  // level 0 (which every read probes) stays bounded.
  if (running_.load(std::memory_order_acquire) && ++skipped_ < kMaxSkipped) return;
  Wait();  // the previous worker has returned (or must): reap it
  skipped_ = 0;
  // Asked here, not on the worker: most batches find nothing due, and then
  // no thread is started.
  std::vector<Due> due = DueMerges(core_, false, xid_reads_filtered_);
  if (due.empty()) return;
  ++started_;
  running_ = true;
  worker_ = std::thread([this, due = std::move(due)] {
    if (merge_hook_) merge_hook_();
    Merge(core_, due);
    running_.store(false, std::memory_order_release);
  });
}

void StagedMerges::Finish(bool compact) {
  if (finished_) return;
  Wait();
  finished_ = true;
  if (compact) Merge(core_, DueMerges(core_, true, xid_reads_filtered_));
  SetAutoCompactions(core_, true);
}

}  // namespace actorgraph
