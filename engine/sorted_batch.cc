#include "engine/sorted_batch.h"

#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace actorgraph {

void SortedBatch::Add(rocksdb::ColumnFamilyHandle* cf, const rocksdb::Slice& key,
                      const rocksdb::Slice& value, bool del) {
  order_.clear();
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
struct Head {
  uint32_t cf_id, index;
  uint64_t w0, w1, w2;
};
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
  if (order_.size() == ops_.size()) return;
  std::vector<Head> heads(ops_.size());
  for (uint32_t i = 0; i < heads.size(); ++i) {
    const rocksdb::Slice k = Key(ops_[i]);
    heads[i] = {ops_[i].cf_id, i, Word(k, 0), Word(k, 8), Word(k, 16)};
  }
  std::sort(heads.begin(), heads.end(), [&](const Head& x, const Head& y) {
    if (x.cf_id != y.cf_id) return x.cf_id < y.cf_id;
    if (x.w0 != y.w0) return x.w0 < y.w0;
    if (x.w1 != y.w1) return x.w1 < y.w1;
    if (x.w2 != y.w2) return x.w2 < y.w2;
    const int c = Key(ops_[x.index]).compare(Key(ops_[y.index]));
    return c != 0 ? c < 0 : x.index < y.index;  // writes to one key keep their order
  });
  order_.resize(heads.size());
  for (size_t i = 0; i < heads.size(); ++i)
    order_[i] = heads[i].index;
}

rocksdb::Status SortedBatch::EmitTo(rocksdb::WriteBatch* out) {
  Sort();
  for (uint32_t i : order_) {
    const Op& op = ops_[i];
    rocksdb::Status s = op.del ? out->Delete(op.cf, Key(op)) : out->Put(op.cf, Key(op), Value(op));
    if (!s.ok()) return s;
  }
  return rocksdb::Status::OK();
}

Status SortedBatch::WriteSsts(rocksdb::DB* db, const std::string& dir, const std::string& name,
                              std::vector<rocksdb::IngestExternalFileArg>* files) {
  auto fail = [](const rocksdb::Status& s, const std::string& what) {
    return Status::IOError(what + ": " + s.ToString());
  };
  Sort();
  const std::vector<uint32_t>& order = order_;
  std::unique_ptr<rocksdb::SstFileWriter> writer;
  std::string path;
  auto finish = [&]() -> Status {
    if (!writer) return Status::OK();
    rocksdb::Status s = writer->Finish();
    writer.reset();
    if (!s.ok()) return fail(s, "writing " + path);
    return Status::OK();
  };
  for (size_t k = 0; k < order.size(); ++k) {
    const Op& op = ops_[order[k]];
    // The last write of a key wins.
    if (k + 1 < order.size()) {
      const Op& next = ops_[order[k + 1]];
      if (next.cf_id == op.cf_id && Key(next) == Key(op)) continue;
    }
    if (!writer || files->back().column_family != op.cf) {
      AG_RETURN_IF_ERROR(finish());
      rocksdb::Options opts = db->GetOptions(op.cf);
      // Cheap to write; the compaction that merges these files recompresses.
      opts.compression = rocksdb::kLZ4Compression;
      opts.bottommost_compression = rocksdb::kLZ4Compression;
      path = dir + "/" + name + "-" + op.cf->GetName() + ".sst";
      writer = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), opts, op.cf);
      rocksdb::Status s = writer->Open(path);
      if (!s.ok()) return fail(s, "creating " + path);
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = op.cf;
      arg.external_files = {path};
      files->push_back(std::move(arg));
    }
    rocksdb::Status s = op.del ? writer->Delete(Key(op)) : writer->Put(Key(op), Value(op));
    if (!s.ok()) return fail(s, "writing " + path);
  }
  return finish();
}

}  // namespace actorgraph
