// SHA-256 (FIPS 180-4), small and dependency-free: Documents are identified
// by the hash of the file's bytes.
//
// Thread-safety: a Sha256 is used by one thread; the functions are
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace actorgraph {

class Sha256 {
 public:
  Sha256() { Reset(); }
  void Reset();
  void Update(const void* data, size_t n);
  // 64 lowercase hex digits; the object must be Reset() before reuse.
  std::string HexDigest();

 private:
  void Block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t used_ = 0;
  uint64_t len_ = 0;
};

// The hex SHA-256 of a file's bytes, and its size.
Result<std::string> Sha256File(const std::string& path, uint64_t* bytes = nullptr);

}  // namespace actorgraph
