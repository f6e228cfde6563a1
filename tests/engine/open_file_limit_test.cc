// A database of more table files than the process may keep open: RocksDB
// opened every table file at DB::Open, so such a database (a large import
// leaves hundreds of files; Debian's soft limit is 1024 descriptors) could
// not be opened at all ("Too many open files"). Now it keeps half of the
// limit open and closes the least used.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <filesystem>
#include <string>

#include "common/open_file_limit.h"
#include "engine/database.h"
#include "engine/read_view.h"
#include "engine/write_txn.h"
#include "tests/store_test_util.h"
#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::MakeNode;
using testing::TempDir;

// Sets the soft limit on open files for its lifetime.
class SoftFileLimit {
 public:
  explicit SoftFileLimit(rlim_t soft) {
    getrlimit(RLIMIT_NOFILE, &old_);
    rlimit l = old_;
    l.rlim_cur = soft;
    ok_ = setrlimit(RLIMIT_NOFILE, &l) == 0;
  }
  ~SoftFileLimit() { setrlimit(RLIMIT_NOFILE, &old_); }
  bool ok() const { return ok_; }

 private:
  rlimit old_{};
  bool ok_ = false;
};

size_t TableFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    n += e.path().extension() == ".sst";
  return n;
}

TEST(OpenFileLimit, ADatabaseOfMoreTableFilesThanTheLimitOpensAndReads) {
  TempDir d;
  constexpr int kNodes = 700;
  {
    auto db = std::move(Database::Open(d.path())).value();
    auto txn = db->BeginWrite("many batches");
    txn->SetSpillThreshold(10);  // each staged batch adds files that are never merged
    for (int i = 0; i < kNodes; ++i) {
      Node n = MakeNode("p" + std::to_string(i), "Person", "Person " + std::to_string(i));
      ASSERT_TRUE(txn->PutNode(&n).ok());
    }
    ASSERT_TRUE(txn->Commit().ok());
  }
  const size_t files = TableFiles(d.path());
  ASSERT_GT(files, 120u) << files;  // ~2 a batch
  SoftFileLimit limit(100);
  ASSERT_TRUE(limit.ok());
  ASSERT_EQ(OpenFileLimit(), 100u);
  auto db = Database::Open(d.path());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto view = (*db)->Read();
  for (int i = 0; i < kNodes; ++i) {
    auto id = view->FindNode("p" + std::to_string(i));
    ASSERT_TRUE(id) << i;
    Node n;
    ASSERT_TRUE(view->GetNode(*id, &n).ok()) << i;
    EXPECT_EQ(n.name, "Person " + std::to_string(i));
  }
}

TEST(OpenFileLimit, RaiseOpenFileLimitLiftsTheSoftLimitToTheHardOne) {
  SoftFileLimit limit(100);
  ASSERT_TRUE(limit.ok());
  rlimit l{};
  getrlimit(RLIMIT_NOFILE, &l);
  const uint64_t raised = RaiseOpenFileLimit();
  EXPECT_EQ(raised, l.rlim_max == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(l.rlim_max));
  EXPECT_GT(raised, 100u);
}

}  // namespace
}  // namespace actorgraph
