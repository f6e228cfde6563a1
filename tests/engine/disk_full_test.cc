// A full disk fails the write that hits it with an error (no abort), reads
// go on, and once there is room again the database reopens with every
// acknowledged write and takes new ones. Needs a small tmpfs
// (root); skipped where one cannot be mounted.
#include <sys/mount.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/database.h"
#include "engine/read_view.h"
#include "tests/engine/disk_full_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

namespace fs = std::filesystem;

// Names padded to 200 bytes more fill the 8 MiB disk sooner.
Status WriteNodes(Database* db, const std::string& prefix, int n) {
  return testing::WriteNodes(db, prefix, n, 200);
}

TEST(DiskFull, WriteFailsCleanlyReadsGoOnReopenedTakesWrites) {
  testing::TempDir dir;
  const fs::path mnt = fs::path(dir.path()) / "small";
  fs::create_directories(mnt);
  if (mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=8m") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  struct Unmount {
    fs::path p;
    ~Unmount() { umount2(p.c_str(), MNT_DETACH); }
  } unmount{mnt};

  auto db = Database::Open((mnt / "db").string());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(WriteNodes(db->get(), "a", 100).ok());

  // Fill the disk.
  {
    std::ofstream junk(mnt / "junk", std::ios::binary);
    const std::string block(1 << 16, 'j');
    while (junk.write(block.data(), block.size())) {
    }
  }
  Status full;
  for (int round = 0; round < 20 && full.ok(); ++round)
    full = WriteNodes(db->get(), "b" + std::to_string(round) + "-", 2000);
  ASSERT_FALSE(full.ok()) << "the disk never filled";
  EXPECT_NE(full.ToString().find("No space left"), std::string::npos) << full.ToString();

  // Reads still work.
  auto view = (*db)->Read();
  EXPECT_TRUE(view->FindNode("a0").has_value());

  // Room again: writes go on in the same process (the next write resumes
  // the database, see Database::BeginWrite), and after reopening nothing
  // acknowledged is lost.
  fs::remove(mnt / "junk");
  Status resumed = WriteNodes(db->get(), "r", 10);
  EXPECT_TRUE(resumed.ok()) << resumed.ToString();
  EXPECT_TRUE((*db)->Read()->FindNode("r9").has_value());
  view.reset();
  db->reset();
  auto reopened = Database::Open((mnt / "db").string(), {.create_if_missing = false});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_TRUE((*reopened)->Read()->FindNode("a99").has_value());
  EXPECT_TRUE((*reopened)->Read()->FindNode("r9").has_value());
  Status again = WriteNodes(reopened->get(), "c", 10);
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_TRUE((*reopened)->Read()->FindNode("c9").has_value());
}

}  // namespace
}  // namespace actorgraph
