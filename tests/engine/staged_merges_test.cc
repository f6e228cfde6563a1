// StagedMerges: level-0 merges while a transaction stages batches.
#include "engine/staged_merges.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "engine/database.h"
#include "engine/store_core.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

size_t XidFilesAt(StoreCore* core, int level) {
  rocksdb::ColumnFamilyMetaData meta;
  core->db->GetColumnFamilyMetaData(core->h(kXid), &meta);
  return static_cast<int>(meta.levels.size()) > level ? meta.levels[level].files.size() : 0;
}

// One more level-0 file in the xid family.
void AddXidFile(StoreCore* core, int i) {
  ASSERT_TRUE(
      core->db->Put(rocksdb::WriteOptions(), core->h(kXid), "nkey" + std::to_string(i), "v").ok());
  ASSERT_TRUE(core->db->Flush(rocksdb::FlushOptions(), core->h(kXid)).ok());
}

// Whether a merge is due is asked on the writer: a batch after which no
// family is due starts no worker; the first one that is, starts one.
TEST(StagedMerges, StartsAMergeOnlyWhenOneIsDue) {
  testing::TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  StoreCore* core = CoreOf(*db);
  StagedMerges merges(core);
  merges.MaybeStart();
  EXPECT_EQ(merges.started(), 0);
  // The xid family is merged at 8 level-0 files (level 1 being empty).
  for (int i = 0; i < 7; ++i) {
    AddXidFile(core, i);
    merges.MaybeStart();
  }
  EXPECT_EQ(merges.started(), 0);
  EXPECT_EQ(XidFilesAt(core, 0), 7u);
  AddXidFile(core, 7);
  merges.MaybeStart();
  EXPECT_EQ(merges.started(), 1);
  merges.Wait();
  EXPECT_EQ(XidFilesAt(core, 0), 0u);
  EXPECT_GT(XidFilesAt(core, 1), 0u);
  merges.MaybeStart();  // level 0 empty again
  EXPECT_EQ(merges.started(), 1);
  merges.Finish(/*compact=*/true);
}

// A merge slower than a batch does not hold the writer: the next
// kMaxSkipped - 1 batches go on beside it, and only then does the writer wait
// for it (so that level 0 stays bounded).
TEST(StagedMerges, ARunningMergeHoldsTheWriterOnlyAfterItsBatchAllowance) {
  testing::TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  StoreCore* core = CoreOf(*db);
  StagedMerges merges(core);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> merging{false};
  merges.set_merge_hook([&] {
    merging = true;
    released.wait();
  });
  for (int i = 0; i < 8; ++i)
    AddXidFile(core, i);
  merges.MaybeStart();
  ASSERT_EQ(merges.started(), 1);
  while (!merging)
    std::this_thread::yield();
  // Held merge: these return at once (were one to wait, the test would hang).
  for (int i = 1; i < StagedMerges::kMaxSkipped; ++i)
    merges.MaybeStart();
  EXPECT_EQ(merges.started(), 1);
  EXPECT_EQ(XidFilesAt(core, 0), 8u);
  // The next one waits for the merge before it returns.
  std::atomic<bool> calling{false}, let_go{false}, returned_after_release{false};
  std::thread writer([&] {
    calling = true;
    merges.MaybeStart();
    returned_after_release = let_go.load();
  });
  while (!calling)
    std::this_thread::yield();
  let_go = true;
  release.set_value();
  writer.join();
  EXPECT_TRUE(returned_after_release);
  EXPECT_EQ(XidFilesAt(core, 0), 0u);
  merges.Finish(/*compact=*/true);
}

// While the writer's look-ups of new xids skip RocksDB, the xid family's
// level 0 is merged as the other families' are: at 16 files, not 8.
TEST(StagedMerges, FilteredXidReadsLetLevel0GrowAsOtherFamilies) {
  testing::TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  StoreCore* core = CoreOf(*db);
  StagedMerges merges(core);
  merges.set_xid_reads_filtered(true);
  for (int i = 0; i < 15; ++i) {
    AddXidFile(core, i);
    merges.MaybeStart();
  }
  EXPECT_EQ(merges.started(), 0);
  EXPECT_EQ(XidFilesAt(core, 0), 15u);
  AddXidFile(core, 15);
  merges.MaybeStart();
  EXPECT_EQ(merges.started(), 1);
  merges.Wait();
  EXPECT_EQ(XidFilesAt(core, 0), 0u);
  merges.Finish(/*compact=*/true);
}

std::vector<std::string> XidFileNames(StoreCore* core, int level) {
  rocksdb::ColumnFamilyMetaData meta;
  core->db->GetColumnFamilyMetaData(core->h(kXid), &meta);
  std::vector<std::string> names;
  if (static_cast<int>(meta.levels.size()) > level)
    for (const auto& f : meta.levels[level].files)
      names.push_back(f.name);
  return names;
}

// At commit, what is left in level 0 is merged into one file; level 1,
// when larger (a database an import adds a little to), is not rewritten.
TEST(StagedMerges, AtCommitASmallLevel0IsMergedWithoutRewritingLevel1) {
  testing::TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  StoreCore* core = CoreOf(*db);
  rocksdb::WriteBatch big;
  for (int i = 0; i < 20000; ++i)
    big.Put(core->h(kXid), "base" + std::to_string(i), std::string(40, 'x'));
  ASSERT_TRUE(core->db->Write(rocksdb::WriteOptions(), &big).ok());
  rocksdb::CompactRangeOptions to_l1;
  to_l1.change_level = true;
  to_l1.target_level = 1;
  ASSERT_TRUE(core->db->CompactRange(to_l1, core->h(kXid), nullptr, nullptr).ok());
  const std::vector<std::string> level1 = XidFileNames(core, 1);
  ASSERT_FALSE(level1.empty());
  ASSERT_EQ(XidFilesAt(core, 0), 0u);

  StagedMerges merges(core);
  for (int i = 0; i < 6; ++i)
    AddXidFile(core, i);
  merges.Finish(/*compact=*/true);
  EXPECT_EQ(XidFilesAt(core, 0), 1u);
  EXPECT_EQ(XidFileNames(core, 1), level1);
  std::string v;
  for (const std::string key : {"nkey0", "nkey5", "base0", "base19999"})
    EXPECT_TRUE(core->db->Get(rocksdb::ReadOptions(), core->h(kXid), key, &v).ok()) << key;
}

// Level 0 at least as large as level 1 (a new database): merged into level 1.
TEST(StagedMerges, AtCommitALargeLevel0IsMergedIntoLevel1) {
  testing::TempDir d;
  auto db = std::move(Database::Open(d.path())).value();
  StoreCore* core = CoreOf(*db);
  StagedMerges merges(core);
  for (int i = 0; i < 6; ++i)
    AddXidFile(core, i);
  merges.Finish(/*compact=*/true);
  EXPECT_EQ(XidFilesAt(core, 0), 0u);
  EXPECT_GT(XidFilesAt(core, 1), 0u);
  std::string v;
  EXPECT_TRUE(core->db->Get(rocksdb::ReadOptions(), core->h(kXid), "nkey3", &v).ok());
}

}  // namespace
}  // namespace actorgraph
