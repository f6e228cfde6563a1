#include "engine/direct_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace actorgraph {

namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IOError(what + " " + path + ": " + std::strerror(errno));
}

size_t AlignUp(size_t n) {
  return (n + kDirectIoAlign - 1) & ~(kDirectIoAlign - 1);
}

// Opens with O_DIRECT where the file system allows it (and `mode` asks for
// it), else without.
int OpenPreferringDirect(const std::string& path, int flags, DirectIo mode) {
  if (mode == DirectIo::kPrefer) {
    const int fd = ::open(path.c_str(), flags | O_DIRECT | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EINVAL) return fd;
  }
  return ::open(path.c_str(), flags | O_CLOEXEC, 0644);
}

// Some file systems accept O_DIRECT at open and refuse it at the first
// transfer (EINVAL): then the descriptor goes on without it. True if the
// transfer should be tried again.
bool DropDirectAfter(int fd) {
  if (errno != EINVAL) return false;
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || !(flags & O_DIRECT)) return false;
  return ::fcntl(fd, F_SETFL, flags & ~O_DIRECT) == 0;
}

}  // namespace

// ---------------------------------------------------------------- AlignedBuffer

AlignedBuffer::AlignedBuffer(size_t size)
    : data_(static_cast<char*>(std::aligned_alloc(kDirectIoAlign, size))), size_(size) {
  if (!data_) throw std::bad_alloc();
}

void AlignedBuffer::Free::operator()(char* p) const {
  std::free(p);
}

// ---------------------------------------------------------------- DirectFileWriter

Result<std::unique_ptr<DirectFileWriter>> DirectFileWriter::Create(const std::string& path,
                                                                   size_t buffer_bytes,
                                                                   DirectIo mode) {
  const int fd = OpenPreferringDirect(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) return Errno("cannot create", path);
  return std::unique_ptr<DirectFileWriter>(new DirectFileWriter(fd, path, buffer_bytes));
}

DirectFileWriter::DirectFileWriter(int fd, std::string path, size_t buffer_bytes)
    : fd_(fd),
      path_(std::move(path)),
      buf_(AlignUp(std::max<size_t>(buffer_bytes, kDirectIoAlign))),
      spare_(buf_.size()) {}

DirectFileWriter::~DirectFileWriter() {
  (void)WaitForWrite();
  if (fd_ >= 0) ::close(fd_);
}

Status DirectFileWriter::Append(const char* data, size_t n) {
  while (n > 0) {
    const size_t take = std::min(n, buf_.size() - used_);
    std::memcpy(buf_.data() + used_, data, take);
    used_ += take;
    data += take;
    n -= take;
    if (used_ == buf_.size()) {
      // The full buffer is written on another thread while this one fills
      // the spare: a direct write waits for the disk.
      AG_RETURN_IF_ERROR(WaitForWrite());
      std::swap(buf_, spare_);
      const uint64_t at = written_;
      written_ += used_;
      in_flight_ = std::async(std::launch::async,
                              [this, n = used_, at] { return WriteAt(spare_.data(), n, at); });
      used_ = 0;
    }
  }
  return Status::OK();
}

Status DirectFileWriter::WaitForWrite() {
  if (!in_flight_.valid()) return Status::OK();
  return in_flight_.get();
}

Status DirectFileWriter::WriteAt(const char* data, size_t n, uint64_t offset) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pwrite(fd_, data + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR || DropDirectAfter(fd_)) continue;
      return Errno("cannot write", path_);
    }
    done += static_cast<size_t>(got);
  }
  return Status::OK();
}

Status DirectFileWriter::Finish() {
  if (fd_ < 0) return Status::Internal("file " + path_ + " already finished");
  const uint64_t length = position();
  // The last block is padded to the alignment, then cut off.
  const size_t padded = AlignUp(used_);
  std::memset(buf_.data() + used_, 0, padded - used_);
  Status s = WaitForWrite();
  if (s.ok()) s = WriteAt(buf_.data(), padded, written_);
  written_ += used_;
  used_ = 0;
  if (s.ok() && ::ftruncate(fd_, static_cast<off_t>(length)) != 0) s = Errno("cannot size", path_);
  if (::close(fd_) != 0 && s.ok()) s = Errno("cannot close", path_);
  fd_ = -1;
  return s;
}

// ---------------------------------------------------------------- DirectRangeReader

Result<std::unique_ptr<DirectRangeReader>> DirectRangeReader::Open(const std::string& path,
                                                                   uint64_t begin, uint64_t end,
                                                                   size_t buffer_bytes,
                                                                   DirectIo mode) {
  const int fd = OpenPreferringDirect(path, O_RDONLY, mode);
  if (fd < 0) return Errno("cannot open", path);
  return std::unique_ptr<DirectRangeReader>(
      new DirectRangeReader(fd, path, begin, std::max(begin, end), buffer_bytes));
}

DirectRangeReader::DirectRangeReader(int fd, std::string path, uint64_t begin, uint64_t end,
                                     size_t buffer_bytes)
    : fd_(fd),
      path_(std::move(path)),
      file_pos_(begin & ~static_cast<uint64_t>(kDirectIoAlign - 1)),
      end_(end),
      skip_(static_cast<size_t>(begin - file_pos_)),
      buffer_bytes_(AlignUp(std::max<size_t>(buffer_bytes, kDirectIoAlign))) {
  if (begin == end) file_pos_ = end_;  // nothing to read
}

DirectRangeReader::~DirectRangeReader() {
  ::close(fd_);
}

Status DirectRangeReader::Ensure(size_t want) {
  if (available() >= want || AtEndOfRange()) return Status::OK();
  // The unread bytes move to just below an aligned offset, and the file is
  // read from there on: both the buffer position and the file offset of
  // every read stay aligned.
  const size_t rest = available();
  const size_t head = AlignUp(rest);
  const size_t need = head + std::max(buffer_bytes_, AlignUp(want + skip_));
  if (buf_.size() < need) {
    AlignedBuffer bigger(need);
    if (rest > 0) std::memcpy(bigger.data() + head - rest, data(), rest);
    buf_ = std::move(bigger);
  } else if (rest > 0) {
    std::memmove(buf_.data() + head - rest, data(), rest);
  }
  off_ = head - rest;
  len_ = head;
  // Usually one read fills the buffer: reads come up short only at the end
  // of the file (then the next one returns 0 if the range is not done).
  while (len_ < buf_.size() && file_pos_ < end_) {
    const ssize_t got =
        ::pread(fd_, buf_.data() + len_, buf_.size() - len_, static_cast<off_t>(file_pos_));
    if (got < 0) {
      if (errno == EINTR || DropDirectAfter(fd_)) continue;
      return Errno("cannot read", path_);
    }
    if (got == 0) return Status::Corruption("file " + path_ + " is shorter than expected");
    // Bytes past the range (the next section, or the block's tail) are dropped.
    const size_t useful =
        static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(got), end_ - file_pos_));
    len_ += useful;
    file_pos_ += useful;
    if (skip_ > 0) {
      // The first read started at the aligned offset below `begin`.
      const size_t s = std::min(skip_, available());
      off_ += s;
      skip_ -= s;
    }
  }
  if (available() < want && !AtEndOfRange())
    return Status::Corruption("file " + path_ + " is shorter than expected");
  return Status::OK();
}

}  // namespace actorgraph
