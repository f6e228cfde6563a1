#include "server/token_auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace actorgraph::server {

namespace {

// Parses `sha256:` followed by 64 hex digits.
bool ParseHash(const std::string& s, TokenHash* out) {
  static const std::string kPrefix = "sha256:";
  if (s.size() != kPrefix.size() + 64 || s.compare(0, kPrefix.size(), kPrefix) != 0) return false;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < 32; ++i) {
    const int hi = hex(s[kPrefix.size() + 2 * i]), lo = hex(s[kPrefix.size() + 2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

}  // namespace

TokenHash HashToken(const std::string& token) {
  TokenHash h;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), h.data());
  return h;
}

TokenAuth::TokenAuth(const TokenTable& tokens) {
  for (const auto& [token, role] : tokens) {
    TokenHash h;
    if (!ParseHash(token, &h)) h = HashToken(token);
    hashes_.emplace_back(h, role);
  }
}

std::optional<Role> TokenAuth::Check(const std::string& token) const {
  // Compare with every entry, without stopping at a match, so the time taken
  // says nothing about which entry matched or how much of it.
  const TokenHash h = HashToken(token);
  int found = -1;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    const bool same = CRYPTO_memcmp(h.data(), hashes_[i].first.data(), h.size()) == 0;
    found = same ? static_cast<int>(i) : found;
  }
  if (found < 0) return std::nullopt;
  return hashes_[found].second;
}

}  // namespace actorgraph::server
