// A minimal blocking HTTP/1.1 client for the HTTP server's tests: one
// request per connection (Connection: close), chunked bodies decoded.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <string>

#include "common/ascii.h"

namespace actorgraph::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// Connects to "127.0.0.1:PORT"; -1 on failure.
inline int HttpConnect(const std::string& address) {
  const size_t colon = address.rfind(':');
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
  inet_pton(AF_INET, address.substr(0, colon).c_str(), &a.sin_addr);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

inline std::string HttpRequestText(const std::string& method, const std::string& target,
                                   const std::string& body,
                                   const std::map<std::string, std::string>& headers) {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers)
    r += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST")
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

inline bool SendAll(int fd, const std::string& s) {
  size_t at = 0;
  while (at < s.size()) {
    const ssize_t n = send(fd, s.data() + at, s.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<size_t>(n);
  }
  return true;
}

inline std::string DecodeChunked(const std::string& s) {
  std::string out;
  size_t at = 0;
  while (at < s.size()) {
    const size_t eol = s.find("\r\n", at);
    if (eol == std::string::npos) break;
    const size_t n = std::stoul(s.substr(at, eol - at), nullptr, 16);
    if (n == 0) break;
    out += s.substr(eol + 2, n);
    at = eol + 2 + n + 2;
  }
  return out;
}

inline HttpReply ParseReply(const std::string& raw) {
  HttpReply r;
  const size_t end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || end == std::string::npos) return r;
  r.status = std::stoi(raw.substr(9, 3));
  size_t at = raw.find("\r\n") + 2;
  while (at < end) {
    const size_t eol = raw.find("\r\n", at);
    const std::string line = raw.substr(at, eol - at);
    const size_t colon = line.find(':');
    const std::string name = LowerAscii(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.erase(0, 1);
    r.headers[name] = value;
    at = eol + 2;
  }
  r.body = raw.substr(end + 4);
  if (r.headers["transfer-encoding"] == "chunked") r.body = DecodeChunked(r.body);
  return r;
}

// True when `raw` holds a whole response (by Content-Length, or the last
// chunk): the server may keep the connection open after it.
inline bool ReplyComplete(const std::string& raw) {
  const size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  const std::string head = LowerAscii(raw.substr(0, end));
  if (const size_t cl = head.find("\r\ncontent-length:"); cl != std::string::npos)
    return raw.size() >= end + 4 + std::stoul(head.substr(cl + 18));
  if (head.find("chunked") != std::string::npos)
    return raw.size() >= 5 && raw.compare(raw.size() - 5, 5, "0\r\n\r\n") == 0;
  return false;
}

inline HttpReply Http(const std::string& address, const std::string& method,
                      const std::string& target, const std::string& body = "",
                      const std::map<std::string, std::string>& headers = {}) {
  const int fd = HttpConnect(address);
  if (fd < 0) return {};
  SendAll(fd, HttpRequestText(method, target, body, headers));
  std::string raw;
  char buf[65536];
  while (!ReplyComplete(raw)) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return ParseReply(raw);
}

}  // namespace actorgraph::testing
