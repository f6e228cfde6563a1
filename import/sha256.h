// SHA-256 (FIPS 180-4): Documents are identified by the hash of the file's
// bytes. OpenSSL's libcrypto computes it (with the CPU's SHA instructions
// where it has them: a 184 MB ACLED file hashed in 0.9 s by the former
// hand-written code, 3 % of the import's thread, takes a tenth of that).
//
// Thread-safety: a Sha256 is used by one thread; the functions are
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace actorgraph {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Reset();
  void Update(const void* data, size_t n);
  // 64 lowercase hex digits; the object must be Reset() before reuse.
  std::string HexDigest();

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

// The hex SHA-256 of a file's bytes, and its size.
Result<std::string> Sha256File(const std::string& path, uint64_t* bytes = nullptr);

}  // namespace actorgraph
