// Creating a database that is cut short (the process killed during `init`)
// leaves either no database or one that the next open finishes; never one
// that stays unopenable.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/database.h"
#include "engine/write_txn.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

namespace fs = std::filesystem;

TEST(DatabaseInit, MissingOntologyOfAnEmptyDatabaseIsRecreated) {
  // What a kill between the store's creation and ontology.ag's left before.
  testing::TempDir dir;
  const std::string db_dir = (fs::path(dir.path()) / "db").string();
  ASSERT_TRUE(Database::Open(db_dir).ok());
  fs::remove(fs::path(db_dir) / "ontology.ag");
  auto db = Database::Open(db_dir, {.create_if_missing = false});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_TRUE(fs::exists(fs::path(db_dir) / "ontology.ag"));
}

TEST(DatabaseInit, MissingOntologyOfADatabaseWithDataIsCorruption) {
  testing::TempDir dir;
  const std::string db_dir = (fs::path(dir.path()) / "db").string();
  {
    auto db = Database::Open(db_dir);
    ASSERT_TRUE(db.ok());
    auto txn = (*db)->BeginWrite("one");
    Node n;
    n.xid = "p1";
    n.labels = {"Person"};
    n.name = "P";
    ASSERT_TRUE(txn->PutNode(&n).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  fs::remove(fs::path(db_dir) / "ontology.ag");
  auto db = Database::Open(db_dir, {.create_if_missing = false});
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("no ontology.ag"), std::string::npos);
}

TEST(DatabaseInit, KilledAtAnyMomentOfCreationOpensAfterwards) {
  // Kills the creating process after a growing delay, so that the kill falls
  // at different steps of the creation; every leftover must open.
  testing::TempDir dir;
  int killed = 0;
  for (int round = 0; round < 40; ++round) {
    const std::string db_dir = (fs::path(dir.path()) / ("db" + std::to_string(round))).string();
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto db = Database::Open(db_dir);
      _exit(db.ok() ? 0 : 1);
    }
    usleep(static_cast<useconds_t>(round * 500));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
      ++killed;
    else
      ASSERT_EQ(WEXITSTATUS(status), 0) << "creation failed on its own";
    auto db = Database::Open(db_dir);
    ASSERT_TRUE(db.ok()) << "round " << round << ": " << db.status().ToString();
  }
  EXPECT_GT(killed, 0);  // some rounds did cut the creation short
}

}  // namespace
}  // namespace actorgraph
