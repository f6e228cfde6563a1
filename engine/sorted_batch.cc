#include "engine/sorted_batch.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/task_threads.h"

namespace actorgraph {

void SortedBatch::Add(rocksdb::ColumnFamilyHandle* cf, const rocksdb::Slice& key,
                      const rocksdb::Slice& value, bool del) {
  sorted_ = false;
  ops_.push_back({cf->GetID(), del, cf, arena_.size(), static_cast<uint32_t>(key.size()),
                  static_cast<uint32_t>(value.size())});
  arena_.append(key.data(), key.size());
  arena_.append(value.data(), value.size());
}

namespace {
// The first 24 bytes of a key as three big-endian words, zero-padded. Unequal
// heads order keys as their bytes do (a zero pad sorts before any byte, as a
// shorter key before its extensions), so most comparisons need no memcmp:
// keys of one family share their first bytes (a kind, a label, a target id).
uint64_t Word(const rocksdb::Slice& key, size_t from) {
  static_assert(std::endian::native == std::endian::little);
  if (key.size() >= from + 8) {
    uint64_t w;
    std::memcpy(&w, key.data() + from, 8);
    return __builtin_bswap64(w);  // big-endian: compares as the bytes
  }
  uint64_t w = 0;
  for (size_t i = from; i < from + 8; ++i)
    w = w << 8 | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0);
  return w;
}
}  // namespace

void SortedBatch::Sort() {
  if (sorted_) return;
  // Partitioned by family first (a counting sort), then each family's keys
  // sorted on their heads; a family whose keys arrived in order (records
  // and history by id) is only checked.
  uint32_t families = 0;
  for (const Op& op : ops_)
    families = std::max(families, op.cf_id + 1);
  std::vector<uint32_t> start(families + 1, 0);
  for (const Op& op : ops_)
    ++start[op.cf_id + 1];
  for (uint32_t f = 0; f < families; ++f)
    start[f + 1] += start[f];
  // Local, not kept: it would stay allocated beside the next batch.
  std::vector<Head> heads(ops_.size());
  {
    std::vector<uint32_t> at(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < ops_.size(); ++i) {
      const rocksdb::Slice k = Key(ops_[i]);
      heads[at[ops_[i].cf_id]++] = {i, static_cast<uint32_t>(k.size()), Word(k, 0), Word(k, 8),
                                    Word(k, 16)};
    }
  }
  // Equal heads and sizes: the same key when it is no longer than a head.
  auto same_head = [](const Head& x, const Head& y) {
    return x.w0 == y.w0 && x.w1 == y.w1 && x.w2 == y.w2;
  };
  auto less = [&](const Head& x, const Head& y) {
    if (x.w0 != y.w0) return x.w0 < y.w0;
    if (x.w1 != y.w1) return x.w1 < y.w1;
    if (x.w2 != y.w2) return x.w2 < y.w2;
    if (x.size <= 24 && y.size <= 24) {
      if (x.size != y.size) return x.size < y.size;
    } else {
      const int c = Key(ops_[x.index]).compare(Key(ops_[y.index]));
      if (c != 0) return c < 0;
    }
    return x.index < y.index;  // writes to one key keep their order
  };
  // Families are sorted on two threads, largest first: an import's staged
  // batch waits for its sort, and the second core is otherwise idle then.
  const std::vector<size_t> by_size =
      LargestFirst(families, [&](size_t f) { return start[f + 1] - start[f]; });
  RunTasks(families, ops_.size() >= kParallelOps ? 2 : 1, [&](size_t t) {
    const size_t f = by_size[t];
    auto first = heads.begin() + start[f], last = heads.begin() + start[f + 1];
    if (!std::is_sorted(first, last, less)) std::sort(first, last, less);
  });
  order_.resize(heads.size());
  for (size_t i = 0; i < heads.size(); ++i) {
    uint32_t index = heads[i].index;
    // Marks a write the next one (to the same key) overrides.
    if (i + 1 < heads.size()) {
      const Head& x = heads[i];
      const Head& y = heads[i + 1];
      if (ops_[x.index].cf_id == ops_[y.index].cf_id && x.size == y.size && same_head(x, y) &&
          (x.size <= 24 || Key(ops_[x.index]) == Key(ops_[y.index])))
        index |= kOverridden;
    }
    order_[i] = index;
  }
  sorted_ = true;
}

rocksdb::Status SortedBatch::EmitTo(rocksdb::WriteBatch* out) {
  Sort();
  for (uint32_t i : order_) {
    const Op& op = ops_[i & ~kOverridden];
    rocksdb::Status s = op.del ? out->Delete(op.cf, Key(op)) : out->Put(op.cf, Key(op), Value(op));
    if (!s.ok()) return s;
  }
  return rocksdb::Status::OK();
}

Status SortedBatch::WriteSsts(rocksdb::DB* db, const std::string& dir, const std::string& name,
                              std::vector<rocksdb::IngestExternalFileArg>* files) {
  Sort();
  // Each family's writes are a range of order_; its file is written on its
  // own, two at a time, the largest first.
  struct Family {
    size_t first, last;  // in order_
    rocksdb::ColumnFamilyHandle* cf;
    std::string path;  // set once the file is created
    Status status;
  };
  std::vector<Family> families;
  for (size_t i = 0; i < order_.size();) {
    rocksdb::ColumnFamilyHandle* cf = ops_[order_[i] & ~kOverridden].cf;
    size_t j = i;
    while (j < order_.size() && ops_[order_[j] & ~kOverridden].cf == cf)
      ++j;
    families.push_back({i, j, cf, {}, {}});
    i = j;
  }
  auto write = [&](Family& f) -> Status {
    rocksdb::Options opts = db->GetOptions(f.cf);
    // Cheap to write; the compaction that merges these files recompresses.
    opts.compression = rocksdb::kLZ4Compression;
    opts.bottommost_compression = rocksdb::kLZ4Compression;
    // A staged file stays in level 0, where every point read probes it, until
    // a staged merge folds it into level 1; an import's reads are mostly for
    // xids that are nowhere, so each false positive of a family's 10-bit
    // filter (1 %) reads and decompresses a block, per level-0 file. 20 bits
    // (0.1 %) took 6 % off an ACLED import's time (bench/RESULTS.md, step 18),
    // for 1.25 bytes a key in files the merge rewrites anyway.
    if (const auto* t = opts.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
        t && t->filter_policy) {
      rocksdb::BlockBasedTableOptions bt = *t;
      bt.filter_policy.reset(rocksdb::NewBloomFilterPolicy(20));
      opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(bt));
    }
    const std::string path = dir + "/" + name + "-" + f.cf->GetName() + ".sst";
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), opts, f.cf);
    rocksdb::Status s = writer.Open(path);
    if (!s.ok()) return Status::IOError("creating " + path + ": " + s.ToString());
    f.path = path;
    for (size_t k = f.first; k < f.last && s.ok(); ++k) {
      if (order_[k] & kOverridden) continue;  // the last write of a key wins
      const Op& op = ops_[order_[k]];
      s = op.del ? writer.Delete(Key(op)) : writer.Put(Key(op), Value(op));
    }
    if (s.ok()) s = writer.Finish();
    if (!s.ok()) return Status::IOError("writing " + path + ": " + s.ToString());
    return Status::OK();
  };
  const std::vector<size_t> by_size =
      LargestFirst(families.size(), [&](size_t i) { return families[i].last - families[i].first; });
  RunTasks(families.size(), order_.size() >= kParallelOps ? 2 : 1,
           [&](size_t t) { families[by_size[t]].status = write(families[by_size[t]]); });
  for (const Family& f : families) {
    if (f.path.empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = f.cf;
    arg.external_files = {f.path};
    files->push_back(std::move(arg));  // also a failed one: the caller removes it
  }
  for (const Family& f : families)
    AG_RETURN_IF_ERROR(f.status);
  return Status::OK();
}

}  // namespace actorgraph
