// Sequential file I/O that bypasses the page cache (O_DIRECT), for files that
// are written once, read back once and deleted: the bulk loader's run files.
// Through the page cache every byte of them takes a page the kernel must
// allocate (and, on a virtual machine, often the host must back) only to
// throw away after the merge; at peers sf 10 that was ~1 GB and most of the
// spill thread's time. Direct I/O moves the bytes between our buffers and the
// disk instead.
//
// Where the file system refuses O_DIRECT (tmpfs on older kernels; some network
// file systems), both classes fall back to ordinary reads and writes, with
// the same results.
//
// Thread-safety: none; one object per thread. Ownership: each object owns
// its file descriptor and buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <string>

#include "common/status.h"

namespace actorgraph {

// Direct I/O wants buffers, file offsets and lengths aligned to the logical
// block size; 4096 covers every common device.
constexpr size_t kDirectIoAlign = 4096;

// kPrefer: O_DIRECT where the file system takes it (see above). kOff:
// ordinary I/O always, which is what a file system without O_DIRECT gets;
// tests use it to run that path on any machine.
enum class DirectIo { kPrefer, kOff };

// A heap buffer aligned to kDirectIoAlign.
class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  // Precondition: size is a multiple of kDirectIoAlign.
  explicit AlignedBuffer(size_t size);
  char* data() const { return data_.get(); }
  size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(char* p) const;
  };
  std::unique_ptr<char, Free> data_;
  size_t size_ = 0;
};

// Writes a new file (created or truncated) from its start. A full buffer is
// written on a thread of its own while Append fills a second one.
class DirectFileWriter {
 public:
  // The buffer is `buffer_bytes` rounded up to kDirectIoAlign.
  static Result<std::unique_ptr<DirectFileWriter>> Create(const std::string& path,
                                                          size_t buffer_bytes = 4 << 20,
                                                          DirectIo mode = DirectIo::kPrefer);
  ~DirectFileWriter();  // closes the file; bytes not yet Finish()ed are lost
  DirectFileWriter(const DirectFileWriter&) = delete;
  DirectFileWriter& operator=(const DirectFileWriter&) = delete;

  Status Append(const char* data, size_t n);
  // Bytes appended so far (the file's length once finished).
  uint64_t position() const { return written_ + used_; }
  // Writes what is buffered, sets the file's exact length and closes it.
  Status Finish();

 private:
  DirectFileWriter(int fd, std::string path, size_t buffer_bytes);
  // Writes n bytes (a multiple of kDirectIoAlign) at `offset`.
  Status WriteAt(const char* data, size_t n, uint64_t offset);
  Status WaitForWrite();  // for the write in flight, if any

  int fd_;
  std::string path_;
  AlignedBuffer buf_;    // being filled
  AlignedBuffer spare_;  // being written by in_flight_, if valid()
  std::future<Status> in_flight_;
  size_t used_ = 0;       // bytes in buf_
  uint64_t written_ = 0;  // bytes handed to writes (a multiple of kDirectIoAlign until Finish)
};

// Reads the byte range [begin, end) of a file from its start to its end
// through a window: Ensure(n) makes n bytes available at data() (or what is
// left of the range), Consume(n) moves past them.
class DirectRangeReader {
 public:
  static Result<std::unique_ptr<DirectRangeReader>> Open(const std::string& path, uint64_t begin,
                                                         uint64_t end,
                                                         size_t buffer_bytes = 1 << 20,
                                                         DirectIo mode = DirectIo::kPrefer);
  ~DirectRangeReader();
  DirectRangeReader(const DirectRangeReader&) = delete;
  DirectRangeReader& operator=(const DirectRangeReader&) = delete;

  const char* data() const { return buf_.data() + off_; }
  size_t available() const { return len_ - off_; }
  // Precondition: n <= available().
  void Consume(size_t n) { off_ += n; }
  // Whether every byte of the range has been read into the window.
  bool AtEndOfRange() const { return file_pos_ >= end_; }
  // Makes at least `want` bytes available, or all that is left of the range.
  // An error if the file ends before the range does or cannot be read.
  Status Ensure(size_t want);

 private:
  DirectRangeReader(int fd, std::string path, uint64_t begin, uint64_t end, size_t buffer_bytes);

  int fd_;
  std::string path_;
  uint64_t file_pos_;  // next offset to read (aligned unless at the end)
  uint64_t end_;
  size_t skip_;  // bytes before `begin` in the first aligned read
  size_t buffer_bytes_;
  AlignedBuffer buf_;
  size_t off_ = 0, len_ = 0;  // the window: buf_[off_, len_)
};

}  // namespace actorgraph
