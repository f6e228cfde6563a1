// StagedMerges: level-0 merges while a transaction stages batches.
#include "engine/staged_merges.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>

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

}  // namespace
}  // namespace actorgraph
