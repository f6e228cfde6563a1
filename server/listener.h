// What the RPC server and the HTTP server share about the sockets they
// accept: the peer's name, whether an address is loopback, the transport
// security check, the TLS context, admission (tokens, connection cap) and
// the address actually bound. Both listeners call these, so a rule changes
// in one place.
//
// Thread-safety: every function here is thread-compatible; the KJ objects
// passed in belong to the calling event loop.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <kj/async-io.h>
#include <kj/compat/tls.h>

#include "common/status.h"

namespace actorgraph::server {

// "10.0.0.5:50412", "[::1]:50412", "unix socket", or "unknown peer". Sets
// *local when the peer is on this machine (loopback or unix socket).
std::string PeerName(kj::AsyncIoStream& stream, bool* local);

// True for addresses only this machine can reach: unix sockets, 127.0.0.0/8,
// ::1 and localhost.
bool IsLoopbackAddress(const std::string& listen);

// Refuses to listen beyond loopback without TLS unless `insecure`; `what`
// names the service in the message ("listening", "serving HTTP"). Logs the
// warning when insecure is accepted.
Status CheckTransportSecurity(const std::string& listen, const std::string& tls_cert,
                              const std::string& tls_key, bool insecure, const std::string& what,
                              const std::function<void(const std::string&)>& log);

// A server-side TLS context from PEM files; empty when `cert` is empty.
// The keypair lives as long as the context that points to it.
struct ServerTls {
  kj::Own<kj::TlsKeypair> keypair;
  kj::Own<kj::TlsContext> context;
};
Status MakeServerTls(const std::string& cert, const std::string& key, kj::Timer& timer,
                     ServerTls* out);

// Why a new connection is refused, or nullopt to accept it: without a
// tokens file only local peers are served, and at most `max` (0: no cap)
// connections at once.
std::optional<std::string> RefuseReason(bool have_tokens, bool local, size_t max, size_t open);

// The address as bound: `listen` with the port the listener got (port 0
// asks the system for one); unix sockets unchanged.
std::string BoundAddress(const std::string& listen, unsigned port);

// Logs the failures of connection tasks.
class LogTaskErrors final : public kj::TaskSet::ErrorHandler {
 public:
  explicit LogTaskErrors(std::function<void(const std::string&)> log) : log_(std::move(log)) {}
  void taskFailed(kj::Exception&& e) override {
    log_(std::string("connection error: ") + e.getDescription().cStr());
  }

 private:
  std::function<void(const std::string&)> log_;
};

}  // namespace actorgraph::server
