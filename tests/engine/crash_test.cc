// Kills a process in the middle of writing batches, reopens the database and
// checks that every batch is wholly present or wholly absent.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/database.h"
#include "engine/read_view.h"
#include "engine/write_txn.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

constexpr int kPerBatch = 3000;

[[noreturn]] void WriteForever(const std::string& dir) {
  auto db = Database::Open(dir);
  if (!db.ok()) _exit(2);
  for (int batch = 0;; ++batch) {
    auto txn = (*db)->BeginWrite("batch " + std::to_string(batch));
    for (int i = 0; i < kPerBatch; ++i) {
      Node n;
      n.xid = "b" + std::to_string(batch) + "-" + std::to_string(i);
      n.labels = {"Company"};
      n.name = "Company " + n.xid;
      n.props = {{"registration_number", Value(std::to_string(i))}};
      if (!txn->PutNode(&n).ok()) _exit(3);
      if (i > 0) {
        Relationship r;
        r.xid = "r" + n.xid;
        r.type = "OWNS";
        r.src = n.id - 1;
        r.dst = n.id;
        if (!txn->PutRel(&r).ok()) _exit(4);
      }
    }
    if (!txn->Commit().ok()) _exit(5);
  }
}

TEST(CrashSafety, KilledWriterLeavesWholeBatchesOnly) {
  testing::TempDir dir;
  for (int round = 0; round < 3; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) WriteForever(dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(400 + 250 * round));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own with " << status;

    auto db = Database::Open(dir.path(), {.create_if_missing = false});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto view = (*db)->Read();
    int whole = 0;
    for (int batch = 0;; ++batch) {
      const std::string prefix = "b" + std::to_string(batch) + "-";
      const bool first = view->FindNode(prefix + "0").has_value();
      const bool last = view->FindNode(prefix + std::to_string(kPerBatch - 1)).has_value();
      const bool last_rel = view->FindRel("r" + prefix + std::to_string(kPerBatch - 1)).has_value();
      EXPECT_EQ(first, last) << "batch " << batch << " is half-written";
      EXPECT_EQ(first, last_rel) << "batch " << batch << " has nodes without relationships";
      if (!first) break;
      ++whole;
    }
    EXPECT_EQ(static_cast<TxnId>(whole), (*db)->LastTxn());
    // The next round's writer continues on top (and batch numbers restart,
    // so later rounds re-put existing nodes: still whole-or-nothing).
  }
}

}  // namespace
}  // namespace actorgraph
