#include "engine/undo_log.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <vector>

#include "engine/coding.h"
#include "engine/sorted_batch.h"
#include "engine/store_core.h"

namespace actorgraph {

namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

constexpr char kKeysOnly = '\xff';  // first byte of a key-only record

std::string UndoKey(uint64_t seq) {
  std::string k = kMetaUndoPrefix;
  coding::PutBE64(&k, seq);
  return k;
}

// Collects the (family, key) pairs a batch writes. A key written twice is
// collected twice: both entries then hold the value before the batch.
// RocksDB's family id -> enum Cf (-1: none of ours).
std::vector<int> CfOfId(const StoreCore* core) {
  std::vector<int> cf_of_id;
  for (int c = 0; c < kNumCfs; ++c) {
    const uint32_t id = core->h(c)->GetID();
    if (id >= cf_of_id.size()) cf_of_id.resize(id + 1, -1);
    cf_of_id[id] = c;
  }
  return cf_of_id;
}

class KeyCollector : public rocksdb::WriteBatch::Handler {
 public:
  explicit KeyCollector(const StoreCore* core) : cf_of_id_(CfOfId(core)) {}
  rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key, const rocksdb::Slice&) override {
    return Add(id, key);
  }
  rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& key) override { return Add(id, key); }
  rocksdb::Status SingleDeleteCF(uint32_t id, const rocksdb::Slice& key) override {
    return Add(id, key);
  }
  // A staged batch never holds these; refuse rather than undo them wrongly.
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return rocksdb::Status::NotSupported("range deletion in a staged batch");
  }
  rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return rocksdb::Status::NotSupported("merge in a staged batch");
  }

  std::vector<std::vector<std::string>> keys_by_cf = std::vector<std::vector<std::string>>(kNumCfs);

 private:
  rocksdb::Status Add(uint32_t id, const rocksdb::Slice& key) {
    const int cf = id < cf_of_id_.size() ? cf_of_id_[id] : -1;
    if (cf <= kDefault)
      return rocksdb::Status::InvalidArgument("unknown column family in a staged batch");
    keys_by_cf[cf].push_back(key.ToString());
    return rocksdb::Status::OK();
  }
  std::vector<int> cf_of_id_;  // RocksDB's family id -> enum Cf
};

// One undo entry decoded from a record.
struct UndoEntry {
  int cf = 0;
  std::string_view key;
  bool present = false;
  std::string_view value;
};

bool DecodeUndoRecord(std::string_view in, std::vector<UndoEntry>* out) {
  while (!in.empty()) {
    UndoEntry e;
    e.cf = static_cast<unsigned char>(in[0]);
    in.remove_prefix(1);
    if (e.cf <= kDefault || e.cf >= kNumCfs || !coding::GetStringView(&in, &e.key) || in.empty())
      return false;
    e.present = in[0] != 0;
    in.remove_prefix(1);
    if (e.present && !coding::GetStringView(&in, &e.value)) return false;
    out->push_back(e);
  }
  return true;
}

}  // namespace

Status AppendUndo(StoreCore* core, const rocksdb::WriteBatch& written, rocksdb::WriteBatch* batch,
                  uint64_t* next_seq, const KnownAbsent& known_absent) {
  KeyCollector keys(core);
  AG_RETURN_IF_ERROR(FromRocks(written.Iterate(&keys), "collecting the keys of a staged batch"));
  std::string record;
  auto flush = [&] {
    if (record.empty()) return Status::OK();
    Status s = FromRocks(batch->Put(core->h(kMeta), UndoKey((*next_seq)++), record), "undo log");
    record.clear();
    return s;
  };
  auto add_entry = [&](int cf, std::string_view key, const rocksdb::PinnableSlice* value) {
    record.push_back(static_cast<char>(cf));
    coding::PutString(&record, key);
    record.push_back(value ? 1 : 0);
    if (value) coding::PutString(&record, value->ToStringView());
    return record.size() >= kUndoRecordBytes ? flush() : Status::OK();
  };
  constexpr size_t kChunk = 1024;
  std::vector<rocksdb::Slice> slices;
  std::vector<rocksdb::PinnableSlice> values(kChunk);
  std::vector<rocksdb::Status> statuses(kChunk);
  for (int cf = 1; cf < kNumCfs; ++cf) {
    // Keys of entities created since the last staged batch need no read.
    std::vector<std::string> ks;
    for (std::string& k : keys.keys_by_cf[cf]) {
      if (known_absent(cf, k))
        AG_RETURN_IF_ERROR(add_entry(cf, k, nullptr));
      else
        ks.push_back(std::move(k));
    }
    for (size_t start = 0; start < ks.size(); start += kChunk) {
      const size_t n = std::min(kChunk, ks.size() - start);
      slices.assign(ks.begin() + start, ks.begin() + start + n);
      // The latest state: the writer is alone, so it is the state before this batch.
      core->db->MultiGet(rocksdb::ReadOptions(), core->h(cf), n, slices.data(), values.data(),
                         statuses.data());
      for (size_t i = 0; i < n; ++i) {
        const bool present = statuses[i].ok();
        if (!present && !statuses[i].IsNotFound())
          return FromRocks(statuses[i], "reading the value before a staged write");
        AG_RETURN_IF_ERROR(add_entry(cf, ks[start + i], present ? &values[i] : nullptr));
        values[i].Reset();
      }
    }
  }
  return flush();
}

Status AppendSortedUndo(StoreCore* core, const SortedBatch& written, rocksdb::WriteBatch* out,
                        uint64_t* next_seq, const KnownAbsent& known_absent) {
  const std::vector<int> cf_of_id = CfOfId(core);
  rocksdb::WriteBatch others;  // keys that need their value read
  std::string record, prev;
  int record_cf = -1;
  Status status;
  auto flush = [&] {
    if (record.empty()) return Status::OK();
    Status s = FromRocks(out->Put(core->h(kMeta), UndoKey((*next_seq)++), record), "undo log");
    record.clear();
    return s;
  };
  written.ForEachSorted([&](rocksdb::ColumnFamilyHandle* h, const rocksdb::Slice& key) {
    if (!status.ok()) return;
    const uint32_t id = h->GetID();
    const int cf = id < cf_of_id.size() ? cf_of_id[id] : -1;
    if (cf <= kDefault) {
      status = Status::InvalidArgument("unknown column family in a staged batch");
      return;
    }
    const std::string_view k = key.ToStringView();
    if (!known_absent(cf, k)) {
      status = FromRocks(others.Delete(h, key), "undo log");
      return;
    }
    if (cf == record_cf && k == prev) return;  // written twice: deleted once
    if (cf != record_cf || record.size() >= kUndoRecordBytes) {
      status = flush();
      record.push_back(kKeysOnly);
      record.push_back(static_cast<char>(cf));
      record_cf = cf;
      prev.clear();
    }
    size_t shared = 0;
    while (shared < prev.size() && shared < k.size() && prev[shared] == k[shared])
      ++shared;
    coding::PutVarint(&record, shared);
    coding::PutString(&record, k.substr(shared));
    prev.assign(k);
  });
  AG_RETURN_IF_ERROR(status);
  AG_RETURN_IF_ERROR(flush());
  if (others.Count() == 0) return Status::OK();
  return AppendUndo(core, others, out, next_seq, [](int, std::string_view) { return false; });
}

Result<uint64_t> ApplyUndoRecord(StoreCore* core, std::string_view in, rocksdb::WriteBatch* out) {
  auto& touched = core->rolled_back;  // Database::ReclaimSpace compacts these
  auto note = [&](int cf, const std::string& key) {
    auto& [lo, hi] = touched[cf];  // first and last key restored
    if (lo.empty() || key < lo) lo = key;
    if (hi.empty() || key > hi) hi = key;
  };
  const auto bad = Status::Corruption("malformed undo record");
  if (!in.empty() && in[0] == kKeysOnly) {
    if (in.size() < 2) return bad;
    const int cf = static_cast<unsigned char>(in[1]);
    if (cf <= kDefault || cf >= kNumCfs) return bad;
    in.remove_prefix(2);
    std::string key, first;
    uint64_t n = 0;
    while (!in.empty()) {
      uint64_t shared;
      std::string_view rest;
      if (!coding::GetVarint(&in, &shared) || shared > key.size() ||
          !coding::GetStringView(&in, &rest))
        return bad;
      key.resize(shared);
      key.append(rest);
      if (n++ == 0) first = key;
      out->Delete(core->h(cf), key);
    }
    if (n > 0) {
      note(cf, first);  // the keys are sorted
      note(cf, key);
    }
    return n;
  }
  std::vector<UndoEntry> entries;
  if (!DecodeUndoRecord(in, &entries)) return bad;
  for (auto e = entries.rbegin(); e != entries.rend(); ++e) {
    note(e->cf, std::string(e->key));
    rocksdb::Slice key(e->key.data(), e->key.size());
    if (e->present)
      out->Put(core->h(e->cf), key, rocksdb::Slice(e->value.data(), e->value.size()));
    else
      out->Delete(core->h(e->cf), key);
  }
  return static_cast<uint64_t>(entries.size());
}

void DeleteUndoLog(StoreCore* core, rocksdb::WriteBatch* batch) {
  batch->DeleteRange(core->h(kMeta), kMetaUndoPrefix, kMetaUndoEnd);
}

Result<bool> HasUndoLog(StoreCore* core) {
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper(kMetaUndoEnd);
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(core->db->NewIterator(ro, core->h(kMeta)));
  it->Seek(kMetaUndoPrefix);
  AG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the undo log"));
  return it->Valid();
}

Result<uint64_t> RollBackUndoLog(StoreCore* core) {
  // The log does not change while it is applied (only its records are
  // deleted), so one iterator on a snapshot walks it newest first.
  const rocksdb::Snapshot* snap = core->db->GetSnapshot();
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{core->db.get(), snap};
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  rocksdb::Slice lower(kMetaUndoPrefix), upper(kMetaUndoEnd);
  ro.iterate_lower_bound = &lower;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(core->db->NewIterator(ro, core->h(kMeta)));
  rocksdb::WriteOptions wo;
  rocksdb::WriteBatch batch;
  uint64_t restored = 0;
  constexpr size_t kBatchBytes = 4 << 20;
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    auto n = ApplyUndoRecord(core, it->value().ToStringView(), &batch);
    if (!n.ok())
      return Status::Corruption("undo record " +
                                std::to_string(coding::GetBE64(it->key().data() + 5)));
    restored += *n;
    batch.Delete(core->h(kMeta), it->key());
    if (batch.GetDataSize() >= kBatchBytes) {
      AG_RETURN_IF_ERROR(FromRocks(core->db->Write(wo, &batch), "rolling back"));
      batch.Clear();
    }
  }
  AG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the undo log"));
  wo.sync = true;
  AG_RETURN_IF_ERROR(FromRocks(core->db->Write(wo, &batch), "rolling back"));
  return restored;
}

}  // namespace actorgraph
