#include "engine/sorted_runs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::TempDir;

std::vector<std::pair<std::string, std::string>> Drain(
    std::vector<std::unique_ptr<SortedSource>> sources) {
  std::vector<std::pair<std::string, std::string>> out;
  Status s = MergeSources(std::move(sources), [&](std::string_view k, std::string_view v) {
    out.emplace_back(std::string(k), std::string(v));
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// Random keys in three partitions, spread over several batches (some spilled
// to run files, one kept in memory): the merge of each partition yields its
// entries in key order, values attached, nothing lost or invented.
TEST(SortedRunsTest, MergedRunsAndBatchGiveEachPartitionInOrder) {
  TempDir dir;
  std::mt19937 rng(7);
  std::map<std::string, std::string> want[3];
  std::vector<std::unique_ptr<KvBatch>> batches;
  std::vector<RunFile> runs;
  for (int b = 0; b < 4; ++b) {
    auto batch = std::make_unique<KvBatch>(4096);
    for (int i = 0; i < 500; ++i) {
      const uint8_t part = static_cast<uint8_t>(rng() % 3);
      // Keys of varied length, sharing long prefixes (past the 16 bytes the
      // sort keeps inline), and one value large enough for its own chunk.
      std::string key = std::string(rng() % 20, 'k') + std::to_string(rng() % 100000);
      if (want[part].count(key)) continue;
      std::string value = (b == 1 && i == 7) ? std::string(10000, 'v') : std::to_string(i);
      want[part][key] = value;
      batch->Add(part, key, value);
    }
    batch->Sort();
    if (b < 3) {
      auto run = WriteRun(
          *batch, 3, (std::filesystem::path(dir.path()) / ("run" + std::to_string(b))).string());
      ASSERT_TRUE(run.ok()) << run.status().ToString();
      runs.push_back(*run);
    } else {
      batches.push_back(std::move(batch));
    }
  }
  for (uint8_t p = 0; p < 3; ++p) {
    std::vector<std::unique_ptr<SortedSource>> sources;
    for (const RunFile& r : runs) {
      auto src = NewRunSource(r, p);
      ASSERT_TRUE(src.ok());
      sources.push_back(std::move(*src));
    }
    sources.push_back(NewBatchSource(*batches[0], p));
    auto got = Drain(std::move(sources));
    std::vector<std::pair<std::string, std::string>> expected(want[p].begin(), want[p].end());
    EXPECT_EQ(got, expected) << "partition " << int(p);
  }
}

// A batch emptied with Clear() and filled again (as the bulk loader reuses
// the batch it spilled) sorts and yields exactly what a new batch would, also
// when an entry is larger than the kept chunks; its memory is counted as for a
// new batch, not with the kept chunks on top.
TEST(SortedRunsTest, ClearedBatchIsReusedLikeANewOne) {
  std::mt19937 rng(11);
  KvBatch reused(4096);
  for (int round = 0; round < 3; ++round) {
    KvBatch fresh(4096);
    std::map<std::string, std::string> want[2];
    reused.Clear();
    EXPECT_EQ(reused.size(), 0u);
    for (int i = 0; i < 800; ++i) {
      const uint8_t part = static_cast<uint8_t>(rng() % 2);
      std::string key = "key" + std::to_string(rng() % 100000);
      if (want[part].count(key)) continue;
      // Round 1 starts with an entry larger than every kept chunk.
      std::string value = (round == 1 && i == 0) ? std::string(9000, 'x') : std::to_string(i);
      want[part][key] = value;
      reused.Add(part, key, value);
      fresh.Add(part, key, value);
    }
    EXPECT_LE(reused.MemoryBytes(), fresh.MemoryBytes() + 9000 + 4096) << "round " << round;
    reused.Sort();
    fresh.Sort();
    for (uint8_t p = 0; p < 2; ++p) {
      std::vector<std::unique_ptr<SortedSource>> a, b;
      a.push_back(NewBatchSource(reused, p));
      b.push_back(NewBatchSource(fresh, p));
      std::vector<std::pair<std::string, std::string>> expected(want[p].begin(), want[p].end());
      EXPECT_EQ(Drain(std::move(a)), expected) << "round " << round << " partition " << int(p);
      EXPECT_EQ(Drain(std::move(b)), expected);
    }
  }
}

TEST(SortedRunsTest, SortKeepsPartitionsApartAndLeavesOrderedInputAlone) {
  KvBatch b(4096);
  b.Add(2, "b", "1");
  b.Add(0, "z", "2");
  b.Add(2, "a", "3");
  b.Add(0, "y", "4");
  b.Add(1, "m", "5");
  b.Sort();
  std::vector<std::string> order;
  for (size_t i = 0; i < b.size(); ++i)
    order.push_back(std::to_string(b.Part(i)) + std::string(b.Key(i)) + std::string(b.Value(i)));
  EXPECT_EQ(order, (std::vector<std::string>{"0y4", "0z2", "1m5", "2a3", "2b1"}));
  EXPECT_EQ(b.PartRange(0), (std::pair<size_t, size_t>{0, 2}));
  EXPECT_EQ(b.PartRange(1), (std::pair<size_t, size_t>{2, 3}));
  EXPECT_EQ(b.PartRange(2), (std::pair<size_t, size_t>{3, 5}));
  EXPECT_EQ(b.PartRange(3), (std::pair<size_t, size_t>{5, 5}));
}

// Many keys (so the radix sort, not only its small-range fallback, runs)
// that share long prefixes, differ only after the 24 inline bytes, are
// shorter than 24 bytes, or end in zero bytes ("a" before "a\0"): sorted as
// std::string compares them.
TEST(SortedRunsTest, SortOrdersManyKeysLikeStringComparison) {
  std::mt19937_64 rng(7);
  std::vector<std::string> keys;
  auto be = [](uint64_t v) {
    std::string s(8, '\0');
    for (int i = 7; i >= 0; --i, v >>= 8)
      s[i] = static_cast<char>(v & 0xff);
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    switch (rng() % 5) {
      case 0:  // adjacency-like: src, type, dst, id
        keys.push_back(be(rng() % 3000) + std::string(4, '\1') + be(rng() % 50) + be(rng()));
        break;
      case 1:  // equal in the first 24 bytes and more
        keys.push_back(std::string(30, 'p') + std::to_string(rng() % 100000));
        break;
      case 2:  // short, with zero bytes
        keys.push_back(std::string(rng() % 4, '\0') + std::string(1, static_cast<char>(rng() % 3)));
        break;
      case 3:
        keys.push_back("a" + std::string(rng() % 30, '\0'));
        break;
      default:
        keys.push_back(be(rng() % 100) + std::to_string(rng() % 1000));
    }
  }
  KvBatch b(1 << 16);
  for (size_t i = 0; i < keys.size(); ++i)
    b.Add(3, keys[i], std::to_string(i));
  b.Sort();
  std::vector<std::string> want = keys, got;
  std::sort(want.begin(), want.end());
  std::multiset<std::string> values;
  for (size_t i = 0; i < b.size(); ++i) {
    got.emplace_back(b.Key(i));
    const size_t v = std::stoul(std::string(b.Value(i)));
    ASSERT_LT(v, keys.size());
    EXPECT_EQ(keys[v], b.Key(i));  // each value still with its key
  }
  EXPECT_EQ(got, want);
}

// Any number of sources (none, one, not a power of two), some empty, some
// exhausted long before the others, and keys repeated across sources: the
// merge gives every entry once, keys in order (equal keys side by side).
TEST(SortedRunsTest, MergeOfManySourcesGivesEveryEntryInKeyOrder) {
  std::mt19937 rng(23);
  for (size_t k : {0, 1, 2, 3, 5, 8, 13, 34, 35}) {
    std::vector<std::unique_ptr<KvBatch>> batches;
    using Entries = std::multiset<std::pair<std::string, std::string>>;
    Entries want;
    std::vector<std::unique_ptr<SortedSource>> sources;
    for (size_t i = 0; i < k; ++i) {
      auto b = std::make_unique<KvBatch>(4096);
      const size_t n = i % 4 == 1 ? 0 : rng() % (i % 3 == 0 ? 5 : 300);
      std::set<std::string> keys;  // unique within a source, as in a run
      while (keys.size() < n)
        keys.insert("k" + std::to_string(rng() % 500));
      for (const std::string& key : keys) {
        const std::string value = std::to_string(i);
        b->Add(0, key, value);
        want.emplace(key, value);
      }
      b->Sort();
      sources.push_back(NewBatchSource(*b, 0));
      batches.push_back(std::move(b));
    }
    const auto got = Drain(std::move(sources));
    ASSERT_EQ(got.size(), want.size()) << k << " sources";
    EXPECT_TRUE(std::is_sorted(got.begin(), got.end(),
                               [](const auto& a, const auto& b) { return a.first < b.first; }))
        << k << " sources";
    const Entries got_set(got.begin(), got.end());
    EXPECT_EQ(got_set, want) << k << " sources";
  }
}

TEST(SortedRunsTest, MergeStopsAtTheFirstError) {
  KvBatch b(4096);
  for (int i = 0; i < 10; ++i)
    b.Add(0, "k" + std::to_string(i), "v");
  b.Sort();
  std::vector<std::unique_ptr<SortedSource>> sources;
  sources.push_back(NewBatchSource(b, 0));
  int seen = 0;
  Status s = MergeSources(std::move(sources), [&](std::string_view, std::string_view) {
    return ++seen == 3 ? Status::InvalidArgument("stop") : Status::OK();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(seen, 3);
}

TEST(SortedRunsTest, TruncatedRunFileIsAnError) {
  TempDir dir;
  KvBatch b(4096);
  for (int i = 0; i < 100; ++i)
    b.Add(0, "key" + std::to_string(1000 + i), "value");
  b.Sort();
  const std::string path = (std::filesystem::path(dir.path()) / "run").string();
  auto run = WriteRun(b, 1, path);
  ASSERT_TRUE(run.ok());
  std::filesystem::resize_file(path, run->bytes() / 2);
  auto src = NewRunSource(*run, 0);
  ASSERT_TRUE(src.ok());
  std::vector<std::unique_ptr<SortedSource>> sources;
  sources.push_back(std::move(*src));
  Status s = MergeSources(std::move(sources),
                          [](std::string_view, std::string_view) { return Status::OK(); });
  EXPECT_FALSE(s.ok());
}

// Sorted keys that share long prefixes (as adjacency keys share their source
// node) are stored as suffixes: the run is much smaller than its keys, and
// every key reads back whole, also across the source's buffer refills.
TEST(SortedRunsTest, RunFilesStoreKeysAsSuffixesOfTheirNeighbours) {
  TempDir dir;
  KvBatch b(1 << 16);
  std::vector<std::pair<std::string, std::string>> want;
  size_t raw = 0;
  for (int n = 0; n < 2000; ++n)
    for (int e = 0; e < 40; ++e) {
      char key[29];
      std::snprintf(key, sizeof key, "%012d-type-%010d", n, e);  // 28 bytes
      want.emplace_back(key, "v");
      raw += 28 + 1;
    }
  for (size_t i = want.size(); i-- > 0;)  // added in reverse: Sort must order them
    b.Add(0, want[i].first, want[i].second);
  b.Sort();
  const std::string path = (std::filesystem::path(dir.path()) / "run").string();
  auto run = WriteRun(b, 1, path);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_LT(run->bytes(), raw / 2);
  auto src = NewRunSource(*run, 0);
  ASSERT_TRUE(src.ok());
  std::vector<std::unique_ptr<SortedSource>> sources;
  sources.push_back(std::move(*src));
  EXPECT_EQ(Drain(std::move(sources)), want);
}

// A run keeps every n-th key whole (a restart point) and can be read from any
// key on: for ranges that start and end anywhere (on a restart key, between
// two, before the first, past the last, empty) run and batch sources yield
// exactly the entries of the range, in order, and a run source decodes from
// the restart point before the range, not from the section's start.
TEST(SortedRunsTest, SourcesReadAKeyRange) {
  TempDir dir;
  KvBatch b(1 << 16);
  std::vector<std::pair<std::string, std::string>> all;
  for (int n = 0; n < 1000; ++n) {
    char key[32];
    std::snprintf(key, sizeof key, "node%08d-edge", n * 3);
    all.emplace_back(key, "v" + std::to_string(n));
  }
  for (size_t i = all.size(); i-- > 0;)
    b.Add(1, all[i].first, all[i].second);
  b.Add(0, "a-other-partition", "x");
  b.Add(2, "z-other-partition", "x");
  b.Sort();
  const std::string path = (std::filesystem::path(dir.path()) / "run").string();
  auto run = WriteRun(b, 3, path, /*restart_interval=*/64);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_EQ(run->restarts[1].size(), 1000u / 64 + 1);
  EXPECT_EQ(run->restarts[1][0].key, all[0].first);
  EXPECT_EQ(run->restarts[1][1].key, all[64].first);
  EXPECT_EQ(run->restarts[1][0].offset, run->offsets[1]);
  auto key = [](int n) {
    char k[32];
    std::snprintf(k, sizeof k, "node%08d-edge", n);
    return std::string(k);
  };
  const std::vector<KeyRange> ranges = {{"", ""},
                                        {"", key(3 * 64)},
                                        {key(3 * 64), ""},
                                        {key(100), key(700)},
                                        {key(3 * 64 + 1), key(3 * 128 + 1)},
                                        {key(5000), ""},
                                        {"", "a"},
                                        {key(301), key(302)},
                                        {key(300), key(301)}};
  for (const KeyRange& r : ranges) {
    std::vector<std::pair<std::string, std::string>> want;
    for (const auto& e : all)
      if (!r.Below(e.first) && !r.Above(e.first)) want.push_back(e);
    auto src = NewRunSource(*run, 1, r);
    ASSERT_TRUE(src.ok());
    std::vector<std::unique_ptr<SortedSource>> sources;
    sources.push_back(std::move(*src));
    EXPECT_EQ(Drain(std::move(sources)), want) << "run [" << r.lo << ", " << r.hi << ")";
    sources.clear();
    sources.push_back(NewBatchSource(b, 1, r));
    EXPECT_EQ(Drain(std::move(sources)), want) << "batch [" << r.lo << ", " << r.hi << ")";
  }
  // Reading from a late key does not decode the section's start: with its
  // first restart block overwritten by garbage, a source that starts past it
  // still reads its range.
  KeyRange late{key(3 * 900), ""};
  {
    std::FILE* f = std::fopen(path.c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    // Overwrite the first restart block of the section with garbage.
    std::fseek(f, static_cast<long>(run->offsets[1]), SEEK_SET);
    const std::string junk(static_cast<size_t>(run->restarts[1][1].offset - run->offsets[1]),
                           '\xff');
    std::fwrite(junk.data(), 1, junk.size(), f);
    std::fclose(f);
  }
  std::vector<std::pair<std::string, std::string>> want(all.begin() + 900, all.end());
  auto src = NewRunSource(*run, 1, late);
  ASSERT_TRUE(src.ok());
  std::vector<std::unique_ptr<SortedSource>> sources;
  sources.push_back(std::move(*src));
  EXPECT_EQ(Drain(std::move(sources)), want);
}

}  // namespace
}  // namespace actorgraph
