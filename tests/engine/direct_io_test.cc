#include "engine/direct_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "tests/test_util.h"

namespace actorgraph {
namespace {

using testing::TempDir;

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Each test runs with O_DIRECT (where this machine's file system takes it)
// and with ordinary I/O, the path a file system without O_DIRECT gets: both
// give the same bytes.
class DirectIoTest : public ::testing::TestWithParam<DirectIo> {};

INSTANTIATE_TEST_SUITE_P(BothModes, DirectIoTest,
                         ::testing::Values(DirectIo::kPrefer, DirectIo::kOff),
                         [](const auto& info) {
                           return info.param == DirectIo::kPrefer ? "Direct" : "Buffered";
                         });

// Appends of every size (one byte, across the buffer's end, larger than the
// buffer) give a file of exactly the bytes appended: the padding of the last
// aligned block is cut off.
TEST_P(DirectIoTest, WrittenFileHoldsExactlyTheAppendedBytes) {
  TempDir dir;
  const std::string path = (std::filesystem::path(dir.path()) / "f").string();
  std::mt19937 rng(3);
  std::string want;
  auto w = DirectFileWriter::Create(path, /*buffer_bytes=*/8192, GetParam());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  for (size_t n : {1, 4095, 4096, 3, 8192, 20000, 0, 7}) {
    std::string piece(n, '\0');
    for (char& c : piece)
      c = static_cast<char>(rng());
    ASSERT_TRUE((*w)->Append(piece.data(), piece.size()).ok());
    want += piece;
    EXPECT_EQ((*w)->position(), want.size());
  }
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_EQ(std::filesystem::file_size(path), want.size());
  EXPECT_EQ(ReadWhole(path), want);
}

// Many full buffers, each written while the next fills: the file holds the
// bytes in order. A writer dropped with a write in flight and never
// finished waits for that write before it closes the file.
TEST_P(DirectIoTest, BuffersWrittenBehindKeepTheirOrder) {
  TempDir dir;
  const std::string path = (std::filesystem::path(dir.path()) / "f").string();
  std::mt19937 rng(5);
  std::string want;
  auto w = DirectFileWriter::Create(path, /*buffer_bytes=*/4096, GetParam());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  while (want.size() < (1 << 20)) {
    std::string piece(rng() % 9000, '\0');
    for (char& c : piece)
      c = static_cast<char>(rng());
    ASSERT_TRUE((*w)->Append(piece.data(), piece.size()).ok());
    want += piece;
  }
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_EQ(ReadWhole(path), want);

  auto dropped = DirectFileWriter::Create(path + ".2", 4096, GetParam());
  ASSERT_TRUE(dropped.ok());
  ASSERT_TRUE((*dropped)->Append(want.data(), 3 * 4096).ok());
  dropped->reset();
  EXPECT_EQ(ReadWhole(path + ".2"), want.substr(0, 3 * 4096));  // every full buffer written
}

// A range read from any begin to any end (aligned or not, inside one block,
// empty, up to the file's unaligned end) through windows of varied sizes
// yields exactly the range's bytes.
TEST_P(DirectIoTest, RangeReaderYieldsTheRangeFromAnyOffset) {
  TempDir dir;
  const std::string path = (std::filesystem::path(dir.path()) / "f").string();
  std::string data(3 * 4096 * 5 + 123, '\0');
  std::mt19937 rng(5);
  for (char& c : data)
    c = static_cast<char>(rng());
  {
    std::ofstream out(path, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  }
  const uint64_t size = data.size();
  const std::vector<std::pair<uint64_t, uint64_t>> ranges = {
      {0, size},  {1, size},    {4096, 8192},     {4095, 4097},  {5000, 5000},
      {100, 200}, {8191, size}, {size - 1, size}, {12288, 40000}};
  for (const auto& [begin, end] : ranges)
    for (size_t want : {1, 15, 5000, 70000}) {
      auto r = DirectRangeReader::Open(path, begin, end, /*buffer_bytes=*/4096, GetParam());
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      std::string got;
      for (;;) {
        Status s = (*r)->Ensure(want);
        ASSERT_TRUE(s.ok()) << s.ToString();
        if ((*r)->available() == 0) break;
        // Take part of the window, so the next Ensure keeps unread bytes.
        const size_t take = std::min((*r)->available(), want / 2 + 1);
        got.append((*r)->data(), take);
        (*r)->Consume(take);
      }
      EXPECT_TRUE((*r)->AtEndOfRange());
      EXPECT_EQ(got, data.substr(begin, end - begin)) << begin << ".." << end << " want " << want;
    }
}

// A range past the file's end is an error, not a short read taken for the end.
TEST_P(DirectIoTest, RangePastTheFilesEndIsAnError) {
  TempDir dir;
  const std::string path = (std::filesystem::path(dir.path()) / "f").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(5000, 'x');
  }
  auto r = DirectRangeReader::Open(path, 100, 9000, 4096, GetParam());
  ASSERT_TRUE(r.ok());
  Status s;
  size_t read = 0;
  while (s.ok()) {
    s = (*r)->Ensure(4096);
    if (!s.ok() || (*r)->available() == 0) break;
    read += (*r)->available();
    (*r)->Consume((*r)->available());
  }
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
  EXPECT_LE(read, 4900u);
}

TEST_P(DirectIoTest, MissingFileIsAnIoError) {
  TempDir dir;
  auto r = DirectRangeReader::Open((std::filesystem::path(dir.path()) / "none").string(), 0, 10,
                                   4096, GetParam());
  EXPECT_FALSE(r.ok());
  auto w = DirectFileWriter::Create((std::filesystem::path(dir.path()) / "no" / "dir").string(),
                                    4096, GetParam());
  EXPECT_FALSE(w.ok());
}

}  // namespace
}  // namespace actorgraph
