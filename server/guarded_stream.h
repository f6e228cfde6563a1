// GuardedStream: the server's side of one connection's byte stream, wrapped
// so that the server can see what the RPC layer reads and writes.
//
// It follows the Cap'n Proto framing of incoming messages (segment table,
// then the segments) and refuses a message larger than the current limit
// as soon as its segment table arrives, before Cap'n Proto allocates room
// for it: before login the limit is small, so a client that has not logged
// in cannot make the server hold a large buffer. It also records when the
// last bytes arrived (for the idle timeout) and how many bytes have been
// written out (for back-pressure on cursors).
//
// Thread-safety: the event-loop thread only.
#pragma once

#include <cstdint>
#include <functional>

#include <kj/async-io.h>
#include <kj/time.h>

namespace actorgraph::server {

class GuardedStream final : public kj::AsyncIoStream {
 public:
  // `max_message_bytes()` is asked for each message's limit when its segment
  // table is complete; `on_written(n)` is told of n more bytes written.
  GuardedStream(kj::Own<kj::AsyncIoStream> inner, kj::Timer& timer,
                std::function<uint64_t()> max_message_bytes,
                std::function<void(uint64_t)> on_written);

  kj::TimePoint last_read() const { return last_read_; }

  kj::Promise<size_t> tryRead(void* buffer, size_t min_bytes, size_t max_bytes) override;
  kj::Promise<void> write(const void* buffer, size_t size) override;
  kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override;
  kj::Promise<void> whenWriteDisconnected() override { return inner_->whenWriteDisconnected(); }
  void shutdownWrite() override { inner_->shutdownWrite(); }
  void abortRead() override { inner_->abortRead(); }
  void getsockopt(int level, int option, void* value, kj::uint* length) override {
    inner_->getsockopt(level, option, value, length);
  }
  void setsockopt(int level, int option, const void* value, kj::uint length) override {
    inner_->setsockopt(level, option, value, length);
  }
  void getsockname(struct sockaddr* addr, kj::uint* length) override {
    inner_->getsockname(addr, length);
  }
  void getpeername(struct sockaddr* addr, kj::uint* length) override {
    inner_->getpeername(addr, length);
  }

 private:
  // Feeds bytes just read through the framing state machine; throws when a
  // message is over the limit.
  void Follow(const kj::byte* p, size_t n);

  kj::Own<kj::AsyncIoStream> inner_;
  kj::Timer& timer_;
  std::function<uint64_t()> max_message_bytes_;
  std::function<void(uint64_t)> on_written_;
  kj::TimePoint last_read_;

  // Framing: a message is a segment table (a 4-byte segment count minus one,
  // 4 bytes per segment size in words, padded to 8 bytes) and then the
  // segments.
  enum class Part { kCount, kSizes, kBody } part_ = Part::kCount;
  uint8_t word_[4] = {};
  size_t word_fill_ = 0;
  uint64_t segments_ = 0;    // in this message
  uint64_t sizes_left_ = 0;  // 4-byte entries (with padding) still to read
  uint64_t body_words_ = 0;  // words announced so far
  uint64_t body_left_ = 0;   // bytes of segments still to read
};

}  // namespace actorgraph::server
