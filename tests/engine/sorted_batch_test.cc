#include "engine/sorted_batch.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <map>
#include <memory>
#include <random>

#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::TempDir;

// A RocksDB database with three column families besides the default one.
struct ThreeFamilyDb {
  explicit ThreeFamilyDb(const std::string& path) {
    rocksdb::Options o;
    o.create_if_missing = true;
    o.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
        {rocksdb::kDefaultColumnFamilyName, {}}, {"a", {}}, {"b", {}}, {"c", {}}};
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(o, path, cfs, &handles, &raw);
    EXPECT_TRUE(s.ok()) << s.ToString();
    db.reset(raw);
  }
  ~ThreeFamilyDb() {
    for (auto* h : handles)
      (void)db->DestroyColumnFamilyHandle(h);
  }
  // Every key and value of every family, family by family.
  std::vector<std::map<std::string, std::string>> Contents() {
    std::vector<std::map<std::string, std::string>> out;
    for (auto* h : handles) {
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), h));
      auto& m = out.emplace_back();
      for (it->SeekToFirst(); it->Valid(); it->Next())
        m[it->key().ToString()] = it->value().ToString();
    }
    return out;
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::unique_ptr<rocksdb::DB> db;
};

// The same random writes (puts and deletes over three families, keys
// written several times, keys that exist before the batch) end in the same
// state through SST files and ingestion as through a WriteBatch: the last
// write of a key wins, a deletion removes the stored key. Sizes below and
// above the batch size that sorts and writes on two threads.
TEST(SortedBatchTest, FilesIngestToTheSameStateAsAWriteBatch) {
  for (size_t n : {500u, 60000u}) {
    TempDir dir;
    ThreeFamilyDb via_files((std::filesystem::path(dir.path()) / "files").string());
    ThreeFamilyDb via_batch((std::filesystem::path(dir.path()) / "batch").string());
    std::mt19937 rng(static_cast<unsigned>(n));
    auto key = [&] {
      // Short and long keys (past the 24 bytes the sort keeps inline).
      std::string k = std::to_string(rng() % (n / 2));
      if (rng() % 3 == 0) k = std::string(30, 'p') + k;
      return k;
    };
    for (int i = 0; i < 300; ++i) {
      const std::string k = key();
      for (ThreeFamilyDb* d : {&via_files, &via_batch})
        ASSERT_TRUE(d->db->Put({}, d->handles[1 + i % 3], k, "before").ok());
    }
    SortedBatch files_batch, write_batch;
    for (size_t i = 0; i < n; ++i) {
      const int f = 1 + static_cast<int>(rng() % 3);
      const std::string k = key();
      const std::string v = "v" + std::to_string(i);
      const bool del = rng() % 5 == 0;
      if (del) {
        files_batch.Delete(via_files.handles[f], k);
        write_batch.Delete(via_batch.handles[f], k);
      } else {
        files_batch.Put(via_files.handles[f], k, v);
        write_batch.Put(via_batch.handles[f], k, v);
      }
    }
    const std::string staged = (std::filesystem::path(dir.path()) / "staged").string();
    std::filesystem::create_directories(staged);
    std::vector<rocksdb::IngestExternalFileArg> files;
    Status s = files_batch.WriteSsts(via_files.db.get(), staged, "t", &files);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(files.size(), 3u);
    ASSERT_TRUE(via_files.db->IngestExternalFiles(files).ok());
    rocksdb::WriteBatch wb;
    ASSERT_TRUE(write_batch.EmitTo(&wb).ok());
    ASSERT_TRUE(via_batch.db->Write({}, &wb).ok());
    const auto got = via_files.Contents(), want = via_batch.Contents();
    EXPECT_EQ(got, want) << n << " writes";
    EXPECT_GT(want[1].size() + want[2].size() + want[3].size(), n / 4);
  }
}

// A file that cannot be created is an error naming it; the files that were
// created are listed for the caller to remove.
TEST(SortedBatchTest, UnwritableDirectoryIsAnError) {
  TempDir dir;
  ThreeFamilyDb d((std::filesystem::path(dir.path()) / "db").string());
  SortedBatch b;
  for (int i = 0; i < 30000; ++i)
    b.Put(d.handles[1 + i % 3], "k" + std::to_string(i), "v");
  std::vector<rocksdb::IngestExternalFileArg> files;
  const std::string missing = (std::filesystem::path(dir.path()) / "no" / "such").string();
  Status s = b.WriteSsts(d.db.get(), missing, "t", &files);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(missing), std::string::npos) << s.ToString();
  EXPECT_TRUE(files.empty());
}

}  // namespace
}  // namespace actorgraph
