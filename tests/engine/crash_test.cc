// Kills a process in the middle of writing batches, reopens the database and
// checks that every batch is wholly present or wholly absent. The writer
// reports each commit on a pipe, so the kill waits for the state it needs
// (some batches committed, the next one under way), not for a lapse of time.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "engine/database.h"
#include "engine/read_view.h"
#include "engine/write_txn.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

constexpr int kPerBatch = 3000;

// Writes batches until killed; writes one byte to `committed_fd` after each
// commit.
[[noreturn]] void WriteForever(const std::string& dir, int committed_fd) {
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
    const char one = 1;
    if (write(committed_fd, &one, 1) != 1) _exit(6);
  }
}

TEST(CrashSafety, KilledWriterLeavesWholeBatchesOnly) {
  testing::TempDir dir;
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      WriteForever(dir.path(), fds[1]);
    }
    close(fds[1]);
    // Kill once round + 1 batches are committed: the writer has begun the
    // next one (it starts right after reporting), so the kill cuts a batch.
    int reported = 0;
    char byte;
    while (reported < round + 1 && read(fds[0], &byte, 1) == 1)
      ++reported;
    kill(pid, SIGKILL);
    close(fds[0]);
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
    EXPECT_GE(whole, reported) << "a reported commit is missing";
    EXPECT_EQ(reported, round + 1) << "the writer stopped before committing";
    // The next round's writer continues on top (and batch numbers restart,
    // so later rounds re-put existing nodes: still whole-or-nothing).
  }
}

}  // namespace
}  // namespace actorgraph
