// A full disk, without root: RocksDB's files go through a FileSystem that
// answers "no space" on demand. The write that hits it fails with a clear
// error, reads go on, and once there is room the next write resumes the
// database in the same process (no reopen), with every acknowledged write.
#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>

#include "engine/database.h"
#include "engine/read_view.h"
#include "tests/engine/disk_full_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

// A writable file that fails every write while *full.
class FullableFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FullableFile(std::unique_ptr<FSWritableFile> f, const std::atomic<bool>* full)
      : FSWritableFileOwnerWrapper(std::move(f)), full_(full) {}
  IOStatus Append(const Slice& data, const IOOptions& o, IODebugContext* d) override {
    if (*full_) return IOStatus::NoSpace("test disk full");
    return FSWritableFileOwnerWrapper::Append(data, o, d);
  }
  IOStatus Append(const Slice& data, const IOOptions& o, const rocksdb::DataVerificationInfo& v,
                  IODebugContext* d) override {
    if (*full_) return IOStatus::NoSpace("test disk full");
    return FSWritableFileOwnerWrapper::Append(data, o, v, d);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o,
                            IODebugContext* d) override {
    if (*full_) return IOStatus::NoSpace("test disk full");
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, d);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o,
                            const rocksdb::DataVerificationInfo& v, IODebugContext* d) override {
    if (*full_) return IOStatus::NoSpace("test disk full");
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, v, d);
  }

 private:
  const std::atomic<bool>* full_;
};

// The default file system, with a disk that can be made full.
class FullableFs final : public rocksdb::FileSystemWrapper {
 public:
  FullableFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FullableFs"; }
  std::atomic<bool> full{false};

  IOStatus NewWritableFile(const std::string& name, const FileOptions& o,
                           std::unique_ptr<FSWritableFile>* r, IODebugContext* d) override {
    return Wrap(target()->NewWritableFile(name, o, r, d), r);
  }
  IOStatus ReopenWritableFile(const std::string& name, const FileOptions& o,
                              std::unique_ptr<FSWritableFile>* r, IODebugContext* d) override {
    return Wrap(target()->ReopenWritableFile(name, o, r, d), r);
  }
  IOStatus ReuseWritableFile(const std::string& name, const std::string& old, const FileOptions& o,
                             std::unique_ptr<FSWritableFile>* r, IODebugContext* d) override {
    return Wrap(target()->ReuseWritableFile(name, old, o, r, d), r);
  }

 private:
  IOStatus Wrap(IOStatus s, std::unique_ptr<FSWritableFile>* r) {
    if (!s.ok()) return s;
    if (full) {
      r->reset();
      return IOStatus::NoSpace("test disk full");
    }
    *r = std::make_unique<FullableFile>(std::move(*r), &full);
    return s;
  }
};

using testing::WriteNodes;

TEST(DiskFullResume, WritesResumeWhenSpaceReturnsWithoutReopening) {
  testing::TempDir dir;
  auto fs = std::make_shared<FullableFs>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  {
    auto db = Database::Open(dir / "db", {.env = env.get()});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE(WriteNodes(db->get(), "a", 100).ok());

    fs->full = true;
    Status full = WriteNodes(db->get(), "b", 10);
    ASSERT_FALSE(full.ok());
    EXPECT_NE(full.ToString().find("No space"), std::string::npos) << full.ToString();
    // Reads go on; while the disk stays full, writes keep failing cleanly.
    EXPECT_TRUE((*db)->Read()->FindNode("a99").has_value());
    Status again = WriteNodes(db->get(), "b", 10);
    EXPECT_FALSE(again.ok());

    // Room again: the next write resumes the database, in this process.
    fs->full = false;
    Status resumed = WriteNodes(db->get(), "c", 10);
    ASSERT_TRUE(resumed.ok()) << resumed.ToString();
    auto view = (*db)->Read();
    EXPECT_TRUE(view->FindNode("a0").has_value());
    EXPECT_TRUE(view->FindNode("c9").has_value());
    EXPECT_FALSE(view->FindNode("b0").has_value());
  }
  // And all of it is there after a reopen.
  auto reopened = Database::Open(dir / "db", {.create_if_missing = false, .env = env.get()});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto view = (*reopened)->Read();
  EXPECT_TRUE(view->FindNode("a99").has_value());
  EXPECT_TRUE(view->FindNode("c0").has_value());
  EXPECT_FALSE(view->FindNode("b0").has_value());
}

}  // namespace
}  // namespace actorgraph
