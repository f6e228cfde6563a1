#include "server/guarded_stream.h"

#include <kj/debug.h>

namespace actorgraph::server {

GuardedStream::GuardedStream(kj::Own<kj::AsyncIoStream> inner, kj::Timer& timer,
                             std::function<uint64_t()> max_message_bytes,
                             std::function<void(uint64_t)> on_written)
    : inner_(kj::mv(inner)),
      timer_(timer),
      max_message_bytes_(std::move(max_message_bytes)),
      on_written_(std::move(on_written)),
      last_read_(timer.now()) {}

kj::Promise<size_t> GuardedStream::tryRead(void* buffer, size_t min_bytes, size_t max_bytes) {
  return inner_->tryRead(buffer, min_bytes, max_bytes).then([this, buffer](size_t n) {
    if (n > 0) {
      last_read_ = timer_.now();
      Follow(static_cast<const kj::byte*>(buffer), n);
    }
    return n;
  });
}

kj::Promise<void> GuardedStream::write(const void* buffer, size_t size) {
  return inner_->write(buffer, size).then([this, size]() { on_written_(size); });
}

kj::Promise<void> GuardedStream::write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) {
  uint64_t size = 0;
  for (auto& p : pieces)
    size += p.size();
  return inner_->write(pieces).then([this, size]() { on_written_(size); });
}

void GuardedStream::Follow(const kj::byte* p, size_t n) {
  while (n > 0) {
    if (part_ == Part::kBody) {
      const uint64_t take = std::min<uint64_t>(n, body_left_);
      body_left_ -= take;
      p += take;
      n -= take;
      if (body_left_ == 0) part_ = Part::kCount;
      continue;
    }
    // The count and the sizes are little-endian 32-bit words.
    while (n > 0 && word_fill_ < 4) {
      word_[word_fill_++] = *p++;
      --n;
    }
    if (word_fill_ < 4) return;
    word_fill_ = 0;
    const uint32_t v = uint32_t(word_[0]) | uint32_t(word_[1]) << 8 | uint32_t(word_[2]) << 16 |
                       uint32_t(word_[3]) << 24;
    if (part_ == Part::kCount) {
      // Cap'n Proto itself refuses more than 512 segments.
      segments_ = uint64_t(v) + 1;
      if (segments_ > 512)
        kj::throwFatalException(KJ_EXCEPTION(FAILED, "message has too many segments"));
      sizes_left_ = segments_ + (segments_ % 2 == 0 ? 1 : 0);  // padding to 8 bytes
      body_words_ = 0;
      part_ = Part::kSizes;
      continue;
    }
    // Part::kSizes: the last entry is padding when the count is even.
    const bool padding = sizes_left_ == 1 && segments_ % 2 == 0;
    if (!padding) body_words_ += v;
    const uint64_t limit = max_message_bytes_();
    if (body_words_ * 8 > limit) {
      kj::throwFatalException(
          KJ_EXCEPTION(FAILED, "message too large for this connection", body_words_ * 8, limit));
    }
    if (--sizes_left_ == 0) {
      body_left_ = body_words_ * 8;
      part_ = body_left_ ? Part::kBody : Part::kCount;
    }
  }
}

}  // namespace actorgraph::server
