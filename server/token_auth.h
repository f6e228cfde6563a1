// TokenAuth: checks login tokens against the server's tokens by their
// SHA-256, in time that does not depend on which token (if any) matches.
//
// The plain tokens are not kept: only their hashes. A tokens file may also
// give a hash instead of a token (`sha256:HEX ROLE`), so the file need not
// hold the secret either.
//
// Thread-safety: immutable after construction.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "server/server.h"

namespace actorgraph::server {

using TokenHash = std::array<unsigned char, 32>;
TokenHash HashToken(const std::string& token);

class TokenAuth {
 public:
  explicit TokenAuth(const TokenTable& tokens);
  // The role of `token`, or nullopt when it names none.
  std::optional<Role> Check(const std::string& token) const;

 private:
  std::vector<std::pair<TokenHash, Role>> hashes_;
};

}  // namespace actorgraph::server
