#include "server/listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace actorgraph::server {

std::string PeerName(kj::AsyncIoStream& stream, bool* local) {
  sockaddr_storage addr{};
  kj::uint len = sizeof addr;
  *local = false;
  try {
    stream.getpeername(reinterpret_cast<sockaddr*>(&addr), &len);
  } catch (const kj::Exception&) {
    return "unknown peer";
  }
  char buf[INET6_ADDRSTRLEN] = {};
  switch (addr.ss_family) {
    case AF_UNIX:
      *local = true;
      return "unix socket";
    case AF_INET: {
      auto* a = reinterpret_cast<sockaddr_in*>(&addr);
      inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
      *local = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
      return std::string(buf) + ":" + std::to_string(ntohs(a->sin_port));
    }
    case AF_INET6: {
      auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
      inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
      *local = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr) ||
               (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr) && a->sin6_addr.s6_addr[12] == 127);
      return "[" + std::string(buf) + "]:" + std::to_string(ntohs(a->sin6_port));
    }
    default:
      return "unknown peer";
  }
}

bool IsLoopbackAddress(const std::string& listen) {
  if (listen.rfind("unix:", 0) == 0) return true;
  std::string host = listen;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (std::count(host.begin(), host.end(), ':') == 1) {
    host = host.substr(0, host.find(':'));
  }
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

Status CheckTransportSecurity(const std::string& listen, const std::string& tls_cert,
                              const std::string& tls_key, bool insecure, const std::string& what,
                              const std::function<void(const std::string&)>& log) {
  if (tls_cert.empty() != tls_key.empty())
    return Status::InvalidArgument("TLS needs both --tls-cert and --tls-key");
  if (IsLoopbackAddress(listen) || !tls_cert.empty()) return Status::OK();
  if (!insecure)
    return Status::InvalidArgument(
        what + " on " + listen +
        " without TLS would send tokens and data in clear; give --tls-cert and --tls-key, "
        "or --insecure to do it anyway");
  log("warning: " + what + " on " + listen +
      " without TLS (--insecure): tokens and data cross the network in clear");
  return Status::OK();
}

namespace {

Status ReadFileText(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return Status::OK();
}

}  // namespace

Status MakeServerTls(const std::string& cert, const std::string& key, kj::Timer& timer,
                     ServerTls* out) {
  if (cert.empty()) return Status::OK();
  std::string cert_pem, key_pem;
  Status s = ReadFileText(cert, &cert_pem);
  if (s.ok()) s = ReadFileText(key, &key_pem);
  if (!s.ok()) return s;
  out->keypair = kj::heap<kj::TlsKeypair>(
      kj::TlsKeypair{kj::TlsPrivateKey(key_pem.c_str()), kj::TlsCertificate(cert_pem.c_str())});
  kj::TlsContext::Options o;
  o.defaultKeypair = *out->keypair;
  o.useSystemTrustStore = false;
  o.timer = timer;
  o.acceptTimeout = 30 * kj::SECONDS;  // a handshake that stalls does not hold a task
  out->context = kj::heap<kj::TlsContext>(kj::mv(o));
  return Status::OK();
}

std::optional<std::string> RefuseReason(bool have_tokens, bool local, size_t max, size_t open) {
  if (!have_tokens && !local)
    return std::string("without a tokens file only loopback and unix-socket clients are accepted");
  if (max && open >= max) return std::to_string(max) + " connections already (--max-connections)";
  return std::nullopt;
}

std::string BoundAddress(const std::string& listen, unsigned port) {
  if (listen.rfind("unix:", 0) == 0) return listen;
  const size_t colon = listen.rfind(':');
  const bool has_port = colon != std::string::npos && listen.find(']', colon) == std::string::npos;
  return (has_port ? listen.substr(0, colon) : listen) + ":" + std::to_string(port);
}

}  // namespace actorgraph::server
